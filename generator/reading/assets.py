"""The trust's logo and own pictures: checked before they are copied into the site and PDFs.

The logo is served on a public site and drawn into PDFs, so it is treated as hostile:
- an SVG is parsed with defusedxml (no DTDs, entities or external resources) and refused if it
  holds anything that can run or fetch: scripts, event handlers, foreignObject, links or styles
  pointing outside the file, or elements outside a plain-drawing allow-list;
- a PNG or JPEG must really be one (read by Pillow), at most MAX_BYTES and MAX_SIDE pixels a
  side.
Each problem is one sentence naming what to change; nothing is rewritten silently.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from xml.etree.ElementTree import Element

MAX_BYTES = 1_000_000
"""The largest logo file accepted (1 MB): a logo is small, and every page loads it."""

MAX_SIDE = 4000
"""The widest or tallest PNG accepted, in pixels."""

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"

ALLOWED_ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "title", "desc", "metadata", "symbol", "use",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
        "text", "tspan", "textPath",
        "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask",
        "style", "image", "filter", "feGaussianBlur", "feOffset", "feBlend", "feColorMatrix",
        "feComposite", "feFlood", "feMerge", "feMergeNode",
    }
)  # fmt: skip
"""SVG elements a logo may use: drawing, text, gradients and grouping. Never script,
foreignObject, animation (which can rewrite links) or anything unknown."""

_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE)
_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.IGNORECASE)


class LogoProblem(ValueError):
    """Why a logo file is refused, as one sentence."""


def check_logo(path: Path, kind: str = "logo") -> str:
    """Raise LogoProblem if the logo (or, as `kind` says, the picture) at `path` is not safe to
    publish; else the SHA-256 of the very bytes that were checked (the file is read once)."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise LogoProblem(
            f"{path.name} is {size // 1000} KB; a {kind} may be at most {MAX_BYTES // 1000} KB"
        )
    data = path.read_bytes()[: MAX_BYTES + 1]
    if len(data) > MAX_BYTES:  # it grew since
        raise LogoProblem(f"{path.name} is more than {MAX_BYTES // 1000} KB")
    suffix = path.suffix.lower()
    if suffix == ".svg":
        _check_svg(path, data, kind)
    else:
        _check_bitmap(path, data, "JPEG" if suffix in (".jpg", ".jpeg") else "PNG", kind)
    return hashlib.sha256(data).hexdigest()


def _check_svg(path: Path, data: bytes, kind: str = "logo") -> None:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except DefusedXmlException:
        raise LogoProblem(
            f"{path.name} declares a DTD or entities; save it as a plain SVG without them"
        ) from None
    except (ParseError, UnicodeDecodeError) as error:
        raise LogoProblem(f"{path.name} is not a readable SVG file ({error})") from None
    if root is None or root.tag != f"{SVG}svg":
        raise LogoProblem(f"{path.name} is not an SVG image (its root element is not <svg>)")
    for element in root.iter():
        name = _local(element.tag)
        namespace = element.tag[1:].split("}")[0] if element.tag.startswith("{") else ""
        if namespace != SVG[1:-1]:
            if _inside_metadata(root, element):
                continue  # editors' notes (e.g. Inkscape's RDF) are never drawn
            raise LogoProblem(
                f"{path.name} contains <{name}> from another XML vocabulary; "
                "export it as a plain SVG"
            )
        if name not in ALLOWED_ELEMENTS:
            raise LogoProblem(
                f"{path.name} contains <{name}>, which a {kind} may not use "
                "(no scripts, embedded pages or animation)"
            )
        for attribute, value in element.attrib.items():
            attribute_name = _local(attribute)
            if attribute_name.lower().startswith("on"):
                raise LogoProblem(
                    f"{path.name} has an event handler ({attribute_name}) on <{name}>; "
                    f"a {kind} may not run code"
                )
            inline_png = name == "image" and value.strip().startswith("data:image/png;base64,")
            if (
                (attribute_name == "href" or attribute == XLINK_HREF)
                and not value.strip().startswith("#")
                and not inline_png
            ):
                raise LogoProblem(
                    f"{path.name} links to {value[:60]!r} from <{name}>; a {kind} may only "
                    "refer to parts of itself"
                )
            if _SCRIPT_URL.match(value) or _EXTERNAL_URL.search(value):
                raise LogoProblem(
                    f"{path.name} refers to something outside the file in its {attribute_name} "
                    f"attribute on <{name}>; a {kind} may only refer to parts of itself"
                )
        if (
            name == "style"
            and element.text
            and ("@import" in element.text.lower() or _EXTERNAL_URL.search(element.text))
        ):
            raise LogoProblem(
                f"{path.name} has a style that loads something from outside the file; "
                "remove @import and url() from its <style>"
            )


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _inside_metadata(root: Element, element: Element) -> bool:
    for metadata in root.iter(f"{SVG}metadata"):
        if any(child is element for child in metadata.iter()):
            return True
    return False


def _check_bitmap(path: Path, data: bytes, file_format: str, kind: str = "logo") -> None:
    """A PNG or JPEG (`file_format`, as Pillow names it) that really is one, not too large,
    and not telling the world where it was taken."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != file_format:
                raise LogoProblem(
                    f"{path.name} is not a {file_format} image (it is {image.format})"
                )
            width, height = image.size
            if max(width, height) > MAX_SIDE:
                raise LogoProblem(
                    f"{path.name} is {width} by {height} pixels; a {kind} may be at most "
                    f"{MAX_SIDE} pixels wide or high"
                )
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            xmp = image.info.get("xmp") or image.info.get("XML:com.adobe.xmp") or b""
            xmp = xmp.encode("utf-8", "replace") if isinstance(xmp, str) else bytes(xmp)
            # Where it was taken: EXIF's GPSInfo, or the same in XMP (exif:GPSLatitude ...).
            located = bool(image.getexif().get_ifd(0x8825)) or b"GPSLatitude" in xmp
    except Image.DecompressionBombError:
        raise LogoProblem(
            f"{path.name} is far too many pixels; a {kind} may be at most {MAX_SIDE} pixels wide or high"
        ) from None
    except LogoProblem:
        raise
    except Exception as error:  # Pillow's errors for a damaged file are of many kinds
        reason = re.sub(r"<_io\.BytesIO object at 0x[0-9a-f]+>", f"'{path.name}'", str(error))
        reason = reason.replace(str(path), path.name)
        raise LogoProblem(f"{path.name} is not a readable {file_format} image ({reason})") from None
    if located:
        raise LogoProblem(
            f"{path.name} records where it was taken (GPS); save a copy without its location "
            "before publishing it"
        )
