"""One set of document facts on every page and PDF, printed links that lead somewhere, table rows
kept whole, the site's logo text and its 404 page in the build's language."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator import i18n
from generator.composing import compose, render
from generator.publishing import build, layout, pdf
from generator.reading import config
from generator.reading.model import Audience

from .conftest import EXAMPLES, TODAY, TRUSTS
from .pdfs import page_texts

FILES = {spec.key: spec.file.replace(".md", ".html") for spec in render.pages_for("public")}


@cache
def rendered(slug: str, language: str) -> compose.RenderedPack:
    return compose.render_pack(TRUSTS / slug, Audience.PUBLIC, TODAY, language=language)


def languages(slug: str) -> list[str]:
    return list(config.load(TRUSTS / slug).languages)


def folder(built_sites, slug: str, language: str) -> Path:
    return built_sites["public"] / slug / layout.language_folder(language, languages(slug))


def expected_facts(slug: str, language: str) -> str:
    """The facts line, worked out from trust.yml (not from the code that prints it)."""
    trust = config.load(TRUSTS / slug).languages[language]
    translator = i18n.translator(language)
    t = translator.gettext
    d = trust.document
    draft = d.status == "draft"
    version = t("Version %(version)s DRAFT" if draft else "Version %(version)s")
    published_on = d.published_on or d.approved_on
    published = (
        t("Published: %(date)s") % {"date": translator.long_date(published_on)}
        if published_on and not draft
        else t("Not yet published")
    )
    review = t("Review date: %(date)s") % {"date": translator.long_date(d.review_by)}
    return " · ".join([version % {"version": d.version}, published, review])


class _Texts(HTMLParser):
    """The text of each element of a class (or tag), and every <img> inside it."""

    def __init__(self, wanted: str) -> None:
        super().__init__(convert_charrefs=True)
        self.wanted = wanted
        self.depth = 0
        self.found: list[list[str]] = []
        self.images: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if self.depth:
            if tag not in ("img", "br", "meta", "link", "input", "wbr"):
                self.depth += 1
            if tag == "img":
                self.images.append(dict(attrs))
        elif self.wanted in classes or tag == self.wanted:
            self.depth = 1
            self.found.append([])

    def handle_endtag(self, tag: str) -> None:
        if self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.found[-1].append(data)


def texts_of(page: Path, wanted: str) -> list[str]:
    parser = _Texts(wanted)
    parser.feed(page.read_text("utf-8"))
    return [" ".join("".join(parts).split()) for parts in parser.found]


def images_in(page: Path, wanted: str) -> list[dict[str, str | None]]:
    parser = _Texts(wanted)
    parser.feed(page.read_text("utf-8"))
    return parser.images


def pdf_texts(built_sites, slug: str, key: str) -> list[str]:
    path = built_sites["public"] / slug / "downloads" / f"{slug}-{key}.pdf"
    return [_unbroken(text.replace("\u200b", "")) for text in page_texts(path)]


def _unbroken(text: str) -> str:
    """Text without the line breaks after a '/' or an '@' (in a printed address, the only
    places one may break) or a hyphen ('PET-CT')."""
    return re.sub(r"(?<=\w)- (?=\w)", "-", re.sub(r"(?<=[/@]) ", "", text))


# --- one set of document facts ------------------------------------------------------------


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_facts_line_is_the_same_on_every_page_and_every_pdf(built_sites, slug: str) -> None:
    lines = {language: expected_facts(slug, language) for language in languages(slug)}
    for language, line in lines.items():
        pages = sorted(folder(built_sites, slug, language).glob("*.html"))
        assert pages
        for page in pages:
            assert texts_of(page, "pp-footer") and line in texts_of(page, "pp-footer")[0], page
            if page.name != "404.html":
                assert line in texts_of(page, "pp-docinfo")[0], page
    for spec in pdf.PRINTS:
        texts = pdf_texts(built_sites, slug, spec.key)
        for number, text in enumerate(texts, start=1):
            assert sum(line in text for line in lines.values()) == 1, (spec.key, number, text)
        for language, line in lines.items():
            # Once in the text of the part (under the organisation's name), as well as in the
            # running footer, which screen readers may skip.
            first = next(text for text in texts if line in text)
            assert first.count(line) == 2, (spec.key, language)


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_review_due_notice_is_in_the_pdfs_in_the_websites_words(built_sites, slug: str) -> None:
    for language in languages(slug):
        home = folder(built_sites, slug, language) / "index.html"
        notices = texts_of(home, "pp-banner--due")
        texts = [" ".join(pdf_texts(built_sites, slug, spec.key)) for spec in pdf.PRINTS]
        label = i18n.translator(language).gettext("Review due")
        if rendered(slug, languages(slug)[0]).context.review_due:
            assert notices, slug
            assert all(notices[0].replace(" :", ":") in text for text in texts), notices[0]
        else:
            assert not notices and not any(f"{label}:" in text for text in texts)


# --- printed links ------------------------------------------------------------------------

LINK = re.compile(r"(?<!!)\[([^\]]+)\]\(([^)\s]+)\)")


@pytest.mark.parametrize("slug", EXAMPLES)
def test_every_printed_link_says_where_it_goes(built_sites, slug: str) -> None:
    """A link to another page prints its address on the published site (without 'https://'),
    or, with no site.url, the page's title 'on our website'; other addresses are printed too.
    In the full policy, a link to one of its own pages is only its words."""
    for language in languages(slug):
        pack = rendered(slug, language)
        ctx = pack.context
        t = i18n.translator(language).gettext
        for spec in pdf.PRINTS:
            text = " ".join(pdf_texts(built_sites, slug, spec.key))
            markdown = pack.markdown[ctx.pages[spec.page].file]
            printed = re.sub(r'<div class="pp-web-only".*?</div>', "", markdown, flags=re.S)
            links = LINK.findall(printed)
            for words, href in links:
                words = re.sub(r"[*_`]", "", words)
                page = re.fullmatch(r"([\w-]+)\.md(#[\w-]+)?", href)
                within = {ctx.pages[key].file.removesuffix(".md") for key in spec.contents}
                if page and page[1] in within:  # a page of the same printed document
                    assert f"{words} (" not in _unbroken(text) and words in _unbroken(text)
                    continue
                if page and ctx.site_url:
                    folder = layout.language_folder(language, ctx.languages)
                    base = ctx.site_url.rstrip("/")
                    address = f"{base}/{folder}{page[1]}.html{page[2] or ''}"
                    expected = f"{words} ({address.removeprefix('https://')})"
                elif page:
                    expected = t("%(page)s on our website") % {"page": words}
                elif href.startswith("https://") and href.removeprefix("https://") not in words:
                    expected = f"{words} ({href.removeprefix('https://').rstrip('/')}"
                else:
                    continue
                assert _unbroken(expected) in text, (spec.key, language, expected)
            if spec.key == "notice":
                assert any(re.fullmatch(r"[\w-]+\.md(#[\w-]+)?", h) for _, h in links)


# --- table rows ---------------------------------------------------------------------------


@pytest.mark.parametrize("slug", EXAMPLES)
def test_no_table_row_is_split_across_pages(built_sites, slug: str) -> None:
    """Each row of each table in a printed page is read, cell after cell, on one PDF page."""
    rows_checked = 0
    for language in languages(slug):
        for spec in pdf.PRINTS:
            page = folder(built_sites, slug, language) / FILES[spec.page]
            texts = pdf_texts(built_sites, slug, spec.key)
            for row in texts_of(page, "tr"):
                assert any(row in text for text in texts), (spec.key, language, row)
                rows_checked += 1
    assert rows_checked  # the quick guide's table of restrictions


# --- the site theme -----------------------------------------------------------------------


@pytest.mark.parametrize("slug", EXAMPLES)
def test_header_and_drawer_logos_have_the_packs_text_alternative(built_sites, slug: str) -> None:
    for language in languages(slug):
        trust = config.load(TRUSTS / slug).languages[language]
        expected = trust.branding.logo_alt or i18n.translator(language).gettext("%(name)s logo") % {
            "name": trust.organisation.name
        }
        for page in sorted(folder(built_sites, slug, language).glob("*.html")):
            logos = images_in(page, "md-logo")
            assert len(logos) == 2, page  # the header's and the navigation drawer's
            assert all(image["alt"] == expected for image in logos), page


def test_the_logo_text_is_escaped(trust_copy, tmp_path: Path) -> None:
    from .conftest import edit_trust

    folder = trust_copy("northbridge")
    alt = 'Northbridge "NHS" <Trust> & partners logo'
    edit_trust(
        folder,
        "logo_alt: Northbridge University Hospitals NHS Foundation Trust logo",
        f"logo_alt: '{alt}'",
    )
    out = tmp_path / "out"
    build.build_pack(folder, out, Audience.PUBLIC, TODAY)
    page = out / "northbridge" / "index.html"
    assert [image["alt"] for image in images_in(page, "md-logo")] == [alt, alt]
    assert "<Trust>" not in page.read_text("utf-8")


def test_the_404_page_is_in_the_builds_language(built_sites) -> None:
    english = texts_of(folder(built_sites, "afon-teifi", "en") / "404.html", "article")[0]
    page = folder(built_sites, "afon-teifi", "cy") / "404.html"
    welsh = texts_of(page, "article")[0]
    assert '<html lang="cy"' in page.read_text("utf-8")
    assert i18n.translator("cy").gettext("Page not found") in welsh
    english_words = {w.lower() for w in re.findall(r"[A-Za-z]{4,}", english)}
    assert english_words
    assert not english_words & {w.lower() for w in re.findall(r"[A-Za-z]{4,}", welsh)}


# --- the other formats line ---------------------------------------------------------------

ALL_FORMATS = ("large print", "easy read", "audio", "Braille")


@pytest.mark.parametrize("slug", EXAMPLES)
def test_print_offers_only_the_configured_formats_and_names_the_contact_on_its_own(
    built_sites, slug: str
) -> None:
    """'We can give you this leaflet in large print or another language. Contact: Patient
    information team, phone ...': no format the config does not offer, and no team name run
    into a sentence ('Contact Patient information team', 'Cysylltwch â Tîm')."""
    for language in languages(slug):
        ctx = rendered(slug, language).context
        t = i18n.translator(language).gettext
        c = ctx.other_formats
        shape = {
            (True, True): "Contact: %(name)s, phone %(phone)s, email %(email)s.",
            (True, False): "Contact: %(name)s, phone %(phone)s.",
            (False, True): "Contact: %(name)s, email %(email)s.",
            (False, False): "Contact: %(name)s.",
        }[bool(c.phone), bool(c.email)]
        reach = t(shape) % {"name": c.name, "phone": c.phone, "email": c.email}
        for spec in pdf.PRINTS:
            if spec.kind == "easy-read":  # its own words for this (test_easy_read.py)
                continue
            text = " ".join(pdf_texts(built_sites, slug, spec.key))
            assert reach in text, (spec.key, language, reach)
            offer = {
                "leaflet": "We can give you this leaflet in %(formats)s.",
                "guide": "We can give you this guide in %(formats)s.",
            }.get(spec.kind)
            if offer and ctx.formats_phrase:
                assert t(offer) % {"formats": ctx.formats_phrase} in text, (spec.key, language)
            if offer and language == "en":
                start = text.index("Need this in another format or language?")
                offered = text[start : text.index("Contact:", start)]
                for words in ALL_FORMATS:
                    shown = words.lower() in offered.lower()
                    assert shown == (words.lower() in ctx.formats_phrase.lower()), (spec.key, words)
