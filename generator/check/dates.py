"""Dates: every day a real one of the calendar; nothing measured or seen in the future; the schedule inside the
main fiscal year."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any, Iterable

from generator.data.caseschema import label, subschema
from generator.check.base import Context, at, dicts, rule
from generator.read.errors import Problem
from generator.read.load import Document, JsonPath
from generator.read.values import NO_YEAR, RANGE, date_key


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



DAY = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")


def _day_paths(value: Any, path: JsonPath = ()) -> Iterable[tuple[JsonPath, str]]:
    """Every value written as a day (2024-09-30) in a field that holds a date (時点, 公表の時点, 閲覧日, …)."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _day_paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _day_paths(v, path + (i,))
    elif isinstance(value, str) and (DAY.match(value) or RANGE.search(value) or NO_YEAR.match(value)):
        node = subschema(path) or {}
        if node.get("$ref") == "#/$defs/date" or path[-1:] == ("seen",):
            for part in RANGE.split(value):  # each end of a range (7月6日〜12日) is a day of the calendar too
                if DAY.match(part) or NO_YEAR.match(part):
                    yield path, part


def _no_year_day(doc: Document, path: JsonPath, text: str) -> list[Problem]:
    """11月18日: a day that exists in some year (2月29日 does)."""
    m = NO_YEAR.match(text)
    month, day = int(m[1]), int(m[2] or 1)  # type: ignore[index]
    last = calendar.monthrange(2024, month)[1] if 1 <= month <= 12 else 0
    if last and 1 <= day <= last:
        return []
    return [at(doc, path, f"{label(path)}「{text}」はない日付です。資料にある日付を 11月18日 のように書いてください")]


@rule
def _check_days(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    for path, text in _day_paths(data):
        if NO_YEAR.match(text):
            problems += _no_year_day(doc, path, text)
            continue
        year, month, day = (int(x) for x in DAY.match(text).groups())  # type: ignore[union-attr]
        if not 1 <= month <= 12:
            problems.append(at(doc, path, f"{label(path)}「{text}」の月 {month} はありません。{year}-09-30 のように、月は 01〜12 で書いてください"))
            continue
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            problems.append(at(doc, path, f"{label(path)}「{text}」はない日付です（{year}年{month}月は {last} 日まで）。"
                                          f"資料にある日付を {year}-{month:02d}-{min(max(day, 1), last):02d} のように書いてください"))
            continue
        # a day of slack: a contributor in Japan (UTC+9) may write today's date while the check runs in UTC
        if path[-1:] == ("seen",) and dt.date(year, month, day) > ctx.today + dt.timedelta(days=1):
            problems.append(at(doc, path, f"{label(path)}「{text}」が今日（{ctx.today.isoformat()}）より後です。"
                                          f"閲覧日には資料を最後に確かめた日を書いてください（今日なら {ctx.today.isoformat()}）"))
    return problems
