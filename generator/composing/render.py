"""Render a PackContext into the pack's Markdown pages with Jinja.

The Jinja environment is built here and nowhere else. Every `{{ value }}` a template prints is
escaped for Markdown and HTML unless it is Markup made by a macro or filter below, so text from
trust.yml is always shown as text: it can never become a link, a heading, HTML or script.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.ext
from markupsafe import Markup

from generator import caching, i18n, resources
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
    """Every page a pack can have, in navigation order. pages.yml (the project's own, else
    the shipped one) is read again whenever it changes, so that a running `serve` sees an edit."""
    path = resources.find_template_file("pages.yml")
    stat = path.stat()
    return _page_specs(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def _page_specs(path: Path, mtime_ns: int, size: int) -> tuple[PageSpec, ...]:
    """pages.yml as read at one modification time and size (the cache's key, not read here)."""
    raw = resources.read_yaml(path)
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


def attribute(value: Any) -> Markup:
    """`value` as the text of a quoted HTML attribute in a page's Markdown: escaped for Markdown
    (so that no link, code or emphasis can form inside it, as Markdown reads raw HTML's
    attributes too) and with its quotes as entities (so that it cannot end the value)."""
    plain = value.unescape() if isinstance(value, Markup) else str(value)
    text = str(escape_markdown(plain))  # Markup, too, is escaped here: it is an attribute
    return Markup(text.replace('"', "&#34;").replace("'", "&#39;"))


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


class TemplateCache(jinja2.BytecodeCache):
    """Compiled templates, kept in memory for the process and on disk across runs.

    Compiling the pack's templates from source took about a second of a one-pack run, and most
    runs are one pack in a fresh process; so what Jinja compiles is kept in the user's cache
    (caching.py) and read back, not compiled, next time. A template's bytecode is named by its
    name, its file and everything that decides how it compiles (Jinja's version, the
    environment's syntax, whitespace and escaping settings, its extensions), which plain
    Jinja leaves out of the name; it is checked against the source as extensions preprocess
    it, so an edited template (or an edited preprocessor) is compiled afresh. A cache folder
    that cannot be read or written is passed over: the process keeps its own copy in memory.
    """

    LIMIT = 1000
    """Templates kept: a pack uses about 15, Material and the overrides about 40 a build."""

    def __init__(self, folder: str = "jinja") -> None:
        self.compiled: dict[str, bytes] = {}
        self._folder_name = folder

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> jinja2.bccache.Bucket:
        key = self.get_cache_key(f"{_compile_settings(environment, name)}\n{name}", filename)
        checksum = self.get_source_checksum(environment.preprocess(source, name, filename))
        bucket = jinja2.bccache.Bucket(environment, key, checksum)
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])
            return
        path = self._path(bucket.key)
        if path is None:
            return
        try:
            stored = path.read_bytes()
            bucket.bytecode_from_string(stored)
        except Exception:  # missing, unreadable or not bytecode at all: compile it instead
            bucket.reset()
            return
        if bucket.code is not None:
            self._keep(bucket.key, stored)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = bucket.bytecode_to_string()
        self._keep(bucket.key, compiled)
        path = self._path(bucket.key)
        if path is not None and caching.write_atomically(path, compiled):
            with contextlib.suppress(OSError):
                self._prune(path.parent)

    def clear(self) -> None:
        self.compiled.clear()

    def _keep(self, key: str, compiled: bytes) -> None:
        if len(self.compiled) >= self.LIMIT:
            # Templates in per-build folders (a project's own overrides, merged) are never
            # met again: start afresh rather than grow through a long run.
            self.compiled.clear()
        self.compiled[key] = compiled

    def _path(self, key: str) -> Path | None:
        folder = caching.folder(self._folder_name)
        return folder / f"{key}.jinja" if folder is not None else None

    def _prune(self, folder: Path) -> None:
        """Keep the folder to LIMIT files, dropping the oldest (templates in folders that no
        longer exist, or replaced by an edit)."""
        stored = list(folder.glob("*.jinja"))
        if len(stored) <= self.LIMIT:
            return
        stored.sort(key=lambda path: path.stat().st_mtime)
        for path in stored[: len(stored) - self.LIMIT // 2]:
            path.unlink(missing_ok=True)


def _compile_settings(env: jinja2.Environment, name: str) -> str:
    """What, besides its source, decides the code a template compiles to."""
    autoescape = env.autoescape(name) if callable(env.autoescape) else env.autoescape
    return repr(
        (
            jinja2.__version__,
            env.block_start_string,
            env.block_end_string,
            env.variable_start_string,
            env.variable_end_string,
            env.comment_start_string,
            env.comment_end_string,
            env.line_statement_prefix,
            env.line_comment_prefix,
            env.trim_blocks,
            env.lstrip_blocks,
            env.newline_sequence,
            env.keep_trailing_newline,
            env.optimized,
            env.is_async,
            bool(autoescape),
            getattr(env.finalize, "__qualname__", None),
            sorted(env.extensions),
            env.policies.get("ext.i18n.trimmed"),
            getattr(env, "newstyle_gettext", None),
        )
    )


COMPILED_TEMPLATES = TemplateCache()
"""The one cache of compiled templates: the pack's, the print and index HTML, the theme's."""


@functools.cache
def _environment(template_dirs: tuple[Path, ...], language: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        bytecode_cache=COMPILED_TEMPLATES,
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
    # jinja2.ext.i18n adds this attribute (and install_gettext_callables) when the environment
    # is made; Environment's own type does not declare them.
    env.newstyle_gettext = True  # type: ignore[attr-defined]
    env.filters["paragraphs"] = paragraphs
    env.filters["text"] = escape_markdown
    env.filters["attribute"] = attribute
    env.filters["long_date"] = translator.long_date
    return env


def render_pages(context: Any, keys: set[str] | None = None) -> dict[str, str]:
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


@functools.cache
def _html_environment(template_dirs: tuple[Path, ...], language: str) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in template_dirs]),
        bytecode_cache=COMPILED_TEMPLATES,
        undefined=jinja2.StrictUndefined,
        autoescape=True,
        keep_trailing_newline=True,
        extensions=[_Translations],
    )
    env.policies["ext.i18n.trimmed"] = True
    translator = i18n.translator(language)
    env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        translator.gettext, lambda s, p, n: translator.gettext(s if n == 1 else p), newstyle=True
    )
    return env
