"""The Easy Read wording a trust writes (`easy_read` under an area or a restriction in
trust.yml, or in the defaults): one idea a sentence, at most 15 words each, and a reading age
of 8 at most, as the Easy Read version of the patient information needs. Each problem is one
line naming the field and the sentence; the build refuses the pack until it is fixed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from generator import i18n
from generator.checking import readability
from generator.reading.bilingual import text_fields
from generator.reading.model import Trust


def texts(trust: Trust) -> Iterator[tuple[str, str]]:
    """(field, text) of every Easy Read text of the trust, e.g. ('areas.mri.easy_read', ...)."""
    for path, text in text_fields(trust):
        if path[-1] == "easy_read":
            yield ".".join(map(str, path)), text


def failures(organisation: str, trusts: Mapping[str, Trust]) -> list[str]:
    """The problems of each language's Easy Read text (`trusts`: the trust in each language).
    Sentence length counts in every language; reading age, an English measure, in English."""
    found: list[str] = []
    for language, trust in trusts.items():
        suffix = "" if language == i18n.SOURCE_LANGUAGE else f" ({language})"
        for field, text in texts(trust):
            sentences = [
                s for paragraph in text.split("\n\n") for s in readability.sentences(paragraph)
            ]
            for sentence in sentences:
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
                hardest = max(sentences, key=readability.reading_age)
                found.append(
                    f"{organisation}: {field}: reading age {age:.1f}, above "
                    f"{readability.EASY_READ_AGE} for Easy Read; use shorter, everyday words, "
                    f'starting with "{hardest}"'
                )
    return found
