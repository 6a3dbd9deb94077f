"""`policypack diff`: exact output for the changes reviewers meet."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from generator.commands.cli import main

from .conftest import ROOT

TODAY = ["--today", "2026-12-01"]


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)


def edit(folder: Path, old: str, new: str) -> None:
    text = (folder / "trust.yml").read_text()
    assert old in text, old
    (folder / "trust.yml").write_text(text.replace(old, new))


def run(capsys, *argv: str) -> tuple[int, str]:
    code = main(["diff", *argv, *TODAY])
    return code, capsys.readouterr().out


def test_no_change(capsys) -> None:
    assert run(capsys, "trusts/minimal", "trusts/minimal") == (
        0,
        "No change to the published pack.\n",
    )
    assert run(capsys, "trusts/minimal", "trusts/minimal", "--exit-code") == (
        0,
        "No change to the published pack.\n",
    )


def test_changed_mri_arrangement_is_substantive(trust_copy, capsys) -> None:
    new = trust_copy("northbridge")
    edit(
        new,
        "      You can bring your phone to the MRI department.",
        "      Please leave your phone at home.",
    )
    code, out = run(capsys, "trusts/northbridge", str(new), "--exit-code")
    assert code == 1
    assert out == (
        "2 pages change: Can I record my appointment? (2 lines), Policy: arrangements in each clinical area (2 lines)\n"
        "Substantive: a local arrangement, rule or deviation changed (areas.mri.arrangements); the pack needs re-approval.\n"
        "\n"
        "--- Can I record my appointment? (patients.md)\n"
        "@@ -31,5 +31,5 @@ ## When and where can I not record?\n"
        " - **MRI scans**: you cannot record inside the MRI scanner room. The scanner's strong magnet is always on. It can pull a phone from your hand and hurt someone.\n"
        " \n"
        "-    You can bring your phone to the MRI department. We will give you a locker for it, and for other metal items, before your scan.\n"
        "+    Please leave your phone at home. We will give you a locker for it, and for other metal items, before your scan.\n"
        " \n"
        "     You can record your talk with the radiographer in the preparation room, before and after your scan.\n"
        "\n"
        "--- Policy: arrangements in each clinical area (policy-areas.md)\n"
        "@@ -54,5 +54,5 @@ ## MRI > ### What we tell patients\n"
        " ### What we tell patients\n"
        " \n"
        "-You can bring your phone to the MRI department. We will give you a locker for it, and for other metal items, before your scan.\n"
        "+Please leave your phone at home. We will give you a locker for it, and for other metal items, before your scan.\n"
        " \n"
        " You can record your talk with the radiographer in the preparation room, before and after your scan.\n"
    )


def test_renamed_organisation_is_editorial(trust_copy, capsys) -> None:
    new = trust_copy("minimal")
    edit(new, "  name: Fernvale Community Health NHS Trust", "  name: Fernvale Health NHS Trust")
    code, out = run(capsys, "trusts/minimal", str(new))
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith(
        "8 pages change: Recording your care (2 lines), Staff quick guide (2 lines), "
    )
    assert (
        lines[1]
        == "Editorial: names, contact details or document details changed (organisation.name)."
    )
    assert (
        "-This is the policy of Fernvale Community Health NHS Trust on patients recording their scans,"
        in out
    )
    assert (
        "+This is the policy of Fernvale Health NHS Trust on patients recording their scans, their"
        in out
    )
    assert "Substantive" not in out


def test_new_deviation_is_substantive_and_shows_in_the_matrix(trust_copy, capsys) -> None:
    new = trust_copy("minimal")
    with (new / "trust.yml").open("a") as handle:
        handle.write(
            "policy:\n  permission: written\n"
            "deviations:\n  - rule: written-permission\n    justification: Agreed after a local incident review.\n"
            "    approved_by: Clinical Governance Committee\n    approved_on: 2026-10-01\n"
        )
    code, out = run(capsys, "trusts/minimal", str(new), "--format", "markdown")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "### Policy pack: Fernvale Community Health NHS Trust"
    assert lines[3] == (
        "- Substantive: a local arrangement, rule or deviation changed (deviations, policy.permission); "
        "the pack needs re-approval."
    )
    assert "<details><summary>Compliance with the guidance (" in out
    assert "+## Declared deviations { #deviations }" in out
    assert "```diff" in out and out.rstrip().endswith("</details>")


def test_git_revision_as_old(tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "trusts").mkdir(parents=True)
    subprocess.run(
        ["cp", "-r", str(ROOT / "trusts" / "minimal"), str(repo / "trusts" / "fernvale")],
        check=True,
    )
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "start"], check=True)
    edit(repo / "trusts" / "fernvale", '    phone: "01632 960700"', '    phone: "01632 960799"')
    monkeypatch.chdir(repo)
    code, out = run(capsys, "main:trusts/fernvale", "trusts/fernvale")
    assert code == 0
    assert out.splitlines()[1] == (
        "Editorial: names, contact details or document details changed (contacts.imaging_department.phone)."
    )
    assert (
        "+**Questions?** Please ask a member of staff, or phone [01632 960799](tel:+441632960799) "
        "(Imaging Services)." in out
    )


def test_unknown_revision_is_one_clear_line(capsys) -> None:
    assert main(["diff", "no-such-branch:trusts/minimal", "trusts/minimal"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Error: cannot read no-such-branch:trusts/minimal from git: ")
    assert len(err.strip().splitlines()) == 1
