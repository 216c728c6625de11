"""The case schema and the Japanese labels it gives every field."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from generator.data.words import say

SCHEMA_PATH = Path(__file__).parents[1] / "schema" / "case.schema.json"


@cache
def case_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def subschema(path: tuple[str | int, ...], schema: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The schema of the value at path (ints step into arrays), or None where the schema has no such field."""
    root = schema or case_schema()
    node: dict[str, Any] | None = root
    for step in path:
        if node is None:
            return None
        inner = _resolve(node, root)
        if isinstance(step, int):
            node = inner.get("items")
        else:
            node = inner.get("properties", {}).get(step)
    return node


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    """Step through a $ref to #/$defs/… and into the object branch of an anyOf (value or {unknown: …})."""
    for _ in range(4):
        if "$ref" in node and node["$ref"].startswith("#/$defs/"):
            node = root["$defs"][node["$ref"].rsplit("/", 1)[1]]
        elif "anyOf" in node:
            node = next((b for b in node["anyOf"] if "properties" in b or "items" in b or "$ref" in b), node["anyOf"][0])
        else:
            break
    return node


def label(path: tuple[str | int, ...]) -> str:
    """A Japanese name for the field at path, e.g. 「効果検証（KPI）」1 番目の「目標値」."""
    parts: list[str] = []
    for i, step in enumerate(path):
        if isinstance(step, int):
            parts.append(say("label_item_of" if i + 1 < len(path) else "label_item", n=step + 1))  # never 「1 番目の が」
            continue
        node = subschema(path[: i + 1])
        title = node.get("title", step) if node else step
        parts.append(say("label_field", title=title, key=step))
    return "".join(parts) if parts else say("label_file")


def example(node: dict[str, Any]) -> str | None:
    """An example value for a field, as a contributor would type it."""
    if "examples" in node:
        return str(node["examples"][0])
    if "enum" in node:
        return str(node["enum"][0])
    return None
