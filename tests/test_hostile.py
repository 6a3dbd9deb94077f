"""Hostile input: a corpus of broken and malicious configs with their exact messages, script
payloads in every text field of a built site, and builds that are killed or run at once."""

from __future__ import annotations

import copy
import functools
import html.parser
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from generator.commands.cli import main
from generator.composing import compose
from generator.errors import ConfigError
from generator.publishing import build, pdf, site, typeset
from generator.reading import bilingual, config
from generator.reading.model import Audience

from .conftest import ROOT, TODAY, TRUSTS

CASES = yaml.safe_load((Path(__file__).parent / "hostile" / "cases.yml").read_text("utf-8"))


def test_the_corpus_is_large_and_named_uniquely() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) >= 30 and len(set(names)) == len(names)


def _write_case(case: dict, folder: Path) -> None:
    shutil.copytree(TRUSTS / "minimal", folder)
    path = folder / "trust.yml"
    if "trust" in case:
        path.write_text(case["trust"], "utf-8")
    if "trust_hex" in case:
        path.write_bytes(bytes.fromhex(case["trust_hex"]))
    text = path.read_bytes().decode("utf-8", "replace")
    for old, new in case.get("edit", []):
        assert old in text, (case["name"], old)
        text = text.replace(old, new, 1)
    if "edit" in case or "append" in case:
        path.write_text(text + case.get("append", ""), "utf-8")
    for name, content in case.get("files", {}).items():
        (folder / name).write_text(content, "utf-8")
    for name, (width, height) in case.get("png", {}).items():
        Image.new("RGB", (width, height), "white").save(folder / name)
    for name, target in case.get("symlink", {}).items():
        (folder / name).symlink_to((folder / target).resolve())


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_hostile_config_gets_its_exact_message(
    case: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    _write_case(case, tmp_path / "case")
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "case"]) == 2
    captured = capsys.readouterr()
    lines = [line.removeprefix("case/") for line in captured.err.splitlines()]
    assert lines == case["expect"]
    assert "Traceback" not in captured.err + captured.out


# --- script payloads in every text field ------------------------------------------------------

PAYLOAD = (
    "<script>alert(1)</script><img src=x onerror=alert(2)>"
    "[click](javascript:alert(3)) {{ 7*7 }} {% raw %} *x* # h & 'q' \"dq\" `c`"
)
NAME_PAYLOAD = "Evil & Co [click](javascript:alert(3)) *x* # h 'q' | ~ ^ = $ !"
"""Names refuse < > \" ` { } \\ outright, so they get what they can hold."""


def _payload_everywhere(slug: str) -> dict:
    """A config with every text field the trust writes set to a payload."""
    loaded = config.load(TRUSTS / slug)
    data = yaml.safe_load((TRUSTS / slug / "trust.yml").read_text("utf-8"))
    for path, _ in bilingual.text_fields(loaded.trust):
        plain_name = path[0] == "organisation" and path[-1] in ("name", "short_name")
        _set(data, path, NAME_PAYLOAD if plain_name else PAYLOAD)
    return data


_OWN_FILE = re.compile(r"^(\.\./|/[\w/-]*/)?(assets|search)/[\w./-]+$")
"""A script or image of the site itself: under its assets/ or search/ folder."""


class _Scanner(html.parser.HTMLParser):
    """Collects anything in built HTML that could run: scripts that are not the site's own
    files or inline theme code, event handlers, javascript: URLs, and images or embedded
    pages that a payload could have injected."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        source = attributes.get("src") or ""
        if tag == "script":
            self.in_script = True
            if source and not _OWN_FILE.match(source):
                self.found.append(f"<script src={source!r}>")
        if tag in ("iframe", "object", "embed", "frame") or (
            tag == "img" and not _OWN_FILE.match(source)
        ):
            self.found.append(f"<{tag} {attributes}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}={value!r}")
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and re.match(r"\s*(javascript|vbscript|data):", value, re.IGNORECASE)
            ):
                self.found.append(f"{tag} {name}={value!r}")

    def handle_data(self, data: str) -> None:
        # Inline scripts are the theme's (configuration, search index); none may hold a payload.
        if self.in_script and "alert(" in data:
            self.found.append(f"script text: {data[:80]!r}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False


def test_script_payloads_in_every_text_field_build_to_inert_text(tmp_path: Path) -> None:
    folder = tmp_path / "northbridge"
    shutil.copytree(TRUSTS / "northbridge", folder)
    (folder / "trust.yml").write_text(
        yaml.safe_dump(_payload_everywhere("northbridge"), allow_unicode=True, sort_keys=False),
        "utf-8",
    )
    out = tmp_path / "out"
    for audience in Audience:
        build.build_pack(folder, out / audience.value, audience, TODAY)
        pages = sorted((out / audience.value / "northbridge").rglob("*.html"))
        assert len(pages) >= 14
        for page in pages:
            text = page.read_text("utf-8")
            scanner = _Scanner()
            scanner.feed(text)
            assert scanner.found == [], page.name
        # The payload is shown as text where a field is shown, and the search index (whose
        # entries the theme shows as HTML) holds it as escaped text too.
        home = (out / audience.value / "northbridge" / "index.html").read_text("utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in home
        index = json.loads(
            (out / audience.value / "northbridge" / "search" / "search_index.json").read_text()
        )
        for entry in index["docs"]:
            for field in ("title", "text"):
                scanner = _Scanner()
                scanner.feed(entry[field])
                assert scanner.found == [], (entry["location"], field)
                assert "<script" not in entry[field] and "<img" not in entry[field]


# --- interrupted, killed and simultaneous builds ----------------------------------------------


def _snapshot(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _build_command(out: Path, *trusts: str) -> list[str]:
    return [
        sys.executable, "-m", "generator", "build", *trusts, "--out", str(out), "--today", "2026-12-01",
    ]  # fmt: skip


def test_a_killed_build_leaves_the_earlier_site_exactly_as_it_was(tmp_path: Path) -> None:
    out = tmp_path / "site"
    subprocess.run(
        _build_command(out, "trusts/northbridge"), cwd=ROOT, check=True, capture_output=True
    )
    before = _snapshot(out)
    for sig in (signal.SIGKILL, signal.SIGINT):
        process = subprocess.Popen(
            [*_build_command(out, "trusts/northbridge"), "--force"],
            cwd=ROOT,
            stderr=subprocess.PIPE,
            text=True,
        )
        # Wait until it is midway: its work folder exists and holds part of the new site.
        deadline = time.monotonic() + 60
        mine = f".northbridge.building-{process.pid}-*/docs-en/*.md"
        while time.monotonic() < deadline and not list(out.glob(mine)):
            time.sleep(0.02)
        assert process.poll() is None, "the build finished before it could be interrupted"
        process.send_signal(sig)
        _, err = process.communicate(timeout=60)
        if sig == signal.SIGINT:
            assert process.returncode == 130, err
            assert err.strip().endswith("Interrupted; earlier output is unchanged.")
            assert not list(out.glob(".northbridge.building-*"))
        else:
            assert process.returncode == -signal.SIGKILL
        visible = {
            k: v for k, v in _snapshot(out).items() if not k.startswith(".northbridge.building-")
        }
        assert visible == before
    # The next build clears what the killed one left behind, and succeeds.
    subprocess.run(
        _build_command(out, "trusts/northbridge"), cwd=ROOT, check=True, capture_output=True
    )
    assert not list(out.glob(".northbridge.building-*"))
    assert _snapshot(out) == before


def test_two_builds_into_one_folder_at_once_do_not_corrupt_it(tmp_path: Path) -> None:
    out = tmp_path / "site"
    processes = [
        subprocess.Popen(
            _build_command(out, "trusts/lough-erne", "trusts/glenmoray"),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
        )
        for seed in (1, 2)
    ]
    for process in processes:
        assert process.wait(timeout=300) == 0, process.stderr.read() if process.stderr else ""
    reference = tmp_path / "reference"
    subprocess.run(
        _build_command(reference, "trusts/lough-erne", "trusts/glenmoray"),
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    assert _snapshot(out) == _snapshot(reference)


# --- arbitrary strings in every text field ----------------------------------------------------

_NORTHBRIDGE = yaml.safe_load((TRUSTS / "northbridge" / "trust.yml").read_text("utf-8"))


@functools.cache
def _text_paths() -> list[tuple]:
    """Every text field northbridge's trust.yml writes itself."""
    return [
        path
        for path, _ in bilingual.text_fields(config.load(TRUSTS / "northbridge").trust)
        if _set(copy.deepcopy(_NORTHBRIDGE), path, "x")
    ]


def _set(data: dict, path: tuple, value: str) -> bool:
    """Set `value` at `path` in raw config data; False when the path comes from the defaults."""
    target: object = data
    try:
        for part, following in itertools.pairwise(path):
            if isinstance(part, str) and part not in target and isinstance(following, str):  # type: ignore[operator]
                target[part] = {}  # type: ignore[index]
            target = target[part]  # type: ignore[index]
    except (IndexError, KeyError, TypeError):
        return False
    if not isinstance(target, dict):
        return False
    target[path[-1]] = value
    return True


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(index=st.integers(0, 10_000), value=st.text(max_size=60))
def test_arbitrary_text_in_any_field_gives_a_clean_error_or_inert_pages(
    tmp_path: Path, index: int, value: str
) -> None:
    paths = _text_paths()
    assert len(paths) >= 25
    path = paths[index % len(paths)]
    folder = tmp_path / f"case-{index}"
    shutil.copytree(TRUSTS / "northbridge", folder, dirs_exist_ok=True)
    data = copy.deepcopy(_NORTHBRIDGE)
    _set(data, path, value)
    (folder / "trust.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    try:
        pack = compose.render_pack(folder, Audience.STAFF, TODAY)
    except ConfigError as error:
        for line in str(error).splitlines():
            assert re.match(r"^.*trust\.yml:\d+:\d+: [\w.]+: ", line), line
        return
    names, configs = site.markdown_extensions()
    converter = markdown.Markdown(extensions=names, extension_configs=configs)
    for name, text in pack.markdown.items():
        scanner = _Scanner()
        scanner.feed(converter.reset().convert(text))
        assert scanner.found == [], (path, value, name)


# --- Typst: text is never markup or code -------------------------------------------------------

TYPST_PAYLOAD = (
    '#read("/etc/passwd") #import "/etc/hostname": * #{1+1} ] [ $x^2$ @intro <label> '
    "\\\\ \\u{41} *bold* _em_ = Heading // comment /* open /Type /Pages /Count 99 " + "W" * 100
)
TYPST_NAME_PAYLOAD = "Evil #read(x) #import ] [ $x$ @intro #label *b* _e_ = H // c " + "N" * 60
"""Names refuse < > \" ` { } \\ outright: what a name can hold of the payload."""


def test_typst_payloads_in_every_text_field_print_as_plain_text(tmp_path: Path) -> None:
    """Every text field of northbridge set to Typst markup and code: the PDFs are still made,
    and show the payload as the words it is; nothing was read, imported or evaluated."""
    from .pdfs import page_texts

    loaded = config.load(TRUSTS / "northbridge")
    data = yaml.safe_load((TRUSTS / "northbridge" / "trust.yml").read_text("utf-8"))
    for path, _ in bilingual.text_fields(loaded.trust):
        plain_name = path[0] == "organisation" and path[-1] in ("name", "short_name")
        _set(data, path, TYPST_NAME_PAYLOAD if plain_name else TYPST_PAYLOAD)
    folder = tmp_path / "northbridge"
    shutil.copytree(TRUSTS / "northbridge", folder)
    (folder / "trust.yml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    built = build.build_pack(folder, tmp_path / "out", Audience.PUBLIC, TODAY)
    pdfs = sorted((built.target / "downloads").glob("*.pdf"))
    assert len(pdfs) == len(pdf.PRINTS)
    for path in pdfs:
        text = " ".join(page_texts(path)).replace("\u200b", "")
        assert "root:" not in text, path.name  # /etc/passwd was not read
        assert '#read("/etc/passwd")' in text and "#{1+1}" in text, path.name
        assert "$x^2$ @intro <label>" in text, path.name
        assert "W" * 100 in re.sub(r"\s", "", text)  # broken across lines, not lost
        # The page count is the PDF's own, not a number its text holds.
        from pypdf import PdfReader

        assert typeset.page_count(path.read_bytes()) == len(PdfReader(path).pages) < 99


def test_a_control_character_in_a_name_is_one_line_not_a_typst_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    folder = tmp_path / "minimal"
    shutil.copytree(TRUSTS / "minimal", folder)
    path = folder / "trust.yml"
    path.write_text(
        path.read_text("utf-8").replace(
            "name: Fernvale Community Health NHS Trust",
            'name: "Fernvale\\x1cCommunity Health NHS Trust"',
        ),
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert main(["validate", "minimal"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "minimal/trust.yml:4:3: organisation.name: '\\x1c' (U+001C) cannot be printed: the "
        "PDFs' font has no such character; write it another way"
    ]
