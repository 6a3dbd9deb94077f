"""Load a trust folder into a validated `Trust`, or report every problem in it at once.

trust.yml is merged over data/defaults.yml, then checked by the models in model.py. Each
problem becomes one line `path:line:column: field.path: what is wrong`, with a suggestion where
one is obvious. Nothing here ever lets a Python traceback reach the user.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
import pickle
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from generator import caching, i18n, resources
from generator.errors import ConfigError, ConfigProblem
from generator.reading import assets, bilingual, rules, source
from generator.reading.model import Trust

CONFIG_NAME = "trust.yml"
DEFAULTS_PATH = resources.DATA / "defaults.yml"


@dataclass(frozen=True)
class LoadedTrust:
    """A validated trust and where it came from."""

    slug: str
    folder: Path
    trust: Trust
    logo_path: Path
    languages: dict[str, Trust] = field(default_factory=dict)
    """The trust in each of its languages (`site.languages` order); `trust` is the English."""
    own_pictures: dict[str, Path] = field(default_factory=dict)
    """The organisation's own Easy Read pictures (checked like the logo), by the name of the
    standard picture each replaces (easy_read.pictures)."""

    def in_language(self, language: str) -> Trust:
        return self.languages.get(language, self.trust) if self.languages else self.trust


@cache
def defaults() -> dict[str, Any]:
    """The guidance-derived defaults every trust.yml is merged over."""
    return resources.read_yaml(DEFAULTS_PATH)


def load(folder: Path, shown_as: str | None = None) -> LoadedTrust:
    """Validate `folder/trust.yml`; raise ConfigError listing every problem found."""
    folder = Path(folder)
    shown = shown_as or _display_path(folder / CONFIG_NAME)
    if not folder.is_dir():
        raise ConfigError(
            [
                ConfigProblem(
                    _display_path(folder),
                    1,
                    1,
                    "",
                    "not a folder; give a trust folder such as trusts/northbridge",
                )
            ]
        )
    key = _cache_key(folder)
    kept = _kept(key, folder)
    if kept is not None:
        return kept
    document = source.read(folder / CONFIG_NAME, shown)
    trust = _validate(document, i18n.SOURCE_LANGUAGE)
    problems, _ = rules.check(trust)
    if problems:
        raise ConfigError([_located(document, key_path, message) for key_path, message in problems])
    languages = {
        str(language): trust
        if language == i18n.SOURCE_LANGUAGE
        else _validate(document, str(language))
        for language in trust.site.languages
    }
    unprintable = [
        _located(document, tuple(map(str, path)), message)
        for language_trust in languages.values()
        for path, message in _unprintable(language_trust)
    ]
    if unprintable:
        raise ConfigError(sorted(set(unprintable)))
    checked: dict[str, str] = {}  # each picture's name in trust.yml: the SHA-256 checked
    logo_path = _check_picture(folder, trust.branding.logo, document, ("branding", "logo"), checked)
    own_pictures = {
        key.value: _check_picture(
            folder, picture.file, document, ("easy_read", "pictures", key.value, "file"), checked
        )
        for key, picture in trust.easy_read.pictures.items()
    }
    _keep(key, trust, languages, checked)
    return LoadedTrust(
        slug=folder.resolve().name,
        folder=folder,
        trust=trust,
        logo_path=logo_path,
        languages=languages,
        own_pictures=own_pictures,
    )


# --- the cache of validated trusts --------------------------------------------------------

CACHE_FORMAT = 2
"""The layout of the cache's files; another one is another name."""


def _cache_key(folder: Path) -> str | None:
    """What a validated trust depends on, as a hash: its trust.yml, policypack's code and
    data (defaults.yml, nations.yml; caching.code), the installed versions (pydantic's, the
    YAML readers'), the print fonts' coverage and the translation catalogues (by path, size
    and modification time, as caching.code reads code); None when trust.yml cannot be read
    (load reports why) or there is no cache."""
    if caching.root() is None:
        return None
    try:
        raw = (folder / CONFIG_NAME).read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(f"{CACHE_FORMAT}\n{caching.environment()}\n{caching.code()}\n".encode())
    coverage = resources.PRINT_FONTS / "coverage.txt"
    catalogues = [path for language in i18n.LANGUAGES for path in i18n.catalogue_files(language)]
    for path in (coverage, *catalogues):
        try:
            found = os.stat(path)
        except OSError:
            return None
        digest.update(f"{path}|{caching.stat_line(found)}\n".encode())
    digest.update(raw)
    return digest.hexdigest()[:40]


def _kept_path(key: str | None) -> Path | None:
    folder = caching.folder("trusts") if key is not None else None
    return folder / f"{key}.pickle" if folder is not None else None


def _kept(key: str | None, folder: Path) -> LoadedTrust | None:
    """The trust validated from these very inputs before, if the cache has it and its logo
    and own pictures are still the files they were (the same bytes and kind, inside the
    folder: what _check_picture passed); else None."""
    stored = caching.read(_kept_path(key))
    if stored is None:
        return None
    try:
        trust, languages, checked = pickle.loads(stored)
        if not isinstance(trust, Trust):
            return None
        files = {name: _same_picture(folder, name, sha256) for name, sha256 in checked}
        if None in files.values() or set(files) != set(_picture_names(trust)):
            return None
    except Exception:  # unreadable, damaged or of another make: validate afresh
        return None
    return LoadedTrust(
        slug=folder.resolve().name,
        folder=folder,
        trust=trust,
        logo_path=files[trust.branding.logo],  # type: ignore[arg-type]
        languages=languages,
        own_pictures={
            key.value: files[picture.file]  # type: ignore[misc]
            for key, picture in trust.easy_read.pictures.items()
        },
    )


def _picture_names(trust: Trust) -> list[str]:
    """The files trust.yml names: the logo and the organisation's own Easy Read pictures."""
    return [trust.branding.logo, *(p.file for p in trust.easy_read.pictures.values())]


def _same_picture(folder: Path, name: str, sha256: str) -> Path | None:
    """The picture `name` if it is still inside `folder`, of the kind its name says, and the
    bytes `sha256` names (so the checks it passed still hold); else None."""
    path = (folder / name).resolve()
    if (
        not path.is_relative_to(folder.resolve())
        or path.suffix.lower() != Path(name).suffix.lower()
        or not path.is_file()  # a folder, a device or a pipe: validate afresh, and refuse it
    ):
        return None
    return path if hashlib.sha256(path.read_bytes()).hexdigest() == sha256 else None


def _keep(
    key: str | None, trust: Trust, languages: dict[str, Trust], checked: dict[str, str]
) -> None:
    """Keep a trust that validated, so that the next run with the same inputs reads it back
    (pickled: about 2 ms) instead of reading YAML and building pydantic's validators (40 ms
    and more of every run). Only a trust with no problems is kept, with the SHA-256 of each
    picture it names, as checked."""
    path = _kept_path(key)
    if path is None:
        return
    with contextlib.suppress(OSError, pickle.PicklingError):
        data = pickle.dumps((trust, languages, sorted(checked.items())), pickle.HIGHEST_PROTOCOL)
        if caching.write_atomically(path, data):
            caching.prune(path.parent, "*.pickle", 200)


def _validate(document: source.SourceDocument, language: str) -> Trust:
    """The trust in one language: its own text in that language, the defaults translated."""
    data, per_language, once, problems = bilingual.resolve(document.data, language)
    try:
        trust = Trust.model_validate(merge(defaults(), data))
    except ValidationError as error:
        raise ConfigError(_problems(error, document)) from None
    if language != i18n.SOURCE_LANGUAGE or problems:
        trust, missing = bilingual.localise(trust, language, per_language, once)
        problems += missing
    if problems:
        raise ConfigError(
            sorted(
                {_located(document, tuple(map(str, path)), message) for path, message in problems}
            )
        )
    return trust


LAYOUT = frozenset("\t\n\r\u200b\u200c\u200d\u2060")
"""Characters that are layout, not letters: line breaks, tabs and the invisible joiners."""


@cache
def printable_characters() -> frozenset[int]:
    """The characters the PDFs' fonts can draw (print/fonts/coverage.txt)."""
    covered: set[int] = set()
    for line in (resources.PRINT_FONTS / "coverage.txt").read_text("ascii").split():
        start, _, end = line.partition("-")
        covered.update(range(int(start, 16), int(end, 16) + 1))
    return frozenset(covered)


def _unprintable(
    model: BaseModel, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(path, message) for each text of `model` with a character no print font has: the PDF
    would show an empty box where it should be (white space and line breaks are layout)."""
    covered = printable_characters()
    for name in type(model).model_fields:
        value = getattr(model, name)
        where = (*path, name)
        items = (
            list(enumerate(value)) if isinstance(value, list)
            else list(value.items()) if isinstance(value, dict)
            else [(None, value)]
        )  # fmt: skip
        for key, item in items:
            place = where if key is None else (*where, key)
            if isinstance(item, BaseModel):
                yield from _unprintable(item, place)
            elif isinstance(item, str):
                text = unicodedata.normalize("NFC", item)  # as it is printed (print_tree.py)
                missing = next((c for c in text if ord(c) not in covered and c not in LAYOUT), None)
                if missing:
                    yield (
                        place,
                        (
                            f"{missing!r} (U+{ord(missing):04X}) cannot be printed: the PDFs' font "
                            "has no such character; write it another way"
                        ),
                    )


def default_texts() -> list[tuple[tuple[str | int, ...], str]]:
    """The words people read that come from defaults.yml (standard text to translate)."""
    stub = {
        "organisation": {"name": "X", "nation": "england", "type": "nhs-trust"},
        "branding": {"primary_colour": "#005EB8", "logo": "logo.svg"},
        "document": {"version": "1", "owner": "X", "review_by": "2030-01-01"},
        "contacts": {
            "imaging_department": {"phone": "01632 960000"},
            "patient_advice": {"phone": "01632 960000"},
            "data_protection_officer": {"phone": "01632 960000"},
        },
    }
    trust = Trust.model_validate(merge(defaults(), stub))
    _, _, written, _ = bilingual.resolve(stub, i18n.SOURCE_LANGUAGE)
    return [(path, text) for path, text in bilingual.text_fields(trust) if path not in written]


def _located(
    document: source.SourceDocument, key_path: tuple[str, ...], message: str
) -> ConfigProblem:
    parts = tuple(int(p) if p.isdigit() else p for p in key_path)
    line, column = document.locate(parts)
    return ConfigProblem(document.path, line, column, ".".join(key_path), message)


def merge(base: Any, override: Any) -> Any:
    """`override` over `base`: mappings merge key by key; anything else replaces."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = merge(base[key], value) if key in base else value
        return merged
    return override


def _display_path(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _check_picture(
    folder: Path,
    name: str,
    document: source.SourceDocument,
    key_path: tuple[str, ...],
    checked: dict[str, str],
) -> Path:
    """The picture file `name` (the logo, or an Easy Read picture), inside the trust folder and
    safe to publish (assets.py), or a ConfigError naming the field at `key_path`. The SHA-256
    of the bytes that were checked goes into `checked` under `name`."""
    root = folder.resolve()
    picture = (folder / name).resolve()
    line, column = document.locate(key_path)
    where = (document.path, line, column, ".".join(key_path))
    if not picture.is_relative_to(root):
        raise ConfigError([ConfigProblem(*where, f"'{name}' is outside the trust folder")])
    if not picture.is_file():
        raise ConfigError([ConfigProblem(*where, f"'{name}' is not in the trust folder")])
    if picture.suffix.lower() != Path(name).suffix.lower():
        # Published under its real name's suffix: a link must not turn a .png into a .html.
        raise ConfigError(
            [ConfigProblem(*where, f"'{name}' is a link to a file of another kind; give the file")]
        )
    try:
        kind = "logo" if key_path == ("branding", "logo") else "picture"
        checked[name] = assets.check_logo(picture, kind)
    except assets.LogoProblem as problem:
        raise ConfigError([ConfigProblem(*where, str(problem))]) from None
    return picture


# --- turning pydantic's errors into messages a communications officer understands ----------

_PATTERN_MEANING = {
    "^#": "is not a colour; write it as #RRGGBB, e.g. #005EB8",
    "@": "is not an email address",
    "^(\\+44": "is not a UK phone number; write it like 01632 960000 or +44 1632 960000",
    "^https://": "is not a web address starting https://",
    "^[0-9]+(": "is not a version number like 2 or 2.1",
}


def _problems(error: ValidationError, document: source.SourceDocument) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    suggested: set[tuple[Any, ...]] = set()
    raw = error.errors(include_url=False)
    for item in raw:
        if item["type"] == "extra_forbidden":
            loc = tuple(item["loc"])
            suggestion = _closest(loc[-1], _allowed_keys(loc[:-1]))
            if suggestion:
                suggested.add((*loc[:-1], suggestion))
    for item in raw:
        loc = tuple(
            p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function-"))
        )
        message = _message(item, loc)
        if item["type"] == "missing" and any(
            loc[:end] in suggested for end in range(1, len(loc) + 1)
        ):
            continue  # already reported as a misspelling of this key
        if item["type"] == "value_error":
            loc, message = _split_field(loc, message)
        line, column = document.locate(loc)
        field = ".".join(str(p) for p in loc)
        problems.append(ConfigProblem(document.path, line, column, field, message))
    return sorted(set(problems))


def _shown(value: Any) -> str:
    if isinstance(value, dict):
        return "a set of keys"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 60 else value[:57] + "...", ensure_ascii=False)
    return json.dumps(str(getattr(value, "text", value)), ensure_ascii=False)


def _message(item: ErrorDetails, loc: tuple[Any, ...]) -> str:
    kind, value, ctx = item["type"], item.get("input"), item.get("ctx") or {}
    if kind == "extra_forbidden":
        suggestion = _closest(loc[-1], _allowed_keys(loc[:-1]))
        allowed = _allowed_keys(loc[:-1])
        if suggestion:
            return f"unknown key; did you mean '{suggestion}'?"
        return f"unknown key; expected one of: {', '.join(allowed)}" if allowed else "unknown key"
    if kind == "missing":
        return "is required but missing"
    if kind.startswith("date"):
        return f"{_shown(value)} is not a date (YYYY-MM-DD)"
    if kind == "enum":
        options = [
            o.strip(" '") for o in str(ctx.get("expected", "")).replace(" or ", ", ").split(",")
        ]
        hint = _closest(str(value), options) if isinstance(value, str) else None
        text = f"{_shown(value)} is not one of: {', '.join(options)}"
        return f"{text}; did you mean '{hint}'?" if hint else text
    if kind == "string_pattern_mismatch":
        pattern = str(ctx.get("pattern", ""))
        for start, meaning in _PATTERN_MEANING.items():
            if pattern.startswith(start) or (start == "@" and "@" in pattern):
                return f"{_shown(value)} {meaning}"
        return f"{_shown(value)} is not in the expected form"
    if value is None and kind.endswith("_type"):
        hint = (
            '; put it in quotes, like "#005EB8" (in YAML, # starts a comment)'
            if "colour" in str(loc[-1])
            else ""
        )
        return f"is empty{hint}"
    if kind in ("string_type", "str_type"):
        return f"must be text, not {_shown(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a set of `key: value` lines, not {_shown(value)}"
    if kind == "list_type":
        return f"must be a list (lines starting with '- '), not {_shown(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{_shown(value)} must be true or false"
    if kind == "string_too_short":
        return "must not be empty"
    if kind in ("string_too_long", "too_long"):
        return f"is too long (at most {ctx.get('max_length')} characters)"
    if kind == "value_error":
        return str(ctx.get("error", item["msg"]))
    return item["msg"]


def _split_field(loc: tuple[Any, ...], message: str) -> tuple[tuple[Any, ...], str]:
    """Validators that check a field against its siblings name it as 'field: message'."""
    match = re.match(r"([a-z_]+): (.*)$", message, re.S)
    if match and match.group(1) in _allowed_keys(loc):
        return (*loc, match.group(1)), match.group(2)
    return loc, message


def _closest(word: Any, options: list[str]) -> str | None:
    matches = difflib.get_close_matches(str(word).lower(), options, n=1, cutoff=0.6)
    return matches[0] if matches else None


def _allowed_keys(loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed in the mapping at `loc`, found by walking the models."""
    model: Any = Trust
    for part in loc:
        if isinstance(part, int):
            continue
        if (
            not (isinstance(model, type) and issubclass(model, BaseModel))
            or part not in model.model_fields
        ):
            return []
        model = _model_of(model.model_fields[part].annotation)
    if isinstance(model, type) and issubclass(model, BaseModel):
        return list(model.model_fields)
    return []


def _model_of(annotation: Any) -> Any:
    """The pydantic model inside an annotation such as `Contact | None` or `list[Approval]`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in getattr(annotation, "__args__", ()):
        inner = _model_of(argument)
        if inner is not None:
            return inner
    return None
