"""Publishing one pack: its PDFs, its site in every language, swapped into OUT/<slug>/.

compose.RenderedPack (composing/compose.py)
    -> pdf.render_documents (leaflets, notice, guide, full policy from the same Markdown)
    -> site.build (into a temporary folder, PDFs linked) -> swapped into OUT/<slug>/
    -> build_state.write (what the build remembers, in the cache)

The PDFs are printed ahead, in a child process (ahead.py), while the site of the pack's first
language builds: its pages that link to them are settled when the engine comes to them
(site.LatePages), so the two share the cores instead of taking turns.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator import i18n
from generator.composing import compose, context, pictures
from generator.publishing import ahead, build_state, layout, output, site
from generator.reading import config
from generator.reading.model import Audience

if TYPE_CHECKING:  # printing is imported only by the commands that print (not render, diff)
    from generator.publishing import pdf


@dataclass(frozen=True)
class BuiltPack:
    """What a build produced: where, and anything the editor should know."""

    target: Path
    warnings: tuple[str, ...]


def write_sources(
    pack: compose.RenderedPack, docs_dir: Path, printed: Sequence[pdf.PrintedDocument] = ()
) -> None:
    """Write the Markdown pages (with links to their PDFs), the PDFs, the logo, the Easy Read
    pictures the pages show and the brand stylesheet into `docs_dir`."""
    pages = with_download_links(pack, printed)
    for name, text in pages.items():
        (docs_dir / name).write_text(text, "utf-8")
    shown = pictures.shown(pages.values())
    if printed:
        (docs_dir / layout.DOWNLOADS).mkdir(exist_ok=True)
        for document in printed:
            (docs_dir / layout.DOWNLOADS / document.file_name).write_bytes(document.pdf)
    assets = docs_dir / "assets"
    (assets / "stylesheets").mkdir(parents=True, exist_ok=True)
    output.link_or_copy(pack.loaded.logo_path, assets / context.logo_site_name(pack.loaded))
    for site_path, source in pictures.files(pack.loaded).items():
        if site_path in shown:
            (docs_dir / site_path).parent.mkdir(parents=True, exist_ok=True)
            output.link_or_copy(source, docs_dir / site_path)
    (assets / "stylesheets" / "brand.css").write_text(site.brand_css(pack.context), "utf-8")


def write_sources_late(
    pack: compose.RenderedPack,
    docs_dir: Path,
    printing: ahead.Ahead[tuple[list[pdf.PrintedDocument], list[str]]],
) -> site.LatePages:
    """write_sources while the PDFs are still being printed (each one sent by the printing
    as it is done): the pages that link to them without those links, and each PDF empty,
    until the site engine settles them."""
    from generator.publishing import pdf

    slug = pack.loaded.slug
    planned = pdf.planned(pack.context)
    for spec in planned:  # there from the start, as the engine lists the files it copies
        (docs_dir / layout.DOWNLOADS).mkdir(exist_ok=True)
        (docs_dir / layout.DOWNLOADS / pdf.file_name(slug, spec)).write_bytes(b"")
    write_sources(pack, docs_dir)
    wanted = {
        name: {spec.key for spec in planned if pack.context.pages[spec.page].file == name}
        for name in dict.fromkeys(pack.context.pages[spec.page].file for spec in planned)
    }
    settled: set[str] = set()

    def settle(page: str | None) -> None:
        names = [n for n in ([page] if page else wanted) if n in wanted and n not in settled]
        if not names:
            return
        keys = set().union(*(wanted[name] for name in names))
        if printing.wait_until(lambda done: keys <= {d.spec.key for d in done}):
            sent = [d for d in printing.sent if d.spec.key in keys]
        else:
            sent = [d for d in printing.result()[0] if d.spec.key in keys]
        sent.sort(key=lambda d: pdf.PRINTS.index(d.spec))  # as write_sources lists them
        pages = with_download_links(pack, sent)
        for name in names:
            (docs_dir / name).write_text(pages[name], "utf-8")
            settled.add(name)
        for document in sent:
            (docs_dir / layout.DOWNLOADS / document.file_name).write_bytes(document.pdf)

    return site.LatePages(tuple(wanted), settle)


def with_download_links(
    pack: compose.RenderedPack, printed: Sequence[pdf.PrintedDocument]
) -> dict[str, str]:
    """The pages, each followed under its title by links to the PDFs that print it."""
    pages = dict(pack.markdown)
    for key in dict.fromkeys(document.spec.page for document in printed):
        name = pack.context.pages[key].file
        language = pack.context.language
        links = [
            f"- [{d.link(language)}]({layout.DOWNLOADS}/{d.file_name})"
            for d in printed
            if d.spec.page == key
        ]
        title, _, rest = pages[name].partition("\n")
        block = '<div class="pp-downloads" markdown>\n\n' + "\n".join(links) + "\n\n</div>\n"
        pages[name] = f"{title}\n\n{block}{rest}"
    return pages


def print_documents(
    packs: Sequence[compose.RenderedPack],
    today: dt.date,
    earlier: Mapping[str, pdf.EarlierPrint] | None = None,
    ready: Callable[[pdf.PrintedDocument], None] | None = None,
) -> tuple[list[pdf.PrintedDocument], list[str]]:
    """The pack's PDFs (in every language of the pack, its first language first), and a
    warning for each one longer than it should be. `earlier` PDFs are reused where nothing
    they are rendered from has changed; `ready` is given each one as soon as it is done."""
    first = packs[0]
    dated = first.loaded.trust.document.dated_on(today).isoformat()
    from generator.publishing import pdf

    printed = pdf.render_documents(
        [(p.context, p.markdown) for p in packs],
        first.loaded.slug,
        first.loaded.logo_path,
        dated,
        earlier,
        pictures.files(first.loaded),
        ready,
    )
    warnings = [
        f"{first.loaded.slug}: the {d.spec.paper} {d.spec.noun} has {d.pages} pages; keep it to "
        f"{d.max_pages} by shortening what trust.yml adds to it (restrictions, arrangements, explanations)"
        for d in printed
        if d.max_pages and d.pages > d.max_pages
    ]
    return printed, warnings


def build_pack(
    folder: Path,
    out_root: Path,
    audience: Audience,
    today: dt.date,
    draft: bool = False,
    fingerprint: str | None = None,
    engine: site.Engine | None = None,
) -> BuiltPack:
    """Build one pack into OUT/<slug>/ (its first language at its root, each other language in
    a folder named by its code: `language_folder`). The previous site stays untouched unless
    this succeeds.
    Gates are the caller's business (batch.py); `draft` marks everything DRAFT. `engine`:
    the site engine (None: the pack's own site.engine)."""
    return publish(
        compose.render_languages(config.load(folder), audience, today, draft),
        out_root,
        today,
        fingerprint,
        engine=engine,
    )


def publish(
    packs: list[compose.RenderedPack],
    out_root: Path,
    today: dt.date,
    fingerprint: str | None = None,
    reuse_prints: bool = False,
    engine: site.Engine | None = None,
) -> BuiltPack:
    """Print the PDFs, build the site in every language and swap it into OUT/<slug>/.
    With `reuse_prints`, a PDF of the pack's earlier build is kept when nothing it is
    rendered from has changed (most edits change the site, not the leaflets). `engine`: the
    site engine (None: the pack's own site.engine); one that cannot build the pack is
    refused before anything is printed (EngineError)."""
    english = next(p for p in packs if p.context.language == i18n.SOURCE_LANGUAGE)
    loaded = english.loaded
    engine = engine or loaded.trust.site.engine
    site.require(engine, list(loaded.trust.site.languages), loaded.slug)
    earlier = earlier_prints(out_root, loaded.slug) if reuse_prints else {}
    dated = loaded.trust.document.dated_on(today)  # the sitemap's date
    target = out_root / loaded.slug
    languages = english.context.languages  # site.languages: the first is at the root
    with (
        ahead.started(
            lambda send: print_documents(packs, today, earlier, send),
            wanted=site.takes_late_pages(engine),  # else the engine would wait for them all
        ) as printing,
        output.work_folder(out_root, loaded.slug) as work_dir,
    ):
        site_dir = work_dir / "site"
        # The root's language first: its build empties the site folder, then each other
        # language adds its own folder.
        for number, pack in enumerate(
            sorted(packs, key=lambda p: bool(layout.language_folder(p.context.language, languages)))
        ):
            language = pack.context.language
            docs_dir = work_dir / f"docs-{language}"
            docs_dir.mkdir()
            late = None
            if number == 0 and printing.in_child:
                late = write_sources_late(pack, docs_dir, printing)
            else:
                write_sources(pack, docs_dir, printing.result()[0])
            config_path = site.write_config(
                site.site_spec(pack),
                docs_dir,
                site_dir / layout.language_folder(language, languages),
                work_dir / f"mkdocs-{language}.yml",
                engine,
            )
            site.build(config_path, calendar.timegm(dated.timetuple()), engine, late)
        printed, warnings = printing.result()
        warnings += pictures.unused_own(
            loaded, (text for p in packs for text in p.markdown.values())
        )
        facts = {
            **pack_facts(english),
            # Where each language's pages are, for the index of packs.
            "languages": [
                {
                    "code": code,
                    "name": i18n.LANGUAGES[code].own_name,
                    "folder": layout.language_folder(code, languages),
                }
                for code in languages
            ],
        }
        facts_bytes = (json.dumps(facts, indent=2, sort_keys=True) + "\n").encode("utf-8")
        (site_dir / layout.MARKER).write_bytes(facts_bytes)
        with output.locked(out_root):
            build_state.forget(out_root, loaded.slug)
            output.swap_in(site_dir, target)
            build_state.write(
                out_root,
                loaded.slug,
                build_state.BuildState(
                    fingerprint=fingerprint,
                    facts_sha256=hashlib.sha256(facts_bytes).hexdigest(),
                    facts_file=build_state.identity(target / layout.MARKER) or "",
                    prints={
                        d.file_name: build_state.PrintRecord(d.key, d.pages, d.sha256)
                        for d in printed
                    },
                ),
            )
    return BuiltPack(target, tuple(warnings))


def earlier_prints(out_root: Path, slug: str) -> dict[str, pdf.EarlierPrint]:
    """The PDFs of the pack built in OUT/<slug>/, as its build's record has them (none when
    there is no record to trust: then everything is printed)."""
    from generator.publishing import pdf

    built = out_root / slug
    state = build_state.read(out_root, slug, built / layout.MARKER)
    if state is None:
        return {}
    return {
        name: pdf.EarlierPrint(
            built / layout.DOWNLOADS / name, record.key, record.pages, record.sha256
        )
        for name, record in state.prints.items()
        if "/" not in name and name.endswith(".pdf")
    }


def pack_facts(pack: compose.RenderedPack) -> dict[str, object]:
    """What a built pack's marker says about it (and what batch.py judges --today by)."""
    document = pack.loaded.trust.document
    return {
        "slug": pack.loaded.slug,
        "organisation": pack.loaded.trust.organisation.name,
        "nation": pack.loaded.trust.organisation.nation.value,
        "version": document.version,
        "draft": pack.context.document.is_draft,
        "approved_on": document.approved_on.isoformat() if document.approved_on else None,
        "review_by": document.review_by.isoformat(),
        "review_warning_days": document.review_warning_days,
        "dated_by_today": document.dated_by_today,
        "audience": pack.context.audience,
    }


def built_packs(out_root: Path) -> list[dict[str, object]]:
    """What each pack built into OUT says about itself, sorted by folder name."""
    return [
        json.loads(marker.read_text("utf-8"))
        for marker in sorted(out_root.glob(f"*/{layout.MARKER}"))
    ]
