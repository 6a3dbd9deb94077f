"""output.py's work files: a second name for a file where the file system allows it, else a copy."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from generator.publishing import output


def test_a_work_file_is_a_second_name_of_its_source(tmp_path: Path) -> None:
    source = tmp_path / "logo.svg"
    source.write_text("<svg/>")
    output.link_or_copy(source, tmp_path / "work.svg")
    assert (tmp_path / "work.svg").stat().st_ino == source.stat().st_ino  # no new file made


def test_where_a_link_cannot_be_made_the_file_is_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refused(*_: object, **__: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", refused)
    source = tmp_path / "logo.svg"
    source.write_text("<svg/>")
    output.link_or_copy(source, tmp_path / "work.svg")
    assert (tmp_path / "work.svg").read_text() == "<svg/>"
    assert (tmp_path / "work.svg").stat().st_ino != source.stat().st_ino


def test_a_work_file_already_there_is_replaced_by_the_source(tmp_path: Path) -> None:
    source = tmp_path / "logo.svg"
    source.write_text("<svg>new</svg>")
    (tmp_path / "work.svg").write_text("<svg>old</svg>")
    output.link_or_copy(source, tmp_path / "work.svg")
    assert (tmp_path / "work.svg").read_text() == "<svg>new</svg>"
    assert source.read_text() == "<svg>new</svg>"


def test_a_work_file_linked_before_is_never_written_through(tmp_path: Path) -> None:
    """A name that was linked to one file, given another: the first file is left as it was."""
    first, second = tmp_path / "first.svg", tmp_path / "second.svg"
    first.write_text("<svg>first</svg>")
    second.write_text("<svg>second</svg>")
    output.link_or_copy(first, tmp_path / "work.svg")
    output.link_or_copy(second, tmp_path / "work.svg")
    assert (tmp_path / "work.svg").read_text() == "<svg>second</svg>"
    assert first.read_text() == "<svg>first</svg>"
