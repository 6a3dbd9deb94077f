"""The Easy Read picture set (policy_templates/easy_read/): every picture described, safe to
publish, printable, and credited under its licence."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from generator import i18n, resources
from generator.reading import assets

FOLDER = resources.TEMPLATES / "easy_read"
PICTURES = yaml.safe_load((FOLDER / "pictures.yml").read_text("utf-8"))


def test_every_picture_is_described_and_every_file_is_a_picture() -> None:
    files = {p.name for p in (FOLDER / "pictures").glob("*.svg")}
    assert files == {entry["file"].removeprefix("pictures/") for entry in PICTURES.values()}
    assert len(PICTURES) >= 20


@pytest.mark.parametrize("key", sorted(PICTURES))
def test_each_picture_says_what_it_shows_in_every_language(key: str) -> None:
    entry = PICTURES[key]
    assert set(entry["alt"]) == set(i18n.LANGUAGES)
    for text in entry["alt"].values():
        assert 1 <= len(text.split()) <= 25 and text.endswith("."), text
    assert entry["source"] and entry["licence"]


@pytest.mark.parametrize("key", sorted(PICTURES))
def test_each_picture_is_as_safe_to_publish_as_a_logo(key: str) -> None:
    assets.check_logo(FOLDER / PICTURES[key]["file"])  # raises on scripts, links, size


def test_every_licence_named_is_credited() -> None:
    credits = (FOLDER / "PICTURES.md").read_text("utf-8")
    for licence in {entry["licence"] for entry in PICTURES.values()}:
        named = "Pictogrammers" if "Pictogrammers" in licence else licence.split(",")[0]
        assert named in credits, licence
    assert (FOLDER / "LICENSE-Pictogrammers.txt").is_file()
    assert (FOLDER / "LICENSE-Apache-2.0.txt").is_file()


def test_every_picture_prints(tmp_path: Path) -> None:
    """Typst (which prints the PDFs) draws each picture at 20 mm, with its alt text."""
    import typst

    from generator.publishing import typeset

    cells = []
    for key, entry in sorted(PICTURES.items()):
        (tmp_path / f"{key}.svg").write_bytes((FOLDER / entry["file"]).read_bytes())
        cells.append(f'image("{key}.svg", alt: "{key}", width: 20mm)')
    (tmp_path / "sheet.typ").write_text(
        '#set document(title: "pictures")\n#set text(lang: "en")\n'
        f"#grid(columns: 6, gutter: 4mm, {', '.join(cells)})\n",
        "utf-8",
    )
    compiler = typst.Compiler(font_paths=typeset._fonts(0), ignore_system_fonts=True)
    pdf = compiler.compile(
        input=tmp_path / "sheet.typ",
        root=tmp_path,
        pdf_standards=["ua-1"],
        timestamp=dt.datetime(2026, 12, 1, tzinfo=dt.UTC),
    )
    assert isinstance(pdf, bytes) and typeset.page_count(pdf) == 1
