"""Shared fixtures: the example trusts, one build of every example per audience per run (and
of the English examples by the second site engine), and one browser for every browser test."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.publishing import build, reviews
from generator.reading import config
from generator.reading.model import Audience, Engine

from .browser import CHROMIUM_ARGS, chromium_path

ROOT = Path(__file__).resolve().parent.parent
TRUSTS = ROOT / "trusts"
EXAMPLES = sorted(p.name for p in TRUSTS.iterdir() if (p / "trust.yml").is_file())
TODAY = dt.date(2026, 12, 1)

# The tests keep their compiled templates and syllable table (generator/caching.py) apart from
# the user's own, in the repository's ignored .cache/, where they last from run to run.
os.environ["POLICYPACK_CACHE_DIR"] = str(ROOT / ".cache" / "policypack-tests")


@pytest.fixture
def trust_copy(tmp_path: Path):
    """Copy an example trust folder into tmp_path so a test may edit it."""

    def copy(slug: str = "minimal") -> Path:
        target = tmp_path / slug
        shutil.copytree(TRUSTS / slug, target)
        return target

    return copy


def edit_trust(folder: Path, old: str, new: str) -> None:
    """Replace `old` with `new` in folder/trust.yml; `old` must be there, so that an edit that
    no longer applies fails the test instead of quietly testing the unedited file."""
    path = folder / "trust.yml"
    text = path.read_text("utf-8")
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new), "utf-8")


def add_to_trust(folder: Path, text: str) -> None:
    """Append `text` (whole top-level sections) to folder/trust.yml."""
    path = folder / "trust.yml"
    path.write_text(path.read_text("utf-8") + text, "utf-8")


APPROVED_MINIMAL = """  status: approved
  approved_by: Imaging Governance Group
  approved_on: 2026-09-01
  approvals:
    - role: governance
      by: Imaging Governance Group
      date: 2026-09-01
    - role: data-protection-officer
      by: Data Protection Officer
      date: 2026-08-03
    - role: staff-consultation
      by: Imaging staff meeting
      date: 2026-07-06
    - role: patient-group
      by: Fernvale Patient Panel
      date: 2026-07-20
    - role: equality-impact-assessment
      by: Equality Lead
      date: 2026-08-10
"""


def approve_minimal(folder: Path) -> None:
    """Make a copy of trusts/minimal (a draft) an approved pack, for tests of the gates that
    only an approved pack reaches."""
    edit_trust(
        folder,
        "  status: draft               # change to approved, with approved_on, once agreed\n",
        APPROVED_MINIMAL,
    )


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example built once, for each audience: {'staff': OUT, 'public': OUT}."""
    outs = {}
    for audience in Audience:
        out = tmp_path_factory.mktemp(f"site-{audience.value}")
        for slug in EXAMPLES:
            build.build_pack(TRUSTS / slug, out, audience, TODAY)
        reviews.write_summaries(out, TODAY)
        outs[audience.value] = out
    return outs


ZENSICAL_EXAMPLES = tuple(
    slug for slug in EXAMPLES if config.load(TRUSTS / slug).trust.site.languages == ["en"]
)
"""The English examples, built by the second engine too (it refuses the Welsh one)."""
ZENSICAL_EVERY_PAGE = "northbridge"
"""The one of them whose every page is checked in the browser (the others are sampled)."""


@pytest.fixture(scope="session")
def zensical_sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The English examples built with Zensical for the public, and ZENSICAL_EVERY_PAGE for
    staff too (what the staff build adds is the same for every pack): {'staff': OUT, ...}."""
    outs = {}
    for audience in Audience:
        out = tmp_path_factory.mktemp(f"zensical-{audience.value}")
        for slug in zensical_packs(audience.value):
            build.build_pack(TRUSTS / slug, out, audience, TODAY, engine=Engine.ZENSICAL)
        outs[audience.value] = out
    return outs


def zensical_packs(audience: str) -> tuple[str, ...]:
    return ZENSICAL_EXAMPLES if audience == "public" else (ZENSICAL_EVERY_PAGE,)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One headless Chromium (Debian's, through Playwright) shared by every browser test."""
    path = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
