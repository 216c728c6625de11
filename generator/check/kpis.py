"""KPIs: a numeric target with its unit."""

from __future__ import annotations

from typing import Any

from generator.check.base import Context, at, dicts, rule
from generator.errors import Problem
from generator.load import Document


@rule
def _check_kpis(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    for i, kpi in dicts(data.get("kpis")):
        if "target" in kpi and "unit" not in kpi:
            problems.append(at(doc, ("kpis", i), f"「効果検証（KPI）」{i + 1} 番目「{kpi.get('name', '')}」に単位 (unit) がありません。公表されていれば unit: 件 のように書いてください", "warning"))
    return problems

