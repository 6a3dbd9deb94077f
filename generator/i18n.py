"""Languages: translations of the standard text, and a trust's own text in each language.

- The standard text (page templates, defaults.yml, nations.yml, page titles, interface words)
  is written in English and translated through gettext catalogues that Babel reads:
  `policy_templates/locale/<language>/*.po`. A project's own `policy_templates/locale/` is read
  after the shipped one, so it may correct a translation.
- A pack published in more than one language (`site.languages`) writes each piece of its own
  text as `{en: ..., cy: ...}`; see config.py.
- There is no fallback: text with no translation is an error that names it, never English
  shown silently on a Welsh page.

The catalogue tooling (every message, what is missing, a template for translators) is
composing/catalogue.py: `python -m generator.composing.catalogue missing cy`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from generator import resources
from generator.errors import TemplateError


@dataclass(frozen=True)
class Language:
    """A language a pack can be published in."""

    code: str
    english_name: str
    own_name: str


LANGUAGES: dict[str, Language] = {
    "en": Language("en", "English", "English"),
    "cy": Language("cy", "Welsh", "Cymraeg"),
}
SOURCE_LANGUAGE = "en"


def N_(message: str) -> str:
    """Marks standard text in Python code for the catalogues; it is translated where shown."""
    return message


class MissingTranslation(TemplateError):
    """Standard text with no translation into the language being built."""

    def __init__(self, language: str, message: str) -> None:
        self.language = language
        self.message = message
        name = LANGUAGES[language].english_name
        shown = message if len(message) <= 80 else message[:77] + "..."
        super().__init__(
            f'no {name} ({language}) translation of "{shown}"; add it to a catalogue in '
            f"policy_templates/locale/{language}/"
        )


def catalogue_files(language: str) -> tuple[Path, ...]:
    """The .po files for `language`: shipped first, then the project's own."""
    files: list[Path] = []
    for folder in reversed(resources.template_dirs()):
        files += sorted((folder / "locale" / language).glob("*.po"))
    return tuple(files)


@cache
def _messages(language: str, files: tuple[Path, ...]) -> dict[str, str]:
    from babel.messages.pofile import read_po

    messages: dict[str, str] = {}
    for path in files:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for entry in catalog:
            if entry.id and isinstance(entry.id, str) and entry.string and not entry.fuzzy:
                messages[entry.id] = str(entry.string)
    return messages


@dataclass(frozen=True)
class Translator:
    """Translates standard text into one language, strictly."""

    language: str
    messages: dict[str, str]

    def gettext(self, message: str) -> str:
        if self.language == SOURCE_LANGUAGE:
            return message
        try:
            return self.messages[message]
        except KeyError:
            raise MissingTranslation(self.language, message) from None

    def long_date(self, day: dt.date | None) -> str:
        """A date written out, e.g. '1 March 2027' or '1 Mawrth 2027' ('' for None). Babel's
        CLDR data, not the machine's locale, so it is the same everywhere; in English, the
        same words without loading Babel's locale data (25 ms of every run)."""
        if not day:
            return ""
        if self.language == SOURCE_LANGUAGE:
            return f"{day.day} {_ENGLISH_MONTHS[day.month - 1]} {day.year}"
        from babel.dates import format_date

        return format_date(day, "d MMMM y", locale=self.language)


_ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
"""CLDR's English month names, as Babel writes them (tests/test_languages.py compares)."""


def translator(language: str) -> Translator:
    """The translator for `language` (English needs no catalogue)."""
    if language not in LANGUAGES:
        raise TemplateError(
            f"unknown language '{language}'; expected one of: {', '.join(LANGUAGES)}"
        )
    if language == SOURCE_LANGUAGE:
        return Translator(language, {})
    return Translator(language, _messages(language, catalogue_files(language)))


NATION_TEXT = (
    "name",
    "own_patient_advice_team",
    "patient_advice_service",
    "patient_advice_service_short",
    "complaints_route",
    "ombudsman",
    "ionising_radiation_law",
    "radiation_protection_law",
    "surveillance_law",
    "accessibility_enforcement_body",
    "accessibility_complaints_service",
)
"""The fields of data/nations.yml that are shown as text (the rest are links and flags)."""
