"""MkDocs with the Material theme, the default site engine.

It receives plain Markdown files and a SiteSpec (theme.py), writes a per-pack mkdocs.yml
that INHERITs the project's base mkdocs.yml, and builds in-process in strict mode, with
mkdocs_hooks.py run by MkDocs on each build. MkDocs' log is kept out of the terminal only
while it builds (its warnings become our error), and SOURCE_DATE_EPOCH and the theme's banner
setting only while it builds or serves: nothing is changed at import.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from generator import caching, resources
from generator.composing import render
from generator.errors import SiteBuildError
from generator.publishing.site import theme
from generator.publishing.site.late import LatePages

BASE_CONFIG = resources.BASE_CONFIG
HOOKS = Path(__file__).with_name("mkdocs_hooks.py")
"""Run by MkDocs on every build of a pack (see keep_theme_work)."""


def write_config(spec: theme.SiteSpec, docs_dir: Path, site_dir: Path, config_path: Path) -> Path:
    """Write the per-pack mkdocs.yml (data only, through a YAML dumper: never templated text).
    Theme overrides are the shipped ones, with the project's own site_overrides/ laid over.
    PyYAML (and logging, _captured_warnings) are imported by the build, not with this module:
    a one-pack build gets here after it has started printing its PDFs, so what is imported
    here shares the cores with the printing instead of holding it back."""
    import yaml

    config: dict[str, Any] = {
        "INHERIT": str(BASE_CONFIG),
        "site_name": spec.site_name,
        "docs_dir": str(docs_dir.resolve()),
        "site_dir": str(site_dir.resolve()),
        "theme": {
            "name": "material",
            "custom_dir": str(resources.theme_overrides(config_path.parent.resolve())),
            "language": spec.language,
            "logo": spec.logo,
            "favicon": spec.logo,
        },
        "nav": spec.nav,
        "hooks": [str(HOOKS)],
        "extra": {"policypack": spec.extra},
    }
    if spec.permalink_title:
        config["markdown_extensions"] = theme.extensions_titled(spec.permalink_title)
    if spec.extra.get("alternates"):
        # Material shows its language selector only when `extra.alternate` is set; our
        # partials/alternate.html replaces it with a link to the same page in each language.
        config["extra"]["alternate"] = [
            {"name": other["label"], "link": other["base"] or "./", "lang": other["lang"]}
            for other in spec.extra["alternates"]
        ]
    if spec.site_url:
        config["site_url"] = spec.site_url
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return config_path


TAKES_LATE_PAGES = True
"""MkDocs reads each page as it comes to it and copies the other files only once it has read
them all, so it can start while some pages are still to come (site.LatePages)."""

LATE: LatePages | None = None
"""The late pages of the build under way (read by mkdocs_hooks.py)."""


def build(config_path: Path, build_epoch: int, late: LatePages | None = None) -> None:
    """Build the site in strict mode; raise SiteBuildError with the engine's warnings. The
    `late` pages are settled when MkDocs first comes to one, and before it copies any file."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    global LATE
    with _captured_warnings() as warnings, _environment(build_epoch):
        LATE = late
        try:
            config = load_config(config_file=str(config_path), strict=True)
            mkdocs_build(config)
        except MkDocsException as error:
            details = "; ".join(warnings) or str(error)
            raise SiteBuildError(f"the site engine refused the pack: {details}") from None
        finally:
            LATE = None
        _inline_search_index(Path(config.site_dir))
        if not config.site_url:
            # The theme's 404 page links its assets from the site's root path, which only
            # site.url gives; without it the page would be unstyled and broken, so leave it
            # out and let the web server show its own.
            (Path(config.site_dir) / "404.html").unlink(missing_ok=True)


def keep_theme_work(env: jinja2.Environment) -> jinja2.Environment:
    """Let one process build many packs without redoing the theme's work for each (run from
    MkDocs' documented `on_env` event, mkdocs_hooks.py): compiled templates are kept, for the
    process and across runs (render.TemplateCache; checked against their source, so an edited
    template is compiled again), and the installed theme's files are listed once. Only that
    listing's hidden folders are left out (Material's 14,000 icons), which MkDocs never
    copies into a site anyway."""
    env.bytecode_cache = _COMPILED_TEMPLATES
    if isinstance(env.loader, jinja2.FileSystemLoader):
        env.loader = _ThemeLoader(env.loader.searchpath)
    return env


def keeps_theme_work(env: jinja2.Environment) -> bool:
    """Whether keep_theme_work has been applied to `env`."""
    return env.bytecode_cache is _COMPILED_TEMPLATES and isinstance(env.loader, _ThemeLoader)


_COMPILED_TEMPLATES = render.COMPILED_TEMPLATES
"""The theme's compiled templates share the pack's cache: in memory, and across runs on disk."""


class _ThemeLoader(jinja2.FileSystemLoader):
    """Lists an installed theme's files once (kept across runs), the project's overrides every
    time."""

    def list_templates(self) -> list[str]:
        names: set[str] = set()
        for folder in self.searchpath:
            names.update(_installed_files(folder) if _is_installed(folder) else _files(folder))
        return sorted(names)


def _is_installed(folder: str) -> bool:
    import material

    return Path(folder).resolve().is_relative_to(Path(material.__file__).resolve().parent.parent)


def _files(folder: str) -> list[str]:
    return jinja2.FileSystemLoader(folder).list_templates()


@cache
def _installed_files(folder: str) -> tuple[str, ...]:
    """The installed theme's files but its hidden folders. Walking its 14,000 files is a
    tenth of a second of every build, so the list is kept in the user's cache (caching.py),
    named by the folder and the times its folders last changed, which a reinstall or an
    upgrade changes; a list that cannot be read or written is simply made again."""
    stored = _listing_path(folder)
    if stored is not None:
        try:
            names = json.loads(stored.read_text("utf-8"))
            if isinstance(names, list) and all(isinstance(name, str) for name in names):
                return tuple(names)
        except (OSError, ValueError):
            pass
    listed = tuple(
        name for name in _files(folder) if not any(part.startswith(".") for part in name.split("/"))
    )
    if stored is not None:
        caching.write_atomically(stored, json.dumps(listed).encode("utf-8"))
    return listed


def _listing_path(folder: str) -> Path | None:
    place = caching.folder("theme-files")
    if place is None:
        return None
    try:
        with os.scandir(folder) as entries:
            changed = sorted(
                (entry.name, entry.stat().st_mtime_ns) for entry in entries if entry.is_dir()
            )
        changed.append((".", os.stat(folder).st_mtime_ns))
    except OSError:
        return None
    # The installed versions too: a new Material may change a file deep in its tree and
    # none of the top-level folders' times.
    where = (os.path.realpath(folder), changed, caching.environment())
    key = hashlib.sha1(repr(where).encode("utf-8")).hexdigest()
    return place / f"{key}.json"


def serve(config_path: Path, watch: list[Path], dev_addr: str) -> None:
    """Serve the pack with live reload until interrupted (MkDocs rebuilds when docs change)."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    with _environment(None):
        mkdocs_serve(
            config_file=str(config_path),
            livereload=True,
            watch=[str(path) for path in watch],
            dev_addr=dev_addr,
            strict=False,
        )


def _inline_search_index(site_dir: Path) -> None:
    """Material's search reads search_index.js when opened from file:// (no server, no fetch)."""
    index = site_dir / "search" / "search_index.json"
    if index.is_file():
        data = json.loads(index.read_text("utf-8"))
        compact = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        (site_dir / "search" / "search_index.js").write_text(f"var __index = {compact}\n", "utf-8")


@contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """Keep MkDocs' log out of the terminal; its warnings become part of our error instead.
    (logging is imported here, by the build, not when this module is: see write_config.)"""
    import logging

    class _WarningCollector(logging.Handler):
        def __init__(self) -> None:
            super().__init__(logging.WARNING)
            self.messages: list[str] = []

        def emit(self, record: logging.LogRecord) -> None:
            self.messages.append(" ".join(record.getMessage().split()))

    logger = logging.getLogger("mkdocs")
    collector = _WarningCollector()
    saved = (logger.handlers[:], logger.propagate, logger.level)
    logger.handlers, logger.propagate = [collector], False
    logger.setLevel(logging.WARNING)
    try:
        yield collector.messages
    finally:
        logger.handlers, logger.propagate = saved[0], saved[1]
        logger.setLevel(saved[2])


@contextmanager
def _environment(epoch: int | None) -> Iterator[None]:
    """While MkDocs works: its sitemap dated from SOURCE_DATE_EPOCH (pinned, so output is
    reproducible), and the theme's banner about MkDocs 2 switched off (it is not for our
    users). Both are put back as they were afterwards."""
    wanted = {"NO_MKDOCS_2_WARNING": "1"}
    if epoch is not None:
        wanted["SOURCE_DATE_EPOCH"] = str(epoch)
    previous = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, value in previous.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def warm_up() -> None:
    """Import what every build needs (a batch worker does it once, before its first pack)."""
    import mkdocs.commands.build  # noqa: F401
    from material.plugins.search import plugin  # noqa: F401
