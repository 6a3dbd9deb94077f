"""Work done ahead, in a forked child process, while this process goes on with something else.

A pack's PDFs are printed in a child while the site builds here: the two are each a core's
work, and threads would take turns at Python's lock (only Typst's own part lets go of it).
The work may send what it has made so far (`send`), as each PDF is done, so that the site can
use each as soon as it is there; its result comes at the end. Both come back through a
one-way multiprocessing pipe (pickled, a message at a time). Nothing else passes between the processes: the child's temporary files go in a
folder of its own, which this process removes once the child has ended (however it ended),
and the child ends with os._exit, so it flushes none of this process's buffers and runs none
of its exit handlers. It ignores Ctrl-C (this process decides, and stops it with SIGTERM).

Forking is only safe in a process with no other threads (a lock another thread held would stay
held in the child for ever), so work is done ahead only from a process's one thread, one that
has never run Typst (whose threads a child would wait for: typeset.has_typeset_here), never
in a batch worker, whose sibling workers already keep the other cores busy, and only with a
second core to do it on. Otherwise, where os.fork does not exist or fails, the work is simply
done when its result is asked for.

If the child fails in any way (an error in the work, a result that cannot be pickled, a child
killed), the work is done again here when the result is asked for, so that its error is raised
here, as it would have been without the child.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from typing import Any, Generic, TypeVar

from generator.publishing import typeset

T = TypeVar("T")

Send = Callable[[Any], None]
"""What the work is given to send what it has made so far."""

_ITEM, _RESULT = "item", "result"
_SIGNALS = {signal.SIGINT, signal.SIGTERM}


class Ahead(Generic[T]):
    """`work(send)`, started in a child when that is safe (and `wanted`); `result()` waits for
    its result, `wait_until` for what it has sent."""

    def __init__(self, work: Callable[[Send], T], wanted: bool = True) -> None:
        self._work = work
        self._pid: int | None = None  # until the child has been reaped (under _changed)
        self._reader: threading.Thread | None = None
        self._changed = threading.Condition()
        self._sent: list[Any] = []
        self._received: tuple[T] | None = None
        self._ended = False  # no more will come from the child
        self._done: tuple[T] | None = None
        if wanted and forking_is_safe():
            self._fork()

    @property
    def in_child(self) -> bool:
        """Whether the work runs in a child (else it is done when its result is asked for)."""
        return self._reader is not None

    def _fork(self) -> None:
        try:
            folder = tempfile.mkdtemp(prefix="policypack-ahead-")
        except OSError:
            return
        try:
            reading, writing = multiprocessing.Pipe(duplex=False)
        except OSError:
            shutil.rmtree(folder, ignore_errors=True)
            return
        # No signal between the fork and the child's own handlers: it would unwind the child
        # through this process's code.
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
        try:
            pid = os.fork()
        except OSError:  # no memory, too many processes: print here instead
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            reading.close()
            writing.close()
            shutil.rmtree(folder, ignore_errors=True)
            return
        if pid == 0:
            self._child(reading, writing, folder, blocked)
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        writing.close()
        self._pid = pid
        try:
            # Read as it comes, or a child with more to send than a pipe holds would wait for
            # ever.
            reader = threading.Thread(target=self._read, args=(reading, folder), daemon=True)
            reader.start()
        except BaseException as error:  # no thread to read: no child either
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            reading.close()
            shutil.rmtree(folder, ignore_errors=True)
            self._pid = None
            if not isinstance(error, Exception):  # Ctrl-C and the like go on up
                raise
            return
        self._reader = reader

    def _child(
        self, reading: Connection, writing: Connection, folder: str, blocked: set[int]
    ) -> None:
        """The child: do the work, send it back, and go."""
        status = 1
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
            tempfile.tempdir = folder
            reading.close()
            with writing:
                try:
                    made = self._work(lambda item: writing.send((_ITEM, item)))
                    writing.send((_RESULT, made))
                    status = 0
                except BaseException:  # done again by the parent, which raises it there
                    pass
        finally:
            os._exit(status)

    def _read(self, reading: Connection, folder: str) -> None:
        received: tuple[T] | None = None
        try:
            # To the end; a child cut short sends no result (and perhaps half a message).
            with reading, contextlib.suppress(Exception):
                while True:
                    kind, value = reading.recv()
                    if kind == _RESULT:
                        received = (value,)
                        continue
                    with self._changed:
                        self._sent.append(value)
                        self._changed.notify_all()
            pid = self._pid
            assert pid is not None
            if hasattr(os, "waitid"):  # ended, not yet reaped (elsewhere: reaped under the lock)
                with contextlib.suppress(ChildProcessError):  # reaped already: SIGCHLD ignored
                    os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
            with self._changed:  # reaped only under the lock cancel() signals under
                with contextlib.suppress(ChildProcessError):
                    _, status = os.waitpid(pid, 0)
                    if os.waitstatus_to_exitcode(status) != 0:
                        received = None
                self._pid = None
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            with self._changed:
                self._received = received
                self._ended = True
                self._changed.notify_all()

    @property
    def sent(self) -> list[Any]:
        """What the work has sent so far, in the order it was sent."""
        with self._changed:
            return list(self._sent)

    def wait_until(self, enough: Callable[[list[Any]], bool]) -> bool:
        """Wait until what the work has sent is `enough` (True), or until it can send no more
        (False: then its `result()` is what to wait for)."""
        with self._changed:
            while self._reader is not None and not self._ended:
                if enough(self._sent):
                    return True
                self._changed.wait()  # the reader always says when it ends (its `finally`)
            return enough(self._sent)

    def result(self) -> T:
        """The work's result: the child's, or (without one, or when it failed) made here."""
        if self._done is None:
            if self._reader is not None:
                self._reader.join()
            made, self._received = self._received, None
            if made is None:
                self._sent = []
                made = (self._work(self._sent.append),)
            self._done = made
        return self._done[0]

    def cancel(self) -> None:
        """Stop a child whose result is no longer wanted (the build it was for failed)."""
        if self._reader is not None:
            with self._changed:  # the child is not reaped while this is held: its id is its own
                if self._pid is not None:
                    with contextlib.suppress(OSError):
                        os.kill(self._pid, signal.SIGTERM)
            self._reader.join()


@contextlib.contextmanager
def started(work: Callable[[Send], T], wanted: bool = True) -> Iterator[Ahead[T]]:
    """`work` started ahead (if `wanted` and safe) for the length of the block; a child still
    running when the block ends (after an error) is stopped and waited for, never left
    behind."""
    ahead = Ahead(work, wanted)
    try:
        yield ahead
    finally:
        ahead.cancel()


ALLOWED = True
"""Whether work may be done ahead in a child at all (tests set False to compare)."""


def forking_is_safe() -> bool:
    return (
        ALLOWED
        and hasattr(os, "fork")
        and threading.active_count() == 1
        and not typeset.has_typeset_here()
        and typeset.THREADS is None  # a batch worker: the cores are busy already
        and _cores() > 1
    )


def _cores() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1
