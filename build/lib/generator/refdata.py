"""Reference data, below validate and model: prefectures, programme years with their themes, schema enums.

One source each: prefectures and the vocabulary are files in generator/data/, the programme years are
files in themes/, and the closed word lists (stages, subsidy types) are read from the case schema.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import CaseError, Problem
from generator.load import load_document, load_yaml_file
from generator.caseschema import case_schema

DATA = Path(__file__).parent / "data"
PREFECTURES_FILE = DATA / "prefectures.yml"
WAREKI = {2019: "令和元年度"}


def enum(*path: str) -> list[str]:
    """The closed word list of a schema field, e.g. enum("stage") → ["構想・調査", "実証", …]."""
    node: dict[str, Any] = case_schema()
    for step in path:
        node = node["properties"][step]
    return list(node.get("enum") or node["items"]["enum"])


STAGES = enum("stage")
SUBSIDY_TYPES = enum("subsidy_type")
SUBSIDY_CAPS = {"通常タイプ": 20_000_000, "都市サービス実装タイプ": 50_000_000}


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


@dataclass
class ThemeYear:
    year: int
    label: str
    source: str
    pillars: list[Pillar]
    themes: list[Theme]

    @property
    def by_id(self) -> dict[str, Theme]:
        return {t.id: t for t in self.themes}

    def suggest(self, wrong: str) -> str:
        ids = [t.id for t in self.themes]
        by_title = {t.title: t.id for t in self.themes}
        near = difflib.get_close_matches(wrong, ids, n=1, cutoff=0.4)
        near = near or [by_title[t] for t in difflib.get_close_matches(wrong, list(by_title), n=1, cutoff=0.3)]
        near = near or [t.id for t in self.themes if wrong and (wrong in t.title or t.title in wrong)]
        listing = "、".join(f"{t.id}（{t.title}）" for t in self.themes)
        hint = f"「{near[0]}」のことでしょうか。" if near else ""
        return f"{hint}使えるのは次の ID です: {listing}"


def theme_year_from_data(data: dict[str, Any]) -> ThemeYear:
    year = int(data["fiscal_year"])
    pillars, themes = [], []
    for p in data["pillars"]:
        pillar = Pillar(p["id"], p["title"])
        pillars.append(pillar)
        for t in p["themes"]:
            themes.append(Theme(t["id"], t["title"], t["description"], tuple(t.get("examples", [])), pillar, year))
    return ThemeYear(year, data.get("label", fiscal_label(year)), data.get("source", ""), pillars, themes)


def load_prefectures() -> dict[str, Prefecture]:
    rows = load_yaml_file(PREFECTURES_FILE)["prefectures"]
    return {r["name"]: Prefecture(r["code"], r["name"], r["slug"], r["region"]) for r in rows}


def load_vocabulary() -> list[str]:
    return list(load_yaml_file(DATA / "vocabulary.yml")["terms"])


def load_themes(themes_dir: Path, rel: Any = None) -> dict[int, ThemeYear]:
    """themes/<year>.yml → {year: ThemeYear}; a broken file is a CaseError at that file, in Japanese."""
    years = {}
    for path in sorted(themes_dir.glob("*.yml")):
        doc = load_document(path, rel(path) if rel else f"themes/{path.name}")
        try:
            year = theme_year_from_data(doc.data)
        except KeyError as exc:
            raise CaseError([Problem(doc.file, 1, 1, f"重点テーマのファイルに項目「{exc.args[0]}」がありません。themes/2024.yml と同じ形で書いてください")]) from None
        except (TypeError, ValueError):
            raise CaseError([Problem(doc.file, 1, 1, "重点テーマのファイルの形が正しくありません（fiscal_year は整数、pillars と themes は箇条書き）。themes/2024.yml と同じ形で書いてください")]) from None
        if path.stem != str(year.year):
            raise CaseError([Problem(doc.file, *doc.where(("fiscal_year",)), f"ファイル名 {path.name} と年度 {year.year} が違います。{year.year}.yml にしてください")])
        years[year.year] = year
    return years
