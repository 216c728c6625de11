"""Step 3: the catalogue as typed objects — themes of each year, prefectures, cases and what derives from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.refdata import Prefecture, Theme, ThemeYear
from generator.caseschema import case_schema

def _fill_defaults(value: Any, schema: dict[str, Any]) -> Any:
    """Give every optional field a value (None, or [] for lists) so templates never meet a missing key."""
    if isinstance(value, dict) and "properties" in schema:
        out = {}
        for key, sub in schema["properties"].items():
            if key in value:
                out[key] = _fill_defaults(value[key], sub)
            else:
                out[key] = [] if sub.get("type") == "array" else None
        return out
    if isinstance(value, list) and "items" in schema:
        return [_fill_defaults(v, schema["items"]) for v in value]
    return value


@dataclass
class Kpi:
    data: dict[str, Any]

    @property
    def latest(self) -> dict[str, Any] | None:
        actuals = sorted(self.data["actuals"], key=lambda a: a["date"])
        return actuals[-1] if actuals else None

    @property
    def attainment(self) -> str:
        """達成 / 未達 / 実績待ち / 数値目標なし — always in words, never colour alone."""
        target = self.data["target"]
        if target is None:
            return "数値目標なし"
        latest = self.latest
        if latest is None:
            return "実績待ち"
        lower_is_better = self.data["direction"] == "減少"
        met = latest["value"] <= target if lower_is_better else latest["value"] >= target
        return "達成" if met else "未達"


@dataclass
class Case:
    """One valid case, with the themes it names resolved."""

    data: dict[str, Any]
    source: str  # path of the YAML file, relative to the project root
    themes: list[Theme]
    prefectures: list[Prefecture]
    raw: dict[str, Any] = field(default_factory=dict)  # as written, for open data (valid against the schema)
    assets: dict[str, Path] = field(default_factory=dict)  # page-relative path → file on disk
    updated: str | None = None  # date of the last commit that changed the YAML (from git), if known
    first_commit: str | None = None  # time of the YAML's first commit (ISO 8601, from git), if known
    last_commit: str | None = None  # time of the YAML's last commit (ISO 8601, from git), if known
    related: list["Case"] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def year(self) -> int:
        return self.data["fiscal_year"]

    @property
    def sample(self) -> bool:
        return bool(self.data["sample"])

    @property
    def page(self) -> str:
        return f"cases/{self.id}.md"

    @property
    def primary_theme(self) -> Theme:
        return self.themes[0]

    @property
    def place(self) -> str:
        """「静岡県 みなと市」、広域連携なら「静岡県 みなと市 ほか2市町」."""
        munis = self.data["municipalities"]
        first = f"{munis[0]['prefecture']} {munis[0]['name']}"
        return first if len(munis) == 1 else f"{first} ほか{len(munis) - 1}自治体"

    @property
    def plateau(self) -> bool:
        design = self.data["design"] or {}
        return bool((design.get("plateau") or {}).get("used"))

    @cached_property
    def kpis(self) -> list[Kpi]:
        return [Kpi(k) for k in self.data["kpis"]]

    @property
    def technologies(self) -> list[str]:
        tags = list(self.data["technologies"])
        for service in self.data["services"]:
            tags += [t for t in service["technologies"] if t not in tags]
        return tags


def build_case(data: dict[str, Any], source: str, themes: dict[int, ThemeYear], prefectures: dict[str, Prefecture]) -> Case:
    full = _fill_defaults(data, case_schema())
    year = themes[full["fiscal_year"]]
    names = []
    for m in full["municipalities"]:
        if m["prefecture"] not in names:
            names.append(m["prefecture"])
    return Case(full, source, [year.by_id[t] for t in full["themes"]], [prefectures[n] for n in names], raw=data)


@dataclass
class Catalogue:
    cases: list[Case]
    theme_years: dict[int, ThemeYear]
    prefectures: list[Prefecture]
    vocabulary: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.cases.sort(key=lambda c: (-c.year, c.id))
        link_related(self.cases)

    def cases_of(self, theme: Theme) -> list[Case]:
        return [c for c in self.cases if theme in c.themes]

    def cases_in(self, prefecture: Prefecture) -> list[Case]:
        return [c for c in self.cases if prefecture in c.prefectures]

    @property
    def regions(self) -> list[tuple[str, list[Prefecture]]]:
        """Prefectures grouped by 地方, in the order of their codes."""
        groups: dict[str, list[Prefecture]] = {}
        for pref in self.prefectures:
            groups.setdefault(pref.region, []).append(pref)
        return list(groups.items())

    def recently_updated(self, n: int = 10) -> list[Case]:
        """「新しい事例」: real cases before samples, then by the date the case file last changed (git), newest
        first; cases without history (no git) follow, by fiscal year."""
        return sorted(self.cases, key=lambda c: (c.sample, c.updated is None, _desc(c.updated or ""), -c.year, c.id))[:n]


def _desc(date: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in date.split("-") if part.isdigit())


RELATED = 5
CANDIDATES = 30  # per case, the best by shared tags; re-ranked by how alike their challenges read


def _signature(case: Case) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(f"{t.year}/{t.id}" for t in case.themes), frozenset(case.technologies)


def _bigrams(case: Case) -> frozenset[str]:
    """Character pairs of the challenges (課題): a language-neutral measure of a similar problem."""
    text = "".join(item["challenge"] for item in case.data["story"])
    text = "".join(ch for ch in text if ch.isalnum())
    return frozenset(text[i:i + 2] for i in range(len(text) - 1))


def _alike(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def link_related(cases: list[Case]) -> None:
    """Up to 5 related cases each: shared themes weigh 3, shared technologies 2, similar challenges up to 4.

    Cases with the same themes and technologies share a signature, so tag scores are computed between
    signatures, not between all pairs of cases; only the best 30 candidates are compared by challenge
    text. Fast even at 10,000 cases.
    """
    groups: dict[tuple[frozenset[str], frozenset[str]], list[Case]] = {}
    for case in cases:
        groups.setdefault(_signature(case), []).append(case)
    signatures = list(groups)
    bigrams = {id(c): _bigrams(c) for c in cases}
    for sig in signatures:
        scored = sorted(((3 * len(sig[0] & other[0]) + 2 * len(sig[1] & other[1]), i) for i, other in enumerate(signatures)),
                        key=lambda pair: (-pair[0], pair[1]))
        ranked = [(score, signatures[i]) for score, i in scored if score > 0]
        for case in groups[sig]:
            candidates: list[tuple[float, int, Case]] = []
            for score, other in ranked:
                for c in groups[other]:
                    if c is not case and len(candidates) < CANDIDATES:
                        candidates.append((score + 4 * _alike(bigrams[id(case)], bigrams[id(c)]), len(candidates), c))
                if len(candidates) >= CANDIDATES:
                    break
            case.related = [c for _, _, c in sorted(candidates, key=lambda t: (-t[0], t[1]))[:RELATED]]
