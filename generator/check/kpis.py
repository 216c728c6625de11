"""KPIs: a numeric target with its unit; outcomes and quantities: a range the right way round."""

from __future__ import annotations

from typing import Any

from generator.check.base import Context, at, dicts, rule
from generator.read.errors import Problem
from generator.read.load import Document
from generator.read.values import quantity_kind


@rule
def _check_kpis(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    for i, kpi in dicts(data.get("kpis")):
        if "target" in kpi and "unit" not in kpi:
            problems.append(at(doc, ("kpis", i), f"「効果検証（KPI）」{i + 1} 番目「{kpi.get('name', '')}」に単位 (unit) がありません。公表されていれば unit: 件 のように書いてください", "warning"))
    return problems



@rule
def _check_quantity_ranges(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    """A range written as published ({min: 10, max: 20}) must not be upside down."""
    problems = []
    for field, name, key in (("outcomes", "成果", "what"), ("facts", "数量", "label")):
        for i, item in dicts(data.get(field)):
            value = item.get("value")
            if quantity_kind(value) == "range" and all(isinstance(value[k], (int, float)) for k in ("min", "max")) and value["min"] > value["max"]:
                problems.append(at(doc, (field, i, "value"), f"「{name}」{i + 1} 番目「{item.get(key, '')}」の値の幅が逆です（min {value['min']} > max {value['max']}）。小さいほうを min に書いてください"))
    return problems
