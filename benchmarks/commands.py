"""One pack, one command, a fresh process: what each command costs against a plain MkDocs build.

    python benchmarks/commands.py [--runs 5]

Most people run one command for one pack, so start-up is most of what they wait for. This
times, each in its own fresh process (the installed `policypack` command, run from the
repository), `render`, `validate`, `diff` of one small change and `build --force` of
trusts/northbridge, and, as the baseline in the same run, a plain `mkdocs build` of a
13-page Material site made from that pack's Markdown (nothing of ours: no hooks, no
extensions, `font: false`). Each is run once first (to fill policypack's cache, in a folder
of its own here, as any user's second run finds it; that first time is shown too), then
--runs times, the commands taking turns; the table gives medians and each command's ratio to
the baseline, against the targets of issue 14, and beside it the median of each run's ratio
to the baseline of the same round (with their range), which a slow spell of the machine
moves less. PYTHONDONTWRITEBYTECODE is left out of the
commands' environment, so that Python keeps its compiled modules as on a normal install.
Not a test: speed is never asserted in the suite.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACK = "trusts/northbridge"
TODAY = "2026-12-01"
PAGES = 13
TARGETS = {"render": 0.4, "validate": 0.5, "diff": 2.0, "build --force": 1.5}
"""Each command's most time, as a multiple of the plain MkDocs build (issue 14)."""


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds one command takes in a fresh process; exits with its errors if it fails."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return seconds


def policypack_command() -> str:
    """The installed `policypack` beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "policypack"
    found = str(beside) if beside.is_file() else shutil.which("policypack")
    return found or sys.exit("policypack is not installed (pip install -e .)")


def plain_site(folder: Path, rendered: Path) -> Path:
    """A 13-page Material site of the pack's own Markdown, with MkDocs' defaults; its
    mkdocs.yml. Links to pages left out only warn: the build is not strict."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    pages = sorted(rendered.glob("*.md"), key=lambda page: (page.name != "index.md", page.name))
    if len(pages) < PAGES:
        sys.exit(f"render gave {len(pages)} pages; the baseline needs {PAGES}")
    for page in pages[:PAGES]:
        shutil.copyfile(page, docs / page.name)
    config = folder / "mkdocs.yml"
    config.write_text(
        "site_name: Baseline\ntheme:\n  name: material\n  font: false\n"
        f"docs_dir: {docs}\nsite_dir: {folder / 'site'}\n",
        "utf-8",
    )
    return config


def one_change(folder: Path) -> Path:
    """A copy of the pack with one contact's phone number changed: a one-line edit."""
    copy = folder / "northbridge"
    shutil.copytree(ROOT / PACK, copy)
    config = copy / "trust.yml"
    text = config.read_text("utf-8")
    if '"01632 960200"' not in text:
        sys.exit(f"{PACK}/trust.yml no longer has the phone number this benchmark changes")
    config.write_text(text.replace('"01632 960200"', '"01632 960299"'), "utf-8")
    return copy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each (default 5)")
    args = parser.parse_args()
    policypack = policypack_command()
    with tempfile.TemporaryDirectory(prefix="policypack-bench-") as tmp:
        work = Path(tmp)
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env |= {"POLICYPACK_CACHE_DIR": str(work / "cache"), "NO_MKDOCS_2_WARNING": "1"}
        render = [policypack, "render", PACK, "--today", TODAY, "--out", str(work / "md")]
        commands = {
            "render": render,
            "validate": [policypack, "validate", PACK],
            "diff": [policypack, "diff", PACK, str(one_change(work)), "--today", TODAY],
            "build --force": [
                *(policypack, "build", PACK, "--force", "--today", TODAY),
                *("--out", str(work / "site")),
            ],
        }
        first = {name: timed(command, env) for name, command in commands.items()}
        mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-f"]
        baseline_command = [*mkdocs, str(plain_site(work / "plain", work / "md"))]
        first["mkdocs build"] = timed(baseline_command, env)
        samples: dict[str, list[float]] = {name: [] for name in first}
        for _ in range(args.runs):
            samples["mkdocs build"].append(timed(baseline_command, env))
            for name, command in commands.items():
                samples[name].append(timed(command, env))
    medians = {name: statistics.median(times) for name, times in samples.items()}
    baseline = medians["mkdocs build"]
    print(
        f"{PACK}, {args.runs} runs each in fresh processes, {os.cpu_count()} cores; baseline: "
        f"plain `mkdocs build` of {PAGES} Material pages, {baseline:.2f} s"
    )
    print(f"{'command':<16}{'first run':>10}{'median':>9}{'ratio':>8}{'target':>9}{'paired':>15}")
    for name in ("mkdocs build", *commands):
        ratio = medians[name] / baseline
        target = TARGETS.get(name)
        verdict = "" if target is None else ("met " if ratio <= target else "over")
        # Each run's time against the baseline's in the same round, the median of those and
        # their range: a slow spell of the machine slows both, and this ratio less.
        paired = sorted(t / b for t, b in zip(samples[name], samples["mkdocs build"], strict=True))
        print(
            f"{name:<16}{first[name]:>9.2f}s{medians[name]:>8.2f}s{ratio:>7.2f}x"
            f"{'' if target is None else f'{target:>7.1f}x':>9}  {verdict:4}"
            f"{statistics.median(paired):>6.2f}x ({paired[0]:.2f}-{paired[-1]:.2f})"
        )
    print("first run: with policypack's cache empty (a new install or new versions)")
    print("ratio: median against the baseline's median (judged against the target);")
    print("paired: the median of each run against the baseline of its own round, and its range")


if __name__ == "__main__":
    main()
