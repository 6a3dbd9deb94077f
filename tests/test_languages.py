"""Four nations and Welsh: each nation's law and bodies, the bilingual config, the catalogues
(complete, and strict when one string is missing), the Welsh site and the bilingual PDFs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator import i18n
from generator.checking import readability
from generator.commands.cli import main
from generator.composing import catalogue, compose, render
from generator.errors import ConfigError
from generator.publishing import build, layout
from generator.reading import bilingual, config
from generator.reading.model import Audience
from generator.reading.nations import NATIONS

from .conftest import ROOT, TODAY, TRUSTS, edit_trust
from .pdfs import page_texts

NATION_FACTS = {
    # slug: (IR(ME)R, surveillance law, accessibility enforcement, complaints route, AIS)
    "northbridge": (
        "the Ionising Radiation (Medical Exposure) Regulations 2017 (IR(ME)R)",
        "the Regulation of Investigatory Powers Act 2000 (RIPA)",
        "the Equality and Human Rights Commission (EHRC)",
        "the NHS complaints procedure",
        True,
    ),
    "glenmoray": (
        "the Ionising Radiation (Medical Exposure) Regulations 2017 (IR(ME)R)",
        "the Regulation of Investigatory Powers (Scotland) Act 2000 (RIP(S)A)",
        "the Equality and Human Rights Commission (EHRC)",
        "the NHS Scotland Model Complaints Handling Procedure",
        False,
    ),
    "afon-teifi": (
        "the Ionising Radiation (Medical Exposure) Regulations 2017 (IR(ME)R)",
        "the Regulation of Investigatory Powers Act 2000 (RIPA)",
        "the Equality and Human Rights Commission (EHRC)",
        "Putting Things Right, the NHS Wales concerns process",
        False,
    ),
    "lough-erne": (
        "the Ionising Radiation (Medical Exposure) Regulations (Northern Ireland) 2018 (IR(ME)R (NI))",
        "the Regulation of Investigatory Powers Act 2000 (RIPA)",
        "the Equality Commission for Northern Ireland (ECNI)",
        "the HSC complaints procedure",
        False,
    ),
}


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def _text(markdown: str) -> str:
    return " ".join(markdown.replace("&#40;", "(").replace("&#41;", ")").split())


@pytest.mark.parametrize("slug", sorted(NATION_FACTS))
def test_each_nation_cites_its_own_law_and_bodies(slug: str) -> None:
    law, surveillance, enforcer, complaints, ais = NATION_FACTS[slug]
    pack = compose.render_pack(TRUSTS / slug, Audience.STAFF, TODAY)
    pages = {name: _text(text) for name, text in pack.markdown.items()}
    assert law in pages["policy-law.md"]
    assert surveillance in pages["policy-law.md"]
    assert enforcer in pages["accessibility.md"]
    assert complaints in pages["feedback.md"]
    assert ("Accessible Information Standard" in pages["feedback.md"]) is ais
    others = {facts[0] for other, facts in NATION_FACTS.items() if facts[0] != law}
    assert not any(other in " ".join(pages.values()) for other in others)


def test_every_nation_fact_has_a_source() -> None:
    for nation in ("england", "scotland", "wales", "northern-ireland"):
        facts = NATIONS[nation]
        assert facts.sources and all(s.startswith("https://") for s in facts.sources)
        assert facts.ionising_radiation_law_url.startswith("https://www.legislation.gov.uk/")


def test_the_welsh_catalogue_is_complete_and_well_formed() -> None:
    assert catalogue.missing("cy") == {}
    for path in i18n.catalogue_files("cy"):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale="cy")
        problems = [(m.id, errors) for m, errors in catalog.check()]
        assert problems == [], path.name
        for message in catalog:
            if message.id:
                ids = sorted(re.findall(r"%\(\w+\)s", str(message.id)))
                assert sorted(re.findall(r"%\(\w+\)s", str(message.string))) == ids, message.id


def test_language_maps_pick_each_language() -> None:
    data = {"a": {"en": "Hello", "cy": "Helo"}, "b": ["x", {"en": "One", "cy": "Un"}], "c": 3}
    resolved, per_language, once, problems = bilingual.resolve(data, "cy")
    assert resolved == {"a": "Helo", "b": ["x", "Un"], "c": 3}
    assert per_language == {("a",), ("b", 1)} and once == {("b", 0)} and problems == []
    _, _, _, problems = bilingual.resolve({"a": {"en": "Hello"}}, "cy")
    assert problems == [(("a",), "has no Welsh text; add `cy:` beside the others")]


def test_welsh_pack_needs_welsh_for_every_piece_of_its_own_text(trust_copy) -> None:
    folder = trust_copy("afon-teifi")
    path = folder / "trust.yml"
    text = path.read_text("utf-8")
    text = text.replace(
        "    name:\n      en: Concerns team\n      cy: Tîm pryderon\n", "    name: Concerns team\n"
    )
    text = text.replace("    cy: Radioleg a Radiotherapi\n", "")
    path.write_text(text, "utf-8")
    with pytest.raises(ConfigError) as error:
        config.load(folder)
    lines = [str(p) for p in error.value.problems]
    assert any(
        re.fullmatch(
            r".*trust\.yml:\d+:5: contacts\.patient_advice\.name: needs Welsh as well as English; "
            r"write it as `en: \.\.\.` and `cy: \.\.\.`",
            line,
        )
        for line in lines
    ), lines
    assert any(
        line.endswith("organisation.department: has no Welsh text; add `cy:` beside the others")
        for line in lines
    ), lines


def test_an_english_only_pack_may_still_use_language_maps(trust_copy) -> None:
    folder = trust_copy("minimal")
    edit_trust(
        folder,
        "  owner: Head of Imaging Services\n",
        "  owner:\n    en: Head of Imaging Services\n    cy: Pennaeth Gwasanaethau Delweddu\n",
    )
    assert config.load(folder).trust.document.owner == "Head of Imaging Services"


def test_removing_one_welsh_string_fails_the_build_naming_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys
) -> None:
    removed = "Where you cannot record"
    copies = []
    for path in i18n.catalogue_files("cy"):
        text = path.read_text("utf-8")
        if f'msgid "{removed}"' in text:
            text = re.sub(rf'msgid "{removed}"\nmsgstr "[^"]*"\n', "", text)
        copy = tmp_path / path.name
        copy.write_text(text, "utf-8")
        copies.append(copy)
    monkeypatch.setattr(i18n, "catalogue_files", lambda language: tuple(copies))
    render._environment.cache_clear()
    render._html_environment.cache_clear()
    try:
        code = main(
            [
                "build",
                str(TRUSTS / "afon-teifi"),
                "--out",
                str(tmp_path / "out"),
                "--today",
                "2026-12-01",
            ]
        )
    finally:
        render._environment.cache_clear()
        render._html_environment.cache_clear()
    assert code == 2
    err = capsys.readouterr().err
    assert f'no Welsh (cy) translation of "{removed}"' in err
    assert not (tmp_path / "out" / "afon-teifi").exists()


def _html(site: Path, name: str) -> str:
    return (site / name).read_text("utf-8")


@pytest.mark.parametrize("audience", ["public", "staff"])
def test_welsh_site_has_every_page_cross_linked(built_sites, audience: str) -> None:
    # afon-teifi's site.languages is [cy, en]: Welsh at the pack's root, English in en/.
    pack = built_sites[audience] / "afon-teifi"
    welsh = sorted(p.name for p in pack.glob("*.html") if p.name != "404.html")
    english = sorted(p.name for p in (pack / "en").glob("*.html") if p.name != "404.html")
    assert english == welsh and len(english) >= 14
    assert not (pack / "cy").exists()
    for name in english:
        cy, en = _html(pack, name), _html(pack / "en", name)
        assert '<html lang="cy"' in cy and '<html lang="en"' in en
        assert f'href="en/{name}"' in cy and 'hreflang="en"' in cy
        assert f'href="../{name}"' in en and 'hreflang="cy"' in en
    for folder, lang in ((pack, "cy"), (pack / "en", "en")):
        assert f'<html lang="{lang}"' in _html(folder, "404.html")
        index = json.loads((folder / "search" / "search_index.json").read_text("utf-8"))
        assert {doc["location"].partition("#")[0] for doc in index["docs"]} >= {"patients.html"}
    assert "Bwrdd Iechyd Prifysgol Afon Teifi" in _html(pack, "index.html")
    # The index of packs is in English: the name opens the English pages, "Cymraeg" the Welsh.
    packs = _html(built_sites[audience], "index.html")
    assert '<a href="afon-teifi/en/index.html">Afon Teifi University Health Board</a>' in packs
    assert '<a href="afon-teifi/index.html" hreflang="cy" lang="cy">Cymraeg</a>' in packs
    assert '<a href="northbridge/index.html">' in packs


def test_the_first_language_is_at_the_root() -> None:
    assert layout.language_folder("cy", ["cy", "en"]) == ""
    assert layout.language_folder("en", ["cy", "en"]) == "en/"
    assert layout.language_folder("cy", ["cy", "en"], "en") == "../"
    assert layout.language_folder("en", ["cy", "en"], "cy") == "en/"
    assert layout.language_folder("en", ["en", "cy"]) == ""
    assert layout.language_folder("cy", ["en", "cy"]) == "cy/"
    assert layout.language_folder("en", ["en", "cy"], "cy") == "../"
    assert layout.language_url("https://x.example/p/", "en", ["cy", "en"]) == (
        "https://x.example/p/en/"
    )
    assert layout.language_url("https://x.example/p/", "cy", ["cy", "en"]) == (
        "https://x.example/p/"
    )


def test_an_english_first_bilingual_pack_keeps_english_at_the_root(trust_copy, tmp_path) -> None:
    folder = trust_copy("afon-teifi")
    edit_trust(folder, "  languages: [cy, en]", "  languages: [en, cy]")
    pack = build.build_pack(folder, tmp_path / "out", Audience.PUBLIC, TODAY).target
    assert '<html lang="en"' in _html(pack, "index.html")
    assert '<html lang="cy"' in _html(pack / "cy", "index.html")
    assert not (pack / "en").exists()
    assert 'href="cy/patients.html"' in _html(pack, "patients.html")
    assert 'href="../patients.html"' in _html(pack / "cy", "patients.html")


def test_welsh_pages_use_welsh_interface_words_and_review_notice(built_sites) -> None:
    page = _html(built_sites["public"] / "afon-teifi", "patients.html")  # Welsh first: the root
    assert "Neidio i" in page  # Material's Welsh "Skip to content"
    assert "This translation" not in page
    assert "pp-banner--translation" in page  # no reviewer recorded yet
    english = _html(built_sites["public"] / "afon-teifi" / "en", "patients.html")
    assert "pp-banner--translation" not in english
    index = json.loads(
        (built_sites["public"] / "afon-teifi" / "search" / "search_index.json").read_text()
    )
    assert any("caniatâd" in doc["text"] for doc in index["docs"])


def test_a_recorded_reviewer_removes_the_notice_and_the_warning(trust_copy, capsys) -> None:
    folder = trust_copy("afon-teifi")
    path = folder / "trust.yml"
    assert main(["check", str(folder), "--today", "2026-12-01"]) == 0
    assert "the Welsh text awaits professional review" in capsys.readouterr().err
    path.write_text(
        path.read_text("utf-8")
        + "  translation_reviews:\n    cy:\n      reviewed_by: Welsh Language Services\n"
        "      reviewed_on: 2025-09-29\n",
        "utf-8",
    )
    assert main(["check", str(folder), "--today", "2026-12-01"]) == 0
    assert "awaits professional review" not in capsys.readouterr().err
    pack = compose.render_pack(folder, Audience.PUBLIC, TODAY, language="cy")
    assert pack.context.translation_awaits_review is False


def test_bilingual_pdfs_put_welsh_first(built_sites) -> None:
    downloads = built_sites["public"] / "afon-teifi" / "downloads"
    leaflet = page_texts(downloads / "afon-teifi-leaflet-a5.pdf")
    assert len(leaflet) <= 8
    assert "A gaf i recordio fy apwyntiad?" in leaflet[0]
    assert "Tudalen 1 o" in leaflet[0]
    english_start = next(
        i for i, text in enumerate(leaflet) if "Can I record my appointment?" in text
    )
    assert english_start > 0
    assert all("Dyddiad adolygu:" in text for text in leaflet[:english_start])
    assert all("Review date:" in text for text in leaflet[english_start:])
    notice = page_texts(downloads / "afon-teifi-notice.pdf")
    assert len(notice) == 2
    assert "Recordio eich apwyntiad" in notice[0] and "Recording your appointment" in notice[1]
    for page in built_sites["public"] / "afon-teifi", built_sites["public"] / "afon-teifi" / "en":
        html = _html(page, "patients.html")
        assert 'href="downloads/afon-teifi-leaflet-a5.pdf"' in html
        assert (page / "downloads" / "afon-teifi-leaflet-a5.pdf").is_file()
    assert "Argraffu" in _html(built_sites["public"] / "afon-teifi", "patients.html")


def test_diff_shows_a_change_to_the_welsh_text(trust_copy, capsys) -> None:
    new = trust_copy("afon-teifi")
    edit_trust(
        new,
        "Rhoddir radiotherapi yn y ganolfan ganser",
        "Rhoddir radiotherapi yn y ganolfan ganser newydd",
    )
    assert (
        main(["diff", "trusts/afon-teifi", str(new), "--today", "2026-12-01", "--exit-code"]) == 1
    )
    out = capsys.readouterr().out
    # Welsh first: the Welsh pages are the pack's root, the English ones in en/.
    assert "--- A gaf i recordio fy apwyntiad? (Cymraeg) (patients.md)" in out
    assert "+        Rhoddir radiotherapi yn y ganolfan ganser newydd" in out or (
        "Rhoddir radiotherapi yn y ganolfan ganser newydd" in out
    )
    assert "(en/patients.md)" not in out and "(cy/patients.md)" not in out
    assert "areas.radiotherapy.arrangements" in out


# --- the Welsh text: explanations in brackets, and names after words that mutate -----------


def test_every_explanation_on_an_english_patient_page_is_on_the_welsh_page_too() -> None:
    english = compose.render_pack(TRUSTS / "afon-teifi", Audience.PUBLIC, TODAY)
    welsh = compose.render_pack(
        TRUSTS / "afon-teifi",
        Audience.PUBLIC,
        TODAY,
        language="cy",
        loaded=english.loaded,
        english_report=english.readability,
    )
    words = list(zip(readability.explained_in("en"), readability.explained_in("cy"), strict=True))
    explained = []
    for key in readability.PATIENT_PAGES:  # these pages also make the PDFs
        name = english.context.pages[key].file
        en_page, cy_page = _text(english.markdown[name]), _text(welsh.markdown[name])
        for en, cy in words:
            assert en.term == cy.term and en.meaning != cy.meaning
            if f"({en.meaning})" in en_page:
                explained.append((name, en.term))
                assert f"({cy.meaning})" in cy_page, f"{name}: {cy.forms[0]} is not explained"
    assert len(explained) >= 4, explained


def test_welsh_words_are_explained_once_in_whichever_form_comes_first() -> None:
    meaning = {word.term: word.meaning for word in readability.explained_in("cy")}
    markdown = (
        "# Eich radiograffydd\n\nGofynnwch i'ch radiograffydd.\n\nBydd y radiograffwyr yn helpu.\n\n"
        "- **Triniaethau fel biopsïau**\n\nCyn eich fiopsi, ffoniwch ni.\n\n"
        "Sganiau o feddygaeth niwclear.\n"
    )
    explained = readability.explain_first_use(markdown, "cy")
    assert "# Eich radiograffydd\n" in explained  # not in headings
    assert f"i'ch radiograffydd ({meaning['radiographer']})." in explained
    assert explained.count(meaning["radiographer"]) == 1
    assert f"**Triniaethau fel biopsïau** ({meaning['biopsy']})" in explained
    assert explained.count(meaning["biopsy"]) == 1
    assert f"o feddygaeth niwclear ({meaning['nuclear medicine']})." in explained
    # English is explained as before, and never with the Welsh words.
    assert readability.explain_first_use("Ask your radiographer.") == (
        "Ask your radiographer (the person who does your X-ray, scan or treatment)."
    )
    assert readability.explain_first_use(markdown) == markdown


MUTATING = {
    # soft mutation ("gan Fwrdd Iechyd", "i Dîm", "o Bwyllgor", "neu Dîm")
    *("am", "ar", "at", "dan", "tan", "dros", "drwy", "trwy", "gan", "heb", "i", "o", "wrth"),
    *("hyd", "neu", "pa", "mor", "dau", "dwy", "un", "dy", "y", "yr", "dyma", "dyna", "dacw"),
    # nasal ("yng Nghaerdydd", "fy Nhîm"), aspirate ("â Thîm", "a Phwyllgor") and h- before a
    # vowel ("ein hAdran"); "ei" and "yn" can cause more than one
    *("yn", "ym", "yng", "fy", "â", "ag", "a", "gyda", "tua", "na", "tri", "chwe"),
    *("ei", "ein", "eu"),
}
"""Words after which a Welsh name would need a mutation (or an h-); also any word ending in
'i, 'w or 'r, and the imperative (-wch: "Ffoniwch Dîm ..."), whose object mutates."""

NOT_NAMES = re.compile(
    r"(cite|ref)\w*|date|on|prepared|reviewed|review|version|email|phone|url|website|"
    r"page|pages|paragraphs|standards|size|target"
)
"""Placeholders that hold numbers, dates, addresses or citations: nothing in them mutates."""

ALLOWED = {
    # (catalogue, word, placeholder): why the Welsh is right as it is
    # Our own link text, which the translator wrote for this place with its article:
    # "yn [y canllaw cyflym i staff]", so no mutation is needed.
    ("policy-during-care.po", "yn", "wording"),
    # Our own link text "eich barn a fformatau eraill": "eich" never mutates after "drwy".
    ("policy-governance.po", "drwy", "views"),
    # "ein" adds h- only before a vowel; the link text is our page title "Datganiad hygyrchedd".
    ("feedback.po", "ein", "statement"),
    # "neu" before the last format word: the translations of the format words (context
    # FORMAT_WORDS: "print bras", "recordiad sain", "iaith arall", "fformat ...") were chosen to
    # begin with letters that do not mutate, so the list reads right whichever comes last.
    ("data.po", "neu", "last"),
}


def test_no_inserted_name_follows_a_word_that_would_mutate_it() -> None:
    # A name from trust.yml or nations.yml cannot be mutated ("gan Bwrdd Iechyd" should be
    # "gan Fwrdd Iechyd"), so the Welsh puts it where it needs none: after a colon, a label, or
    # "y/yr" + a noun of the sentence's own ("â'r tîm hwn: ..."). Only the live messages count.
    live = catalogue.all_messages()
    before_placeholder = re.compile(r"(?<![\w'\u2019])([\w'\u2019]+)\s+[*_\[(\"\u201c]*%\((\w+)\)s")
    problems = []
    for path in i18n.catalogue_files("cy"):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale="cy")
        for message in catalog:
            if not isinstance(message.id, str) or message.id not in live:
                continue
            for match in before_placeholder.finditer(str(message.string)):
                word, name = match.group(1).lower().replace("\u2019", "'"), match.group(2)
                mutates = word in MUTATING or word.endswith(("'i", "'w", "'r", "wch"))
                if (
                    mutates
                    and not NOT_NAMES.fullmatch(name)
                    and (path.name, word, name) not in ALLOWED
                ):
                    problems.append(f"{path.name}: ...{match.group(0)}... in {message.id!r}")
    assert problems == [], "\n".join(problems)


def test_english_dates_are_written_as_babel_writes_them() -> None:
    """English dates skip loading Babel's locale data; the words must not change."""
    import datetime as dt

    from babel.dates import format_date

    english = i18n.translator("en")
    day = dt.date(2024, 1, 1)
    while day.year < 2029:
        assert english.long_date(day) == format_date(day, "d MMMM y", locale="en")
        day += dt.timedelta(days=1)
    assert english.long_date(None) == ""
    assert i18n.translator("cy").long_date(dt.date(2027, 3, 1)) == "1 Mawrth 2027"
