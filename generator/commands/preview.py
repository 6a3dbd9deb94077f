"""`policypack serve`: a live preview that re-renders when trust.yml or a template changes.

Two layers, each doing one job: a watchdog observer re-renders the Markdown when the trust
folder or the templates change (writing only files whose text changed), and the site engine's
own dev server rebuilds and reloads the browser when that Markdown changes.
"""

from __future__ import annotations

import datetime as dt
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator import resources
from generator.composing import compose
from generator.errors import PolicyPackError
from generator.publishing import build, site
from generator.reading.model import Audience, Engine


def refresh(
    folder: Path,
    audience: Audience,
    today: dt.date,
    work_dir: Path,
    engine: Engine | None = None,
) -> tuple[Path, Engine]:
    """Render the pack into work_dir/docs and write its engine config; return the config's
    path and the engine (`engine`, else the pack's own site.engine)."""
    pack = compose.render_pack(folder, audience, today)
    chosen = engine or pack.loaded.trust.site.engine
    site.require(chosen, list(pack.loaded.trust.site.languages), pack.loaded.slug)
    staging = work_dir / "staging"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    build.write_sources(pack, staging)
    docs = work_dir / "docs"
    _sync(staging, docs)
    config_path = site.write_config(
        site.site_spec(pack), docs, work_dir / "site", work_dir / "mkdocs.yml", chosen
    )
    return config_path, chosen


def _sync(source: Path, target: Path) -> None:
    """Make `target` equal `source`, touching only files that differ (so reloads stay quiet)."""
    target.mkdir(parents=True, exist_ok=True)
    wanted = {p.relative_to(source) for p in source.rglob("*") if p.is_file()}
    for relative in wanted:
        new, old = source / relative, target / relative
        if not old.is_file() or old.read_bytes() != new.read_bytes():
            old.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(new, old)
    for stale in [
        p for p in target.rglob("*") if p.is_file() and p.relative_to(target) not in wanted
    ]:
        stale.unlink()


class _Rerender(FileSystemEventHandler):
    def __init__(
        self, folder: Path, audience: Audience, today: dt.date, work_dir: Path, engine: Engine
    ) -> None:
        self.args = (folder, audience, today, work_dir, engine)
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        with self.lock:  # editors save in bursts; render once when the burst is over
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(0.1, self._render)
            self.timer.start()

    def _render(self) -> None:
        try:
            refresh(*self.args)
            print("policypack: re-rendered", file=sys.stderr)
        except PolicyPackError as error:
            print(f"policypack: not updated, fix this first:\n{error}", file=sys.stderr)


def serve(
    folder: Path, audience: Audience, today: dt.date, dev_addr: str, engine: Engine | None = None
) -> None:
    """Preview one pack at http://dev_addr/ until Ctrl-C."""
    with tempfile.TemporaryDirectory(prefix="policypack-serve-") as work:
        work_dir = Path(work)
        config_path, chosen = refresh(folder, audience, today, work_dir, engine)
        observer = Observer()
        handler = _Rerender(folder, audience, today, work_dir, chosen)
        observer.schedule(handler, str(folder), recursive=True)
        for templates in resources.template_dirs():
            observer.schedule(handler, str(templates), recursive=True)
        observer.start()
        try:
            site.serve(config_path, [resources.THEME_OVERRIDES], dev_addr, chosen)
        finally:
            observer.stop()
            observer.join()
