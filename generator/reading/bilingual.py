"""A trust's own text in each of its languages, and the standard defaults translated.

In a pack published in more than one language (`site.languages`), every piece of the trust's
own text (any field of type Line, Paragraphs or Name in model.py) is written in each language:

    arrangements:
      en: You can bring one person with you.
      cy: Gallwch ddod ag un person gyda chi.

For one language, `resolve()` picks that language's text out of the raw data before
validation; `localise()` then walks the validated model: text the trust wrote only once is an
error for a translated build (no silent English), and text that came from defaults.yml is
standard text, translated through the catalogues (i18n.py).
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Iterator
from typing import Any

from pydantic import BaseModel

from generator import i18n
from generator.reading.model import TEXT

Path = tuple[str | int, ...]


def is_language_map(value: Any) -> bool:
    """True for `{en: ..., cy: ...}`: a mapping whose keys are all language codes and whose
    values are all text (so `translation_reviews: {cy: {...}}` is not one)."""
    return (
        isinstance(value, dict)
        and bool(value)
        and all(isinstance(k, str) and k in i18n.LANGUAGES for k in value)
        and all(isinstance(v, str) for v in value.values())
    )


def resolve(
    data: Any, language: str, path: Path = ()
) -> tuple[Any, set[Path], set[Path], list[tuple[Path, str]]]:
    """`data` with each language map replaced by its `language` text. Returns the new data, the
    paths written per language, the paths written once, and (path, message) problems."""
    per_language: set[Path] = set()
    once: set[Path] = set()
    problems: list[tuple[Path, str]] = []

    def walk(value: Any, where: Path) -> Any:
        if is_language_map(value):
            per_language.add(where)
            if language not in value:
                name = i18n.LANGUAGES[language].english_name
                problems.append((where, f"has no {name} text; add `{language}:` beside the others"))
                return next(iter(value.values()))
            return value[language]
        if isinstance(value, dict):
            return {k: walk(v, (*where, k)) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, (*where, i)) for i, v in enumerate(value)]
        if isinstance(value, str):
            once.add(where)
        return value

    return walk(data, path), per_language, once, problems


def _is_text(annotation: Any) -> bool:
    if typing.get_origin(annotation) is typing.Annotated:
        return TEXT in annotation.__metadata__ or _is_text(typing.get_args(annotation)[0])
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_text(a) for a in typing.get_args(annotation))
    return False


def _field_is_text(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields[name]
    return TEXT in info.metadata or _is_text(info.annotation)


def text_fields(model: BaseModel, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """(path, text) for every field of `model` (nested) that holds words people read."""
    for name in type(model).model_fields:
        value = getattr(model, name)
        where = (*path, name)
        if isinstance(value, BaseModel):
            yield from text_fields(value, where)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from text_fields(item, (*where, index))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, BaseModel):
                    yield from text_fields(item, (*where, str(key)))
        elif isinstance(value, str) and _field_is_text(type(model), name):
            yield where, value


def map_text(model: BaseModel, change: Callable[[Path, str], str], path: Path = ()) -> Any:
    """A copy of `model` with every text field replaced by `change(path, text)`."""
    updates: dict[str, Any] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        where = (*path, name)
        if isinstance(value, BaseModel):
            updates[name] = map_text(value, change, where)
        elif isinstance(value, list):
            updates[name] = [
                map_text(v, change, (*where, i)) if isinstance(v, BaseModel) else v
                for i, v in enumerate(value)
            ]
        elif isinstance(value, dict):
            updates[name] = {
                k: map_text(v, change, (*where, str(k))) if isinstance(v, BaseModel) else v
                for k, v in value.items()
            }
        elif isinstance(value, str) and _field_is_text(type(model), name):
            updates[name] = change(where, value)
    return model.model_copy(update=updates)


def localise(
    model: BaseModel, language: str, per_language: set[Path], once: set[Path]
) -> tuple[Any, list[tuple[Path, str]]]:
    """The model with its default text translated into `language`, and a problem for each
    piece of the trust's own text that is not written in `language`."""
    if language == i18n.SOURCE_LANGUAGE:
        return model, []
    translator = i18n.translator(language)
    name = i18n.LANGUAGES[language].english_name
    problems: list[tuple[Path, str]] = []
    untranslated: list[i18n.MissingTranslation] = []

    def change(path: Path, text: str) -> str:
        if path in per_language:
            return text
        if path in once:
            problems.append(
                (
                    path,
                    f"needs {name} as well as English; write it as `en: ...` and `{language}: ...`",
                )
            )
            return text
        try:
            return translator.gettext(text)
        except i18n.MissingTranslation as error:
            untranslated.append(error)
            return text

    localised = map_text(model, change)
    if untranslated and not problems:
        raise untranslated[0]  # the standard text's catalogue is incomplete: not the trust's fault
    return localised, problems
