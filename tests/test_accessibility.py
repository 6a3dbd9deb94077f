"""WCAG 2.2 AA in a real browser: axe-core on every page template in every language and
audience, on each example's own colours and banners, on the second engine's pages, and the
keyboard."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from generator.composing import render
from generator.reading import config

from .browser import axe_path, serve_folder
from .conftest import (
    EXAMPLES,
    TRUSTS,
    ZENSICAL_EVERY_PAGE,
    ZENSICAL_EXAMPLES,
    zensical_packs,
)

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def mount_path(slug: str) -> str:
    """Where a pack is served: its site.url's path (its 404 page links from there), or /slug/."""
    url = config.load(TRUSTS / slug).trust.site.url
    return urlparse(url).path.strip("/") if url else slug


@pytest.fixture(scope="module")
def mounted(
    built_sites, zensical_sites, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str, str], Path]:
    """For each (engine, audience, pack), a web root with the pack at the path it is published
    under (and, for the MkDocs builds, the index of packs at the root)."""
    roots = {}
    for engine, sites, slugs in (
        ("mkdocs", built_sites, EXAMPLES),
        ("zensical", zensical_sites, ZENSICAL_EXAMPLES),
    ):
        for audience, out in sites.items():
            for slug in (s for s in slugs if (out / s).is_dir()):
                root = tmp_path_factory.mktemp(f"mounted-{engine}-{audience}-{slug}")
                if (out / "index.html").is_file():
                    (root / "index.html").symlink_to(out / "index.html")
                target = root / mount_path(slug)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.symlink_to(out / slug, target_is_directory=True)
                (root / AXE).symlink_to(axe_path())
                roots[engine, audience, slug] = root
    return roots


AXE = "__axe.min.js"
"""axe-core, served beside the pages it checks (a file, so the browser compiles it once)."""


_RUN = """async (tags) => {
    const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
    return result.violations.map(v => `${v.id} (${v.impact}): ` +
        v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
}"""


def violations(browser, base: str, addresses: list[str]) -> list[str]:
    """axe-core's findings on each page at `base` + address, as '<address>: <rule> ...'."""
    page = browser.new_page()
    found: list[str] = []
    for address in addresses:
        page.goto(f"{base}/{address}")
        page.add_script_tag(url=f"{base}/{AXE}")
        found += [f"{address}: {v}" for v in page.evaluate(_RUN, AXE_TAGS)]
    page.close()
    return found


EVERY_TEMPLATE = "afon-teifi"
"""The pack whose every page is checked, for each audience: in Welsh and English it holds every
page template of both languages (test_every_page_template_is_checked_in_both_languages)."""
SAMPLE = ("index.html",)
"""What is checked of every other pack, in each of its languages: its own colours (header,
links, buttons) and banners (draft, review due) on its home page; its pages' templates are
those EVERY_TEMPLATE's pages are checked on."""


def pages_to_check(root: Path, engine: str, slug: str, audience: str, public: Path) -> list[str]:
    """Every page template, in every language and audience, is checked once (EVERY_TEMPLATE);
    each other pack is sampled; of the packs built with the second engine, one is checked on
    every page of its public site and on the pages only its staff site has, the others
    sampled."""
    every = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    if engine == "mkdocs" and slug == EVERY_TEMPLATE:
        return every
    if engine == "zensical" and slug == ZENSICAL_EVERY_PAGE:
        if audience == "public":
            return every
        return [name for name in every if not (public / name).is_file()] + ["index.html"]
    return [name for name in every if name.split("/")[-1] in SAMPLE]


def test_every_page_template_is_checked_in_both_languages(built_sites) -> None:
    for audience in ("public", "staff"):
        root = built_sites[audience] / EVERY_TEMPLATE
        files = {spec.file.replace(".md", ".html") for spec in render.pages_for(audience)}
        for folder in ("", "en/"):  # Welsh at the root, English in en/
            assert {f"{folder}{name}" for name in files} <= {
                p.relative_to(root).as_posix() for p in root.rglob("*.html")
            }
    assert len(config.load(TRUSTS / EVERY_TEMPLATE).trust.site.languages) == 2


@pytest.mark.parametrize(
    ("engine", "slug", "audience"),
    [("mkdocs", slug, audience) for slug in EXAMPLES for audience in ("public", "staff")]
    + [
        ("zensical", slug, audience)
        for audience in ("public", "staff")
        for slug in zensical_packs(audience)
    ],
)
def test_no_axe_violations(
    browser, mounted, built_sites, zensical_sites, engine: str, audience: str, slug: str
) -> None:
    sites = built_sites if engine == "mkdocs" else zensical_sites
    root = sites[audience] / slug
    pages = pages_to_check(root, engine, slug, audience, sites["public"] / slug)
    languages = len(config.load(TRUSTS / slug).trust.site.languages)
    every = slug == (EVERY_TEMPLATE if engine == "mkdocs" else ZENSICAL_EVERY_PAGE)
    if engine == "zensical" and every and audience == "staff":
        assert len(pages) >= 2  # the pages only the staff site has, and its home page
    else:
        assert len(pages) >= (14 if every else len(SAMPLE)) * languages
    addresses = [f"{mount_path(slug)}/{name}" for name in pages]
    if slug == EXAMPLES[0] and engine == "mkdocs":
        addresses.append("index.html")  # the index of packs
    with serve_folder(mounted[engine, audience, slug]) as base:
        assert violations(browser, base, addresses) == []


def test_the_axe_check_finds_a_violation(browser, tmp_path: Path) -> None:
    """A page with an image without alt text, and text too faint to read, fails."""
    (tmp_path / "bad.html").write_text(
        '<!doctype html><html lang="en"><title>t</title><main><img src="x.png">'
        '<p style="color:#ccc;background:#fff">faint</p></main></html>'
    )
    (tmp_path / "good.html").write_text(
        '<!doctype html><html lang="en"><title>t</title><main><p>ok</p></main></html>'
    )
    (tmp_path / AXE).symlink_to(axe_path())
    with serve_folder(tmp_path) as base:
        found = violations(browser, base, ["good.html", "bad.html", "good.html"])
    assert sorted(line.split(" ")[:2] for line in found) == [
        ["bad.html:", "color-contrast"],
        ["bad.html:", "image-alt"],
    ], found


def test_keyboard_skip_link_focus_and_search(browser, mounted) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with serve_folder(mounted["mkdocs", "public", "glenmoray"]) as base:
        page.goto(f"{base}/{mount_path('glenmoray')}/patients.html")
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => ({cls: document.activeElement.className, text: document.activeElement.textContent.trim(),"
            " outline: getComputedStyle(document.activeElement).outlineStyle})"
        )
        assert "md-skip" in focused["cls"] and focused["text"] == "Skip to content"
        assert focused["outline"] != "none", "focus must be visible"
        tab_to(page, "input.md-search__input", "the search box", presses=60)
        page.keyboard.type("scanner")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
    page.close()


def tab_to(page, selector: str, what: str, presses: int) -> None:
    """Press Tab until the element matching `selector` has the focus (at most `presses`)."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"() => document.activeElement.matches({selector!r})"):
            return
    pytest.fail(f"{what} cannot be reached with the Tab key")


def test_language_switch_reached_by_keyboard_goes_to_the_same_page(browser, mounted) -> None:
    # afon-teifi is Welsh first: Welsh at the pack's root, English in en/.
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    root = f"/{mount_path('afon-teifi')}/patients.html"
    with serve_folder(mounted["mkdocs", "public", "afon-teifi"]) as base:
        page.goto(f"{base}/{mount_path('afon-teifi')}/en/patients.html")
        assert page.evaluate("() => document.documentElement.lang") == "en"
        tab_to(page, "a.pp-language", "the language switch", presses=40)
        outline = page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", "focus on the language switch must be visible"
        page.keyboard.press("Enter")
        page.wait_for_url(f"**{root}")
        assert page.evaluate("() => document.documentElement.lang") == "cy"
        assert page.locator("h1").first.inner_text().startswith("A gaf i recordio fy apwyntiad?")
        assert page.locator("h2 a.headerlink").first.get_attribute("title") == "Dolen i'r adran hon"
        # Welsh search finds Welsh words, diacritics included.
        page.locator("input.md-search__input").click()
        page.keyboard.type("caniatâd")
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        assert page.locator(".md-search[role=dialog]").get_attribute("aria-label") == (
            "Chwilio'r wefan hon"
        )
        page.keyboard.press("Escape")
        # And back to the same page in English.
        page.locator("a.pp-language").click()
        page.wait_for_function("() => document.documentElement.lang === 'en'")
        assert page.url.endswith("/en/patients.html")
    page.close()
