"""The compliance matrix: each row judged on the pack's own facts (data, never translated text)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.composing import compose, context
from generator.reading import config
from generator.reading.model import Audience

from .conftest import EXAMPLES, TODAY, TRUSTS, edit_trust


def _rows(folder: Path, language: str = "en") -> dict[str, context.Recommendation]:
    pack = compose.render_pack(folder, Audience.STAFF, TODAY, language=language)
    return {r.id: r for r in pack.context.recommendations}


def _entry(rec_id: str) -> dict:
    return next(e for e in context._guidance() if str(e["id"]) == rec_id)


def _sentence(rec_id: str, when: dict) -> str:
    """The English sentence of `rec_id` that depends on `when` (the data, not a copy of it)."""
    return next(p["text"] for p in _entry(rec_id)["how"] if p.get("when") == when)


@pytest.mark.parametrize("slug", EXAMPLES)
def test_no_where_cell_lists_a_page_twice(slug: str) -> None:
    for language in config.load(TRUSTS / slug).languages:
        pack = compose.render_pack(TRUSTS / slug, Audience.STAFF, TODAY, language=language)
        for rec in pack.context.recommendations:
            keys = [target.partition("#")[0] for target in rec.where]
            assert len(keys) == len(set(keys)), (slug, language, rec.id, rec.where)
        table = [
            line for line in pack.markdown["compliance.md"].splitlines() if line.startswith("| ")
        ]
        for line in table[2:]:
            where = line.rstrip(" |").rsplit(" | ", 1)[-1]
            files = re.findall(r"\]\(([^)#]+)", where)
            assert len(files) == len(set(files)), (slug, language, line)


def test_every_recommendation_of_sections_2_to_5_has_a_row() -> None:
    ids = [r.id for r in context.recommendations()]
    wanted = (
        [f"2.{n}" for n in range(1, 15)]
        + ["3.1", "3.2", "3.3"]
        + ["4.1", "4.2", "4.3", "4.4"]
        + [f"5.{n}" for n in range(1, 17)]
    )
    assert [i for i in wanted if i not in ids] == []
    assert {"1.4", "ISAS FR5(e)", "ISAS PE1(c)"} <= set(ids)
    assert len(ids) == len(set(ids))


def test_no_patient_group_means_5_8_fr5e_and_pe1c_are_not_met(trust_copy) -> None:
    folder = trust_copy("northbridge")
    assert {r: s.status for r, s in _rows(folder).items() if r in ("5.8", "ISAS FR5(e)")} == {
        "5.8": "met",
        "ISAS FR5(e)": "met",
    }
    edit_trust(
        folder,
        "    - role: patient-group\n      by: Northbridge Imaging Patient Forum\n      date: 2026-02-05\n",
        "",
    )
    rows = _rows(folder)
    for rec_id in ("5.8", "ISAS FR5(e)", "ISAS PE1(c)"):
        assert rows[rec_id].status == "not-met", rec_id
        assert _sentence(rec_id, {"recorded": "patient-group"}) not in rows[rec_id].how
    assert rows["5.4"].status == "met"


def test_a_draft_without_agreements_is_not_met_where_they_are_needed() -> None:
    rows = _rows(TRUSTS / "minimal")  # a draft with no approvals recorded
    for rec_id in ("3.1", "3.2", "5.4", "5.8", "5.14", "5.16", "ISAS FR5(e)", "ISAS PE1(c)"):
        assert rows[rec_id].status == "not-met", rec_id


def test_radiotherapy_not_provided_makes_4_4_not_applicable(trust_copy) -> None:
    folder = trust_copy("minimal")
    arrangements = _sentence("4.4", {"recording_allowed": "radiotherapy"})
    assert _rows(folder)["4.4"].status == "met"
    assert arrangements in _rows(folder)["4.4"].how
    text = (folder / "trust.yml").read_text("utf-8")
    assert "\nareas:" not in text
    (folder / "trust.yml").write_text(
        text + "areas:\n  radiotherapy:\n    provided: false\n", "utf-8"
    )
    row = _rows(folder)["4.4"]
    assert row.status == "not-applicable"
    assert row.how == _entry("4.4")["not_applicable"]
    assert arrangements not in row.how
    for slug in EXAMPLES:  # glenmoray has no radiotherapy
        pack = compose.render_pack(TRUSTS / slug, Audience.STAFF, TODAY)
        if "radiotherapy" not in pack.context.provided:
            assert {r.id: r.status for r in pack.context.recommendations}["4.4"] == "not-applicable"


def test_separate_obstetric_guidance_is_claimed_only_with_the_flag(trust_copy) -> None:
    folder = trust_copy("northbridge")
    claim = _sentence("4.2", {"set": "ultrasound.obstetric_guidance_considered"})
    information = _sentence("5.3", {"set": "ultrasound.pre_appointment_information"})
    rows = _rows(folder)
    assert claim in rows["4.2"].how and claim in rows["5.3"].how and information in rows["5.3"].how
    edit_trust(
        folder, "obstetric_guidance_considered: true", "obstetric_guidance_considered: false"
    )
    edit_trust(folder, "pre_appointment_information: true", "pre_appointment_information: false")
    rows = _rows(folder)
    assert claim not in rows["4.2"].how and claim not in rows["5.3"].how
    for rec_id in ("2.14", "5.3", "5.15"):
        assert information not in rows[rec_id].how, rec_id
    assert rows["5.3"].status == "not-met"


def test_guidance_conditions_are_facts_the_context_knows() -> None:
    for entry in context._guidance():
        for part in entry["how"]:
            if "when" in part:
                [(name, value)] = part["when"].items()
                assert name in context.CONDITIONS
                if name == "recorded":
                    assert value in context.APPROVAL_LABELS, (entry["id"], value)
                if name in ("provided", "set", "recording_allowed") and value != "all":
                    assert value.partition(".")[0] in context.AREA_TITLES, (entry["id"], value)
                if name == "policy":
                    assert value in context.documented_fields()["PolicyView"], (entry["id"], value)
