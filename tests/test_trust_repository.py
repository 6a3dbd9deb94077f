"""A Trust's own repository: policypack installed from a wheel, `init`, CI and pre-commit files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("policypack-*.whl"))


def test_wheel_ships_templates_theme_and_base_config(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for name in (
        "generator/_resources/mkdocs.yml",
        "generator/_resources/policy_templates/pages.yml",
        "generator/_resources/policy_templates/print/document.typ",
        "generator/_resources/policy_templates/print/fonts/arimo-regular.ttf",
        "generator/_resources/site_overrides/main.html",
        "generator/_resources/site_overrides/assets/fonts/arimo-latin-400-normal.woff2",
        "generator/data/defaults.yml",
    ):
        assert name in names, name


def test_a_fresh_folder_with_only_init_output_builds(wheel: Path, tmp_path: Path) -> None:
    """Outside this repository, with the wheel installed (not this checkout), init then build."""
    lib = tmp_path / "lib"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(lib),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    project = tmp_path / "trust-repo"
    project.mkdir()
    env = {**os.environ, "PYTHONPATH": str(lib)}

    def policypack(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "generator", *argv],
            cwd=project,
            env=env,
            capture_output=True,
            text=True,
        )

    init = policypack("init", "riverside")
    assert init.returncode == 0, init.stderr
    assert sorted(p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()) == [
        "trust.schema.json",
        "trusts/riverside/logo.svg",
        "trusts/riverside/trust.yml",
    ]
    assert (
        (project / "trusts/riverside/trust.yml")
        .read_text()
        .startswith("# yaml-language-server: $schema=../../trust.schema.json\n")
    )
    where = policypack("schema")  # runs the wheel's code, not this checkout's
    assert where.returncode == 0
    located = subprocess.run(
        [sys.executable, "-c", "import generator.resources as r; print(r.SHIPPED)"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert located.stdout.strip().startswith(str(lib))
    # A new pack is a draft: the public build refuses it (exit 1), a preview builds it.
    refused = policypack("build", "--today", "2026-12-01")
    assert refused.returncode == 1 and "cannot be published to the public" in refused.stderr
    built = policypack("build", "--today", "2026-12-01", "--draft")
    assert built.returncode == 0, built.stderr
    assert (project / "site/riverside/patients.html").is_file()
    assert (project / "site/riverside/downloads/riverside-leaflet-a5.pdf").is_file()
    assert "DRAFT" in (project / "site/riverside/index.html").read_text()

    # A local override of one template and one theme file wins over the shipped ones.
    (project / "policy_templates/pages").mkdir(parents=True)
    shipped = (ROOT / "policy_templates/pages/notice.md.j2").read_text()
    (project / "policy_templates/pages/notice.md.j2").write_text(
        shipped.replace(
            "# {% trans %}Recording your appointment{% endtrans %}",
            "# Recording your appointment at Riverside",
        )
    )
    (project / "site_overrides/assets/stylesheets").mkdir(parents=True)
    (project / "site_overrides/assets/stylesheets/policypack.css").write_text(
        "/* local */ body { color: #000; }\n"
    )
    rebuilt = policypack("build", "--today", "2026-12-01", "--draft")
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert (
        "Recording your appointment at Riverside"
        in (project / "site/riverside/notice.html").read_text()
    )
    css = (project / "site/riverside/assets/stylesheets/policypack.css").read_text()
    assert css.startswith("/* local */")


def test_init_refuses_bad_names_and_existing_folders(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    from generator.commands.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["init", "Bad Name"]) == 2
    assert "cannot be a trust folder name" in capsys.readouterr().err
    assert main(["init", "riverside"]) == 0
    assert main(["init", "riverside"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_github_workflow_runs_every_step() -> None:
    workflow = yaml.safe_load((ROOT / "docs/trust-repository/policypack.yml").read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert set(triggers) == {"pull_request", "push"}
    steps = workflow["jobs"]["pack"]["steps"]
    assert all(("uses" in step) != ("run" in step) for step in steps)
    commands = "\n".join(step.get("run", "") for step in steps)
    for command in (
        "policypack validate",
        "policypack check",
        "policypack build --out site",
        'policypack diff "$BASE:trusts/$slug" "trusts/$slug" --format markdown >> "$GITHUB_STEP_SUMMARY"',
    ):
        assert command in commands
    assert steps[0]["with"]["fetch-depth"] == 0


def test_sharded_workflow_builds_every_shard_then_merges() -> None:
    workflow = yaml.safe_load((ROOT / "docs/trust-repository/policypack-shards.yml").read_text())
    build, merge = workflow["jobs"]["build"], workflow["jobs"]["merge"]
    shards = build["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and build["strategy"]["fail-fast"] is False
    commands = "\n".join(step.get("run", "") for step in build["steps"])
    assert f"policypack build --out site --shard ${{{{ matrix.shard }}}}/{len(shards)}" in commands
    assert merge["needs"] == "build"
    assert "policypack index --out site" in "\n".join(s.get("run", "") for s in merge["steps"])
    for job in (build, merge):
        assert all(("uses" in step) != ("run" in step) for step in job["steps"])


def test_index_command_writes_the_summaries_of_merged_shards(tmp_path: Path, capsys) -> None:
    from generator.commands.cli import main

    out = tmp_path / "site"
    for shard in ("1/2", "2/2"):
        part = tmp_path / f"part-{shard[0]}"
        main(["build", str(ROOT / "trusts/lough-erne"), str(ROOT / "trusts/glenmoray"),
              "--out", str(part), "--today", "2026-12-01", "--shard", shard])  # fmt: skip
        for pack in part.iterdir() if part.is_dir() else ():
            if pack.is_dir() and not pack.name.startswith("."):
                shutil.copytree(pack, out / pack.name)
    assert main(["index", "--out", str(out), "--today", "2026-12-01"]) == 0
    index = (out / "index.html").read_text("utf-8")
    assert "Lough Erne Health and Social Care Trust" in index and "NHS Glenmoray" in index
    assert main(["index", "--out", str(tmp_path / "empty")]) == 2


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert hooks == [
        {
            "id": "policypack-validate",
            "name": "policypack validate",
            "description": "Check every trusts/<slug>/trust.yml; one line per problem, with line and column.",
            "entry": "policypack validate",
            "language": "python",
            "files": "^trusts/",
            "pass_filenames": False,
        }
    ]


def test_run_examples_sorts_the_examples_into_published_and_drafts() -> None:
    """`./run examples` asks Python which examples are drafts (built only as previews): the
    snippet it runs must work (an import error there once built every folder for the public)."""
    script = (ROOT / "run").read_text("utf-8")
    snippet = script.split("<<'PY'\n", 1)[1].split("\nPY\n", 1)[0]
    done = subprocess.run(
        [sys.executable, "-c", snippet], cwd=ROOT, capture_output=True, text=True, check=True
    )
    statuses = dict(line.split() for line in done.stdout.splitlines())
    assert statuses["trusts/minimal"] == "draft"
    assert statuses["trusts/northbridge"] == "approved"
    assert len(statuses) == len(list((ROOT / "trusts").glob("*/trust.yml")))
