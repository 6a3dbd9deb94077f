"""Zensical, the second site engine (an optional extra: `pip install 'policypack[zensical]'`).

Zensical is the successor the makers of Material for MkDocs build (Material reaches end of
life on 5 May 2027). It reads the same mkdocs.yml and theme overrides, with four changes made
here: `docs_dir` and `site_dir` relative to the config (an absolute `docs_dir` stops 0.0.73),
`theme.variant: classic` (the branded header), `plugins: [search, offline]` (search from
`file://`) and no `hooks:` (Zensical does not run them). It writes its cache (`.cache/`)
beside the config, in the build's work folder, never into the site.

Its search dialog's words are in its JavaScript, in English only, so a pack in any other
language is refused (model.ENGLISH_ONLY) rather than shown with an English interface.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from generator import resources
from generator.errors import SiteBuildError
from generator.publishing.site import theme

BASE_CONFIG = resources.BASE_CONFIG
PIN = "zensical==0.0.73"
"""The version that installs from the package index (0.0.74 and later need a zensical-ui
that it lacks), and the one the tests build with."""


def available() -> bool:
    """Whether Zensical is installed."""
    try:
        import zensical  # noqa: F401
    except ImportError:
        return False
    return True


def write_config(spec: theme.SiteSpec, docs_dir: Path, site_dir: Path, config_path: Path) -> Path:
    """The per-pack mkdocs.yml as Zensical reads it (data only, through a YAML dumper)."""
    import yaml

    here = config_path.parent.resolve()
    config: dict[str, Any] = {
        "INHERIT": str(BASE_CONFIG),
        "site_name": spec.site_name,
        "docs_dir": os.path.relpath(docs_dir.resolve(), here),
        "site_dir": os.path.relpath(site_dir.resolve(), here),
        "theme": {
            "name": "material",
            "variant": "classic",
            "custom_dir": os.path.relpath(resources.theme_overrides(here), here),
            "language": spec.language,
            "logo": spec.logo,
            "favicon": spec.logo,
        },
        "plugins": ["search", "offline"],
        "nav": spec.nav,
        "extra": {"policypack": spec.extra},
    }
    if spec.permalink_title:
        config["markdown_extensions"] = theme.extensions_titled(spec.permalink_title)
    if spec.site_url:
        config["site_url"] = spec.site_url
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return config_path


def build(config_path: Path, build_epoch: int) -> None:
    """Build the site in strict mode; raise SiteBuildError with Zensical's own message (which
    it writes to the process's standard error, not to Python's logging)."""
    import yaml
    import zensical

    written = yaml.safe_load(config_path.read_text("utf-8"))
    site_dir = config_path.parent / written["site_dir"]
    with _captured_output() as said:
        try:
            zensical.build(str(config_path), {"clean": True, "strict": True})
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # its own errors, click's, and a Rust panic (pyo3)
            details = "; ".join(_problems(said())) or " ".join(str(error).split())
            raise SiteBuildError(f"the site engine refused the pack: {details}") from None
    if not written.get("site_url"):
        # As with MkDocs: without site.url the theme's 404 page cannot find its assets.
        (site_dir / "404.html").unlink(missing_ok=True)


def serve(config_path: Path, watch: list[Path], dev_addr: str) -> None:
    """Serve the pack with live reload until interrupted."""
    import zensical

    zensical.serve(str(config_path), {"dev_addr": dev_addr, "open": False, "strict": False})


def warm_up() -> None:
    """Import Zensical once, if it is installed (a batch worker does it before its first pack)."""
    available()


_COLOUR = re.compile(r"\x1b\[[0-9;]*m")
_PROBLEM = re.compile(r"^(?:Warning|Error): (?P<what>.+)$(?:\n.*?\[ (?P<where>\S+) \])?", re.M)


def _problems(said: str) -> list[str]:
    """Zensical's report ('Warning: page does not exist' over a drawing of the source line,
    in colour) as one line a problem: 'index.md:3:8: page does not exist'."""
    text = _COLOUR.sub("", said)
    return [
        f"{m['where']}: {m['what'].strip()}" if m["where"] else m["what"].strip()
        for m in _PROBLEM.finditer(text)
    ]


@contextlib.contextmanager
def _captured_output() -> Iterator[Any]:
    """The process's standard output and error (file descriptors 1 and 2, where Zensical's
    Rust side writes its progress and its report) kept in one file while it runs, so that
    none of it reaches the terminal; yields a function that returns what was written."""
    sys.stdout.flush()
    sys.stderr.flush()
    with tempfile.TemporaryFile(mode="w+b") as kept:
        saved = [os.dup(1), os.dup(2)]
        os.dup2(kept.fileno(), 1)
        os.dup2(kept.fileno(), 2)
        try:
            yield lambda: (kept.seek(0), kept.read().decode("utf-8", "replace"))[1]
        finally:
            sys.stdout.flush()
            sys.stderr.flush()
            os.dup2(saved[0], 1)
            os.dup2(saved[1], 2)
            for fd in saved:
                os.close(fd)
