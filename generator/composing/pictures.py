"""The Easy Read pictures of a pack: the standard set (policy_templates/easy_read/), with any
picture the organisation replaced by its own (easy_read.pictures in trust.yml).

Every page and PDF refers to a picture by its site path, `assets/easy-read/<name><suffix>`;
publishing/build.py copies the files there and publishing/pdf.py into each compile's root.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator import resources
from generator.reading.config import LoadedTrust

FOLDER = "easy_read"
SITE_FOLDER = "assets/easy-read"


@dataclass(frozen=True)
class Picture:
    """One picture of the pack's Easy Read version."""

    key: str
    source: Path
    """The file to publish: the shipped picture or the organisation's own (already checked)."""
    own: bool

    @property
    def site_path(self) -> str:
        return f"{SITE_FOLDER}/{self.key}{self.source.suffix.lower()}"


def standard() -> dict[str, Any]:
    """policy_templates/easy_read/pictures.yml (a project's own copy first): each picture's
    file, alt text per language, source and licence."""
    return _standard(resources.find_template_file(f"{FOLDER}/pictures.yml"))


@cache
def _standard(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = resources.read_yaml(path)
    return {key: {**entry, "path": path.parent / entry["file"]} for key, entry in data.items()}


def of_pack(loaded: LoadedTrust) -> dict[str, Picture]:
    """Every Easy Read picture of this pack by name, the organisation's own where it has one."""
    return {
        key: Picture(key, loaded.own_pictures[key], True)
        if key in loaded.own_pictures
        else Picture(key, entry["path"], False)
        for key, entry in standard().items()
    }


def files(loaded: LoadedTrust) -> dict[str, Path]:
    """{site path: file} of every picture, for the site and the PDFs."""
    return {picture.site_path: picture.source for picture in of_pack(loaded).values()}
