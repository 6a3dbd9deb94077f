"""Where the policy templates, theme overrides and base site config come from.

They ship with policypack: an installed wheel carries them in `generator/_resources/`, and a
source checkout has them at the top of the repository (policy_templates/, site_overrides/,
mkdocs.yml). A Trust's own repository needs none of them, but may override any single file by
putting its own copy at the same path under `policy_templates/` or `site_overrides/` in the
folder policypack runs from.
"""

from __future__ import annotations

import hashlib
import marshal
import shutil
from pathlib import Path
from typing import Any

from generator import caching

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


DATA_CACHE_FORMAT = 1
"""The layout of the data cache's files; another one is another name."""


def read_yaml(path: Path) -> Any:
    """A YAML data file that ships with policypack (never a trust.yml: source.py reads
    those), as `yaml.safe_load` reads it, but by libyaml when PyYAML has it: the same data
    (tests/test_source.py compares every shipped file) in a tenth of the time: guidance.yml
    alone took 57 ms of every run, now 4 ms.

    What it reads is kept in the user's cache (caching.py) as `marshal` data, named by the
    file's bytes, the installed versions and the format, and read back from there next time,
    so that a run which needs no YAML otherwise never imports PyYAML (15 ms). Data marshal
    cannot hold (a date, say) is not kept; a cache that cannot be read or written is passed
    over."""
    raw = path.read_bytes()
    kept = _data_cache_path(raw)
    stored = caching.read(kept)
    if stored is not None:
        try:
            return marshal.loads(stored)
        except (EOFError, ValueError, TypeError):
            pass  # damaged: read the file again
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    data = yaml.load(raw.decode("utf-8"), Loader=loader)
    if kept is not None:
        try:
            dumped = marshal.dumps(data)
        except ValueError:  # holds something marshal cannot: read it each time
            return data
        if caching.write_atomically(kept, dumped):
            caching.prune(kept.parent, "*.marshal", 200)
    return data


def _data_cache_path(raw: bytes) -> Path | None:
    folder = caching.folder("data")
    if folder is None:
        return None
    digest = hashlib.sha256(f"{DATA_CACHE_FORMAT}\n{caching.environment()}\n".encode())
    digest.update(raw)
    return folder / f"{digest.hexdigest()[:40]}.marshal"


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
