"""Governance: review dates, approvals and declared deviations, end to end."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar
from pydantic import ValidationError

from generator.checking import gates
from generator.commands.cli import main
from generator.composing import compose
from generator.errors import ConfigError
from generator.reading import config, rules
from generator.reading.model import Audience, Document, add_years

from .conftest import ROOT, TRUSTS

NORTHBRIDGE = config.load(TRUSTS / "northbridge").trust  # approved 2026-03-02, review by 2027-03-01


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


# --- review dates -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "state", "warning"),
    [
        ("2026-11-30", "ok", None),
        ("2026-12-01", "due soon", "review due by 2027-03-01 (in 90 days); start the review now"),
        ("2027-03-01", "due soon", "review due by 2027-03-01 (in 0 days); start the review now"),
        ("2027-03-02", "overdue", None),
    ],
)
def test_review_window_edges(today: str, state: str, warning: str | None) -> None:
    result = gates.check(NORTHBRIDGE, dt.date.fromisoformat(today))
    assert result.state.value == state
    assert result.warnings == (
        (f"Northbridge University Hospitals NHS Foundation Trust: {warning}",) if warning else ()
    )
    assert result.passed == (state != "overdue")


@given(
    review_by=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 1, 1)),
    today=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 1, 1)),
    warning_days=st.integers(1, 365),
    draft=st.booleans(),
)
def test_review_state_follows_its_definition(
    review_by, today, warning_days: int, draft: bool
) -> None:
    state = gates.review_state(draft, review_by, warning_days, today)
    if today > review_by:
        assert state is gates.ReviewState.OVERDUE
    elif draft:
        assert state is gates.ReviewState.DRAFT
    elif (review_by - today).days <= warning_days:
        assert state is gates.ReviewState.DUE_SOON
    else:
        assert state is gates.ReviewState.OK


@given(
    review_by=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 1, 1)),
    today=st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2040, 1, 1)),
    warning_days=st.integers(1, 365),
    draft=st.booleans(),
)
def test_the_review_window_is_one_rule_for_the_model_and_the_published_facts(
    review_by, today, warning_days: int, draft: bool
) -> None:
    document = Document(
        **_document(
            status="draft" if draft else "approved",
            approved_on=None if draft else review_by - dt.timedelta(days=1),
            review_by=review_by,
            review_warning_days=warning_days,
            max_review_years=5,
        )
    )
    assert (review_by - document.warn_from).days == warning_days
    assert document.review_due(today) is ((review_by - today).days <= warning_days)
    facts = {
        "draft": draft,
        "review_by": review_by.isoformat(),
        "review_warning_days": warning_days,
    }
    assert gates.facts_state(facts, today) is gates.document_state(document, today)
    assert gates.document_state(document, today) is gates.review_state(
        draft, review_by, warning_days, today
    )


@pytest.mark.parametrize(
    ("dates", "dated_on", "by_today"),
    [
        (
            {"approved_on": dt.date(2026, 1, 31), "published_on": dt.date(2026, 2, 9)},
            "2026-02-09",
            False,
        ),
        ({"approved_on": dt.date(2026, 1, 31)}, "2026-01-31", False),
        ({"status": "draft", "approved_on": None}, "2026-12-01", True),
        (
            {"status": "draft", "approved_on": None, "published_on": dt.date(2026, 2, 9)},
            "2026-02-09",
            False,
        ),
    ],
)
def test_a_pack_is_dated_by_publication_then_approval_then_today(
    dates: dict[str, object], dated_on: str, by_today: bool
) -> None:
    document = Document(**_document(**dates))
    assert document.dated_on(dt.date(2026, 12, 1)).isoformat() == dated_on
    assert document.dated_by_today is by_today
    assert (document.publication_date is None) is by_today


def test_the_context_uses_the_models_dates() -> None:
    document = NORTHBRIDGE.document  # published 2026-03-09, review by 2027-03-01, 90 days
    for today in (document.warn_from - dt.timedelta(days=1), document.warn_from):
        pack = compose.render_pack(TRUSTS / "northbridge", Audience.PUBLIC, today)
        assert (
            pack.context.review_due is document.review_due(today) is (today == document.warn_from)
        )
        assert pack.context.document.published_on == "9 March 2026"
        assert pack.context.accessibility_prepared_on == "9 March 2026"


@pytest.mark.parametrize("warning_days", [1, 90, 365])
def test_the_calendar_opens_the_warning_window_on_the_models_day(warning_days: int) -> None:
    from generator.publishing import reviews

    document = NORTHBRIDGE.document.model_copy(update={"review_warning_days": warning_days})
    facts = {
        "slug": "northbridge",
        "organisation": "Northbridge",
        "version": document.version,
        "review_by": document.review_by.isoformat(),
        "review_warning_days": document.review_warning_days,
    }
    calendar = Calendar.from_ical(reviews.review_calendar([facts], dt.date(2026, 12, 1)))
    events = {str(e["uid"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert events["northbridge-warning-2027-03-01@policypack"] == document.warn_from


def _document(**changes: object) -> dict[str, object]:
    values: dict[str, object] = {
        "title": "T",
        "version": "1.0",
        "status": "approved",
        "owner": "Head",
        "approved_by": "Board",
        "approved_on": dt.date(2026, 1, 31),
        "review_by": dt.date(2027, 1, 31),
        "review_warning_days": 90,
        "max_review_years": 3,
        "max_reading_age": 11,
    }
    values.update(changes)
    return values


@given(
    approved_on=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2090, 12, 31)),
    offset=st.integers(-400, 2000),
    max_years=st.integers(1, 5),
)
def test_review_date_must_follow_approval_within_the_maximum(
    approved_on, offset: int, max_years: int
) -> None:
    review_by = approved_on + dt.timedelta(days=offset)
    valid = approved_on < review_by <= add_years(approved_on, max_years)
    try:
        Document(
            **_document(approved_on=approved_on, review_by=review_by, max_review_years=max_years)
        )
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == valid


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "review_by: 2027-03-01",
            "review_by: 2026-03-01",
            "document.review_by: 2026-03-01 is not after the approval date 2026-03-02",
        ),
        (
            "review_by: 2027-03-01",
            "review_by: 2029-03-03",
            "document.review_by: 2029-03-03 is more than 3 years after approval; review by 2029-03-02 at the latest "
            "(or change max_review_years to match your document policy)",
        ),
    ],
)
def test_review_date_before_approval_or_too_late_is_refused(
    trust_copy, old: str, new: str, message: str
) -> None:
    folder = trust_copy("northbridge")
    text = (folder / "trust.yml").read_text()
    assert old in text
    (folder / "trust.yml").write_text(text.replace(old, new))
    with pytest.raises(ConfigError) as caught:
        config.load(folder, "trust.yml")
    assert str(caught.value).split(": ", 1)[1] == message


# --- approvals ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (
            "data-protection-officer",
            "no record of the data protection officer's agreement (guidance 3.1, 3.2, 5.14)",
        ),
        ("staff-consultation", "no record of staff consultation (guidance 5.4)"),
        ("patient-group", "no record of patient group involvement (guidance 5.8; ISAS FR5(e))"),
        (
            "equality-impact-assessment",
            "no record of an equality impact assessment (the public sector equality duty)",
        ),
    ],
)
def test_approved_pack_without_an_approval_fails_the_gate(role: str, expected: str) -> None:
    document = NORTHBRIDGE.document.model_copy(
        update={"approvals": [a for a in NORTHBRIDGE.document.approvals if a.role.value != role]}
    )
    result = gates.check(NORTHBRIDGE.model_copy(update={"document": document}), dt.date(2026, 6, 1))
    assert result.failures == (
        f"Northbridge University Hospitals NHS Foundation Trust: approved, but {expected}; add it under "
        f"document.approvals (role: {role}) or set status: draft",
    )


def test_document_control_page_shows_approvals() -> None:
    pack = compose.render_pack(TRUSTS / "northbridge", Audience.PUBLIC, dt.date(2026, 12, 1))
    page = pack.markdown["document-control.md"]
    for label in (
        "Data protection officer's agreement",
        "Staff consultation",
        "Patient group involvement",
        "Equality impact assessment",
        "Version history",
    ):
        assert label in page


# --- deviations -------------------------------------------------------------------------------

DEVIATION_CASES = [
    (
        "no-recording",
        "areas:\n  ultrasound:\n    recording: not-allowed\n",
        "areas.ultrasound.recording",
        "ultrasound",
    ),
    ("written-permission", "policy:\n  permission: written\n", "policy.permission", None),
    (
        "no-health-record-note",
        "policy:\n  note_in_health_record: false\n",
        "policy.note_in_health_record",
        None,
    ),
    (
        "stop-care-after-covert-recording",
        "policy:\n  continue_care_after_covert_recording: false\n",
        "policy.continue_care_after_covert_recording",
        None,
    ),
    ("not-public", "site:\n  audiences: [staff]\n", "site.audiences", None),
]


def _declaration(rule: str, area: str | None) -> str:
    area_line = f"    area: {area}\n" if area else ""
    return (
        f"deviations:\n  - rule: {rule}\n{area_line}    justification: The board decided this after a review.\n"
        "    explanation: We explain why at your appointment.\n"
        "    approved_by: Clinical Governance Committee\n    approved_on: 2026-01-10\n"
    )


@pytest.mark.parametrize(("rule", "setting", "field", "area"), DEVIATION_CASES)
def test_undeclared_deviation_is_an_error(
    trust_copy, rule: str, setting: str, field: str, area: str | None
) -> None:
    folder = trust_copy("minimal")
    with (folder / "trust.yml").open("a") as handle:
        handle.write(setting)
    with pytest.raises(ConfigError) as caught:
        config.load(folder, "trust.yml")
    message = str(caught.value)
    paragraphs = ", ".join(rules.RULES[rules.DeviationRule(rule)].paragraphs)
    assert message.startswith("trust.yml:2")  # the line of the setting, appended at the end
    assert f": {field}: this goes against the guidance ({paragraphs}: " in message
    assert (
        f"declare it under deviations (rule: {rule}{f', area: {area}' if area else ''})" in message
    )


@pytest.mark.parametrize(("rule", "setting", "field", "area"), DEVIATION_CASES)
def test_declared_deviation_moves_into_the_matrix(
    trust_copy, rule: str, setting: str, field: str, area: str | None
) -> None:
    folder = trust_copy("minimal")
    with (folder / "trust.yml").open("a") as handle:
        handle.write(setting + _declaration(rule, area))
    pack = compose.render_pack(folder, Audience.STAFF, dt.date(2026, 12, 1))
    title = rules.RULES[rules.DeviationRule(rule)].title
    assert [d.rule for d in pack.context.deviations] == [rule]
    assert title in pack.markdown["compliance.md"]
    assert "The board decided this after a review." in pack.markdown["document-control.md"]


def test_declaring_a_deviation_that_is_not_there_is_an_error(trust_copy) -> None:
    folder = trust_copy("minimal")
    with (folder / "trust.yml").open("a") as handle:
        handle.write(_declaration("written-permission", None))
    with pytest.raises(
        ConfigError, match=r"deviations\.0\.rule: 'written-permission' is declared, but nothing"
    ):
        config.load(folder, "trust.yml")


def test_restrictions_for_safety_and_privacy_need_no_deviation() -> None:
    assert rules.departures(config.load(TRUSTS / "northbridge").trust) == []


# --- the command line and the files across packs ---------------------------------------------


def test_overdue_build_exits_1_and_names_the_fix(tmp_path: Path, capsys) -> None:
    assert main(["build", "trusts/glenmoray", "--out", str(tmp_path), "--today", "2027-07-10"]) == 1
    err = capsys.readouterr().err
    assert (
        "Error: NHS Glenmoray: the review date 2027-06-30 passed 10 days ago; review the policy, "
        "then set a new document.review_by and version"
    ) in err
    assert not (tmp_path / "glenmoray").exists()


def test_due_soon_builds_with_a_warning_and_a_visible_notice(tmp_path: Path, capsys) -> None:
    assert main(["build", "trusts/glenmoray", "--out", str(tmp_path), "--today", "2027-05-01"]) == 0
    assert (
        "Warning: NHS Glenmoray: review due by 2027-06-30 (in 60 days)" in capsys.readouterr().err
    )
    html = (tmp_path / "glenmoray" / "patients.html").read_text()
    assert "<strong>Review due</strong>: this policy must be reviewed by 30 June 2027." in html


def test_draft_flag_previews_a_failing_pack_marked_draft(tmp_path: Path, capsys) -> None:
    assert (
        main(
            [
                "build",
                "trusts/glenmoray",
                "--out",
                str(tmp_path),
                "--today",
                "2027-07-10",
                "--draft",
            ]
        )
        == 0
    )
    assert "(DRAFT preview)" in capsys.readouterr().out
    for page in (tmp_path / "glenmoray").glob("*.html"):
        assert "DRAFT" in page.read_text(), page
    from .pdfs import page_texts

    for document in (tmp_path / "glenmoray" / "downloads").glob("*.pdf"):
        assert all("DRAFT" in text for text in page_texts(document)), document
    status = json.loads((tmp_path / "review-status.json").read_text())
    assert status["packs"][0]["status"] == "overdue" and status["packs"][0]["approved"] is False


def test_check_prints_a_table_and_exits_by_the_worst_gate(capsys) -> None:
    # minimal is a draft: it fails the gate that keeps drafts from the public.
    assert main(["check", "--today", "2026-12-01"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Judged on 2026-12-01:"
    assert out[1].split() == ["pack", "gates", "status", "version", "review", "by"]
    rows = {line.split()[0]: line.split()[1:3] for line in out[2:]}
    assert rows["northbridge"] == ["pass", "due"] and rows["minimal"] == ["FAIL", "draft"]
    assert main(["check", "trusts/northbridge", "--today", "2027-03-02"]) == 1


def test_summaries_list_every_pack_with_its_state(built_sites) -> None:
    out = built_sites["public"]
    status = json.loads((out / "review-status.json").read_text())
    assert status["judged_on"] == "2026-12-01"
    states = {p["slug"]: p["status"] for p in status["packs"]}
    assert states == {
        "afon-teifi": "ok",
        "glenmoray": "ok",
        "lough-erne": "ok",
        "minimal": "draft",
        "northbridge": "due soon",
    }
    calendar = Calendar.from_ical((out / "reviews.ics").read_bytes())
    events = {str(e["uid"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert events["northbridge-review-2027-03-01@policypack"] == dt.date(2027, 3, 1)
    assert events["northbridge-warning-2027-03-01@policypack"] == dt.date(2026, 12, 1)
    assert len(events) == 10
    index = (out / "index.html").read_text()
    assert (
        'class="state state--due-soon">Due soon<' in index
        and 'class="state state--draft">Draft<' in index
    )
