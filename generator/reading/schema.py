"""The JSON Schema of trust.yml, for editors (yaml-language-server) and the config reference."""

from __future__ import annotations

import json
from typing import Any

from generator import i18n
from generator.reading.config import defaults
from generator.reading.model import TEXT_KEY, Trust

SCHEMA_ID = "https://policypack.example/trust.schema.json"
IN_EACH_LANGUAGE = "InEachLanguage"
IN_EACH_LANGUAGE_REF = f"#/$defs/{IN_EACH_LANGUAGE}"
# Keys that say what a value is for rather than what it may be: they stay beside the choice of
# "this text, or this text in each language" rather than inside it.
_ANNOTATIONS = {"title", "description", "default", "examples", "deprecated"}


def json_schema() -> dict[str, Any]:
    """The schema of trust.yml; keys that data/defaults.yml supplies are not required."""
    schema = Trust.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    _relax(schema, schema, defaults())
    schema = _text_in_each_language(schema)
    schema["$defs"][IN_EACH_LANGUAGE] = {
        "description": "The same text in each language of the pack (`site.languages`), "
        "e.g. `en: ...` and `cy: ...`.",
        "type": "object",
        "propertyNames": {"enum": list(i18n.LANGUAGES)},
        "minProperties": 1,
    }
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


def _text_in_each_language(node: Any) -> Any:
    """`node` with each piece of text marked by the model (model.TEXT) allowed either as it is
    or as a map of languages (`{en: ..., cy: ...}`, which bilingual.resolve reads)."""
    if isinstance(node, list):
        return [_text_in_each_language(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _text_in_each_language(value) for key, value in node.items()}
    if "anyOf" in node:  # an optional text: one list of choices, not a choice inside a choice
        node["anyOf"] = [
            choice
            for option in node["anyOf"]
            for choice in (option["anyOf"] if option.keys() == {"anyOf"} else [option])
        ]
    if node.pop(TEXT_KEY, False):
        text = {key: value for key, value in node.items() if key not in _ANNOTATIONS}
        node = {key: value for key, value in node.items() if key in _ANNOTATIONS}
        node["anyOf"] = [text, {"$ref": IN_EACH_LANGUAGE_REF, "additionalProperties": text}]
    return node


def schema_text() -> str:
    """The schema as the committed trust.schema.json holds it."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
