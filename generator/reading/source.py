"""Read one trust.yml into plain Python data, remembering where every key was written.

YAML 1.2 (ruamel.yaml's rules; libyaml reads what it reads the same way, which is faster), so
`no` and `on` stay words. Numbers keep the text they were written as (`SourceInt.text`),
because a phone number such as 01632 960000 or a version such as 2.10 must not lose its zeros
when a field expects text.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import ConfigError, ConfigProblem

if TYPE_CHECKING:
    from ruamel.yaml.error import MarkedYAMLError

# Neither YAML library is imported until a trust.yml is read (model.py imports this module for
# SourceInt and SourceFloat): a run that finds its pack in config.py's cache reads no YAML.

MAX_BYTES = 256 * 1024
"""A trust.yml is a page or two of text; anything bigger is a mistake or an attack."""

MAX_NODES = 20_000
"""Bounds alias expansion, so that a "billion laughs" document fails at once."""

Path_ = tuple[str | int, ...]
"""A key path inside the document, e.g. ("document", "history", 0, "version")."""


class SourceInt(int):
    """An integer from YAML that remembers how it was written."""

    text: str


class SourceFloat(float):
    """A decimal number from YAML that remembers how it was written."""

    text: str


@dataclass
class SourceDocument:
    """The data of one trust.yml and the 1-based (line, column) of each key or list item."""

    path: str
    data: dict[str, Any]
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)

    def locate(self, key_path: Path_) -> tuple[int, int]:
        """Where `key_path` was written, or its nearest written ancestor (for missing keys)."""
        for end in range(len(key_path), 0, -1):
            if key_path[:end] in self.positions:
                return self.positions[key_path[:end]]
        return (1, 1)


def read(path: Path, shown_as: str | None = None) -> SourceDocument:
    """Read `path`; raise ConfigError with one located problem if it is not a usable YAML mapping."""
    shown = shown_as or str(path)

    def fail(message: str, line: int = 1, column: int = 1) -> ConfigError:
        return ConfigError([ConfigProblem(shown, line, column, "", message)])

    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise fail("file not found (each trust folder needs a trust.yml)") from None
    except OSError as error:
        raise fail(f"cannot be read: {error.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise fail(
            f"file is {len(raw) // 1024} KB; a trust.yml may be at most {MAX_BYTES // 1024} KB"
        )
    if b"\0" in raw:
        raise fail("this is a binary file, not YAML text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        raise fail("the file is not UTF-8 text; save it as UTF-8", line, column) from None
    text = text.removeprefix("\ufeff")
    if not text.strip() or all(
        not line.strip() or line.lstrip().startswith("#") for line in text.splitlines()
    ):
        raise fail("the file is empty; start from an example in trusts/")

    fast = _fast_read(text, shown)
    if fast is not None:
        return fast
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import ReusedAnchorWarning
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    try:
        with warnings.catch_warnings():
            # YAML allows an anchor to be defined again; ruamel.yaml's warning is not for users.
            warnings.simplefilter("ignore", ReusedAnchorWarning)
            # The pure-Python safe composer: YAML 1.2, and unlike the round-trip one it does
            # not gather comments (it cannot trip over where they are).
            root = YAML(typ="safe", pure=True).compose(text)
    except MarkedYAMLError as error:
        raise _syntax_problem(error, fail) from None
    except ReaderError as error:
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        raise fail(
            f"YAML does not allow the control character #x{error.character:04x}; delete it",
            line,
            column,
        ) from None
    except YAMLError as error:
        raise fail(f"not valid YAML: {' '.join(str(error).split())}") from None
    except RecursionError:
        raise fail(_TOO_DEEP) from None
    if root is None:
        raise fail("the file is empty; start from an example in trusts/")
    if root.id != "mapping":
        line, column = _position(root)
        kind = "a list" if root.id == "sequence" else "a single value"
        raise fail(f"the file holds {kind}; it must be a set of `key: value` lines", line, column)

    builder = _Builder(shown)
    try:
        data = builder.convert(root, ())
    except RecursionError:
        raise fail(_TOO_DEEP) from None
    if builder.problems:
        raise ConfigError(builder.problems)
    return SourceDocument(shown, data, builder.positions)


_TOO_DEEP = "the document is nested too deeply (lists or mappings inside each other)"
MAX_DEPTH = 64
"""How deep lists and mappings may sit inside each other. A trust.yml needs fewer than ten
levels; every later stage walks the data recursively, so deeper is refused here, once."""

Node = Any
"""A composed YAML node, from libyaml or from ruamel.yaml: both have `id` ("scalar",
"sequence" or "mapping"), `tag`, `value`, `style` and `start_mark`."""


@cache
def _yaml12_composer() -> Any:
    """libyaml's parser (C, and many times faster than ruamel.yaml's) with ruamel.yaml's YAML
    1.2 rules for plain values, so that it composes the nodes ruamel.yaml would; None when
    PyYAML was built without libyaml (then ruamel.yaml composes all)."""
    import yaml as pyyaml

    if not pyyaml.__with_libyaml__:
        return None
    from ruamel.yaml.resolver import implicit_resolvers  # its rules, not a copy of them
    from yaml._yaml import CParser  # where yaml.cyaml has it from

    class _Yaml12Resolver(pyyaml.resolver.BaseResolver):
        """ruamel.yaml's own YAML 1.2 rules for plain values, for PyYAML."""

    for versions, tag, pattern, first in implicit_resolvers:
        if (1, 2) in versions:
            _Yaml12Resolver.add_implicit_resolver(tag, pattern, first)

    class _Yaml12Composer(CParser, _Yaml12Resolver):
        def __init__(self, text: str) -> None:
            CParser.__init__(self, text)
            _Yaml12Resolver.__init__(self)

    return _Yaml12Composer


_LIBYAML_DIFFERS = re.compile(
    r"^%|[|>][-+0-9]*#|(^|[\s\[{,])([&*]\S|[!?])|^ +$|[\t\x85\u2028\u2029\ufeff]"
    r"|[\"'\]}]:\S",
    re.MULTILINE,
)
"""Where libyaml (YAML 1.1) and ruamel.yaml (1.2) may read a document differently, found by
tests/test_source.py: directives; a comment straight after a block scalar's `|` or `>`;
anchors and aliases (1.2 allows more characters in their names), tags and complex keys
(`!`, `?`); lines of spaces only (which ruamel.yaml refuses in some block scalars); tabs;
the characters YAML 1.1 counts as line breaks, or a byte-order mark inside the text; and a
JSON-style `"key":value` with no space (which YAML 1.2 allows only in some places). It is
searched with every line break as "\n", so that `^` and `$` see lines ended by CR too."""


def _fast_read(text: str, shown: str) -> SourceDocument | None:
    """The document as libyaml reads it, when it finds nothing wrong; otherwise None, and
    ruamel.yaml reads it again, so that every fault is found and worded one way."""
    root = _fast_compose(text)
    if root is None or root.id != "mapping":
        return None
    builder = _Builder(shown)
    try:
        data = builder.convert(root, ())
    except (ConfigError, RecursionError):
        return None
    return None if builder.problems else SourceDocument(shown, data, builder.positions)


def _fast_compose(text: str) -> Node | None:
    """The composed document, by libyaml; None when PyYAML was built without it, when the
    document holds anything the two readers may read differently, or when libyaml finds
    fault."""
    composer_class = _yaml12_composer()
    if composer_class is None or _LIBYAML_DIFFERS.search(
        text.replace("\r\n", "\n").replace("\r", "\n")
    ):
        return None
    import yaml as pyyaml

    composer = composer_class(text)
    try:
        return composer.get_single_node()
    except (pyyaml.YAMLError, RecursionError):
        return None
    finally:
        composer.dispose()


def _syntax_problem(error: MarkedYAMLError, fail: Any) -> ConfigError:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    problem = (error.problem or error.context or "not valid YAML").strip()
    if "\\t" in problem:
        problem = "a tab character; indent with spaces only"
    problem = re.sub(r"\s+", " ", problem)
    return fail(f"YAML syntax: {problem}", line, column)


def _position(node: Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


class _Builder:
    """Turns composed YAML nodes into plain data, checking what the composer does not."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.positions: dict[Path_, tuple[int, int]] = {}
        self.problems: list[ConfigProblem] = []
        self.nodes = 0

    def problem(self, node: Node, key_path: Path_, message: str) -> None:
        line, column = _position(node)
        dotted = ".".join(str(part) for part in key_path)
        self.problems.append(ConfigProblem(self.shown, line, column, dotted, message))

    def convert(self, node: Node, key_path: Path_) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ConfigError(
                [
                    ConfigProblem(
                        self.shown,
                        *_position(node),
                        "",
                        "the document expands to too many values (aliases repeated too deeply)",
                    )
                ]
            )
        if len(key_path) > MAX_DEPTH:
            raise ConfigError([ConfigProblem(self.shown, *_position(node), "", _TOO_DEEP)])
        if node.tag not in _PLAIN_TAGS:
            shown = node.tag.replace("tag:yaml.org,2002:", "!!")
            self.problem(node, key_path, f"YAML tags ({shown}) are not allowed; write plain values")
            return None
        if node.id == "mapping":
            return self._mapping(node, key_path)
        if node.id == "sequence":
            items = []
            for index, item in enumerate(node.value):
                self.positions[(*key_path, index)] = _position(item)
                items.append(self.convert(item, (*key_path, index)))
            return items
        return _scalar(node)

    def _mapping(self, node: Node, key_path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.id != "scalar" or key_node.tag.endswith(":merge"):
                self.problem(key_node, key_path, "keys must be plain words (no `<<` merges)")
                continue
            key = str(key_node.value)
            if key in result:
                first_line = self.positions[(*key_path, key)][0]
                self.problem(
                    key_node,
                    (*key_path, key),
                    f"duplicate key; it is already set on line {first_line}",
                )
                continue
            self.positions[(*key_path, key)] = _position(key_node)
            result[key] = self.convert(value_node, (*key_path, key))
        return result


_PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{kind}"
    for kind in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)
"""The only tags a trust.yml may hold: those of plain values. Explicit tags such as
!!python/object are refused, whatever a loader would make of them."""

_INT = re.compile(r"[-+]?(0|[1-9][0-9_]*|0[0-9_]+)$")
_OCT_HEX = re.compile(r"0o[0-7]+$|0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _scalar(node: Node) -> Any:
    """The YAML 1.2 core schema value of a scalar, plus dates; quoted scalars stay text."""
    text = node.value
    if node.style in ("'", '"', "|", ">") or not node.tag.startswith("tag:yaml.org,2002:"):
        return text
    kind = node.tag.rsplit(":", 1)[-1]
    if kind == "null" or text in ("", "~", "null", "Null", "NULL"):
        return None
    if kind == "bool":
        return text.lower() == "true"
    if kind == "int" and (_INT.match(text) or _OCT_HEX.match(text)):
        number = SourceInt(
            int(text.replace("_", ""), 0) if _OCT_HEX.match(text) else int(text.replace("_", ""))
        )
        number.text = text
        return number
    if kind == "float" and _FLOAT.match(text):
        decimal = SourceFloat(float(text.replace("_", "")))
        decimal.text = text
        return decimal
    if kind == "timestamp" and _DATE.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    return text
