"""MkDocs hooks for every pack's site: the mkdocs.yml that site.py writes names this file.

MkDocs runs `on_config` on each build, `policypack serve`'s rebuilds included, before it
makes the theme's template environment, so the theme work kept per process (site.py) is
reused by the preview as well as by batch builds.
"""

from __future__ import annotations

from typing import Any

from generator.publishing import site


def on_config(config: Any) -> Any:
    site.reuse_theme_work(config.theme)
    return config
