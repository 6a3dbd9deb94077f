"""WCAG 2.2 AA in a real browser: axe-core on every page of every example, and the keyboard."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from generator.reading import config

from .browser import CHROMIUM_ARGS, axe_source, chromium_path, serve_folder
from .conftest import EXAMPLES, TRUSTS

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def mount_path(slug: str) -> str:
    """Where a pack is served: its site.url's path (its 404 page links from there), or /slug/."""
    url = config.load(TRUSTS / slug).trust.site.url
    return urlparse(url).path.strip("/") if url else slug


@pytest.fixture(scope="module")
def mounted(built_sites, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """For each (audience, pack), a web root with the pack at the path it is published under."""
    roots = {}
    for audience, out in built_sites.items():
        for slug in EXAMPLES:
            root = tmp_path_factory.mktemp(f"mounted-{audience}-{slug}")
            (root / "index.html").symlink_to(out / "index.html")
            target = root / mount_path(slug)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.symlink_to(out / slug, target_is_directory=True)
            roots[audience, slug] = root
    return roots


def _violations(page, axe: str) -> list[str]:
    page.add_script_tag(content=axe)
    found = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return result.violations.map(v => `${v.id} (${v.impact}): ` +
                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '));
        }""",
        AXE_TAGS,
    )
    return list(found)


@pytest.mark.parametrize("audience", ["public", "staff"])
@pytest.mark.parametrize("slug", EXAMPLES)
def test_no_axe_violations_on_any_page(
    browser, mounted, built_sites, audience: str, slug: str
) -> None:
    axe = axe_source()
    root = built_sites[audience] / slug
    # Every page in every language: the first language at the pack's root, another in cy/ or en/.
    pages = sorted(p.relative_to(root).as_posix() for p in root.rglob("*.html"))
    languages = len(config.load(TRUSTS / slug).trust.site.languages)
    assert len(pages) >= 14 * languages
    page = browser.new_page()
    problems = []
    with serve_folder(mounted[audience, slug]) as base:
        for name in pages:
            page.goto(f"{base}/{mount_path(slug)}/{name}")
            problems += [f"{slug}/{name}: {v}" for v in _violations(page, axe)]
        if slug == EXAMPLES[0]:
            page.goto(f"{base}/index.html")
            problems += [f"index.html: {v}" for v in _violations(page, axe)]
    page.close()
    assert problems == []


def test_keyboard_skip_link_focus_and_search(browser, mounted) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with serve_folder(mounted["public", "glenmoray"]) as base:
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
    with serve_folder(mounted["public", "afon-teifi"]) as base:
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
