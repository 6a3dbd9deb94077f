"""MkDocs hooks for every pack's site: the mkdocs.yml that mkdocs_engine.py writes names
this file.

MkDocs runs `on_env` (a documented event) on each build, `policypack serve`'s rebuilds
included, once the theme's template environment is made and before any page is rendered, so
the theme work kept per process (mkdocs_engine.keep_theme_work) is reused by the preview as
well as by batch builds. MkDocs lists the theme's files with that environment before
`on_env`, so `on_config` has the theme make it with the kept work already applied.
"""

from __future__ import annotations

from typing import Any

import jinja2

from generator.publishing.site import mkdocs_engine


def on_config(config: Any) -> Any:
    """MkDocs lists the theme's files (to copy them into the site) with the environment the
    theme makes, before `on_env` runs: so the theme makes its environment with the kept work
    already in place, or every build walked Material's 14,000 files (0.1 s) for that list."""
    theme = config.theme
    make_env = type(theme).get_env

    def get_env() -> jinja2.Environment:
        return mkdocs_engine.keep_theme_work(make_env(theme))

    theme.get_env = get_env
    return config


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    if mkdocs_engine.keeps_theme_work(env):  # the theme's environment, made by on_config's
        return env
    return mkdocs_engine.keep_theme_work(env)
