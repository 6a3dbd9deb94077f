"""Typst, the typesetter of every PDF: the bundled fonts, a root folder per compile, and
Typst's errors as one line.

A document is compiled from the print template (print/document.typ) with its content as JSON
in `sys.inputs` (see print_tree.py), never pasted into Typst source. The compile's root folder
holds only the template and the pack's own pictures, so that `read()` or `image()` in any
text could reach nothing else, and system fonts are never used: the PDFs look, measure and
hash the same on every machine. PDF/UA-1 makes Typst refuse a document without a title, a
picture without alt text, a skipped heading level or a character the fonts lack.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from generator import errors, resources
from generator.errors import TypesetError
from generator.publishing import output

FONTS = resources.PRINT_FONTS
"""Arimo (SIL Open Font License 1.1): regular, bold and italic, Latin and Latin Extended
(Welsh ŵ ŷ), made from the site's own WOFF2 files (Typst cannot read WOFF2) by
`python -m generator.publishing.typeset fonts`."""
FONT_FILES = ("arimo-regular.ttf", "arimo-bold.ttf", "arimo-italic.ttf")
TEMPLATE = "print/document.typ"


@dataclass(frozen=True)
class Typeset:
    """A compiled PDF and its number of pages."""

    pdf: bytes
    pages: int


def template_path() -> Path:
    """The print template: a project's own (templates/print/document.typ) or the bundled one."""
    return resources.find_template_file(TEMPLATE)


def compile_document(
    document: Mapping[str, Any], pictures: Mapping[str, Path], dated: dt.date
) -> Typeset:
    """Typeset `document` (the template's JSON data) as a PDF/UA-1 file. `pictures` maps each
    name the data refers to (e.g. 'logo.svg') to the file to copy into the root folder."""
    import typst

    with tempfile.TemporaryDirectory(prefix="policypack-print-") as folder:
        root = Path(folder)
        output.link_or_copy(template_path(), root / "document.typ")
        for name, source in pictures.items():
            if "/" in name or name.startswith("."):
                raise TypesetError(f"picture name {name!r} is not a plain file name")
            output.link_or_copy(source, root / name)
        try:
            pdf, warnings = _compiler().compile_with_warnings(
                input=root / "document.typ",
                root=root,
                sys_inputs={"document": json.dumps(document, ensure_ascii=False)},
                pdf_standards=["ua-1"],
                timestamp=dt.datetime.combine(dated, dt.time(), dt.UTC),
            )
        except typst.TypstError as error:
            raise TypesetError(_message(error, root)) from None
    if warnings:  # e.g. a font family it does not have: the PDF would not be what we mean
        raise TypesetError(_message(warnings[0], root))
    assert isinstance(pdf, bytes)
    return Typeset(pdf, page_count(pdf))


def _message(error: Any, root: Path) -> str:
    """Typst's message without its source trace or the temporary folder: what went wrong, and
    its first hint, on one line (errors.one_line)."""
    message = " ".join(str(getattr(error, "message", "") or error).split())
    hints = [" ".join(str(h).split()) for h in getattr(error, "hints", []) or []]
    return errors.one_line(f"{message} ({hints[0]})" if hints else message).replace(f"{root}/", "")


def page_count(pdf: bytes) -> int:
    """The number of pages: the /Count of the page tree the catalog names, found through the
    cross-reference table (never by searching the file, whose text may hold anything)."""
    try:
        start = int(re.findall(rb"startxref\s+(\d+)\s+%%EOF", pdf[-1024:])[-1])
        table = re.match(rb"xref\s+0\s+(\d+)\s+", pdf[start:])
        assert table is not None
        entries = pdf[start + table.end() : start + table.end() + 20 * int(table.group(1))]
        trailer = pdf[start + table.end() + len(entries) :]
        root = int(re.search(rb"/Root\s+(\d+)\s+0\s+R", trailer).group(1))  # type: ignore[union-attr]

        def body(number: int) -> bytes:
            offset = int(entries[20 * number : 20 * number + 10])
            return pdf[offset : pdf.index(b"endobj", offset)]

        pages = int(re.search(rb"/Pages\s+(\d+)\s+0\s+R", body(root)).group(1))  # type: ignore[union-attr]
        return int(re.search(rb"/Count\s+(\d+)", body(pages)).group(1))  # type: ignore[union-attr]
    except (AssertionError, AttributeError, IndexError, ValueError):
        raise TypesetError("Typst wrote a PDF whose pages could not be counted") from None


THREADS: int | None = None
"""How many documents to typeset at once; None: one per core, at most 2. A batch worker sets
1, as its sibling workers already keep the other cores busy."""


def threads() -> int:
    return THREADS or max(1, min(2, os.cpu_count() or 1))


_local = threading.local()
_TYPESET_IN: set[int] = set()


def has_typeset_here() -> bool:
    """Whether this process has run Typst (whose threads a forked child would wait for)."""
    return os.getpid() in _TYPESET_IN


def _compiler() -> Any:
    """This thread's compiler (a compiler serves one compile at a time), with the fonts read
    once per process and Typst's cache kept. Nothing is shared with a forked child: Typst's
    threads do not survive a fork, and a compile there would wait for them for ever."""
    import typst

    _TYPESET_IN.add(os.getpid())
    if getattr(_local, "process", None) != os.getpid():
        _local.compiler = typst.Compiler(font_paths=_fonts(os.getpid()), ignore_system_fonts=True)
        _local.process = os.getpid()
    return _local.compiler


@cache
def _fonts(process: int) -> Any:
    """The bundled fonts, read once per process (`process` is its id)."""
    import typst

    return typst.Fonts(
        include_system_fonts=False,
        include_embedded_fonts=False,
        font_paths=[str(FONTS)],  # a folder: Typst reads every font file in it
    )


@cache
def engine_digest() -> str:
    """What a PDF's bytes depend on besides its data: Typst's version, the template, the
    fonts and the modules that write the data (a change to any is a new render)."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"typst {version('typst')}\n".encode())
    for path in [template_path(), *sorted(p for p in FONTS.iterdir() if p.is_file())]:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes())
    here = Path(__file__).parent
    for module in ("typeset.py", "print_tree.py", "pdf.py"):
        digest.update((here / module).read_bytes())
    return digest.hexdigest()


def font_coverage(folder: Path = FONTS) -> str:
    """The characters every print font can draw, as ranges of code points ('0020-007E'), one
    a line: what coverage.txt holds (config.py checks each trust.yml's text against it)."""
    from fontTools.ttLib import TTFont

    covered = set.intersection(
        *(set(TTFont(folder / name, lazy=True).getBestCmap()) for name in FONT_FILES)
    )
    ranges: list[list[int]] = []
    for point in sorted(c for c in covered if c >= 0x20):  # control characters are not text
        if ranges and point == ranges[-1][1] + 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    return "".join(f"{start:04X}-{end:04X}\n" for start, end in ranges if end >= 0x20)


def make_fonts(source: Path, target: Path) -> None:
    """The print fonts, from the site's WOFF2 files: each style's Latin and Latin Extended
    subsets merged into one TrueType file (needs fontTools and brotli), and coverage.txt."""
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont

    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        for style, name in zip(("400-normal", "700-normal", "400-italic"), FONT_FILES, strict=True):
            subsets = []
            for subset in ("latin", "latin-ext"):
                font = TTFont(source / f"arimo-{subset}-{style}.woff2")
                font.flavor = None
                path = Path(folder) / f"{subset}-{style}.ttf"
                font.save(path)
                subsets.append(str(path))
            Merger().merge(subsets).save(target / name)
    (target / "coverage.txt").write_text(font_coverage(target), "ascii")


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["fonts"]:
        sys.exit("usage: python -m generator.publishing.typeset fonts")
    make_fonts(resources.THEME_OVERRIDES / "assets" / "fonts", FONTS)
