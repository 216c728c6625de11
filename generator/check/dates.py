"""Dates: nothing measured in the future; the schedule inside the main fiscal year."""

from __future__ import annotations

from typing import Any, Iterable

from generator.check.base import Context, at, dicts, rule
from generator.errors import Problem
from generator.load import Document, JsonPath
from generator.values import date_key


def _date_paths(data: dict[str, Any]) -> Iterable[tuple[JsonPath, Any, str]]:
    for i, kpi in dicts(data.get("kpis")):
        for j, actual in dicts(kpi.get("actuals")):
            yield ("kpis", i, "actuals", j, "date"), actual.get("date"), "実績値の時点"
    for i, outcome in dicts(data.get("outcomes")):
        yield ("outcomes", i, "date"), outcome.get("date"), "成果の時点"


@rule
def _check_dates(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    for path, date, what in _date_paths(data):
        if isinstance(date, str) and date_key(date) > (ctx.today.year, ctx.today.month, ctx.today.day):
            problems.append(at(doc, path, f"{what}「{date}」が未来です。測定した時点を書いてください"))
    main = _main_year(data)
    schedule = data.get("schedule") if isinstance(data.get("schedule"), dict) else {}
    if main is not None:
        first, last = f"{main}-04", f"{main + 1}-03"
        for i, item in dicts(schedule.get("months")):
            month = item.get("month")
            if isinstance(month, str) and not first <= month <= last:
                problems.append(at(doc, ("schedule", "months", i, "month"), f"月「{month}」が {main} 年度（{first}〜{last}）の外です", "warning"))
    return problems


def _main_year(data: dict[str, Any]) -> int | None:
    if isinstance(data.get("fiscal_year"), int):
        return data["fiscal_year"]
    years = [r.get("fiscal_year") for _, r in dicts(data.get("rounds")) if isinstance(r.get("fiscal_year"), int)]
    return max(years) if years else None

