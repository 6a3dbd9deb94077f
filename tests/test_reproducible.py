"""The same inputs and --today give byte-identical output, wherever they are checked out."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from generator.commands.cli import main

from .conftest import TRUSTS


def tree(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def test_two_checkouts_build_identical_sites(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trees = []
    for place in ("first/checkout", "somewhere/else/entirely"):
        checkout = tmp_path / place
        for slug in ("northbridge", "afon-teifi", "minimal"):
            shutil.copytree(TRUSTS / slug, checkout / "trusts" / slug)
        monkeypatch.chdir(checkout)
        assert main(["build", "--out", "site", "--today", "2026-12-01", "--audience", "staff"]) == 0
        trees.append(tree(checkout / "site"))
    assert trees[0] == trees[1]
    names = set(trees[0])
    assert {
        "index.html",
        "review-status.json",
        "reviews.ics",
        "northbridge/sitemap.xml",
        "northbridge/search/search_index.json",
        "northbridge/downloads/northbridge-leaflet-a5.pdf",
    } <= names
    assert not any(
        str(tmp_path) in (tmp_path / "first/checkout/site" / name).read_text("utf-8", "replace")
        for name in names
        if not name.endswith((".pdf", ".woff2", ".gz"))
    )
