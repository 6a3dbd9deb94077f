"""The JSON Schema of trust.yml, for editors (yaml-language-server) and the config reference."""

from __future__ import annotations

import json
from typing import Any

from generator.config import defaults
from generator.model import Trust

SCHEMA_ID = "https://policypack.example/trust.schema.json"


def json_schema() -> dict[str, Any]:
    """The schema of trust.yml; keys that data/defaults.yml supplies are not required."""
    schema = Trust.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    _relax(schema, schema, defaults())
    return schema


def _relax(schema: dict[str, Any], node: dict[str, Any], supplied: dict[str, Any]) -> bool:
    """Drop from `required` each key that the defaults supply in full at this place in the
    document; return whether anything here is still required."""
    if "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    still_required = any([_relax(schema, option, supplied) for option in node.get("anyOf", [])])
    complete: set[str] = set()
    for key, value in supplied.items():
        child = node.get("properties", {}).get(key)
        if child is None:
            continue
        if not isinstance(value, dict) or not _relax(schema, child, value):
            complete.add(key)
    if "required" in node:
        node["required"] = [key for key in node["required"] if key not in complete]
        if not node["required"]:
            del node["required"]
    return still_required or bool(node.get("required"))


def schema_text() -> str:
    """The schema as the committed trust.schema.json holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
