"""Work done ahead in a forked child (publishing/ahead.py), and a pack's PDFs printed that way
while its site builds: the same site, byte for byte, as printing first."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from generator.errors import TypesetError
from generator.publishing import ahead, pdf, typeset

from .conftest import TRUSTS
from .test_reproducible import tree


@pytest.fixture
def may_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    """This test process may have run Typst or hold other threads (its neighbours' doing);
    the work of these tests uses neither, so it may be forked all the same."""
    monkeypatch.setattr(ahead, "forking_is_safe", lambda: True)


@pytest.mark.usefixtures("may_fork")
def test_the_work_runs_in_a_child_and_sends_as_it_goes() -> None:
    def work(send: ahead.Send) -> tuple[int, str]:
        for number in range(3):
            send(number)
        return os.getpid(), "x" * 1_000_000  # more than a pipe holds

    with ahead.started(work) as started:
        assert started.in_child
        assert started.wait_until(lambda sent: len(sent) == 3)
        assert started.sent == [0, 1, 2]
        pid, text = started.result()
    assert pid != os.getpid()
    assert len(text) == 1_000_000


@pytest.mark.usefixtures("may_fork")
def test_a_failure_in_the_child_is_raised_here_as_the_work_raises_it() -> None:
    calls: list[int] = []

    def work(send: ahead.Send) -> None:
        calls.append(os.getpid())  # the child's append is its own
        send("half")
        raise TypesetError("the notice: no font has the character '\u0800'")

    with ahead.started(work) as started:
        assert started.in_child
        with pytest.raises(TypesetError, match="no font has"):
            started.result()
    assert calls == [os.getpid()]  # done again here, once


@pytest.mark.usefixtures("may_fork")
def test_a_result_that_cannot_be_pickled_is_made_here() -> None:
    with ahead.started(lambda send: (os.getpid(), lambda: None)) as started:
        assert started.in_child
        pid, _ = started.result()
    assert pid == os.getpid()


@pytest.mark.usefixtures("may_fork")
def test_a_fork_that_fails_leaves_the_work_to_be_done_here(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def no_fork() -> int:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with ahead.started(lambda send: os.getpid()) as started:
        assert not started.in_child
        assert started.result() == os.getpid()


@pytest.mark.usefixtures("may_fork")
def test_a_child_reaped_by_the_system_still_gives_its_result() -> None:
    """With SIGCHLD ignored (as a launcher may leave it) the system reaps the child itself:
    its result still comes, and a failure is still done again here, never a hang."""
    import signal

    saved = signal.signal(signal.SIGCHLD, signal.SIG_IGN)
    try:
        with ahead.started(lambda send: os.getpid()) as started:
            assert started.in_child
            assert started.result() != os.getpid()

        def failing(send: ahead.Send) -> int:
            send(os.getpid())
            raise TypesetError("boom")

        with ahead.started(failing) as started:
            assert started.wait_until(lambda sent: len(sent) == 1)
            assert not started.wait_until(lambda sent: len(sent) == 2)  # and no hang
            with pytest.raises(TypesetError, match="boom"):
                started.result()
    finally:
        signal.signal(signal.SIGCHLD, saved)


@pytest.mark.usefixtures("may_fork")
def test_a_stopped_child_leaves_no_temporary_files(tmp_path: Path) -> None:
    import tempfile

    def work(send: ahead.Send) -> None:
        folder = tempfile.mkdtemp()  # as Typst's compile does, in the child's own folder
        send(folder)
        time.sleep(60)

    with pytest.raises(RuntimeError), ahead.started(work) as started:
        assert started.wait_until(lambda sent: bool(sent))
        [folder] = started.sent
        assert Path(folder).is_dir()
        raise RuntimeError("the site build failed")
    assert not Path(folder).exists()
    assert not Path(folder).parent.exists()  # the child's own temporary folder


def test_no_child_while_another_thread_runs_or_after_typst_has_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(typeset, "has_typeset_here", lambda: False)
    monkeypatch.setattr(typeset, "THREADS", None)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with ahead.started(lambda send: os.getpid()) as started:
            assert not started.in_child
            assert not started.wait_until(lambda sent: bool(sent))  # nothing comes: no child
            assert started.result() == os.getpid()  # made here, when asked for
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(typeset, "has_typeset_here", lambda: True)
    with ahead.started(lambda send: os.getpid()) as started:
        assert not started.in_child
    monkeypatch.setattr(typeset, "has_typeset_here", lambda: False)
    monkeypatch.setattr(typeset, "THREADS", 1)  # a batch worker
    with ahead.started(lambda send: os.getpid()) as started:
        assert not started.in_child
    monkeypatch.setattr(typeset, "THREADS", None)
    monkeypatch.setattr(ahead, "_cores", lambda: 1)  # nowhere to do it beside this one
    with ahead.started(lambda send: os.getpid()) as started:
        assert not started.in_child


@pytest.mark.usefixtures("may_fork")
def test_a_child_no_longer_wanted_is_stopped_and_waited_for() -> None:
    began = time.monotonic()
    children = []
    with pytest.raises(RuntimeError), ahead.started(lambda send: time.sleep(60)) as started:
        assert started.in_child
        children.append(started._pid)
        raise RuntimeError("the site build failed")
    assert time.monotonic() - began < 10
    assert children[0] is not None
    with pytest.raises(ChildProcessError):
        os.waitpid(children[0], os.WNOHANG)  # no child left behind, not even a zombie


def test_printing_ahead_builds_the_same_site_as_printing_first(tmp_path: Path) -> None:
    """A bilingual pack: its PDFs printed in a child while the Welsh site builds (its pages
    settled as the engine comes to them), then the English site; and the same pack printed
    first. Each in a fresh process, as one that has run Typst never forks."""
    script = """
import sys
from generator.commands.cli import main
from generator.publishing import ahead
ahead.ALLOWED = sys.argv[1] == "ahead"
made = ahead.Ahead.__init__
def spy(self, work, wanted=True):
    made(self, work, wanted)
    print("in child" if self.in_child else "here", file=sys.stderr)
ahead.Ahead.__init__ = spy
sys.exit(main(["build", sys.argv[2], "--out", sys.argv[3], "--today", "2026-12-01"]))
"""
    trees = []
    for how in ("ahead", "first"):
        out = tmp_path / how
        done = subprocess.run(
            [sys.executable, "-c", script, how, str(TRUSTS / "afon-teifi"), str(out)],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        assert ("in child" if how == "ahead" else "here") in done.stderr
        trees.append(tree(out / "afon-teifi"))
    assert trees[0] == trees[1]
    assert "downloads/afon-teifi-policy.pdf" in trees[0]
    page = (tmp_path / "ahead" / "afon-teifi" / "document-control.html").read_text("utf-8")
    assert "afon-teifi-policy.pdf" in page


def test_a_pdf_that_fails_in_the_child_fails_the_build_in_one_line_and_keeps_the_site(
    tmp_path: Path,
) -> None:
    """Printing fails in the child while the site builds: the build stops with the one-line
    error the printing gives (done again in this process), and the pack built before is
    untouched."""
    script = """
import sys
from generator.commands.cli import main
from generator.errors import TypesetError
from generator.publishing import ahead, typeset
out = sys.argv[2]
command = ["build", sys.argv[1], "--out", out, "--today", "2026-12-01", "--force"]
assert main(command) == 0
def failing(document, pictures, dated):
    raise TypesetError("the font has no character U+0800 (in organisation.name)")
typeset.compile_document = failing
made = ahead.Ahead.__init__
def spy(self, work, wanted=True):
    made(self, work, wanted)
    print("in child" if self.in_child else "here", file=sys.stderr)
ahead.Ahead.__init__ = spy
sys.exit(main(command))
"""
    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-c", script, str(TRUSTS / "northbridge"), str(out)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode != 0
    assert "in child" in done.stderr
    errors = [line for line in done.stderr.splitlines() if "U+0800" in line]
    assert len(errors) == 1, done.stderr
    assert "northbridge-" in errors[0] and ".pdf: the font has no character" in errors[0]
    assert "Traceback" not in done.stderr
    downloads = out / "northbridge" / "downloads"
    assert len(list(downloads.glob("*.pdf"))) == len(pdf.PRINTS)
    assert all(path.stat().st_size > 1000 for path in downloads.glob("*.pdf"))


def test_the_site_reads_its_other_pages_before_it_waits_for_a_pdf(tmp_path: Path) -> None:
    """The engine starts while the PDFs are printed: it reads every page without PDF links
    first, then settles each late page on its own as it comes to it (and only then all)."""
    script = """
import sys
from mkdocs.structure import pages
from generator.commands.cli import main
from generator.publishing import build, site
events = []
read = pages.Page.read_source
def reading(self, config):
    events.append(("read", self.file.src_uri))
    return read(self, config)
pages.Page.read_source = reading
late = build.write_sources_late
def recording(*args, **kwargs):
    made = late(*args, **kwargs)
    def settle(page):
        events.append(("settle", page))
        made.settle(page)
    events.append(("late", made.pages))
    return site.LatePages(made.pages, settle)
build.write_sources_late = recording
code = main(["build", sys.argv[1], "--out", sys.argv[2], "--today", "2026-12-01"])
print(repr(events))
sys.exit(code)
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(TRUSTS / "northbridge"), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    events = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    [late] = [value for kind, value in events if kind == "late"]
    assert set(late) == {
        "patients.md",
        "notice.md",
        "quick-guide.md",
        "easy-read.md",
        "document-control.md",
    }
    reads = [value for kind, value in events if kind == "read"]
    assert reads[-len(late) :] == list(late)  # the late pages last, in the order they come
    assert len(reads) > len(late)
    for page in late:  # each settled on its own, as the engine reads it
        at = events.index(("read", page))
        assert events[at + 1] == ("settle", page)
    assert events.index(("settle", None)) > events.index(("read", late[-1]))


def test_the_error_of_a_failed_print_is_that_of_the_first_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Whichever document fails first, the error names the first in print order."""
    import datetime as dt
    import random

    from generator.composing import compose
    from generator.publishing import build
    from generator.reading import config
    from generator.reading.model import Audience

    def failing(document: object, pictures: object, dated: object) -> None:
        time.sleep(random.uniform(0, 0.05))
        raise TypesetError("no font has the character U+0800")

    monkeypatch.setattr(typeset, "compile_document", failing)
    packs = compose.render_languages(
        config.load(TRUSTS / "minimal"), Audience.PUBLIC, dt.date(2026, 12, 1)
    )
    for _ in range(4):
        with pytest.raises(TypesetError) as raised:
            build.print_documents(packs, dt.date(2026, 12, 1))
        assert str(raised.value).startswith(f"minimal-{pdf.PRINTS[0].key}.pdf: no font has")
