"""Dimensions: every way of classifying a case, declared once (the model: Hugo's taxonomies, datasette's facets).

A Dimension says what a classification is called, how its values are read from a Case, in which order they
come, and how an unknown value is said; its flags say what follows from it:

- facet:   a filter of the finder and a `data-pagefind-filter` span on every case page (search.FACETS);
- listing: "cases by X" pages — "by": generic pages under docs/by/<id>/ (pages.dimension_pages, templates
  by-index.md.j2 / by-value.md.j2, one navigation line); or the folder of the page types of its own in
  pages.PAGES (themes, years and prefectures have programme text, regions and review pages of their own);
- stats:   a table (and chart) on the statistics page (review.statistics);
- column:  a column of cases.csv, cases-ja.csv and the 事例 sheet, explained on the data page (opendata.CASE_COLUMNS).

Adding "cases by X" everywhere is one Dimension below (+ goldens when it is a facet: case pages carry its span).

Unknown is never a negative: a value that published material does not give ({unknown: …}, or a field left
out where the form always has an answer) is the value 「不明」, counted in a row of its own after the known ones,
and explained on the pages as 「公開資料に記載なし」. "Does not apply" (a year without subsidy types) is no value.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable

from generator.data.refdata import STAGES, UNKNOWN_TEXT, enum, load_city_types, load_municipalities
from generator.read.values import OTHER, PROVENANCE_ORDER, as_written, counted_as, is_unknown, provenance_kind
from generator.data.words import MET, NO_TARGET, UNKNOWN_VALUE, UNMET, WAITING

if TYPE_CHECKING:
    from generator.catalogue.model import Case, Catalogue, Round
    from generator.data.refdata import Theme

UNKNOWN = UNKNOWN_VALUE  # the value of what published material does not give (facets, statistics, open-data cells)
UNKNOWN_SAID = UNKNOWN_TEXT  # how the pages explain it: 公開資料に記載なし (never なし)

Read = Callable[["Case"], "list[str] | None"]


@dataclass(frozen=True)
class Table:
    """One statistic: a caption, rows of (label, value), and the unit of the values."""

    id: str
    caption: str
    rows: list[tuple[str, int]]
    unit: str = "件"


@dataclass(frozen=True)
class ColumnSpec:
    """How a dimension is written as an open-data column (opendata.dimension_column makes the Column)."""

    key: str
    description: str
    label: str = ""  # the Japanese header; the dimension's label when empty
    width: int = 14
    kind: str = "text"
    cell: Callable[["Case"], Any] | None = None  # default: the values joined by 「；」, 不明 when unknown


@dataclass(frozen=True)
class Dimension:
    id: str  # the finder's URL parameter, the statistics table's id, the folder under docs/by/
    label: str  # Japanese, as the finder shows it
    read: Read  # the case's values: None when published material does not give it; [] when none applies
    order: str | tuple[str, ...] = "count"  # "count" (most first), "desc" (newest first), "region" (prefecture code), or the values in order
    facet: bool = True
    listing: str = ""  # "" none; "by": generic "cases by X" pages; else the root of its own page types in pages.PAGES
    stats: bool = True
    column: ColumnSpec | None = None
    caption: str = ""  # the statistics table's caption; 「<label>別の事例数」 when empty
    top: int | None = None  # the statistics table shows only the first rows
    unit: str = "件"  # 件: read gives each value once per case; 指標: once per KPI (the table counts KPIs)
    slugs: dict[str, str] = field(default_factory=dict)  # value → file name of its listing page (default: a hash)
    tables: Callable[["Catalogue", list["Case"]], list[Table]] | None = None  # statistics of its own (themes: per year)
    unknown: str = UNKNOWN

    def values(self, case: "Case") -> list[str]:
        """The case's values, each once, in reading order; [不明] when unknown."""
        read = self.read(case)
        return [self.unknown] if read is None else list(dict.fromkeys(read))

    def cell(self, case: "Case") -> Any:
        spec = self.column
        if spec is not None and spec.cell is not None:
            return spec.cell(case)
        read = self.read(case)
        return self.unknown if read is None else "；".join(dict.fromkeys(read))

    @property
    def finder_order(self) -> str:
        return self.order if isinstance(self.order, str) else "given"

    def ordered(self, counts: Counter[str], catalogue: "Catalogue") -> list[str]:
        """The known values that occur (and every value of a given order), in the dimension's order."""
        found = [k for k in counts if k != self.unknown]
        if self.order == "desc":
            return sorted(found, reverse=True)
        if self.order == "region":
            return [p.name for p in catalogue.prefectures if counts[p.name]]
        if isinstance(self.order, tuple):
            return list(self.order) + sorted(k for k in found if k not in self.order)
        return sorted(found, key=lambda k: (-counts[k], k))

    def counts(self, cases: list["Case"]) -> Counter[str]:
        if self.unit == "件":
            return Counter(v for c in cases for v in self.values(c))
        return Counter(v for c in cases for v in (self.read(c) or []))  # one value per KPI

    def rows(self, catalogue: "Catalogue", cases: list["Case"]) -> list[tuple[str, int]]:
        """Rows of (value, count) in order; 不明 last, apart, and only when some case has it."""
        counts = self.counts(cases)
        rows = [(k, counts[k]) for k in self.ordered(counts, catalogue)][: self.top]
        return rows + ([(self.unknown, counts[self.unknown])] if counts[self.unknown] else [])

    def statistics(self, catalogue: "Catalogue", cases: list["Case"]) -> list[Table]:
        if self.tables is not None:
            return self.tables(catalogue, cases)
        return [Table(self.id, self.caption or f"{self.label}別の事例数", self.rows(catalogue, cases), self.unit)]

    def slug(self, value: str) -> str:
        """The file name of a value's listing page: declared, the value itself when it is a safe name, else a hash."""
        if value == self.unknown:
            return "unknown"
        if value in self.slugs:
            return self.slugs[value]
        return value if re.fullmatch(r"[a-z0-9-]+", value) else "v" + hashlib.sha1(value.encode("utf-8")).hexdigest()[:8]


def _known(value: Any) -> list[str] | None:
    """One value as written; None when unknown or not written (the form always has an answer here)."""
    return None if value is None or is_unknown(value) else [str(value)]


def _optional(value: Any) -> list[str] | None:
    """One value as written; None when unknown; no value when the field is absent (it does not apply)."""
    return [] if value is None else _known(value)


MEMBER_KINDS = tuple(k for k in enum("consortium", "members", "kind") if k != OTHER) + (OTHER,)  # an open list: {other: 記述} counts as その他


def _members(case: "Case") -> list[dict[str, Any]] | None:
    consortium = case.data["consortium"] or {}
    return consortium.get("members") or None  # not published (members_unknown) or not written: 不明


def _member_kinds(case: "Case") -> list[str] | None:
    """The kinds of the consortium's members, each once: a kind written as its own text ({other: 商工会議所}) is
    counted as その他; None (不明) when the members are not published."""
    members = _members(case)
    return None if members is None else [counted_as(m["kind"]) for m in members]


def _member_kinds_cell(case: "Case") -> str:
    """The open data keeps each kind as written (商工会議所, not その他)."""
    members = _members(case)
    return UNKNOWN if members is None else "；".join(dict.fromkeys(str(as_written(m["kind"])) for m in members))


def _plateau(case: "Case") -> list[str] | None:
    return None if case.plateau is None else ["活用あり" if case.plateau else "活用なし"]


CITY_TYPES = load_city_types()  # data/city-types.yml: the published lists of 政令指定都市 and 中核市, with their sources
CORE_CITIES, NOT_CORE = CITY_TYPES["core_cities"], CITY_TYPES["not_core_cities"]
OTHER_CITY, UNCONFIRMED_CITY = "その他の市", "市（中核市かどうかは未確認）"  # a 市 not listed, while the list is incomplete
MUNICIPALITY_TYPES = ("政令指定都市", "中核市", OTHER_CITY) + (() if CORE_CITIES.complete else (UNCONFIRMED_CITY,)) + ("特別区", "町", "村")


@lru_cache(maxsize=1)
def _code_list() -> dict[str, Any]:
    return load_municipalities()


def municipality_type(municipality: dict[str, Any]) -> str | None:
    """From the 全国地方公共団体コード and the published lists (data/city-types.yml). The code's 3rd digit is 1 for
    政令指定都市 (and their wards) and 東京都's 特別区; 2 for 市: 中核市 when the list names it, else その他の市 (while
    the list is incomplete: 「市（中核市かどうかは未確認）」 unless a source says it is not one); 3–7 for 町村 (町 or
    村 by the name in the code list). None without a code (the samples) and for a prefecture's code (…000x)."""
    code = municipality.get("code")
    if not isinstance(code, str) or not re.fullmatch(r"\d{6}", code) or code[2:5] == "000":
        return None
    if code[2] == "1":
        return "特別区" if code[:2] == "13" else "政令指定都市"
    if code[2] == "2":
        if code in CORE_CITIES.cities:
            return "中核市"
        return OTHER_CITY if CORE_CITIES.complete or code in NOT_CORE.cities else UNCONFIRMED_CITY
    listed = _code_list().get(code)
    name = listed.name if listed else str(municipality.get("name", ""))
    return "村" if name.endswith("村") else "町"


def _municipality_types(case: "Case") -> list[str] | None:
    """The types of the case's municipalities that have a code, each once (a joint case has every type); None when
    none has one."""
    types = [t for m in case.data["municipalities"] if (t := municipality_type(m))]
    return types or None


def _theme_tables(catalogue: "Catalogue", cases: list["Case"]) -> list[Table]:
    """Two tables per programme year: main theme of the cases mainly of that year, and every theme named."""
    tables = []
    for year in catalogue.theme_years:
        of_year = [c for c in cases if c.year == year.year]
        if of_year:
            unknown = sum(c.main.themes_unknown is not None and not c.themes for c in of_year)  # written as not published
            tables.append(Table(f"theme-{year.year}", f"{year.year}年度 重点テーマ別の事例数（主テーマ、主な年度が{year.year}年度の事例）",
                                [(t.title, sum(c.primary_theme == t for c in of_year)) for t in year.themes] + ([(UNKNOWN, unknown)] if unknown else [])))
        named = [c for c in cases if any(r.year == year.year and r.themes for r in c.rounds)]
        if named:
            tables.append(Table(f"theme-any-{year.year}", f"{year.year}年度 重点テーマ別の事例数（{year.year}年度の採択で挙げたすべてのテーマ。ホーム・テーマ・審査のページと同じ数え方）",
                                [(t.title, sum(any(t in r.themes for r in c.rounds) for c in named)) for t in year.themes]))
    return tables


INFERRED_MARK = "（推定）"  # after a theme inferred from the title: the finder's option and result card say so


def theme_title(r: "Round", theme: "Theme") -> str:
    """A round's theme as the finder says it: its title, marked （推定） when the round infers it."""
    return theme.title + (INFERRED_MARK if theme.id in r.inferred else "")


def _themes(case: "Case") -> list[str]:
    """The finder's theme values: a theme inferred from the title is a value of its own, 「防災の高度化（推定）」, so
    the count of a theme as published never includes a guess (the theme pages and reviews mark and count it apart)."""
    return [theme_title(r, t) for r in case.rounds for t in r.themes]


STAGE_SLUGS = dict(zip(STAGES, ["concept", "demonstration", "implementation", "expansion"]))
KPI_ATTAINMENT = (MET, UNMET, WAITING, NO_TARGET)  # the words of model.Kpi.attainment (words.json), in this order

# The order is the order of the finder's controls, of the spans on case pages and of the statistics tables.
# theme has no column of its own: cases.csv gives the main year's themes with their ids (opendata.CASE_LAYOUT), while
# the facet holds the themes of every year. funding and category have no table, kpi (counted per KPI) no facet:
# turning a flag on is the whole change (a facet also changes the goldens).
DIMENSIONS: list[Dimension] = [
    Dimension("theme", "重点テーマ", lambda c: _themes(c), listing="themes", tables=_theme_tables),
    Dimension("prefecture", "都道府県", lambda c: [p.name for p in c.prefectures], "region", listing="prefectures",
              column=ColumnSpec("prefectures", "対象自治体の都道府県。「；」区切り", width=12)),
    Dimension("municipality", "自治体の種類", _municipality_types, MUNICIPALITY_TYPES,
              caption="自治体の種類別の事例数（全国地方公共団体コードと、出典を添えた政令指定都市・中核市の一覧から。広域連携はそれぞれの種類に数えます）",
              column=ColumnSpec("municipality_types", f"対象自治体の種類: {'・'.join(MUNICIPALITY_TYPES)}（全国地方公共団体コードの区分と、"
                                "出典つきの政令指定都市・中核市の一覧から）。広域連携では「；」区切り。コードのある自治体がなければ「不明」", width=16)),
    Dimension("year", "年度", lambda c: [str(y) for y in c.years], "desc", listing="years", caption="年度別の事例数（支援を受けたすべての年度）",
              column=ColumnSpec("fiscal_years", "国の支援を受けたすべての年度。「；」区切り", "支援を受けた年度")),
    Dimension("funding", "支援の種類", lambda c: _known(c.main.funding), stats=False,
              column=ColumnSpec("funding", "主な年度の支援の種類: 補助・委託・助言・ハンズオン支援（資金なし）（公開資料になければ「不明」）", width=10)),
    Dimension("subsidy", "補助タイプ", lambda c: _optional(c.main.subsidy_type), caption="補助タイプ別の事例数（主な年度）",
              column=ColumnSpec("subsidy_type", "主な年度の補助タイプ（公開資料になければ「不明」、補助タイプのない年度は空）", width=16)),
    Dimension("category", "支援の類型", lambda c: _optional(c.main.data["category"]), stats=False,
              column=ColumnSpec("support_category", "主な年度の支援の類型（書かれている場合）", width=16)),
    Dimension("stage", "段階", lambda c: _known(c.data["stage"]), tuple(STAGES), listing="by", slugs=STAGE_SLUGS,
              column=ColumnSpec("stage", "事業の段階（公開資料になければ「不明」）", width=10)),
    Dimension("tech", "技術", lambda c: list(c.technologies), caption="技術別の事例数（多い順、上位 15）", top=15,
              column=ColumnSpec("technologies", "事例とそのサービスで使う技術。「；」区切り", width=30)),
    Dimension("member", "構成員の種別", _member_kinds, MEMBER_KINDS, facet=False,
              caption="構成員の種別ごとの事例数（その種別の構成員がいる事例。一覧にない種別は「その他」に数えます）",
              column=ColumnSpec("member_kinds", "コンソーシアムの構成員の種別。「；」区切り。一覧にない種別は公表どおりの言葉（統計では「その他」）。構成員が公表されていなければ「不明」",
                                width=24, cell=_member_kinds_cell)),
    Dimension("plateau", "PLATEAU活用", _plateau, ("活用あり", "活用なし"), caption="PLATEAU の活用",
              column=ColumnSpec("plateau", "3D 都市モデル PLATEAU を活用していれば True、していなければ False、公開資料になければ「不明」",
                                "PLATEAU の活用", 10, "bool", lambda c: UNKNOWN if c.plateau is None else c.plateau)),
    Dimension("kpi", "KPI の達成状況", lambda c: [k.attainment for k in c.kpis], KPI_ATTAINMENT, facet=False,
              caption="KPI の達成状況（KPI の数）", unit="指標"),
    Dimension("provenance", "作成の経緯", lambda c: [k] if (k := provenance_kind(c.data)) else None, PROVENANCE_ORDER, facet=False,
              caption="作成の経緯別の事例数（公開資料からカタログが作成した事例は、自治体が確認すると「自治体が確認」になります）",
              column=ColumnSpec("provenance", f"誰が何をもとに書いたか: {'・'.join(PROVENANCE_ORDER)}（書かれていなければ「不明」）", width=18)),
]


class Derived(list):  # type: ignore[type-arg]
    """A registry made from DIMENSIONS at import (search.FACETS, opendata.CASE_COLUMNS). Its function (facets(),
    case_columns()) rebuilds it from the current DIMENSIONS; a plain list put in its place (a test's
    monkeypatch adding an entry) is used as it is."""


def listed() -> list[Dimension]:
    """Dimensions with generic "cases by X" pages, in the declared order."""
    return [d for d in DIMENSIONS if d.listing == "by"]
