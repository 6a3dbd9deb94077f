"""Where policypack keeps work between runs: compiled templates, the syllable table, the
list of the theme's files, validated trusts and nation facts, the shipped data files, the
patient pages' readability scores, the Easy Read checks, the notice's QR code, each printed
page's print data (publishing/pdf.py) and the review calendar.

Most people run one command for one pack in a fresh process, so what every run would otherwise
redo (compiling ~15 templates, reading the CMU pronouncing dictionary, walking Material's
14,000 files) is kept in a folder of the user's cache, never in a published tree:
`$POLICYPACK_CACHE_DIR` if set (set it empty to keep nothing), else
`$XDG_CACHE_HOME/policypack`, else `~/.cache/policypack`, in folders only its user may
write to (folder() passes over any other). Everything in it is derived and named by what it
was made from, so it may be deleted at any time; and when it cannot be made or written
(a read-only home, a CI sandbox), each user of it falls back to doing the work in memory,
never failing a command.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import stat
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

ENV_VAR = "POLICYPACK_CACHE_DIR"


def root() -> Path | None:
    """The cache folder (not created here), or None when caching is switched off."""
    chosen = os.environ.get(ENV_VAR)
    if chosen is not None:
        # Absolute, so that a relative choice means the same folder after a change of folder
        # (and SQLite can open it as a file: URI).
        return Path(chosen).expanduser().absolute() if chosen.strip() else None
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    # XDG says a relative XDG_CACHE_HOME is invalid and to be ignored.
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "policypack"
    try:
        return Path.home() / ".cache" / "policypack"
    except RuntimeError:  # no home folder to be found
        return None


def folder(name: str) -> Path | None:
    """`root()/name`, created if need be (readable and writable by its owner only); None when
    there is no cache, it cannot be made, or it is not the user's own: a folder another user
    owns, or one that others may write to, is passed over, because what it holds (compiled
    templates, pickled results) is run or unpickled as it is read."""
    top = root()
    if top is None:
        return None
    path = top / name
    try:
        top.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.mkdir(mode=0o700, exist_ok=True)
        if not all(_own(found) for found in (top, path)):
            return None
    except OSError:
        return None
    return path


def _own(path: Path) -> bool:
    """A folder (not a link to one) of this user's, that no one else may write to (one of
    the user's own that others could write to is made private first)."""
    found = os.lstat(path)
    mine = not hasattr(os, "getuid") or found.st_uid == os.getuid()
    if not (stat.S_ISDIR(found.st_mode) and mine):
        return False
    if found.st_mode & 0o022:
        os.chmod(path, stat.S_IMODE(found.st_mode) & ~0o022)
    return True


def write_atomically(path: Path, data: bytes) -> bool:
    """Write `data` beside `path`, then move it there, so that no reader (another run, another
    worker) ever sees half a file. False, leaving nothing behind, when it cannot be written."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        return False
    return True


def read(path: Path | None) -> bytes | None:
    """What a cache file holds, or None when there is none or it cannot be read."""
    if path is None:
        return None
    try:
        return path.read_bytes()
    except OSError:
        return None


def prune(folder: Path, pattern: str, limit: int) -> None:
    """Keep `folder` to `limit` files matching `pattern`: past it, drop the older half (files
    written for inputs since changed are never read again). Quietly does nothing it cannot."""
    with contextlib.suppress(OSError):
        stored = list(folder.glob(pattern))
        if len(stored) <= limit:
            return
        stored.sort(key=lambda path: path.stat().st_mtime)
        for path in stored[: len(stored) - limit // 2]:
            path.unlink(missing_ok=True)


def remembered(name: str, inputs: bytes, make: Callable[[], T], kind: type) -> T:
    """`make()`, kept pickled in the cache folder `name` under a hash of `inputs` (with this
    installation's `environment()` and policypack's `code()`), and read back from there by
    the next run with the same inputs instead of made again. What is read back must be a
    `kind`; an entry that cannot be read, unpickled or written is passed over."""
    path = entry(name, inputs)
    if path is None:
        return make()
    stored = read(path)
    if stored is not None:
        try:
            kept = pickle.loads(stored)
        except Exception:  # damaged, or of another make: make it afresh
            kept = None
        if isinstance(kept, kind):
            return kept  # type: ignore[return-value]
    made = make()
    with contextlib.suppress(pickle.PicklingError, TypeError, AttributeError):
        if write_atomically(path, pickle.dumps(made, pickle.HIGHEST_PROTOCOL)):
            prune(path.parent, "*.pickle", 200)
    return made


def entry(name: str, inputs: bytes) -> Path | None:
    """The file in the cache folder `name` that keeps what is made from `inputs` by this
    installation (`environment()`) and this policypack (`code()`); None without a cache."""
    folder_path = folder(name)
    if folder_path is None:
        return None
    digest = hashlib.sha256(f"{environment()}\n{code()}\n".encode())
    digest.update(inputs)
    return folder_path / f"{digest.hexdigest()[:40]}.pickle"


@functools.cache
def environment() -> str:
    """What a cache entry made by this installation depends on besides its own inputs, as a
    hash: this Python, and the name and version of every installed distribution (the folders
    `*.dist-info`, read without importing a thing), so that a new version of PyYAML,
    pydantic or textstat is never given what another made."""
    digest = hashlib.sha256(sys.version.encode())
    for entry, names in _metadata_folders():
        digest.update(f"{entry}\n{names}\n".encode())
    return digest.hexdigest()


def _metadata_folders() -> list[tuple[str, list[str]]]:
    """Each readable sys.path entry and the names of the installed distributions' metadata
    folders in it, sorted ('mkdocs-1.6.1.dist-info'; Debian's packages: egg-info)."""
    found = []
    for entry in sys.path:
        with contextlib.suppress(OSError):
            names = os.listdir(entry or ".")
            found.append(
                (entry, sorted(n for n in names if n.endswith((".dist-info", ".egg-info"))))
            )
    return found


@functools.cache
def installed() -> str:
    """The installed distributions with their versions, as a hash: the names of the
    `*.dist-info` and `*.egg-info` folders environment() reads (_metadata_folders),
    sorted, without where they were found, so that the order of sys.path (`policypack`,
    `python -m generator`) changes nothing. A name with no version in it (the egg-info of a
    `setup.py develop` checkout: 'mkdocs.egg-info') is taken with its PKG-INFO's size and
    times (stat_line), which change with its version."""
    names: set[str] = set()
    for entry, found in _metadata_folders():
        for name in found:
            if "-" not in name.removesuffix(".egg-info"):  # no version in its name
                path = os.path.join(entry or ".", name)
                info = os.path.join(path, "PKG-INFO") if os.path.isdir(path) else path
                with contextlib.suppress(OSError):
                    name += f" {stat_line(os.stat(info))}"
            names.add(name)
    return hashlib.sha256("\n".join(sorted(names)).encode()).hexdigest()


@functools.cache
def code() -> str:
    """A hash of policypack's own code and data (`tree()` of the generator package)."""
    return tree(os.path.dirname(os.path.abspath(__file__)))


def stat_line(found: os.stat_result) -> str:
    """A file's size, modification and change times and inode, as a cache key sees a file."""
    return f"{found.st_size}|{found.st_mtime_ns}|{found.st_ctime_ns}|{found.st_ino}"


def tree(top_folder: str) -> str:
    """A hash of the files in a folder (leaving out __pycache__), each by its path, size,
    modification time and the times and inode a copy keeping the modification time still
    changes (`touch` or `cp -p` cannot set them), as Python itself tells an edited module from
    the one it compiled (reading all 50 files of policypack took 6 ms of every run; their
    sizes and times, 0.5)."""
    digest = hashlib.sha256()
    for top, folders, files in os.walk(top_folder):
        folders[:] = sorted(folder for folder in folders if folder != "__pycache__")
        for name in sorted(files):
            path = os.path.join(top, name)
            with contextlib.suppress(OSError):
                found = os.stat(path)
                where = path[len(top_folder) :]
                digest.update(f"{where}|{stat_line(found)}\n".encode())
    return digest.hexdigest()
