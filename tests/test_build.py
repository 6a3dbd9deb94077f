"""End-to-end: real sites built from the examples, inspected as HTML."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.composing import render

from .conftest import EXAMPLES


class _Resources(HTMLParser):
    """Every URL a page would load by itself (scripts, styles, images, icons, frames)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video") and values.get("src"):
            self.loaded.append(values["src"] or "")
        if tag == "link" and values.get("href") and values.get("rel") not in ("canonical",):
            self.loaded.append(values["href"] or "")


def html_pages(out: Path, slug: str) -> list[Path]:
    return sorted((out / slug).glob("*.html"))


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_page_shows_organisation_version_and_review_date(built_sites, slug: str) -> None:
    marker = json.loads((built_sites["staff"] / slug / ".policypack.json").read_text())
    pages = html_pages(built_sites["staff"], slug)
    assert len(pages) >= len(render.pages_for("staff"))
    for page in pages:
        if page.name == "404.html":
            continue
        html = page.read_text("utf-8")
        assert marker["organisation"].replace("&", "&amp;") in html, page
        # Each page in its own language (a Welsh-first pack has Welsh at its root).
        welsh = '<html lang="cy"' in html
        version, review, statement = (
            ("Fersiwn", "Dyddiad adolygu:", "Datganiad hygyrchedd")
            if welsh
            else ("Version", "Review date:", "Accessibility statement")
        )
        assert f"{version} {marker['version']}" in html, page
        assert review in html, page
        assert f'href="accessibility.html">{statement}</a>' in html, page


@pytest.mark.parametrize("slug", EXAMPLES)
def test_brand_colour_and_logo_are_used(built_sites, slug: str) -> None:
    from generator.reading import config

    from .conftest import TRUSTS

    trust = config.load(TRUSTS / slug).trust
    css = (built_sites["public"] / slug / "assets" / "stylesheets" / "brand.css").read_text()
    assert f"--md-primary-fg-color: {trust.branding.primary_colour.upper()};" in css
    index = (built_sites["public"] / slug / "index.html").read_text()
    assert 'href="assets/stylesheets/brand.css"' in index
    assert re.search(r'<img src="assets/logo\.svg" alt="[^"]+"', index)


@pytest.mark.parametrize("audience", ["public", "staff"])
def test_nothing_loads_from_another_host(built_sites, audience: str) -> None:
    offenders = []
    for page in sorted(built_sites[audience].rglob("*.html")):
        parser = _Resources()
        parser.feed(page.read_text("utf-8"))
        offenders += [
            f"{page.name}: {url}" for url in parser.loaded if re.match(r"^(https?:)?//", url)
        ]
        if "fonts.googleapis" in page.read_text("utf-8"):
            offenders.append(f"{page.name}: Google Fonts")
    assert offenders == []


def test_search_index_is_inlined_for_file_urls(built_sites) -> None:
    script = (built_sites["public"] / "northbridge" / "search" / "search_index.js").read_text(
        "utf-8"
    )
    assert script.startswith("var __index = {")
    assert (
        built_sites["public"]
        / "northbridge"
        / "assets"
        / "javascripts"
        / "vendor"
        / "iframe-worker-shim.js"
    ).is_file()


def test_no_site_holds_search_scripts_its_search_never_loads(built_sites) -> None:
    """Every pack is searched in English (lunr has no Welsh), for which Material's search
    worker loads none of its other languages' scripts: they are not copied into the site;
    the worker itself is."""
    import json

    for audience in ("public", "staff"):
        for index in built_sites[audience].glob("*/**/search/search_index.json"):
            site = index.parent.parent
            assert json.loads(index.read_text("utf-8"))["config"]["lang"] == ["en"]
            assert not (site / "assets" / "javascripts" / "lunr").exists(), site
            assert list((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))


def test_no_published_file_shares_its_data_with_another_file(built_sites) -> None:
    """The work files of a build are second names of the logo, the pictures and the print
    template where the file system allows (output.link_or_copy); a published file is always a
    file of its own, so that changing it can never change a trust's or policypack's files."""
    for audience in ("public", "staff"):
        shared = [
            p for p in built_sites[audience].rglob("*") if p.is_file() and p.stat().st_nlink > 1
        ]
        assert not shared, shared[:3]
    logo = built_sites["public"] / "northbridge" / "assets" / "logo.svg"
    assert logo.is_file(), sorted(p.name for p in logo.parent.iterdir())


def test_the_search_scripts_left_out_are_the_ones_the_worker_does_not_load() -> None:
    """What Material's worker loads (workers/search.*.min.js): the stemmer support and each
    language but English, the multi-language script for more than one, tinyseg for Japanese
    and wordcut for Hindi and Thai."""
    import material

    from generator.publishing.site import mkdocs_hooks

    lunr = Path(material.__file__).parent / "templates" / mkdocs_hooks.LUNR
    every = {mkdocs_hooks.LUNR + str(path.relative_to(lunr)) for path in lunr.rglob("*.js")}
    assert len(every) > 30
    assert mkdocs_hooks.unused_search_scripts(["en"]) == every
    kept = every - mkdocs_hooks.unused_search_scripts(["en", "ja"])
    assert kept == {
        mkdocs_hooks.LUNR + name
        for name in (
            "min/lunr.stemmer.support.min.js",
            "min/lunr.ja.min.js",
            "min/lunr.multi.min.js",
            "tinyseg.js",
        )
    }
    kept = every - mkdocs_hooks.unused_search_scripts(["th"])
    assert kept == {
        mkdocs_hooks.LUNR + name
        for name in ("min/lunr.stemmer.support.min.js", "min/lunr.th.min.js", "wordcut.js")
    }
    worker = next((lunr.parent / "workers").glob("search.*.min.js")).read_text("utf-8")
    for name in ("min/lunr.stemmer.support.min.js", "min/lunr.multi.min.js", "tinyseg.js"):
        assert name in worker  # the worker still names what it loads, as above


def test_public_build_leaves_out_staff_pages_and_internal_contacts(built_sites) -> None:
    from generator.reading import config

    from .conftest import TRUSTS

    trust = config.load(TRUSTS / "northbridge").trust
    staff_only = [c.name for c in trust.contacts.staff] + [
        c.email for c in trust.contacts.staff if c.email
    ]
    staff_only += [
        area.staff_notes.split("\n")[0][:60]
        for area in (getattr(trust.areas, key) for key in type(trust.areas).model_fields)
        if area.staff_notes
    ]
    assert staff_only
    public = " ".join(
        p.read_text("utf-8") for p in (built_sites["public"] / "northbridge").rglob("*.html")
    )
    public += (built_sites["public"] / "northbridge" / "search" / "search_index.json").read_text(
        "utf-8"
    )
    staff = " ".join(
        p.read_text("utf-8") for p in (built_sites["staff"] / "northbridge").rglob("*.html")
    )
    for text in staff_only:
        assert text not in public
        assert text in staff
    assert not (built_sites["public"] / "northbridge" / "staff-contacts.html").exists()
    assert (built_sites["staff"] / "northbridge" / "staff-contacts.html").exists()


def test_draft_is_marked_on_every_page(built_sites) -> None:
    for page in html_pages(built_sites["public"], "minimal"):
        assert "DRAFT" in page.read_text("utf-8"), page


def test_index_lists_every_pack(built_sites) -> None:
    index = (built_sites["public"] / "index.html").read_text("utf-8")
    for slug in EXAMPLES:
        assert f'href="{slug}/index.html"' in index
    assert '<html lang="en">' in index
