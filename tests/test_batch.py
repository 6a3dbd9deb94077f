"""Many packs: parallel builds, incremental rebuilds, shards, failures that do not stop others."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator import caching
from generator.commands import batch
from generator.commands.batch import Job
from generator.commands.cli import main
from generator.publishing import layout, pdf
from generator.reading.model import Audience

from .conftest import ROOT, TRUSTS, edit_trust


@pytest.fixture
def trusts(tmp_path: Path) -> Path:
    """Three example trusts and a broken one, in a trusts/ folder of their own."""
    folder = tmp_path / "trusts"
    for slug in ("minimal", "glenmoray", "lough-erne"):
        shutil.copytree(TRUSTS / slug, folder / slug)
    shutil.copytree(TRUSTS / "minimal", folder / "broken")
    (folder / "broken" / "trust.yml").write_text("organisation: [\n", "utf-8")
    return folder


def _build(capsys, out: Path, *folders: Path, extra: tuple[str, ...] = ()) -> tuple[int, str]:
    """Build as previews (--draft): the example draft, minimal, is never built for the public."""
    code = main(
        ["build", *map(str, folders), "--out", str(out), "--today", "2026-12-01", "--draft", *extra]
    )
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_parallel_build_reports_each_pack_and_the_worst_status(
    trusts: Path, tmp_path: Path, capsys
) -> None:
    folders = sorted(trusts.iterdir())
    code, text = _build(capsys, tmp_path / "out", *folders, extra=("--jobs", "2"))
    assert code == 2  # the broken pack's bad input is the worst outcome
    for slug in ("minimal", "glenmoray", "lough-erne"):
        assert f"built {slug} -> " in text
        assert (tmp_path / "out" / slug / "index.html").is_file()
    assert "broken/trust.yml:2:1: YAML syntax" in text
    assert "4 packs: 3 built, 0 unchanged, 0 skipped, 1 failed (broken)\n" in text


def test_unchanged_packs_are_not_rebuilt_until_an_input_changes(
    trusts: Path, tmp_path: Path, capsys
) -> None:
    out = tmp_path / "out"
    minimal, glenmoray = trusts / "minimal", trusts / "glenmoray"
    assert _build(capsys, out, minimal, glenmoray)[0] == 0
    stamp = (out / "glenmoray" / "index.html").stat().st_mtime_ns
    code, text = _build(capsys, out, minimal, glenmoray)
    assert code == 0 and "unchanged minimal" in text and "unchanged glenmoray" in text
    assert (out / "glenmoray" / "index.html").stat().st_mtime_ns == stamp
    # A change to one pack's config rebuilds that pack only.
    edit_trust(glenmoray, "NHS Glenmoray", "NHS Glenmoray Board")
    code, text = _build(capsys, out, minimal, glenmoray)
    assert "built glenmoray" in text and "unchanged minimal" in text
    assert "NHS Glenmoray Board" in (out / "glenmoray" / "index.html").read_text("utf-8")
    # --force rebuilds everything; another day rebuilds only what that day changes (the draft
    # minimal pack, which has no date of its own, is printed with the day it is built).
    assert "built glenmoray" in _build(capsys, out, minimal, glenmoray, extra=("--force",))[1]
    code = main(
        [
            "build",
            str(minimal),
            str(glenmoray),
            "--out",
            str(out),
            "--today",
            "2026-12-02",
            "--draft",
        ]
    )
    text = capsys.readouterr().out
    assert "built minimal" in text and "unchanged glenmoray" in text


def test_build_state_is_kept_in_the_cache_not_in_the_published_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The published facts file holds only the pack's facts; the fingerprint and PDF keys
    are in the cache, tied to that output folder and to the facts file it published."""
    import json

    from generator.publishing import build, build_state

    out = tmp_path / "out"
    job = Job(TRUSTS / "northbridge", out, Audience.PUBLIC, dt.date(2026, 12, 1))
    assert batch.run(job).state is batch.OutcomeState.BUILT
    facts = json.loads((out / "northbridge" / layout.MARKER).read_text("utf-8"))
    assert {"slug", "organisation", "version", "review_by", "languages"} <= facts.keys()
    assert not {"fingerprint", "prints"} & facts.keys()
    published = "\n".join(
        p.read_text("utf-8", "replace") for p in (out / "northbridge").rglob("*") if p.is_file()
    )
    state = build_state.read(out, "northbridge", out / "northbridge" / layout.MARKER)
    assert state is not None and state.fingerprint
    assert state.fingerprint.split("|")[0] not in published
    assert set(state.prints) == {f"northbridge-{s.key}.pdf" for s in pdf.PRINTS}
    assert all(record.key not in published for record in state.prints.values())
    assert batch.unchanged(job)

    # The same output folder elsewhere, or a pack replaced since, is built again, even by a
    # copy of the very files it published (an earlier build put back).
    shutil.copytree(out, tmp_path / "copy")
    assert not batch.unchanged(Job(job.folder, tmp_path / "copy", job.audience, job.today))
    shutil.rmtree(out / "northbridge")
    shutil.copytree(tmp_path / "copy" / "northbridge", out / "northbridge")
    assert not batch.unchanged(job)
    assert batch.run(job).state == "built" and batch.unchanged(job)
    facts_file = out / "northbridge" / layout.MARKER
    facts_file.write_text(facts_file.read_text("utf-8").replace('"draft"', '"draft" '), "utf-8")
    assert not batch.unchanged(job)
    assert build.earlier_prints(out, "northbridge") == {}

    # With no cache at all, every build is a whole build, and still succeeds.
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", "")
    assert batch.run(job).state is batch.OutcomeState.BUILT
    assert not batch.unchanged(job)


def test_crossing_into_the_warning_window_rebuilds(tmp_path: Path) -> None:
    out = tmp_path / "out"
    job = Job(TRUSTS / "northbridge", out, Audience.PUBLIC, dt.date(2026, 11, 1))
    assert batch.run(job).state is batch.OutcomeState.BUILT
    assert batch.unchanged(job)
    # Northbridge's review date is 2027-03-01: its 90-day warning window opens on 2026-12-01.
    assert not batch.unchanged(Job(job.folder, out, job.audience, dt.date(2026, 12, 1)))
    assert batch.unchanged(Job(job.folder, out, job.audience, dt.date(2026, 11, 30)))


def test_a_template_change_rebuilds_every_pack(monkeypatch, tmp_path: Path) -> None:
    job = Job(TRUSTS / "minimal", tmp_path / "out", Audience.PUBLIC, dt.date(2026, 12, 1))
    before = batch.inputs_fingerprint(job)
    local = tmp_path / "project"
    (local / "policy_templates" / "pages").mkdir(parents=True)
    (local / "policy_templates" / "pages" / "notice.md.j2").write_text("# Changed\n", "utf-8")
    monkeypatch.chdir(local)
    assert batch.inputs_fingerprint(job) != before


def test_another_version_of_the_site_engine_rebuilds_every_pack(
    monkeypatch, tmp_path: Path
) -> None:
    import sys

    job = Job(TRUSTS / "minimal", tmp_path / "out", Audience.PUBLIC, dt.date(2026, 12, 1))

    def fingerprint() -> str:  # read afresh: both are kept for the process
        caching.installed.cache_clear()
        batch._shared_inputs.cache_clear()
        return batch.inputs_fingerprint(job)

    before = fingerprint()
    assert fingerprint() == before
    # Another version installed: a folder on the path with mkdocs_material 99's metadata in it,
    # as pip leaves it (the fingerprint reads the folder names, not the packages).
    installed = tmp_path / "site-packages"
    installed.mkdir()
    monkeypatch.setattr(sys, "path", [str(installed), *sys.path])  # as `python -m` or a script
    try:
        assert fingerprint() == before  # how it was started changes nothing
        (installed / "mkdocs_material-99.0.0.dist-info").mkdir()
        upgraded = fingerprint()
        assert upgraded != before
        # A checkout installed by `setup.py develop`: no version in the name, its PKG-INFO's.
        (installed / "mkdocs.egg-info").mkdir()
        (installed / "mkdocs.egg-info" / "PKG-INFO").write_text("Version: 1.0\n", "utf-8")
        developed = fingerprint()
        (installed / "mkdocs.egg-info" / "PKG-INFO").write_text("Version: 1.10\n", "utf-8")
        assert len({upgraded, developed, fingerprint()}) == 3
    finally:
        monkeypatch.undo()
        caching.installed.cache_clear()
        batch._shared_inputs.cache_clear()


def test_shards_are_stable_and_cover_every_pack_once() -> None:
    folders = [Path(f"trusts/org-{n:03d}") for n in range(250)]
    shards = [batch.shard(folders, f"{k}/4") for k in range(1, 5)]
    assert sorted(p for s in shards for p in s) == sorted(folders)
    assert all(40 <= len(s) <= 85 for s in shards)
    # Adding packs moves none of the others between shards.
    more = folders + [Path(f"trusts/new-{n}") for n in range(20)]
    for k, old in enumerate(shards, start=1):
        assert set(old) <= set(batch.shard(more, f"{k}/4"))


@pytest.mark.parametrize("spec", ["0/4", "5/4", "x", "1/0"])
def test_bad_shard_is_one_line(spec: str, capsys, tmp_path: Path) -> None:
    assert main(["build", "--out", str(tmp_path), "--shard", spec]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"Error: --shard '{spec}'") and "\n" not in err


def test_no_arguments_builds_every_pack_under_trusts(monkeypatch, trusts: Path, capsys) -> None:
    shutil.rmtree(trusts / "broken")
    monkeypatch.chdir(trusts.parent)
    assert main(["build", "--today", "2026-12-01", "--shard", "1/1", "--draft"]) == 0
    text = capsys.readouterr().out
    assert "3 packs: 3 built" in text
    assert sorted(p.name for p in (trusts.parent / "site").iterdir() if p.is_dir()) == [
        "glenmoray",
        "lough-erne",
        "minimal",
    ]
    assert trusts.parent != ROOT


def test_pdfs_are_reused_when_nothing_they_show_has_changed(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rebuilt pack keeps its earlier PDFs (byte for byte) unless what they are rendered
    from changed; --force renders them all again."""
    from generator.publishing import ahead, typeset

    monkeypatch.setattr(ahead, "ALLOWED", False)  # printed here, where the renders are counted
    folder = tmp_path / "trusts" / "minimal"
    shutil.copytree(TRUSTS / "minimal", folder)
    out = tmp_path / "out"
    assert _build(capsys, out, folder)[0] == 0
    downloads = out / "minimal" / "downloads"
    before = {path.name: path.read_bytes() for path in downloads.glob("*.pdf")}
    assert len(before) == len(pdf.PRINTS)

    renders: list[str] = []
    real_render = typeset.compile_document

    def counting_render(*args, **kwargs):
        renders.append("render")
        return real_render(*args, **kwargs)

    monkeypatch.setattr(typeset, "compile_document", counting_render)
    config = folder / "trust.yml"
    config.write_text(config.read_text("utf-8") + "# a comment changes no words\n", "utf-8")
    code, text = _build(capsys, out, folder)
    assert code == 0 and "built minimal" in text
    assert renders == []
    assert {path.name: path.read_bytes() for path in downloads.glob("*.pdf")} == before

    # A PDF changed since it was written is not trusted: it alone is rendered again.
    (downloads / "minimal-notice.pdf").write_bytes(before["minimal-notice.pdf"] + b"%tampered")
    config.write_text(config.read_text("utf-8") + "# and again\n", "utf-8")
    assert _build(capsys, out, folder)[0] == 0
    assert renders == ["render"]
    assert {path.name: path.read_bytes() for path in downloads.glob("*.pdf")} == before

    renders.clear()
    edit_trust(folder, "Fernvale Community Health", "Fernvale Health")
    assert _build(capsys, out, folder)[0] == 0
    assert len(renders) == len(pdf.PRINTS)  # the name is on every document
    after = {path.name: path.read_bytes() for path in downloads.glob("*.pdf")}
    assert after.keys() == before.keys()
    assert all(after[name] != before[name] for name in before)

    renders.clear()
    assert _build(capsys, out, folder, extra=("--force",))[0] == 0
    assert len(renders) == len(pdf.PRINTS)


def test_a_process_that_has_printed_can_still_build_in_parallel(tmp_path: Path) -> None:
    """Typst's threads do not survive a fork: after printing in-process, the workers of a
    parallel build must not be forked (a forked worker's first PDF would wait for ever)."""
    import subprocess
    import sys

    script = f"""
import datetime as dt, sys
from pathlib import Path
from generator.publishing import ahead, typeset
from generator.commands.cli import main
# One pack first, in this process (a lone pack is built in-process) and printed here, not
# ahead in a child: Typst's threads now exist.
ahead.ALLOWED = False
assert main(["build", {str(TRUSTS / "minimal")!r}, "--out", {str(tmp_path / "first")!r},
    "--today", "2026-12-01", "--draft"]) == 0
assert typeset.has_typeset_here()
ahead.ALLOWED = True
sys.exit(main(["build", {str(TRUSTS / "minimal")!r}, {str(TRUSTS / "northbridge")!r},
    "--out", {str(tmp_path / "out")!r}, "--today", "2026-12-01", "--draft", "--jobs", "2"]))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert len(list((tmp_path / "out" / "northbridge" / "downloads").glob("*.pdf"))) == len(
        pdf.PRINTS
    )


def test_an_outcome_is_one_of_four_states_that_print_as_their_words() -> None:
    assert [str(s) for s in batch.OutcomeState] == ["built", "unchanged", "skipped", "failed"]
    assert f"{batch.OutcomeState.FAILED}" == "failed"


def test_progress_shows_each_outcome_and_counts_them_by_state(capsys) -> None:
    from generator.commands import progress
    from generator.errors import ExitCode

    State = batch.OutcomeState
    outcomes = [
        batch.Outcome("a", State.BUILT, target=Path("out/a")),
        batch.Outcome("b", State.UNCHANGED),
        batch.Outcome("c", State.SKIPPED, messages=(("info", "not published for staff"),)),
        batch.Outcome("d", State.FAILED, ExitCode.GATE_FAILED, (("error", "d: overdue"),)),
        batch.Outcome("e", State.FAILED, ExitCode.BAD_INPUT, (("error", "e: bad"),)),
    ]
    with progress.Reporter(len(outcomes)) as reporter:
        for outcome in outcomes:
            reporter.report(outcome)
    progress.summary(outcomes)
    captured = capsys.readouterr()
    assert captured.out == (
        f"built a -> {Path('out/a')}\n"
        "unchanged b\n"
        "skip  c: not published for staff\n"
        "5 packs: 1 built, 1 unchanged, 1 skipped, 2 failed (d, e)\n"
    )
    assert captured.err == "Error: d: overdue\nError: e: bad\n"
