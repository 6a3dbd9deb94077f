"""The JSON Schema: committed copy equals the command's output; every field documented; a strict
client (check-jsonschema, as pre-commit and editors' validators use) accepts it and the examples."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import TypeAdapter, ValidationError

from generator.reading.model import HttpsUrl, Trust
from generator.reading.schema import json_schema, schema_text

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
            from generator.reading.config import _model_of

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
    from generator.reading import reference

    readme = (ROOT / "README.md").read_text("utf-8")
    assert reference.update(readme) == readme, (
        "run: python -m generator.reading.reference README.md"
    )


def test_readme_documents_every_command() -> None:
    from generator.commands.cli import _COMMANDS

    readme = (ROOT / "README.md").read_text("utf-8")
    for command in _COMMANDS:
        assert f"`policypack {command}" in readme, command


def _check_jsonschema(*arguments: str | Path) -> subprocess.CompletedProcess[str]:
    """Runs check-jsonschema, the client itself (its regexes are ECMA-262, unicode mode)."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", *map(str, arguments)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def test_strict_client_accepts_the_schema() -> None:
    result = _check_jsonschema("--check-metaschema", "trust.schema.json")
    assert result.returncode == 0, result.stdout + result.stderr


def test_strict_client_accepts_every_example() -> None:
    examples = [f"trusts/{slug}/trust.yml" for slug in EXAMPLES]
    result = _check_jsonschema("--schemafile", "trust.schema.json", *examples)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("line", "replacement", "where"),
    [
        ("  nation: england", "  nation: [england]", "$.organisation.nation"),
        ("  short_name: Northbridge Hospitals", "  short_name: {fr: Northbridge}", "short_name"),
        ("  nation: england", "  nation: {en: england}", "$.organisation.nation"),
    ],
    ids=["wrong type", "unknown language", "language map on a value that is not text"],
)
def test_strict_client_refuses_a_broken_config(
    tmp_path: Path, line: str, replacement: str, where: str
) -> None:
    text = (TRUSTS / "northbridge" / "trust.yml").read_text("utf-8")
    original = next(row for row in text.splitlines() if row.split("#")[0].rstrip() == line)
    broken = tmp_path / "trust.yml"
    broken.write_text(text.replace(original, replacement, 1), "utf-8")
    result = _check_jsonschema("--schemafile", ROOT / "trust.schema.json", broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert where in result.stdout


def test_text_may_be_written_in_each_language() -> None:
    schema = json_schema()
    name = schema["$defs"]["Organisation"]["properties"]["name"]
    assert name["description"].startswith("Full legal name")
    assert name["anyOf"][1]["$ref"] == "#/$defs/InEachLanguage"
    assert name["anyOf"][1]["additionalProperties"] == name["anyOf"][0]
    assert schema["$defs"]["InEachLanguage"]["propertyNames"] == {"enum": ["en", "cy"]}
    assert "x-policypack-text" not in json.dumps(schema)


@pytest.mark.parametrize(
    "url", ["https://nhs.example", "https://nhs.example/a/b?c=1&d=%20#e", "https://x.example/'"]
)
def test_web_addresses_accepted(url: str) -> None:
    assert TypeAdapter(HttpsUrl).validate_python(url) == url


@pytest.mark.parametrize(
    "url",
    [
        "http://nhs.example",
        "https://",
        "https:///nhs.example",
        "https://.nhs.example",
        "https://nhs.example/a b",
        'https://nhs.example/"onmouseover=x',
        "https://nhs.example/<script>",
        "https://nhs.example/>",
    ],
)
def test_web_addresses_refused(url: str) -> None:
    with pytest.raises(ValidationError):
        TypeAdapter(HttpsUrl).validate_python(url)
