"""The field reference page (docs/fields.md, a generated page), from the case schema and the sample cases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from generator.data.caseschema import case_schema

TYPE_LABELS = {"string": "文字列", "integer": "整数", "number": "数値", "boolean": "true / false", "object": "項目の組", "array": "リスト"}


@dataclass(frozen=True)
class Field:
    path: str  # e.g. kpis[].target
    depth: int
    title: str
    kind: str
    required: bool
    description: str
    choices: tuple[str, ...]
    example: str


def fields(samples: list[dict[str, Any]]) -> list[Field]:
    return list(_walk(case_schema(), "", 0, samples, set(case_schema().get("required", []))))


def _walk(schema: dict[str, Any], prefix: str, depth: int, samples: list[Any], required: set[str]) -> Iterable[Field]:
    for key, sub in schema.get("properties", {}).items():
        path = f"{prefix}{key}"
        values = [s[key] for s in samples if isinstance(s, dict) and key in s]
        kind = sub.get("type", "")
        if kind == "array":
            items = sub.get("items", {})
            children = [v for lst in values if isinstance(lst, list) for v in lst]
            yield _field(path, depth, sub, key in required, children, f"{TYPE_LABELS['array']}（{TYPE_LABELS.get(items.get('type', ''), '')}）")
            yield from _walk(items, f"{path}[].", depth + 1, children, set(items.get("required", [])))
        else:
            yield _field(path, depth, sub, key in required, values, TYPE_LABELS.get(kind, kind))
            if kind == "object":
                yield from _walk(sub, f"{path}.", depth + 1, values, set(sub.get("required", [])))


def _field(path: str, depth: int, sub: dict[str, Any], required: bool, values: list[Any], kind: str) -> Field:
    value = sub["anyOf"][0] if "anyOf" in sub else sub  # a value or {unknown: …}: the value's own type and choices
    choices = tuple(str(v) for v in value.get("enum", value.get("items", {}).get("enum", [])))
    if not kind:
        kind = _kind_of(sub)
    return Field(path, depth, sub.get("title", path), kind, required, sub.get("description", ""), choices, _example(sub, values))


def _kind_of(sub: dict[str, Any]) -> str:
    """What to write, for fields whose type is a choice (anyOf) or a shared definition ($ref)."""
    ref = sub.get("$ref", "")
    if ref.endswith("/amount"):
        return "金額（円の整数・約・幅・不明）"
    if ref.endswith("/quantity"):
        return "数（数値・約・幅・最大や以上の付いた数）"
    if ref.endswith("/date"):
        return "時点（2024-09 など）"
    if ref.endswith("/source_ref"):
        return "出典ID（s1 など）"
    if "anyOf" in sub:
        first = TYPE_LABELS.get(sub["anyOf"][0].get("type", ""), "値")
        if any(b.get("$ref") == "#/$defs/other" for b in sub["anyOf"]):
            return f"{first}、またはその他（公表どおりの記述）"
        return f"{first}、または不明"
    return "値"


def _example(sub: dict[str, Any], values: list[Any]) -> str:
    if "examples" in sub:
        return str(sub["examples"][0])
    scalars = [v for v in values if isinstance(v, (str, int, float, bool))]
    if not scalars:
        return ""
    value = scalars[0]
    text = ("true" if value else "false") if isinstance(value, bool) else str(value).strip().splitlines()[0]
    return text if len(text) <= 40 else text[:40] + "…"
