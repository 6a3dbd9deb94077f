"""The Material theme, which both site engines draw a pack's site with: the brand colours as
its CSS properties, the navigation, and the words of our theme overrides (site_overrides/:
banners, document facts, footer, language links) in the build's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator import i18n, resources
from generator.composing import compose, context, facts
from generator.i18n import N_
from generator.publishing import layout

BASE_CONFIG = resources.BASE_CONFIG


@dataclass(frozen=True)
class SiteSpec:
    """What the engine needs to know about one pack beyond its Markdown files."""

    site_name: str
    site_url: str | None
    nav: list[Any]
    logo: str
    language: str = "en"
    permalink_title: str | None = None
    """The title of the section links beside headings, in the site's language (None: the base
    config's)."""
    extra: dict[str, Any] = field(default_factory=dict)


def markdown_extensions() -> tuple[list[str], dict[str, dict[str, Any]]]:
    """The Markdown extensions the site uses, so that print renders pages the same way."""
    base = resources.read_yaml(BASE_CONFIG)
    names: list[str] = []
    configs: dict[str, dict[str, Any]] = {}
    for entry in base.get("markdown_extensions", []):
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        if options:
            configs[name] = options
    return names, configs


def extensions_titled(permalink_title: str) -> list[str | dict[str, Any]]:
    """The base config's Markdown extensions as a config lists them, with the section links'
    title in the site's language."""
    names, configs = markdown_extensions()
    configs["toc"] = {**configs.get("toc", {}), "permalink_title": permalink_title}
    return [{name: configs[name]} if name in configs else name for name in names]


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


def site_spec(pack: compose.RenderedPack) -> SiteSpec:
    """The engine-neutral description of the pack's site: name, navigation and footer facts,
    and the words of the theme's banners and footer in the build's language."""
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
    return SiteSpec(
        site_name=ctx.org.name,
        site_url=layout.language_url(ctx.site_url, ctx.language, ctx.languages),
        nav=nav,
        logo=ctx.logo_file,
        language=ctx.language,
        permalink_title=i18n.translator(ctx.language).gettext(N_("Link to this section")),
        extra={
            "organisation": ctx.org.name,
            "title": ctx.document.title,
            "version": ctx.document.version,
            "draft": ctx.document.is_draft,
            "logo_alt": ctx.logo_alt,
            "review_due": ctx.review_due,
            "audience": ctx.audience,
            "language": ctx.language,
            "translation_awaits_review": ctx.translation_awaits_review,
            "accessibility_page": ctx.pages["accessibility"].file.replace(".md", ".html"),
            "alternates": [
                {
                    "lang": other,
                    "label": i18n.LANGUAGES[other].own_name,
                    "base": layout.language_folder(other, ctx.languages, ctx.language),
                }
                for other in ctx.languages
                if other != ctx.language
            ],
            "text": theme_text(ctx),
        },
    )


def theme_text(ctx: context.PackContext) -> dict[str, str | dict[str, str]]:
    """The theme's own words (banners, document facts, footer), translated. The document facts
    are facts.facts_line, the very words every PDF prints."""
    t = i18n.translator(ctx.language).gettext
    review_due_label, review_due_banner = facts.review_due_notice(ctx)
    return {
        "draft_label": t(N_("DRAFT")),
        "draft_banner": t(
            N_("this policy has not been approved. Do not rely on it or publish it.")
        ),
        "review_due_label": review_due_label,
        "review_due_banner": review_due_banner,
        "translation_banner": t(
            N_(
                "This translation awaits professional review. If anything is unclear, "
                "please read the English version (the link at the top of the page)."
            )
        ),
        "docinfo_label": t(N_("Document information")),
        "facts": facts.facts_line(ctx),
        "accessibility": ctx.pages["accessibility"].title,
        "not_found_title": t(N_("Page not found")),
        "not_found_text": t(
            N_(
                "If you typed the web address, check it is correct. If you pasted the web "
                "address, check you copied the whole address."
            )
        ),
        "not_found_home": t(N_("Home page:")),
        "home": ctx.pages["home"].title,
        "controls": {  # names for the theme's unnamed controls (policypack.js)
            "menu": t(N_("Open the navigation menu")),
            "search": t(N_("Open search")),
            "dialog": t(N_("Search this site")),
        },
    }
