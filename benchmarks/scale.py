"""Many packs from one repository: how long validate, build and a no-op rebuild take.

    python benchmarks/scale.py --packs 50 [--jobs N]

Generates N synthetic organisations from the examples (each a copy with its own name, short
name and slug), then measures, in one run and with the installed `policypack` command:
`validate` of all N; a full `build` (sites and PDFs, --jobs N); a no-op rebuild; a rebuild
after every trust.yml changed in a way its PDFs do not show (so they are reused); the peak
memory of the build's process tree (sampled from /proc); one pack's PDF time (in-process,
each pack new to it: nothing read back from the cache, which is the run's own);
and, for the baseline, one plain MkDocs build of one pack's rendered pages in the same run,
so per-pack time is reported as a ratio to it. Not a test: it prints figures for the README.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ("northbridge", "glenmoray", "afon-teifi", "lough-erne", "minimal")
TODAY = "2026-12-01"
TODAY_DATE = dt.date(2026, 12, 1)


def make_packs(folder: Path, count: int) -> list[Path]:
    """`count` trust folders made from the examples in turn, each its own organisation: its
    own slug and its own name (the example's, numbered, in every language)."""
    made = []
    for number in range(count):
        example = EXAMPLES[number % len(EXAMPLES)]
        target = folder / f"org-{number:03d}-{example}"
        shutil.copytree(ROOT / "trusts" / example, target)
        config = target / "trust.yml"
        config.write_text(numbered_name(config.read_text("utf-8"), number), "utf-8")
        made.append(target)
    return made


def numbered_name(text: str, number: int) -> str:
    """trust.yml with ` NNN` after the organisation's name, in each language it is given in."""
    lines = text.splitlines(keepends=True)
    start = lines.index("organisation:\n") + 1
    # A name in two languages is written {en: ..., cy: ...} on the two lines below `name:`.
    named = [start + 1, start + 2] if lines[start].strip() == "name:" else [start]
    for index in named:
        lines[index] = lines[index].rstrip("\n") + f" {number:03d}\n"
    return "".join(lines)


class TreeMemory:
    """Peak resident memory of a process and its children, sampled from /proc."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                except (OSError, IndexError, ValueError):
                    continue
                children.setdefault(parent, []).append(int(entry.name))
        found, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += children.get(pid, [])
        return found

    def _rss(self, pid: int) -> int:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(self._rss(pid) for pid in self._tree()))
            time.sleep(0.25)  # a sample reads all of /proc: about 3 ms of a core

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run(command: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds taken and peak memory (bytes) of one policypack command."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    memory = TreeMemory(process.pid)
    _, err = process.communicate()
    peak = memory.stop()
    if process.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed:\n{err.decode()[-2000:]}")
    return time.perf_counter() - started, peak


def plain_mkdocs_seconds(project: Path) -> float:
    """Baseline: a plain in-process MkDocs build (Material theme, nothing of ours, warm; the
    median of three) of one pack's rendered Markdown."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    from generator.composing import compose
    from generator.reading.model import Audience

    first = project / "trusts" / f"org-000-{EXAMPLES[0]}"
    pack = compose.render_pack(first, Audience.PUBLIC, TODAY_DATE)
    with tempfile.TemporaryDirectory() as work:
        docs = Path(work) / "docs"
        docs.mkdir()
        for name, text in pack.markdown.items():
            (docs / name).write_text(text, "utf-8")
        config = Path(work) / "mkdocs.yml"
        config.write_text(
            f"site_name: x\ndocs_dir: {docs}\nsite_dir: {Path(work) / 'site'}\n"
            "theme: {name: material}\n"
        )
        mkdocs_build(load_config(config_file=str(config)))  # warm
        samples = []
        for _ in range(3):
            started = time.perf_counter()
            mkdocs_build(load_config(config_file=str(config)))
            samples.append(time.perf_counter() - started)
        return statistics.median(samples)


FIRST_FOUR = ("leaflet-a5", "leaflet-a4", "notice", "quick-guide")
"""The documents issue 14's 0.15 s a pack was set for; the Easy Read leaflet (issue 16) and the
full policy (issue 14 itself) came after."""


def pdf_seconds(project: Path) -> tuple[float, float, float]:
    """One pack's PDFs (every document, in each of its languages), the same for only the
    FIRST_FOUR documents, and the time Typst took over the full policy alone while all were
    made (one document, so one compile: no second core can share it), each averaged over one
    pack made from each example, in a warm process."""
    from generator.composing import compose
    from generator.publishing import build, pdf, typeset
    from generator.reading import config
    from generator.reading.model import Audience

    every = pdf.PRINTS
    four = tuple(spec for spec in every if spec.key in FIRST_FOUR)
    kept = os.environ.get("POLICYPACK_CACHE_DIR")
    os.environ["POLICYPACK_CACHE_DIR"] = ""  # a pack not printed before: no page read back
    compile_document = typeset.compile_document
    policy: list[float] = []

    def timed(document: dict[str, object], *args: object) -> object:
        started = time.perf_counter()
        try:
            return compile_document(document, *args)  # type: ignore[arg-type]
        finally:
            if document.get("kind") == "policy":  # FIRST_FOUR has no policy
                policy.append(time.perf_counter() - started)

    typeset.compile_document = timed  # type: ignore[assignment]
    try:
        samples: dict[int, list[float]] = {len(every): [], len(four): []}
        # Each figure is of packs not printed before in this process: Typst gives a document
        # it has just compiled, from the same data, from its memory. So the process is warmed
        # (fonts, Typst's own start) on one more copy, and FIRST_FOUR printed from a second
        # copy of each example, its own name in every page.
        trusts = project / "trusts"
        count = len(EXAMPLES)

        def packs_of(number: int) -> list[compose.RenderedPack]:
            folder = next(trusts.glob(f"org-{number:03d}-*"))
            return compose.render_languages(config.load(folder), Audience.PUBLIC, TODAY_DATE)

        build.print_documents(packs_of(2 * count), TODAY_DATE)
        policy.clear()
        for number in range(count):
            for specs, copy in ((every, number), (four, number + count)):
                packs = packs_of(copy)
                pdf.PRINTS = specs
                started = time.perf_counter()
                build.print_documents(packs, TODAY_DATE)
                samples[len(specs)].append(time.perf_counter() - started)
            pdf.PRINTS = every
    finally:
        typeset.compile_document = compile_document
        if kept is None:
            del os.environ["POLICYPACK_CACHE_DIR"]
        else:
            os.environ["POLICYPACK_CACHE_DIR"] = kept
    return (
        statistics.mean(samples[len(every)]),
        statistics.mean(samples[len(four)]),
        statistics.mean(policy),
    )


def pdf_specs() -> tuple[object, ...]:
    from generator.publishing import pdf

    return pdf.PRINTS


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--packs", type=int, default=50)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if args.packs < 2 * len(EXAMPLES) + 1:  # pdf_seconds prints from three copies of each
        sys.exit(f"--packs must be at least {2 * len(EXAMPLES) + 1}")
    found = shutil.which("policypack") or sys.exit("policypack is not installed")
    policypack = str(Path(found).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp)
        # A cache of its own (generator/caching.py), filled by what runs first (templates, the
        # syllable table): no figure depends on what an earlier run of this script kept.
        os.environ["POLICYPACK_CACHE_DIR"] = str(project / "cache")
        folders = make_packs(project / "trusts", args.packs)
        sys.path.insert(0, str(ROOT))
        baseline = plain_mkdocs_seconds(project)
        printing, first_four, policy = pdf_seconds(project)
        validate, _ = run([policypack, "validate"], project)
        full, peak = run([policypack, "build", "--today", TODAY, "--jobs", str(args.jobs)], project)
        noop, _ = run([policypack, "build", "--today", TODAY, "--jobs", str(args.jobs)], project)
        for folder in folders:  # every pack changes, but not the words its PDFs print
            config = folder / "trust.yml"
            config.write_text(config.read_text("utf-8") + "# reviewed, no change\n", "utf-8")
        reprint, _ = run([policypack, "build", "--today", TODAY, "--jobs", str(args.jobs)], project)
        built = sum(1 for f in folders if (project / "site" / f.name / "index.html").is_file())
    per_pack = full * args.jobs / max(built, 1)  # a draft is refused at its gate: no build
    print(f"packs: {args.packs} ({built} built), jobs: {args.jobs}, cores: {os.cpu_count()}")
    print(f"validate:        {validate:7.2f} s")
    print(
        f"full build:      {full:7.2f} s  (sites and PDFs; {full / max(built, 1):.2f} s a pack built)"
    )
    print(f"no-op rebuild:   {noop:7.2f} s")
    print(
        f"every pack, same PDFs: {reprint:7.2f} s  (each trust.yml changed, its printed words not)"
    )
    print(
        f"PDFs per pack:   {printing:7.2f} s  (all {len(pdf_specs())} documents, mean over one of each "
        f"example, warm; the two leaflets, the notice and the guide alone {first_four:.2f} s)"
    )
    print(
        f"  of which the full policy's typesetting: {policy:.2f} s  (one compile, which no other thread can take a share of)"
    )
    print(f"peak memory:     {peak / 2**20:7.0f} MiB  (whole process tree)")
    print(
        f"per pack built:  {per_pack:7.2f} s of one core = {per_pack / baseline:.1f}x a plain "
        f"MkDocs build of its pages ({baseline:.2f} s, measured in this run)"
    )


if __name__ == "__main__":
    main()
