"""The JSON Schema: committed copy equals the command's output; every field documented."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from generator.model import Trust
from generator.schema import json_schema, schema_text

from .conftest import EXAMPLES, ROOT, TRUSTS


def test_committed_schema_is_current() -> None:
    committed = (ROOT / "trust.schema.json").read_text("utf-8")
    assert committed == schema_text(), "run: policypack schema > trust.schema.json"


def test_schema_command_prints_it() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "schema"], capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == json_schema()


@pytest.mark.parametrize("slug", EXAMPLES)
def test_examples_point_editors_at_the_schema(slug: str) -> None:
    first = (TRUSTS / slug / "trust.yml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../trust.schema.json"


def test_every_field_is_documented() -> None:
    undocumented = []

    def walk(model: type, path: str) -> None:
        for name, field in model.model_fields.items():
            if not field.description:
                undocumented.append(f"{path}{name}")
            from generator.config import _model_of

            inner = _model_of(field.annotation)
            if inner is not None:
                walk(inner, f"{path}{name}.")

    walk(Trust, "")
    assert undocumented == []


def test_defaults_make_keys_optional_but_not_identity() -> None:
    schema = json_schema()
    assert schema["required"] == ["organisation", "branding", "document", "contacts"]
    assert schema["$defs"]["Organisation"]["required"] == ["name", "nation", "type"]
    assert schema["$defs"]["Document"]["required"] == ["version", "owner", "review_by"]
    assert "required" not in schema["$defs"]["Areas"]


def test_readme_config_reference_is_current() -> None:
    from generator import reference

    readme = (ROOT / "README.md").read_text("utf-8")
    assert reference.update(readme) == readme, "run: python -m generator.reference README.md"


def test_readme_documents_every_command() -> None:
    from generator.cli import _COMMANDS

    readme = (ROOT / "README.md").read_text("utf-8")
    for command in _COMMANDS:
        assert f"`policypack {command}" in readme, command
