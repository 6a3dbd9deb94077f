"""Reading trust.yml: every kind of unusable file is one located line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ConfigError
from generator.reading import source


def problems(tmp_path: Path, content: bytes) -> list[str]:
    path = tmp_path / "trust.yml"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as caught:
        source.read(path, "trust.yml")
    return str(caught.value).splitlines()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "trust.yml:1:1: the file is empty; start from an example in trusts/"),
        (
            b"# only a comment\n\n",
            "trust.yml:1:1: the file is empty; start from an example in trusts/",
        ),
        (
            b"- a\n- b\n",
            "trust.yml:1:1: the file holds a list; it must be a set of `key: value` lines",
        ),
        (
            b"hello\n",
            "trust.yml:1:1: the file holds a single value; it must be a set of `key: value` lines",
        ),
        (b"a:\n\tb: 1\n", "trust.yml:2:1: YAML syntax: a tab character; indent with spaces only"),
        (b"a: [1, 2\n", "trust.yml:2:1: YAML syntax: expected ',' or ']', but got '<stream end>'"),
        (b"a: 1\nb: 2\na: 3\n", "trust.yml:3:1: a: duplicate key; it is already set on line 1"),
        (b"a:\n  b: 1\n  b: 2\n", "trust.yml:3:3: a.b: duplicate key; it is already set on line 2"),
        (b"a: caf\xe9\n", "trust.yml:1:7: the file is not UTF-8 text; save it as UTF-8"),
        (b"a: \x00\x01\x02", "trust.yml:1:1: this is a binary file, not YAML text"),
        (b"<<: {a: 1}\n", "trust.yml:1:1: keys must be plain words (no `<<` merges)"),
    ],
)
def test_unusable_files_give_one_located_line(
    tmp_path: Path, content: bytes, expected: str
) -> None:
    assert problems(tmp_path, content) == [expected]


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^x/trust.yml:1:1: file not found"):
        source.read(tmp_path / "trust.yml", "x/trust.yml")


def test_too_large(tmp_path: Path) -> None:
    assert problems(tmp_path, b"a: " + b"x" * (300 * 1024)) == [
        "trust.yml:1:1: file is 300 KB; a trust.yml may be at most 256 KB"
    ]


def test_billion_laughs_fails_fast(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 10)]
    found = problems(tmp_path, "\n".join(lines).encode())
    assert len(found) == 1
    assert "too many values (aliases repeated too deeply)" in found[0]


def test_numbers_remember_how_they_were_written(tmp_path: Path) -> None:
    path = tmp_path / "trust.yml"
    path.write_text("phone: 01632960000\nversion: 2.10\nwhen: 2026-12-01\nword: no\n")
    data = source.read(path).data
    assert data["phone"].text == "01632960000"
    assert data["version"].text == "2.10"
    assert str(data["when"]) == "2026-12-01"
    assert data["word"] == "no"  # YAML 1.2: `no` is a word, not false


def test_positions_are_of_keys_and_items(tmp_path: Path) -> None:
    path = tmp_path / "trust.yml"
    path.write_text("top:\n  inner: 1\n  items:\n    - x\n    - y\n")
    document = source.read(path)
    assert document.positions[("top", "inner")] == (2, 3)
    assert document.positions[("top", "items", 1)] == (5, 7)
    assert document.locate(("top", "missing", "deeper")) == (1, 1)


# --- libyaml and ruamel.yaml read every document alike ------------------------------------
# source.read composes with libyaml when it can (many times faster) and with ruamel.yaml
# otherwise; both must give the same data, types, written forms, positions and errors.

ROOT = Path(__file__).resolve().parent.parent


def _shape(value: object) -> object:
    """Data with each value's type and written form, so that 010 and 10 differ."""
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(item) for item in value]
    return (type(value).__name__, value, getattr(value, "text", None))


def _outcome(path: Path) -> object:
    try:
        document = source.read(path, "trust.yml")
    except ConfigError as error:
        return ("error", str(error))
    return ("ok", _shape(document.data), document.positions)


def _both(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[object, object]:
    fast = _outcome(path)
    with monkeypatch.context() as patched:
        patched.setattr(source, "_fast_compose", lambda text: None)
        slow = _outcome(path)
    return fast, slow


def test_libyaml_is_used_here() -> None:
    """The fast path must really run where the tests run (PyYAML's wheels carry libyaml)."""
    assert source._yaml12_composer() is not None
    assert source._fast_compose("a: 1\n").id == "mapping"


def _documents() -> list[Path]:
    paths = sorted(ROOT.glob("trusts/*/trust.yml"))
    paths += sorted(ROOT.glob("tests/**/*.yml"))
    return paths


@pytest.mark.parametrize("path", _documents(), ids=lambda p: str(p.relative_to(ROOT)))
def test_libyaml_and_ruamel_agree_on_real_documents(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast, slow = _both(path, monkeypatch)
    assert fast == slow


SCALARS = [
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "true",
    "False",
    "TRUE",
    "null",
    "~",
    "Null",
    "",
    "010",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "1:20",
    "1.50",
    "2.10",
    ".5",
    "1e3",
    "1.0e+3",
    ".inf",
    "-.Inf",
    ".nan",
    "+12",
    "-0",
    "01632 960000",
    "2026-02-30",
    "2026-12-01",
    "2026-12-01 10:00:00",
    "=",
    "<<",
    "'quoted'",
    '"dq \\u00e9"',
    "caf\u00e9",
    "Ysbyty \u0175",
]


@pytest.mark.parametrize("scalar", SCALARS)
def test_libyaml_and_ruamel_resolve_plain_values_alike(
    scalar: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "trust.yml"
    path.write_text(f"a: {scalar}\nb: [{scalar}, x]\nc: {{k: {scalar}, \u0175: {scalar}}}\n")
    fast, slow = _both(path, monkeypatch)
    assert fast == slow


TEMPLATES = (
    "key: {t}\nother:\n  - {t}\n",
    "a:\n  {t}: {u}\n  b: [{u}, {t}]\n",
    "x: {{{t}: {u}}}\ny: |\n  {t}\n  {u}\n",
    "- {t}\n",
    "k: >-\n  {t}\n\n  {u}\nz: '{u}'\n",
    "? {t}\n: {u}\n",
)
YAML_TEXT = st.text(
    alphabet=st.sampled_from(
        list("ab01_.:-+ #'\"\\[]{},&*!|>%@`?\u00e9\u0175\t\n\r\x85\u2028\u2029\ufeff\xa0")
    ),
    max_size=12,
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(template=st.sampled_from(TEMPLATES), t=YAML_TEXT, u=YAML_TEXT)
def test_libyaml_and_ruamel_agree_on_any_text(
    template: str, t: str, u: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "trust.yml"
    path.write_text(template.format(t=t, u=u), "utf-8")
    fast, slow = _both(path, monkeypatch)
    assert fast == slow


@pytest.mark.parametrize(
    "path", sorted(ROOT.glob("trusts/*/trust.yml")), ids=lambda p: p.parent.name
)
def test_the_examples_take_the_fast_path(path: Path) -> None:
    assert source._fast_read(path.read_text("utf-8"), "trust.yml") is not None


def test_folded_text_keeps_no_fold_marks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ruamel.yaml's round-trip reader marked folds in `>` text with BEL characters."""
    path = tmp_path / "trust.yml"
    path.write_text("a: >-\n  one\n  two\n\n  three\n")
    fast, slow = _both(path, monkeypatch)
    assert fast == slow == ("ok", {"a": ("str", "one two\nthree", None)}, {("a",): (1, 1)})


DOCUMENTS = [
    "k: #c\n  x\n\n\nz: 1\n",  # a comment the round-trip reader could not place
    "a: |\r\n \r\n  y\r\n",  # CRLF, and a space-only line in a block scalar
    "# c\r%YAML 1.1\r---\ra: yes\r",  # CR line ends hiding a YAML 1.1 directive
    'a: ["k":1]\n',  # JSON-style pairs: YAML 1.2 allows them only in some places
    'a: [x, "k":"v"]\n',
    '{"k":1}\n',
    "a: 1\r\nb:\r\n  - x\r\n  - 2026-12-01\r\n",  # a Windows file
    "a: \"tab\\tand \\/ and \\N\"\nb: 'it''s'\n",
    "a: " + "[" * 600 + "]" * 600 + "\n",  # nested too deeply
]


@pytest.mark.parametrize("text", DOCUMENTS)
def test_libyaml_and_ruamel_agree_on_awkward_documents(
    text: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "trust.yml"
    path.write_bytes(text.encode("utf-8"))
    fast, slow = _both(path, monkeypatch)
    assert fast == slow


@pytest.mark.parametrize("depth", [65, 300, 1200])
def test_deep_nesting_is_one_line(tmp_path: Path, depth: int) -> None:
    """Deeper than source.MAX_DEPTH is refused once, where it is read: 300 levels once got
    past the reader and broke a later stage with a RecursionError."""
    found = problems(tmp_path, b"a: " + b"[" * depth + b"]" * depth + b"\n")
    assert len(found) == 1
    assert found[0].endswith(
        ": the document is nested too deeply (lists or mappings inside each other)"
    )


def test_nesting_as_deep_as_allowed_is_read(tmp_path: Path) -> None:
    path = tmp_path / "trust.yml"
    path.write_bytes(b"a: " + b"[" * 63 + b"1" + b"]" * 63 + b"\n")
    assert source.read(path, "trust.yml").data  # read, not refused


@pytest.mark.parametrize(
    "path",
    sorted((ROOT / "generator" / "data").glob("*.yml"))
    + sorted((ROOT / "policy_templates").rglob("*.yml"))
    + [ROOT / "mkdocs.yml"],
    ids=lambda path: path.name,
)
def test_shipped_data_reads_as_safe_load_reads_it(path: Path) -> None:
    """Shipped data is read by libyaml, for speed; it must be the very same data."""
    import yaml

    from generator import resources

    fast = resources.read_yaml(path)
    assert fast == yaml.safe_load(path.read_text("utf-8"))
    assert repr(fast) == repr(yaml.safe_load(path.read_text("utf-8")))  # types too
