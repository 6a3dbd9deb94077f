"""Reading PDFs in tests: text per page, font sizes, fonts, structure tags."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pypdf import PdfReader


def page_texts(path: Path) -> list[str]:
    """The text of each page (read once per file version: extracting text is slow)."""
    stat = path.stat()
    return list(_page_texts(str(path), stat.st_mtime_ns, stat.st_size))


@cache
def _page_texts(path: str, mtime_ns: int, size: int) -> tuple[str, ...]:
    return tuple(" ".join(page.extract_text().split()) for page in PdfReader(path).pages)


def text_runs(path: Path) -> list[tuple[float, str]]:
    """(size in points, text) of every text run; WeasyPrint draws in CSS pixels (0.75 pt)."""
    runs: list[tuple[float, str]] = []
    for page in PdfReader(path).pages:

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
            if text.strip():
                runs.append((round(abs(size * tm[0] * cm[0]), 2), text.strip()))

        page.extract_text(visitor_text=visit)
    return runs


def embedded_fonts(path: Path) -> dict[str, bool]:
    """Each font's name, and whether its program is embedded in the file."""
    fonts: dict[str, bool] = {}
    for page in PdfReader(path).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendants = [d.get_object() for d in font.get("/DescendantFonts", [])] or [font]
            descriptor = descendants[0]["/FontDescriptor"].get_object()
            name = str(font["/BaseFont"]).split("+")[-1]
            fonts[name] = any(
                key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
    return fonts


def pdfua_part(path: Path) -> str | None:
    """The PDF/UA part its XMP metadata declares ('1' for PDF/UA-1), read with pikepdf."""
    import pikepdf

    with pikepdf.open(path) as document:
        part = document.open_metadata().get("pdfuaid:part")
        return str(part) if part is not None else None


def languages_of_headings(path: Path) -> list[str]:
    """The language of every H1 of the structure tree (its own /Lang, the nearest parent's,
    or the document's), in document order: a bilingual document has one H1 per part."""
    import pikepdf

    found: list[str] = []
    with pikepdf.open(path) as document:

        def walk(node: Any, language: str) -> None:
            if not isinstance(node, pikepdf.Dictionary):
                return
            language = str(node.get("/Lang", language))
            if node.get("/S") == "/H1":
                found.append(language)
            kids = node.get("/K")
            for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
                walk(kid, language)

        walk(document.Root.StructTreeRoot, str(document.Root.get("/Lang", "")))
    return found


def structure(path: Path) -> list[tuple[str, Any]]:
    """(tag, alt text) of every element of the structure tree, in document order."""
    found: list[tuple[str, Any]] = []

    def walk(node: Any) -> None:
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if "/S" in node:
            found.append((str(node["/S"]), node.get("/Alt")))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            if hasattr(kid, "get_object"):
                walk(kid)

    walk(PdfReader(path).trailer["/Root"]["/StructTreeRoot"])
    return found
