"""Amounts: a range the wrong way round, 万円 typed as 円, a subsidy larger than the total (unless the published
figures are marked as contradicting each other)."""

from __future__ import annotations

from typing import Any, Iterable

from generator.data.caseschema import label
from generator.check.base import Context, at, dicts, rule
from generator.read.errors import Problem
from generator.read.load import Document, JsonPath
from generator.data.refdata import FUNDING
from generator.read.values import amount_kind, amounts_in

SMALL_AMOUNT = 100_000  # 円; a smaller amount is almost always 万円 typed as 円


def _amount_paths(data: dict[str, Any]) -> Iterable[tuple[JsonPath, Any]]:
    for i, rnd in dicts(data.get("rounds")):
        budget = rnd.get("budget")
        if not isinstance(budget, dict):
            continue
        for key in ("total", "subsidy", "consortium_share", "initial_investment", "running_cost_per_year", "unclassified"):
            if key in budget:
                yield ("rounds", i, "budget", key), budget[key]
        for j, other in dicts(budget.get("other_sources")):
            if "amount" in other:
                yield ("rounds", i, "budget", "other_sources", j, "amount"), other["amount"]


@rule
def _check_money(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    for path, value in _amount_paths(data):
        if amount_kind(value) == "range" and isinstance(value.get("min"), int) and isinstance(value.get("max"), int) and value["min"] > value["max"]:
            problems.append(at(doc, path, f"{label(path)} の幅が逆です（min {value['min']:,} 円 > max {value['max']:,} 円）"))
        for yen in amounts_in(value):
            if isinstance(yen, int) and 0 < yen < SMALL_AMOUNT:
                problems.append(at(doc, path, f"{label(path)} が {yen:,} 円です。万円の単位で書いていませんか。金額は円で書いてください（{yen:,}万円なら {yen * 10_000}）", "warning"))
    return problems


NO_MONEY = FUNDING[2]  # 助言・ハンズオン支援（資金なし）


@rule
def _check_no_money_without_subsidy(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    """Support without money that writes a subsidy says two things that cannot both be true."""
    problems: list[Problem] = []
    for i, rnd in dicts(data.get("rounds")):
        budget = rnd.get("budget")
        subsidy = budget.get("subsidy") if isinstance(budget, dict) else None
        if rnd.get("funding") == NO_MONEY and amount_kind(subsidy) in ("exact", "approx", "range") and subsidy != 0:
            year = rnd.get("fiscal_year")
            problems.append(at(doc, ("rounds", i, "budget", "subsidy"), f"{year} 年度の支援の種類は「{NO_MONEY}」（お金の出ない支援）なのに、補助額が書かれています。"
                               "お金の出ない支援なら budget の subsidy を消してください。公表資料が補助額を書いているなら funding: 補助 に直し、"
                               "総額か補助額か分からない金額なら subsidy ではなく unclassified に書いてください"))
    return problems


def _bounds(value: Any) -> tuple[int, int] | None:
    """(lowest, highest) an exact amount or a range can be; None for 約, unknown or absent (they prove nothing)."""
    kind = amount_kind(value)
    if kind == "exact":
        return value, value
    if kind == "range" and isinstance(value.get("min"), int) and isinstance(value.get("max"), int):
        return value["min"], value["max"]
    return None


@rule
def _check_subsidy_within_total(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    for i, rnd in dicts(data.get("rounds")):
        budget = rnd.get("budget")
        if not isinstance(budget, dict) or isinstance(budget.get("contradictory"), dict):
            continue
        subsidy, total = _bounds(budget.get("subsidy")), _bounds(budget.get("total"))
        if subsidy and total and subsidy[0] > total[1]:
            problems.append(at(doc, ("rounds", i, "budget", "subsidy"),
                               f"補助額（{subsidy[0]:,} 円）が事業費総額（{total[1]:,} 円）より大きくなっています。金額と単位（円）を確かめてください。"
                               f"公表資料どうしで数字が食い違っていて、どちらも公表どおりなら、budget に "
                               "contradictory: {source: [s1, s2], note: 何が食い違うか} と、食い違う数字が載っている資料の id とともに書くと、そのまま掲載できます"))
    return problems
