"""The site engine boundary: the only code that knows MkDocs, Material or Zensical.

The rest of policypack hands it plain Markdown files and a SiteSpec (the pack's name, pages
and the words of the theme, theme.py) and asks for a site. Behind it are two engines, both
drawing the pack with the Material theme and our overrides (site_overrides/):

    mkdocs_engine.py    MkDocs with Material, the default (mkdocs_hooks.py runs in its builds)
    late.py             pages whose final words come while the site builds (PDF links)
    zensical_engine.py  Zensical, their makers' successor (an optional extra), English only

A pack chooses with `site.engine` in trust.yml; `policypack build|serve --engine` overrides it.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from generator.errors import EngineError
from generator.publishing.site import mkdocs_engine, theme, zensical_engine
from generator.publishing.site.late import LatePages
from generator.publishing.site.theme import SiteSpec, brand_css, markdown_extensions, site_spec
from generator.reading.model import ENGLISH_ONLY, Engine, LanguageCode

__all__ = [
    "Engine",
    "LatePages",
    "SiteSpec",
    "brand_css",
    "build",
    "markdown_extensions",
    "refusal",
    "require",
    "serve",
    "site_spec",
    "takes_late_pages",
    "theme",
    "warm_up",
    "write_config",
]

_ENGINES: dict[Engine, ModuleType] = {
    Engine.MKDOCS: mkdocs_engine,
    Engine.ZENSICAL: zensical_engine,
}


def refusal(engine: Engine, languages: list[str]) -> str | None:
    """Why `engine` cannot build a pack in `languages`, in one line; None when it can."""
    if engine is Engine.ZENSICAL:
        if list(languages) != [LanguageCode.EN]:
            return ENGLISH_ONLY.removeprefix("engine: ")
        if not zensical_engine.available():
            return f"the zensical engine is not installed: pip install 'policypack[zensical]' ({zensical_engine.PIN})"
    return None


def require(engine: Engine, languages: list[str], slug: str) -> None:
    """Refuse, in one line naming the pack, an engine that cannot build it (EngineError)."""
    why = refusal(engine, languages)
    if why:
        raise EngineError(f"{slug}: {why}")


def _engine(engine: Engine, languages: list[str] | None = None) -> ModuleType:
    why = refusal(engine, languages or [LanguageCode.EN])
    if why:
        raise EngineError(why)
    return _ENGINES[engine]


def write_config(
    spec: SiteSpec,
    docs_dir: Path,
    site_dir: Path,
    config_path: Path,
    engine: Engine = Engine.MKDOCS,
) -> Path:
    """Write the engine's config for one language of one pack; return its path."""
    written: Path = _engine(engine, [spec.language]).write_config(
        spec, docs_dir, site_dir, config_path
    )
    return written


def takes_late_pages(engine: Engine) -> bool:
    """Whether the engine can start before the LatePages are settled (else build() waits)."""
    return bool(getattr(_ENGINES[engine], "TAKES_LATE_PAGES", False))


def build(
    config_path: Path,
    build_epoch: int,
    engine: Engine = Engine.MKDOCS,
    late: LatePages | None = None,
) -> None:
    """Build the site from a config `write_config` wrote, in strict mode (SiteBuildError).
    An engine that can start before `late` pages are settled (MkDocs: it reads each page as it
    comes to it, its other pages first) is given them; for another they are settled first."""
    module = _engine(engine)
    if late is not None and not takes_late_pages(engine):
        late.settle(None)
        late = None
    if late is None:
        module.build(config_path, build_epoch)
    else:
        module.build(config_path, build_epoch, late)


def serve(
    config_path: Path, watch: list[Path], dev_addr: str, engine: Engine = Engine.MKDOCS
) -> None:
    """Serve the site with live reload until interrupted."""
    _engine(engine).serve(config_path, watch, dev_addr)


def warm_up(engine: Engine = Engine.MKDOCS) -> None:
    """Import what the engine's builds need, once per process."""
    _ENGINES[engine].warm_up()
