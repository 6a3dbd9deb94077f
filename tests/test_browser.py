"""Built pages in a real headless Chromium: branded, searchable, and nothing leaves the machine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .browser import serve_folder

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser) -> Iterator[tuple[object, list[str]]]:
    """A fresh page that records every request and refuses any to another host."""
    context = browser.new_context()
    page = context.new_page()
    foreign: list[str] = []

    def guard(route) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "file://", "data:", "blob:", "about:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", guard)
    yield page, foreign
    context.close()


def search(page, term: str) -> list[str]:
    page.keyboard.press("/")  # Material's shortcut to the search box; keyboard users use it too
    page.keyboard.type(term)
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return page.locator(".md-search-result__item a").evaluate_all("links => links.map(a => a.href)")


def test_page_is_branded_and_search_works_over_http(built_sites: dict[str, Path], page) -> None:
    page, foreign = page
    with serve_folder(built_sites["staff"]) as base:
        page.goto(f"{base}/northbridge/index.html")
        assert "Northbridge University Hospitals NHS Foundation Trust" in page.title()
        header = page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor")
        assert header == "rgb(0, 94, 184)"  # #005EB8 from trust.yml
        font = page.eval_on_selector(".md-typeset", "e => getComputedStyle(e).fontFamily")
        assert font.startswith("Arimo,"), font  # the brand font, not Material's system stack
        assert "Review date: 1 March 2027" in page.inner_text(".pp-docinfo")
        assert "1 March 2027" in page.inner_text(".pp-footer")
        hits = search(page, "MRI")
        assert any("policy-areas.html" in hit for hit in hits), hits
        page.goto(f"{base}/index.html")
        assert page.locator("#packs tbody tr").count() == 5
    assert foreign == []


def test_search_works_from_file_urls(built_sites: dict[str, Path], page) -> None:
    page, foreign = page
    page.goto((built_sites["public"] / "glenmoray" / "index.html").as_uri())
    hits = search(page, "scanner")
    assert hits and all(hit.startswith("file://") for hit in hits)
    page.goto((built_sites["public"] / "afon-teifi" / "index.html").as_uri())  # in Welsh
    hits = search(page, "sganiwr")
    assert hits and all(hit.startswith("file://") for hit in hits)
    assert foreign == []


def test_a_zensical_site_is_branded_and_loads_nothing_from_elsewhere(
    zensical_sites: dict[str, Path], page
) -> None:
    """The second engine draws the same pack: brand colour and font, the document facts, the
    footer; over http and from file://, with no request to another host."""
    page, foreign = page
    with serve_folder(zensical_sites["staff"]) as base:
        for address in (
            f"{base}/northbridge/index.html",
            f"{base}/northbridge/staff-contacts.html",
        ):
            page.goto(address)
            assert "Northbridge University Hospitals NHS Foundation Trust" in page.title()
            header = page.eval_on_selector(".md-header", "e => getComputedStyle(e).backgroundColor")
            assert header == "rgb(0, 94, 184)"
            font = page.eval_on_selector(".md-typeset", "e => getComputedStyle(e).fontFamily")
            assert font.startswith("Arimo,"), font
            assert "Review date: 1 March 2027" in page.inner_text(".pp-docinfo")
            assert "1 March 2027" in page.inner_text(".pp-footer")
    page.goto((zensical_sites["public"] / "northbridge" / "patients.html").as_uri())
    assert page.locator("h1").first.inner_text().startswith("Can I record my appointment?")
    assert foreign == []


def test_a_zensical_site_indexes_every_page_for_search(zensical_sites: dict[str, Path]) -> None:
    """Zensical 0.0.73's search dialog does not open in headless Chromium (nor on a plain
    Zensical site), so its index is checked instead: every page, and the words in it."""
    import json

    root = zensical_sites["public"] / "northbridge"
    index = json.loads((root / "search.json").read_text("utf-8"))
    pages = {item["location"].split("#")[0] for item in index["items"]}
    assert pages == {p.name for p in root.glob("*.html") if p.name != "404.html"}
    assert any(
        item["location"].startswith("policy-areas.html") and "MRI" in item["text"]
        for item in index["items"]
    )
    assert (root / "search.js").read_text("utf-8").startswith("var __index = ")  # file://
