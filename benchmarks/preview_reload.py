"""How long `policypack serve` takes to show an edit to trust.yml.

    python benchmarks/preview_reload.py [--runs 5]

Starts the preview of a copy of trusts/minimal, then repeatedly edits the organisation name
and polls the served page until the new name appears. Reports the median and worst delay,
and, as a baseline from the same run, the time of one full in-process build of that pack.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    sys.path.insert(0, str(ROOT))
    from generator.publishing import build
    from generator.reading.model import Audience

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "minimal"
        shutil.copytree(ROOT / "trusts" / "minimal", folder)
        started = time.perf_counter()
        build.build_pack(folder, Path(tmp) / "out", Audience.PUBLIC, dt.date(2026, 12, 1))
        baseline = time.perf_counter() - started

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        url = f"http://127.0.0.1:{port}/index.html"
        server = subprocess.Popen(
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
            ],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            while "Fernvale" not in _get(url):
                time.sleep(0.1)
            delays = []
            text = (folder / "trust.yml").read_text()
            for run in range(runs):
                name = f"Fernvale Edit{run} NHS Trust"
                (folder / "trust.yml").write_text(
                    text.replace("Fernvale Community Health NHS Trust", name)
                )
                edited = time.perf_counter()
                while name not in _get(url):
                    time.sleep(0.02)
                delays.append(time.perf_counter() - edited)
                time.sleep(0.5)
        finally:
            server.terminate()
            server.wait()
    print(f"full build of one pack (baseline): {baseline:.2f} s")
    print(
        f"edit to served page: median {statistics.median(delays):.2f} s, worst {max(delays):.2f} s "
        f"({statistics.median(delays) / baseline:.1f}x the baseline), {runs} runs"
    )


if __name__ == "__main__":
    main()
