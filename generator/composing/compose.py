"""One trust folder to its pages: load and validate, build the context, render the Markdown
in each of the pack's languages, with the readability report of its patient pages.

trust folder -> config.load -> context.build -> render.render_pages -> RenderedPack
(no gates: those are the commands' business; publishing/build.py prints and builds the site)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator import i18n
from generator.checking import readability
from generator.composing import context, render
from generator.errors import PolicyPackError, TemplateError
from generator.reading import config
from generator.reading.model import Audience

REPORT_PAGE = "readability"
"""The staff page that reports on the plain English of the patient pages."""


@dataclass(frozen=True)
class RenderedPack:
    """A pack rendered to Markdown, ready for the site engine."""

    loaded: config.LoadedTrust
    context: context.PackContext
    pages: tuple[render.PageSpec, ...]
    markdown: dict[str, str]
    readability: readability.Report


def render_pack(
    folder: Path,
    audience: Audience,
    today: dt.date,
    draft: bool = False,
    language: str = i18n.SOURCE_LANGUAGE,
    loaded: config.LoadedTrust | None = None,
    english_report: readability.Report | None = None,
) -> RenderedPack:
    """Load, validate and render one trust folder to Markdown in one language (no gates: for
    preview and diff). `draft` marks every page and PDF DRAFT whatever the pack's status.
    A translated pack carries the English pages' readability report (`english_report`, or
    rendered here when not given)."""
    loaded = loaded or config.load(folder)
    if language not in loaded.languages:
        raise PolicyPackError(
            f"{loaded.slug} is not published in {i18n.LANGUAGES[language].english_name} "
            f"({language}); its site.languages are: {', '.join(loaded.languages)}"
        )
    t = i18n.translator(language).gettext
    specs = tuple(
        dataclasses.replace(s, title=t(s.title), section=t(s.section) if s.section else None)
        for s in render.pages_for(audience.value)
    )
    links = {s.key: context.PageLink(s.key, s.title, s.file) for s in specs}
    pack_context = context.build(loaded, audience, today, links, draft=draft, language=language)
    # Two passes: the readability report page scores the patient pages of this very pack.
    first = {s.key for s in specs if s.key != REPORT_PAGE}
    markdown = render.render_pages(pack_context, first)
    for key in readability.PATIENT_PAGES:
        if key in links:
            name = links[key].file
            markdown[name] = readability.explain_first_use(markdown[name], language)
    missing = [key for key in readability.PATIENT_PAGES if key not in links]
    if missing:
        raise TemplateError(f"pages.yml has no page {', '.join(missing)}, which every pack has")
    if language == i18n.SOURCE_LANGUAGE:
        report = readability.report(
            {
                key: (links[key].title, markdown[links[key].file])
                for key in readability.SCORED_PAGES
                if key in links  # every pack has the patient page and notice (above)
            },
            loaded.trust.document.max_reading_age,
        )
    else:
        # The scores are for the English text (the formulas are English); the translated
        # report page shows them too.
        report = (
            english_report
            or render_pack(folder, Audience.PUBLIC, today, draft, loaded=loaded).readability
        )
    if REPORT_PAGE in links:
        pack_context = dataclasses.replace(pack_context, readability=report)
        markdown.update(render.render_pages(pack_context, {REPORT_PAGE}))
    ordered = {s.file: markdown[s.file] for s in specs}
    return RenderedPack(loaded, pack_context, specs, ordered, report)


def render_languages(
    loaded: config.LoadedTrust, audience: Audience, today: dt.date, draft: bool = False
) -> list[RenderedPack]:
    """The pack rendered in each of its languages, its first language first. English is
    rendered first, so the translations reuse its readability report."""
    english = render_pack(loaded.folder, audience, today, draft, i18n.SOURCE_LANGUAGE, loaded)
    return [
        english
        if language == i18n.SOURCE_LANGUAGE
        else render_pack(
            loaded.folder, audience, today, draft, language, loaded, english.readability
        )
        for language in loaded.languages
    ]
