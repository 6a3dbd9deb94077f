"""The print HTML of a document as plain data for the Typst template (print/document.typ).

The words of a printed document are the website's: its page Markdown, converted to HTML by
pdf.py and wrapped in print/part.html.j2. This module reads that HTML into a tree of plain
values (dicts, lists and strings) that is handed to Typst as JSON through `sys.inputs`, so
that no text, whatever a trust.yml holds, is ever pasted into Typst source: the template
only places strings as text.

A node is a string (text, its white space collapsed as a browser would) or
`{"tag": "p", "class": [...], "attrs": {...}, "children": [...]}`. Only the attributes the
template uses are kept.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

Node = str | dict[str, Any]

KEPT_ATTRIBUTES = frozenset({"href", "src", "alt", "lang", "id"})
VOID = frozenset({"img", "br", "hr", "meta", "link", "input", "wbr", "col"})
BLOCKS = frozenset(
    {
        "section", "header", "footer", "main", "aside", "div", "p", "h1", "h2", "h3", "h4",
        "h5", "h6", "ul", "ol", "li", "table", "thead", "tbody", "tfoot", "tr", "th", "td",
        "pre", "blockquote", "hr", "figure", "details", "summary", "dl", "dt", "dd", "root",
    }
)  # fmt: skip
"""Elements whose white space at either end, and between their block children, is not text."""
KEPT_EMPTY = VOID | {"td", "th", "tr"}
"""Elements that mean something even when empty (an empty cell keeps the next in its column)."""
HIDDEN = frozenset({"pp-web-only", "pp-follows"})
"""Classes of what only the website shows (where the words come from, interactive parts)."""
CONTAINERS = frozenset(
    {
        "root",
        "section",
        "main",
        "aside",
        "div",
        "ul",
        "ol",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
    }
)
"""Elements that hold blocks, where text that is only white space is layout, not a space."""

LONGEST_UNBROKEN = 30
"""Characters after which a word without spaces (a long address, a hostile string) may break:
a word no line can hold would otherwise run off the page."""


_SPACES = re.compile(r"[ \t\n\r\f]+")
"""White space as HTML collapses it (not every Unicode space: a no-break space is kept)."""


LONG_ROW = 2000
"""Characters of a table row above which print/document.typ may split it over two pages: about
two-thirds of an A4 page of 12 pt text, so that a row kept whole always fits on one."""


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict[str, Any] = {"tag": "root", "class": [], "attrs": {}, "children": []}
        self.open: list[dict[str, Any]] = [self.root]
        self.preformatted = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        node: dict[str, Any] = {
            "tag": tag,
            "class": values.get("class", "").split(),
            "attrs": {k: v for k, v in values.items() if k in KEPT_ATTRIBUTES},
            "children": [],
        }
        self.open[-1]["children"].append(node)
        if tag not in VOID:
            self.open.append(node)
            if tag == "pre":
                self.preformatted += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        # Close up to the matching element (HTML may leave a <p> or <li> to be closed).
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth]["tag"] == tag:
                self.preformatted -= sum(1 for n in self.open[depth:] if n["tag"] == "pre")
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        data = unicodedata.normalize("NFC", data)  # 'w' + U+0302 is printed as 'ŵ'
        if self.preformatted:
            lines = data.split("\n")
            for number, line in enumerate(lines):
                if number:
                    self.open[-1]["children"].append(_element("br"))
                if line:
                    self.open[-1]["children"].append(line)
        else:
            self.open[-1]["children"].append(data)


def _element(tag: str) -> dict[str, Any]:
    return {"tag": tag, "class": [], "attrs": {}, "children": []}


def parse(html: str) -> list[Node]:
    """The HTML's top-level nodes, white space collapsed as a browser lays it out."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    _tidy(builder.root)
    children: list[Node] = builder.root["children"]
    return children


def _tidy(node: dict[str, Any], preformatted: bool = False) -> None:
    """Merge adjacent strings, collapse white space, drop white space that is only layout
    (except in a <pre> and all it holds, where white space is kept)."""
    preformatted = preformatted or node["tag"] == "pre"
    merged: list[Node] = []
    for child in node["children"]:
        if isinstance(child, str) and merged and isinstance(merged[-1], str):
            merged[-1] += child
        else:
            merged.append(child)
    children: list[Node] = []
    too_long = "pp-unbroken" in node["class"] and len(text_of(node)) > LONGEST_UNBROKEN
    if too_long:  # a piece of an address too long to keep whole
        node["class"] = [c for c in node["class"] if c != "pp-unbroken"]
    for child in merged:
        if isinstance(child, str):
            if preformatted:
                children.append(child)
                continue
            child = _SPACES.sub(" ", child)
            if node["tag"] in CONTAINERS and not child.strip():
                continue
            if "pp-unbroken" in node["class"]:
                children.append(_breakable(child))
            else:
                children.extend(_addresses_kept_whole(child))
        elif not HIDDEN & set(child["class"]):
            _tidy(child, preformatted)
            if child["children"] or child["tag"] in KEPT_EMPTY or child["tag"] not in BLOCKS:
                children.append(child)  # a block left empty (its only child hidden) goes
    if node["tag"] in BLOCKS and not preformatted:
        _trim(children, 0, str.lstrip)
        _trim(children, -1, str.rstrip)
        # White space next to a block child (a list inside a list item) is not a space.
        for position, child in enumerate(children):
            if isinstance(child, dict) and child["tag"] in BLOCKS:
                if position and isinstance(children[position - 1], str):
                    children[position - 1] = str(children[position - 1]).rstrip()
                if position + 1 < len(children) and isinstance(children[position + 1], str):
                    children[position + 1] = str(children[position + 1]).lstrip()
    node["children"] = [c for c in children if not (isinstance(c, str) and c == "")]
    if too_long:
        _break_after(node)
    if node["tag"] == "table":
        node["widths"], node["longest"] = _columns(node)
        for row in find(node["children"], "tr"):
            if len(text_of(row)) > LONG_ROW:
                row["class"].append("pp-long")  # may be split over two pages


def _columns(table: dict[str, Any]) -> tuple[list[float], list[str]]:
    """Each column's share of a table's width, as a browser's automatic layout gives it
    roughly (by its amount of text, to the power 0.7), and its longest word (the template
    makes no column narrower than that)."""
    rows = [
        [cell for cell in row["children"] if isinstance(cell, dict)]
        for row in find(table["children"], "tr")
    ]
    columns = max((len(row) for row in rows), default=1) or 1
    text = [0] * columns
    longest = [""] * columns
    for row in rows:
        for number, cell in enumerate(row):
            words = _breaking(cell).split()
            text[number] += sum(len(word) + 1 for word in words)
            longest[number] = max([longest[number], *words], key=len)[:LONGEST_UNBROKEN]
    shares = [max(length, 1) ** 0.7 for length in text]
    return [round(share / sum(shares) * columns, 3) for share in shares], longest


def _breaking(node: Node) -> str:
    """A node's text with a space wherever a line may break: at white space, a zero-width
    space, and either side of a piece kept whole (one side of an address's '/' or '@')."""
    if isinstance(node, str):
        return node.replace("\u200b", " ")
    inner = "".join(_breaking(child) for child in node["children"])
    return f" {inner} " if "pp-unbroken" in node["class"] else inner


def _trim(children: list[Node], position: int, strip: Any) -> None:
    if children and isinstance(children[position], str):
        children[position] = strip(children[position])


ADDRESS = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?:https?://|www\.)[^\s()<>]+[^\s()<>.,;:!?]")
"""An email or web address written out in the text (not a link the printer spells out)."""


ADDRESS_BREAKS = "@/#?&="
"""After which of its characters a printed address may break over two lines: none that could
be read as the end of a line rather than a part of the address (a hyphen, a dot)."""
_PIECES = re.compile(rf"[^{re.escape(ADDRESS_BREAKS)}]+[{re.escape(ADDRESS_BREAKS)}]?|.")


def address_pieces(address: str) -> list[str]:
    """An address in the pieces a line may break between: each ends after one of
    ADDRESS_BREAKS ('www.example.org/', 'page.html#', 'section'). A piece of at most
    LONGEST_UNBROKEN characters is kept whole; a longer one breaks as a long word does."""
    return _PIECES.findall(address)


def _addresses_kept_whole(text: str) -> list[Node]:
    """The text, each email or web address in it breakable only after one of ADDRESS_BREAKS
    (never at a hyphen or a dot, where a reader could not tell a line's end from the
    address): its pieces are boxes side by side, and a line may break between two boxes."""
    if "@" not in text and "www." not in text and "://" not in text:  # no address in it
        return [_breakable(text)] if text else []
    found: list[Node] = []
    position = 0
    for match in ADDRESS.finditer(text):
        found.append(_breakable(text[position : match.start()]))
        for piece in address_pieces(match.group()):
            kept = _element("span")
            kept["children"] = [_breakable(piece)]
            if len(piece) <= LONGEST_UNBROKEN:
                kept["class"] = ["pp-unbroken"]
            else:
                _break_after(kept)
            found.append(kept)
        position = match.end()
    found.append(_breakable(text[position:]))
    return [piece for piece in found if piece != ""]


def _break_after(piece: dict[str, Any]) -> None:
    """A piece of an address too long to keep whole is text, not a box, and two such pieces
    side by side would run on as one word: a zero-width space after its last character,
    when that is one a line may break after (never before the punctuation that follows the
    address), lets a line break there as it would between two boxes."""
    last = piece["children"][-1] if piece["children"] else None
    if isinstance(last, str) and last and last[-1] in ADDRESS_BREAKS:
        piece["children"][-1] = last + "\u200b"


def _breakable(text: str) -> str:
    """Text with a zero-width space every LONGEST_UNBROKEN characters of a word that long."""
    if len(text) <= LONGEST_UNBROKEN:
        return text
    return re.sub(
        rf"\S{{{LONGEST_UNBROKEN + 1},}}",
        lambda m: "\u200b".join(
            m.group()[i : i + LONGEST_UNBROKEN] for i in range(0, len(m.group()), LONGEST_UNBROKEN)
        ),
        text,
    )


def put_in_place_of(nodes: list[Node], tag: str, replacement: list[Node]) -> bool:
    """Put `replacement` where the first element `tag` is, at any depth (a placeholder the
    wrapper of a document holds for its pages, which are read on their own: see pdf.py);
    False when there is none."""
    for at, node in enumerate(nodes):
        if isinstance(node, dict):
            if node["tag"] == tag:
                nodes[at : at + 1] = replacement
                return True
            if put_in_place_of(node["children"], tag, replacement):
                return True
    return False


def text_of(node: Node) -> str:
    """All the text of a node, as it reads."""
    if isinstance(node, str):
        return node
    return "".join(text_of(child) for child in node["children"])


def find(nodes: list[Node], tag: str, cls: str | None = None) -> list[dict[str, Any]]:
    """Every element (at any depth) with `tag` (and class `cls`), in document order."""
    found: list[dict[str, Any]] = []
    for node in nodes:
        if isinstance(node, dict):
            if node["tag"] == tag and (cls is None or cls in node["class"]):
                found.append(node)
            found.extend(find(node["children"], tag, cls))
    return found
