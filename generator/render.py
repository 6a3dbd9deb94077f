"""Render a PackContext into the pack's Markdown pages with Jinja.

The Jinja environment is built here and nowhere else. Every `{{ value }}` a template prints is
escaped for Markdown and HTML unless it is Markup made by a macro or filter below, so text from
trust.yml is always shown as text: it can never become a link, a heading, HTML or script.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext
import yaml
from markupsafe import Markup

from generator import i18n, resources
from generator.errors import TemplateError


@dataclass(frozen=True)
class PageSpec:
    """One page of the pack, from policy_templates/pages.yml."""

    key: str
    file: str
    template: str
    title: str
    section: str | None = None
    audience: str = "all"


def page_specs() -> tuple[PageSpec, ...]:
    """Every page a pack can have, in navigation order."""
    return _page_specs(resources.find_template_file("pages.yml"))


@cache
def _page_specs(path: Path) -> tuple[PageSpec, ...]:
    raw = yaml.safe_load(path.read_text("utf-8"))
    return tuple(PageSpec(**entry) for entry in raw)


def pages_for(audience: str) -> tuple[PageSpec, ...]:
    """The pages of one audience's build (public builds leave out staff pages)."""
    return tuple(p for p in page_specs() if p.audience in ("all", audience))


# --- escaping ----------------------------------------------------------------------------------

# Characters that mean something to Markdown or HTML inline, as numeric entities. Entities keep
# the text exact in the browser and in the search index, whatever Markdown extensions are on.
_INLINE = {c: f"&#{ord(c)};" for c in "\\`*_[]<>{}|!#~^=$"}
_INLINE["&"] = "&amp;"
_LINE_START = re.compile(r"^(\s*)([-+:>]|\d+[.)])")


def escape_markdown(value: Any) -> Markup:
    """`value` as literal text inside Markdown: no markup in it survives."""
    if isinstance(value, Markup):
        return value
    text = "".join(_INLINE.get(ch, ch) for ch in str(value))
    return Markup(re.sub(r"[ \t]*\n\s*", " ", text))  # one line: nothing can start a block


def paragraphs(value: str | None) -> Markup:
    """Plain text with blank lines between paragraphs, escaped paragraph by paragraph."""
    if not value:
        return Markup("")
    escaped = (escape_markdown(p) for p in str(value).split("\n\n"))
    # A paragraph starts a Markdown block, where "- ", "1. " or "> " would make a list or quote.
    return Markup("\n\n").join(
        Markup(
            _LINE_START.sub(lambda m: m.group(1) + "".join(f"&#{ord(c)};" for c in m.group(2)), p)
        )
        for p in escaped
    )


def _finalize(value: Any) -> Any:
    if value is None:
        raise TemplateError("a template printed a value that is None; guard it with {% if %}")
    return escape_markdown(value)


def environment(language: str = i18n.SOURCE_LANGUAGE) -> jinja2.Environment:
    """The one Jinja environment (per language): strict about undefined names, escaping
    everything it prints, translating `{% trans %}` blocks and `_()` strictly. Templates are
    looked up in the project's own policy_templates/ first, then the shipped ones."""
    return _environment(resources.template_dirs(), language)


def _gettext(translator: i18n.Translator) -> Any:
    """New-style gettext: the translation, with each variable escaped as Markdown text (a
    macro's Markup passes as it is), so trust text inside a sentence stays text."""

    def gettext(message: str, **variables: Any) -> Markup:
        text = Markup(translator.gettext(message))
        return text % {k: _finalize(v) for k, v in variables.items()}

    return gettext


class _Translations(jinja2.ext.InternationalizationExtension):
    """Jinja's i18n extension, except that the line break after `{% endtrans %}` is kept: a
    translated sentence ends its line like any other text (trim_blocks would join the lines)."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return re.sub(r"(\{%\s*endtrans\s*)%\}", r"\1+%}", source)


@cache
def _environment(template_dirs: tuple[Path, ...], language: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,  # macros then return Markup, so what they build is not escaped twice
        finalize=_finalize,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=[_Translations],
    )
    env.policies["ext.i18n.trimmed"] = True  # a block's line breaks are not part of its text
    translator = i18n.translator(language)
    gettext = _gettext(translator)
    env.globals.update(_=gettext, gettext=gettext)
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.filters["paragraphs"] = paragraphs
    env.filters["text"] = escape_markdown
    env.filters["long_date"] = translator.long_date
    return env


def render_pack(context: Any, keys: set[str] | None = None) -> dict[str, str]:
    """Every page of this build (or those whose key is in `keys`) as {file name: Markdown},
    in navigation order."""
    env = environment(context.language)
    rendered: dict[str, str] = {}
    for spec in pages_for(context.audience):
        if keys is not None and spec.key not in keys:
            continue
        try:
            template = env.get_template(f"pages/{spec.template}")
            # The page as this build names it (its title translated).
            page = dataclasses.replace(spec, title=context.pages[spec.key].title)
            text = template.render(ctx=context, page=page)
        except jinja2.TemplateSyntaxError as error:
            raise TemplateError(
                f"{error.filename or error.name}:{error.lineno}: {error.message}"
            ) from None
        except jinja2.UndefinedError as error:
            raise TemplateError(
                f"policy_templates/pages/{spec.template}: {error.message}"
            ) from None
        rendered[spec.file] = _tidy(text)
    return rendered


def _tidy(text: str) -> str:
    """At most one blank line in a row, and exactly one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def html_environment(language: str = i18n.SOURCE_LANGUAGE) -> jinja2.Environment:
    """For what we write as HTML ourselves (print documents, the index of packs): HTML
    autoescaping, with `{% trans %}` and `_()` translating into `language`."""
    return _html_environment(resources.template_dirs(), language)


@cache
def _html_environment(template_dirs: tuple[Path, ...], language: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        extensions=[_Translations],
    )
    env.policies["ext.i18n.trimmed"] = True
    translator = i18n.translator(language)
    env.install_gettext_callables(  # type: ignore[attr-defined]
        translator.gettext, lambda s, p, n: translator.gettext(s if n == 1 else p), newstyle=True
    )
    return env
