"""MkDocs hooks for every pack's site: the mkdocs.yml that mkdocs_engine.py writes names
this file.

In a build with late pages (site.LatePages: links to PDFs still being printed), MkDocs reads
the other pages first (`on_files` puts the late ones last), `on_page_read_source` waits for the
late ones' final words, and `on_env`, which runs before MkDocs copies any file, for the PDFs.

MkDocs runs `on_env` (a documented event) on each build, `policypack serve`'s rebuilds
included, once the theme's template environment is made and before any page is rendered, so
the theme work kept per process (mkdocs_engine.keep_theme_work) is reused by the preview as
well as by batch builds. MkDocs lists the theme's files with that environment before
`on_env`, so `on_config` has the theme make it with the kept work already applied.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.plugins import event_priority

from generator.publishing.site import mkdocs_engine


@event_priority(100)  # before the search plugin's, which renders the theme's language partial
def on_config(config: Any) -> Any:
    """MkDocs lists the theme's files (to copy them into the site) with the environment the
    theme makes, before `on_env` runs: so the theme makes its environment with the kept work
    already in place, or every build walked Material's 14,000 files (0.1 s) for that list.
    Material's search plugin renders a template of the theme in its own `on_config`, so this
    runs first, or that template was compiled from source in every build."""
    theme = config.theme
    make_env = type(theme).get_env

    def get_env() -> jinja2.Environment:
        return mkdocs_engine.keep_theme_work(make_env(theme))

    theme.get_env = get_env
    return config


_ORDER: list[Any] = []
"""The files in MkDocs' order, while the late pages are put last (on_files to on_env)."""


def on_files(files: Any, config: Any) -> Any:
    unused = unused_search_scripts(_search_languages(config))
    for file in [file for file in files if file.src_uri in unused]:
        files.remove(file)  # never copied into the site
    late = mkdocs_engine.LATE
    if late is None:
        return files
    _ORDER[:] = list(files)
    found = {file.src_uri: file for file in _ORDER}
    for name in late.pages:  # last, in the order they will be ready
        if name in found:
            files.remove(found[name])
            files.append(found[name])
    return files


LUNR = "assets/javascripts/lunr/"
"""Where Material keeps the scripts its search worker loads for languages other than English."""


def unused_search_scripts(languages: list[str]) -> set[str]:
    """The theme's search scripts (under LUNR) that Material's search worker never loads for
    a site searched in `languages`: it loads 'min/lunr.stemmer.support.min.js' and
    'min/lunr.<code>.min.js' for each language but English, 'min/lunr.multi.min.js' for
    more than one, 'tinyseg.js' for Japanese and 'wordcut.js' for Hindi or Thai (its
    search worker, workers/search.*.min.js). For an English search (every pack's: lunr has
    no Welsh), none of the 34: copied into every site, they were a file in three."""
    wanted = {f"min/lunr.{code}.min.js" for code in languages if code != "en"}
    if len(languages) > 1:
        wanted.add("min/lunr.multi.min.js")
    if "ja" in languages:
        wanted.add("tinyseg.js")
    if {"hi", "th"} & set(languages):
        wanted.add("wordcut.js")
    if wanted:
        wanted.add("min/lunr.stemmer.support.min.js")
    return {LUNR + name for name in _search_scripts() - wanted}


@cache
def _search_scripts() -> frozenset[str]:
    """The installed theme's scripts under LUNR ('min/lunr.de.min.js', 'tinyseg.js'), listed
    once a process."""
    import material

    folder = Path(material.__file__).parent / "templates" / LUNR
    return frozenset(
        {f"min/{p.name}" for p in (folder / "min").glob("*.js")}
        | {p.name for p in folder.glob("*.js")}
    )


def _search_languages(config: Any) -> list[str]:
    """The languages the site's search plugin is set to (Material's `lang`), English if none
    says otherwise."""
    for plugin in config.plugins.values():
        if type(plugin).__name__ == "SearchPlugin":
            found = plugin.config.get("lang") or ["en"]
            return [found] if isinstance(found, str) else list(found)
    return ["en"]


def _restore_order(files: Any) -> None:
    """MkDocs' own order again once every page is read, so the site (its search index) is
    the same as that of a build without late pages."""
    for file in _ORDER:
        files.remove(file)
        files.append(file)
    _ORDER.clear()


def on_page_read_source(page: Any, config: Any) -> str | None:
    late = mkdocs_engine.LATE
    if late is None or page.file.src_uri not in late.pages:
        return None  # MkDocs reads the page itself
    late.settle(page.file.src_uri)
    return Path(page.file.abs_src_path).read_text("utf-8-sig")


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    if mkdocs_engine.LATE is not None:
        mkdocs_engine.LATE.settle(None)
        _restore_order(files)
    if mkdocs_engine.keeps_theme_work(env):  # the theme's environment, made by on_config's
        return env
    return mkdocs_engine.keep_theme_work(env)
