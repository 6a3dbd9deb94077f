"""What `policypack build` shows while it works: a progress bar (rich) over the packs, one line
per pack as it finishes, then a summary. Warnings and errors go to stderr, one line each, as
everywhere else; in a terminal the bar stays at the bottom, elsewhere (CI logs) it is left out.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable
from types import TracebackType
from typing import TYPE_CHECKING

from generator.commands.batch import Outcome, OutcomeState

if TYPE_CHECKING:
    from rich.progress import Progress

_LEVELS = {"warning": "Warning: ", "error": "Error: ", "info": ""}


class Reporter:
    """Shows each pack's outcome as it arrives, with a bar when stderr is a terminal."""

    def __init__(self, total: int, draft: bool = False) -> None:
        self.draft = draft
        # One pack (most runs) has no bar, so it does without rich (20 ms to import).
        self.progress: Progress | None = _bar(total) if total >= 2 else None
        self.task = self.progress.add_task("packs", total=total) if self.progress else None

    def __enter__(self) -> Reporter:
        if self.progress is not None:
            self.progress.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.progress is not None:
            self.progress.stop()

    def report(self, outcome: Outcome) -> None:
        for level, text in outcome.messages:
            if level == "info":
                self._out(f"skip  {outcome.slug}: {text}")
            else:
                self._err(f"{_LEVELS[level]}{text}")
        if outcome.state is OutcomeState.BUILT:
            preview = " (DRAFT preview)" if self.draft else ""
            self._out(f"built {outcome.slug} -> {outcome.target}{preview}")
        elif outcome.state is OutcomeState.UNCHANGED:
            self._out(f"unchanged {outcome.slug}")
        if self.progress is not None and self.task is not None:
            self.progress.advance(self.task)

    def _showing_bar(self) -> bool:
        return (
            self.progress is not None
            and self.progress.live.is_started
            and not self.progress.disable
        )

    def _out(self, line: str) -> None:
        if self.progress is not None and self._showing_bar():
            self.progress.console.print(line, markup=False, highlight=False)
        else:
            print(line, flush=True)

    def _err(self, line: str) -> None:
        if self.progress is not None and self._showing_bar():
            self.progress.console.print(line, markup=False, highlight=False)
        else:
            print(line, file=sys.stderr, flush=True)


def _bar(total: int) -> Progress:
    """The bar over `total` packs, on stderr; disabled where stderr is no terminal."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    return Progress(
        TextColumn("Building packs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def summary(outcomes: Iterable[Outcome]) -> None:
    """One line: how many packs were built, unchanged, skipped and failed."""
    outcomes = list(outcomes)
    if len(outcomes) < 2:
        return
    counts = Counter(o.state for o in outcomes)
    parts = [f"{counts[state]} {state}" for state in OutcomeState]
    failed = sorted(o.slug for o in outcomes if o.state is OutcomeState.FAILED)
    line = f"{len(outcomes)} packs: " + ", ".join(parts)
    print(line + (f" ({', '.join(failed)})" if failed else ""))
