"""The config reference (a Markdown table of every trust.yml key), generated from the schema."""

from __future__ import annotations

from typing import Any

from generator.reading.schema import IN_EACH_LANGUAGE_REF, json_schema


def markdown() -> str:
    """Every key path of trust.yml with its kind, whether it is required, and what it means."""
    schema = json_schema()
    rows = ["| key | kind | required | what it is |", "|---|---|---|---|"]
    _walk(schema, schema, "", rows, {})
    return "\n".join(rows) + "\n"


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    options = [
        o
        for o in node.get("anyOf", [])
        if o.get("type") != "null" and o.get("$ref") != IN_EACH_LANGUAGE_REF
    ]
    if len(options) == 1:
        merged = {**node, **_resolve(schema, options[0])}
        merged.pop("anyOf", None)
        return merged
    return node


def _kind(schema: dict[str, Any], node: dict[str, Any]) -> str:
    node = _resolve(schema, node)
    if "enum" in node:
        return " / ".join(f"`{value}`" for value in node["enum"])
    if "const" in node:
        return f"`{str(node['const']).lower()}`"
    kind = node.get("type")
    if kind == "array":
        inner = _kind(schema, node["items"])
        return "list" if inner == "section" else f"list of {inner}"
    if kind == "object" or "properties" in node:
        return "section"
    if node.get("format") == "date":
        return "date (YYYY-MM-DD)"
    if kind == "string":
        return "text"
    return str(kind or "value")


def _walk(
    schema: dict[str, Any], node: dict[str, Any], prefix: str, rows: list[str], seen: dict[str, str]
) -> None:
    node = _resolve(schema, node)
    required = set(node.get("required", []))
    for name, child in node.get("properties", {}).items():
        path = f"{prefix}{name}"
        resolved = _resolve(schema, child)
        description = child.get("description") or resolved.get("description") or ""
        description = description.replace("|", "\\|").replace("<", "&lt;")
        kind = _kind(schema, child)
        ref = child.get("$ref") or next(
            (
                o["$ref"]
                for o in child.get("anyOf", [])
                if "$ref" in o and o["$ref"] != IN_EACH_LANGUAGE_REF
            ),
            None,
        )
        if ref in seen:  # a section shaped like one already listed (the clinical areas)
            kind = f"section, keys as `{seen[ref]}`"
        rows.append(f"| `{path}` | {kind} | {'yes' if name in required else ''} | {description} |")
        if ref in seen:
            continue
        if ref:
            seen[ref] = path
        if "properties" in resolved:
            _walk(schema, resolved, f"{path}.", rows, seen)
        elif resolved.get("type") == "array" and "properties" in _resolve(
            schema, resolved["items"]
        ):
            _walk(schema, _resolve(schema, resolved["items"]), f"{path}[].", rows, seen)


START, END = "<!-- config-reference:start -->", "<!-- config-reference:end -->"


def update(readme_text: str) -> str:
    """`readme_text` with the generated reference between its two marker comments."""
    head, rest = readme_text.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{markdown()}{END}{tail}"


if __name__ == "__main__":  # python -m generator.reading.reference README.md
    import sys
    from pathlib import Path

    target = Path(sys.argv[1] if len(sys.argv) > 1 else "README.md")
    target.write_text(update(target.read_text("utf-8")), "utf-8")
