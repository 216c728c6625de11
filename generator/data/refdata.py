"""Reference data, below validate and model: prefectures, programme years with their themes, schema enums.

One source each: prefectures, municipality codes and the vocabulary are files in generator/data/, the
programme years are files in programmes/, and closed word lists (stages) are read from the case schema.
"""

from __future__ import annotations

import difflib
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.read.errors import CaseError, Problem
from generator.read.load import load_document, load_yaml_file
from generator.data.caseschema import case_schema
from generator.data.words import WORDS, say

DATA = Path(__file__).parent
PREFECTURES_FILE = DATA / "prefectures.yml"
WAREKI = {2019: "令和元年度"}


def enum(*path: str) -> list[str]:
    """The closed word list of a schema field, e.g. enum("stage") → ["構想・調査", "実証", …]."""
    node: dict[str, Any] = case_schema()
    for step in path:
        node = node["properties"][step]
        node = node.get("items", node) if node.get("type") == "array" else node
        node = node["anyOf"][0] if "anyOf" in node else node
    return list(node.get("enum") or node["items"]["enum"])


STAGES = enum("stage")
FUNDING = enum("rounds", "funding")  # 補助・委託・助言・ハンズオン支援（資金なし）
UNKNOWN_TEXT = WORDS["unknown_text"]


def fiscal_label(year: int) -> str:
    """2024 → 令和6年度（2024年度）."""
    era = WAREKI.get(year, f"令和{year - 2018}年度") if year >= 2019 else f"平成{year - 1988}年度"
    return f"{era}（{year}年度）"


@dataclass(frozen=True)
class Prefecture:
    code: str
    name: str
    slug: str
    region: str


@dataclass(frozen=True)
class Pillar:
    id: str
    title: str


@dataclass(frozen=True)
class Theme:
    id: str
    title: str
    description: str
    examples: tuple[str, ...]
    pillar: Pillar
    year: int

    @property
    def page(self) -> str:
        return f"themes/{self.year}/{self.id}.md"

    @property
    def review_page(self) -> str:
        return f"themes/{self.year}/{self.id}-review.md"


@dataclass(frozen=True)
class FundingType:
    name: str
    cap: int | None  # the subsidy cap in 円, when the year's rules give one


@dataclass
class ProgrammeYear:
    """One fiscal year of the national programme, from programmes/<year>.yml.

    Every rule is data of its year: what is not recorded (None) is not checked. A year may have no
    priority themes (e.g. the 委託 years of the モデル事業).
    """

    year: int
    label: str
    source: str
    programme: str | None = None
    funding: list[str] | None = None  # kinds of funding that year (補助 / 委託 / …); None: not recorded
    types: list[FundingType] | None = None
    categories: list[str] | None = None
    share_rule: str | None = None  # "consortium_exceeds_subsidy" (R6: コンソーシアム負担額 > 補助額)
    pillars: list[Pillar] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    recorded: bool = True  # False: no programmes/<year>.yml (another ministry's programme, a year before FY2019)
    selected: list["Selected"] | None = None  # the districts selected that year, as published; None: not recorded

    @property
    def by_id(self) -> dict[str, Theme]:
        return {t.id: t for t in self.themes}

    def theme(self, written: str) -> Theme | None:
        """The theme a case names, by its id or by its Japanese title as the year's file writes it."""
        return self.by_id.get(written) or next((t for t in self.themes if t.title == written), None)

    def type_named(self, name: str) -> FundingType | None:
        return next((t for t in self.types or [] if t.name == name), None)

    def suggest(self, wrong: str) -> str:
        ids = [t.id for t in self.themes]
        by_title = {t.title: t.id for t in self.themes}
        near = difflib.get_close_matches(wrong, ids, n=1, cutoff=0.4)
        near = near or [by_title[t] for t in difflib.get_close_matches(wrong, list(by_title), n=1, cutoff=0.3)]
        near = near or [t.id for t in self.themes if wrong and (wrong in t.title or t.title in wrong)]
        listing = "、".join(f"{t.id}（{t.title}）" for t in self.themes)
        hint = say("enum_near", near=near[0]) if near else ""
        return f"{hint}次の ID か、その名前（かっこ内）を書いてください: {listing}"


@dataclass(frozen=True)
class SelectionSource:
    id: str
    title: str
    publisher: str
    url: str
    seen: str
    published: str | None = None


@dataclass(frozen=True)
class Selected:
    """One district selected in a programme year, as the sources name it (programmes/<year>.yml `selected`)."""

    name: str
    prefecture: str
    code: str | None  # municipality code; None where the source names a district, not a municipality
    sources: tuple[SelectionSource, ...]
    type: str | None = None
    title: str | None = None
    amount: int | None = None
    note: str | None = None
    match: str | None = None  # for a district named without a municipality: words of the case's title (the catalogue's matching)

    @property
    def anchor(self) -> str:
        return f"selected-{self.code or hashlib.sha1(self.name.encode('utf-8')).hexdigest()[:8]}"


def _selected(data: dict[str, Any]) -> list[Selected] | None:
    if data.get("selected") is None:
        return None
    sources = {s["id"]: SelectionSource(s["id"], s.get("title", ""), s.get("publisher", ""), s.get("url", ""), str(s.get("seen", "")),
                                        str(s["published"]) if s.get("published") else None)
               for s in data.get("selection_sources") or []}
    out = []
    for d in data["selected"]:
        refs = d.get("source") or []
        refs = [refs] if isinstance(refs, str) else list(refs)
        out.append(Selected(str(d["name"]), str(d.get("prefecture", "")), str(d["code"]) if d.get("code") else None,
                            tuple(sources[r] for r in refs if r in sources), d.get("type"), d.get("title"),
                            d.get("amount") if isinstance(d.get("amount"), int) else None, d.get("note"), d.get("match")))
    return out


SHARE_RULES = {"consortium_exceeds_subsidy"}


def unrecorded_year(year: int) -> ProgrammeYear:
    """A year without programmes/<year>.yml (another ministry's programme, a year before FY2019): nothing of it is
    recorded, so nothing is checked against it; the round's programme is the case's own text."""
    return ProgrammeYear(year, fiscal_label(year), "", recorded=False)


def programme_year_from_data(data: dict[str, Any]) -> ProgrammeYear:
    year = int(data["fiscal_year"])
    pillars, themes = [], []
    for p in data.get("pillars") or []:
        pillar = Pillar(p["id"], p["title"])
        pillars.append(pillar)
        for t in p["themes"]:
            themes.append(Theme(t["id"], t["title"], t["description"], tuple(t.get("examples", [])), pillar, year))
    types = [FundingType(str(t["name"]), t.get("cap")) for t in data["types"]] if data.get("types") is not None else None
    share_rule = data.get("share_rule")
    if share_rule is not None and share_rule not in SHARE_RULES:
        raise ValueError(share_rule)
    return ProgrammeYear(year, data.get("label", fiscal_label(year)), data.get("source", ""), data.get("programme"),
                         data.get("funding"), types, data.get("categories"), share_rule, pillars, themes, selected=_selected(data))


def load_prefectures() -> dict[str, Prefecture]:
    rows = load_yaml_file(PREFECTURES_FILE)["prefectures"]
    return {r["name"]: Prefecture(r["code"], r["name"], r["slug"], r["region"]) for r in rows}


@dataclass(frozen=True)
class Municipality:
    code: str
    prefecture: str
    name: str


def load_municipalities() -> dict[str, Municipality]:
    """The MIC list of 全国地方公共団体コード (data/municipalities.csv, see data/municipalities.md), by code."""
    import csv

    with (DATA / "municipalities.csv").open(encoding="utf-8", newline="") as f:
        return {r["code"]: Municipality(r["code"], r["prefecture"], r["city"]) for r in csv.DictReader(f)}


@dataclass(frozen=True)
class CityList:
    """A published list of cities of one kind (data/city-types.yml): by code, with its sources."""

    label: str
    published_count: int
    complete: bool  # False: the list holds only the cities a source was seen for (the others are not told)
    cities: dict[str, str]  # 6-digit code → name
    sources: list[dict[str, Any]]


def load_city_types() -> dict[str, CityList]:
    """政令指定都市 and 中核市 (data/city-types.yml): "designated_cities", "core_cities", and "not_core_cities" (cities
    a source says are not 中核市: told apart even while the list of 中核市 is incomplete)."""
    data = load_yaml_file(DATA / "city-types.yml")
    lists = {key: CityList(v["label"], v["published_count"], v["complete"], {c["code"]: c["name"] for c in v["cities"]}, v["sources"])
             for key, v in data.items() if key != "not_core_cities"}
    others = data.get("not_core_cities") or []
    lists["not_core_cities"] = CityList("中核市でないと確かめた市", len(others), True, {c["code"]: c["name"] for c in others},
                                        [s for c in others for s in c["sources"]])
    return lists


def load_vocabulary() -> list[str]:
    return list(load_yaml_file(DATA / "vocabulary.yml")["terms"])


def load_programmes(folder: Path, rel: Any = None) -> dict[int, ProgrammeYear]:
    """programmes/<year>.yml → {year: ProgrammeYear}; a broken file is a CaseError at that file, in Japanese."""
    years = {}
    for path in sorted(folder.glob("*.yml")):
        doc = load_document(path, rel(path) if rel else f"programmes/{path.name}")
        try:
            year = programme_year_from_data(doc.data)
        except KeyError as exc:
            raise CaseError([Problem(doc.file, 1, 1, f"年度のファイルに項目「{exc.args[0]}」がありません。programmes/2024.yml と同じ形で書いてください")]) from None
        except (TypeError, ValueError, AttributeError):
            raise CaseError([Problem(doc.file, 1, 1, "年度のファイルの形が正しくありません（fiscal_year は整数、pillars・themes・types は箇条書き、share_rule は consortium_exceeds_subsidy）。programmes/2024.yml と同じ形で書いてください")]) from None
        if path.stem != str(year.year):
            raise CaseError([Problem(doc.file, *doc.where(("fiscal_year",)), f"ファイル名 {path.name} と年度 {year.year} が違います。{year.year}.yml にしてください")])
        years[year.year] = year
    return years

