"""What committee members look at: review viewpoints per case, KPI attainment, statistics (from generator/catalogue/dimensions.py).

Every rule here is also printed on the pages (VIEWPOINT_RULES), so readers can check it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from generator.catalogue import dimensions
from generator.catalogue.dimensions import Table
from generator.catalogue.model import Case, Catalogue, Round
from generator.read.values import amount_kind, exact, known
from generator.data.words import MET

Has = Callable[..., bool]
Check = Callable[[Case, Has], bool]

# What the review grid says for a viewpoint: documented, stated as not published, or not written at all.
DOCUMENTED, NOT_PUBLISHED, ABSENT = "あり", "公開資料に記載なし", "なし"


def _has(d: Any, *keys: str) -> bool:
    """The field is written with content; an explicit unknown ({unknown: …}) counts as not documented."""
    for key in keys:
        if not isinstance(d, dict) or not known(d.get(key)):
            return False
        d = d[key]
    return True


def _written(d: Any, *keys: str) -> bool:
    """The field is written, with content or as an explicit unknown ({unknown: …})."""
    for key in keys:
        if not isinstance(d, dict) or d.get(key) in (None, "", [], {}):
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
     lambda c, h: h(c.data, "vision") and bool(c.data["plans"]), "都市・まちづくりのビジョン"),
    ("具体性", "「アーキテクチャ」と、「データ」または「年度内のスケジュール」が書かれている",
     lambda c, h: h(c.data, "design", "architecture") and (h(c.data, "design", "data") or h(c.data, "schedule", "months")),
     "スマートシティ(サービス)のデザイン"),
    ("実効性", "「実証内容」「実証の方法」があり、数値目標のある KPI が 1 つ以上ある",
     lambda c, h: h(c.data, "demonstration", "content") and h(c.data, "demonstration", "method")
     and any(k["target"] is not None for k in c.data["kpis"]), "実証の概要"),
    ("継続性", "「費用負担の考え方」があり、「長期のマネタイズ」または「年間ランニングコスト」が書かれている",
     lambda c, h: h(c.data, "funding", "approach") and (h(c.data, "funding", "long_term") or h(c.main.data, "budget", "running_cost_per_year")),
     "費用負担の考え方"),
    ("ストーリー・デザイン", "導入のストーリー（課題と解決方法）があり、想定する利用者のニーズに根拠が 1 つ以上書かれている",
     lambda c, h: bool(c.data["story"]) and any(u["needs"] and u["evidence"] for u in c.data["users"]), "スマートシティ導入のストーリー"),
    ("効果検証", "目標・検証時期・検証方法がそろった KPI が 1 つ以上ある（KPI が公開されていない事例は「なし」）",
     lambda c, h: any(_kpi_planned(k) for k in c.data["kpis"]), "本格導入後の効果検証"),
]]


def viewpoints(case: Case) -> dict[str, str]:
    """Each viewpoint as あり (documented), 公開資料に記載なし (what it needs is written, but as not published) or
    なし (not written). Unknown and absent are never the same word."""
    return {v.name: DOCUMENTED if v.check(case, _has) else NOT_PUBLISHED if v.check(case, _written) else ABSENT
            for v in VIEWPOINTS}


def review_rows(cases: list[Case], inferred: "set[str] | frozenset[str]" = frozenset()) -> list[dict[str, Any]]:
    """The review table as rows, for the page and its CSV export (one source for both); `inferred`: the ids of the
    cases whose theme is inferred, not published (their row says so)."""
    rows = []
    for c in cases:
        seen = viewpoints(c)
        rows.append({"事例ID": c.id, "事業名": c.title, "サンプル": c.sample, "年度": "・".join(map(str, c.years)),
                     "重点テーマの出典": "推定（公表資料に記載なし）" if c.id in inferred else "公表資料",
                     **{v.name: seen[v.name] for v in VIEWPOINTS},
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
                      sum(k.latest is not None for k in kpis), sum(k.attainment == MET for k in kpis))


def statistics(catalogue: Catalogue, cases: list[Case]) -> list[Table]:
    """The statistics page: one or more tables per dimension with stats=True (generator/catalogue/dimensions.py), in the
    declared order, then whether cases publish KPIs at all."""
    tables = [t for d in dimensions.DIMENSIONS if d.stats for t in d.statistics(catalogue, cases)]
    tables.append(Table("kpi-none", "KPI を公開していない事例", [("KPI なし", sum(not c.kpis for c in cases)), ("KPI あり", sum(bool(c.kpis) for c in cases))]))
    return tables


# The kinds of amount the statistics add up, each apart: a figure whose kind the sources do not give is never
# counted as a total or as a subsidy.
MONEY_KINDS = (("total", "事業費"), ("subsidy", "補助額"), ("unclassified", "総額か補助額か分からない金額"))
# Why an amount is left out of the totals and averages, in the order the page says them.
LEFT_OUT = {"approx": "約", "range": "幅", "unknown": "公開資料に記載なし", "unclassified": "総額か補助額か分からない金額だけ",
            "absent": "金額の記載なし"}


@dataclass(frozen=True)
class Sum:
    """The exact amounts of one kind, wherever they sit (every round of every case): how many, their total, and
    how many rounds were left out and why (LEFT_OUT)."""

    key: str
    label: str
    count: int
    cases: int
    total: int
    left_out: dict[str, int]

    @property
    def average(self) -> int | None:
        """Per amount counted; None (shown 「—」, never ¥0) when no exact amount is published."""
        return self.total // self.count if self.count else None

    @property
    def left_out_count(self) -> int:
        return sum(self.left_out.values())

    @property
    def reasons(self) -> list[tuple[str, int]]:
        return [(words, self.left_out[key]) for key, words in LEFT_OUT.items() if self.left_out.get(key)]


@dataclass(frozen=True)
class Money:
    """Every exact amount of the cases' rounds, by kind (事業費, 補助額, 総額か補助額か分からない金額)."""

    rounds: int
    sums: list[Sum]

    def __getitem__(self, key: str) -> Sum:
        return next(s for s in self.sums if s.key == key)

    @property
    def left_out(self) -> int:
        return sum(s.left_out_count for s in self.sums)


def _why(budget: dict[str, Any], key: str) -> str:
    """Why the round's amount of this kind is not counted: 約 / 幅 / unknown / only an unclassified figure / none."""
    kind = amount_kind(budget.get(key))
    if kind in ("approx", "range", "unknown"):
        return kind
    if key != "unclassified" and amount_kind(budget.get("unclassified")) is not None:
        return "unclassified"
    return "absent"


def money(cases: list[Case], rounds: "list[tuple[Case, Round]] | None" = None) -> Money:
    """The exact amounts of every round of the cases (or of the rounds given): not the main round only, and each
    kind apart. 約, a range, an unknown or an amount of unclear kind is left out of a kind's total and counted so."""
    pairs = rounds if rounds is not None else [(c, r) for c in cases for r in c.rounds]
    sums = []
    for key, label in MONEY_KINDS:
        count = total = 0
        with_amount: set[str] = set()
        left: dict[str, int] = {}
        for case, r in pairs:
            budget = r.data["budget"] or {}
            value = exact(budget.get(key))
            if value is not None:
                count, total = count + 1, total + value
                with_amount.add(case.id)
            elif key != "unclassified" or amount_kind(budget.get(key)) is not None:  # no unclassified figure is normal
                why = _why(budget, key)
                left[why] = left.get(why, 0) + 1
        sums.append(Sum(key, label, count, len(with_amount), total, left))
    return Money(len(pairs), sums)


@dataclass(frozen=True)
class MoneyRow:
    label: str
    money: Money


def money_by(cases: list[Case], catalogue: Catalogue) -> list[MoneyRow]:
    """The amounts per main theme of each programme year (a round's first theme), and per fiscal year: every round."""
    pairs = [(c, r) for c in cases for r in c.rounds]
    rows = []
    for year in catalogue.theme_years:
        for theme in year.themes:
            of = [(c, r) for c, r in pairs if r.year == year.year and r.themes and r.themes[0] == theme]
            if of:
                rows.append(MoneyRow(f"{year.year}年度 {theme.title}（主テーマ）", money(cases, of)))
    for y in sorted({r.year for _, r in pairs}):
        rows.append(MoneyRow(f"{y}年度の全事例", money(cases, [(c, r) for c, r in pairs if r.year == y])))
    return rows


def unsourced(case: Case) -> int:
    """Figures a reader cannot trace: amounts, KPI values, outcomes and quantities without a source."""
    d = case.data
    count = 0
    for r in case.rounds:
        budget = r.data["budget"] or {}
        has = bool(r.data["source"] or budget.get("source"))
        count += 0 if has else sum(1 for k in ("total", "subsidy", "consortium_share") if amount_kind(budget.get(k)) in ("exact", "approx", "range"))
        unlisted = r.data["published_type"] or {}  # a cap the year's file does not list: traced only by its source
        count += int(unlisted.get("cap") is not None and not (has or unlisted.get("source")))
    count += sum(1 for k in d["kpis"] for a in k["actuals"] if not (a["source"] or k["source"]))
    count += sum(1 for o in d["outcomes"] if o["value"] is not None and not o["source"])
    count += sum(1 for f in d["facts"] if not f["source"])
    return count

