"""Every error policypack reports to a user. Each prints as one line, never a traceback."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


class PolicyPackError(Exception):
    """Something the user can fix; `str()` of it is the whole message."""

    exit_code = 2


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

    exit_code = 1


class EngineError(PolicyPackError):
    """The chosen site engine cannot build this pack (not installed, or not in its languages)."""
