"""Four nations and Welsh: each nation's law and bodies, the bilingual config, the catalogues
(complete, and strict when one string is missing), the Welsh site and the bilingual PDFs."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from generator import bilingual, build, config, i18n, render
from generator.cli import main
from generator.errors import ConfigError
from generator.model import Audience
from generator.nations import NATIONS

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
    pack = build.render_pack(TRUSTS / slug, Audience.STAFF, TODAY)
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
    assert i18n.missing("cy") == {}
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
    pack = built_sites[audience] / "afon-teifi"
    english = sorted(p.name for p in pack.glob("*.html") if p.name != "404.html")
    welsh = sorted(p.name for p in (pack / "cy").glob("*.html") if p.name != "404.html")
    assert english == welsh and len(english) >= 14
    for name in english:
        en, cy = _html(pack, name), _html(pack / "cy", name)
        assert '<html lang="en"' in en and '<html lang="cy"' in cy
        assert f'href="cy/{name}"' in en and 'hreflang="cy"' in en
        assert f'href="../{name}"' in cy and 'hreflang="en"' in cy
    home = _html(pack / "cy", "index.html")
    assert "Bwrdd Iechyd Prifysgol Afon Teifi" in home


def test_welsh_pages_use_welsh_interface_words_and_review_notice(built_sites) -> None:
    page = _html(built_sites["public"] / "afon-teifi" / "cy", "patients.html")
    assert "Neidio i" in page  # Material's Welsh "Skip to content"
    assert "This translation" not in page
    assert "pp-banner--translation" in page  # no reviewer recorded yet
    english = _html(built_sites["public"] / "afon-teifi", "patients.html")
    assert "pp-banner--translation" not in english
    index = json.loads(
        (built_sites["public"] / "afon-teifi" / "cy" / "search" / "search_index.json").read_text()
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
    pack = build.render_pack(folder, Audience.PUBLIC, TODAY, language="cy")
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
    assert all("Adolygu erbyn" in text for text in leaflet[:english_start])
    assert all("Review by" in text for text in leaflet[english_start:])
    notice = page_texts(downloads / "afon-teifi-notice.pdf")
    assert len(notice) == 2
    assert "Recordio eich apwyntiad" in notice[0] and "Recording your appointment" in notice[1]
    for page in built_sites["public"] / "afon-teifi", built_sites["public"] / "afon-teifi" / "cy":
        html = _html(page, "patients.html")
        assert "afon-teifi-leaflet-a5.pdf" in html
    assert "Argraffu" in _html(built_sites["public"] / "afon-teifi" / "cy", "patients.html")


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
    assert "--- A gaf i recordio fy apwyntiad? (Cymraeg) (cy/patients.md)" in out
    assert "+        Rhoddir radiotherapi yn y ganolfan ganser newydd" in out or (
        "Rhoddir radiotherapi yn y ganolfan ganser newydd" in out
    )
    assert "(patients.md)\n" not in out.replace("(cy/patients.md)", "")
    assert "areas.radiotherapy.arrangements" in out
