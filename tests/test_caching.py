"""Where work is kept between runs (compiled templates, the syllable table), and how safely."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import caching


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"POLICYPACK_CACHE_DIR": "/srv/cache", "XDG_CACHE_HOME": "/x"}, Path("/srv/cache")),
        ({"POLICYPACK_CACHE_DIR": "", "XDG_CACHE_HOME": "/x"}, None),
        ({"XDG_CACHE_HOME": "/x"}, Path("/x/policypack")),
        ({"XDG_CACHE_HOME": "relative"}, Path("/home/u/.cache/policypack")),
        ({}, Path("/home/u/.cache/policypack")),
    ],
)
def test_the_cache_is_the_users_unless_told_otherwise(
    variables: dict[str, str], expected: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("POLICYPACK_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", "/home/u")
    assert caching.root() == expected


def test_a_relative_cache_folder_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", "relative/cache")
    assert caching.root() == tmp_path / "relative" / "cache"


def test_a_folder_that_cannot_be_made_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "file"))
    assert caching.folder("jinja") is None
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "cache"))
    assert caching.folder("jinja") == tmp_path / "cache" / "jinja"
    assert (tmp_path / "cache" / "jinja").is_dir()


def test_files_are_written_whole_or_not_at_all(tmp_path: Path) -> None:
    assert caching.write_atomically(tmp_path / "kept", b"data")
    assert (tmp_path / "kept").read_bytes() == b"data"
    assert not caching.write_atomically(tmp_path / "missing" / "kept", b"data")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["kept"]  # nothing half-written
