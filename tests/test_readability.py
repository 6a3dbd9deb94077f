"""Plain English: scores per paragraph, the leaflet gate in `check`, the editors' report page."""

from __future__ import annotations

import datetime as dt

import pytest

from generator import build, readability
from generator.cli import main
from generator.model import Audience

from .conftest import EXAMPLES, ROOT, TRUSTS, approve_minimal

DENSE = (
    "Notwithstanding the aforementioned considerations, individuals undergoing diagnostic "
    "radiological examinations are respectfully requested to familiarise themselves comprehensively "
    "with institutional documentation prior to the commencement of any audiovisual documentation "
    "activities within departmental facilities."
)


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_paragraphs_drop_markup_and_read_addresses_as_units() -> None:
    markdown = (
        "# Title\n\n## Heading { #id }\n\nPlease **tell us** first. See [the page](patients.md).\n\n"
        "- One item\n- Two &#42; items\n\nPhone [01632 960000](tel:+441632960000) or email "
        '[a@b.example](mailto:a@b.example).\n\n<small class="pp-follows">ignored</small>\n'
    )
    assert readability.paragraphs(markdown) == [
        "Please tell us first. See the page.",
        "One item",
        "Two * items",
        "Phone this number or email this address.",
    ]


def test_paragraph_scores() -> None:
    plain = readability.score_paragraph("patients", "You can record. Please tell us first.")
    assert plain.reading_age <= 7 and plain.longest_sentence == 4 and plain.passive == ()
    dense = readability.score_paragraph("patients", DENSE)
    assert dense.reading_age > 20 and dense.longest_sentence == 31
    assert ("prior to", "before") in dense.hard_words
    passive = readability.score_paragraph(
        "patients", "A note is written in your record when it is made."
    )
    assert passive.passive == ("is written", "is made")


@pytest.mark.parametrize("slug", EXAMPLES)
def test_example_leaflets_meet_the_target(slug: str) -> None:
    report = build.render_pack(TRUSTS / slug, Audience.PUBLIC, dt.date(2026, 12, 1)).readability
    assert report.target == 11
    assert report.leaflet.key == "patients" and report.passed, report.leaflet.reading_age
    assert 9 <= report.leaflet.reading_age <= 11


def test_a_dense_paragraph_fails_check_with_its_score(trust_copy, capsys) -> None:
    folder = trust_copy("minimal")
    approve_minimal(folder)  # so that the reading age is the only gate that fails
    with (folder / "trust.yml").open("a") as handle:
        handle.write("areas:\n  mri:\n    arrangements: " + " ".join([DENSE] * 3) + "\n")
    assert main(["check", str(folder), "--today", "2026-12-01"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(
        'Error: Fernvale Community Health NHS Trust: "Can I record my appointment?" has a reading age of '
    )
    assert err[0].endswith(
        ", above the target of 11 (document.max_reading_age); simplify these paragraphs first:"
    )
    assert err[1].startswith(
        '  reading age 40.7 (93 words, longest sentence 31): "Notwithstanding the aforementioned'
    )
    assert (
        main(["build", str(folder), "--out", str(folder.parent / "out"), "--today", "2026-12-01"])
        == 1
    )


def test_target_is_configurable(trust_copy, capsys) -> None:
    folder = trust_copy("minimal")
    approve_minimal(folder)
    text = (
        (folder / "trust.yml")
        .read_text()
        .replace("  review_by: 2027-10-01", "  review_by: 2027-10-01\n  max_reading_age: 9")
    )
    (folder / "trust.yml").write_text(text)
    assert main(["check", str(folder), "--today", "2026-12-01"]) == 1
    assert "above the target of 9" in capsys.readouterr().err


def test_staff_build_has_the_readability_report(built_sites) -> None:
    page = (built_sites["staff"] / "northbridge" / "readability.html").read_text()
    assert "Readability report" in page and "Reading age" in page
    assert not (built_sites["public"] / "northbridge" / "readability.html").exists()


def test_words_patients_need_are_explained_once_at_first_use() -> None:
    markdown = (
        "# The radiographer\n\n"
        "See [a radiographer](staff.md) (radiographer notes).\n\n"
        "- **Procedures such as biopsies**\n"
        "    - Ask the radiographer. The radiographer will help.\n\n"
        "The sonographer (the person who does your ultrasound scan) will tell you.\n"
    )
    assert readability.explain_first_use(markdown) == (
        "# The radiographer\n\n"
        "See [a radiographer](staff.md) (radiographer notes).\n\n"
        "- **Procedures such as biopsies** (taking a small piece of tissue to test)\n"
        "    - Ask the radiographer (the person who does your X-ray, scan or treatment). "
        "The radiographer will help.\n\n"
        "The sonographer (the person who does your ultrasound scan) will tell you.\n"
    )


def test_report_notes_name_what_to_fix() -> None:
    score = readability.score_paragraph(
        "patients",
        "Prior to your scan a form is given to you by the person at the desk who will ask you "
        "to read every word of it with care before you sign it.",
    )
    assert score.notes == (
        "longest sentence 32 words",
        'passive: "is given"',
        '"prior to": try "before"',
    )
