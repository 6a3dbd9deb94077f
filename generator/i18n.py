"""Languages: translations of the standard text, and a trust's own text in each language.

- The standard text (page templates, defaults.yml, nations.yml, page titles, interface words)
  is written in English and translated through gettext catalogues that Babel reads:
  `policy_templates/locale/<language>/*.po`. A project's own `policy_templates/locale/` is read
  after the shipped one, so it may correct a translation.
- A pack published in more than one language (`site.languages`) writes each piece of its own
  text as `{en: ..., cy: ...}`; see config.py.
- There is no fallback: text with no translation is an error that names it, never English
  shown silently on a Welsh page.

`python -m generator.i18n missing cy` lists the standard text with no Welsh translation;
`python -m generator.i18n pot` prints a template catalogue of every message.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

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


# --- every message of the standard text, for the catalogue check and translators -----------

_JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "trimmed": "true",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "newstyle_gettext": "true",  # as render.py: a literal % in a block is kept as %%
}
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


def template_messages() -> Iterator[tuple[str, str]]:
    """(message, where) for each translatable string in the shipped templates."""
    from babel.messages.extract import extract

    shipped = resources.template_dirs()[-1]
    for path in sorted(shipped.rglob("*.j2")):
        with path.open("rb") as handle:
            for line, message, _, _ in extract(
                "jinja2.ext:babel_extract", handle, options=_JINJA_OPTIONS
            ):
                if isinstance(message, str):
                    yield message, f"{path.relative_to(shipped)}:{line}"
    pages = yaml.safe_load((shipped / "pages.yml").read_text("utf-8"))
    for entry in pages:
        yield entry["title"], "pages.yml"
        if entry.get("section"):
            yield entry["section"], "pages.yml"
    code = Path(__file__).parent
    for path in sorted(code.glob("*.py")):
        with path.open("rb") as handle:
            for line, message, _, _ in extract("python", handle, keywords={"N_": None}):
                if isinstance(message, str):
                    yield message, f"generator/{path.name}:{line}"


def data_messages() -> Iterator[tuple[str, str]]:
    """(message, where) for the text of data/defaults.yml, nations.yml, guidance.yml and the
    explanations of plain_words.yml."""
    data = Path(__file__).parent / "data"
    nations = yaml.safe_load((data / "nations.yml").read_text("utf-8"))
    for nation, facts in nations.items():
        for field in NATION_TEXT:
            yield facts[field], f"data/nations.yml:{nation}.{field}"
    from generator.context import guidance_messages  # context imports this module

    yield from guidance_messages()
    plain_words = yaml.safe_load((data / "plain_words.yml").read_text("utf-8"))
    for term, meaning in plain_words["explain"].items():
        yield meaning, f"data/plain_words.yml:explain.{term}"
    from generator.config import default_texts  # config imports this module

    for path, text in default_texts():
        yield text, f"data/defaults.yml:{'.'.join(map(str, path))}"


def all_messages() -> dict[str, str]:
    """Every message of the standard text, with the first place it is used."""
    found: dict[str, str] = {}
    for message, where in [*template_messages(), *data_messages()]:
        found.setdefault(message, where)
    return found


def missing(language: str) -> dict[str, str]:
    """Standard text with no translation into `language`, with where it is used."""
    known = translator(language).messages
    return {m: where for m, where in all_messages().items() if m not in known}


def _pot() -> str:
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    catalog = Catalog(project="policypack", fuzzy=False)
    for message, where in all_messages().items():
        file, _, line = where.partition(":")
        catalog.add(message, locations=[(file, int(line) if line.isdigit() else 0)])
    out = io.BytesIO()
    write_po(out, catalog, omit_header=True, width=100)
    return out.getvalue().decode("utf-8")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["pot"]:
        sys.stdout.write(_pot())
        return 0
    if args[:1] == ["missing"] and len(args) == 2:
        gaps = missing(args[1])
        for message, where in gaps.items():
            print(f"{where}: {message}")
        return 1 if gaps else 0
    print("usage: python -m generator.i18n pot | missing LANGUAGE", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
