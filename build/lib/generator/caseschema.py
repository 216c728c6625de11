"""The case schema and the Japanese labels it gives every field."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).parent / "schema" / "case.schema.json"


@cache
def case_schema() -> dict[str, Any]:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def subschema(path: tuple[str | int, ...], schema: dict[str, Any] | None = None) -> dict[str, Any] | None:
    """The schema of the value at path (ints step into arrays), or None where the schema has no such field."""
    node: dict[str, Any] | None = schema or case_schema()
    for step in path:
        if node is None:
            return None
        if isinstance(step, int):
            node = node.get("items")
        else:
            node = node.get("properties", {}).get(step)
    return node


def label(path: tuple[str | int, ...]) -> str:
    """A Japanese name for the field at path, e.g. 「効果検証（KPI）」1 番目の「目標値」."""
    parts: list[str] = []
    for i, step in enumerate(path):
        if isinstance(step, int):
            parts.append(f"{step + 1} 番目の")
            continue
        node = subschema(path[: i + 1])
        title = node.get("title", step) if node else step
        parts.append(f"「{title}」({step})")
    return "".join(parts) if parts else "ファイル全体"


def example(node: dict[str, Any]) -> str | None:
    """An example value for a field, as a contributor would type it."""
    if "examples" in node:
        return str(node["examples"][0])
    if "enum" in node:
        return str(node["enum"][0])
    return None
