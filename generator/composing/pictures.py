"""The Easy Read pictures of a pack: the standard set (policy_templates/easy_read/), with any
picture the organisation replaced by its own (easy_read.pictures in trust.yml).

Every page and PDF refers to a picture by its site path, `assets/easy-read/<name><suffix>`;
publishing/build.py copies the files there and publishing/pdf.py into each compile's root.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator import i18n, resources
from generator.errors import TemplateError
from generator.reading.config import LoadedTrust
from generator.reading.model import EasyReadPicture

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
    file, alt text per language, source and licence. Read again whenever it changes (so a
    running `serve` sees an edit); a copy without a picture the pages may show, or without its
    alt text in a language, is a TemplateError naming what is missing."""
    path = resources.find_template_file(f"{FOLDER}/pictures.yml")
    stat = path.stat()
    return _standard(path, stat.st_mtime_ns, stat.st_size)


@cache
def _standard(path: Path, mtime_ns: int, size: int) -> dict[str, Any]:
    """pictures.yml as read at one modification time and size (the cache's key, not read)."""
    data: dict[str, Any] = resources.read_yaml(path)
    missing = [key.value for key in EasyReadPicture if key.value not in data]
    if missing:
        raise TemplateError(f"{path}: has no picture named {', '.join(missing)}")
    for key, entry in data.items():
        languages = [code for code in i18n.LANGUAGES if code not in entry.get("alt", {})]
        if languages or not (path.parent / entry.get("file", "")).is_file():
            what = f"alt text in {', '.join(languages)}" if languages else "file"
            raise TemplateError(f"{path}: the picture {key} has no {what}")
    return {key: {**entry, "path": path.parent / entry["file"]} for key, entry in data.items()}


def of_pack(loaded: LoadedTrust) -> dict[str, Picture]:
    """Every Easy Read picture of this pack by name, the organisation's own where it has one."""
    return {
        key: Picture(key, loaded.own_pictures[key], True)
        if key in loaded.own_pictures
        else Picture(key, entry["path"], False)
        for key, entry in standard().items()
    }


def shown(pages: Iterable[str]) -> set[str]:
    """The site paths of the pictures these pages (Markdown) show."""
    return {m for text in pages for m in _SHOWN.findall(text)}


_SHOWN = re.compile(rf'src="({re.escape(SITE_FOLDER)}/[^"/]+)"')


def unused_own(loaded: LoadedTrust, pages: Iterable[str]) -> list[str]:
    """A warning for each of the organisation's own pictures that no page shows (a picture the
    pack's pages do not use, such as `letter`)."""
    used = shown(pages)
    return [
        f"{loaded.slug}: easy_read.pictures.{key} replaces a picture that no page of this pack "
        "shows, so it is not published"
        for key, picture in of_pack(loaded).items()
        if picture.own and picture.site_path not in used
    ]


def files(loaded: LoadedTrust) -> dict[str, Path]:
    """{site path: file} of every picture, for the site and the PDFs."""
    return {picture.site_path: picture.source for picture in of_pack(loaded).values()}
