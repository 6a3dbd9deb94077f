"""Every message of the standard text, for the catalogue check and for translators.

`python -m generator.composing.catalogue missing cy` lists the standard text with no Welsh
translation; `python -m generator.composing.catalogue pot` prints a template catalogue of every
message. (Runtime translation is generator/i18n.py; this is the tooling around it.)
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator

import yaml

from generator import resources
from generator.composing.context import guidance_messages
from generator.errors import ExitCode
from generator.i18n import NATION_TEXT, translator
from generator.reading.config import default_texts

_JINJA_OPTIONS = {
    "extensions": "jinja2.ext.i18n",
    "trimmed": "true",
    "trim_blocks": "true",
    "lstrip_blocks": "true",
    "newstyle_gettext": "true",  # as render.py: a literal % in a block is kept as %%
}


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
    code = resources.PACKAGE
    for path in sorted(code.rglob("*.py")):
        with path.open("rb") as handle:
            for line, message, _, _ in extract("python", handle, keywords={"N_": None}):
                if isinstance(message, str):
                    yield message, f"generator/{path.relative_to(code).as_posix()}:{line}"


def data_messages() -> Iterator[tuple[str, str]]:
    """(message, where) for the text of data/defaults.yml, nations.yml, guidance.yml and the
    explanations of plain_words.yml."""
    data = resources.DATA
    nations = yaml.safe_load((data / "nations.yml").read_text("utf-8"))
    for nation, facts in nations.items():
        for field in NATION_TEXT:
            yield facts[field], f"data/nations.yml:{nation}.{field}"
    yield from guidance_messages()
    plain_words = yaml.safe_load((data / "plain_words.yml").read_text("utf-8"))
    for term, meaning in plain_words["explain"].items():
        yield meaning, f"data/plain_words.yml:explain.{term}"
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


def main(argv: list[str] | None = None) -> ExitCode:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["pot"]:
        sys.stdout.write(_pot())
        return ExitCode.OK
    if args[:1] == ["missing"] and len(args) == 2:
        gaps = missing(args[1])
        for message, where in gaps.items():
            print(f"{where}: {message}")
        return ExitCode.UNTRANSLATED if gaps else ExitCode.OK
    print("usage: python -m generator.composing.catalogue pot | missing LANGUAGE", file=sys.stderr)
    return ExitCode.BAD_INPUT


if __name__ == "__main__":
    raise SystemExit(main())
