"""Rendered Markdown: escaping, golden wording, and coverage of the guidance."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext
import pytest

from generator import resources
from generator.composing import compose, context, render
from generator.reading.model import Audience

from .conftest import EXAMPLES, ROOT, TODAY, TRUSTS

GOLDEN = ROOT / "tests" / "golden" / "northbridge-staff"
UPDATE_COMMAND = "policypack render trusts/northbridge --audience staff --today 2026-12-01 --out tests/golden/northbridge-staff"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Plain name", "Plain name"),
        ("[click](javascript:alert(1))", "&#91;click&#93;(javascript:alert(1))"),
        ("<script>alert(1)</script>", "&#60;script&#62;alert(1)&#60;/script&#62;"),
        ("{{ 7 * 7 }}", "&#123;&#123; 7 &#42; 7 &#125;&#125;"),
        ("A & B", "A &amp; B"),
        ("two\nlines", "two lines"),
        ("| table | cell |", "&#124; table &#124; cell &#124;"),
        ("{: onclick=x }", "&#123;: onclick&#61;x &#125;"),
    ],
)
def test_config_text_is_escaped(value: str, expected: str) -> None:
    assert render.escape_markdown(value) == expected


def test_paragraphs_cannot_start_lists_or_quotes() -> None:
    assert (
        render.paragraphs("1. one\n\n- two\n\n> three")
        == "&#49;&#46; one\n\n&#45; two\n\n&#62; three"
    )


def test_printing_none_is_an_error() -> None:
    from generator.errors import TemplateError

    with pytest.raises(TemplateError, match="None"):
        render.environment().from_string("{{ value }}").render(value=None)


def test_hostile_names_stay_text_in_rendered_pages(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "hostile"
    shutil.copytree(TRUSTS / "minimal", folder)
    text = (folder / "trust.yml").read_text()
    text = text.replace(
        "owner: Head of Imaging Services",
        'owner: "<img src=x onerror=alert(1)> [x](javascript:alert(1)) {{ 7*7 }}"',
    )
    (folder / "trust.yml").write_text(text)
    pack = compose.render_pack(folder, Audience.PUBLIC, TODAY)
    everything = "\n".join(pack.markdown.values())
    # The only pictures are the Easy Read page's own, each from the shipped set.
    images = re.findall(r"<img[^>]*>", everything)
    assert images and all(
        re.fullmatch(
            r'<img class="pp-picture" src="assets/easy-read/[\w-]+\.svg" alt="[^"<>]*" '
            r'width="96" height="96">',
            image,
        )
        for image in images
    ), images
    assert "](javascript:" not in everything and "49" not in everything


def test_golden_markdown_for_northbridge() -> None:
    pack = compose.render_pack(TRUSTS / "northbridge", Audience.STAFF, TODAY)
    golden = {p.name: p.read_text("utf-8") for p in sorted(GOLDEN.glob("*.md"))}
    if os.environ.get("UPDATE_GOLDEN") == "1":  # pragma: no cover - explicit refresh
        pytest.skip(f"refresh with: {UPDATE_COMMAND}")
    assert sorted(golden) == sorted(pack.markdown), (
        f"pages changed; review, then run: {UPDATE_COMMAND}"
    )
    for name, text in pack.markdown.items():
        assert text == golden[name], f"{name} changed; review the diff, then run: {UPDATE_COMMAND}"


def _cited(text: str, rec_id: str) -> bool:
    token = rec_id.removeprefix("ISAS ")
    return re.search(rf"(?<![\d.]){re.escape(token)}(?![\d])", text) is not None


@pytest.mark.parametrize("slug", EXAMPLES)
def test_each_recommendation_is_cited_where_the_matrix_says(slug: str) -> None:
    pack = compose.render_pack(TRUSTS / slug, Audience.STAFF, TODAY)
    files = {key: link.file for key, link in pack.context.pages.items()}
    for rec in pack.context.recommendations:  # pages judged for this pack (some are conditional)
        assert rec.pages, rec.id
        for where in rec.pages:
            key = where.split("#")[0]
            text = pack.markdown[files[key]]
            assert _cited(text, rec.id), f"{rec.id} is matched to {key} but not cited there"
            if "#" in where:
                assert "{ #" + where.split("#")[1] + " }" in text, f"{where}: no such anchor"


def test_policy_covers_every_paragraph_of_sections_4_and_5() -> None:
    pack = compose.render_pack(TRUSTS / "northbridge", Audience.PUBLIC, TODAY)
    policy = "\n".join(text for name, text in pack.markdown.items() if name.startswith("policy"))
    wanted = ["4.1", "4.2", "4.3", "4.4"] + [f"5.{n}" for n in range(1, 17)]
    assert [p for p in wanted if not _cited(policy, p)] == []
    matrix_ids = {r.id for r in context.recommendations()}
    assert set(wanted) <= matrix_ids
    assert {"ISAS FR5(e)", "ISAS PE1(c)"} <= matrix_ids


# --- compiled templates, kept across runs ----------------------------------------------------


def _environment(folder: Path, **settings: Any) -> jinja2.Environment:
    """A Jinja environment as a new process makes one (a cache with nothing in memory)."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder), bytecode_cache=render.TemplateCache(), **settings
    )


@pytest.fixture
def template_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(folder))
    (tmp_path / "templates").mkdir()
    return folder


def _no_compiling(monkeypatch: pytest.MonkeyPatch) -> None:
    def compile(*_: object, **__: object) -> None:
        raise AssertionError("compiled again instead of read from the cache")

    monkeypatch.setattr(jinja2.Environment, "compile", compile)


def test_a_new_process_reads_compiled_templates_back(
    template_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "templates"
    (folder / "page.md.j2").write_text("Hello {{ name }}")
    assert _environment(folder).get_template("page.md.j2").render(name="one") == "Hello one"
    assert len(list((template_cache / "jinja").glob("*.jinja"))) == 1
    with monkeypatch.context() as patched:
        _no_compiling(patched)
        assert _environment(folder).get_template("page.md.j2").render(name="two") == "Hello two"
    (folder / "page.md.j2").write_text("Goodbye {{ name }}")  # an edit is compiled afresh
    assert _environment(folder).get_template("page.md.j2").render(name="x") == "Goodbye x"


def test_compiled_templates_are_kept_apart_by_the_settings_they_were_compiled_with(
    template_cache: Path, tmp_path: Path
) -> None:
    """Jinja names bytecode by template alone; whitespace rules and extensions compile the
    same source differently, so they are part of the name here."""
    folder = tmp_path / "templates"
    (folder / "page.md.j2").write_text("{% if true %}\nA\n{% endif %}\n")
    assert _environment(folder, trim_blocks=True).get_template("page.md.j2").render() == "A\n"
    assert _environment(folder).get_template("page.md.j2").render() == "\nA\n"


class _Shout(jinja2.ext.Extension):
    loud = False

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return source.upper() if self.loud else source


def test_a_changed_preprocessor_compiles_afresh(
    template_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "templates"
    (folder / "page.md.j2").write_text("quiet")
    assert _environment(folder, extensions=[_Shout]).get_template("page.md.j2").render() == "quiet"
    monkeypatch.setattr(_Shout, "loud", True)
    assert _environment(folder, extensions=[_Shout]).get_template("page.md.j2").render() == "QUIET"


@pytest.mark.parametrize("broken", ["not a folder", "not bytecode", "switched off"])
def test_an_unusable_template_cache_never_breaks_a_render(
    broken: str, template_cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "templates"
    (folder / "page.md.j2").write_text("Hello {{ name }}")
    if broken == "not a folder":
        template_cache.write_text("a file where the cache folder would be")
    elif broken == "not bytecode":
        _environment(folder).get_template("page.md.j2")
        for stored in (template_cache / "jinja").glob("*.jinja"):
            stored.write_bytes(b"garbage")
    else:
        monkeypatch.setenv("POLICYPACK_CACHE_DIR", "")
    assert _environment(folder).get_template("page.md.j2").render(name="x") == "Hello x"
    assert _environment(folder).get_template("page.md.j2").render(name="y") == "Hello y"


def test_pages_are_the_same_from_a_warm_cache_and_with_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def pages() -> dict[str, str]:
        render._environment.cache_clear()
        render.COMPILED_TEMPLATES.clear()
        return compose.render_pack(TRUSTS / "northbridge", Audience.STAFF, TODAY).markdown

    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "cache"))
    compiled = pages()
    with monkeypatch.context() as patched:
        _no_compiling(patched)
        warm = pages()
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", "")
    try:
        assert warm == compiled == pages()
    finally:
        render._environment.cache_clear()


def test_an_edited_pages_yml_is_read_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`serve` renders again in the same process after each edit: the project's own pages.yml,
    added, edited (even to the same size) or removed, is what the next render uses."""
    monkeypatch.chdir(tmp_path)
    shipped = resources.TEMPLATES / "pages.yml"
    assert render.pages_for("staff")[0].title == "Recording your care"
    own = tmp_path / "policy_templates" / "pages.yml"
    own.parent.mkdir()
    text = shipped.read_text("utf-8")
    own.write_text(text.replace("title: Staff quick guide", "title: Quick guide"), "utf-8")

    def titles() -> dict[str, str]:
        pack = compose.render_pack(TRUSTS / "minimal", Audience.STAFF, TODAY)
        return {key: link.title for key, link in pack.context.pages.items()}

    assert titles()["quick_guide"] == "Quick guide"
    before = own.stat()
    own.write_text(text.replace("title: Staff quick guide", "title: Staff guide"), "utf-8")
    assert own.stat().st_size == before.st_size  # an edit that keeps the size...
    os.utime(own, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))  # ...is a new time
    assert titles()["quick_guide"] == "Staff guide"
    own.write_text(text.replace("title: Staff quick guide", "title: Quick guide for staff"))
    assert [s.title for s in render.pages_for("staff") if s.key == "quick_guide"] == [
        "Quick guide for staff"
    ]
    own.unlink()
    assert titles()["quick_guide"] == "Staff quick guide"
