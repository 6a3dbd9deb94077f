"""`policypack diff OLD NEW`: what a change to trust.yml does to the published words.

Both sides are rendered to Markdown (the words, not the HTML) and compared page by page. The
change is classed from the configs themselves: substantive when a local arrangement, a rule or
a deviation changes (the pack then needs re-approval), editorial when only names, contact
details, branding or document details do.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator import i18n
from generator.composing import compose
from generator.errors import PolicyPackError
from generator.publishing import layout
from generator.reading.config import CONFIG_NAME
from generator.reading.model import Audience, Trust

NO_CHANGE = "No change to the published pack."

# Key paths whose change alters what the policy allows or requires: re-approval is needed.
_SUBSTANTIVE = re.compile(
    r"^(areas\.[a-z_]+\.(recording|provided|restrictions|extra_restrictions|arrangements|keepsake_images)"
    r"|policy\.|deviations|site\.audiences|organisation\.(nation|type))"
)
_EDITORIAL = re.compile(
    r"^(organisation\.|contacts\.|branding\.|document\.|site\.url|areas\.[a-z_]+\.staff_notes)"
)


@dataclass(frozen=True)
class PageChange:
    """One page's changes: its title, file and unified-diff hunks."""

    title: str
    file: str
    lines: int
    hunks: tuple[str, ...]


@dataclass(frozen=True)
class PackDiff:
    """Everything `diff` reports."""

    pages: tuple[PageChange, ...]
    substantive: tuple[str, ...]
    editorial: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.pages)


def compare(old: Path, new: Path, audience: Audience, today: dt.date) -> PackDiff:
    """Render both trust folders and compare them page by page, in every language of the
    new pack, each page named by where it is published (`layout.language_folder`: in a pack
    whose first language is English a Welsh page is `cy/patients.md`; Welsh first, the
    English page is `en/patients.md`)."""
    before = compose.render_pack(old, audience, today)
    after = compose.render_pack(new, audience, today)
    pages = []
    changed: list[str] = []
    languages = list(after.loaded.languages)
    for language in languages:
        folder = layout.language_folder(language, languages)
        old_pack: compose.RenderedPack | None
        if language == i18n.SOURCE_LANGUAGE:
            old_pack, new_pack, suffix = before, after, ""
        else:
            new_pack = compose.render_pack(
                new, audience, today, False, language, after.loaded, after.readability
            )
            old_pack = (
                compose.render_pack(
                    old, audience, today, False, language, before.loaded, before.readability
                )
                if language in before.loaded.languages
                else None
            )
            suffix = f" ({i18n.LANGUAGES[language].own_name})"
        old_pages = old_pack.markdown if old_pack else {}
        titles = {spec.file: spec.title for spec in new_pack.pages}
        for file in dict.fromkeys([*old_pages, *new_pack.markdown]):
            hunks, count = _hunks(old_pages.get(file, ""), new_pack.markdown.get(file, ""))
            if hunks:
                title = titles.get(file, file) + suffix
                pages.append(PageChange(title, folder + file, count, tuple(hunks)))
        old_trust = before.loaded.languages.get(language)
        if old_trust is not None:
            changed += _changed_paths(old_trust, after.loaded.languages[language])
    changed = list(dict.fromkeys(changed))
    substantive = tuple(p for p in changed if _SUBSTANTIVE.match(p) or not _EDITORIAL.match(p))
    editorial = tuple(p for p in changed if p not in substantive)
    return PackDiff(tuple(pages), substantive if pages else (), editorial if pages else ())


def _changed_paths(old: Trust, new: Trust) -> list[str]:
    before, after = _flatten(old.model_dump(mode="json")), _flatten(new.model_dump(mode="json"))
    paths = sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))
    # Report a changed list once, by the list's own path.
    return list(dict.fromkeys(re.sub(r"\.\d+(\..*)?$", "", path) for path in paths))


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    if isinstance(value, dict):
        items: dict[str, Any] = {}
        for key, inner in value.items():
            items.update(_flatten(inner, f"{prefix}{key}."))
        return items
    if isinstance(value, list) and value:
        items = {}
        for index, inner in enumerate(value):
            items.update(_flatten(inner, f"{prefix}{index}."))
        return items
    return {prefix.rstrip("."): value}


def _hunks(old: str, new: str) -> tuple[list[str], int]:
    """Unified-diff hunks, each headed by the section it falls in; and the lines changed."""
    a, b = old.splitlines(), new.splitlines()
    hunks, count = [], 0
    for group in difflib.SequenceMatcher(None, a, b, autojunk=False).get_grouped_opcodes(2):
        first, last = group[0], group[-1]
        head = f"@@ -{_range(first[1], last[2])} +{_range(first[3], last[4])} @@"
        section = _section(a, first[1]) or _section(b, first[3])
        lines = [f"{head} {section}" if section else head]
        for tag, i1, i2, j1, j2 in group:
            if tag == "equal":
                lines += [f" {line}" for line in a[i1:i2]]
                continue
            lines += [f"-{line}" for line in a[i1:i2]] + [f"+{line}" for line in b[j1:j2]]
            count += (i2 - i1) + (j2 - j1)
        hunks.append("\n".join(lines))
    return hunks, count


def _range(start: int, end: int) -> str:
    length = end - start
    return f"{start + 1 if length else start},{length}"


def _section(lines: list[str], before: int) -> str:
    """The headings above line `before`, outermost first below the page title, e.g.
    '## MRI > ### What we tell patients' (without their { #id })."""
    path: list[str] = []
    level = 7
    for line in reversed(lines[: before + 1]):
        match = re.match(r"^(#{2,6}) ", line)
        if match and len(match.group(1)) < level:
            level = len(match.group(1))
            path.insert(0, re.sub(r"\s*\{[^}]*\}\s*$", "", line))
    return " > ".join(path)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def summary(result: PackDiff) -> list[str]:
    """The lines that come before the diff itself."""
    pages = ", ".join(f"{page.title} ({_plural(page.lines, 'line')})" for page in result.pages)
    lines = [
        f"{_plural(len(result.pages), 'page')} change{'s' if len(result.pages) == 1 else ''}: {pages}"
    ]
    if result.substantive:
        lines.append(
            "Substantive: a local arrangement, rule or deviation changed "
            f"({', '.join(result.substantive)}); the pack needs re-approval."
        )
    if result.editorial:
        lines.append(
            f"Editorial: names, contact details or document details changed ({', '.join(result.editorial)})."
        )
    return lines


def format_text(result: PackDiff) -> str:
    if not result.changed:
        return NO_CHANGE + "\n"
    out = summary(result)
    for page in result.pages:
        out += ["", f"--- {page.title} ({page.file})", *page.hunks]
    return "\n".join(out) + "\n"


def format_markdown(result: PackDiff, heading: str) -> str:
    """Ready to paste as a pull-request comment (or into a CI job summary)."""
    if not result.changed:
        return f"### {heading}\n\n{NO_CHANGE}\n"
    out = [f"### {heading}", ""]
    out += [f"- {line}" for line in summary(result)]
    for page in result.pages:
        out += [
            "",
            f"<details><summary>{page.title} ({_plural(page.lines, 'line')})</summary>",
            "",
            "```diff",
            *page.hunks,
            "```",
            "",
            "</details>",
        ]
    return "\n".join(out) + "\n"


@contextmanager
def trust_folder(spec: str) -> Iterator[Path]:
    """A trust folder on disk, or `REF:path` taken from that git revision into a temporary one."""
    if Path(spec).exists() or ":" not in spec:
        yield Path(spec)
        return
    ref, path = spec.split(":", 1)
    path = path.strip("/")
    try:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", ref, "--", path],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", b"") or b""
        message = " ".join(detail.decode("utf-8", "replace").split()) or str(error)
        raise PolicyPackError(f"cannot read {spec} from git: {message}") from None
    with tempfile.TemporaryDirectory(prefix="policypack-diff-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        folder = Path(tmp) / path
        if not (folder / CONFIG_NAME).is_file():
            raise PolicyPackError(f"{spec} has no {CONFIG_NAME} at that revision")
        # Keep the trust's folder name, so that the pack's slug is the same on both sides.
        yield folder
