"""The site engine module: strict builds, offline search, and config written as data."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.errors import SiteBuildError
from generator.publishing import site
from generator.publishing.site import mkdocs_engine

EPOCH = 1_796_083_200  # 2026-12-01


def spec(**changes: object) -> site.SiteSpec:
    values: dict[str, object] = {
        "site_name": 'A "quoted": {{ name }} & more',
        "site_url": None,
        "nav": [{"Home": "index.md"}, {"Accessibility statement": "accessibility.md"}],
        "logo": "assets/logo.svg",
        "extra": {
            "accessibility_page": "accessibility.html",
            "version": "1.0",
            "title": "A policy",
            "organisation": "An organisation",
            "logo_alt": "An organisation logo",
            "alternates": [],
            "text": dict.fromkeys(
                [
                    "draft_label",
                    "draft_banner",
                    "review_due_label",
                    "review_due_banner",
                    "translation_banner",
                    "docinfo_label",
                    "facts",
                    "accessibility",
                    "not_found_title",
                    "not_found_text",
                    "not_found_home",
                    "home",
                ],
                "words",
            )
            | {"controls": {}},
        },
    }
    values.update(changes)
    return site.SiteSpec(**values)  # type: ignore[arg-type]


def make_docs(tmp_path: Path, index: str) -> Path:
    docs = tmp_path / "docs"
    (docs / "assets" / "stylesheets").mkdir(parents=True)
    (docs / "assets" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (docs / "assets" / "stylesheets" / "brand.css").write_text(":root {}\n")
    (docs / "index.md").write_text(index)
    (docs / "accessibility.md").write_text("# Accessibility statement\n")
    return docs


def build(tmp_path: Path, index: str, site_url: str | None = None) -> Path:
    docs = make_docs(tmp_path, index)
    config = site.write_config(
        spec(site_url=site_url), docs, tmp_path / "site", tmp_path / "mkdocs.yml"
    )
    site.build(config, EPOCH)
    return tmp_path / "site"


def test_config_is_data_that_inherits_the_base(tmp_path: Path) -> None:
    docs = make_docs(tmp_path, "# Home\n")
    path = site.write_config(spec(), docs, tmp_path / "site", tmp_path / "mkdocs.yml")
    written = yaml.safe_load(path.read_text())
    assert written["INHERIT"] == str(mkdocs_engine.BASE_CONFIG)
    assert written["site_name"] == 'A "quoted": {{ name }} & more'
    assert written["hooks"] == [str(mkdocs_engine.HOOKS)] and mkdocs_engine.HOOKS.is_file()


def test_mkdocs_itself_reuses_the_theme_work_through_the_hook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`policypack serve` rebuilds with MkDocs' own commands; the hook still applies."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    docs = make_docs(tmp_path, "# Home\n")
    path = site.write_config(spec(), docs, tmp_path / "site", tmp_path / "mkdocs.yml")
    config = load_config(config_file=str(path))
    kept: list[Any] = []
    keep = mkdocs_engine.keep_theme_work
    monkeypatch.setattr(mkdocs_engine, "keep_theme_work", lambda env: kept.append(keep(env)) or env)
    with mkdocs_engine._captured_warnings():
        mkdocs_build(config)
    # Every environment the theme made keeps the work: the one MkDocs renders with, and the
    # ones Material's search plugin makes in its own on_config (ours runs before it).
    assert len(kept) >= 2
    for env in kept:
        assert env.bytecode_cache is mkdocs_engine._COMPILED_TEMPLATES
        assert isinstance(env.loader, mkdocs_engine._ThemeLoader)


def test_the_theme_files_mkdocs_copies_are_listed_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """MkDocs lists the theme's files before on_env: on_config has the theme make its
    environment with the kept listing, so a build walks only the project's own folders."""
    import jinja2

    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "cache"))
    mkdocs_engine._installed_files.cache_clear()  # listed afresh, into this cache
    first = build(tmp_path / "first", "# Home\n")
    walked: list[list[str]] = []
    list_templates = jinja2.FileSystemLoader.list_templates

    def walking(self: jinja2.FileSystemLoader) -> list[str]:
        walked.append([str(folder) for folder in self.searchpath])
        return list_templates(self)

    monkeypatch.setattr(jinja2.FileSystemLoader, "list_templates", walking)
    mkdocs_engine._installed_files.cache_clear()  # as a new process finds it
    second = build(tmp_path / "second", "# Home\n")
    assert not any(mkdocs_engine._is_installed(f) for folders in walked for f in folders)
    assert sorted(p.relative_to(first) for p in first.rglob("*")) == sorted(
        p.relative_to(second) for p in second.rglob("*")
    )


def test_builds_and_inlines_the_search_index(tmp_path: Path) -> None:
    out = build(tmp_path, "# Home\n\nSee the [statement](accessibility.md).\n")
    assert (out / "index.html").is_file()
    assert (out / "search" / "search_index.js").read_text().startswith("var __index = {")


@pytest.mark.parametrize(
    ("index", "complaint"),
    [
        ("# Home\n\n[gone](missing.md)\n", "missing.md"),
        ("# Home\n\n[gone](accessibility.md#nowhere)\n", "nowhere"),
    ],
)
def test_strict_mode_refuses_broken_links(tmp_path: Path, index: str, complaint: str) -> None:
    with pytest.raises(SiteBuildError, match=complaint):
        build(tmp_path, index)


def test_sitemap_is_dated_from_the_build_epoch(tmp_path: Path) -> None:
    out = build(tmp_path, "# Home\n", site_url="https://www.example.nhs.uk/recording/")
    assert "<lastmod>2026-12-01</lastmod>" in (out / "sitemap.xml").read_text()


def test_compiled_templates_are_reused_until_their_source_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One process builds many packs: compiled theme templates are kept, keyed by source. Each
    build makes a fresh environment (as MkDocs does), so only the shared cache saves a compile."""
    import jinja2

    compiled: list[str | None] = []
    compile_source = jinja2.Environment.compile

    def counting_compile(self: jinja2.Environment, source: Any, name: Any = None, *a: Any) -> Any:
        compiled.append(name)
        return compile_source(self, source, name, *a)

    monkeypatch.setattr(jinja2.Environment, "compile", counting_compile)

    class Theme:  # a fresh environment for each build, as MkDocs makes, with the hook's work
        def get_env(self) -> jinja2.Environment:
            env = jinja2.Environment(loader=jinja2.FileSystemLoader([str(tmp_path)]))
            return mkdocs_engine.keep_theme_work(env)

    theme = Theme()
    (tmp_path / "page.html").write_text("one")
    assert theme.get_env().get_template("page.html").render() == "one"
    assert compiled == ["page.html"]
    assert theme.get_env().get_template("page.html").render() == "one"
    assert compiled == ["page.html"], "a second build compiled the unchanged template again"
    (tmp_path / "page.html").write_text("two")
    assert theme.get_env().get_template("page.html").render() == "two"
    assert compiled == ["page.html", "page.html"]


def test_theme_files_are_listed_without_hidden_folders_and_overrides_afresh(
    tmp_path: Path,
) -> None:
    import material

    theme = str(Path(material.__file__).parent / "templates")
    loader = mkdocs_engine._ThemeLoader([str(tmp_path), theme])
    listed = loader.list_templates()
    assert any(name.startswith("assets/javascripts/bundle.") for name in listed)
    assert not any(part.startswith(".") for name in listed for part in name.split("/"))
    (tmp_path / "extra.css").write_text("")
    assert "extra.css" in loader.list_templates()  # the project's folder is read each time


def _rules_setting(css: str, prop: str) -> list[tuple[str, str]]:
    """(selector, value) for each innermost rule of `css` that sets the custom property."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        value = re.search(rf"(?:^|;)\s*{re.escape(prop)}\s*:([^;]*)", body)
        if value:
            found += [(s.strip(), value.group(1).strip()) for s in selectors.split(",")]
    return found


def _specificity(selector: str) -> tuple[int, int, int]:
    """CSS specificity of a simple selector (ids, classes/attributes/pseudo-classes, types)."""
    selector = re.sub(r"::[\w-]+", "", selector)
    ids = len(re.findall(r"#[\w-]+", selector))
    classes = len(re.findall(r"\.[\w-]+|\[[^\]]*\]|(?<!:):[\w-]+", selector))
    types = len(re.findall(r"(?:^|[\s>+~])[a-zA-Z][\w-]*", selector))
    return ids, classes, types


@pytest.mark.parametrize(
    ("prop", "brand"),
    [("--md-text-font-family", "Arimo"), ("--md-code-font-family", '"DejaVu Sans Mono"')],
)
def test_the_brand_fonts_win_over_the_themes_on_body(tmp_path: Path, prop: str, brand: str) -> None:
    """Material sets the font variables on `body`, so a value on :root never reaches the page."""
    stylesheets = build(tmp_path, "# Home\n") / "assets" / "stylesheets"
    (theme_css,) = stylesheets.glob("main.*.min.css")
    theirs = _rules_setting(theme_css.read_text("utf-8"), prop)
    assert [selector for selector, _ in theirs] == ["body"], theirs  # what this test assumes
    ours = [
        (selector, value)
        for selector, value in _rules_setting((stylesheets / "policypack.css").read_text(), prop)
        if re.search(r"(?:^|\s)body(?:$|[\s.:\[])", selector)
    ]
    assert ours, f"policypack.css does not set {prop} on body"
    for selector, value in ours:
        assert value.startswith(brand), (selector, value)
        assert _specificity(selector) > _specificity("body"), selector


def test_building_twice_in_one_process_gives_the_same_site(tmp_path: Path) -> None:
    first = build(tmp_path / "a", "# Home\n")
    second = build(tmp_path / "b", "# Home\n")
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(
        p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()
    )
    assert "assets/javascripts/bundle" in " ".join(names)


def test_the_installed_themes_files_are_listed_once_across_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Walking Material's files is a tenth of a second; a later run reads the list back,
    until the theme's folders change (a reinstall or an upgrade), or the list is unreadable."""
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "cache"))
    theme = tmp_path / "theme"
    (theme / "partials").mkdir(parents=True)
    (theme / ".icons").mkdir()
    (theme / "main.html").write_text("")
    (theme / ".icons" / "a.svg").write_text("")
    listed = mkdocs_engine._installed_files.__wrapped__(str(theme))
    assert listed == ("main.html",)
    with monkeypatch.context() as patched:
        patched.setattr(mkdocs_engine, "_files", lambda folder: pytest.fail("listed again"))
        assert mkdocs_engine._installed_files.__wrapped__(str(theme)) == listed
    (theme / "partials" / "footer.html").write_text("")
    assert mkdocs_engine._installed_files.__wrapped__(str(theme)) == (
        "main.html",
        "partials/footer.html",
    )
    for stored in (tmp_path / "cache" / "theme-files").glob("*.json"):
        stored.write_text('{"not": "a list"}')
    assert mkdocs_engine._installed_files.__wrapped__(str(theme)) == (
        "main.html",
        "partials/footer.html",
    )
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "theme" / "main.html"))  # no cache
    assert mkdocs_engine._installed_files.__wrapped__(str(theme)) == (
        "main.html",
        "partials/footer.html",
    )
