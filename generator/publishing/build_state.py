"""What policypack remembers about each pack it built, kept out of the published site.

A build of OUT/<slug>/ records, in the cache folder (caching.py), the fingerprint of the
inputs it was built from (so that an unchanged pack is not built again) and, for each PDF,
the key it was rendered from (so that an unchanged PDF is reused). None of it is published:
the published tree of the same inputs is the same bytes wherever it was built, and deleting
the cache only makes the next build do all the work again.

A record belongs to one output folder (by its absolute path) and one pack, and names the
SHA-256 of the pack's published facts file and that very file (device, inode, modification
time): a record whose pack has since been deleted, replaced, restored from a copy or built by
policypack with another cache is not trusted. The record is removed before a new build is
swapped in and written after, so a build killed in between leaves no record to trust.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from generator import caching

FORMAT = 2
"""The record's format: a record of another format is not read (it is rebuilt)."""


@dataclass(frozen=True)
class PrintRecord:
    """One PDF of a built pack: the key it was rendered from, its pages and its SHA-256."""

    key: str
    pages: int
    sha256: str


@dataclass(frozen=True)
class BuildState:
    """One pack's build in one output folder."""

    fingerprint: str | None
    """Its inputs and what --today changed in it (batch.py); None: always build again."""
    facts_sha256: str
    """The SHA-256 of the facts file it published (OUT/<slug>/.policypack.json)."""
    facts_file: str
    """That file itself: its device, inode and modification time (`identity`)."""
    prints: dict[str, PrintRecord]
    """Each PDF in OUT/<slug>/downloads/, by file name."""


def _path(out_root: Path, slug: str) -> Path | None:
    folder = caching.folder("builds")
    if folder is None:
        return None
    where = hashlib.sha256(str(out_root.resolve()).encode("utf-8")).hexdigest()[:24]
    return folder / f"{where}-{slug}.json"


def identity(facts_file: Path) -> str | None:
    """Which file this is (device, inode, modification time): a copy put in its place, even
    with the same bytes, is another file."""
    try:
        found = facts_file.stat()
    except OSError:
        return None
    return f"{found.st_dev}:{found.st_ino}:{found.st_mtime_ns}"


def facts_digest(facts_file: Path) -> str | None:
    """The SHA-256 of a published facts file, or None when there is none."""
    try:
        return hashlib.sha256(facts_file.read_bytes()).hexdigest()
    except OSError:
        return None


def read(out_root: Path, slug: str, facts_file: Path) -> BuildState | None:
    """The record of OUT/<slug>/'s build, or None when there is none to trust: no record,
    one of another format or unreadable, or one whose published facts file is not there or
    not the one it wrote."""
    path = _path(out_root, slug)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("format") != FORMAT:
            return None
        state = BuildState(
            fingerprint=None if data["fingerprint"] is None else str(data["fingerprint"]),
            facts_sha256=str(data["facts_sha256"]),
            facts_file=str(data["facts_file"]),
            prints={
                str(name): PrintRecord(str(p["key"]), int(p["pages"]), str(p["sha256"]))
                for name, p in data["prints"].items()
            },
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None
    if identity(facts_file) != state.facts_file or facts_digest(facts_file) != state.facts_sha256:
        return None
    return state


def forget(out_root: Path, slug: str) -> None:
    """Remove the record of OUT/<slug>/'s build (before a new build replaces it)."""
    path = _path(out_root, slug)
    if path is not None:
        with contextlib.suppress(OSError):
            path.unlink(missing_ok=True)


def write(out_root: Path, slug: str, state: BuildState) -> None:
    """Record OUT/<slug>/'s build (nothing when there is no cache to keep it in)."""
    path = _path(out_root, slug)
    if path is not None:
        data = {"format": FORMAT, **asdict(state)}
        caching.write_atomically(path, (json.dumps(data, indent=2, sort_keys=True) + "\n").encode())
