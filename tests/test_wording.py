"""Every sentence right for its pack: claims follow the pack's data, the same facts in every
language, and the patient text stays plain. One test per kind of defect, across every example
and language (issue 13), tested on config data wherever a fact comes from config."""

from __future__ import annotations

import html
import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from generator.checking import readability
from generator.checking.readability import PageScore, Report
from generator.composing import compose
from generator.composing.compose import RenderedPack
from generator.reading import config
from generator.reading.model import Audience

from .conftest import EXAMPLES, TODAY, TRUSTS, add_to_trust, edit_trust

TEMPLATES = Path(__file__).resolve().parent.parent / "policy_templates"


@cache
def rendered(slug: str, language: str, audience: Audience = Audience.STAFF) -> RenderedPack:
    return compose.render_pack(TRUSTS / slug, audience, TODAY, language=language)


def _languages(slug: str) -> list[str]:
    raw = yaml.safe_load((TRUSTS / slug / "trust.yml").read_text("utf-8"))
    return sorted(raw.get("site", {}).get("languages", ["en"]))


PACKS = [(slug, language) for slug in EXAMPLES for language in _languages(slug)]


def _text(pack: RenderedPack) -> str:
    return "\n".join(pack.markdown.values())


def test_no_template_tests_translated_text() -> None:
    """Approvals are found by their kind, never by their translated label (`role`)."""
    for path in TEMPLATES.rglob("*.j2"):
        source = path.read_text("utf-8")
        assert not re.search(r'selectattr\("role"', source), path.name
        assert not re.search(r"\.role\s*==", source), path.name


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_each_recorded_approval_is_stated_where_the_pages_say_so(slug: str, language: str) -> None:
    pack = rendered(slug, language)
    staff_page = pack.markdown["policy-staff.md"]
    governance = pack.markdown["policy-governance.md"]
    for approval in pack.context.document.approvals:
        if approval.kind == "staff-consultation":
            assert approval.by in staff_page
        if approval.kind == "patient-group":
            assert approval.by in governance
    kinds = pack.context.document.recorded
    assert kinds == tuple(dict.fromkeys(a.kind for a in pack.context.document.approvals))


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_welsh_and_english_pages_state_the_same_numbers(slug: str, language: str) -> None:
    """Dates, phone numbers, versions and paragraph numbers: the same on every language's
    page (a fact dropped or changed in translation shows here)."""
    if language == "en":
        return
    english, other = rendered(slug, "en"), rendered(slug, language)
    number = re.compile(r"(?<![\w.])\d+(?:\.\d+)*(?!\w)")  # not ordinals such as "2nd", "8am"
    for name, text in english.markdown.items():
        numbers = set(number.findall(text))
        theirs = set(number.findall(other.markdown[name]))
        assert numbers <= theirs, f"{name}: {sorted(numbers - theirs)} missing in {language}"


def test_a_public_build_of_a_draft_is_a_gate_failure(tmp_path: Path, capsys) -> None:
    from generator.commands import cli

    status = cli.main(
        ["build", str(TRUSTS / "minimal"), "--out", str(tmp_path / "site"), "--today", "2026-12-01"]
    )
    err = capsys.readouterr().err
    assert status == 1
    assert "a draft (document.status: draft) cannot be published to the public" in err
    assert not (tmp_path / "site" / "minimal").exists()
    status = cli.main(
        [
            "build",
            str(TRUSTS / "minimal"),
            "--out",
            str(tmp_path / "preview"),
            "--draft",
            "--today",
            "2026-12-01",
        ]
    )
    assert status == 0
    assert (tmp_path / "preview" / "minimal" / "index.html").is_file()


def test_the_notice_is_gated_like_the_leaflet() -> None:
    def page(key: str, age: float) -> PageScore:
        return PageScore(key, key.title(), age, ())

    report = Report(11, (page("patients", 9.0), page("notice", 12.5)))
    failures = readability.failures("Trust", report)
    assert len(failures) == 1 and '"Notice" has a reading age of 12.5' in failures[0]
    assert (
        readability.failures("Trust", Report(11, (page("patients", 9), page("notice", 11)))) == []
    )


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_patient_page_of_every_example_reaches_its_reading_age(slug: str) -> None:
    report = rendered(slug, "en", Audience.PUBLIC).readability
    assert {p.key for p in report.pages} == set(readability.SCORED_PAGES)
    assert {p.key: p.target for p in report.pages}["easy_read"] == readability.EASY_READ_AGE
    assert report.passed, [(p.key, p.reading_age) for p in report.over_target]


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_no_tel_link_loses_an_extension(slug: str, language: str) -> None:
    pack = rendered(slug, language)
    for phone, uri in re.findall(r"\[([^\]]+)\]\((tel:[^)]+)\)", html.unescape(_text(pack))):
        extension = re.search(r"(?:ext(?:ension)?|estyniad)\.? ?(\d+)", phone)
        if extension:
            assert uri.endswith(f";ext={extension.group(1)}"), (phone, uri)
        else:
            assert ";ext=" not in uri


@pytest.mark.parametrize("slug", EXAMPLES)
def test_services_not_provided_are_not_claimed(slug: str) -> None:
    pack = rendered(slug, "en")
    scope = pack.markdown["policy.md"].split("### What it does not cover")[0]
    scope = re.sub(r"does not provide the following services.*", "", scope)
    provided = pack.context.provided
    if "radiotherapy" not in provided:
        assert "radiotherap" not in scope.lower()
        assert "therapeutic radiographers" not in _text(pack)
    if "ultrasound" not in provided:
        assert "sonographers;" not in scope
    pet_ct = config.load(TRUSTS / slug).trust.areas.nuclear_medicine.pet_ct
    if not pet_ct:
        titles = [a.title + a.patient_title for a in pack.context.areas]
        assert not any("PET-CT" in t for t in titles)


def test_glenmoray_has_no_radiotherapy_or_pet_ct_of_its_own() -> None:
    pack = rendered("glenmoray", "en")
    assert "radiotherapy" not in pack.context.provided
    assert all("PET-CT" not in a.title for a in pack.context.areas)


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_only_the_formats_the_config_offers_are_offered(slug: str, language: str) -> None:
    pack = rendered(slug, language)
    offered = set(pack.context.formats)
    assert offered == {f.value for f in pack.loaded.trust.accessibility.formats}
    for name in ("feedback.md", "accessibility.md"):
        assert pack.context.formats_phrase in pack.markdown[name]
        if offered:
            assert pack.context.formats_phrase, "formats configured but not worded"
    # Easy Read is never one of the formats to ask for: every pack publishes its own.
    assert not re.search(r"easy read|hawdd ei ddeall", pack.context.formats_phrase, re.I)


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_every_pack_offers_its_easy_read_version_because_it_exists(
    slug: str, language: str
) -> None:
    """The patient, feedback and accessibility pages link to the Easy Read page, which this
    very build has; a trust.yml that still lists easy-read under formats changes nothing."""
    pack = rendered(slug, language)
    assert "easy_read" in pack.context.pages
    easy_read = pack.context.pages["easy_read"].file
    assert easy_read in pack.markdown
    for name in ("patients.md", "feedback.md", "accessibility.md"):
        assert f"]({easy_read})" in pack.markdown[name], name


def test_listing_easy_read_as_a_format_does_not_offer_it_twice(trust_copy) -> None:
    folder = trust_copy("minimal")
    add_to_trust(folder, "\naccessibility:\n  formats: [easy-read, large-print]\n")
    pack = compose.render_pack(folder, Audience.PUBLIC, TODAY)
    assert pack.context.formats == ("easy-read", "large-print")
    assert pack.context.formats_phrase == "large print"
    assert pack.markdown["feedback.md"].count("Easy Read") == 1


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_accessibility_status_follows_the_known_issues(slug: str, language: str) -> None:
    pack = rendered(slug, language)
    page = pack.markdown["accessibility.md"]
    issues = pack.context.accessibility_known_issues
    assert ("partially compliant" in page) == bool(issues) or language != "en"
    for issue in issues:
        assert issue in page


def test_a_known_accessibility_issue_makes_the_statement_partial(trust_copy) -> None:
    folder = trust_copy("minimal")
    add_to_trust(
        folder, "accessibility:\n  known_issues:\n    - The logo has no text alternative.\n"
    )
    page = compose.render_pack(folder, Audience.PUBLIC, TODAY).markdown["accessibility.md"]
    assert "partially compliant" in page and "fully compliant" not in page
    assert "- The logo has no text alternative." in page


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_every_nation_names_the_ico_and_its_advice_body_with_a_way_to_reach_it(
    slug: str, language: str
) -> None:
    pack = rendered(slug, language)
    for name in ("feedback.md", "policy-law.md"):
        assert "(https://ico.org.uk/make-a-complaint/)" in pack.markdown[name], name
    nation = pack.context.nation
    for name in ("feedback.md", "patients.md"):
        if f"[{nation.patient_advice_service_short}]" in pack.markdown[name] or (
            nation.patient_advice_service in pack.markdown[name]
        ):
            assert f"]({nation.patient_advice_service_url})" in pack.markdown[name], name
    law = pack.markdown["policy-law.md"]
    assert f"]({nation.radiation_protection_law_url})" in law
    assert f"]({nation.ionising_radiation_law_url})" in law


def test_the_right_radiation_protection_law_for_each_nation() -> None:
    assert "IRR17" in rendered("northbridge", "en").context.nation.radiation_protection_law
    assert (
        "(Northern Ireland) 2017"
        in rendered("lough-erne", "en").context.nation.radiation_protection_law
    )


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_the_privacy_notice_is_linked_where_the_config_gives_one(slug: str, language: str) -> None:
    pack = rendered(slug, language)
    url = pack.loaded.trust.organisation.privacy_notice
    for name in ("patients.md", "policy-law.md"):
        assert (f"]({url})" in pack.markdown[name]) == bool(url), name


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_the_leaflet_gives_a_complaints_route(slug: str, language: str) -> None:
    pack = rendered(slug, language)
    advice = pack.context.patient_advice
    page = pack.markdown["patients.md"]
    assert "{: #complaints }" in page
    assert (advice.email or advice.phone) in page


@pytest.mark.parametrize("slug", EXAMPLES)
def test_english_cites_the_named_sources(slug: str) -> None:
    text = _text(rendered(slug, "en"))
    for phrase in (
        "CG138, recommendation 1.5.16",
        "Medical Defence Union",
        "Medical Protection Society",
        "integrity",
        "in consultation with the data protection officer",
    ):
        assert phrase in text, phrase
    assert "accurate or secure" not in text
    assert "publishing system" not in text


@pytest.mark.parametrize("slug", EXAMPLES)
def test_care_continues_and_pauses_for_safety_are_said_consistently(slug: str) -> None:
    """2.11: covert recording is no reason to refuse to go on treating; 5.6/5.9: safety can
    still mean a pause. No page may promise that care never stops."""
    pack = rendered(slug, "en")
    if not pack.loaded.trust.policy.continue_care_after_covert_recording:
        return
    text = _text(pack)
    for promise in (
        "never stop your care",
        "Your care will not stop",
        "refuse or stop care",
        "Never refuse or stop",
    ):
        assert promise not in text, promise
    for name in ("quick-guide.md", "policy.md", "policy-during-care.md", "patients.md"):
        assert re.search(r"pause|stop for a moment", pack.markdown[name]), name


def test_default_restrictions_say_why_for_the_patient() -> None:
    defaults = yaml.safe_load(config.DEFAULTS_PATH.read_text("utf-8"))
    ultrasound = defaults["areas"]["ultrasound"]["restrictions"]
    assert all("baby" not in r["explanation"] for r in ultrasound), "not every scan is a pregnancy"
    mri = defaults["areas"]["mri"]["restrictions"][0]["explanation"]
    assert "hurt" in mri
    for area in defaults["areas"].values():
        for r in area.get("restrictions", []):
            for sentence in re.split(r"(?<=\.)\s+", r["explanation"]):
                assert len(sentence.split()) <= 20, sentence


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_team_names_are_never_run_into_a_sentence(slug: str, language: str) -> None:
    """'Contact Patient information team' needs an article (and in Welsh a mutation): a
    contact's name is given on its own, after a colon or in brackets."""
    pack = rendered(slug, language)
    text = _text(pack)
    ctx = pack.context
    for contact in (ctx.imaging, ctx.patient_advice, ctx.dpo, ctx.other_formats):
        for verb in ("contact", "phone", "email", "Contact", "Cysylltwch â", "ffoniwch"):
            assert f"{verb} {contact.name}" not in text
            assert f"{verb} **{contact.name}" not in text


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_health_record_note_asks_for_no_names_of_others(slug: str) -> None:
    guide = rendered(slug, "en").markdown["quick-guide.md"]
    if "{ #health-record-wording }" in guide and "Copy the wording" in guide:
        assert "name, relationship" not in guide
        assert "do not name other patients" in guide


def test_obstetric_claims_come_from_the_config(trust_copy) -> None:
    folder = trust_copy("northbridge")
    on = compose.render_pack(folder, Audience.PUBLIC, TODAY).markdown
    edit_trust(
        folder, "obstetric_guidance_considered: true", "obstetric_guidance_considered: false"
    )
    edit_trust(folder, "pre_appointment_information: true", "pre_appointment_information: false")
    off = compose.render_pack(folder, Audience.PUBLIC, TODAY).markdown
    considered = "has been taken into account in these arrangements"
    sent = "information sent before a pregnancy (obstetric) ultrasound scan explains"
    assert considered in on["policy-areas.md"] and considered not in off["policy-areas.md"]
    assert sent in on["policy-during-care.md"] and sent not in off["policy-during-care.md"]


def test_an_explanation_follows_the_whole_name() -> None:
    """'PET-CT scans (…) are done', never 'PET-CT (…) scans are done'."""
    explained = readability.explain_first_use("PET-CT scans are done at the regional centre.")
    assert explained.startswith("PET-CT scans (a scan that uses")
    assert readability.explain_first_use("Your PET-CT is today.").startswith("Your PET-CT (")


DEVIATIONS = """
areas:
  radiotherapy:
    recording: not-allowed
  ultrasound:
    recording: not-allowed
deviations:
  - rule: no-recording
    area: radiotherapy
    justification: Agreed after a review of treatment-room incidents.
    approved_by: Clinical Governance Committee
    approved_on: 2026-10-01
  - rule: no-recording
    area: ultrasound
    justification: Agreed after a review of scan-room incidents.
    approved_by: Clinical Governance Committee
    approved_on: 2026-10-01
"""


def test_a_service_without_recording_is_never_described_as_allowing_it(trust_copy) -> None:
    """Declared no-recording deviations: the standard words that assume recording is possible
    there (radiotherapy's photo with the team, the sonographer saying when a photo is possible)
    are left out, and the matrix shows the deviation."""
    folder = trust_copy("minimal")
    add_to_trust(folder, DEVIATIONS)
    pack = compose.render_pack(folder, Audience.STAFF, TODAY)
    pages = pack.markdown
    assert "photo with the team" not in pages["patients.md"]
    assert "long course of radiotherapy" not in pages["policy-staff.md"]
    assert "photo or video is possible" not in pages["policy-during-care.md"]
    status = {r.id: r.status for r in pack.context.recommendations}
    assert status["4.4"] == "deviation"
    assert status["4.2"] in ("deviation", "not-met")  # a draft: not met yet comes first
    assert set(pack.context.recording_allowed_in) >= {"general_imaging", "mri"}
    assert not {"radiotherapy", "ultrasound"} & set(pack.context.recording_allowed_in)


def test_a_pack_with_no_formats_offers_none(trust_copy) -> None:
    pack = compose.render_pack(trust_copy("minimal"), Audience.PUBLIC, TODAY)
    assert pack.context.formats == () and pack.context.formats_phrase == ""
    for name in ("patients.md", "feedback.md", "accessibility.md", "policy-governance.md"):
        assert not re.search(r"ask for (this information|it) in", pack.markdown[name]), name
        assert not re.search(r"braille|audio", pack.markdown[name], re.I), name
        # Only Easy Read, which the pack itself publishes, as a link to its page.
        for paragraph in pack.markdown[name].split("\n\n"):
            if re.search(r"easy read", paragraph, re.I):
                assert "](easy-read.md)" in paragraph, (name, paragraph)


def test_full_compliance_is_claimed_only_after_a_recorded_audit(trust_copy) -> None:
    folder = trust_copy("minimal")
    before = compose.render_pack(folder, Audience.PUBLIC, TODAY).markdown["accessibility.md"]
    assert (
        "fully compliant" not in before and "has not yet had a full accessibility audit" in before
    )
    add_to_trust(
        folder,
        "accessibility:\n  audited_on: 2026-11-02\n  audited_by: Digital Accessibility Centre\n",
    )
    after = compose.render_pack(folder, Audience.PUBLIC, TODAY).markdown["accessibility.md"]
    assert "This website is fully compliant" in after
    assert "last audited on 2 November 2026 (audit by: Digital Accessibility Centre)" in after


def test_a_printed_address_is_not_repeated_when_it_holds_escaped_characters() -> None:
    from generator.publishing import pdf

    assert pdf._comparable("https://www.x.nhs.uk/contact_us") == pdf._comparable(
        "www.x.nhs.uk/contact\x02wzxhzdk:3\x03us"
    )
    assert pdf._comparable("a_b@x.nhs.uk") != pdf._comparable("email us")
