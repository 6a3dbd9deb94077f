"""Every error policypack reports to a user, and the exit status of every command. Each error
prints as one line, never a traceback.

One error lives beside the code that raises it, because this module cannot import that code:
i18n.MissingTranslation, a TemplateError that names the language in words. Like every error
of the product, it is a PolicyPackError, with a named exit code.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from enum import IntEnum


class ExitCode(IntEnum):
    """The exit status of a `policypack` command, as the README's table of commands gives it.
    Some numbers have a second name, for what they mean to the command that uses them."""

    OK = 0
    GATE_FAILED = 1
    """A governance gate failed (review date passed, approvals missing, a draft for the public,
    patient text above its reading age): the pack is not published."""
    BAD_INPUT = 2
    """A trust.yml, an argument, a template or a picture is wrong; nothing is built from it."""
    INTERRUPTED = 130
    """Stopped by Ctrl-C (128 + SIGINT, as shells report it); earlier output is unchanged."""
    OUTPUT_FAILED = 120
    """What the command printed could not all be written out (a full disk, a closed pipe), as
    Python itself reports it on its way out."""

    # The same numbers, by their meaning elsewhere:
    SITE_REFUSED = 1
    """The site engine refused the rendered pack (its strict mode): not published."""
    CHANGED = 1
    """`policypack diff --exit-code`: the published wording changes."""
    UNTRANSLATED = 1
    """`python -m generator.composing.catalogue missing LANG`: standard text lacks a translation."""
    WORKER_DIED = 2
    """`policypack build`: the process building a pack died; that pack is not built."""


class PolicyPackError(Exception):
    """Something the user can fix; `str()` of it is the whole message."""

    exit_code: ExitCode = ExitCode.BAD_INPUT


@dataclass(frozen=True, order=True)
class ConfigProblem:
    """One problem in one trust.yml, located by file, line and column (1-based)."""

    path: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        text = (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )
        return one_line(text)


def one_line(text: str) -> str:
    """`text` with control characters and line breaks shown as escapes, so it stays one line."""
    return "".join(_escaped(ch) if unicodedata.category(ch) in _UNPRINTABLE else ch for ch in text)


def _escaped(ch: str) -> str:
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


_UNPRINTABLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


class ConfigError(PolicyPackError):
    """A trust.yml is missing, unreadable or invalid; holds every problem found in it."""

    def __init__(self, problems: list[ConfigProblem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateError(PolicyPackError):
    """A policy template refers to something the pack context does not have, or is malformed."""


class SiteBuildError(PolicyPackError):
    """The site engine refused the rendered pack (strict mode turns its warnings into this)."""

    exit_code = ExitCode.SITE_REFUSED


class TypesetError(PolicyPackError):
    """A document Typst could not make, in one line."""


class UsageError(PolicyPackError):
    """A command-line option that makes no sense."""


class EngineError(PolicyPackError):
    """The chosen site engine cannot build this pack (not installed, or not in its languages)."""

    exit_code = ExitCode.BAD_INPUT
