"""Build many packs: in parallel, incrementally, a stable share of them, with progress.

For each pack: if its inputs and the effect of `--today` on it are what the last build into
OUT recorded (`fingerprint`), it is left alone, without even reading its YAML; otherwise it is
loaded, rendered in each language, judged by the gates and, if they pass, printed, built and
swapped in. Packs run in a pool of worker processes, each of which pays for MkDocs, Typst and
the fonts once, not once per pack. Workers are forked, unless this process has printed
already: Typst's threads do not survive a fork, so then they are spawned. One pack's failure
never stops the others; the exit status is the worst of them.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache
from pathlib import Path

from generator import __version__, caching, i18n, resources
from generator.checking import gates
from generator.composing import compose
from generator.errors import ConfigError, EngineError, ExitCode, PolicyPackError, UsageError
from generator.publishing import build, build_state, layout, output, site
from generator.reading import config
from generator.reading.model import Audience, Engine

CODE = resources.PACKAGE


@dataclass(frozen=True)
class Job:
    """One pack to build."""

    folder: Path
    out_root: Path
    audience: Audience
    today: dt.date
    draft: bool = False
    force: bool = False
    engine: Engine | None = None
    """The site engine; None: the pack's own site.engine (trust.yml)."""


class OutcomeState(StrEnum):
    """What happened to one pack, in the words `policypack build` prints."""

    BUILT = "built"
    UNCHANGED = "unchanged"  # its inputs and --today's effect on it are as last built
    SKIPPED = "skipped"  # not published for this audience
    FAILED = "failed"


@dataclass(frozen=True)
class Outcome:
    """What happened to one pack: built, unchanged, skipped (not for this audience) or
    failed; with the lines to show (level, text) and the exit status it deserves."""

    slug: str
    state: OutcomeState
    exit_code: ExitCode = ExitCode.OK
    messages: tuple[tuple[str, str], ...] = field(default_factory=tuple)
    target: Path | None = None


def shard(folders: Sequence[Path], spec: str) -> list[Path]:
    """The K-th of N stable shares of `folders` ('K/N', 1-based), by a hash of each folder's
    name, so a pack stays in its shard when others are added or removed."""
    try:
        k, n = (int(part) for part in spec.split("/"))
    except ValueError:
        raise UsageError(f"--shard '{spec}' is not K/N, e.g. 1/4") from None
    if not 1 <= k <= n:
        raise UsageError(f"--shard '{spec}': K must be between 1 and N")
    return [f for f in folders if _stable_number(f.resolve().name) % n == k - 1]


def _stable_number(name: str) -> int:
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:8], "big")


# --- what a build depends on --------------------------------------------------------------


@cache
def _shared_inputs(template_dirs: tuple[Path, ...], overrides: tuple[Path, ...]) -> str:
    """A hash of everything every pack depends on: the generator's code and data, the
    templates, the theme overrides and the base config (shipped and the project's own), and
    the installed packages and their versions (the site engines and theme, Markdown, Typst
    and the rest: caching.installed, which reads folder names, not package metadata)."""
    digest = hashlib.sha256(f"{__version__}\n{caching.installed()}\n".encode())
    roots = [CODE, *template_dirs, *overrides, resources.BASE_CONFIG]
    for root in roots:
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(root.parent)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def inputs_fingerprint(job: Job) -> str:
    """A hash of one pack's inputs: its folder's files, the shared inputs, the audience and
    --draft. Reading it costs a few file reads, not a YAML parse."""
    digest = hashlib.sha256(
        _shared_inputs(resources.template_dirs(), resources.override_dirs()).encode()
    )
    digest.update(f"{job.audience.value}|{job.draft}|{job.engine}".encode())
    for path in sorted(p for p in job.folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(job.folder)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def today_effect(marker: dict[str, object], today: dt.date) -> str:
    """What --today changes in a built pack: its review state and, for a draft with no dates
    of its own, the date it is printed with."""
    state = gates.facts_state(marker, today)
    dated = today.isoformat() if marker.get("dated_by_today") else ""
    return f"{state.value}|{dated}"


def unchanged(job: Job) -> bool:
    """True when OUT/<slug>/ was built from exactly these inputs, judged the same way."""
    slug = job.folder.resolve().name
    facts_file = job.out_root / slug / layout.MARKER
    if job.force or not (job.folder / config.CONFIG_NAME).is_file():
        return False
    state = build_state.read(job.out_root, slug, facts_file)
    if state is None or not state.fingerprint:
        return False
    try:
        facts = json.loads(facts_file.read_text("utf-8"))
        effect = today_effect(facts, job.today)
    except (OSError, ValueError, TypeError, KeyError):
        return False
    return state.fingerprint == f"{inputs_fingerprint(job)}|{effect}"


# --- one pack -----------------------------------------------------------------------------


def run(job: Job) -> Outcome:
    """Gate and build one pack (in a worker process or in this one)."""
    slug = job.folder.resolve().name
    try:
        loaded = config.load(job.folder)
    except ConfigError as error:
        return Outcome(slug, OutcomeState.FAILED, error.exit_code, (("error", str(error)),))
    if job.audience not in loaded.trust.site.audiences:
        return Outcome(
            slug,
            OutcomeState.SKIPPED,
            ExitCode.OK,
            (("info", f"not published for {job.audience.value}"),),
        )
    engine = job.engine or loaded.trust.site.engine
    try:  # before any rendering: the pack cannot be built with this engine at all
        site.require(engine, list(loaded.trust.site.languages), slug)
    except EngineError as error:
        return Outcome(slug, OutcomeState.FAILED, error.exit_code, (("error", str(error)),))
    messages: list[tuple[str, str]] = []
    try:
        packs = compose.render_languages(loaded, job.audience, job.today, job.draft)
        english = next(p for p in packs if p.context.language == i18n.SOURCE_LANGUAGE)
        result = gates.check(
            loaded.trust,
            job.today,
            english.readability,
            publishing_to_public=job.audience is Audience.PUBLIC and not job.draft,
            languages=loaded.languages,
        )
        messages += [("warning", w) for w in result.warnings]
        if not result.passed:
            level = "warning" if job.draft else "error"
            messages += [(level, failure) for failure in result.failures]
            if not job.draft:
                return Outcome(slug, OutcomeState.FAILED, ExitCode.GATE_FAILED, tuple(messages))
        facts = build.pack_facts(english)
        fingerprint = f"{inputs_fingerprint(job)}|{today_effect(facts, job.today)}"
        built = build.publish(
            packs, job.out_root, job.today, fingerprint, reuse_prints=not job.force, engine=engine
        )
    except PolicyPackError as error:
        messages.append(("error", f"{slug}: {error}"))
        return Outcome(slug, OutcomeState.FAILED, error.exit_code, tuple(messages))
    messages += [("warning", w) for w in built.warnings]
    return Outcome(slug, OutcomeState.BUILT, ExitCode.OK, tuple(messages), built.target)


# --- many packs ---------------------------------------------------------------------------


def _warm_up() -> None:
    """Import what every build needs, once per worker, before its first pack."""
    import typst  # noqa: F401

    site.warm_up()  # the default engine's; another is imported by its first pack


def _start_worker() -> None:
    """A worker: the imports (a forked one has them already), its share of the cores, and
    the garbage collector's pace of a batch."""
    _warm_up()
    from generator.publishing import typeset

    typeset.THREADS = 1  # the other workers keep the other cores busy
    gc.collect()
    gc.freeze()
    gc.set_threshold(*BATCH_GC_THRESHOLD)


BATCH_GC_THRESHOLD = (50_000, 20, 20)


@contextmanager
def _collecting_garbage_less_often() -> Iterator[None]:
    """A build makes millions of short-lived objects (Markdown's and MkDocs' trees above
    all), and the cyclic collector's default pace spent a good part of a build scanning them. For
    the run, keep what is loaded out of its scans (gc.freeze; each worker does the same, see
    _start_worker) and collect less often; memory stays well within bounds (benchmarks/scale.py
    measures it). Afterwards the collector is as it was."""
    saved = gc.get_threshold()
    gc.collect()
    gc.freeze()
    gc.set_threshold(*BATCH_GC_THRESHOLD)
    try:
        yield
    finally:
        gc.set_threshold(*saved)
        gc.unfreeze()


def run_all(jobs: Sequence[Job], workers: int, report: Callable[[Outcome], None]) -> list[Outcome]:
    """Run every job, `workers` at a time; call `report` as each finishes."""
    outcomes: list[Outcome] = []
    pending = []
    for out_root in {job.out_root for job in jobs}:
        if out_root.is_dir():
            output.remove_abandoned(out_root)  # what a killed build left behind
    for job in jobs:
        if unchanged(job):
            outcome = Outcome(job.folder.resolve().name, OutcomeState.UNCHANGED)
            outcomes.append(outcome)
            report(outcome)
        else:
            pending.append(job)
    if not pending:
        return outcomes
    with _collecting_garbage_less_often():
        outcomes += _run_pending(pending, workers, report)
    return outcomes


def _run_pending(
    pending: Sequence[Job], workers: int, report: Callable[[Outcome], None]
) -> list[Outcome]:
    outcomes: list[Outcome] = []
    if workers <= 1 or len(pending) == 1:
        # Nothing imported ahead here: a pack's build imports the site engine only once its
        # PDFs are being printed in a child (build.py), so that the two go on side by side.
        for job in pending:
            outcome = run(job)
            outcomes.append(outcome)
            report(outcome)
        return outcomes
    import concurrent.futures
    import multiprocessing

    from generator.publishing import typeset

    # Forked workers share what is loaded; but once this process has run Typst, a forked
    # child's first PDF would wait for ever for Typst's threads, so workers are spawned.
    spawn = typeset.has_typeset_here()
    if not spawn:
        _warm_up()  # imported once here, shared by every forked worker
    context = multiprocessing.get_context("spawn" if spawn else "fork")
    with concurrent.futures.ProcessPoolExecutor(
        max_workers=min(workers, len(pending)), mp_context=context, initializer=_start_worker
    ) as pool:
        futures = {pool.submit(run, job): job for job in pending}
        for future in concurrent.futures.as_completed(futures):
            try:
                outcome = future.result()
            except Exception as error:  # a worker died: report it, keep going
                slug = futures[future].folder.resolve().name
                outcome = Outcome(
                    slug,
                    OutcomeState.FAILED,
                    ExitCode.WORKER_DIED,
                    (("error", f"{slug}: {error}"),),
                )
            outcomes.append(outcome)
            report(outcome)
    return outcomes


def default_workers() -> int:
    return os.cpu_count() or 1


def sorted_outcomes(outcomes: Iterable[Outcome]) -> list[Outcome]:
    return sorted(outcomes, key=lambda o: o.slug)
