"""The Easy Read version of the patient information (issue 16): in every pack and language, made
from the pack's own facts, in short sentences with a picture beside every point, large type,
tagged PDFs, and gates on the Easy Read text a trust writes."""

from __future__ import annotations

import html.parser
import json
from functools import cache
from pathlib import Path

import pytest
from PIL import Image

from generator import i18n
from generator.checking import easy_read, gates, readability
from generator.commands.cli import main
from generator.composing import compose, pictures
from generator.composing.compose import RenderedPack
from generator.errors import ConfigError
from generator.publishing import build, pdf
from generator.reading import config
from generator.reading.model import Audience, EasyReadPicture

from .browser import serve_folder
from .conftest import EXAMPLES, TODAY, TRUSTS, add_to_trust, edit_trust
from .pdfs import languages_of_headings, page_texts, pdfua_part, structure, text_runs

PACKS = [
    (slug, language)
    for slug in EXAMPLES
    for language in config.load(TRUSTS / slug).trust.site.languages
]


@cache
def rendered(slug: str, language: str) -> RenderedPack:
    loaded = config.load(TRUSTS / slug)
    return compose.render_pack(loaded.folder, Audience.PUBLIC, TODAY, language=language)


def page_of(pack: RenderedPack) -> str:
    return pack.markdown[pack.context.pages["easy_read"].file]


def sentences_of(markdown: str) -> list[str]:
    return [s for text in readability.paragraphs(markdown) for s in easy_read.sentences(text)]


class _Points(html.parser.HTMLParser):
    """Each Easy Read point of a page: its picture's alt text and its words."""

    def __init__(self) -> None:
        super().__init__()
        self.points: list[dict[str, str]] = []
        self.depth = 0  # <div>s open inside the current point
        self.italic = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in ("em", "i"):
            self.italic += 1
        if tag == "div" and "pp-point" in (values.get("class") or "").split():
            self.points.append({"alt": "", "src": "", "words": "", "pictures": ""})
            self.depth = 1
        elif tag == "div" and self.depth:
            self.depth += 1
        elif tag == "img" and self.depth:
            point = self.points[-1]
            point["pictures"] += "x"
            point["alt"], point["src"] = values.get("alt") or "", values.get("src") or ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "div" and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.points[-1]["words"] += data


# --- the page: in every pack and language, from the pack's own facts ---------------------------


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_every_pack_has_the_easy_read_page_under_for_patients(slug: str, language: str) -> None:
    pack = rendered(slug, language)
    spec = next(s for s in pack.pages if s.key == "easy_read")
    t = i18n.translator(language).gettext
    assert spec.section == t("For patients")
    assert spec.title.startswith("Hawdd ei Ddeall" if language == "cy" else "Easy Read")
    assert page_of(pack).startswith(f"# {spec.title}\n")


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_every_sentence_has_at_most_15_words(slug: str, language: str) -> None:
    found = sentences_of(page_of(rendered(slug, language)))
    assert len(found) >= 30
    long = [s for s in found if len(s.split()) > readability.EASY_READ_WORDS]
    assert long == []


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_english_easy_read_has_a_reading_age_of_8_at_most(slug: str) -> None:
    report = rendered(slug, "en").readability
    score = next(p for p in report.pages if p.key == "easy_read")
    assert score.target == readability.EASY_READ_AGE == 8
    assert score.reading_age <= 8, score.worst()


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_it_says_what_the_pack_decided(slug: str, language: str) -> None:
    """Restrictions, arrangements and choices come from the pack's facts (the context), never
    from what the standard text happens to say."""
    pack = rendered(slug, language)
    ctx, page = pack.context, page_of(pack)
    for area in ctx.areas:
        said = area.restrictions or area.arrangements or area.keepsake_images or area.easy_read
        if said or not area.recording_allowed or area.key != "clinical_discussions":
            assert area.easy_read_title in page  # talks with staff are said in "You can record"
        if area.easy_read:
            first = area.easy_read.split("\n\n")[0]
            assert first in page
            for restriction in area.restrictions:  # the trust's words replace them all
                standard = restriction.easy_read
                assert not standard or standard not in page or standard in area.easy_read
        else:
            for restriction in area.restrictions:
                if restriction.easy_read and area.recording_allowed:
                    assert restriction.easy_read in page, restriction.easy_read
    for area in ctx.areas:  # a trust's long leaflet sentences never appear
        for restriction in area.restrictions:
            if len(restriction.explanation.split()) > readability.EASY_READ_WORDS:
                assert restriction.explanation not in page
        if area.arrangements and not area.easy_read:
            assert area.arrangements.split("\n\n")[0] not in page
    notice = ctx.org.privacy_notice  # linked from the health-record point only when set
    assert (notice is not None) == bool(notice and f"]({notice})" in page)
    for contact in (ctx.imaging, ctx.patient_advice, ctx.other_formats):
        assert contact.name in page
        for way in (contact.phone, contact.email):
            assert not way or way in page


def test_a_written_permission_pack_says_ask_first(trust_copy) -> None:
    folder = trust_copy("minimal")
    before = page_of(compose.render_pack(folder, Audience.PUBLIC, TODAY))
    assert "You do **not** need to ask us first." in before
    add_to_trust(
        folder,
        """policy:
  permission: written
deviations:
  - rule: written-permission
    justification: Our patient group asked for it.
    approved_by: Imaging Governance Group
    approved_on: 2026-09-01
""",
    )
    after = page_of(compose.render_pack(folder, Audience.PUBLIC, TODAY))
    assert "You must **ask** staff before you record." in after
    assert "You do **not** need to ask us first." not in after


def test_an_areas_own_easy_read_words_replace_the_standard_ones(trust_copy) -> None:
    folder = trust_copy("minimal")
    standard = page_of(compose.render_pack(folder, Audience.PUBLIC, TODAY))
    default = "Keep your phone and other metal things out of the scanner room."
    assert default in standard  # the standard restriction's own Easy Read words
    add_to_trust(
        folder,
        "areas:\n  mri:\n    easy_read: Leave your phone in the locker. The magnet is strong.\n",
    )
    own = page_of(compose.render_pack(folder, Audience.PUBLIC, TODAY))
    assert "Leave your phone in the locker. The magnet is strong." in own
    assert default not in own


def test_a_trusts_own_restriction_without_easy_read_words_gets_its_reasons_sentence(
    trust_copy,
) -> None:
    folder = trust_copy("minimal")
    add_to_trust(
        folder,
        """areas:
  ct:
    restrictions:
      - where: in the CT control room, where the radiographers watch the screens closely
        reason: concentration
        explanation: The radiographers need to watch every image as it is made.
""",
    )
    page = page_of(compose.render_pack(folder, Audience.PUBLIC, TODAY))
    assert "At some times staff need to think hard. They will tell you when to stop." in page
    assert "control room" not in page


def test_a_service_without_recording_says_so_and_nothing_that_assumes_it(trust_copy) -> None:
    from .test_wording import DEVIATIONS

    folder = trust_copy("minimal")
    add_to_trust(folder, DEVIATIONS)
    page = page_of(compose.render_pack(folder, Audience.PUBLIC, TODAY))
    for title in ("**Radiotherapy**", "**Ultrasound scans, like baby scans**"):
        block = page[page.index(title) :].split("</div>")[0]
        assert "You cannot record at any time here." in block, title
    assert "photo with the team" not in page and "when you can take a photo" not in page


def test_what_the_easy_read_can_only_say_in_general_is_a_warning(trust_copy) -> None:
    """A trust's own restriction or arrangements without Easy Read words: the build warns
    (the page gives the standard sentence) and names where to add them."""
    folder = trust_copy("minimal")
    add_to_trust(
        folder,
        """areas:
  ct:
    restrictions:
      - where: in the CT control room
        reason: concentration
        explanation: The radiographers need to watch every image as it is made.
  mri:
    arrangements: We will give you a locker for your phone.
""",
    )
    loaded = config.load(folder)
    name = loaded.trust.organisation.name
    assert easy_read.advice(name, loaded.trust) == [
        f"{name}: areas.ct.restrictions.0 has no easy_read, so the Easy Read version gives only "
        "the standard sentence for concentration, not where or when; add easy_read to it, or "
        "to areas.ct",
        f"{name}: the Easy Read version does not give areas.mri.arrangements (it asks the reader "
        "to ask staff); say it in areas.mri.easy_read",
    ]
    assert set(easy_read.advice(name, loaded.trust)) <= set(
        gates.check(loaded.trust, TODAY, languages=loaded.languages).warnings
    )
    for slug in EXAMPLES:  # the examples say everything in Easy Read words of their own
        example = config.load(TRUSTS / slug).trust
        assert easy_read.advice(slug, example) == [], slug


# --- pictures: one beside every point, described, replaceable ---------------------------------


@pytest.mark.parametrize(("slug", "language"), PACKS)
def test_every_point_has_one_picture_with_alt_text_in_its_language(
    built_sites, slug: str, language: str
) -> None:
    loaded = config.load(TRUSTS / slug)
    folder = "" if language == loaded.trust.site.languages[0] else f"{language}/"
    page = built_sites["public"] / slug / f"{folder}easy-read.html"
    points = _Points()
    points.feed(page.read_text("utf-8"))
    assert len(points.points) >= 15
    assert points.italic == 0  # no italics in Easy Read
    standard = pictures.standard()
    for point in points.points:
        assert point["pictures"] == "x", point  # exactly one picture
        key = Path(point["src"]).stem
        assert point["alt"] == standard[key]["alt"][language]
        assert (page.parent / point["src"]).is_file(), point["src"]
        assert point["words"].strip()


@pytest.mark.browser
def test_on_the_web_each_picture_is_on_the_left_of_its_words_in_large_type(
    built_sites, browser
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    with serve_folder(built_sites["public"]) as base:
        page.goto(f"{base}/northbridge/easy-read.html")
        boxes = page.eval_on_selector_all(
            ".pp-point",
            """points => points.map(p => {
                const picture = p.querySelector('img').getBoundingClientRect();
                const words = p.querySelector('.pp-words').getBoundingClientRect();
                const size = parseFloat(getComputedStyle(p.querySelector('.pp-words p')).fontSize);
                return [picture.right, words.left, picture.top, words.top, words.bottom,
                        picture.width, size];
            })""",
        )
        body = page.eval_on_selector("article p", "p => parseFloat(getComputedStyle(p).fontSize)")
    page.close()
    assert len(boxes) >= 15
    for right, left, top, words_top, words_bottom, width, size in boxes:
        assert right <= left  # the picture is on the left of the words
        assert top < words_bottom and words_top < top + width  # beside them, not above
        assert width >= 64
        assert size >= 20 and size > body  # larger than the site's other pages' text


def test_a_trust_may_use_its_own_photo_for_any_point(tmp_path: Path, trust_copy) -> None:
    folder = trust_copy("northbridge")
    (folder / "photos").mkdir()
    Image.new("RGB", (320, 240), (40, 90, 160)).save(folder / "photos" / "scanner.jpg")
    edit_trust(
        folder,
        "areas:\n",
        """easy_read:
  pictures:
    mri:
      file: photos/scanner.jpg
      alt: Our MRI scanner, a big white ring with a bed in front of it.

areas:
""",
    )
    built = build.build_pack(folder, tmp_path / "out", Audience.PUBLIC, TODAY)
    html = (built.target / "easy-read.html").read_text("utf-8")
    assert 'src="assets/easy-read/mri.jpg"' in html
    assert 'alt="Our MRI scanner, a big white ring with a bed in front of it."' in html
    assert (built.target / "assets" / "easy-read" / "mri.jpg").is_file()
    assert not (built.target / "assets" / "easy-read" / "mri.svg").exists()
    figures = [
        alt
        for tag, alt in structure(built.target / "downloads" / f"{folder.name}-easy-read.pdf")
        if tag == "/Figure"
    ]
    assert "Our MRI scanner, a big white ring with a bed in front of it." in figures


def _link_to_html(path: Path) -> None:
    Image.new("RGB", (8, 8)).save(path.parent / "page.html", format="PNG")
    path.symlink_to("page.html")


def _photo_with_gps(path: Path) -> None:
    image = Image.new("RGB", (32, 32), (40, 90, 160))
    exif = Image.Exif()
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPSLatitude
    image.save(path, exif=exif)


@pytest.mark.parametrize(
    ("file", "make", "message"),
    [
        ("../outside.png", None, "easy_read.pictures.phone.file: must be a file inside the trust"),
        ("missing.png", None, "easy_read.pictures.phone.file: 'missing.png' is not in the trust"),
        ("photo.gif", None, 'easy_read.pictures.phone.file: "photo.gif" must be an .svg, .png'),
        (
            "bad.svg",
            lambda p: p.write_text(
                '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
            ),
            "easy_read.pictures.phone.file: bad.svg contains <script>, which a picture may not",
        ),
        (
            "fake.png",
            lambda p: p.write_text("not a picture"),
            "easy_read.pictures.phone.file: fake.png is not a readable PNG image",
        ),
        (
            "gps.jpg",
            _photo_with_gps,
            "easy_read.pictures.phone.file: gps.jpg records where it was taken (GPS)",
        ),
        (
            "link.png",
            lambda p: _link_to_html(p),
            "easy_read.pictures.phone.file: 'link.png' is a link to a file of another kind",
        ),
    ],
)
def test_a_trusts_photo_is_checked_like_the_logo(trust_copy, capsys, file, make, message) -> None:
    folder = trust_copy("minimal")
    if make:
        make(folder / file)
    add_to_trust(folder, f"easy_read:\n  pictures:\n    phone: {{file: {file}, alt: A phone.}}\n")
    assert main(["validate", str(folder)]) == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert message in line, line


def test_a_photo_for_a_picture_no_page_shows_is_a_warning(tmp_path: Path, trust_copy) -> None:
    folder = trust_copy("minimal")
    Image.new("RGB", (32, 32), (40, 90, 160)).save(folder / "post.png")
    add_to_trust(folder, "easy_read:\n  pictures:\n    letter: {file: post.png, alt: A letter.}\n")
    built = build.build_pack(folder, tmp_path / "out", Audience.PUBLIC, TODAY, draft=True)
    assert built.warnings == (
        f"{folder.name}: easy_read.pictures.letter replaces a picture that no page of this pack "
        "shows, so it is not published",
    )
    assert not list((built.target / "assets" / "easy-read").glob("letter.*"))


def test_the_model_names_every_picture_of_the_set() -> None:
    assert {key.value for key in EasyReadPicture} == set(pictures.standard())


def test_hostile_alt_text_of_an_own_photo_stays_text(tmp_path: Path, trust_copy) -> None:
    folder = trust_copy("minimal")
    Image.new("RGB", (32, 32), (40, 90, 160)).save(folder / "phone.png")
    alt = "Our [a](x/onload=alert(1)//) `code` \"quoted\" 'single' <b>phone</b> *x* _y_"
    add_to_trust(
        folder,
        "easy_read:\n  pictures:\n    phone:\n      file: phone.png\n"
        f"      alt: {json.dumps(alt)}\n",
    )
    built = build.build_pack(folder, tmp_path / "out", Audience.PUBLIC, TODAY, draft=True)
    found: list[dict[str, str | None]] = []

    class Images(html.parser.HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "img" and dict(attrs).get("src", "").endswith("phone.png"):
                found.append(dict(attrs))

    Images().feed((built.target / "easy-read.html").read_text("utf-8"))
    assert found and all(
        set(attrs) == {"class", "src", "alt", "width", "height"} for attrs in found
    )
    assert all(attrs["alt"] == alt for attrs in found)


def test_an_own_photo_is_in_every_language_and_a_new_photo_is_a_new_pdf(
    tmp_path: Path, trust_copy, capsys
) -> None:
    folder = trust_copy("afon-teifi")
    Image.new("RGB", (64, 64), (90, 40, 110)).save(folder / "ward.png")
    edit_trust(
        folder,
        "site:\n",
        "easy_read:\n  pictures:\n    hospital:\n      file: ward.png\n      alt:\n"
        "        en: Our hospital in Aberteifi.\n        cy: Ein hysbyty yn Aberteifi.\n\nsite:\n",
    )
    out = tmp_path / "out"
    argv = ["build", str(folder), "--out", str(out), "--today", "2026-12-01"]
    assert main(argv) == 0
    path = out / folder.name / "downloads" / f"{folder.name}-easy-read.pdf"
    figures = [alt for tag, alt in structure(path) if tag == "/Figure"]
    assert "Ein hysbyty yn Aberteifi." in figures and "Our hospital in Aberteifi." in figures
    before = path.read_bytes()
    leaflet = (out / folder.name / "downloads" / f"{folder.name}-leaflet-a4.pdf").read_bytes()
    Image.new("RGB", (64, 64), (20, 120, 60)).save(folder / "ward.png")  # the same name
    assert main(argv) == 0
    assert path.read_bytes() != before  # printed again, not reused from the earlier build
    assert (
        out / folder.name / "downloads" / f"{folder.name}-leaflet-a4.pdf"
    ).read_bytes() == leaflet
    capsys.readouterr()


def test_a_welsh_pack_needs_its_photos_described_in_welsh(trust_copy) -> None:
    folder = trust_copy("afon-teifi")
    Image.new("RGB", (64, 64), (90, 40, 110)).save(folder / "ward.png")
    edit_trust(
        folder,
        "site:\n",
        "easy_read:\n  pictures:\n    hospital:\n      file: ward.png\n"
        "      alt: Our hospital in Aberteifi.\n\nsite:\n",
    )
    with pytest.raises(ConfigError, match=r"easy_read\.pictures\.hospital\.alt: needs Welsh"):
        config.load(folder)


# --- the gates: Easy Read text a trust writes ------------------------------------------------


def test_the_defaults_easy_read_words_pass_their_own_gate() -> None:
    for slug in EXAMPLES:
        loaded = config.load(TRUSTS / slug)
        assert list(easy_read.texts(loaded.trust)), slug
        assert easy_read.failures(slug, loaded.languages) == [], slug


def test_a_long_easy_read_sentence_is_refused_naming_the_field(trust_copy, capsys) -> None:
    folder = trust_copy("northbridge")
    long = "You can put your phone in a box and we will keep it safe for you till you go home."
    edit_trust(
        folder,
        "      We will give you a locker for your phone. You can record your talk with staff "
        "before and after your scan.",
        f"      {long}",
    )
    loaded = config.load(folder)
    found = easy_read.failures("Northbridge", loaded.languages)
    assert found == [
        f'Northbridge: areas.mri.easy_read: "{long}" has 20 words; an Easy Read sentence has '
        "at most 15 (make it two sentences)"
    ]
    out = folder.parent / "out"
    assert main(["build", str(folder), "--out", str(out), "--today", "2026-12-01"]) == 1
    err = capsys.readouterr().err
    assert "areas.mri.easy_read:" in err and long in err
    assert not (out / folder.name).exists()


def test_hard_easy_read_words_are_refused_for_their_reading_age(trust_copy) -> None:
    folder = trust_copy("minimal")
    add_to_trust(
        folder,
        "areas:\n  ct:\n    easy_read: Radiographers administer intravenous contrast "
        "occasionally. Photography is prohibited.\n",
    )
    loaded = config.load(folder)
    name = loaded.trust.organisation.name
    (failure,) = easy_read.failures(name, loaded.languages)
    assert failure.startswith(f"{name}: areas.ct.easy_read: reading age ")
    assert "above 8 for Easy Read" in failure and "\n" not in failure
    result = gates.check(loaded.trust, TODAY, languages=loaded.languages)
    assert failure in result.failures


def test_a_long_welsh_easy_read_sentence_is_refused_too(trust_copy) -> None:
    folder = trust_copy("afon-teifi")
    welsh = " ".join(["gair"] * 16) + "."
    edit_trust(
        folder,
        "areas:\n",
        f"areas:\n  mri:\n    easy_read:\n      en: Leave your phone outside.\n      cy: {welsh}\n",
    )
    loaded = config.load(folder)
    found = easy_read.failures("Afon Teifi", loaded.languages)
    assert found == [
        f'Afon Teifi: areas.mri.easy_read (cy): "{welsh}" has 16 words; an Easy Read sentence '
        "has at most 15 (make it two sentences)"
    ]


# --- the PDF: A4, 14 pt or larger, a tagged figure for every picture, every language ---------


@pytest.mark.parametrize("slug", EXAMPLES)
def test_the_easy_read_pdf_is_large_type_tagged_and_in_every_language(
    built_sites, slug: str
) -> None:
    loaded = config.load(TRUSTS / slug)
    path = built_sites["public"] / slug / "downloads" / f"{slug}-easy-read.pdf"
    runs = text_runs(path)
    assert 16.0 in {size for size, _ in runs}  # the body text
    # Below 14 pt only the letters drawn in the logo itself, once in each language's part.
    small = "".join(text for size, text in runs if size < 14).replace(" ", "")
    logo = _logo_text(loaded.logo_path)
    assert set(small) <= set(logo) and len(small) <= len(logo) * len(loaded.trust.site.languages)
    assert pdfua_part(path) == "1"
    assert languages_of_headings(path) == [str(code) for code in loaded.trust.site.languages]
    tags = structure(path)
    figures = [alt for tag, alt in tags if tag == "/Figure"]
    points = 0
    for language in loaded.trust.site.languages:
        parser = _Points()
        folder = "" if language == loaded.trust.site.languages[0] else f"{language}/"
        parser.feed((built_sites["public"] / slug / f"{folder}easy-read.html").read_text("utf-8"))
        points += len(parser.points)
        for point in parser.points:
            assert point["alt"] in figures  # each picture is a figure with its alt text
    assert len(figures) == points + len(loaded.trust.site.languages)  # and each part's logo
    assert all(alt for alt in figures)
    text = " ".join(page_texts(path))
    for language in loaded.trust.site.languages:
        t = i18n.translator(language).gettext
        assert t("Hard words") in text


def _logo_text(logo: Path) -> str:
    """The letters an SVG logo draws as text (none for a PNG)."""
    if logo.suffix.lower() != ".svg":
        return ""
    from defusedxml.ElementTree import parse

    root = parse(str(logo)).getroot()
    texts = root.iter("{http://www.w3.org/2000/svg}text")
    return "".join("".join(text.itertext()) for text in texts).replace(" ", "")


def test_the_easy_read_pdf_is_linked_from_its_page_and_the_leaflet(built_sites) -> None:
    target = built_sites["public"] / "northbridge"
    page = (target / "easy-read.html").read_text("utf-8")
    assert 'href="downloads/northbridge-easy-read.pdf"' in page
    assert "Print this Easy Read leaflet (PDF, A4," in page
    leaflet = " ".join(page_texts(target / "downloads" / "northbridge-leaflet-a4.pdf")[:1])
    leaflet = leaflet.replace("\u200b", "")
    assert (
        "There is an Easy Read version of this leaflet at "
        "www.northbridge.example/recording-your-care/easy-read.html." in leaflet
    )


def test_a_pack_without_a_web_address_says_to_ask_for_the_easy_read(trust_copy) -> None:
    folder = trust_copy("minimal")
    loaded = config.load(folder)
    assert loaded.trust.site.url is None
    pack = compose.render_pack(folder, Audience.PUBLIC, TODAY, draft=True)
    spec = next(s for s in pdf.PRINTS if s.key == "leaflet-a4")
    data = pdf.document_data(spec, [(pack.context, pack.markdown)], "logo.svg", "2026-12-01")
    from generator.publishing import print_tree

    words = " ".join(print_tree.text_of(n) for n in data["parts"][0]["body"])
    assert "Ask us for the Easy Read version of this leaflet." in words


def _never(*_: object, **__: object) -> object:
    raise AssertionError("read again, not taken from the cache")


@pytest.mark.parametrize("change", ["a script", "a link to another kind", "a link outside"])
def test_an_own_picture_changed_after_a_check_is_checked_again(
    trust_copy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    """The validated trust is kept in the cache (the second load reads no trust.yml); a
    picture replaced since is not taken on trust: it is checked again, and refused."""
    from generator.reading import source

    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "cache"))
    folder = trust_copy("minimal")
    picture = folder / "phone.svg"
    picture.write_bytes((pictures.standard()["phone"]["path"]).read_bytes())
    add_to_trust(folder, "easy_read:\n  pictures:\n    phone: {file: phone.svg, alt: A phone.}\n")
    assert config.load(folder).own_pictures["phone"] == picture.resolve()
    with monkeypatch.context() as patched:
        patched.setattr(source, "read", _never)
        assert config.load(folder).own_pictures["phone"] == picture.resolve()
    if change == "a script":
        picture.write_text(
            '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "utf-8"
        )
        expected = r"easy_read\.pictures\.phone\.file: .*<script>"
    elif change == "a link to another kind":
        (folder / "page.html").write_bytes(picture.read_bytes())
        picture.unlink()
        picture.symlink_to("page.html")
        expected = r"easy_read\.pictures\.phone\.file: 'phone\.svg' is a link to a file of another"
    else:
        outside = tmp_path / "outside.svg"
        outside.write_bytes(picture.read_bytes())
        picture.unlink()
        picture.symlink_to(outside)
        expected = r"easy_read\.pictures\.phone\.file: 'phone\.svg' is outside the trust folder"
    with pytest.raises(ConfigError, match=expected):
        config.load(folder)
