"""Build the PackContext: the one documented object that policy templates see.

Templates never read trust.yml, the defaults or the nation facts directly; they read the fields
below, each of which says what it holds. tests/test_context.py checks that every field is
documented and that templates use nothing else.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from functools import cache
from typing import Any

from generator import __version__, i18n, resources
from generator.checking.readability import Report
from generator.composing import pictures
from generator.i18n import N_
from generator.reading.config import LoadedTrust, defaults
from generator.reading.model import (
    ApprovalRole,
    Area,
    Audience,
    Contact,
    Deviation,
    Organisation,
    Permission,
    Recording,
    Restriction,
    RestrictionReason,
    Status,
    Trust,
)
from generator.reading.nations import NATIONS, NationFacts
from generator.reading.rules import RULES

GUIDANCE_PATH = resources.DATA / "guidance.yml"


def long_date(day: dt.date | None) -> str:
    """'1 March 2027', the GOV.UK style, the same on every machine (no locale)."""
    return i18n.translator(i18n.SOURCE_LANGUAGE).long_date(day)


def doc(text: str) -> Any:
    """Declare a context field with the help text that documents it."""
    return field(metadata={"doc": text})


@dataclass(frozen=True)
class RestrictionView:
    """A place or moment in an area where recording is not possible, and why."""

    where: str = doc("Where or when, completing 'You cannot record ...'.")
    reason: str = doc(
        "'safety', 'privacy' or 'concentration', as in trust.yml: test this, never the label."
    )
    reason_label: str = doc("The reason in a word, e.g. 'Safety', for the quick guide's table.")
    cites: tuple[str, ...] = doc(
        "The guidance paragraphs that allow a restriction for this reason, e.g. ('5.9',)."
    )
    explanation: str = doc("Why, in plain words for patients.")
    easy_read: str | None = doc(
        "The restriction in Easy Read, as trust.yml or the defaults give it, or None (the "
        "Easy Read page then gives the standard sentence for its reason)."
    )


@dataclass(frozen=True)
class AreaView:
    """One clinical area as the pages show it."""

    key: str = doc("Stable key, as in trust.yml under `areas:`, e.g. 'mri'.")
    title: str = doc("Heading for staff, e.g. 'MRI scans'.")
    patient_title: str = doc("Heading for patients, e.g. 'MRI scans'.")
    cites: tuple[str, ...] = doc("Guidance paragraphs that apply to this area.")
    restrictions: tuple[RestrictionView, ...] = doc(
        "Where or when recording is not possible, with the reason."
    )
    arrangements: str | None = doc("The trust's own words for patients, or None.")
    staff_notes: str | None = doc("Notes for staff; None in the public build.")
    keepsake_images: str | None = doc(
        "Ultrasound only: what is offered instead of recording, or None."
    )
    recording_allowed: bool = doc(
        "False when recording is not allowed in this whole service (a declared deviation)."
    )
    not_allowed_explanation: str | None = doc(
        "When recording is not allowed: the deviation's plain explanation for patients, or None."
    )
    obstetric_guidance_considered: bool = doc(
        "Ultrasound only: True when the trust records that the Society's separate obstetric "
        "ultrasound guidance was taken into account (4.2, 5.3)."
    )
    pre_appointment_information: bool = doc(
        "Ultrasound only: True when the information sent before a pregnancy scan explains "
        "recording (2.14, 5.15)."
    )
    easy_read_title: str = doc("Heading in the Easy Read version, e.g. 'MRI scans'.")
    easy_read: str | None = doc(
        "The trust's own Easy Read words for this area (replacing the standard Easy Read "
        "sentences for its restrictions and arrangements), or None."
    )
    standard_arrangements: bool = doc(
        "True when `arrangements` are the standard words (data/defaults.yml), not the trust's."
    )
    picture: str = doc("The name of the area's Easy Read picture, e.g. 'mri' (see `pictures`).")


@dataclass(frozen=True)
class PictureView:
    """A picture of the Easy Read version."""

    key: str = doc("Its name, e.g. 'mri' (policy_templates/easy_read/pictures.yml).")
    file: str = doc("Site path of the file, e.g. 'assets/easy-read/mri.svg'.")
    alt: str = doc("What it shows, in the build's language.")
    own: bool = doc("True when it is the organisation's own picture (easy_read.pictures).")


@dataclass(frozen=True)
class ContactView:
    """A contact ready to print: a name and at least one way to reach it."""

    name: str = doc("Name of the team or role.")
    phone: str | None = doc("Phone number as written, or None.")
    phone_uri: str | None = doc("The phone number as a tel: link target, or None.")
    email: str | None = doc("Email address, or None.")
    url: str | None = doc("Web page (https), or None.")
    hours: str | None = doc("When it is answered, or None.")
    purpose: str | None = doc("For staff contacts: when to use it, or None.")


@dataclass(frozen=True)
class ApprovalView:
    """One recorded approval, ready to print."""

    kind: str = doc("What was agreed, as in trust.yml, e.g. 'data-protection-officer'.")
    role: str = doc("What was agreed, in words, e.g. 'Data protection officer's agreement'.")
    by: str = doc("Who agreed it.")
    on: str = doc("When, as a long date.")
    note: str | None = doc("A reference such as a minute number, or None.")


@dataclass(frozen=True)
class HistoryView:
    """One version in the history table."""

    version: str = doc("Version number.")
    date: str = doc("Publication date, as a long date.")
    summary: str = doc("What changed.")


@dataclass(frozen=True)
class DocumentView:
    """Document control, with dates already written out."""

    title: str = doc("Title of the policy.")
    version: str = doc("Version number, e.g. '2.1'.")
    is_draft: bool = doc("True while the policy is a draft (DRAFT is shown on every page).")
    status: str = doc("'Draft' or 'Approved'.")
    owner: str = doc("Job title of the policy's owner.")
    approved_by: str | None = doc("Approving committee or person, or None.")
    approved_on: str = doc("Approval date as a long date, or '' for a draft.")
    published_on: str = doc("Publication date as a long date, or '' if not yet published.")
    review_by: str = doc("Review date as a long date, e.g. '1 March 2027'.")
    review_by_iso: str = doc("Review date as YYYY-MM-DD.")
    approvals: tuple[ApprovalView, ...] = doc("Approvals and consultations of this version.")
    recorded: tuple[str, ...] = doc(
        "The kinds of approval recorded for this version, as in trust.yml, e.g. "
        "('governance', 'patient-group'): test these, never the translated labels."
    )
    history: tuple[HistoryView, ...] = doc("Version history, newest first.")
    dpo_agreement: ApprovalView | None = doc(
        "The data protection officer's agreement to this version (the first recorded), or None."
    )
    staff_consultations: tuple[ApprovalView, ...] = doc(
        "The staff consultations recorded for this version (5.4)."
    )
    patient_group_approvals: tuple[ApprovalView, ...] = doc(
        "The patient group involvement recorded for this version (5.8; ISAS FR5(e))."
    )
    equality_impact_assessment: ApprovalView | None = doc(
        "The equality impact assessment of this version (the first recorded), or None."
    )


@dataclass(frozen=True)
class PolicyView:
    """The local choices on which the guidance takes a position (True = as the guidance says)."""

    no_permission_needed: bool = doc(
        "True: patients need no permission, and asking staff first is a courtesy (2.11, 5.1); False: written permission is required."
    )
    permission_explanation: str | None = doc(
        "When written permission is required: the plain explanation for patients, or None."
    )
    note_in_health_record: bool = doc(
        "True: a note of the recording goes in the health record and the patient is told (5.7)."
    )
    continue_care_after_covert_recording: bool = doc(
        "True: care always continues after a secret recording is found (2.11)."
    )
    covert_explanation: str | None = doc(
        "When care may stop after a secret recording: the plain explanation for patients, or None."
    )
    published_to_public: bool = doc("True when the pack has a public site (5.8).")
    follows_guidance: bool = doc(
        "True when all three choices above are as the guidance says: no permission needed, a "
        "note in the health record, care continues after a secret recording."
    )


@dataclass(frozen=True)
class DeviationView:
    """A declared departure from the guidance, for the compliance matrix and document control."""

    rule: str = doc("Rule id, e.g. 'written-permission'.")
    title: str = doc("What departs, in words, e.g. 'Written permission required'.")
    paragraphs: tuple[str, ...] = doc("The guidance paragraphs it departs from.")
    guidance: str = doc("What the guidance says, in our words.")
    area: str | None = doc("For no-recording: the clinical area's title, or None.")
    justification: str = doc("Why the organisation departs from the guidance.")
    explanation: str | None = doc("The plain sentence for patients, or None.")
    approved_by: str = doc("Who approved the deviation.")
    approved_on: str = doc("When, as a long date.")


@dataclass(frozen=True)
class Recommendation:
    """One recommendation of the guidance (sections 2 to 5) or an ISAS standard."""

    id: str = doc("Paragraph number, e.g. '5.7', or 'ISAS FR5(e)'.")
    topic: str = doc("A few words naming it.")
    summary: str = doc("What it asks, in our own words.")
    pages: tuple[str, ...] = doc(
        "Keys of the pages that meet it in this pack, each optionally '#anchor'; each cites the id."
    )
    how: str = doc(
        "How this pack meets it, or what is missing, or why it does not apply: sentences chosen "
        "in data/guidance.yml from the pack's own facts."
    )
    status: str = doc(
        "'met', 'not-met' (not met yet: something is missing), 'not-applicable' (the service "
        "is not provided) or 'deviation' (a declared local deviation departs from it)."
    )
    status_label: str = doc("The status in words, e.g. 'Met' or 'Not met yet'.")
    where: tuple[str, ...] = doc(
        "The pages to link in the 'Where' cell: each page of this build once, at its first "
        "anchor ('key' or 'key#anchor')."
    )


@dataclass(frozen=True)
class PageLink:
    """A page of this pack, for cross-links."""

    key: str = doc("Stable key, e.g. 'patients'.")
    title: str = doc("Page title.")
    file: str = doc("Markdown file name, e.g. 'patients.md', for links between pages.")


@dataclass(frozen=True)
class PackContext:
    """Everything a policy template may use. Build it with `build()`."""

    org: Organisation = doc(
        "The organisation: name, display_name, nation, type, website, department."
    )
    nation: NationFacts = doc(
        "Facts for the organisation's nation (law, services, enforcement body)."
    )
    document: DocumentView = doc("Version, status, owner, approvals and dates.")
    primary_colour: str = doc("Brand colour, #RRGGBB.")
    accent_colour: str = doc("Link and button colour, #RRGGBB.")
    logo_file: str = doc("Site path of the logo, e.g. 'assets/logo.svg'.")
    logo_alt: str = doc("Text alternative for the logo.")
    imaging: ContactView = doc("The imaging department.")
    patient_advice: ContactView = doc(
        "Patient advice and complaints; also takes feedback on this policy."
    )
    dpo: ContactView = doc("The data protection officer.")
    other_formats: ContactView = doc(
        "Where to ask for the information in another format or language."
    )
    staff_contacts: tuple[ContactView, ...] = doc("Internal contacts; empty in the public build.")
    areas: tuple[AreaView, ...] = doc(
        "The clinical areas this organisation provides, in a fixed order."
    )
    areas_not_provided: tuple[str, ...] = doc(
        "Titles of the areas this organisation does not provide."
    )
    policy: PolicyView = doc("The local choices on which the guidance takes a position.")
    deviations: tuple[DeviationView, ...] = doc(
        "Declared departures from the guidance; empty when the pack follows it throughout."
    )
    practice_deviations: tuple[DeviationView, ...] = doc(
        "The declared departures that change practice: every deviation but not-public (a pack "
        "with no public site)."
    )
    accessibility_prepared_on: str = doc(
        "When the accessibility statement was prepared, as a long date (publication date by default)."
    )
    accessibility_reviewed_on: str = doc(
        "When the accessibility statement was last reviewed, as a long date."
    )
    readability: Report | None = doc(
        "The plain-English scores of the patient pages (reading age, long sentences, passive "
        "voice, hard words); set only for the staff readability report page, None elsewhere."
    )
    review_due: bool = doc(
        "True within the warning window before the review date (a 'review due' notice is shown)."
    )
    language: str = doc("Language of this build's pages: 'en' or 'cy'.")
    languages: tuple[str, ...] = doc(
        "Every language the pack is published in, the organisation's first choice first."
    )
    translation_awaits_review: bool = doc(
        "True on a translated build whose translation no reviewer has yet checked."
    )
    audience: str = doc("'public' or 'staff'.")
    is_staff: bool = doc("True in the staff (intranet) build.")
    pages: dict[str, PageLink] = doc(
        "The pages of this build by key, for links: `pages.patients.file`."
    )
    recommendations: tuple[Recommendation, ...] = doc(
        "The guidance's recommendations, for the compliance matrix."
    )
    site_url: str | None = doc("Public address of the pack, or None.")
    provided: tuple[str, ...] = doc("Keys of the clinical areas this organisation provides.")
    discussions_allowed: bool = doc(
        "True when clinical discussions are provided and may be recorded (no declared deviation)."
    )
    recording_allowed_in: tuple[str, ...] = doc(
        "Keys of the areas provided in which recording is allowed (not a declared no-recording)."
    )
    not_allowed: tuple[AreaView, ...] = doc(
        "The areas where recording is not allowed at all (declared deviations)."
    )
    formats: tuple[str, ...] = doc(
        "The other formats patients can ask for, as in trust.yml, e.g. ('large-print', 'audio'). "
        "Easy Read is always published (the easy_read page), whatever this holds."
    )
    formats_phrase: str = doc(
        "Those formats in words for a sentence, e.g. 'large print, audio or another language'; "
        "'' when there are none."
    )
    accessibility_audited_on: str = doc(
        "When the website last had a full accessibility audit, as a long date; '' if never."
    )
    accessibility_audited_by: str | None = doc("Who carried out that audit, or None.")
    accessibility_known_issues: tuple[str, ...] = doc(
        "Website content known to fail WCAG 2.2 AA, one sentence each; empty when none is known."
    )
    pictures: dict[str, PictureView] = doc(
        "The Easy Read pictures by name, e.g. `pictures.mri`: the standard set, or the "
        "organisation's own where it has one."
    )
    built_on: str = doc("The date the pack is judged against (--today), as a long date.")
    generator_version: str = doc("Version of policypack that built the pack.")


# Fixed order and wording of the clinical areas; trust.yml holds only the local choices.
AREA_TITLES: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "clinical_discussions": (
        N_("Clinical discussions"),
        N_("Talking about your results or treatment"),
        ("2.6", "2.7", "4.1", "5.1"),
    ),
    "general_imaging": (
        N_("General imaging (X-ray), including children"),
        N_("X-rays"),
        ("4.3", "5.9"),
    ),
    "ct": (N_("CT"), N_("CT scans"), ("5.6", "5.9")),
    "mri": (N_("MRI"), N_("MRI scans"), ("5.6", "5.9")),
    "ultrasound": (
        N_("Obstetric and other ultrasound"),
        N_("Ultrasound scans, including pregnancy scans"),
        ("1.4", "4.2", "5.3", "5.15"),
    ),
    "interventional": (
        N_("Interventional procedures"),
        N_("Procedures such as biopsies"),
        ("5.6", "5.9"),
    ),
    "nuclear_medicine": (
        N_("Nuclear medicine and PET-CT"),
        N_("Scans with a radioactive medicine (nuclear medicine, PET-CT)"),
        ("5.6", "5.9"),
    ),
    "screening": (
        N_("Breast and other screening"),
        N_("Breast and other screening"),
        ("1.3", "2.3", "5.11"),
    ),
    "radiotherapy": (N_("Radiotherapy"), N_("Radiotherapy"), ("4.4", "5.9")),
}

# Each area's heading in the Easy Read version, and the name of its picture.
EASY_READ_AREAS: dict[str, tuple[str, str]] = {
    "clinical_discussions": (N_("Talking with staff about your care"), "clinical-discussion"),
    "general_imaging": (N_("X-rays"), "x-ray"),
    "ct": (N_("CT scans"), "scan"),
    "mri": (N_("MRI scans"), "mri"),
    "ultrasound": (N_("Ultrasound scans, like baby scans"), "pregnancy-scan"),
    "interventional": (N_("Tests and treatments with a needle or a thin tube"), "injection"),
    "nuclear_medicine": (N_("Nuclear medicine scans"), "injection"),
    "screening": (N_("Screening"), "hospital"),
    "radiotherapy": (N_("Radiotherapy"), "scan"),
}

STATUS_LABELS = {Status.DRAFT: N_("Draft"), Status.APPROVED: N_("Approved")}

# Each reason model.py allows for a restriction: a word for it, and the guidance paragraphs
# that allow a restriction for that reason.
RESTRICTION_REASONS: dict[RestrictionReason, tuple[str, tuple[str, ...]]] = {
    RestrictionReason.SAFETY: (N_("Safety"), ("5.9",)),
    RestrictionReason.PRIVACY: (N_("Privacy"), ("2.3", "5.11")),
    RestrictionReason.CONCENTRATION: (N_("Concentration"), ("2.4", "5.6")),
}

# Nuclear medicine's titles when the organisation does not do PET-CT itself (pet_ct: false).
NUCLEAR_MEDICINE_ONLY = (
    N_("Nuclear medicine"),
    N_("Scans with a radioactive medicine (nuclear medicine)"),
)

# The other formats patients can ask for, as words that complete "in ..." (fixed order).
# Easy Read is not among them: every pack publishes its own Easy Read version, which the pages
# offer by linking to it (a trust.yml that lists easy-read is still valid).
FORMAT_WORDS = {
    "large-print": N_("large print"),
    "audio": N_("audio"),
    "braille": N_("Braille"),
    "other-languages": N_("another language"),
}

APPROVAL_LABELS = {
    "governance": N_("Approval for publication"),
    "data-protection-officer": N_("Data protection officer's agreement"),
    "staff-consultation": N_("Staff consultation"),
    "patient-group": N_("Patient group involvement"),
    "equality-impact-assessment": N_("Equality impact assessment"),
}


RECOMMENDATION_STATUS = {
    "met": N_("Met"),
    "not-met": N_("Not met yet"),
    "not-applicable": N_("Not applicable"),
    "deviation": N_("Local deviation"),
}

# The conditions that data/guidance.yml may test: each is a fact of the pack (see the header
# of guidance.yml), never its translated text.
CONDITIONS = ("recorded", "approved", "provided", "recording_allowed", "set", "policy")


@cache
def _guidance() -> tuple[dict[str, Any], ...]:
    """data/guidance.yml as read, checked for the keys and conditions that build() knows, with
    each sentence of `how` as a mapping (a plain sentence becomes {"text": ...})."""
    entries = tuple(resources.read_yaml(GUIDANCE_PATH))
    for entry in entries:
        where = f"{GUIDANCE_PATH.name}: {entry.get('id')}"
        entry["how"] = parts = [p if isinstance(p, dict) else {"text": p} for p in entry["how"]]
        conditions = [p["when"] for p in entry["pages"] if isinstance(p, dict)]
        conditions += [p["when"] for p in parts if "when" in p]
        if "applies" in entry:
            conditions.append(entry["applies"])
            assert entry.get("not_applicable"), f"{where}: applies needs not_applicable"
        for condition in conditions:
            assert len(condition) == 1 and next(iter(condition)) in CONDITIONS, (
                f"{where}: unknown condition {condition}"
            )
        for part in parts:
            assert part.get("status", "deviation") in ("not-met", "deviation"), where
            assert "when" in part or set(part) == {"text"}, f"{where}: {part}"
    return entries


def _holds(condition: dict[str, Any], pack: PackContext) -> bool:
    """Whether one condition of data/guidance.yml holds for this pack."""
    [(name, value)] = condition.items()
    areas = {a.key: a for a in pack.areas}
    if name == "recorded":
        return value in pack.document.recorded
    if name == "approved":
        return (not pack.document.is_draft) is bool(value)
    if name == "provided":
        return value in areas
    if name == "recording_allowed":
        if value == "all":
            return all(a.recording_allowed for a in pack.areas)
        return value in areas and areas[value].recording_allowed
    if name == "set":
        key, _, flag = value.partition(".")
        return key in areas and getattr(areas[key], flag) is True
    return getattr(pack.policy, value) is True  # "policy"


def _page_targets(entry: dict[str, Any], pack: PackContext | None) -> tuple[str, ...]:
    """The entry's pages; with a pack, only those whose condition holds for it."""
    return tuple(
        p if isinstance(p, str) else p["page"]
        for p in entry["pages"]
        if isinstance(p, str) or pack is None or _holds(p["when"], pack)
    )


def _where(targets: tuple[str, ...], pages: dict[str, PageLink] | None) -> tuple[str, ...]:
    """Each page once, at its first target, leaving out pages not in this build."""
    first: dict[str, str] = {}
    for target in targets:
        key = target.partition("#")[0]
        if pages is None or key in pages:
            first.setdefault(key, target)
    return tuple(first.values())


def _judged(
    entry: dict[str, Any], pack: PackContext | None, t: Callable[[str], str]
) -> Recommendation:
    """One recommendation as it stands for `pack` (None: as it reads when everything holds)."""
    rec_id = str(entry["id"])
    targets = _page_targets(entry, pack)
    status, sentences = "met", []
    if pack is not None and "applies" in entry and not _holds(entry["applies"], pack):
        status, sentences = "not-applicable", [entry["not_applicable"]]
    else:
        statuses = set()
        if pack is not None and any(rec_id in d.paragraphs for d in pack.deviations):
            statuses.add("deviation")
        for part in entry["how"]:
            if "when" not in part or pack is None or _holds(part["when"], pack):
                sentences.append(part["text"])
                continue
            if "otherwise" in part:
                sentences.append(part["otherwise"])
            if "status" in part:
                statuses.add(part["status"])
        status = next((s for s in ("not-met", "deviation") if s in statuses), "met")
    return Recommendation(
        id=rec_id,
        topic=t(entry["topic"]),
        summary=t(entry["summary"]),
        pages=targets,
        how=" ".join(t(s) for s in sentences),
        status=status,
        status_label=t(RECOMMENDATION_STATUS[status]),
        where=_where(targets, pack.pages if pack is not None else None),
    )


@cache
def recommendations() -> tuple[Recommendation, ...]:
    """The guidance's recommendations, from data/guidance.yml, as they read when every fact
    they depend on holds (every page listed, every sentence's main wording, status 'met').
    A pack's own matrix is judged against its facts in build()."""
    return tuple(_judged(entry, None, lambda text: text) for entry in _guidance())


def judged_recommendations(
    pack: PackContext, t: Callable[[str], str]
) -> tuple[Recommendation, ...]:
    """The recommendations as they stand for this pack, translated with `t`."""
    return tuple(_judged(entry, pack, t) for entry in _guidance())


def guidance_messages() -> Iterator[tuple[str, str]]:
    """(message, where) for every sentence of data/guidance.yml, for translation."""
    for entry in _guidance():
        where = f"data/guidance.yml:{entry['id']}"
        yield entry["topic"], f"{where}.topic"
        yield entry["summary"], f"{where}.summary"
        if "not_applicable" in entry:
            yield entry["not_applicable"], f"{where}.not_applicable"
        for part in entry["how"]:
            for name in ("text", "otherwise"):
                if name in part:
                    yield part[name], f"{where}.how"


def build(
    loaded: LoadedTrust,
    audience: Audience,
    today: dt.date,
    pages: dict[str, PageLink],
    draft: bool = False,
    language: str = i18n.SOURCE_LANGUAGE,
) -> PackContext:
    """The context for one build of one pack, for one audience, judged against `today`.
    `draft` marks the pack DRAFT whatever its status (a preview of a pack that fails a gate).
    `language` picks the trust's own text in that language and translates the standard text."""
    trust = loaded.in_language(language)
    translator = i18n.translator(language)
    t = translator.gettext
    long_date = translator.long_date
    declared: dict[tuple[str, str | None], Deviation] = {
        (d.rule.value, d.area): d for d in trust.deviations
    }
    prepared = trust.accessibility.statement_prepared_on or trust.document.dated_on(today)
    staff = audience is Audience.STAFF
    d = trust.document
    imaging = _contact(trust.contacts.imaging_department, trust.organisation.department, t)
    areas, missing = [], []
    for key, (_, _, cites) in AREA_TITLES.items():
        area = getattr(trust.areas, key)
        title, patient_title = _area_titles(key, area, t)
        allowed = area.recording is Recording.ALLOWED
        if not area.provided:
            missing.append(title)
            continue
        areas.append(
            AreaView(
                key=key,
                title=title,
                patient_title=patient_title,
                cites=cites,
                restrictions=tuple(
                    _restriction(r, t) for r in (*area.restrictions, *area.extra_restrictions)
                ),
                # The standard words for a service (e.g. radiotherapy's photo with the team)
                # assume recording is possible there: not said where it is not allowed at all.
                arrangements=area.arrangements
                if allowed or area.arrangements != _default_arrangements(key, t)
                else None,
                staff_notes=area.staff_notes if staff else None,
                keepsake_images=getattr(area, "keepsake_images", None),
                recording_allowed=allowed,
                not_allowed_explanation=_explanation(declared, "no-recording", key),
                obstetric_guidance_considered=getattr(area, "obstetric_guidance_considered", False),
                pre_appointment_information=getattr(area, "pre_appointment_information", False),
                easy_read_title=t(EASY_READ_AREAS[key][0]),
                easy_read=area.easy_read,
                standard_arrangements=area.arrangements is not None
                and area.arrangements == _default_arrangements(key, t),
                picture=EASY_READ_AREAS[key][1],
            )
        )
    formats = tuple(f.value for f in trust.accessibility.formats)
    approvals = tuple(
        ApprovalView(
            a.role.value, t(APPROVAL_LABELS[a.role.value]), a.by, long_date(a.date), a.note
        )
        for a in d.approvals
    )

    def approvals_of(role: ApprovalRole) -> tuple[ApprovalView, ...]:
        return tuple(a for a in approvals if a.kind == role.value)

    deviations = tuple(_deviation(d, translator, trust) for d in trust.deviations)
    pack = PackContext(
        org=trust.organisation,
        nation=_translated_facts(NATIONS[trust.organisation.nation], t),
        document=DocumentView(
            title=d.title,
            version=d.version,
            is_draft=draft or d.status is Status.DRAFT,
            status=t(STATUS_LABELS[d.status]),
            owner=d.owner,
            approved_by=d.approved_by,
            approved_on=long_date(d.approved_on),
            published_on=long_date(d.publication_date),
            review_by=long_date(d.review_by),
            review_by_iso=d.review_by.isoformat(),
            approvals=approvals,
            recorded=tuple(dict.fromkeys(a.role.value for a in d.approvals)),
            history=tuple(HistoryView(h.version, long_date(h.date), h.summary) for h in d.history),
            dpo_agreement=next(iter(approvals_of(ApprovalRole.DATA_PROTECTION_OFFICER)), None),
            staff_consultations=approvals_of(ApprovalRole.STAFF_CONSULTATION),
            patient_group_approvals=approvals_of(ApprovalRole.PATIENT_GROUP),
            equality_impact_assessment=next(
                iter(approvals_of(ApprovalRole.EQUALITY_IMPACT_ASSESSMENT)), None
            ),
        ),
        primary_colour=trust.branding.primary_colour.upper(),
        accent_colour=(trust.branding.accent_colour or trust.branding.primary_colour).upper(),
        logo_file="assets/" + logo_site_name(loaded),
        logo_alt=trust.branding.logo_alt
        or t(N_("%(name)s logo")) % {"name": trust.organisation.name},
        imaging=imaging,
        patient_advice=_contact(
            trust.contacts.patient_advice,
            t(NATIONS[trust.organisation.nation].own_patient_advice_team),
            t,
        ),
        dpo=_contact(trust.contacts.data_protection_officer, t(N_("Data protection officer")), t),
        other_formats=_contact(trust.contacts.other_formats, imaging.name, t)
        if trust.contacts.other_formats
        else imaging,
        staff_contacts=tuple(_contact(c, c.name, t) for c in trust.contacts.staff) if staff else (),
        areas=tuple(areas),
        areas_not_provided=tuple(missing),
        policy=PolicyView(
            no_permission_needed=trust.policy.permission is Permission.TELL_US,
            permission_explanation=_explanation(declared, "written-permission"),
            note_in_health_record=trust.policy.note_in_health_record,
            continue_care_after_covert_recording=trust.policy.continue_care_after_covert_recording,
            covert_explanation=_explanation(declared, "stop-care-after-covert-recording"),
            published_to_public=Audience.PUBLIC in trust.site.audiences,
            follows_guidance=trust.policy.permission is Permission.TELL_US
            and trust.policy.note_in_health_record
            and trust.policy.continue_care_after_covert_recording,
        ),
        deviations=deviations,
        practice_deviations=tuple(d for d in deviations if d.rule != "not-public"),
        readability=None,
        review_due=d.review_due(today),
        accessibility_prepared_on=long_date(prepared),
        accessibility_reviewed_on=long_date(trust.accessibility.statement_reviewed_on or prepared),
        language=language,
        languages=tuple(str(code) for code in trust.site.languages),
        translation_awaits_review=language != i18n.SOURCE_LANGUAGE
        and language not in trust.site.translation_reviews,
        audience=audience.value,
        is_staff=staff,
        pages=pages,
        recommendations=(),  # judged below, against the pack's own facts
        site_url=trust.site.url,
        provided=tuple(a.key for a in areas),
        discussions_allowed=any(
            a.recording_allowed for a in areas if a.key == "clinical_discussions"
        ),
        recording_allowed_in=tuple(a.key for a in areas if a.recording_allowed),
        not_allowed=tuple(a for a in areas if not a.recording_allowed),
        formats=formats,
        formats_phrase=_or_list([t(FORMAT_WORDS[f]) for f in FORMAT_WORDS if f in formats], t),
        accessibility_audited_on=long_date(trust.accessibility.audited_on),
        accessibility_audited_by=trust.accessibility.audited_by,
        accessibility_known_issues=tuple(trust.accessibility.known_issues),
        pictures=_pictures(loaded, trust, language),
        built_on=long_date(today),
        generator_version=__version__,
    )
    return dataclasses.replace(pack, recommendations=judged_recommendations(pack, t))


def _pictures(loaded: LoadedTrust, trust: Trust, language: str) -> dict[str, PictureView]:
    own = {key.value: picture for key, picture in trust.easy_read.pictures.items()}
    standard = pictures.standard()
    return {
        key: PictureView(
            key,
            picture.site_path,
            own[key].alt if picture.own else standard[key]["alt"][language],
            picture.own,
        )
        for key, picture in pictures.of_pack(loaded).items()
    }


def _or_list(items: list[str], t: Callable[[str], str]) -> str:
    """'a, b or c' in the build's language ('' for none)."""
    if len(items) < 2:
        return "".join(items)
    return t(N_("%(items)s or %(last)s")) % {"items": ", ".join(items[:-1]), "last": items[-1]}


def _explanation(
    declared: dict[tuple[str, str | None], Deviation], rule: str, area: str | None = None
) -> str | None:
    deviation = declared.get((rule, area))
    return deviation.explanation if deviation else None


def _area_titles(key: str, area: Area, t: Callable[[str], str]) -> tuple[str, str]:
    """An area's titles for staff and for patients, in the build's language (nuclear medicine
    without PET-CT where the organisation does not do PET-CT itself)."""
    title, patient_title, _ = AREA_TITLES[key]
    if key == "nuclear_medicine" and not getattr(area, "pet_ct", True):
        title, patient_title = NUCLEAR_MEDICINE_ONLY
    return t(title), t(patient_title)


def _default_arrangements(key: str, t: Callable[[str], str]) -> str | None:
    """The standard `arrangements` of an area (data/defaults.yml), in the build's language."""
    text = defaults().get("areas", {}).get(key, {}).get("arrangements")
    return t(text) if text else None


def _deviation(deviation: Deviation, translator: i18n.Translator, trust: Trust) -> DeviationView:
    rule = RULES[deviation.rule]
    t = translator.gettext
    return DeviationView(
        rule=rule.id.value,
        title=t(rule.title),
        paragraphs=rule.paragraphs,
        guidance=t(rule.guidance),
        area=_area_titles(deviation.area, getattr(trust.areas, deviation.area), t)[0]
        if deviation.area
        else None,
        justification=deviation.justification,
        explanation=deviation.explanation,
        approved_by=deviation.approved_by,
        approved_on=translator.long_date(deviation.approved_on),
    )


def _restriction(restriction: Restriction, t: Callable[[str], str]) -> RestrictionView:
    label, cites = RESTRICTION_REASONS[restriction.reason]
    return RestrictionView(
        where=restriction.where,
        reason=restriction.reason.value,
        reason_label=t(label),
        cites=cites,
        explanation=restriction.explanation,
        easy_read=restriction.easy_read,
    )


def _translated_facts(facts: NationFacts, t: Callable[[str], str]) -> NationFacts:
    """The nation's facts with the words people read in the build's language."""
    return facts.model_copy(update={name: t(getattr(facts, name)) for name in i18n.NATION_TEXT})


def logo_site_name(loaded: LoadedTrust) -> str:
    """The logo's file name in the built site: always 'logo' plus the original suffix."""
    return "logo" + loaded.logo_path.suffix.lower()


def _contact(
    contact: Contact, fallback_name: str, t: Callable[[str], str] = lambda text: text
) -> ContactView:
    phone_uri = None
    if contact.phone:
        # RFC 3966: the number in international form, then any extension as ';ext='.
        number, _, extension = contact.phone.partition("ext")
        digits = "".join(ch for ch in number if ch.isdigit() or ch == "+")
        phone_uri = "tel:" + ("+44" + digits[1:] if digits.startswith("0") else digits)
        extension = "".join(ch for ch in extension if ch.isdigit())
        if extension:
            phone_uri += f";ext={extension}"
    phone, ext = contact.phone, t(N_("ext"))  # the extension's word in the build's language
    if phone and ext != "ext":
        phone = re.sub(r"\b(?:ext|extension)\b\.?", ext, phone)
    return ContactView(
        name=contact.name or fallback_name,
        phone=phone,
        phone_uri=phone_uri,
        email=contact.email,
        url=contact.url,
        hours=contact.hours,
        purpose=getattr(contact, "purpose", None),
    )


def documented_fields() -> dict[str, dict[str, str]]:
    """Each context type's fields and their help text, for docs and the documentation test."""
    types = (
        PackContext,
        AreaView,
        RestrictionView,
        PictureView,
        ContactView,
        ApprovalView,
        HistoryView,
        DocumentView,
        PolicyView,
        DeviationView,
        Recommendation,
        PageLink,
    )
    return {t.__name__: {f.name: f.metadata.get("doc", "") for f in fields(t)} for t in types}
