"""Step 3: the catalogue as typed objects — themes of each year, prefectures, cases and what derives from them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from generator.data.caseschema import case_schema
from generator.data.refdata import Prefecture, ProgrammeYear, Theme, unrecorded_year
from generator.read.values import date_key, is_unknown, known
from generator.data.words import MET, NO_TARGET, UNMET, WAITING

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
    def series(self) -> list[dict[str, Any]]:
        """Measured values, oldest first (dates of any precision: day, month, year, fiscal year)."""
        return sorted(self.data["actuals"], key=lambda a: date_key(a["date"]))

    @property
    def latest(self) -> dict[str, Any] | None:
        return self.series[-1] if self.series else None

    @property
    def attainment(self) -> str:
        """達成 / 未達 / 実績待ち / 数値目標なし — always in words, never colour alone."""
        target = self.data["target"]
        if target is None:
            return NO_TARGET
        latest = self.latest
        if latest is None:
            return WAITING
        lower_is_better = self.data["direction"] == "減少"
        met = latest["value"] <= target if lower_is_better else latest["value"] >= target
        return MET if met else UNMET


def _theme_written(item: Any) -> str | None:
    """A theme as written: its id or title, or the theme of an inferred one; None for an unknown."""
    if isinstance(item, str):
        return item
    return item["theme"] if isinstance(item, dict) and isinstance(item.get("theme"), str) else None


@dataclass
class Round:
    """One fiscal year in which the project was funded, with that year's programme data."""

    data: dict[str, Any]
    info: ProgrammeYear

    @property
    def year(self) -> int:
        return self.data["fiscal_year"]

    @property
    def themes(self) -> list[Theme]:
        """The round's themes, written by id or by title (each once, in the order written), inferred ones included
        (`inferred` says which: pages and reviews mark them and count them apart)."""
        found = (self.info.theme(written) for written in (_theme_written(t) for t in self.data["themes"]) if written)
        return list(dict.fromkeys(t for t in found if t is not None))

    @property
    def inferred(self) -> dict[str, str]:
        """Theme id → why it was inferred ({theme: …, inferred: 根拠}): not published as the round's theme."""
        out = {}
        for t in self.data["themes"]:
            theme = self.info.theme(t["theme"]) if isinstance(t, dict) and isinstance(t.get("theme"), str) else None
            if theme is not None:
                out[theme.id] = str(t.get("inferred", ""))
        return out

    @property
    def themes_unknown(self) -> Any:
        """The {unknown: 理由} written in place of the round's themes, or None."""
        return next((t for t in self.data["themes"] if is_unknown(t)), None)

    @property
    def subsidy_type(self) -> Any:
        """The subsidy type as written: `type` (checked against the year's list), else the name of a
        `published_type` the year's file does not list (shown as published, not checked), else None."""
        published = self.data["published_type"]
        return self.data["type"] if self.data["type"] is not None else published["name"] if published else None

    @property
    def published_themes(self) -> list[str]:
        """Themes the sources name that the year's file does not list: shown as published, counted in no theme."""
        return list(self.data["published_themes"])

    @property
    def programme(self) -> Any:
        """The programme's name: as written for the round, else the year's data, else unknown (None)."""
        return self.data["programme"] if self.data["programme"] is not None else self.info.programme

    @property
    def funding(self) -> Any:
        if self.data["funding"] is not None:
            return self.data["funding"]
        return self.info.funding[0] if self.info.funding and len(self.info.funding) == 1 else None


@dataclass
class Case:
    """One valid case: its rounds resolved against the programme years, its prefectures, derived facts."""

    data: dict[str, Any]
    source: str  # path of the YAML file, relative to the project root
    rounds: list[Round]
    prefectures: list[Prefecture]
    raw: dict[str, Any] = field(default_factory=dict)  # as written, for open data (valid against the schema)
    assets: dict[str, Path] = field(default_factory=dict)  # page-relative path → file on disk
    updated: str | None = None  # date of the last commit that changed the YAML (from git), if known
    first_commit: str | None = None  # time of the YAML's first commit (ISO 8601, from git), if known
    last_commit: str | None = None  # time of the YAML's last commit (ISO 8601, from git), if known
    related: list["Case"] = field(default_factory=list, repr=False)  # cases that relate back: a full repr would never end

    def __repr__(self) -> str:
        return f"Case({self.id!r}, {self.source!r})"

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def main(self) -> Round:
        """The round this page mainly describes: the first round (in file order) of `fiscal_year` if given, else
        of the latest year (a year may have rounds of two programmes)."""
        wanted = self.data["fiscal_year"]
        year = wanted if any(r.year == wanted for r in self.rounds) else self.rounds[-1].year
        return next(r for r in self.rounds if r.year == year)

    @property
    def year(self) -> int:
        return self.main.year

    @property
    def years(self) -> list[int]:
        """The fiscal years of the rounds, each once (two programmes may fund one case in the same year)."""
        return list(dict.fromkeys(r.year for r in self.rounds))

    @property
    def themes(self) -> list[Theme]:
        return self.main.themes

    @property
    def sample(self) -> bool:
        return bool(self.data["sample"])

    @property
    def page(self) -> str:
        return f"cases/{self.id}.md"

    @property
    def primary_theme(self) -> Theme | None:
        return self.themes[0] if self.themes else None

    @property
    def leads(self) -> list[dict[str, Any]]:
        """The municipalities written `role: 代表` (several: co-representatives, 共同代表, as some sources say), or
        the only one; [] when several take part and no published source names a lead (the order claims nothing)."""
        munis = self.data["municipalities"]
        return list(munis) if len(munis) == 1 else [m for m in munis if m["role"] == "代表"]

    @property
    def lead(self) -> dict[str, Any] | None:
        """The one lead municipality; None without a stated lead and with co-representatives (see `leads`)."""
        leads = self.leads
        return leads[0] if len(leads) == 1 else None

    @property
    def place(self) -> str:
        """「静岡県 みなと市」; with a lead 「静岡県 みなと市 ほか2自治体」; co-representatives by name, 「静岡県 A市・B町
        （共同代表） ほか1自治体」; several without a lead, every name: 「京都府 精華町・木津川市」, 「岡山県 A町・B村／広島県 C市」
        (a prefecture said once for the names that follow it)."""
        munis, leads = self.data["municipalities"], self.leads
        named = leads or munis
        groups: list[tuple[str, list[str]]] = []
        for m in named:
            if groups and groups[-1][0] == m["prefecture"]:
                groups[-1][1].append(m["name"])
            else:
                groups.append((m["prefecture"], [m["name"]]))
        words = "／".join(f"{pref} {'・'.join(names)}" for pref, names in groups) + ("（共同代表）" if len(leads) > 1 else "")
        rest = len(munis) - len(named)
        return f"{words} ほか{rest}自治体" if rest else words

    @property
    def plateau(self) -> bool | None:
        """True / False as published; None when not published (unknown is never shown as a negative)."""
        design = self.data["design"] or {}
        used = (design.get("plateau") or {}).get("used")
        return None if used is None or is_unknown(used) else bool(used)

    @property
    def stage(self) -> str | None:
        return known(self.data["stage"])

    @cached_property
    def kpis(self) -> list[Kpi]:
        return [Kpi(k) for k in self.data["kpis"]]

    @property
    def technologies(self) -> list[str]:
        tags = list(self.data["technologies"])
        for service in self.data["services"]:
            tags += [t for t in service["technologies"] if t not in tags]
        return tags

    @cached_property
    def source_numbers(self) -> dict[str, int]:
        """出典 id → its number on the page ([1], [2], …), in the order of `sources`."""
        return {s["id"]: i + 1 for i, s in enumerate(self.data["sources"])}


def build_case(data: dict[str, Any], source: str, years: dict[int, ProgrammeYear], prefectures: dict[str, Prefecture]) -> Case:
    full = _fill_defaults(data, case_schema())
    rounds = sorted((Round(r, years.get(r["fiscal_year"]) or unrecorded_year(r["fiscal_year"])) for r in full["rounds"]),
                    key=lambda r: r.year)
    names = []
    for m in full["municipalities"]:
        if m["prefecture"] not in names:
            names.append(m["prefecture"])
    return Case(full, source, rounds, [prefectures[n] for n in names], raw=data)


@dataclass(repr=False)
class Catalogue:
    cases: list[Case]
    years: dict[int, ProgrammeYear]
    prefectures: list[Prefecture]
    vocabulary: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"Catalogue({len(self.cases)} cases, years {sorted(self.years)})"

    def __post_init__(self) -> None:
        self.years = dict(self.years)  # a copy: the years of rounds outside the programme files join it (pages by year)
        for r in (r for c in self.cases for r in c.rounds if r.year not in self.years):
            self.years[r.year] = r.info
        self.cases.sort(key=lambda c: (-c.year, c.id))
        link_related(self.real)  # real cases are related to real cases only; samples to samples
        link_related([c for c in self.cases if c.sample])

    @property
    def theme_years(self) -> list[ProgrammeYear]:
        """Programme years with priority themes, newest first."""
        return [y for y in sorted(self.years.values(), key=lambda y: -y.year) if y.themes]

    @property
    def case_years(self) -> list[int]:
        """Every fiscal year in which at least one case was funded, newest first."""
        return sorted({y for c in self.cases for y in c.years}, reverse=True)

    def cases_of(self, theme: Theme) -> list[Case]:
        """Cases whose round in the theme's year names it (any theme, not only the main one; inferred ones too)."""
        return [c for c in self.counted if any(theme in r.themes for r in c.rounds)]

    def inferred_of(self, theme: Theme) -> list[Case]:
        """The cases of a theme that name it only as inferred (never as published): marked and counted apart."""
        return [c for c in self.cases_of(theme) if not any(theme in r.themes and theme.id not in r.inferred for r in c.rounds)]

    def themes_unknown_in(self, year: int) -> list[Case]:
        """Cases whose round of that year says its themes are not published: listed on the year's theme page."""
        return [c for c in self.counted if any(r.year == year and r.themes_unknown is not None for r in c.rounds)]

    def published_themes_in(self, year: int) -> list[tuple[Case, list[str]]]:
        """Cases whose round of that year names themes the year's file does not list, with those themes."""
        found = ((c, [t for r in c.rounds if r.year == year for t in r.published_themes]) for c in self.counted)
        return [(c, themes) for c, themes in found if themes]

    def cases_in_year(self, year: int) -> list[Case]:
        return [c for c in self.counted if year in c.years]

    @cached_property
    def real(self) -> list[Case]:
        return [c for c in self.cases if not c.sample]

    @cached_property
    def counted(self) -> list[Case]:
        """What listings and totals show: the real cases once one exists (samples never mix into real totals;
        they stay findable in the finder, marked as samples)."""
        return self.real or self.cases

    def cases_in(self, prefecture: Prefecture) -> list[Case]:
        return [c for c in self.counted if prefecture in c.prefectures]

    @property
    def regions(self) -> list[tuple[str, list[Prefecture]]]:
        """Prefectures grouped by 地方, in the order of their codes."""
        groups: dict[str, list[Prefecture]] = {}
        for pref in self.prefectures:
            groups.setdefault(pref.region, []).append(pref)
        return list(groups.items())

    def recently_updated(self, n: int = 10) -> list[Case]:
        """「新しく載った・更新された事例」: the counted cases (the real ones once one exists: samples are not news),
        by the date the case file last changed (git), newest first; cases without history (no git) follow, by fiscal year."""
        return sorted(self.counted, key=lambda c: (c.updated is None, _desc(c.updated or ""), -c.year, c.id))[:n]


def _desc(date: str) -> tuple[int, ...]:
    return tuple(-int(part) for part in date.split("-") if part.isdigit())


RELATED = 5
CANDIDATES = 30  # per case, the best by shared tags; re-ranked by how alike their challenges read


def _signature(case: Case) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(f"{t.year}/{t.id}" for r in case.rounds for t in r.themes), frozenset(case.technologies)


def _bigrams(case: Case) -> frozenset[str]:
    """Character pairs of the challenges (課題): a language-neutral measure of a similar problem."""
    text = "".join(str(item["challenge"]) for item in case.data["story"])
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
