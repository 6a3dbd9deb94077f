"""The print tree (generator/publishing/print_tree.py): the website's HTML as the data the print
template typesets, white space as a browser lays it out, addresses and long words breakable
only where a reader can tell."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from generator.publishing import print_tree
from generator.publishing.print_tree import LONGEST_UNBROKEN


def _paragraph(html: str) -> list[print_tree.Node]:
    (paragraph,) = print_tree.parse(f"<p>{html}</p>")
    assert isinstance(paragraph, dict)
    return paragraph["children"]


def test_white_space_collapses_as_in_a_browser_but_a_no_break_space_is_kept() -> None:
    assert _paragraph("  Call\n\t us \u00a0 today ") == ["Call us \u00a0 today"]


def test_an_address_breaks_only_after_an_at_sign_or_a_slash() -> None:
    children = _paragraph("Write to imaging@example.nhs.uk or see www.example.nhs.uk/recording.")
    pieces = [print_tree.text_of(c) for c in children if isinstance(c, dict)]
    assert pieces == ["imaging@", "example.nhs.uk", "www.example.nhs.uk/", "recording"]
    assert all(c["class"] == ["pp-unbroken"] for c in children if isinstance(c, dict))
    assert children[0] == "Write to " and children[-1] == "."


@given(st.text(alphabet="ab-.", min_size=1, max_size=200))
def test_a_word_without_addresses_is_broken_every_longest_unbroken_characters(word: str) -> None:
    (text,) = _paragraph(word) or [""]
    assert isinstance(text, str) and text.replace("\u200b", "") == word
    assert all(len(piece) <= LONGEST_UNBROKEN for piece in text.split("\u200b"))
    assert ("\u200b" in text) == (len(word) > LONGEST_UNBROKEN)


def test_a_column_is_never_narrower_than_its_longest_piece_between_breaks() -> None:
    (table,) = print_tree.parse(
        "<table><tr><th>Where</th></tr><tr><td>see www.northbridge.example/recording-your-care/"
        "patients.html</td></tr></table>"
    )
    assert isinstance(table, dict)
    assert table["longest"] == ["www.northbridge.example/"]
    assert table["widths"] == [1.0]
