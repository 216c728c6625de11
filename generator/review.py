"""What committee members look at: review viewpoints per case, KPI attainment, statistics.

Every rule here is also printed on the pages (VIEWPOINT_RULES), so readers can check it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable

from generator.model import Case, Catalogue
from generator.refdata import STAGES

Check = Callable[[dict[str, Any]], bool]


def _has(d: Any, *keys: str) -> bool:
    for key in keys:
        if not isinstance(d, dict) or not d.get(key):
            return False
        d = d[key]
    return True


def _kpi_planned(k: dict[str, Any]) -> bool:
    return (k["target"] is not None or bool(k["target_text"])) and bool(k["timing"]) and bool(k["method"])


# (viewpoint, rule in words, check). A case "documents" a viewpoint when the check holds.
VIEWPOINTS: list[tuple[str, str, Check]] = [
    ("適合性", "「都市・まちづくりのビジョン」と「具体的な計画・取組」が書かれている",
     lambda d: bool(d["vision"]) and bool(d["plans"])),
    ("具体性", "「アーキテクチャ」と、「データ」または「年度内のスケジュール」が書かれている",
     lambda d: _has(d, "design", "architecture") and (_has(d, "design", "data") or _has(d, "schedule", "months"))),
    ("実効性", "「実証内容」「実証の方法」があり、数値目標のある KPI が 1 つ以上ある",
     lambda d: _has(d, "demonstration", "content") and _has(d, "demonstration", "method") and any(k["target"] is not None for k in d["kpis"])),
    ("継続性", "「費用負担の考え方」があり、「長期のマネタイズ」または「年間ランニングコスト」が書かれている",
     lambda d: _has(d, "funding", "approach") and (_has(d, "funding", "long_term") or _has(d, "budget", "running_cost_per_year"))),
    ("ストーリー・デザイン", "導入のストーリー（課題と解決方法）があり、想定する利用者のニーズに根拠が 1 つ以上書かれている",
     lambda d: bool(d["story"]) and any(u["needs"] and u["evidence"] for u in d["users"])),
    ("効果検証", "目標・検証時期・検証方法がそろった KPI が 1 つ以上ある",
     lambda d: any(_kpi_planned(k) for k in d["kpis"])),
]


def viewpoints(case: Case) -> dict[str, bool]:
    return {name: check(case.data) for name, _, check in VIEWPOINTS}


@dataclass(frozen=True)
class KpiSummary:
    total: int
    with_target: int
    with_actual: int
    achieved: int

    @property
    def short(self) -> str:
        return f"達成 {self.achieved}／{self.with_target}（全 {self.total}）"


def kpi_summary(cases: list[Case]) -> KpiSummary:
    kpis = [k for c in cases for k in c.kpis]
    return KpiSummary(len(kpis), sum(k.data["target"] is not None for k in kpis),
                      sum(k.latest is not None for k in kpis), sum(k.attainment == "達成" for k in kpis))


@dataclass(frozen=True)
class Table:
    """One statistic: a caption, rows of (label, value), and the unit of the values."""

    id: str
    caption: str
    rows: list[tuple[str, int]]
    unit: str = "件"


def statistics(catalogue: Catalogue, cases: list[Case]) -> list[Table]:
    years = sorted({c.year for c in cases})
    tables = []
    for year in years:
        themes = catalogue.theme_years[year].themes
        of_year = [c for c in cases if c.year == year]
        tables.append(Table(f"theme-{year}", f"{year}年度 重点テーマ別の事例数（主テーマ）",
                            [(t.title, sum(c.primary_theme == t for c in of_year)) for t in themes]))
    by_pref = Counter(p.name for c in cases for p in c.prefectures)
    tables.append(Table("prefecture", "都道府県別の事例数", [(p.name, by_pref[p.name]) for p in catalogue.prefectures if by_pref[p.name]]))
    subsidy = Counter(c.data["subsidy_type"] for c in cases)
    tables.append(Table("subsidy", "補助タイプ別の事例数", [(k, subsidy[k]) for k in SUBSIDY_TYPES]))
    stage = Counter(c.data["stage"] for c in cases)
    tables.append(Table("stage", "段階別の事例数", [(s, stage[s]) for s in STAGES]))
    return tables


@dataclass(frozen=True)
class Money:
    cases: int
    total: int
    subsidy: int

    @property
    def average_total(self) -> int:
        return self.total // self.cases if self.cases else 0

    @property
    def average_subsidy(self) -> int:
        return self.subsidy // self.cases if self.cases else 0


def money(cases: list[Case]) -> Money:
    budgets = [c.data["budget"] for c in cases if c.data["budget"] and c.data["budget"]["total"] is not None]
    return Money(len(budgets), sum(b["total"] for b in budgets), sum(b["subsidy"] or 0 for b in budgets))

