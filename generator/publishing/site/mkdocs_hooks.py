"""MkDocs hooks for every pack's site: the mkdocs.yml that mkdocs_engine.py writes names
this file.

MkDocs runs `on_env` (a documented event) on each build, `policypack serve`'s rebuilds
included, once the theme's template environment is made and before any page is rendered, so
the theme work kept per process (mkdocs_engine.keep_theme_work) is reused by the preview as
well as by batch builds.
"""

from __future__ import annotations

from typing import Any

import jinja2

from generator.publishing.site import mkdocs_engine


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    return mkdocs_engine.keep_theme_work(env)
