"""Printable documents (leaflets, notice, quick guide) from the same Markdown as the site.

Each document is one page of the pack, converted to HTML with the site's own Markdown
extensions, wrapped in a print template (policy_templates/print/) and rendered by WeasyPrint
as a tagged PDF/UA-1 file with the Arimo font the site serves. The same inputs give the same
bytes: dates come from the pack, and the file identifier from its content.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import markdown as md
from markupsafe import Markup

from generator import facts, i18n, render, resources, site
from generator.context import PackContext
from generator.i18n import N_

FONTS_CSS = resources.THEME_OVERRIDES / "assets" / "stylesheets" / "fonts.css"


@dataclass(frozen=True)
class PrintSpec:
    """One printable document: which page it prints and on what paper."""

    key: str
    page: str
    paper: str
    kind: str
    noun: str
    link_text: str
    max_pages: int | None = None


PRINTS: tuple[PrintSpec, ...] = (
    PrintSpec(
        "leaflet-a5", "patients", "A5", "leaflet", "leaflet", N_("Print this leaflet"), max_pages=4
    ),
    PrintSpec("leaflet-a4", "patients", "A4", "leaflet", "leaflet", N_("Print this leaflet")),
    PrintSpec("notice", "notice", "A4", "notice", "notice", N_("Print this notice"), max_pages=1),
    PrintSpec("quick-guide", "quick_guide", "A4", "guide", "guide", N_("Print this guide")),
)


@dataclass(frozen=True)
class PrintedDocument:
    """A rendered PDF and the facts the site shows in its link."""

    spec: PrintSpec
    file_name: str
    pdf: bytes
    pages: int
    languages: tuple[str, ...] = (i18n.SOURCE_LANGUAGE,)
    key: str = ""
    """What the PDF was rendered from (see render_key): the same key, the same bytes."""

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.pdf).hexdigest()

    @property
    def max_pages(self) -> int | None:
        """The page limit: the spec's, for each language the document holds."""
        return self.spec.max_pages * len(self.languages) if self.spec.max_pages else None

    def link(self, language: str = i18n.SOURCE_LANGUAGE) -> str:
        """'Print this leaflet (PDF, A5, 2 pages, 140 KB)', the GOV.UK way, in `language`."""
        t = i18n.translator(language).gettext
        facts = {"paper": self.spec.paper, "pages": self.pages, "size": human_size(len(self.pdf))}
        if len(self.languages) > 1:
            names = " / ".join(i18n.LANGUAGES[code].own_name for code in self.languages)
            return t(
                N_("%(action)s in %(languages)s (PDF, %(paper)s, %(pages)s pages, %(size)s)")
            ) % {**facts, "action": t(self.spec.link_text), "languages": names}
        if self.pages == 1:
            return t(N_("%(action)s (PDF, %(paper)s, 1 page, %(size)s)")) % {
                **facts,
                "action": t(self.spec.link_text),
            }
        return t(N_("%(action)s (PDF, %(paper)s, %(pages)s pages, %(size)s)")) % {
            **facts,
            "action": t(self.spec.link_text),
        }


def human_size(size: int) -> str:
    """File sizes as GOV.UK writes them: '140 KB', '1.2 MB'."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB"


@dataclass(frozen=True)
class EarlierPrint:
    """A PDF an earlier build made: where it is, what it was rendered from, its pages and the
    SHA-256 of its bytes (a file changed since is not reused)."""

    path: Path
    key: str
    pages: int
    sha256: str


def render_documents(
    parts: Sequence[tuple[PackContext, dict[str, str]]],
    slug: str,
    logo: Path,
    dated: str,
    earlier: Mapping[str, EarlierPrint] | None = None,
) -> list[PrintedDocument]:
    """Every printable document of a pack, in PRINTS order. `parts` holds each language's
    context and Markdown pages, the pack's first language first; a document holds them all.
    A document whose render key matches an `earlier` print (by file name) is taken from it:
    rendering is deterministic, so its bytes are the ones a new render would give."""
    from weasyprint import HTML  # imported here: only builds that print pay for it

    first = parts[0][0]
    languages = tuple(ctx.language for ctx, _ in parts)
    documents = []
    for spec in PRINTS:
        if spec.page not in first.pages:
            continue
        bodies = []
        for ctx, markdown_pages in parts:
            page = ctx.pages[spec.page]
            bodies.append(
                render.html_environment(ctx.language)
                .get_template("print/part.html.j2")
                .render(
                    ctx=ctx,
                    spec=spec,
                    title=page.title,
                    body=_markdown_to_html(markdown_pages[page.file], ctx),
                    logo_uri=logo.resolve().as_uri(),
                    bilingual=len(parts) > 1,
                    facts=facts.document_facts(ctx),
                    review_due=facts.review_due_notice(ctx) if ctx.review_due else None,
                )
            )
        titles = [ctx.pages[spec.page].title for ctx, _ in parts]
        html = (
            render.html_environment()
            .get_template("print/document.html.j2")
            .render(
                spec=spec,
                lang=first.language,
                title=" / ".join(titles),
                author=" / ".join(dict.fromkeys(ctx.org.name for ctx, _ in parts)),
                description=" / ".join(
                    f"{ctx.document.title}, {ctx.document.version}" for ctx, _ in parts
                ),
                generator_version=first.generator_version,
                brand=first.primary_colour,
                draft=" / ".join(
                    dict.fromkeys(
                        i18n.translator(c.language).gettext(N_("DRAFT")) for c, _ in parts
                    )
                )
                if first.document.is_draft
                else "",
                page_numbers=[(code, Markup(_page_numbers(code))) for code in languages],
                parts=[Markup(body) for body in bodies],
                dated=dated,
                fonts_css=FONTS_CSS.as_uri(),
                print_css=resources.find_template_file("print/print.css").as_uri(),
            )
        )
        file_name = f"{slug}-{spec.key}.pdf"
        key = render_key(html, logo)
        reused = _reuse((earlier or {}).get(file_name), key)
        if reused:
            pdf, pages = reused
        else:
            document = HTML(string=html).render(font_config=_font_config())
            pdf = document.write_pdf(pdf_variant="pdf/ua-1", pdf_identifier=_identifier(html, logo))
            pages = len(document.pages)
        documents.append(PrintedDocument(spec, file_name, pdf, pages, languages, key))
    return documents


def _reuse(before: EarlierPrint | None, key: str) -> tuple[bytes, int] | None:
    if before is None or before.key != key:
        return None
    try:
        pdf = before.path.read_bytes()
    except OSError:  # gone (another build replaced that pack meanwhile): render it
        return None
    if hashlib.sha256(pdf).hexdigest() != before.sha256:
        return None  # not the file that build wrote
    return pdf, before.pages


def render_key(html: str, logo: Path) -> str:
    """Everything a PDF is rendered from: its HTML, every local file it uses (the logo and
    any image a project's own template adds), the stylesheets and what they use (fonts), and
    the renderer: WeasyPrint and the libraries it draws and writes with, and this module."""
    digest = hashlib.sha256(_without_local_paths(html))
    for used in [logo, *_local_files(html)]:
        digest.update(_file_digest(used).encode("ascii"))
    digest.update(_renderer_digest(*_stylesheet_files()).encode("ascii"))
    return digest.hexdigest()


def _local_files(text: str, base: Path | None = None) -> list[Path]:
    """The local files that HTML (file:// addresses) or CSS (relative url()s) refers to."""
    from urllib.parse import unquote, urlparse

    found = [Path(unquote(urlparse(url).path)) for url in re.findall(r"file://[^\"')\s]+", text)]
    if base is not None:
        for url in re.findall(r"url\(\s*[\"']?([^\"')]+)", text):
            if "://" not in url and not url.startswith("data:"):
                found.append(base / unquote(url))
    return found


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


@cache
def _renderer_digest(*stylesheets: tuple[Path, int]) -> str:
    """The stylesheets and the files they use, and the renderer's versions (per process)."""
    import zlib
    from importlib.metadata import version

    from weasyprint.text.ffi import pango

    digest = hashlib.sha256()
    for package in ("weasyprint", "pydyf", "fonttools", "pillow", "tinycss2", "cssselect2"):
        digest.update(f"{package} {version(package)}\n".encode())
    digest.update(f"pango {pango.pango_version()}\nzlib {zlib.ZLIB_RUNTIME_VERSION}\n".encode())
    for path, _ in stylesheets:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
        for used in _local_files(path.read_text("utf-8"), path.parent):
            digest.update(_file_digest(used).encode("ascii"))
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()


def _page_numbers(language: str) -> str:
    """The CSS content that numbers the pages in `language`: 'Page 1 of 4'."""
    words = i18n.translator(language).gettext(N_("Page %(page)s of %(pages)s"))
    before, _, rest = words.partition("%(page)s")
    middle, _, after = rest.partition("%(pages)s")
    return f"{json.dumps(before)} counter(page) {json.dumps(middle)} counter(pages) {json.dumps(after)}"


def _without_local_paths(html: str) -> bytes:
    """The HTML without the file:// addresses that say where it was built."""
    return re.sub(r"file://[^\"']+", "", html).encode("utf-8")


def _identifier(html: str, logo: Path) -> bytes:
    """The PDF's file identifier: from what it shows, not from where it was built."""
    digest = hashlib.sha256(_without_local_paths(html))
    digest.update(logo.read_bytes())
    return digest.hexdigest()[:32].encode("ascii")


def _stylesheet_files() -> tuple[tuple[Path, int], ...]:
    """The print stylesheets, each with the time it was last changed (so an edit is seen)."""
    files = (FONTS_CSS, resources.find_template_file("print/print.css"))
    return tuple((path, path.stat().st_mtime_ns) for path in files)


@cache
def _font_config() -> Any:
    """One font configuration per process: the bundled fonts are decoded once, not per PDF."""
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def _markdown_to_html(text: str, ctx: PackContext) -> Any:
    from markupsafe import Markup

    names, configs = site.markdown_extensions()
    configs = {**configs, "toc": {**configs.get("toc", {}), "permalink": False}}
    converter = md.Markdown(
        extensions=[*names, _PrintLinks(ctx), _BalancedColumns()], extension_configs=configs
    )
    return Markup(converter.convert(text))


class _PrintLinks(md.extensions.Extension):
    """On paper a link is only its words, so each one also prints where it goes: a page of
    the pack its address on the published site (site.url; another language's pages are in
    its folder, e.g. 'cy/'), or, with no site.url, its title 'on our website'; an address
    elsewhere is printed unless the link's words already show it."""

    def __init__(self, ctx: PackContext) -> None:
        super().__init__()
        self.ctx = ctx

    def extendMarkdown(self, converter: md.Markdown) -> None:
        converter.treeprocessors.register(
            _LinkRewriter(converter, self.ctx), "policypack_print_links", 0
        )


class _BalancedColumns(md.extensions.Extension):
    """Lists marked for two columns (in `<div class="pp-where">`) are split into two lists of
    about equal height, for print.css to set side by side. WeasyPrint balances CSS columns by
    laying them out again and again, which took most of a notice's time (1-3 s a pack)."""

    def extendMarkdown(self, converter: md.Markdown) -> None:
        converter.treeprocessors.register(_ColumnSplitter(converter), "policypack_columns", 0)


COLUMN_LINE_CHARACTERS = 28
"""About how many characters of the notice's large type fit on one line of a column."""


class _ColumnSplitter(md.treeprocessors.Treeprocessor):
    def run(self, root: ET.Element) -> None:
        for holder in root.iter("div"):
            if "pp-where" not in (holder.get("class") or "").split():
                continue
            for position, child in enumerate(list(holder)):
                if child.tag == "ul" and len(child) > 1:
                    holder[position] = split_list(child)


def split_list(listing: ET.Element) -> ET.Element:
    """`<div class="pp-columns"><ul>…</ul><ul>…</ul></div>`: the items in order, the first
    column at least as tall as the second (by estimated lines), as CSS columns balance them."""
    items = list(listing)
    heights = [1.3 + len("".join(item.itertext())) // COLUMN_LINE_CHARACTERS for item in items]
    total = sum(heights)
    split = min(
        range(1, len(items)),
        key=lambda at: (max(sum(heights[:at]), total - sum(heights[:at])), -at),
    )
    columns = ET.Element("div", {"class": "pp-columns"})
    for part in (items[:split], items[split:]):
        ET.SubElement(columns, "ul").extend(part)
    return columns


def page_address(ctx: PackContext, page: str, anchor: str = "") -> str | None:
    """Where page `page` (its file name without '.md') of this build's language is on the
    published site (its language's folder as build.language_folder lays the site out), or
    None when the pack has no site.url."""
    from generator.build import language_folder  # build imports this module

    if not ctx.site_url:
        return None
    folder = language_folder(ctx.language, ctx.languages)
    return f"{ctx.site_url.rstrip('/')}/{folder}{page}.html{anchor}"


def _shown(address: str) -> str:
    """An address as people compare it: without its scheme, 'www.' and a final slash."""
    address = re.sub(r"^(https?://|mailto:)", "", address.strip().lower())
    return address.removeprefix("www.").rstrip("/")


_STASHED = re.compile("\x02[^\x03]*\x03")
"""Python-Markdown's placeholders for escaped characters in text not yet put back."""


def _comparable(text: str) -> str:
    """An address or link text reduced to its letters and digits, for 'does the text already
    show the address?': escaped characters ('_', '#', '=') and placeholders do not count."""
    return re.sub(r"[^0-9a-z]", "", _STASHED.sub("", _shown(text)))


class _LinkRewriter(md.treeprocessors.Treeprocessor):
    def __init__(self, converter: md.Markdown, ctx: PackContext) -> None:
        super().__init__(converter)
        self.ctx = ctx

    def run(self, root: ET.Element) -> None:
        for link in list(root.iter("a")):
            href = link.get("href", "")
            match = re.match(r"^([\w-]+)\.md(#[\w-]+)?$", href)
            if match:
                address = page_address(self.ctx, match.group(1), match.group(2) or "")
                if address:
                    link.set("href", address)
                    _print_address(link, address)
                else:
                    # No web address to give: the page's title, "on our website".
                    words = i18n.translator(self.ctx.language).gettext(
                        N_("%(page)s on our website")
                    )
                    before, _, after = words.partition("%(page)s")
                    del link.attrib["href"]
                    link.tag = "span"
                    link.text = before + (link.text or "")
                    link.tail = after + (link.tail or "")
            elif re.match(r"^(https?:|mailto:)", href):
                address = html.unescape(href.removeprefix("mailto:"))
                if address != href.removeprefix("mailto:"):
                    link.set("href", html.unescape(href))
                if _comparable(address) not in _comparable("".join(link.itertext())):
                    _print_address(link, address)


def _print_address(link: ET.Element, address: str) -> None:
    """'words (address)', the address part of the link (as on paper, without 'https://')."""
    shown = ET.SubElement(link, "span", {"class": "pp-address"})
    printed = address.removeprefix("https://")
    if re.fullmatch(r"[^/]+/", printed):  # a site's home page: 'www.healthwatch.co.uk'
        printed = printed.rstrip("/")
    # A line may break only after a '/', never at a hyphen of the address ('afon-teifi'),
    # where a reader could not tell whether the hyphen belongs to it.
    shown.text = " ("
    pieces = re.findall(r"[^/]+/?|/", printed)
    for number, piece in enumerate(pieces):
        kept = ET.SubElement(shown, "span", {"class": "pp-unbroken"})
        kept.text = piece
        kept.tail = ")" if number == len(pieces) - 1 else "\u200b"
