"""Printable PDFs: read back page by page, checked for tags, fonts, facts and layout."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator import i18n
from generator.publishing import pdf
from generator.reading import config

from .conftest import EXAMPLES, ROOT, TODAY, TRUSTS
from .pdfs import (
    embedded_fonts,
    languages_of_headings,
    page_texts,
    pdfua_part,
    structure,
    text_runs,
)

DOCUMENTS = [spec.key for spec in pdf.PRINTS]


def pdf_path(built_sites, slug: str, key: str, audience: str = "public") -> Path:
    return built_sites[audience] / slug / "downloads" / f"{slug}-{key}.pdf"


def _facts(slug: str, language: str, number: int, pages: int) -> list[str]:
    """What every page of a document must show, in `language`."""
    loaded = config.load(TRUSTS / slug)
    trust = loaded.languages[language]
    translator = i18n.translator(language)
    t = translator.gettext
    published = trust.document.published_on or trust.document.approved_on
    return [
        trust.organisation.short_name or trust.organisation.name,
        t("Version %(version)s") % {"version": trust.document.version},
        t("Review date: %(date)s") % {"date": translator.long_date(trust.document.review_by)},
        t("Published: %(date)s") % {"date": translator.long_date(published)}
        if published and trust.document.status != "draft"
        else t("Not yet published"),
        t("Page %(page)s of %(pages)s") % {"page": number, "pages": pages},
    ]


def _language_of_each_page(slug: str, texts: list[str]) -> list[str]:
    """Which language each page is in, by its footer; a page must be in exactly one."""
    found = []
    for number, text in enumerate(texts, start=1):
        matching = [
            language
            for language in config.load(TRUSTS / slug).languages
            if all(fact in text for fact in _facts(slug, language, number, len(texts)))
        ]
        assert len(matching) == 1, (slug, number, matching, text[-300:])
        found.append(matching[0])
    return found


@pytest.mark.parametrize("slug", EXAMPLES)
@pytest.mark.parametrize("key", DOCUMENTS)
def test_every_page_carries_the_document_facts(built_sites, slug: str, key: str) -> None:
    trust = config.load(TRUSTS / slug).trust
    texts = page_texts(pdf_path(built_sites, slug, key))
    languages = _language_of_each_page(slug, texts)
    # One language after the other, the pack's first language first.
    assert list(dict.fromkeys(languages)) == list(config.load(TRUSTS / slug).languages)
    for number, text in enumerate(texts, start=1):
        draft = any(mark in text for mark in ("DRAFT", "DRAFFT"))
        assert draft == (trust.document.status == "draft"), (slug, key, number)


@pytest.mark.parametrize("slug", EXAMPLES)
def test_first_page_has_logo_with_alt_text_and_other_formats(built_sites, slug: str) -> None:
    loaded = config.load(TRUSTS / slug)
    first = next(iter(loaded.languages))
    trust = loaded.languages[first]
    question = re.sub(
        "<[^>]+>",
        "",
        i18n.translator(first).gettext("<strong>Need this in another format or language?</strong>"),
    )
    for key in DOCUMENTS:
        path = pdf_path(built_sites, slug, key)
        if key != "easy-read":  # it asks in Easy Read, on its last page (test_easy_read.py)
            assert question in " ".join(page_texts(path)[0].split())
        figures = [alt for tag, alt in structure(path) if tag == "/Figure"]
        assert figures and figures[0] == (
            trust.branding.logo_alt or f"{trust.organisation.name} logo"
        )


@pytest.mark.parametrize("slug", EXAMPLES)
def test_pdfs_are_tagged_titled_and_in_their_language(built_sites, slug: str) -> None:
    loaded = config.load(TRUSTS / slug)
    for key in DOCUMENTS:
        reader = PdfReader(pdf_path(built_sites, slug, key))
        catalog = reader.trailer["/Root"]
        assert catalog["/Lang"] == next(iter(loaded.languages))
        assert bool(catalog["/MarkInfo"]["/Marked"])
        tags = {tag for tag, _ in structure(pdf_path(built_sites, slug, key))}
        assert {"/Document", "/H1", "/P"} <= tags
        authors = " / ".join(dict.fromkeys(t.organisation.name for t in loaded.languages.values()))
        assert reader.metadata.title and reader.metadata.author == authors
        assert pdfua_part(pdf_path(built_sites, slug, key)) == "1"
        # Each language's part is tagged with its language (afon-teifi: Welsh, then English),
        # and every heading of a part (the full policy has one a page) with the part's.
        found = languages_of_headings(pdf_path(built_sites, slug, key))
        assert list(dict.fromkeys(found)) == list(loaded.languages)
        assert found == sorted(found, key=list(loaded.languages).index)


@pytest.mark.parametrize("key", DOCUMENTS)
def test_only_the_bundled_font_is_used_and_it_is_embedded(built_sites, key: str) -> None:
    fonts = embedded_fonts(pdf_path(built_sites, "northbridge", key))
    assert set(fonts) <= {"Arimo-Regular", "Arimo-Bold", "Arimo-Italic"}
    assert all(fonts.values())


@pytest.mark.parametrize("key", DOCUMENTS)
def test_body_text_is_at_least_12_point(built_sites, key: str) -> None:
    logo_words = re.findall(
        r"<text[^>]*>([^<]+)</text>", (TRUSTS / "northbridge" / "logo.svg").read_text()
    )
    runs = text_runs(pdf_path(built_sites, "northbridge", key))
    # The logo's lettering (an SVG) is drawn a letter at a time: join each such word up.
    joined: list[tuple[float, str]] = []
    for size, text in runs:
        if joined and len(text) == 1 and joined[-1][0] == size and joined[-1][1][-1:].isalpha():
            joined[-1] = (size, joined[-1][1] + text)
        else:
            joined.append((size, text))
    logo_words = [word.replace(" ", "") for word in logo_words]
    small = [text for size, text in joined if size < 11.95]
    # Only the running header and footer (10 pt) and the logo's own lettering may be smaller.
    allowed = re.compile(
        r"^(Northbridge Hospitals|Version|·|Published|Review date|Page|\d|of|:|Can I|Recording|Staff|[A-Z][a-z]+ \d{4})"
    )
    unexpected = [t for t in small if not allowed.match(t) and t not in logo_words]
    assert unexpected == []
    assert any(size >= 12 for size, _ in text_runs(pdf_path(built_sites, "northbridge", key)))


@pytest.mark.parametrize("slug", EXAMPLES)
def test_a5_leaflet_fits_four_pages_and_notice_one(built_sites, slug: str) -> None:
    """For each language of the pack: a bilingual leaflet may have 8 pages, its notice 2."""
    languages = len(config.load(TRUSTS / slug).languages)
    assert len(PdfReader(pdf_path(built_sites, slug, "leaflet-a5")).pages) <= 4 * languages
    assert len(PdfReader(pdf_path(built_sites, slug, "notice")).pages) == languages


def test_site_links_each_pdf_with_format_and_size(built_sites) -> None:
    site = built_sites["public"] / "northbridge"
    for key, page in (
        ("leaflet-a5", "patients.html"),
        ("leaflet-a4", "patients.html"),
        ("notice", "notice.html"),
        ("quick-guide", "quick-guide.html"),
    ):
        path = pdf_path(built_sites, "northbridge", key)
        pages = len(PdfReader(path).pages)
        paper = "A5" if key.endswith("a5") else "A4"
        expected = (
            f"(PDF, {paper}, {pages} page{'s' if pages > 1 else ''}, "
            f"{pdf.human_size(path.stat().st_size)})"
        )
        html = (site / page).read_text("utf-8")
        assert f'href="downloads/{path.name}"' in html
        assert expected in html, expected


def test_overlong_leaflet_is_reported(trust_copy, tmp_path: Path) -> None:
    import datetime as dt

    from generator.publishing import build
    from generator.reading.model import Audience

    folder = trust_copy("minimal")
    long_text = " ".join(
        ["Please read this long local arrangement sentence about the scanner room."] * 45
    )
    with (folder / "trust.yml").open("a") as handle:
        handle.write(f"areas:\n  mri:\n    arrangements: {long_text}\n")
    result = build.build_pack(folder, tmp_path / "out", Audience.PUBLIC, dt.date(2026, 12, 1))
    assert any("the A5 leaflet has" in w and "keep it to 4" in w for w in result.warnings), (
        result.warnings
    )


def test_welsh_letters_render_with_the_bundled_font(built_sites) -> None:
    text = " ".join(page_texts(pdf_path(built_sites, "afon-teifi", "leaflet-a4")))
    assert "Ysbyty Glan-y-Môr" in text


def test_human_sizes() -> None:
    assert pdf.human_size(140_400) == "140 KB"
    assert pdf.human_size(400) == "1 KB"
    assert pdf.human_size(1_240_000) == "1.2 MB"


def test_pdfs_are_identical_when_rebuilt_elsewhere(tmp_path: Path) -> None:
    """Two builds in separate processes and folders give byte-identical PDFs."""
    outputs = []
    for name in ("one", "two"):
        trust = tmp_path / name / "minimal"
        shutil.copytree(TRUSTS / "minimal", trust)
        out = tmp_path / name / "site"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "generator",
                "build",
                str(trust),
                "--out",
                str(out),
                "--today",
                "2026-12-01",
                "--draft",  # minimal is a draft: it is never built for the public
            ],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
        outputs.append(
            {p.name: p.read_bytes() for p in (out / "minimal" / "downloads").glob("*.pdf")}
        )
    assert outputs[0] == outputs[1] and len(outputs[0]) == len(pdf.PRINTS)


def test_first_page_renders_to_an_image(built_sites, tmp_path: Path) -> None:
    """The leaflet's first page as PNG (docs/ keeps a copy to look at): logo, brand colour."""
    if not shutil.which("pdftoppm"):
        message = "pdftoppm (poppler-utils) is not installed (./run tests installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from PIL import Image

    source = pdf_path(built_sites, "northbridge", "leaflet-a5")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "72",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(tmp_path / "page"),
        ],
        check=True,
    )
    image = Image.open(tmp_path / "page.png").convert("RGB")
    assert abs(image.size[0] - 420) <= 1 and abs(image.size[1] - 595) <= 1  # A5 at 72 dpi
    colours = image.getcolors(maxcolors=1_000_000) or []
    brand = sum(
        count
        for count, rgb in colours
        if max(abs(a - b) for a, b in zip(rgb, (0, 94, 184), strict=True)) < 12
    )
    white = sum(count for count, rgb in colours if rgb == (255, 255, 255))
    assert brand > 500, "the heading and logo colour should show"
    assert white > image.size[0] * image.size[1] * 0.5, "mostly white paper"


def _items(*lengths: int) -> ET.Element:
    listing = ET.Element("ul")
    for length in lengths:
        ET.SubElement(listing, "li").text = "x" * length
    return listing


@pytest.mark.parametrize(
    ("lengths", "first_column"),
    [
        ((10, 10), 1),
        ((10, 10, 10), 2),  # the first column is the taller, as CSS columns balance
        ((200, 10, 10, 10), 1),  # one long item against three short ones
        ((10, 10, 10, 200), 3),
        ((140, 80, 40, 170, 110, 90, 90, 90), 4),  # the notice's own restrictions, roughly
    ],
)
def test_two_column_lists_are_split_in_order_and_balanced(
    lengths: tuple[int, ...], first_column: int
) -> None:
    columns = pdf.split_list(_items(*lengths))
    assert columns.get("class") == "pp-columns"
    first, second = list(columns)
    assert [len(item.text or "") for item in [*first, *second]] == list(lengths)
    assert len(first) == first_column


def test_the_notice_sets_its_restrictions_in_two_lists(built_sites) -> None:
    """The notice's list of places is split into two lists side by side, all items kept."""
    texts = page_texts(pdf_path(built_sites, "northbridge", "notice"))
    assert len(texts) == 1
    for place in ("X-rays", "MRI scans", "Radiotherapy"):
        assert place in texts[0]


def test_the_render_key_covers_the_data_and_every_picture_by_content(tmp_path: Path) -> None:
    """A PDF is reused only when its render key matches: the key must change with the data and
    with any picture the document uses (not only the logo), and not with where it is."""
    data = {"title": "A notice", "parts": []}
    image = tmp_path / "a" / "extra.png"
    image.parent.mkdir()
    image.write_bytes(b"one")
    first = pdf.render_key(data, {"extra.png": image})
    image.write_bytes(b"two")
    assert pdf.render_key(data, {"extra.png": image}) != first
    elsewhere = tmp_path / "b" / "extra.png"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(b"two")
    assert pdf.render_key(data, {"extra.png": elsewhere}) == pdf.render_key(
        data, {"extra.png": image}
    )
    assert pdf.render_key({**data, "title": "Another"}, {"extra.png": image}) != pdf.render_key(
        data, {"extra.png": image}
    )


def _needs(tool: str, package: str) -> None:
    if not shutil.which(tool):
        message = f"{tool} ({package}) is not installed (./run tests installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_notice_qr_code_scans_to_the_patient_page(
    built_sites, slug: str, tmp_path: Path
) -> None:
    """Each language's page of the notice has a QR code that a real decoder (zbarimg) reads as
    that language's patient page under site.url; a pack without site.url has none."""
    _needs("pdftoppm", "poppler-utils")
    _needs("zbarimg", "zbar-tools")
    loaded = config.load(TRUSTS / slug)
    site_url = loaded.trust.site.url
    for number, language in enumerate(loaded.languages, start=1):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "150", "-f", str(number), "-l", str(number),
             "-singlefile", str(pdf_path(built_sites, slug, "notice")), str(tmp_path / "page")],
            check=True,
        )  # fmt: skip
        scanned = subprocess.run(
            ["zbarimg", "-q", "--raw", str(tmp_path / "page.png")], capture_output=True, text=True
        )
        if site_url is None:
            assert scanned.returncode == 4 and scanned.stdout == ""  # 4: no code found
            continue
        folder = "" if number == 1 else f"{language}/"  # the first language is at the root
        assert scanned.stdout.split() == [f"{str(site_url).rstrip('/')}/{folder}patients.html"]
        # The address it opens is printed beside it, and the code has alt text that says so.
        text = " ".join(page_texts(pdf_path(built_sites, slug, "notice"))[number - 1].split())
        assert scanned.stdout.strip().removeprefix("https://") in _joined(text)
        figures = [alt for tag, alt in structure(pdf_path(built_sites, slug, "notice"))]
        assert any(alt and scanned.stdout.strip() in str(alt) for alt in figures)


def _joined(text: str) -> str:
    """PDF text with the line breaks that printed addresses may have after '/' taken out."""
    return re.sub(r"(?<=/) ", "", text.replace("\u200b", ""))


def test_the_font_coverage_file_is_what_the_fonts_draw() -> None:
    from generator.publishing import typeset

    coverage = (typeset.FONTS / "coverage.txt").read_text("ascii")
    assert coverage == typeset.font_coverage()
    assert all(
        ord(c) in config.printable_characters()
        for c in "ŵŷŴŶâêîôûäëïöü€£…·•\u2013\u2014\u2018\u2019\u201c\u201d"
    )


def test_a_character_no_print_font_has_is_one_line_naming_the_field(
    trust_copy, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.commands.cli import main

    from .conftest import edit_trust

    folder = trust_copy("minimal")
    edit_trust(folder, "name: Fernvale Community Health NHS Trust", "name: Fernvale 健康 Trust")
    monkeypatch.chdir(folder.parent)
    assert main(["validate", "minimal"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines == [
        "minimal/trust.yml:4:3: organisation.name: '健' (U+5065) cannot be printed: the PDFs' "
        "font has no such character; write it another way"
    ]


@pytest.mark.parametrize("audience", ["public", "staff"])
def test_the_full_policy_is_a_controlled_document(built_sites, audience: str) -> None:
    """Document control first (with the equality impact), then every policy page, the
    compliance matrix, and the version history last; linked from the document-control page."""
    trust = config.load(TRUSTS / "northbridge").trust
    path = pdf_path(built_sites, "northbridge", "policy", audience)
    texts = [" ".join(text.split()) for text in page_texts(path)]
    whole = " ".join(texts)
    assert texts[0].count("Document control") == 1 and f"Owner {trust.document.owner}" in texts[0]
    assert "Equality impact Assessed on 19 February 2026" in _joined(whole)
    order = [
        "Document control",
        "Policy: purpose, scope and principles",
        "Policy: the law",
        "Policy: arrangements in each clinical area",
        "Policy: when a patient records",
        "Policy: staff views and support",
        "Policy: involvement, monitoring and review",
        "Compliance with the guidance",
        "Version history",
    ]
    header = f"{trust.organisation.short_name}: {trust.document.title} "
    starts = [0] + [
        next(n for n, text in enumerate(texts) if text.startswith(header + heading))
        for heading in order[1:]
    ]
    assert starts == sorted(starts) and len(set(starts[1:])) == len(starts) - 1  # own sheets
    for entry in trust.document.history:
        assert entry.summary.split()[0] in " ".join(texts[starts[-1] :])
    assert PdfReader(path).metadata.title == trust.document.title
    html = (built_sites[audience] / "northbridge" / "document-control.html").read_text("utf-8")
    assert 'href="downloads/northbridge-policy.pdf"' in html
    assert "Download the full policy (PDF, A4, " in html


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_printed_compliance_matrix_gives_each_row_as_a_record(built_sites, slug: str) -> None:
    """On paper each row of the matrix is a record of its own, in the matrix's order: the
    point after the first column's heading, and its topic, as a heading (and a bookmark), its
    status after the column's heading, then what it asks and how (each whole) and where,
    each after theirs. The rows are the pack's own (data);
    every language of the pack has them."""
    from generator.composing import compose
    from generator.reading.model import Audience

    path = pdf_path(built_sites, slug, "policy")
    whole = _joined(" ".join(" ".join(text.split()) for text in page_texts(path)))
    reader = PdfReader(path)

    def titles(outline: list) -> list[str]:
        return [
            n
            for item in outline
            for n in (titles(item) if isinstance(item, list) else [item.title])
        ]

    bookmarks = titles(reader.outline)
    at = 0
    for language in config.load(TRUSTS / slug).languages:
        pack = compose.render_pack(TRUSTS / slug, Audience.PUBLIC, TODAY, language=language)
        t = i18n.translator(language).gettext
        assert pack.context.recommendations
        for rec in pack.context.recommendations:
            point = f"{t('Guidance')} {rec.id} {' '.join(rec.topic.split())}"
            assert point in bookmarks, (language, point)
            at = whole.index(f"{point} {t('Status')}: {rec.status_label}", at)
            first_place = pack.context.pages[rec.where[0].partition("#")[0]].title
            for label, value in (
                ("What it asks", rec.summary),
                ("How this pack deals with it", rec.how),  # whole: nothing cut off
                ("Where", first_place),
            ):
                at = whole.index(f"{t(label)}: {' '.join(value.split())}", at)


def test_a_document_typst_refuses_is_one_line_naming_no_temporary_folder() -> None:
    import datetime as dt

    from generator.errors import PolicyPackError, TypesetError
    from generator.publishing import typeset

    with pytest.raises(TypesetError) as raised:
        typeset.compile_document({"title": "no parts"}, {}, dt.date(2026, 12, 1))
    message = str(raised.value)
    assert isinstance(raised.value, PolicyPackError)
    assert message and "\n" not in message and "policypack-print-" not in message


@pytest.mark.parametrize("slug", EXAMPLES)
def test_page_counts_are_the_pdfs_own(built_sites, slug: str) -> None:
    from generator.publishing import typeset

    for key in DOCUMENTS:
        path = pdf_path(built_sites, slug, key)
        assert typeset.page_count(path.read_bytes()) == len(PdfReader(path).pages)


def test_print_makes_the_sites_markdown_extensions_without_reading_entry_points(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each name in the base config's markdown_extensions is made as Markdown itself makes it
    (the same class, the same settings), and printing a whole document never asks for the
    installed packages' entry points (which cost each printing process about 30 ms)."""
    import datetime as dt

    import markdown
    import markdown.util

    from generator.composing import compose
    from generator.publishing.site import markdown_extensions
    from generator.reading.model import Audience

    names, configs = markdown_extensions()
    assert names  # the base config has some: tables, admonition, toc ...
    by_markdown = markdown.Markdown()
    for name in names:
        ours = pdf._extension(name, configs.get(name, {}))
        theirs = by_markdown.build_extension(name, configs.get(name, {}))
        assert type(ours) is type(theirs)
        assert ours.getConfigs() == theirs.getConfigs()
    # Markdown's own, by the entry points it registers them under; any other name is left
    # for Markdown to find (a module path, a class, another package's entry point).
    installed: dict[str, str] = {}
    for entry_point in markdown.util.get_installed_extensions():  # the first, as Markdown
        installed.setdefault(entry_point.name, entry_point.value)
    assert {"toc", "tables", "admonition", "attr_list", "md_in_html"} <= pdf._markdowns_own()
    for name in pdf._markdowns_own():
        assert installed[name].startswith(f"markdown.extensions.{name}:")
    for name in ("markdown.extensions.toc:TocExtension", "pymdownx.superfences", "mdx_demo"):
        assert pdf._extension(name, {}) == name

    def no_entry_points() -> object:
        raise AssertionError("print read the installed packages' entry points")

    monkeypatch.setattr(markdown.util, "get_installed_extensions", no_entry_points)
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", "")  # every page converted, none read back
    pack = compose.render_pack(TRUSTS / "northbridge", Audience.PUBLIC, dt.date(2026, 12, 1))
    policy = next(s for s in pdf.PRINTS if s.key == "policy")
    pdf._forget_pages()
    data = pdf.document_data(policy, [(pack.context, pack.markdown)], "logo.svg", "2026-12-01")
    from generator.publishing import print_tree

    assert print_tree.find(data["parts"][0]["body"], "table")


def test_a_compliance_record_too_long_for_a_page_is_split_with_its_heading_kept_on() -> None:
    """A record over print_tree.LONG_ROW characters may run on to the next page, whole; its
    heading never ends a page without the record's first words under it. Records of
    different lengths come before each long one, so that the long ones start at different
    heights on their pages."""
    import datetime as dt
    import io

    from generator.publishing import print_tree, typeset

    words = "Staff explain why the limit exists and what the patient can do instead. "
    rows, heads = [], []
    for number in range(1, 7):
        rows += [
            f"<tr><td>{number}.{k}</td><td><strong>Short</strong>: asks a little</td>"
            "<td>Met</td><td>Done.</td><td>Page</td></tr>"
            for k in range(number)
        ]
        heads.append(f"Guidance {number}.9 Long one {number}")
        rows.append(
            f"<tr><td>{number}.9</td><td><strong>Long one {number}</strong>: asks "
            f"{'much ' * 20}</td><td>Met</td><td>{words * 40}</td><td>Page</td></tr>"
        )
    body = print_tree.parse(
        '<main><h1>Compliance</h1><div class="pp-matrix"><table><thead><tr><th>Guidance</th>'
        "<th>What it asks</th><th>Status</th><th>How this pack deals with it</th><th>Where</th>"
        f"</tr></thead><tbody>{''.join(rows)}</tbody></table></div></main>"
    )
    assert len(print_tree.find(body, "tr", "pp-long")) == 6
    document = {
        **dict(lang="en", kind="policy", paper="A4", title="Records", author="Test"),
        **dict(description="Records", keywords=[], dated="2026-12-01", brand="#005eb8"),
        "generator": "test",
        "draft": "",
        "parts": [
            {
                "lang": "en",
                "header": "Records",
                "facts": ["Version 1"],
                "page_words": ["Page ", " of ", ""],
                "body": body,
            }
        ],
    }
    printed = typeset.compile_document(document, {}, dt.date(2026, 12, 1))
    pages = [
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(printed.pdf)).pages
    ]
    assert printed.pages > 6
    # Without each page's running header ("Records") and footer ("Version 1 Page 2 of 8").
    whole = " ".join(re.sub(r"^Records | ?Version 1 Page \d+ of \d+$", "", p) for p in pages)
    assert whole.count(" ".join(words.split())) == 6 * 40  # every word of every record
    run_on = 0
    for number, head in enumerate(heads, start=1):
        (page,) = [text for text in pages if head in text]
        assert f"{head} Status: Met What it asks:" in page, head
        run_on += f"Guidance {number}.{number - 1} Short" in page  # no gap before it
    # Kept whole, a record two-thirds of a page long would start a new page whenever less
    # than that is left; split, it starts where the one before it ended (but for a heading
    # at the very foot of a page, which goes over with it).
    assert run_on >= 4, run_on


@pytest.mark.parametrize("slug", EXAMPLES)
def test_no_printed_word_of_an_example_holds_a_hidden_break(built_sites, slug: str) -> None:
    """A line may break inside an address only between its pieces (after '/', '@', '#' ...),
    which are boxes side by side, so no zero-width space is put in its text, to be copied
    with the address from the PDF. (Only a word of over 30 characters with no such place,
    which no example has, gets one.)"""
    _needs("pdftotext", "poppler-utils")  # pypdf leaves such a character out
    printed = sorted((built_sites["public"] / slug).glob("**/downloads/*.pdf"))
    assert len(printed) >= len(DOCUMENTS) - 1  # a draft has no Easy Read leaflet to check
    for pdf_file in printed:
        text = subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf_file), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert len(text) > 500 and "\u200b" not in text, pdf_file.name
