"""The pipeline for one pack, top to bottom, and the index page that lists every pack.

trust folder -> config.load -> gates.check -> context.build -> render.render_pack
             -> pdf.render_documents (leaflets, notice, guide from the same Markdown)
             -> site.build (into a temporary folder, PDFs linked) -> swapped into OUT/<slug>/
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generator import config, context, pdf, readability, render, site
from generator.model import Audience

REPORT_PAGE = "readability"
"""The staff page that reports on the plain English of the patient pages."""

MARKER = ".policypack.json"
"""Written into each built pack: what it is, so the index can list every pack in OUT."""


@dataclass(frozen=True)
class RenderedPack:
    """A pack rendered to Markdown, ready for the site engine."""

    loaded: config.LoadedTrust
    context: context.PackContext
    pages: tuple[render.PageSpec, ...]
    markdown: dict[str, str]
    readability: readability.Report


def render_pack(
    folder: Path, audience: Audience, today: dt.date, draft: bool = False
) -> RenderedPack:
    """Load, validate and render one trust folder to Markdown (no gates: for preview and diff).
    `draft` marks every page and PDF DRAFT whatever the pack's status."""
    loaded = config.load(folder)
    specs = render.pages_for(audience.value)
    links = {s.key: context.PageLink(s.key, s.title, s.file) for s in specs}
    pack_context = context.build(loaded, audience, today, links, draft=draft)
    # Two passes: the readability report page scores the patient pages of this very pack.
    first = {s.key for s in specs if s.key != REPORT_PAGE}
    markdown = render.render_pack(pack_context, first)
    for key in readability.PATIENT_PAGES:
        if key in links:
            name = links[key].file
            markdown[name] = readability.explain_first_use(markdown[name])
    report = readability.report(
        {key: (links[key].title, markdown[links[key].file]) for key in readability.PATIENT_PAGES},
        loaded.trust.document.max_reading_age,
    )
    if REPORT_PAGE in links:
        pack_context = dataclasses.replace(pack_context, readability=report)
        markdown.update(render.render_pack(pack_context, {REPORT_PAGE}))
    ordered = {s.file: markdown[s.file] for s in specs}
    return RenderedPack(loaded, pack_context, specs, ordered, report)


@dataclass(frozen=True)
class BuiltPack:
    """What a build produced: where, and anything the editor should know."""

    target: Path
    warnings: tuple[str, ...]


def write_sources(
    pack: RenderedPack, docs_dir: Path, printed: Sequence[pdf.PrintedDocument] = ()
) -> None:
    """Write the Markdown pages (with links to their PDFs), the PDFs, the logo and the brand
    stylesheet into `docs_dir`."""
    for name, text in with_download_links(pack, printed).items():
        (docs_dir / name).write_text(text, "utf-8")
    if printed:
        (docs_dir / DOWNLOADS).mkdir(exist_ok=True)
        for document in printed:
            (docs_dir / DOWNLOADS / document.file_name).write_bytes(document.pdf)
    assets = docs_dir / "assets"
    (assets / "stylesheets").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pack.loaded.logo_path, assets / context.logo_site_name(pack.loaded))
    (assets / "stylesheets" / "brand.css").write_text(brand_css(pack.context), "utf-8")


DOWNLOADS = "downloads"


def with_download_links(
    pack: RenderedPack, printed: Sequence[pdf.PrintedDocument]
) -> dict[str, str]:
    """The pages, each followed under its title by links to the PDFs that print it."""
    pages = dict(pack.markdown)
    for key in dict.fromkeys(document.spec.page for document in printed):
        name = pack.context.pages[key].file
        links = [f"- [{d.link}]({DOWNLOADS}/{d.file_name})" for d in printed if d.spec.page == key]
        title, _, rest = pages[name].partition("\n")
        block = '<div class="pp-downloads" markdown>\n\n' + "\n".join(links) + "\n\n</div>\n"
        pages[name] = f"{title}\n\n{block}{rest}"
    return pages


def print_documents(
    pack: RenderedPack, today: dt.date
) -> tuple[list[pdf.PrintedDocument], list[str]]:
    """The pack's PDFs, and a warning for each one longer than it should be."""
    trust = pack.loaded.trust
    dated = (trust.document.published_on or trust.document.approved_on or today).isoformat()
    printed = pdf.render_documents(
        pack.context, pack.markdown, pack.loaded.slug, pack.loaded.logo_path, dated
    )
    warnings = [
        f"{pack.loaded.slug}: the {d.spec.paper} {d.spec.noun} has {d.pages} pages; keep it to "
        f"{d.spec.max_pages} by shortening what trust.yml adds to it (restrictions, arrangements, explanations)"
        for d in printed
        if d.spec.max_pages and d.pages > d.spec.max_pages
    ]
    return printed, warnings


def brand_css(ctx: context.PackContext) -> str:
    """The trust's colours as the Material theme's custom palette properties."""
    return (
        "/* Generated from branding in trust.yml. */\n"
        ":root, [data-md-color-scheme=default] {\n"
        f"  --md-primary-fg-color: {ctx.primary_colour};\n"
        f"  --md-primary-fg-color--light: {ctx.primary_colour};\n"
        f"  --md-primary-fg-color--dark: {ctx.primary_colour};\n"
        "  --md-primary-bg-color: #ffffff;\n"
        f"  --md-accent-fg-color: {ctx.accent_colour};\n"
        f"  --md-typeset-a-color: {ctx.accent_colour};\n"
        "}\n"
    )


def site_spec(pack: RenderedPack) -> site.SiteSpec:
    """The engine-neutral description of the pack's site: name, navigation and footer facts."""
    ctx = pack.context
    nav: list[object] = []
    sections: dict[str, list[object]] = {}
    for spec in pack.pages:
        if spec.section is None:
            nav.append({spec.title: spec.file})
            continue
        if spec.section not in sections:
            sections[spec.section] = []
            nav.append({spec.section: sections[spec.section]})
        sections[spec.section].append({spec.title: spec.file})
    return site.SiteSpec(
        site_name=ctx.org.name,
        site_url=ctx.site_url,
        nav=nav,
        logo=ctx.logo_file,
        extra={
            "organisation": ctx.org.name,
            "title": ctx.document.title,
            "version": ctx.document.version,
            "draft": ctx.document.is_draft,
            "approved_on": ctx.document.approved_on,
            "review_by": ctx.document.review_by,
            "review_due": ctx.review_due,
            "audience": ctx.audience,
            "accessibility_page": ctx.pages["accessibility"].file.replace(".md", ".html"),
        },
    )


def build_pack(
    folder: Path, out_root: Path, audience: Audience, today: dt.date, draft: bool = False
) -> BuiltPack:
    """Build one pack into OUT/<slug>/. The previous site stays untouched unless this succeeds.
    Gates are the caller's business (cli.py); `draft` marks everything DRAFT."""
    pack = render_pack(folder, audience, today, draft)
    printed, warnings = print_documents(pack, today)
    out_root.mkdir(parents=True, exist_ok=True)
    target = out_root / pack.loaded.slug
    with tempfile.TemporaryDirectory(prefix=f".{pack.loaded.slug}-", dir=out_root) as work:
        work_dir = Path(work)
        docs_dir, site_dir = work_dir / "docs", work_dir / "site"
        docs_dir.mkdir()
        write_sources(pack, docs_dir, printed)
        config_path = site.write_config(
            site_spec(pack), docs_dir, site_dir, work_dir / "mkdocs.yml"
        )
        site.build(config_path, build_epoch=calendar.timegm(today.timetuple()))
        (site_dir / MARKER).write_text(
            json.dumps(_marker(pack), indent=2, sort_keys=True) + "\n", "utf-8"
        )
        _swap_in(site_dir, target)
    return BuiltPack(target, tuple(warnings))


def _marker(pack: RenderedPack) -> dict[str, object]:
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
        "audience": pack.context.audience,
    }


def _swap_in(new: Path, target: Path) -> None:
    """Replace `target` with `new` by renames, so readers never see half a site."""
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    new.rename(target)
    if old.exists():
        shutil.rmtree(old)


def built_packs(out_root: Path) -> list[dict[str, object]]:
    """What each pack built into OUT says about itself, sorted by folder name."""
    return [
        json.loads(marker.read_text("utf-8")) for marker in sorted(out_root.glob(f"*/{MARKER}"))
    ]
