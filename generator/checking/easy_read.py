"""The Easy Read wording a trust writes (`easy_read` under an area or a restriction in
trust.yml, or in the defaults): one idea a sentence, at most 15 words each, and a reading age
of 8 at most, as the Easy Read version of the patient information needs. Each problem is one
line naming the field and the sentence; the build refuses the pack until it is fixed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping

from generator import caching, i18n
from generator.checking import readability
from generator.reading.bilingual import text_fields
from generator.reading.config import defaults
from generator.reading.model import Area, Recording, Trust


def sentences(text: str) -> list[str]:
    """The sentences of an Easy Read text, paragraph by paragraph. Only '.', '!' and '?' end
    one: a colon does not ("Radiographer: a person who ..." is one sentence)."""
    return [
        s.strip()
        for paragraph in text.split("\n\n")
        for s in re.split(r"(?<=[.!?])\s+", paragraph.strip())
        if s.strip()
    ]


def texts(trust: Trust) -> Iterator[tuple[str, str]]:
    """(field, text) of every Easy Read text of the trust, e.g. ('areas.mri.easy_read', ...)."""
    for path, text in text_fields(trust):
        if path[-1] == "easy_read":
            yield ".".join(map(str, path)), text


def failures(organisation: str, trusts: Mapping[str, Trust]) -> list[str]:
    """The problems of each language's Easy Read text (`trusts`: the trust in each language),
    kept in the user's cache (caching.remembered) under those texts, as readability's scores
    are: the same lines, without loading the syllable counter again."""
    inputs = json.dumps(
        [organisation, [[language, *found] for language, t in trusts.items() for found in texts(t)]]
    )
    return caching.remembered(
        "easy-read", inputs.encode(), lambda: _failures(organisation, trusts), list
    )


def _failures(organisation: str, trusts: Mapping[str, Trust]) -> list[str]:
    """Sentence length counts in every language; reading age, an English measure, in English."""
    found: list[str] = []
    for language, trust in trusts.items():
        suffix = "" if language == i18n.SOURCE_LANGUAGE else f" ({language})"
        for field, text in texts(trust):
            found_sentences = sentences(text)
            for sentence in found_sentences:
                words = len(sentence.split())
                if words > readability.EASY_READ_WORDS:
                    found.append(
                        f'{organisation}: {field}{suffix}: "{sentence}" has {words} words; an '
                        f"Easy Read sentence has at most {readability.EASY_READ_WORDS} (make it "
                        "two sentences)"
                    )
            if language != i18n.SOURCE_LANGUAGE:
                continue
            age = readability.reading_age(text)
            if age > readability.EASY_READ_AGE:
                hardest = max(found_sentences, key=readability.reading_age)
                found.append(
                    f"{organisation}: {field}: reading age {age:.1f}, above "
                    f"{readability.EASY_READ_AGE} for Easy Read; use shorter, everyday words, "
                    f'starting with "{hardest}"'
                )
    return found


def advice(organisation: str, trust: Trust) -> list[str]:
    """Warnings (not failures) for what the Easy Read version can only say in general terms:
    a trust's own restriction with no `easy_read` (the page gives the standard sentence for
    its reason, without where or when) and its own arrangements in an area with no
    `easy_read` (the page asks the reader to ask staff)."""
    found: list[str] = []
    standard = defaults().get("areas", {})
    for key in type(trust.areas).model_fields:
        area: Area = getattr(trust.areas, key)
        if not area.provided or area.easy_read or area.recording is Recording.NOT_ALLOWED:
            continue
        restrictions = [(f"restrictions.{n}", r) for n, r in enumerate(area.restrictions)] + [
            (f"extra_restrictions.{n}", r) for n, r in enumerate(area.extra_restrictions)
        ]
        for where, restriction in restrictions:
            if not restriction.easy_read:
                found.append(
                    f"{organisation}: areas.{key}.{where} has no easy_read, so the Easy Read "
                    f"version gives only the standard sentence for {restriction.reason.value}, "
                    f"not where or when; add easy_read to it, or to areas.{key}"
                )
        own = [
            name
            for name in ("arrangements", "keepsake_images")
            if getattr(area, name, None) and getattr(area, name) != standard.get(key, {}).get(name)
        ]
        if own:
            found.append(
                f"{organisation}: the Easy Read version does not give areas.{key}."
                f"{' and '.join(own)} (it asks the reader to ask staff); say it in "
                f"areas.{key}.easy_read"
            )
    return found
