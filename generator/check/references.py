"""Names that point elsewhere in the case: a KPI's service, a participant's services, an outcome's KPI, a plan's challenges."""

from __future__ import annotations

import difflib
from typing import Any

from generator.check.base import Context, at, dicts, rule
from generator.read.errors import Problem
from generator.data.words import say
from generator.read.load import Document, JsonPath


@rule
def _check_references(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    services = [s.get("name") for _, s in dicts(data.get("services")) if isinstance(s.get("name"), str)]
    kpis = [k.get("name") for _, k in dicts(data.get("kpis")) if isinstance(k.get("name"), str)]

    def named(path: JsonPath, name: Any, names: list[str], field_name: str, where: str) -> None:
        if isinstance(name, str) and name not in names:
            near = difflib.get_close_matches(name, names, n=1, cutoff=0.3)
            hint = say("enum_near", near=near[0]) if near else f"{where} に書いてください。"
            problems.append(at(doc, path, f"{field_name}「{name}」が {where} にありません。{hint}"))

    for i, kpi in dicts(data.get("kpis")):
        named(("kpis", i, "service"), kpi.get("service"), services, "KPI の対象サービス", "「サービス」(services)")
    for key in ("municipalities", "partners"):
        for i, item in dicts(data.get(key)):
            for j, name in enumerate(item.get("services") or [] if isinstance(item.get("services"), list) else []):
                named((key, i, "services", j), name, services, "参加したサービス", "「サービス」(services)")
    for i, outcome in dicts(data.get("outcomes")):
        named(("outcomes", i, "kpi"), outcome.get("kpi"), kpis, "関係する KPI", "「効果検証（KPI）」(kpis)")
    story = data.get("story") if isinstance(data.get("story"), list) else []
    for i, plan in dicts(data.get("plans")):
        for j, number in enumerate(plan.get("addresses") or []):
            if isinstance(number, int) and number > len(story):
                problems.append(at(doc, ("plans", i, "addresses", j), f"課題番号 {number} はありません。ストーリー (story) の課題は {len(story)} つです"))
    return problems

