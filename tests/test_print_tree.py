"""The print tree (generator/publishing/print_tree.py): the website's HTML as the data the print
template typesets, white space as a browser lays it out, addresses and long words breakable
only where a reader can tell."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from generator.publishing import print_tree
from generator.publishing.print_tree import LONGEST_UNBROKEN


def _paragraph(html: str) -> list[print_tree.Node]:
    parsed = print_tree.parse(f"<p>{html}</p>")
    if not parsed:  # a paragraph of white space only is no paragraph
        assert not html.strip()
        return []
    (paragraph,) = parsed
    assert isinstance(paragraph, dict)
    return paragraph["children"]


def test_white_space_collapses_as_in_a_browser_but_a_no_break_space_is_kept() -> None:
    assert _paragraph("  Call\n\t us \u00a0 today ") == ["Call us \u00a0 today"]


def test_an_address_breaks_only_after_an_at_sign_a_slash_or_a_hash() -> None:
    children = _paragraph(
        "Write to imaging@example.nhs.uk or see www.example.nhs.uk/recording/"
        "quick-guide.html#started-without-asking."
    )
    pieces = [print_tree.text_of(c) for c in children if isinstance(c, dict)]
    assert pieces == [
        *("imaging@", "example.nhs.uk", "www.example.nhs.uk/", "recording/"),
        *("quick-guide.html#", "started-without-asking"),
    ]
    assert all(c["class"] == ["pp-unbroken"] for c in children if isinstance(c, dict))
    assert children[0] == "Write to " and children[-1] == "."
    # Each piece is short enough to be kept whole, so none holds a zero-width space (which
    # would be copied with the address from the PDF); Typst breaks a line between two boxes.
    assert "\u200b" not in "".join(print_tree.text_of(c) for c in children)


@given(st.text(alphabet="aw. @/:-#?&=\u00e9", min_size=1, max_size=120))
@example("www." + "a" * 40)  # an address piece too long to keep whole
@example("a@" + "a" * 40 + ".aa")
@example("www." + "a" * 40 + "#" + "b" * 40)  # two such pieces side by side
@example("www.x/" + "a" * 40 + "=" + "b" * 40 + ".")
@example("a" * 40 + "@" + "a" * 40 + ".aa")
def test_text_is_kept_and_no_piece_between_line_breaks_is_too_long(text: str) -> None:
    """Any text, addresses or not: its words are all printed, and a line may break at least
    every LONGEST_UNBROKEN characters (at a space, a zero-width space or between the pieces
    of an address). A piece of an address is kept whole (pp-unbroken) when it is at most
    LONGEST_UNBROKEN characters; a longer one is left unmarked, to break like a long word."""
    children = _paragraph(text)
    printed = "".join(print_tree.text_of(child) for child in children)
    assert printed.replace("\u200b", "") == " ".join(text.split())
    for child in children:
        if isinstance(child, dict):
            piece = print_tree.text_of(child)
            assert child["tag"] == "span" and child["class"] in (["pp-unbroken"], [])
            if child["class"]:
                assert len(piece) <= LONGEST_UNBROKEN and "\u200b" not in piece
            else:
                assert len(piece.replace("\u200b", "")) > LONGEST_UNBROKEN
    assert all(
        len(piece) <= LONGEST_UNBROKEN
        for piece in print_tree._breaking(
            {"tag": "p", "class": [], "attrs": {}, "children": children}
        ).split()
    )


def test_a_long_word_breaks_after_exactly_longest_unbroken_characters() -> None:
    assert _paragraph("a" * LONGEST_UNBROKEN) == ["a" * LONGEST_UNBROKEN]
    assert _paragraph("a" * (LONGEST_UNBROKEN + 1)) == ["a" * LONGEST_UNBROKEN + "\u200ba"]


def test_a_column_is_never_narrower_than_its_longest_piece_between_breaks() -> None:
    (table,) = print_tree.parse(
        "<table><tr><th>Point</th><th>Where</th></tr><tr><td>1.4</td><td>see "
        "www.northbridge.example/recording-your-care/patients.html</td></tr></table>"
    )
    assert isinstance(table, dict)
    assert table["longest"] == ["Point", "www.northbridge.example/"]
    assert table["widths"][1] > table["widths"][0]


def test_only_a_row_too_long_for_one_page_may_be_split() -> None:
    short, long = "word " * 10, "word " * (print_tree.LONG_ROW // 5 + 1)
    (table,) = print_tree.parse(f"<table><tr><td>{short}</td></tr><tr><td>{long}</td></tr></table>")
    assert isinstance(table, dict)
    rows = print_tree.find(table["children"], "tr")
    assert [row["class"] for row in rows] == [[], ["pp-long"]]


def test_a_printed_link_address_of_long_pieces_may_break_between_them() -> None:
    """pdf.py prints a link's address as a box a piece; a piece too long to keep whole is
    text instead, which may break after its last character, as between two boxes, so that
    two long pieces never run on as one word past the margin (but never before the ')')."""
    query = "p?a=" + "c" * 40 + "&amp;"
    (paragraph,) = print_tree.parse(
        '<p>See <span class="pp-address"> (<span class="pp-unbroken">www.x.example/</span>'
        f'<span class="pp-unbroken">{query}</span><span class="pp-unbroken">{"d" * 40}=</span>'
        '<span class="pp-unbroken">x</span>)</span>.</p>'
    )
    assert max(len(piece) for piece in print_tree._breaking(paragraph).split()) <= LONGEST_UNBROKEN
    address = print_tree.text_of(paragraph)
    assert address.replace("\u200b", "") == f"See  (www.x.example/p?a={'c' * 40}&{'d' * 40}=x)."
    assert "\u200b)" not in address and "&\u200b" in address and "=\u200bx" in address
