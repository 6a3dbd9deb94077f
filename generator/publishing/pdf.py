"""Printable documents (leaflets, notice, quick guide, the full policy) from the same
Markdown as the site.

Each document is one page of the pack (the full policy: several), converted to HTML with the
site's own Markdown extensions and wrapped in print/part.html.j2; that HTML is read into plain
data (print_tree.py) and typeset by Typst through print/document.typ (typeset.py) as a PDF/UA-1
file in the bundled Arimo. The same inputs give the same bytes: dates come from the pack. Each
page's data is kept in the user's cache (_page_nodes), so that a build converts only the pages
an edit changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import html
import importlib
import json
import os
import pickle
import pkgutil
import re
import xml.etree.ElementTree as ET
import zlib
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import markdown as md
from markupsafe import Markup

from generator import caching, i18n
from generator.composing import facts, render
from generator.composing.context import PackContext
from generator.errors import TemplateError, TypesetError
from generator.i18n import N_
from generator.publishing import layout, print_tree, site, typeset


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
    contents: tuple[str, ...] = ()
    """The pages it prints, in order, when more than the page that links it (`page`)."""

    @property
    def pages(self) -> tuple[str, ...]:
        return self.contents or (self.page,)


PRINTS: tuple[PrintSpec, ...] = (
    PrintSpec(
        "leaflet-a5", "patients", "A5", "leaflet", "leaflet", N_("Print this leaflet"), max_pages=4
    ),
    PrintSpec("leaflet-a4", "patients", "A4", "leaflet", "leaflet", N_("Print this leaflet")),
    PrintSpec("notice", "notice", "A4", "notice", "notice", N_("Print this notice"), max_pages=1),
    PrintSpec("quick-guide", "quick_guide", "A4", "guide", "guide", N_("Print this guide")),
    # The Easy Read leaflet: large type, a picture beside every point (print/document.typ).
    PrintSpec(
        "easy-read",
        "easy_read",
        "A4",
        "easy-read",
        "Easy Read leaflet",
        N_("Print this Easy Read leaflet"),
    ),
    # The whole policy as a controlled document, as policy libraries and approving committees
    # file it: document control as its front sheet, the policy, the compliance matrix, and
    # the version history last. Linked from the document-control page.
    PrintSpec(
        "policy",
        "document_control",
        "A4",
        "policy",
        "policy",
        N_("Download the full policy"),
        contents=(
            "document_control",
            "policy",
            "law",
            "areas",
            "during_care",
            "staff",
            "governance",
            "compliance",
        ),
    ),
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


def planned(first: PackContext) -> tuple[PrintSpec, ...]:
    """The documents of a pack whose first language's context is `first`, in PRINTS order:
    each one whose pages the pack has all of."""
    return tuple(spec for spec in PRINTS if all(page in first.pages for page in spec.pages))


def file_name(slug: str, spec: PrintSpec) -> str:
    return f"{slug}-{spec.key}.pdf"


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
    pictures: Mapping[str, Path] | None = None,
    ready: Callable[[PrintedDocument], None] | None = None,
) -> list[PrintedDocument]:
    """Every printable document of a pack, in PRINTS order. `parts` holds each language's
    context and Markdown pages, the pack's first language first; a document holds them all.
    `pictures` maps the site path of each picture the pages may show (the Easy Read ones) to
    its file. A document whose render key matches an `earlier` print (by file name) is taken
    from it: typesetting is deterministic, so its bytes are the ones a new render would give.
    `ready` is given each document as soon as it is done."""
    _forget_pages()
    first = parts[0][0]
    languages = tuple(ctx.language for ctx, _ in parts)
    logo_name = LOGO + logo.suffix.lower()
    date = dt.date.fromisoformat(dated)
    made: dict[str, PrintedDocument] = {}
    waiting: dict[str, tuple[PrintSpec, str, Future[typeset.Typeset]]] = {}

    failed: dict[str, TypesetError] = {}

    def collect(key: str) -> None:
        spec, source, future = waiting.pop(key)
        try:
            typeset_pdf = future.result()
        except TypesetError as error:
            failed[spec.key] = TypesetError(f"{file_name(slug, spec)}: {error}")
            return
        keep(spec, source, typeset_pdf.pdf, typeset_pdf.pages)

    def keep(spec: PrintSpec, source: str, pdf: bytes, pages: int) -> None:
        """`source`: the render key of what it was printed from."""
        made[spec.key] = document = PrintedDocument(
            spec, file_name(slug, spec), pdf, pages, languages, source
        )
        if ready is not None:
            ready(document)

    # Typst lets go of Python while it works, so each document is typeset on a thread as soon
    # as its data is ready, while the next one's is made: the longest (the full policy) first.
    with ThreadPoolExecutor(max_workers=typeset.threads()) as pool:
        try:
            for spec in sorted(planned(first), key=lambda s: s.contents == ()):
                data = document_data(spec, parts, logo_name, dated)
                used = {logo_name: logo, **_pictures_in(data, pictures or {})}
                key = render_key(data, used)
                reused = _reuse((earlier or {}).get(file_name(slug, spec)), key)
                if reused:
                    keep(spec, key, *reused)
                else:
                    waiting[spec.key] = (
                        spec,
                        key,
                        pool.submit(typeset.compile_document, data, used, date),
                    )
                for done in [k for k, (_, _, future) in waiting.items() if future.done()]:
                    collect(done)
        finally:
            made_pages = _forget_pages()
            if made_pages:
                caching.prune(made_pages[0].parent, "*.pickle", PAGE_TREES_KEPT)
        still = {future: name for name, (_, _, future) in waiting.items()}
        for finished in as_completed(still):
            collect(still[finished])
    for spec in PRINTS:  # the first document's error, whichever was done first
        if spec.key in failed:
            raise failed[spec.key] from None
    return [made[spec.key] for spec in PRINTS if spec.key in made]


LOGO = "logo"
"""The logo's name in a compile's root folder (with its own suffix: logo.svg, logo.png)."""


def _pictures_in(data: Mapping[str, Any], pictures: Mapping[str, Path]) -> dict[str, Path]:
    """The pictures (by site path in `pictures`) that the document's pages show, each under a
    plain file name for the compile's root folder ('assets/easy-read/mri.svg' becomes
    'easy-read-mri.svg'); the data's <img> nodes are renamed to match."""
    used: dict[str, Path] = {}
    for part in data["parts"]:
        for image in print_tree.find(part["body"], "img"):
            source = image["attrs"].get("src", "")
            if source in pictures:
                name = source.rsplit("/", 2)[-2] + "-" + source.rsplit("/", 1)[-1]
                image["attrs"]["src"] = name
                used[name] = pictures[source]
    return used


def document_data(
    spec: PrintSpec,
    parts: Sequence[tuple[PackContext, dict[str, str]]],
    logo_name: str,
    dated: str,
) -> dict[str, Any]:
    """What print/document.typ typesets for `spec`: the document's metadata, and for each
    language its running header and footer words and its body as a tree (print_tree.py)."""
    first = parts[0][0]
    data_parts = []
    for ctx, markdown_pages in parts:
        page = ctx.pages[spec.page]
        # In a document of several pages, a link to one of them is only its words.
        within = frozenset(ctx.pages[key].file.removesuffix(".md") for key in spec.contents)
        title = ctx.document.title if spec.contents else page.title
        html = (
            render.html_environment(ctx.language)
            .get_template("print/part.html.j2")
            .render(
                ctx=ctx,
                spec=spec,
                title=title,
                body=Markup(f"<{_BODY}></{_BODY}>"),
                logo_uri=logo_name,
                bilingual=len(parts) > 1,
                facts=facts.document_facts(ctx),
                review_due=facts.review_due_notice(ctx) if ctx.review_due else None,
                easy_read_address=_printed_address(ctx, "easy_read"),
            )
        )
        tree = print_tree.parse(html)
        shown = len(print_tree.find(tree, _BODY))
        if shown != 1:
            raise TemplateError(
                "print/part.html.j2 must show {{ body }} once, where the pages go "
                f"(inside <main>); it shows it {shown} times"
            )
        pages = [
            node
            for key in spec.pages
            for node in _page_nodes(markdown_pages[ctx.pages[key].file], ctx, within)
        ]
        print_tree.put_in_place_of(tree, _BODY, pages)
        if spec.contents:
            _as_one_document(tree)
        address = page_address(ctx, "patients") if spec.kind == "notice" else None
        if address:
            for holder in print_tree.find(tree, "div", "pp-read-more"):
                holder["children"].append(_qr_code(address, ctx.language))
        header = print_tree.find(tree, "header", "running-header")
        footer = print_tree.find(tree, "footer", "running-footer")
        data_parts.append(
            {
                "lang": ctx.language,
                "header": print_tree.text_of(header[0]).strip() if header else "",
                "facts": [
                    print_tree.text_of(span).strip()
                    for span in (footer[0]["children"] if footer else [])
                    if isinstance(span, dict) and not span["class"]
                ],
                "page_words": _page_words(ctx.language),
                "body": tree,
            }
        )
    titles = [
        ctx.document.title if spec.contents else ctx.pages[spec.page].title for ctx, _ in parts
    ]
    return {
        "lang": first.language,
        "kind": spec.kind,
        "paper": spec.paper,
        "title": " / ".join(titles),
        "author": " / ".join(dict.fromkeys(ctx.org.name for ctx, _ in parts)),
        "description": " / ".join(
            f"{ctx.document.title}, {ctx.document.version}" for ctx, _ in parts
        ),
        "keywords": [],
        "generator": f"policypack {first.generator_version}",
        "dated": dated,
        "brand": first.primary_colour,
        "draft": " / ".join(
            dict.fromkeys(i18n.translator(c.language).gettext(N_("DRAFT")) for c, _ in parts)
        )
        if first.document.is_draft
        else "",
        "parts": data_parts,
    }


def _as_one_document(tree: list[print_tree.Node]) -> None:
    """Pages printed as one document: each page after the first starts a new sheet, and the
    version history (on the document-control page, the front sheet) moves to the end."""
    main = print_tree.find(tree, "main")
    if not main:
        return
    body = main[0]["children"]
    for heading in [n for n in body if isinstance(n, dict) and n["tag"] == "h1"][1:]:
        heading["class"].append("pp-new-sheet")
    start = next(
        (
            at
            for at, n in enumerate(body)
            if isinstance(n, dict) and n["tag"] == "h2" and n["attrs"].get("id") == "history"
        ),
        None,
    )
    if start is None:
        return
    end = next(
        (
            at
            for at in range(start + 1, len(body))
            if isinstance(body[at], dict) and body[at]["tag"] in ("h1", "h2")
        ),
        len(body),
    )
    history = body[start:end]
    del body[start:end]
    heading = history[0]
    assert isinstance(heading, dict)
    heading["tag"] = "h1"  # a part of its own, after the compliance matrix
    heading["class"].append("pp-new-sheet")
    body.extend(history)


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


def render_key(data: Mapping[str, Any], pictures: Mapping[str, Path]) -> str:
    """Everything a PDF is typeset from: its data, every picture it uses (by content, not by
    where it is), and the typesetter (Typst's version, the template, the fonts, this code)."""
    digest = hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8"))
    for name, path in sorted(pictures.items()):
        digest.update(f"{name} {_file_digest(path)}\n".encode())
    digest.update(typeset.engine_digest().encode("ascii"))
    return digest.hexdigest()


def _file_digest(path: Path) -> str:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return "missing"


def _qr_code(address: str, language: str) -> dict[str, Any]:
    """A QR code that opens `address`, as a tree node with SVG text and alt text in `language`
    (print/document.typ sets it beside the paragraph that holds it). The SVG is kept in the
    user's cache (caching.remembered) under the address: segno, which imports urllib on the
    way, is loaded only for an address not met before."""
    svg = caching.remembered("qr-codes", address.encode("utf-8"), lambda: _qr_svg(address), str)
    alt = i18n.translator(language).gettext(
        N_("QR code: scan it with a phone camera to open %(address)s")
    ) % {"address": address}
    return {
        "tag": "qr",
        "class": [],
        "attrs": {},
        "children": [],
        "svg": svg,
        "alt": alt,
    }


def _qr_svg(address: str) -> str:
    """A QR code that opens `address`, as SVG text: error correction M, a 2-module border."""
    import io

    import segno

    buffer = io.BytesIO()
    segno.make(address, error="m", micro=False).save(
        buffer, kind="svg", border=2, scale=1, xmldecl=False, dark="#000000", light="#ffffff"
    )
    return buffer.getvalue().decode("ascii")


def _page_words(language: str) -> list[str]:
    """'Page 1 of 4' in `language`, as the words before, between and after the numbers."""
    words = i18n.translator(language).gettext(N_("Page %(page)s of %(pages)s"))
    before, _, rest = words.partition("%(page)s")
    middle, _, after = rest.partition("%(pages)s")
    return [before, middle, after]


_BODY = "pp-pages"
"""The element the wrapper (print/part.html.j2) is given for its body: each page is read on its
own (_page_nodes), and its nodes are put in that element's place."""

PAGE_TREES = "print-pages"
"""The cache folder (caching.py) of each page's print nodes, kept from run to run: an edit
changes a few pages, and a build that would reuse a PDF must still make its data to know."""
PAGE_TREES_KEPT = 6000
"""Entries of PAGE_TREES kept (about 3 KB each): every page of 250 packs, in two languages."""
_PAGE_TREES: dict[tuple[int, str, frozenset[str]], tuple[PackContext, bytes]] = {}
"""The pickled print nodes of the pages of the contexts being printed (each document that
prints a page is given a copy of its own to change). Cleared by render_documents."""
_PAGE_TREES_MADE: list[Path] = []
"""The entries of PAGE_TREES written since render_documents began (it prunes the folder)."""


def _page_nodes(
    text: str, ctx: PackContext, within: frozenset[str] = frozenset()
) -> list[print_tree.Node]:
    """A page's Markdown as print nodes (print_tree.parse of its print HTML), a copy of its
    own for the caller: converted once a run, and kept in the user's cache (PAGE_TREES)
    under everything the conversion reads (_conversion_inputs)."""
    held = _PAGE_TREES.get((id(ctx), text, within))
    if held is not None and held[0] is ctx:
        nodes: list[print_tree.Node] = pickle.loads(held[1])
        return nodes
    path = caching.entry(PAGE_TREES, _conversion_inputs(text, ctx, within))
    pickled, kept = _kept_nodes(caching.read(path))
    if kept is not None and path is not None:
        with contextlib.suppress(OSError):  # read back: the last to go when the folder is pruned
            os.utime(path)
    if kept is None:
        kept = print_tree.parse(_markdown_to_html(text, ctx, within))
        pickled = pickle.dumps(kept, pickle.HIGHEST_PROTOCOL)
        if path is not None and caching.write_atomically(path, zlib.compress(pickled, 1)):
            _PAGE_TREES_MADE.append(path)
    _PAGE_TREES[(id(ctx), text, within)] = (ctx, pickled)
    return kept


def _kept_nodes(stored: bytes | None) -> tuple[bytes, list[print_tree.Node] | None]:
    """A PAGE_TREES entry's pickled nodes and the nodes; (b"", None) when there is none or it
    is damaged."""
    if stored is None:
        return b"", None
    try:
        pickled = zlib.decompress(stored)
        nodes = pickle.loads(pickled)
    except Exception:  # damaged, or of another make: make it afresh
        return b"", None
    return (pickled, nodes) if isinstance(nodes, list) else (b"", None)


def _conversion_inputs(text: str, ctx: PackContext, within: frozenset[str]) -> bytes:
    """Everything a page's print nodes are made from besides policypack's code and the
    installed packages (caching.entry): its Markdown, the site's Markdown extensions, and
    what its links are printed with (_LinkRewriter: the pack's address and languages, the
    pages in the same document, the words for a page with no address)."""
    return json.dumps(
        {
            "markdown": text,
            "extensions": site.markdown_extensions(),
            "language": ctx.language,
            "languages": list(ctx.languages),
            "site_url": ctx.site_url,
            "within": sorted(within),
            "on our website": i18n.translator(ctx.language).gettext(_ON_OUR_WEBSITE),
        },
        ensure_ascii=False,
        sort_keys=True,
    ).encode("utf-8")


def _forget_pages() -> list[Path]:
    """Let go of the pages and converters of the pack printed; the PAGE_TREES entries made."""
    made = list(_PAGE_TREES_MADE)
    _PAGE_TREES.clear()
    _PAGE_TREES_MADE.clear()
    _CONVERTERS.clear()
    return made


_CONVERTERS: dict[tuple[int, frozenset[str]], tuple[PackContext, md.Markdown]] = {}


def _markdown_to_html(text: str, ctx: PackContext, within: frozenset[str] = frozenset()) -> Markup:
    """A page's Markdown as print HTML, with one Markdown converter per context (making one
    costs more than converting a page with it)."""
    held = _CONVERTERS.get((id(ctx), within))
    if held is None or held[0] is not ctx:
        names, configs = site.markdown_extensions()
        configs = {**configs, "toc": {**configs.get("toc", {}), "permalink": False}}
        converter = md.Markdown(
            extensions=[
                *(_extension(name, configs.get(name, {})) for name in names),
                _PrintLinks(ctx, within),
                _BalancedColumns(),
            ],
            extension_configs={
                name: configs[name] for name in configs if name not in _markdowns_own()
            },
        )
        _CONVERTERS[(id(ctx), within)] = held = (ctx, converter)
    return Markup(held[1].reset().convert(text))


@cache
def _markdowns_own() -> frozenset[str]:
    """The extensions that come with Markdown, by the names it registers them under: the
    modules of markdown.extensions ('toc', 'tables', ...)."""
    return frozenset(found.name for found in pkgutil.iter_modules(md.extensions.__path__))


def _extension(name: str, config: Mapping[str, Any]) -> md.extensions.Extension | str:
    """The Markdown extension a config names: one of Markdown's own made from its module
    (markdown.extensions.toc for 'toc'), as Markdown makes it from its entry point (unless
    another package claimed the same name first); any other name is left for Markdown to
    find. Given a name, Markdown first reads every installed package's entry points (and
    imports importlib.metadata to do so): 15 to 30 ms of each process that prints, for the
    site's own extensions, which are all Markdown's."""
    if name not in _markdowns_own():
        return name
    made = importlib.import_module(f"markdown.extensions.{name}").makeExtension(**config)
    assert isinstance(made, md.extensions.Extension)
    return made


class _PrintLinks(md.extensions.Extension):
    """On paper a link is only its words, so each one also prints where it goes: a page of
    the pack its address on the published site (site.url; another language's pages are in
    its folder, e.g. 'cy/'), or, with no site.url, its title 'on our website'; an address
    elsewhere is printed unless the link's words already show it. A link to a page `within`
    the same document, or to a place on the page ('#note'), is only its words."""

    def __init__(self, ctx: PackContext, within: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.ctx = ctx
        self.within = within

    def extendMarkdown(self, converter: md.Markdown) -> None:
        converter.treeprocessors.register(
            _LinkRewriter(converter, self.ctx, self.within), "policypack_print_links", 0
        )


class _BalancedColumns(md.extensions.Extension):
    """Lists marked for two columns (in `<div class="pp-where">`) are split into two lists of
    about equal height, which print/document.typ sets side by side in a two-column grid."""

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
    published site (its language's folder as layout.language_folder lays the site out), or
    None when the pack has no site.url."""
    if not ctx.site_url:
        return None
    folder = layout.language_folder(ctx.language, ctx.languages)
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


_ON_OUR_WEBSITE = N_("%(page)s on our website")
"""How a link to a page of a pack with no site.url is printed."""


class _LinkRewriter(md.treeprocessors.Treeprocessor):
    def __init__(self, converter: md.Markdown, ctx: PackContext, within: frozenset[str]) -> None:
        super().__init__(converter)
        self.ctx = ctx
        self.within = within

    def run(self, root: ET.Element) -> None:
        for link in list(root.iter("a")):
            href = link.get("href", "")
            match = re.match(r"^([\w-]+)\.md(#[\w-]+)?$", href)
            if href.startswith("#") or (match and match.group(1) in self.within):
                del link.attrib["href"]
                link.tag = "span"
            elif match:
                address = page_address(self.ctx, match.group(1), match.group(2) or "")
                if address:
                    link.set("href", address)
                    _print_address(link, address)
                else:
                    # No web address to give: the page's title, "on our website".
                    words = i18n.translator(self.ctx.language).gettext(_ON_OUR_WEBSITE)
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


def _printed_address(ctx: PackContext, key: str) -> dict[str, Any] | None:
    """Page `key`'s address on the published site as the print templates write it out: its
    `href` and the `pieces` of its printed form (print_tree.address_pieces); None without one."""
    address = (
        page_address(ctx, ctx.pages[key].file.removesuffix(".md")) if key in ctx.pages else None
    )
    if address is None:
        return None
    return {"href": address, "pieces": print_tree.address_pieces(address.removeprefix("https://"))}


def _print_address(link: ET.Element, address: str) -> None:
    """'words (address)', the address part of the link (as on paper, without 'https://')."""
    shown = ET.SubElement(link, "span", {"class": "pp-address"})
    printed = address.removeprefix("https://")
    if re.fullmatch(r"[^/]+/", printed):  # a site's home page: 'www.healthwatch.co.uk'
        printed = printed.rstrip("/")
    shown.text = " ("
    # Each piece a box of its own: Typst may break a line between two boxes (never at the
    # hyphen of 'afon-teifi').
    pieces = print_tree.address_pieces(printed)
    for number, piece in enumerate(pieces):
        kept = ET.SubElement(shown, "span", {"class": "pp-unbroken"})
        kept.text = piece
        if number == len(pieces) - 1:
            kept.tail = ")"
