"""Where the policy templates, theme overrides and base site config come from.

They ship with policypack: an installed wheel carries them in `generator/_resources/`, and a
source checkout has them at the top of the repository (policy_templates/, site_overrides/,
mkdocs.yml). A Trust's own repository needs none of them, but may override any single file by
putting its own copy at the same path under `policy_templates/` or `site_overrides/` in the
folder policypack runs from.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

_PACKAGE = Path(__file__).resolve().parent
PACKAGE = _PACKAGE
"""The generator package itself (its code, and its data/ folder)."""
DATA = _PACKAGE / "data"
"""The guidance, defaults and nation facts policypack ships (generator/data/)."""
SHIPPED = _PACKAGE / "_resources" if (_PACKAGE / "_resources").is_dir() else _PACKAGE.parent

TEMPLATES = SHIPPED / "policy_templates"
THEME_OVERRIDES = SHIPPED / "site_overrides"
BASE_CONFIG = SHIPPED / "mkdocs.yml"
PRINT_FONTS = TEMPLATES / "print" / "fonts"
"""The fonts every PDF is set in, and coverage.txt: the characters they can draw."""


_SAFE_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    """A YAML data file that ships with policypack (never a trust.yml: source.py reads
    those), as `yaml.safe_load` reads it, but by libyaml when PyYAML has it: the same data
    (tests/test_source.py compares every shipped file) in a tenth of the time: guidance.yml
    alone took 57 ms of every run, now 4 ms."""
    return yaml.load(path.read_text("utf-8"), Loader=_SAFE_LOADER)


def _local(name: str, shipped: Path, project: Path | None) -> Path | None:
    local = (project or Path.cwd()) / name
    if local.is_dir() and local.resolve() != shipped.resolve():
        return local.resolve()
    return None


def template_dirs(project: Path | None = None) -> tuple[Path, ...]:
    """Where templates are looked up: the project's own policy_templates/ first, if it has one."""
    local = _local("policy_templates", TEMPLATES, project)
    return (local, TEMPLATES) if local else (TEMPLATES,)


def find_template_file(relative: str, project: Path | None = None) -> Path:
    """The first of the template folders that has `relative` (e.g. 'print/document.typ')."""
    for folder in template_dirs(project):
        if (folder / relative).is_file():
            return folder / relative
    raise FileNotFoundError(relative)


def override_dirs(project: Path | None = None) -> tuple[Path, ...]:
    """The theme override folders a build uses: the project's own site_overrides/, if any,
    and the shipped ones."""
    local = _local("site_overrides", THEME_OVERRIDES, project)
    return (local, THEME_OVERRIDES) if local else (THEME_OVERRIDES,)


def theme_overrides(work_dir: Path, project: Path | None = None) -> Path:
    """The theme overrides to build with: the shipped ones, or, when the project has its own
    site_overrides/, a copy of the shipped ones with the project's files laid over them."""
    local = _local("site_overrides", THEME_OVERRIDES, project)
    if local is None:
        return THEME_OVERRIDES
    merged = work_dir / "site_overrides"
    shutil.copytree(THEME_OVERRIDES, merged, dirs_exist_ok=True)
    shutil.copytree(local, merged, dirs_exist_ok=True)
    return merged
