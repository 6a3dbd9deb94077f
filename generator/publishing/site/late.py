"""Pages whose final words come while the site builds: their links to PDFs still being printed
(publishing/build.py prints them ahead, in a child process, while the site engine starts)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class LatePages:
    """Until it is settled, each of `pages` (file names in the docs folder, in the order they
    will be ready) is there without its links to PDFs, and the files still to come (the PDFs)
    are there empty. `settle(page)` waits for that page and writes it in full, with its PDFs;
    `settle(None)` does so for every one. Either may be called more than once."""

    pages: tuple[str, ...]
    settle: Callable[[str | None], None]
