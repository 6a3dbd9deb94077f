"""Two site engines behind one boundary: MkDocs with Material (the default) and Zensical."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from generator.commands import batch
from generator.commands.cli import main
from generator.composing import compose
from generator.errors import SiteBuildError
from generator.publishing import build, site
from generator.publishing.site import zensical_engine
from generator.reading.model import Audience, Engine

from .conftest import TRUSTS, edit_trust
from .test_reproducible import tree

TODAY = dt.date(2026, 12, 1)


def test_zensical_is_installed_for_the_tests() -> None:
    """The engine's tests must run: a missing Zensical is a failure, never a skip."""
    assert zensical_engine.available(), f"pip install {zensical_engine.PIN}"
    assert site.refusal(Engine.ZENSICAL, ["en"]) is None


def test_a_welsh_pack_set_to_zensical_is_refused_where_it_says_so(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "afon-teifi"
    shutil.copytree(TRUSTS / "afon-teifi", folder)
    edit_trust(folder, "site:\n", "site:\n  engine: zensical\n")
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    line = (folder / "trust.yml").read_text("utf-8").splitlines().index("  engine: zensical") + 1
    assert f"trust.yml:{line}:3: site.engine: zensical can only build a pack in English" in err[0]


def test_building_a_welsh_pack_with_zensical_is_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["--out", str(out), "--today", "2026-12-01", "--engine", "zensical"]
    code = main(["build", str(TRUSTS / "afon-teifi"), *args])
    assert code == 2
    errors = capsys.readouterr().err.splitlines()
    assert errors == [
        "Error: afon-teifi: zensical can only build a pack in English (its search box cannot be "
        "shown in Welsh yet); use engine: mkdocs for a pack in more than one language"
    ]
    assert not (out / "afon-teifi").exists()


def test_the_zensical_config_is_what_it_reads(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    spec = site.SiteSpec(site_name='A "quoted": {{ name }}', site_url=None, nav=[], logo="l.svg")
    written = yaml.safe_load(
        site.write_config(
            spec, docs, tmp_path / "site", tmp_path / "mkdocs.yml", Engine.ZENSICAL
        ).read_text()
    )
    assert written["docs_dir"] == "docs" and written["site_dir"] == "site"
    assert not Path(written["theme"]["custom_dir"]).is_absolute()
    assert written["theme"]["variant"] == "classic"
    assert written["plugins"] == ["search", "offline"]
    assert "hooks" not in written
    assert written["site_name"] == 'A "quoted": {{ name }}'


def test_zensical_refuses_a_broken_link_in_one_line(tmp_path: Path) -> None:
    pack = compose.render_pack(TRUSTS / "glenmoray", Audience.PUBLIC, TODAY)
    docs = tmp_path / "docs"
    docs.mkdir()
    build.write_sources(pack, docs)
    index = docs / "index.md"
    index.write_text(index.read_text("utf-8") + "\n[gone](missing.md)\n", "utf-8")
    line = len(index.read_text("utf-8").splitlines())
    spec = site.site_spec(pack)
    config = site.write_config(spec, docs, tmp_path / "site", tmp_path / "z.yml", Engine.ZENSICAL)
    with pytest.raises(SiteBuildError) as refused:
        site.build(config, 0, Engine.ZENSICAL)
    assert str(refused.value) == (
        f"the site engine refused the pack: index.md:{line}:8: page does not exist"
    )


def test_zensical_writes_nothing_of_its_own_to_the_terminal(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    args = ["--out", str(tmp_path / "out"), "--today", "2026-12-01", "--engine", "zensical"]
    assert main(["build", str(TRUSTS / "glenmoray"), *args]) == 0
    shown = capfd.readouterr()
    assert "Build" not in shown.out + shown.err  # its "Build started ... finished in 0.98s"
    assert "built glenmoray" in shown.out


@pytest.mark.parametrize("nav", [[5], [{"Home": {"x": 5}}]])
def test_a_config_zensical_refuses_is_one_line(tmp_path: Path, nav: list[object]) -> None:
    pack = compose.render_pack(TRUSTS / "glenmoray", Audience.PUBLIC, TODAY)
    docs = tmp_path / "docs"
    docs.mkdir()
    build.write_sources(pack, docs)
    spec = dataclasses.replace(site.site_spec(pack), nav=nav)
    config = site.write_config(spec, docs, tmp_path / "site", tmp_path / "z.yml", Engine.ZENSICAL)
    with pytest.raises(SiteBuildError) as refused:
        site.build(config, 0, Engine.ZENSICAL)
    assert str(refused.value).startswith("the site engine refused the pack: ")
    assert "\n" not in str(refused.value)


def test_another_engine_is_another_build(tmp_path: Path) -> None:
    job = batch.Job(TRUSTS / "glenmoray", tmp_path / "out", Audience.PUBLIC, TODAY)
    assert batch.run(job).state == "built" and batch.unchanged(job)
    other = batch.Job(job.folder, job.out_root, job.audience, job.today, engine=Engine.ZENSICAL)
    assert not batch.unchanged(other)
    assert batch.run(other).state == "built" and batch.unchanged(other)
    assert (tmp_path / "out" / "glenmoray" / "search.json").is_file()  # Zensical's index


def test_zensical_sites_are_identical_from_any_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    trees = []
    for place in ("one", "two/levels/down"):
        checkout = tmp_path / place
        shutil.copytree(TRUSTS / "northbridge", checkout / "trusts" / "northbridge")
        monkeypatch.chdir(checkout)
        args = ["build", "--out", "site", "--today", "2026-12-01", "--engine", "zensical"]
        assert main(args) == 0
        trees.append(tree(checkout / "site" / "northbridge"))
    assert trees[0] == trees[1]
    assert not any(name.startswith(".cache") for name in trees[0])  # its cache stays outside
