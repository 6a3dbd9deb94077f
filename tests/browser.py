"""Headless Chromium for tests: Debian's /usr/bin/chromium driven by Playwright.

In CI (CI=true) a missing browser is a failure, never a skip: a green run must mean the pages
were really opened.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    """The browser to use, or fail (CI) / skip (a developer's machine without it)."""
    path = os.environ.get("POLICYPACK_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).is_file():
        message = "Debian's chromium is not installed (./run tests installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve `folder` on 127.0.0.1 (a free port) for the duration; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def axe_path() -> Path:
    """Where axe-core's axe.min.js is (./run tests installs it and sets POLICYPACK_AXE). Served
    to the pages as a file, so that Chromium compiles it once, not on every page."""
    candidates = [os.environ.get("POLICYPACK_AXE", "")]
    candidates += sorted(
        str(p)
        for p in Path(__file__)
        .resolve()
        .parent.parent.glob(".cache/axe-core-*/node_modules/axe-core/axe.min.js")
    )
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    message = "axe-core is not installed (./run tests installs it with npm)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)
