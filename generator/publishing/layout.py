"""Where things are in a published pack: each language's folder, the downloads folder and
the facts file. The one place that decides the layout."""

from __future__ import annotations

from collections.abc import Sequence

from generator import i18n

MARKER = ".policypack.json"
"""Written into each built pack: its facts (organisation, version, dates, languages), so that
the index can list every pack in OUT, even packs built elsewhere (shards). Never build state:
that is kept in the cache (build_state.py), so the published tree is the same bytes from any
folder."""


DOWNLOADS = "downloads"


def language_folder(
    language: str, languages: Sequence[str], from_language: str | None = None
) -> str:
    """Where a language's pages are in a pack published in `languages` (site.languages, first
    choice first): the first language at the pack's root, every other language in a folder
    named by its code ('cy/', 'en/'). Relative to the pack's root, or to the pages of
    `from_language` when given. The one place that decides the layout: the build, the language
    switch, hreflang links, site URLs, diff's page names and the index of packs all ask it."""
    root = languages[0] if languages else i18n.SOURCE_LANGUAGE
    folder = "" if language == root else f"{language}/"
    return folder if from_language in (None, root) else f"../{folder}"


def language_url(url: str | None, language: str, languages: Sequence[str]) -> str | None:
    folder = language_folder(language, languages)
    if url is None or not folder:
        return url
    return url.rstrip("/") + f"/{folder}"
