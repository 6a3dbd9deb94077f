"""`policypack serve`: editing trust.yml changes the served page, without a restart."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from generator.commands import preview
from generator.reading.model import Audience

from .conftest import TODAY


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_refresh_writes_only_changed_files(trust_copy, tmp_path: Path) -> None:
    folder = trust_copy("minimal")
    work = tmp_path / "work"
    preview.refresh(folder, Audience.PUBLIC, TODAY, work)
    patients = work / "docs" / "patients.md"
    index = work / "docs" / "index.md"
    stamp = patients.stat().st_mtime_ns
    text = (
        (folder / "trust.yml")
        .read_text()
        .replace("Fernvale Community Health NHS Trust", "Fernvale Health NHS Trust")
    )
    (folder / "trust.yml").write_text(text)
    time.sleep(0.01)
    preview.refresh(folder, Audience.PUBLIC, TODAY, work)
    assert "Fernvale Health NHS Trust" in index.read_text()
    if "Fernvale" not in patients.read_text():
        assert patients.stat().st_mtime_ns == stamp


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_serve_reloads_after_an_edit(trust_copy, engine: str) -> None:
    folder = trust_copy("minimal")
    port = _free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            str(folder),
            "--dev-addr",
            f"127.0.0.1:{port}",
            "--today",
            "2026-12-01",
            "--engine",
            engine,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = f"http://127.0.0.1:{port}/index.html"
        assert _wait_for(lambda: _get(url) is not None, 30), "the preview server did not start"
        assert "Fernvale Community Health NHS Trust" in (_get(url) or "")
        text = (
            (folder / "trust.yml")
            .read_text()
            .replace("Fernvale Community Health NHS Trust", "Fernvale Renamed NHS Trust")
        )
        (folder / "trust.yml").write_text(text)
        assert _wait_for(lambda: "Fernvale Renamed NHS Trust" in (_get(url) or ""), 15), (
            "edit not shown"
        )
        (folder / "trust.yml").write_text(
            "organisation: [\n"
        )  # a broken save keeps the last good preview
        time.sleep(1)
        assert "Fernvale Renamed NHS Trust" in (_get(url) or "")
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "YAML syntax" in process.stderr.read()
