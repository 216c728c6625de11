"""What came of the project: KPIs (本格導入後の効果検証), outcomes (成果), quantities (数量), the rounds by year."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from generator.data.refdata import UNKNOWN_TEXT
from generator.read.values import outcome_groups, quantity_words
from generator.pages.view.team import Contradiction, contradiction
from generator.pages.view.words import DASH, Amount, Badge, Ref, Said, amount, badge, or_dash, refs, said, told, unlisted_type, AS_PUBLISHED

if TYPE_CHECKING:
    from generator.catalogue.model import Case, Kpi as ModelKpi, Round


@dataclass(frozen=True)
class Comparison:
    area: Any
    value: float | int | None
    caveat: Any


def _comparison(c: dict[str, Any] | None) -> Comparison | None:
    return Comparison(c["area"], c["value"], c.get("caveat")) if c else None


@dataclass(frozen=True)
class Measure:
    """The latest value in the KPI table: value, its sources, its date."""

    value: float | int
    refs: list[Ref]
    date: Any


@dataclass(frozen=True)
class Actual:
    date: Any
    value: float | int | None
    unit: str  # after the value, or ""
    comparison: float | int | None
    measured_by: Said
    note: Any
    refs: list[Ref]


@dataclass(frozen=True)
class Kpi:
    name: Any
    unit: Any
    refs: list[Ref]
    baseline: float | int | None
    baseline_year: Any
    target: float | int | None  # a numeric target; None: target_text (or a dash) is shown instead
    target_text: Any
    latest: Measure | None  # None: a dash (no value measured yet)
    badge: Badge
    details: bool  # the KPI has a sub-section below the table
    notes: list[tuple[str, Any]]  # "- label: value" lines, in order, those given
    comparison: Comparison | None
    series: list[Actual]  # every measured value, oldest first
    finding: Any  # 定性的な所見


NOTES = [("service", "対象サービス"), ("timing", "検証時期"), ("method", "検証方法"), ("wellbeing", "Well-being 指標")]


def kpi(k: "ModelKpi", numbers: dict[str, int]) -> Kpi:
    d = k.data
    numeric = d["target"] is not None
    notes = ([("目標の補足", d["target_text"])] if numeric and d["target_text"] else []) + [(label, d[key]) for key, label in NOTES if d[key]]
    details = bool(notes or d["comparison"] or len(d["actuals"]) > 1 or d["finding"])
    latest = k.latest
    unit = d["unit"] or ""
    return Kpi(
        name=d["name"], unit=d["unit"], refs=refs(d["source"], numbers),
        baseline=d["baseline"], baseline_year=d["baseline_year"],
        target=d["target"], target_text=DASH if numeric else or_dash(d["target_text"]),
        latest=Measure(latest["value"], refs(latest["source"], numbers), latest["date"]) if latest else None,
        badge=badge(k.attainment), details=details, notes=notes, comparison=_comparison(d["comparison"]),
        series=[Actual(a["date"], a["value"], unit, a["comparison"], said(a["measured_by"]), or_dash(a["note"]),
                       refs(a["source"], numbers)) for a in k.series],
        finding=told(d["finding"]) or None,
    )


@dataclass(frozen=True)
class Outcome:
    value: Any  # as published: a number, 約, a range or a qualified number (最大1秒程度); None: a dash
    words: str | None  # the value with its unit and qualifiers as published (約21,000人, 最大1秒程度); None: no number
    unit: str
    date: Any
    measured_by: Said
    measurer: Any
    period: Said
    comparison: Comparison | None
    refs: list[Ref]


@dataclass(frozen=True)
class OutcomeGroup:
    """Outcomes about one thing, from every source side by side."""

    what: Any
    differs: bool  # the sources give different values: a note says so
    items: list[Outcome]
    findings: list[Any]


def _outcome(o: dict[str, Any], numbers: dict[str, int]) -> Outcome:
    words = quantity_words(o["value"], o["unit"] or "") if o["value"] is not None else None
    return Outcome(o["value"], words, o["unit"] or "", o["date"], said(o["measured_by"]), o["measurer"] or None,
                   said(o["period"]), _comparison(o["comparison"]), refs(o["source"], numbers))


def outcomes(case: "Case") -> list[OutcomeGroup]:
    groups = []
    for what, items in outcome_groups(case.data["outcomes"]):
        values = {quantity_words(o["value"]) for o in items if o["value"] is not None}
        groups.append(OutcomeGroup(what, len(items) > 1 and len(values) > 1, [_outcome(o, case.source_numbers) for o in items],
                                   [told(o["finding"]) for o in items if o["finding"]]))
    return groups


@dataclass(frozen=True)
class Fact:
    label: Any
    note: Any
    value: Any  # as published: a number, 約, a range or a qualified number
    words: str  # the value with its unit and qualifiers: 1,475 台 / 約2.3 km / 21,000 人以上
    unit: Any
    date: Any
    refs: list[Ref]


def facts(case: "Case") -> list[Fact]:
    return [Fact(f["label"], f["note"] or None, f["value"], quantity_words(f["value"], f["unit"], " "), f["unit"], f["date"],
                 refs(f["source"], case.source_numbers))
            for f in case.data["facts"]]


@dataclass(frozen=True)
class RoundRow:
    year: int
    call: Any  # 二次公募 etc., as published; None when not written
    district: Any  # the round's own district, when it names one
    programme: Said
    title: Said  # that year's project name, or the case's title
    funding: Said
    full_state_funding: bool
    subsidy_type: Said
    unlisted_type: str | None  # a type the year's file does not list: its cap, and that it is as published
    total: Amount
    subsidy: Amount
    unclassified: Amount  # an amount published without saying whether it is the total or the subsidy
    refs: list[Ref]  # the round's sources and its budget's, each once


@dataclass(frozen=True)
class RoundBudget:
    """What a round other than the main one publishes about its money beyond the table: the other amounts, the
    note with its sources, the basis of the subsidy (the main round's are under 実証に必要な経費)."""

    year: int
    amounts: list[tuple[str, Amount]]  # (label, amount), those given
    full_state_funding: bool  # コンソーシアム負担: なし（国費10割）
    note: Any
    refs: list[Ref]
    basis: Any
    contradiction: Contradiction | None


@dataclass(frozen=True)
class Rounds:
    """年度ごとの採択: shown when the case has several rounds or names a round's own title."""

    rows: list[RoundRow]
    unclassified: bool  # some round publishes an amount of unclear kind: its column is shown
    calls: bool  # some round names its call (二次公募) or its own district: the 公募・地区 column is shown
    summaries: list[tuple[int, Any]]  # (year, what that round did)
    budgets: list[RoundBudget]  # the other rounds' notes, sources and further amounts, those that have any
    published_themes: list[tuple[int, list[str], str]] = field(default_factory=list)  # other rounds' themes the year's file does not list, as published


OTHER_AMOUNTS = [("consortium_share", "コンソーシアム負担額"), ("initial_investment", "初期投資"), ("running_cost_per_year", "年間ランニングコスト")]


def _round_budget(r: "Round", numbers: dict[str, int]) -> RoundBudget | None:
    b = r.data["budget"]
    if not b:
        return None
    amounts = [(label, amount(b[key])) for key, label in OTHER_AMOUNTS if b[key] is not None]
    amounts += [(s["name"] + (f"（{s['note']}）" if s["note"] else ""), amount(s["amount"])) for s in b["other_sources"] or []]
    if not (amounts or b["note"] or b["full_state_funding"] or b["basis"] or b["contradictory"]):
        return None  # a budget's source alone is already in the rounds table's 出典 column: no empty 「の経費:」 line
    return RoundBudget(r.year, amounts, bool(b["full_state_funding"]), b["note"] or None, refs(b["source"], numbers), told(b["basis"]) or None,
                       contradiction(b, numbers))


def rounds(case: "Case") -> Rounds | None:
    if not (len(case.rounds) > 1 or case.main.data["title"] is not None):
        return None
    rows = []
    numbers = case.source_numbers
    for r in case.rounds:
        b = r.data["budget"] or {}
        both = list(dict.fromkeys(refs(r.data["source"], numbers) + refs(b.get("source"), numbers)))
        rows.append(RoundRow(r.year, r.data["call"], r.data["district"], said(r.programme, UNKNOWN_TEXT), said(r.data["title"], case.title),
                             said(r.funding, UNKNOWN_TEXT), bool(b and b["full_state_funding"]), said(r.subsidy_type), unlisted_type(r.data["published_type"], short=True),
                             amount(b.get("total")), amount(b.get("subsidy")), amount(b.get("unclassified")), both))
    budgets = [x for x in (_round_budget(r, numbers) for r in case.rounds if r is not case.main) if x]
    return Rounds(rows, any(row.unclassified.kind for row in rows), any(row.call or row.district for row in rows),
                  [(r.year, r.data["summary"]) for r in case.rounds if r.data["summary"]], budgets,
                  [(r.year, r.published_themes, AS_PUBLISHED) for r in case.rounds if r is not case.main and r.published_themes])
