"""What committee members look at: review viewpoints per case, KPI attainment, statistics (from generator/dimensions.py).

Every rule here is also printed on the pages (VIEWPOINT_RULES), so readers can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from generator import dimensions
from generator.dimensions import Table
from generator.model import Case, Catalogue
from generator.values import amount_kind, exact, known

Check = Callable[[Case], bool]


def _has(d: Any, *keys: str) -> bool:
    """The field is written with content; an explicit unknown ({unknown: …}) counts as not documented."""
    for key in keys:
        if not isinstance(d, dict) or not known(d.get(key)):
            return False
        d = d[key]
    return True


def _kpi_planned(k: dict[str, Any]) -> bool:
    return (k["target"] is not None or bool(k["target_text"])) and bool(k["timing"]) and bool(k["method"])


@dataclass(frozen=True)
class Viewpoint:
    """A review viewpoint: its name, the rule in words (printed on the page), the check, and the section of the
    case page that shows it (the review table links there)."""

    name: str
    rule: str
    check: Check
    section: str  # the heading of that section on a case page, as a reader sees it

    @property
    def anchor(self) -> str:
        """The heading's id on the page (the site's slugify drops punctuation and lowercases)."""
        return re.sub(r"[・()（）\s]", "", self.section).lower()


# A case "documents" a viewpoint when the check holds.
VIEWPOINTS: list[Viewpoint] = [Viewpoint(*v) for v in [
    ("適合性", "「都市・まちづくりのビジョン」と「具体的な計画・取組」が書かれている",
     lambda c: _has(c.data, "vision") and bool(c.data["plans"]), "都市・まちづくりのビジョン"),
    ("具体性", "「アーキテクチャ」と、「データ」または「年度内のスケジュール」が書かれている",
     lambda c: _has(c.data, "design", "architecture") and (_has(c.data, "design", "data") or _has(c.data, "schedule", "months")),
     "スマートシティ(サービス)のデザイン"),
    ("実効性", "「実証内容」「実証の方法」があり、数値目標のある KPI が 1 つ以上ある",
     lambda c: _has(c.data, "demonstration", "content") and _has(c.data, "demonstration", "method")
     and any(k["target"] is not None for k in c.data["kpis"]), "実証の概要"),
    ("継続性", "「費用負担の考え方」があり、「長期のマネタイズ」または「年間ランニングコスト」が書かれている",
     lambda c: _has(c.data, "funding", "approach") and (_has(c.data, "funding", "long_term") or _has(c.main.data, "budget", "running_cost_per_year")),
     "費用負担の考え方"),
    ("ストーリー・デザイン", "導入のストーリー（課題と解決方法）があり、想定する利用者のニーズに根拠が 1 つ以上書かれている",
     lambda c: bool(c.data["story"]) and any(u["needs"] and u["evidence"] for u in c.data["users"]), "スマートシティ導入のストーリー"),
    ("効果検証", "目標・検証時期・検証方法がそろった KPI が 1 つ以上ある（KPI が公開されていない事例は「なし」）",
     lambda c: any(_kpi_planned(k) for k in c.data["kpis"]), "本格導入後の効果検証"),
]]


def viewpoints(case: Case) -> dict[str, bool]:
    return {v.name: v.check(case) for v in VIEWPOINTS}


def review_rows(cases: list[Case]) -> list[dict[str, Any]]:
    """The review table as rows, for the page and its CSV export (one source for both)."""
    rows = []
    for c in cases:
        seen = viewpoints(c)
        rows.append({"事例ID": c.id, "事業名": c.title, "サンプル": c.sample, "年度": "・".join(map(str, c.years)),
                     **{v.name: "あり" if seen[v.name] else "なし" for v in VIEWPOINTS},
                     "KPI の達成": kpi_summary([c]).short, "出典のない数値": unsourced(c)})
    return rows


@dataclass(frozen=True)
class KpiSummary:
    total: int
    with_target: int
    with_actual: int
    achieved: int

    @property
    def short(self) -> str:
        return f"達成 {self.achieved}／{self.with_target}（全 {self.total}）" if self.total else "KPI なし"


def kpi_summary(cases: list[Case]) -> KpiSummary:
    kpis = [k for c in cases for k in c.kpis]
    return KpiSummary(len(kpis), sum(k.data["target"] is not None for k in kpis),
                      sum(k.latest is not None for k in kpis), sum(k.attainment == "達成" for k in kpis))


def statistics(catalogue: Catalogue, cases: list[Case]) -> list[Table]:
    """The statistics page: one or more tables per dimension with stats=True (generator/dimensions.py), in the
    declared order, then whether cases publish KPIs at all."""
    tables = [t for d in dimensions.DIMENSIONS if d.stats for t in d.statistics(catalogue, cases)]
    tables.append(Table("kpi-none", "KPI を公開していない事例", [("KPI なし", sum(not c.kpis for c in cases)), ("KPI あり", sum(bool(c.kpis) for c in cases))]))
    return tables


@dataclass(frozen=True)
class MoneyRow:
    label: str
    money: "Money"


def money_by(cases: list[Case], catalogue: Catalogue) -> list[MoneyRow]:
    """事業費 per main theme of each programme year, and per year: exact amounts only, with what was left out."""
    rows = []
    for year in catalogue.theme_years:
        for theme in year.themes:
            of = [c for c in cases if c.year == year.year and c.primary_theme == theme]
            if of:
                rows.append(MoneyRow(f"{year.year}年度 {theme.title}（主テーマ）", money(of)))
    for y in sorted({c.year for c in cases}):
        rows.append(MoneyRow(f"{y}年度（主な年度）の全事例", money([c for c in cases if c.year == y])))
    return rows


@dataclass(frozen=True)
class Money:
    """Totals of exact, known-kind amounts only; `left_out` says how many cases could not be counted."""

    cases: int
    total: int
    subsidy: int
    left_out: int = 0

    @property
    def average_total(self) -> int:
        return self.total // self.cases if self.cases else 0

    @property
    def average_subsidy(self) -> int:
        return self.subsidy // self.cases if self.cases else 0


def money(cases: list[Case]) -> Money:
    """事業費 of each case's main round: only exact figures (not 約, a range, unknown or of unclear kind)."""
    counted = [(exact(b["total"]), exact(b["subsidy"])) for c in cases if (b := c.main.data["budget"]) and exact(b["total"]) is not None]
    return Money(len(counted), sum(t for t, _ in counted), sum(s or 0 for _, s in counted), len(cases) - len(counted))


def unsourced(case: Case) -> int:
    """Figures a reader cannot trace: amounts, KPI values, outcomes and quantities without a source."""
    d = case.data
    count = 0
    for r in case.rounds:
        budget = r.data["budget"] or {}
        has = bool(r.data["source"] or budget.get("source"))
        count += 0 if has else sum(1 for k in ("total", "subsidy", "consortium_share") if amount_kind(budget.get(k)) in ("exact", "approx", "range"))
    count += sum(1 for k in d["kpis"] for a in k["actuals"] if not (a["source"] or k["source"]))
    count += sum(1 for o in d["outcomes"] if o["value"] is not None and not o["source"])
    count += sum(1 for f in d["facts"] if not f["source"])
    return count

