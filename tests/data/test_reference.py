"""The field reference (docs/fields.md) is generated from the schema at every build, so it cannot be stale."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import SNAPSHOT
from generator.pages.fieldref import fields
from generator.data.caseschema import case_schema


def _paths(schema: dict, prefix: str = "") -> list[str]:
    out = []
    for key, sub in schema.get("properties", {}).items():
        out.append(prefix + key)
        if sub.get("type") == "array":
            out += _paths(sub.get("items", {}), f"{prefix}{key}[].")
        else:
            out += _paths(sub, f"{prefix}{key}.")
    return out


def test_every_schema_field_is_documented_with_a_japanese_label(generated_site: Path) -> None:
    text = (generated_site / "docs" / "fields.md").read_text(encoding="utf-8")
    for path in _paths(case_schema()):
        assert f"<code>{path}</code>" in text, path
    assert all(f.title and f.description for f in fields([])), "every schema property needs title and description"


def test_every_required_field_has_an_example() -> None:
    samples = [__import__("yaml").safe_load(p.read_text(encoding="utf-8")) for p in sorted((SNAPSHOT / "cases").glob("*.yml"))]
    required = [f for f in fields(samples) if f.required and f.kind not in ("項目の組",) and not f.kind.startswith("リスト（項目")]
    assert all(f.example for f in required), [f.path for f in required if not f.example]


def test_schema_is_published_on_the_site(built_site: Path) -> None:
    published = json.loads((built_site / "site" / "schema" / "case.schema.json").read_text(encoding="utf-8"))
    assert published == case_schema()
    assert published["$id"].endswith("/schema/case.schema.json")
