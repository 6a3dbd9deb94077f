"""Reading trust.yml: every kind of unusable file is one located line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import source
from generator.errors import ConfigError


def problems(tmp_path: Path, content: bytes) -> list[str]:
    path = tmp_path / "trust.yml"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        source.read(path, "trust.yml")
    return str(caught.value).splitlines()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "trust.yml:1:1: the file is empty; start from an example in trusts/"),
        (
            b"# only a comment\n\n",
            "trust.yml:1:1: the file is empty; start from an example in trusts/",
        ),
        (
            b"- a\n- b\n",
            "trust.yml:1:1: the file holds a list; it must be a set of `key: value` lines",
        ),
        (
            b"hello\n",
            "trust.yml:1:1: the file holds a single value; it must be a set of `key: value` lines",
        ),
        (b"a:\n\tb: 1\n", "trust.yml:2:1: YAML syntax: a tab character; indent with spaces only"),
        (b"a: [1, 2\n", "trust.yml:2:1: YAML syntax: expected ',' or ']', but got '<stream end>'"),
        (b"a: 1\nb: 2\na: 3\n", "trust.yml:3:1: a: duplicate key; it is already set on line 1"),
        (b"a:\n  b: 1\n  b: 2\n", "trust.yml:3:3: a.b: duplicate key; it is already set on line 2"),
        (b"a: caf\xe9\n", "trust.yml:1:7: the file is not UTF-8 text; save it as UTF-8"),
        (b"a: \x00\x01\x02", "trust.yml:1:1: this is a binary file, not YAML text"),
        (b"<<: {a: 1}\n", "trust.yml:1:1: keys must be plain words (no `<<` merges)"),
    ],
)
def test_unusable_files_give_one_located_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    assert problems(tmp_path, content) == [expected]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^x/trust.yml:1:1: file not found"):
        source.read(tmp_path / "trust.yml", "x/trust.yml")


def test_too_large(tmp_path: Path) -> None:
    assert problems(tmp_path, b"a: " + b"x" * (300 * 1024)) == [
        "trust.yml:1:1: file is 300 KB; a trust.yml may be at most 256 KB"
    ]


def test_billion_laughs_fails_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    found = problems(tmp_path, "\n".join(lines).encode())
    assert len(found) == 1
    assert "too many values (aliases repeated too deeply)" in found[0]


def test_numbers_remember_how_they_were_written(tmp_path: Path) -> None:
    path = tmp_path / "trust.yml"
    path.write_text("phone: 01632960000\nversion: 2.10\nwhen: 2026-12-01\nword: no\n")
    data = source.read(path).data
    assert data["phone"].text == "01632960000"
    assert data["version"].text == "2.10"
    assert str(data["when"]) == "2026-12-01"
    assert data["word"] == "no"  # YAML 1.2: `no` is a word, not false


def test_positions_are_of_keys_and_items(tmp_path: Path) -> None:
    path = tmp_path / "trust.yml"
    path.write_text("top:\n  inner: 1\n  items:\n    - x\n    - y\n")
    document = source.read(path)
    assert document.positions[("top", "inner")] == (2, 3)
    assert document.positions[("top", "items", 1)] == (5, 7)
    assert document.locate(("top", "missing", "deeper")) == (1, 1)
