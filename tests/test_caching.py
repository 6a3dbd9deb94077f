"""Where work is kept between runs (compiled templates, the syllable table), and how safely."""

from __future__ import annotations

import datetime as dt
import os
import pickle
from pathlib import Path

import pytest

from generator import caching, resources
from generator.checking import readability
from generator.errors import ConfigError
from generator.publishing import reviews
from generator.reading import config, nations, source

from .conftest import TRUSTS, edit_trust


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({"POLICYPACK_CACHE_DIR": "/srv/cache", "XDG_CACHE_HOME": "/x"}, Path("/srv/cache")),
        ({"POLICYPACK_CACHE_DIR": "", "XDG_CACHE_HOME": "/x"}, None),
        ({"XDG_CACHE_HOME": "/x"}, Path("/x/policypack")),
        ({"XDG_CACHE_HOME": "relative"}, Path("/home/u/.cache/policypack")),
        ({}, Path("/home/u/.cache/policypack")),
    ],
)
def test_the_cache_is_the_users_unless_told_otherwise(
    variables: dict[str, str], expected: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("POLICYPACK_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("HOME", "/home/u")
    assert caching.root() == expected


def test_a_relative_cache_folder_is_made_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", "relative/cache")
    assert caching.root() == tmp_path / "relative" / "cache"


def test_a_folder_that_cannot_be_made_is_no_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "file"))
    assert caching.folder("jinja") is None
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "cache"))
    assert caching.folder("jinja") == tmp_path / "cache" / "jinja"
    assert (tmp_path / "cache" / "jinja").is_dir()


def test_files_are_written_whole_or_not_at_all(tmp_path: Path) -> None:
    assert caching.write_atomically(tmp_path / "kept", b"data")
    assert (tmp_path / "kept").read_bytes() == b"data"
    assert not caching.write_atomically(tmp_path / "missing" / "kept", b"data")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["kept"]  # nothing half-written


# --- what a run reads back instead of doing again: data files, trusts, nations, scores ---------


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, empty."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(folder))
    return folder


def _unusable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    if how == "not a folder":
        (tmp_path / "file").write_text("a file where the cache folder would be")
        monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "file"))
    else:
        monkeypatch.setenv("POLICYPACK_CACHE_DIR", "")


def _never(*_: object, **__: object) -> object:
    raise AssertionError("done again, not read from the cache")


def test_remembered_makes_once_per_inputs(cache: Path) -> None:
    made: list[bytes] = []

    def make(inputs: bytes) -> dict[str, bytes]:
        made.append(inputs)
        return {"made from": inputs}

    for inputs in (b"one", b"one", b"two", b"one"):
        result = caching.remembered("things", inputs, lambda i=inputs: make(i), dict)
        assert result == {"made from": inputs}
    assert made == [b"one", b"two"]
    assert len(list((cache / "things").glob("*.pickle"))) == 2


def test_remembered_passes_over_a_damaged_or_foreign_entry(cache: Path) -> None:
    assert caching.remembered("things", b"x", lambda: {"a": 1}, dict) == {"a": 1}
    (entry,) = (cache / "things").glob("*.pickle")
    for stored in (b"not a pickle", pickle.dumps(["a list, not a dict"])):
        entry.write_bytes(stored)
        assert caching.remembered("things", b"x", lambda: {"a": 2}, dict) == {"a": 2}


@pytest.mark.parametrize("how", ["not a folder", "switched off"])
def test_remembered_without_a_usable_cache_makes_each_time(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _unusable(tmp_path, monkeypatch, how)
    made: list[int] = []
    for _ in range(2):
        assert caching.remembered("things", b"x", lambda: made.append(1) or {"a": 1}, dict)
    assert made == [1, 1]


def test_the_code_hash_changes_when_a_file_does(tmp_path: Path) -> None:
    """caching.code() names policypack's code as caching.tree names any folder: by each
    file's path, size, modification and change times and inode, compiled modules left out."""
    (tmp_path / "sub").mkdir()
    module = tmp_path / "sub" / "module.py"
    module.write_text("x = 1\n")
    before = caching.tree(str(tmp_path))
    (tmp_path / "sub" / "__pycache__").mkdir()
    (tmp_path / "sub" / "__pycache__" / "module.pyc").write_bytes(b"compiled")
    assert caching.tree(str(tmp_path)) == before
    stat = module.stat()
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert caching.tree(str(tmp_path)) != before
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    # Its modification time put back (as `cp -p` or `touch -d` would): its change time says.
    assert caching.tree(str(tmp_path)) != before
    module.write_text("x = 22\n")
    os.utime(module, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert caching.tree(str(tmp_path)) != before  # another size
    (tmp_path / "new.py").write_text("")
    assert caching.tree(str(tmp_path)) != before
    assert caching.code() == caching.tree(str(Path(caching.__file__).parent))


def test_a_data_file_is_read_back_from_the_cache_until_it_changes(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import yaml

    path = tmp_path / "data.yml"
    path.write_text("a: [1, 2.5, true, null, x]\nb: {c: 'd'}\n", "utf-8")
    expected = yaml.safe_load(path.read_text("utf-8"))
    assert resources.read_yaml(path) == expected
    assert len(list((cache / "data").glob("*.marshal"))) == 1
    with monkeypatch.context() as patched:
        patched.setattr(yaml, "load", _never)
        assert resources.read_yaml(path) == expected  # no YAML read
    path.write_text("a: changed\n", "utf-8")
    assert resources.read_yaml(path) == {"a": "changed"}


def test_a_damaged_or_unusable_data_cache_is_passed_over(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "data.yml"
    path.write_text("a: 1\nday: 2026-12-01\n", "utf-8")
    expected = {"a": 1, "day": dt.date(2026, 12, 1)}  # marshal cannot keep a date
    assert resources.read_yaml(path) == expected
    assert not list((cache / "data").glob("*.marshal"))
    path.write_text("a: 1\n", "utf-8")
    assert resources.read_yaml(path) == {"a": 1}
    (entry,) = (cache / "data").glob("*.marshal")
    entry.write_bytes(b"\xff not marshal data")
    assert resources.read_yaml(path) == {"a": 1}
    for how in ("not a folder", "switched off"):
        _unusable(tmp_path, monkeypatch, how)
        assert resources.read_yaml(path) == {"a": 1}


def test_every_shipped_data_file_reads_back_the_same(cache: Path) -> None:
    for path in sorted(resources.DATA.glob("*.yml")):
        first = resources.read_yaml(path)
        again = resources.read_yaml(path)
        assert again == first and repr(again) == repr(first), path.name


def test_a_trust_is_validated_once_until_an_input_changes(
    cache: Path, trust_copy, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = trust_copy("minimal")
    first = config.load(folder)
    with monkeypatch.context() as patched:  # the next run reads it back: no YAML, no pydantic
        patched.setattr(source, "read", _never)
        again = config.load(folder)
    assert again == first
    assert again.trust.model_dump() == first.trust.model_dump()
    assert again.logo_path == first.logo_path and again.slug == first.slug
    edit_trust(folder, "name:", "name: Renamed\n  old_name:")
    with pytest.raises(ConfigError, match="old_name"):  # validated afresh, so refused
        config.load(folder)


def test_an_edited_trust_is_validated_afresh(cache: Path, trust_copy) -> None:
    folder = trust_copy("minimal")
    before = config.load(folder).trust.document.version
    text = (folder / "trust.yml").read_text("utf-8")
    (folder / "trust.yml").write_text(text.replace(f'"{before}"', '"99"', 1), "utf-8")
    assert config.load(folder).trust.document.version == "99"


def test_a_changed_logo_is_checked_again(cache: Path, trust_copy, tmp_path: Path) -> None:
    folder = trust_copy("minimal")
    config.load(folder)
    (folder / "logo.svg").write_text("<svg><script>alert(1)</script></svg>", "utf-8")
    with pytest.raises(ConfigError, match=r"branding\.logo"):
        config.load(folder)
    outside = tmp_path / "outside.svg"
    outside.write_text((TRUSTS / "minimal" / "logo.svg").read_text("utf-8"), "utf-8")
    (folder / "logo.svg").unlink()
    (folder / "logo.svg").symlink_to(outside)  # the same bytes, outside the folder
    with pytest.raises(ConfigError, match="outside the trust folder"):
        config.load(folder)


@pytest.mark.parametrize("how", ["not a folder", "switched off", "damaged"])
def test_an_unusable_trust_cache_is_passed_over(
    how: str, trust_copy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = trust_copy("minimal")
    expected = config.load(folder)  # the tests' own cache
    if how == "damaged":
        monkeypatch.setenv("POLICYPACK_CACHE_DIR", str(tmp_path / "cache"))
        config.load(folder)
        for entry in (tmp_path / "cache" / "trusts").glob("*.pickle"):
            entry.write_bytes(b"damaged")
    else:
        _unusable(tmp_path, monkeypatch, how)
    assert config.load(folder).trust == expected.trust


def test_nations_are_read_back_validated(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    nations._load.cache_clear()
    try:
        first = nations._load()
        nations._load.cache_clear()
        with monkeypatch.context() as patched:
            patched.setattr(resources, "read_yaml", _never)  # nor validated: read() does both
            again = nations._load()
        assert again == first
        assert all(isinstance(facts, nations.NationFacts) for facts in again.values())
    finally:
        nations._load.cache_clear()


def test_readability_scores_are_read_back_the_same(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "You can record your scan. Please tell us first.\n\nWe may ask you to stop."
    pages = {"patients": ("Recording", text), "notice": ("Notice", text + "\n\nThank you.")}
    first = readability.report(pages, 9)
    assert first.pages == tuple(readability.score_page(k, *pages[k], 9) for k in pages)
    with monkeypatch.context() as patched:
        patched.setattr(readability, "score_page", _never)
        assert readability.report(pages, 9) == first
    changed = {**pages, "notice": ("Notice", "A different text to score.")}
    assert readability.report(changed, 9).pages[1] == readability.score_page(
        "notice", *changed["notice"], 9
    )


@pytest.mark.parametrize("how", ["not a folder", "switched off"])
def test_readability_scores_without_a_cache_are_the_same(
    how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pages = {"patients": ("Recording", "You can record your scan. Please tell us first.")}
    expected = readability.report(pages, 9)
    _unusable(tmp_path, monkeypatch, how)
    assert readability.report(pages, 9) == expected


def test_the_review_calendar_is_read_back_until_a_date_changes(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    facts = {
        "slug": "x",
        "organisation": "X Trust",
        "version": "1",
        "review_by": "2027-03-01",
        "review_warning_days": 90,
        "state": "current",
    }
    today = dt.date(2026, 12, 1)
    made = reviews.review_calendar([facts], today)
    assert reviews._kept_calendar([facts], today) == made
    with monkeypatch.context() as patched:
        patched.setattr(reviews, "review_calendar", _never)
        assert reviews._kept_calendar([facts], today) == made
    later = {**facts, "review_by": "2027-04-01"}
    assert reviews._kept_calendar([later], today) == reviews.review_calendar([later], today)
    assert reviews._kept_calendar([facts], dt.date(2026, 12, 2)) != made  # stamped by the day


def test_easy_read_failures_are_read_back_the_same(
    cache: Path, monkeypatch: pytest.MonkeyPatch, trust_copy
) -> None:
    from generator.checking import easy_read

    folder = trust_copy("minimal")
    long = " ".join(["word"] * 16) + "."
    path = folder / "trust.yml"
    path.write_text(path.read_text("utf-8") + f"areas:\n  ct:\n    easy_read: {long}\n")
    loaded = config.load(folder)
    calls: list[int] = []
    worked_out = easy_read._failures

    def counted(*args: object) -> list[str]:
        calls.append(1)
        return worked_out(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(easy_read, "_failures", counted)
    first = easy_read.failures("Fernvale", loaded.languages)
    assert len(first) == 1 and long in first[0] and calls == [1]
    assert easy_read.failures("Fernvale", loaded.languages) == first and calls == [1]
    assert easy_read.failures("Another name", loaded.languages) != first and calls == [1, 1]


def test_a_cache_folder_that_is_not_the_users_own_is_passed_over(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made = caching.folder("templates")
    assert made is not None and (made.stat().st_mode & 0o777) == 0o700
    made.chmod(0o777)  # the user's own, opened to everyone: made private again
    assert caching.folder("templates") == made and (made.stat().st_mode & 0o022) == 0
    monkeypatch.setattr(os, "getuid", lambda: os.stat(made).st_uid + 1)  # someone else's
    assert caching.folder("templates") is None
    assert caching.remembered("templates", b"x", lambda: "made", str) == "made"


def test_the_notices_qr_code_is_read_back_the_same(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.publishing import pdf

    address = "https://www.northbridge.example/recording-your-care/patients.html"
    first = pdf._qr_code(address, "en")
    assert first["svg"] == pdf._qr_svg(address) and first["svg"].startswith("<svg")
    with monkeypatch.context() as patched:
        patched.setattr(pdf, "_qr_svg", _never)
        assert pdf._qr_code(address, "en") == first
    other = address.replace("patients", "notice")
    assert pdf._qr_code(other, "en")["svg"] == pdf._qr_svg(other) != first["svg"]


def _print_data(packs: list[object]) -> list[dict[str, object]]:
    """Every document's print data (pdf.document_data) for a pack's contexts and pages."""
    from generator.publishing import pdf

    parts = [(p.context, p.markdown) for p in packs]  # type: ignore[attr-defined]
    pdf._forget_pages()  # a new run, as far as the pages are concerned
    return [
        pdf.document_data(spec, parts, "logo.svg", "2026-12-01")
        for spec in pdf.planned(parts[0][0])
    ]


def _counting_conversions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The Markdown of each page converted from now on."""
    from generator.publishing import pdf

    converted: list[str] = []
    convert = pdf._markdown_to_html

    def counted(text: str, *args: object) -> object:
        converted.append(text)
        return convert(text, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf, "_markdown_to_html", counted)
    return converted


def test_each_pages_print_nodes_are_read_back_until_what_they_are_made_from_changes(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page converted for print once is read back by the next run (every PDF's data is made
    to know whether it can be reused), the same data; a page whose Markdown changed, a pack
    whose address or languages changed, are converted afresh."""
    import dataclasses

    from generator.composing import compose
    from generator.publishing import pdf
    from generator.reading.model import Audience

    packs = compose.render_languages(
        config.load(TRUSTS / "afon-teifi"), Audience.PUBLIC, dt.date(2026, 12, 1)
    )
    converted = _counting_conversions(monkeypatch)
    first = _print_data(packs)
    kept = sorted((cache / pdf.PAGE_TREES).glob("*.pickle"))
    # Each page once, in each language and for each document it is printed in (the policy's
    # pages link to each other as words, the others to the site).
    assert len(converted) == len(kept) == len(set(converted)) > 20
    with monkeypatch.context() as patched:
        patched.setattr(pdf, "_markdown_to_html", _never)
        assert _print_data(packs) == first

    english = packs[0]
    page = english.context.pages["patients"].file
    edited = dataclasses.replace(
        english, markdown={**english.markdown, page: english.markdown[page] + "\nA new line.\n"}
    )
    converted.clear()
    again = _print_data([edited, *packs[1:]])
    assert converted == [edited.markdown[page]]  # in the A5 leaflet, then read back for the A4
    assert again[0] != first[0] and again[1] != first[1] and again[2:] == first[2:]

    printed = {
        english.markdown[english.context.pages[key].file]
        for spec in pdf.planned(english.context)
        for key in spec.pages
    }
    for changed in (
        {"site_url": "https://www.example.org/elsewhere/"},
        {"languages": tuple(reversed(english.context.languages))},
    ):
        moved = dataclasses.replace(
            english, context=dataclasses.replace(english.context, **changed)
        )
        converted.clear()
        _print_data([moved])
        assert sorted(converted) == sorted(printed)  # every page afresh, each once


def test_a_damaged_page_entry_is_converted_afresh(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.composing import compose
    from generator.publishing import pdf
    from generator.reading.model import Audience

    packs = [compose.render_pack(TRUSTS / "minimal", Audience.PUBLIC, dt.date(2026, 12, 1))]
    first = _print_data(packs)
    kept = sorted((cache / pdf.PAGE_TREES).glob("*.pickle"))
    kept[0].write_bytes(b"not what was kept")
    kept[1].write_bytes(__import__("zlib").compress(pickle.dumps("not a list of nodes")))
    converted = _counting_conversions(monkeypatch)
    assert _print_data(packs) == first and len(converted) == 2


def test_a_page_read_back_is_each_documents_own(cache: Path) -> None:
    """Documents change their nodes (the policy's headings, the pictures' names): one
    document's change is never in the next one's copy, nor in what the next run reads."""
    from generator.composing import compose
    from generator.publishing import pdf
    from generator.reading.model import Audience

    pack = compose.render_pack(TRUSTS / "minimal", Audience.PUBLIC, dt.date(2026, 12, 1))
    text = pack.markdown[pack.context.pages["patients"].file]
    for _ in range(2):  # converted, then read back
        pdf._forget_pages()
        nodes = pdf._page_nodes(text, pack.context)
        assert nodes == pdf._page_nodes(text, pack.context)
        nodes.append("changed")
        nodes[0]["class"].append("changed")  # type: ignore[index]
        assert "changed" not in str(pdf._page_nodes(text, pack.context))


def test_page_entries_are_kept_to_their_limit_and_not_at_all_without_a_cache(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.composing import compose
    from generator.publishing import pdf, typeset
    from generator.reading.model import Audience

    pack = compose.render_pack(TRUSTS / "minimal", Audience.PUBLIC, dt.date(2026, 12, 1))
    monkeypatch.setattr(
        typeset, "compile_document", lambda *_: typeset.Typeset(b"%PDF-1.7 not typeset", 1)
    )
    monkeypatch.setattr(pdf, "PAGE_TREES_KEPT", 4)
    args = ([(pack.context, pack.markdown)], "minimal", TRUSTS / "minimal" / "logo.svg")
    printed = pdf.render_documents(*args, "2026-12-01")
    assert len(printed) == len(pdf.planned(pack.context)) > 4
    assert 0 < len(list((cache / pdf.PAGE_TREES).glob("*.pickle"))) <= 4
    monkeypatch.setenv("POLICYPACK_CACHE_DIR", "")
    kept = cache / pdf.PAGE_TREES
    for path in kept.iterdir():
        path.unlink()
    assert pdf.render_documents(*args, "2026-12-01") == printed
    assert not list(kept.iterdir())


def test_a_pages_entry_is_named_by_everything_its_conversion_reads(
    cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same page under another language, set of languages, address, document (the pages
    printed with it) or Markdown extensions, or with other words for "on our website", is
    another entry; the same inputs, the same entry."""
    import dataclasses

    from generator.composing import compose
    from generator.publishing import pdf
    from generator.reading.model import Audience

    pack = compose.render_pack(TRUSTS / "northbridge", Audience.PUBLIC, dt.date(2026, 12, 1))
    ctx, text = pack.context, pack.markdown[pack.context.pages["patients"].file]
    named = pdf._conversion_inputs(text, ctx, frozenset())
    assert pdf._conversion_inputs(text, ctx, frozenset()) == named
    others = [
        pdf._conversion_inputs(text + " ", ctx, frozenset()),
        pdf._conversion_inputs(text, ctx, frozenset({"policy"})),
        pdf._conversion_inputs(text, dataclasses.replace(ctx, language="cy"), frozenset()),
        pdf._conversion_inputs(text, dataclasses.replace(ctx, languages=("en", "cy")), frozenset()),
        pdf._conversion_inputs(text, dataclasses.replace(ctx, site_url=None), frozenset()),
    ]
    with monkeypatch.context() as patched:
        patched.setattr(pdf.site, "markdown_extensions", lambda: (["tables"], {}))
        others.append(pdf._conversion_inputs(text, ctx, frozenset()))
    with monkeypatch.context() as patched:
        patched.setattr(pdf, "_ON_OUR_WEBSITE", "%(page)s online")
        others.append(pdf._conversion_inputs(text, ctx, frozenset()))
    assert len({named, *others}) == len(others) + 1


def test_a_wrapper_that_does_not_show_its_pages_once_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A project's own print/part.html.j2 must show {{ body }} once: pages printed twice, or
    not at all, would be a document that is not the website's."""
    import jinja2

    from generator.composing import compose
    from generator.errors import TemplateError
    from generator.publishing import pdf
    from generator.reading.model import Audience

    pack = compose.render_pack(TRUSTS / "minimal", Audience.PUBLIC, dt.date(2026, 12, 1))
    spec = pdf.planned(pack.context)[0]
    for wrapper in ("<main></main>", "<main>{{ body }}{{ body }}</main>"):
        environment = jinja2.Environment(loader=jinja2.DictLoader({"print/part.html.j2": wrapper}))
        monkeypatch.setattr(
            pdf.render, "html_environment", lambda _language, made=environment: made
        )
        with pytest.raises(TemplateError, match="body"):
            pdf.document_data(spec, [(pack.context, pack.markdown)], "logo.svg", "2026-12-01")
