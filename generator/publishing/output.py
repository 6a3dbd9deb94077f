"""Safe writes into the output folder: nothing half-written is ever published.

- A pack is built in a work folder beside its target (`OUT/.<slug>.building-<pid>-<random>`)
  and swapped in by renames only when complete (`swap_in`).
- Builds into the same OUT take `OUT/.policypack.lock` (an flock, released by the operating
  system even if the process is killed) for the short moments they change OUT: swapping a pack
  in and writing the summaries. Work folders left by a killed build are removed by the next
  build, once their process is gone.
- Single files (index.html, review-status.json, reviews.ics) are written to a temporary name
  and renamed over the old one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

LOCK_NAME = ".policypack.lock"
_WORK = re.compile(r"^\.(?P<slug>.+)\.building-(?P<pid>\d+)-")


@contextlib.contextmanager
def locked(out_root: Path) -> Iterator[None]:
    """Hold OUT's lock: other builds into OUT wait until it is released."""
    out_root.mkdir(parents=True, exist_ok=True)
    with (out_root / LOCK_NAME).open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


@contextlib.contextmanager
def work_folder(out_root: Path, slug: str) -> Iterator[Path]:
    """A fresh folder beside OUT/<slug> to build into; removed afterwards, whatever happens."""
    out_root.mkdir(parents=True, exist_ok=True)
    remove_abandoned(out_root)
    with tempfile.TemporaryDirectory(
        prefix=f".{slug}.building-{os.getpid()}-", dir=out_root
    ) as work:
        yield Path(work)


def remove_abandoned(out_root: Path) -> None:
    """Remove work folders whose build process no longer exists (it was killed)."""
    for folder in out_root.glob(".*.building-*"):
        match = _WORK.match(folder.name)
        if match and folder.is_dir() and not _alive(int(match.group("pid"))):
            shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def swap_in(new: Path, target: Path) -> None:
    """Replace `target` with `new` by renames, so readers never see half a site. Call with
    OUT's lock held."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def write_atomically(path: Path, data: bytes) -> None:
    """Write `path` by renaming a complete temporary file over it."""
    with tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=f".{path.name}.", delete=False
    ) as handle:
        handle.write(data)
        temporary = Path(handle.name)
    try:
        temporary.chmod(0o644)
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def link_or_copy(source: Path, target: Path) -> None:
    """`target` as a second name of `source` (a hard link) where the file system allows it, else
    a copy: making a file costs more than the copy itself on ext4, and a build makes many.
    Only for work files that nothing writes to and that are removed after the build (the Typst
    root, the site engine's docs folder): a published file is always a file of its own."""
    target.unlink(missing_ok=True)  # never write through an earlier link into its source
    try:
        os.link(source, target)
    except OSError:  # another file system, or not allowed (fs.protected_hardlinks)
        shutil.copyfile(source, target)
