"""Where policypack keeps work between runs: compiled templates, the syllable table, the
list of the theme's files.

Most people run one command for one pack in a fresh process, so what every run would otherwise
redo (compiling ~15 templates, reading the CMU pronouncing dictionary, walking Material's
14,000 files) is kept in a folder of the user's cache, never in a published tree:
`$POLICYPACK_CACHE_DIR` if set (set it empty to keep nothing), else
`$XDG_CACHE_HOME/policypack`, else `~/.cache/policypack`. Everything in it is derived and
checked before use, so it may be deleted at any time; and when it cannot be made or written
(a read-only home, a CI sandbox), each user of it falls back to doing the work in memory,
never failing a command.
"""

from __future__ import annotations

import contextlib
import os
import threading
from pathlib import Path

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
    """`root()/name`, created if need be; None when there is no cache or it cannot be made."""
    top = root()
    if top is None:
        return None
    path = top / name
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path if path.is_dir() else None


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
