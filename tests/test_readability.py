"""Plain English: scores per paragraph, the leaflet gate in `check`, the editors' report page."""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.checking import readability, syllables
from generator.commands.cli import main
from generator.composing import compose
from generator.reading.model import Audience

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
    report = compose.render_pack(TRUSTS / slug, Audience.PUBLIC, dt.date(2026, 12, 1)).readability
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


# --- the same numbers as textstat, without loading the whole pronouncing dictionary ----------


def _grades_agree(text: str) -> None:
    import textstat

    assert syllables.flesch_kincaid_grade(text) == textstat.flesch_kincaid_grade(text), text


@pytest.mark.parametrize("slug", EXAMPLES)
def test_grades_are_textstats_own_for_every_example_text(slug: str) -> None:
    """Every paragraph of every patient page, and each page as one text, score exactly as
    textstat scores them (the float itself, not a rounding of it)."""
    pack = compose.render_pack(TRUSTS / slug, Audience.PUBLIC, dt.date(2026, 12, 1))
    for page in pack.readability.pages:
        for paragraph in page.paragraphs:
            _grades_agree(paragraph.text)
        texts = readability.paragraphs(pack.markdown[pack.context.pages[page.key].file])
        _grades_agree(" ".join(t if t.endswith((".", "?", "!", ":")) else t + "." for t in texts))
    _grades_agree(DENSE)


@pytest.fixture
def syllable_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """syllables.py as a new process finds it, with its cache folder in tmp_path."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(folder))
    monkeypatch.setattr(syllables, "_known", {})
    monkeypatch.setattr(syllables, "_from_cmu", None)
    return folder


@pytest.fixture
def copied_table(syllable_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh process with a copy of the tests' whole table (so what it adds stays here)."""
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(ROOT / ".cache" / "policypack-tests"))
    syllables.word_counts(["record"])  # makes the tests' table, the first time
    shared = syllables.table_path()
    assert shared is not None and shared.is_file()
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(syllable_cache))
    monkeypatch.setattr(syllables, "_known", {})
    monkeypatch.setattr(syllables, "_from_cmu", None)
    copy = syllables.table_path()
    assert copy is not None
    # SQLite's own copy: another test process may be adding words to the table meanwhile.
    with (
        contextlib.closing(sqlite3.connect(shared)) as source,
        contextlib.closing(sqlite3.connect(copy)) as target,
    ):
        source.backup(target)
    return copy


_VOCABULARY = (
    "record recording recorded appointment scan scans MRI ultrasound radiographer you're don't "
    "can't isn't Northbridge PALS x-ray co-operate well-being café naïve 2027 9am a I hmm "
    "Cymraeg ŵyr ysbyty the of and to please tell us first our staff patients privacy"
)
_SEPARATORS = (" ", " ", " ", ", ", ". ", "! ", "? ", "; ", ": ", " - ", "\n", "'", '"', "")


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.one_of(
        st.text(max_size=120),
        st.lists(
            st.tuples(
                st.one_of(
                    st.sampled_from(_VOCABULARY.split()),
                    st.from_regex(r"[A-Za-z][a-z'\-]{0,14}", fullmatch=True),
                    st.text(min_size=1, max_size=8),
                ),
                st.sampled_from(_SEPARATORS),
            ),
            max_size=50,
        ).map(lambda parts: "".join(word + separator for word, separator in parts)),
    )
)
def test_grades_are_textstats_own_for_any_text(copied_table: Path, text: str) -> None:
    _grades_agree(text)


def test_a_run_reads_only_the_table_once_it_is_made(
    syllable_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first run writes the table (every CMU word); later runs read the words they need
    from it, and never load the dictionary, nor pyphen for a word counted before."""
    pyphen_count = syllables._pyphen_count
    northbridge = pyphen_count("northbridge")
    monkeypatch.setattr(syllables, "_cmu_counts", lambda: {"record": 2, "scan": 1})
    assert syllables.word_counts(["record", "scan", "northbridge"]) == {
        "record": 2,
        "scan": 1,
        "northbridge": northbridge,
    }
    table = syllables.table_path()
    assert table is not None and table.is_file() and table.is_relative_to(syllable_cache)

    def never(*_: object) -> int:
        raise AssertionError("counted again, not read from the table")

    def new_process() -> None:
        monkeypatch.setattr(syllables, "_known", {})
        monkeypatch.setattr(syllables, "_from_cmu", None)

    new_process()
    monkeypatch.setattr(syllables, "_cmu_counts", never)
    monkeypatch.setattr(syllables, "_pyphen_count", never)
    assert syllables.count_syllables("Record scan, Northbridge!") == 2 + 1 + northbridge
    # a word met for the first time is pyphen's, and is kept for next time
    new_process()
    monkeypatch.setattr(syllables, "_pyphen_count", pyphen_count)
    assert syllables.word_counts(["the"]) == {"the": pyphen_count("the")}
    new_process()
    monkeypatch.setattr(syllables, "_pyphen_count", never)
    assert syllables.word_counts(["the", "record"]) == {"the": pyphen_count("the"), "record": 2}


@pytest.mark.parametrize("broken", ["not a folder", "corrupt table", "switched off"])
def test_a_missing_or_broken_cache_never_changes_a_score(
    broken: str, syllable_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import textstat

    syllable_cache.parent.mkdir(exist_ok=True)
    if broken == "not a folder":
        syllable_cache.write_text("a file where the cache folder would be")
    elif broken == "corrupt table":
        (syllable_cache / "syllables").mkdir(parents=True)
        path = syllables.table_path()
        assert path is not None
        path.write_bytes(b"not an SQLite database" * 100)
    else:
        monkeypatch.setenv("POLICYPACK_CACHE_DIR", "")
    assert syllables.flesch_kincaid_grade(DENSE) == textstat.flesch_kincaid_grade(DENSE)
    if broken == "corrupt table":  # made again, whole
        monkeypatch.setattr(syllables, "_known", {})
        monkeypatch.setattr(syllables, "_from_cmu", None)
        monkeypatch.setattr(syllables, "_cmu_counts", lambda: pytest.fail("table not remade"))
        assert syllables.flesch_kincaid_grade(DENSE) == textstat.flesch_kincaid_grade(DENSE)
