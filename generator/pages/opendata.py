"""Open data: cases.json, cases.csv, rounds.csv, other-money.csv, kpis.csv, outcomes.csv (UTF-8 with BOM, for Excel), their Japanese-header twins and cases.xlsx.

The table columns are declared once (CASE_COLUMNS, ROUND_COLUMNS, KPI_COLUMNS, OUTCOME_COLUMNS): key, Japanese label, explanation and
value; the case columns that classify cases come from their dimension (generator/catalogue/dimensions.py). The CSVs, the xlsx and the column table on the data page are all made from these lists.

Byte-for-byte reproducible: stable ordering, no clock time (the xlsx carries fixed dates).
"""

from __future__ import annotations

import csv, io, json  # noqa: E401
from dataclasses import dataclass
from typing import Any, Callable

from generator import SCHEMA_VERSION
from generator.catalogue import dimensions
from generator.data.caseschema import case_schema
from generator.pages.formula import csv_row
from generator.catalogue.model import Case, Catalogue
from generator.pages.tables import to_csv, to_xlsx
from generator.read.values import (QUANTITY_KINDS, amount_kind, as_written, amount_words, exact, is_unknown, qualifiers, quantity_figure, quantity_kind,
                              quantity_words, source_ids)
from generator.data.words import MET

UNKNOWN = dimensions.UNKNOWN  # a value published material does not give: never an empty cell that reads as "none"


@dataclass(frozen=True)
class Column:
    """One column of the open data, declared once: CSV key, Japanese header, explanation (data page), value.

    get: a case column takes (case, site_url), a KPI column (case, kpi). kind: "text", "int" (a count),
    "yen" (an amount: thousands format in the xlsx), "number", "bool", "date" (YYYY-MM-DD: a real date cell
    in the xlsx). width: the xlsx column width in characters.
    """

    key: str
    label: str
    description: str
    get: Callable[..., Any]
    kind: str = "text"
    width: int = 14


def _join(values: list[Any]) -> str:
    return "；".join(str(v) for v in values if v not in (None, ""))


def _num(value: Any) -> Any:
    return "" if value is None else value


def _cell(value: Any) -> Any:
    """Unknown → 不明, absent → empty, a value of an open list ({other: 記述}) as written."""
    if is_unknown(value):
        return UNKNOWN
    return "" if value is None else as_written(value)


def _budget(case: Case, key: str) -> Any:
    """The main round's amount in 円 when it is exact; 不明 when unknown; empty for 約, a range or absent."""
    value = (case.main.data["budget"] or {}).get(key)
    return UNKNOWN if is_unknown(value) else _num(exact(value))


def _published(case: Case, key: str) -> str:
    value = (case.main.data["budget"] or {}).get(key)
    return "" if value is None else amount_words(value)


def _sources(case: Case, ref: Any) -> tuple[str, str]:
    """Titles and URLs of the sources a value refers to."""
    by_id = {s["id"]: s for s in case.data["sources"]}
    found = [by_id[i] for i in source_ids(ref) if i in by_id]
    return _join([s["title"] for s in found]), _join([s["url"] for s in found])


def _location(case: Case, key: str) -> Any:
    return (case.data["location"] or {}).get(key, "")


@dataclass(frozen=True)
class Place:
    """Where the column of a dimension (generator/catalogue/dimensions.py, column=…) stands among the case columns."""

    dimension: str


def dimension_column(d: dimensions.Dimension) -> Column:
    spec = d.column
    assert spec is not None
    return Column(spec.key, spec.label or d.label, spec.description, lambda c, u: d.cell(c), spec.kind, spec.width)


# One row per case (cases.csv, cases-ja.csv, the 事例 sheet). A new column is one entry here; a column that classifies
# cases is a dimension's (Place: where it stands; a dimension not placed here comes last).
CASE_LAYOUT: list[Column | Place] = [
    Column("id", "事例ID", "事例を一意に示す ID（事例ファイル名と同じ）。ページの URL にも使われます", lambda c, u: c.id, width=28),
    Column("title", "事業名", "事業（事例）の名称（表示名。年度ごとの正式な事業名は cases.json の rounds）", lambda c, u: c.title, width=40),
    Column("sample", "サンプル", "説明用の架空の事例なら True（統計には含めません）、実在の事例は False", lambda c, u: c.sample, "bool", 10),
    Column("fiscal_year", "主な年度", "事例ページが主に説明する年度（西暦。2025 は 2025年度）", lambda c, u: c.year, "int", 8),
    Place("year"),
    Column("programme", "事業", "主な年度の国の事業の名称（公開資料になければ「不明」）", lambda c, u: _cell(c.main.programme) or UNKNOWN, width=24),
    Place("funding"),
    Place("subsidy"),
    Place("category"),
    Place("stage"),
    Column("themes", "重点テーマ", "主な年度の重点テーマの名前。複数あるときは「；」区切りで、最初が主テーマ",
           lambda c, u: _join([t.title for t in c.themes]), width=30),
    Column("theme_ids", "重点テーマID", "重点テーマの ID（programmes/<年度>.yml の id）。「；」区切りで重点テーマの列と同じ順",
           lambda c, u: _join([t.id for t in c.themes]), width=24),
    Place("prefecture"),
    Column("municipalities", "自治体", "対象自治体（市区町村）の名前。広域連携では「；」区切り（順序に意味はありません。代表の自治体は cases.json の municipalities[].role）",
           lambda c, u: _join([m["name"] for m in c.data["municipalities"]]), width=20),
    Column("municipality_codes", "全国地方公共団体コード",
           "対象自治体の 6 桁のコード（検査数字を含む。例: 202011 は長野県長野市）。自治体の列と同じ順に「；」区切り。架空のサンプル事例にはありません",
           lambda c, u: _join([m["code"] for m in c.data["municipalities"]]), width=14),
    Place("municipality"),
    Column("district", "地区", "対象地区（書かれている場合）", lambda c, u: c.data["district"] or "", width=20),
    Column("lat", "緯度", "代表地点の緯度（度、世界測地系）", lambda c, u: _location(c, "lat"), "number", 10),
    Column("lon", "経度", "代表地点の経度（度、世界測地系）", lambda c, u: _location(c, "lon"), "number", 10),
    Column("key_concept", "キーコンセプト", "事業のキーコンセプト（公開資料になければ「不明」）", lambda c, u: _cell(c.data["key_concept"]), width=50),
    Place("tech"),
    Place("plateau"),
    Column("consortium", "コンソーシアム", "事業を実施するコンソーシアムの名前", lambda c, u: _cell((c.data["consortium"] or {}).get("name")), width=30),
    Column("budget_total", "総事業費（円）", "主な年度の事業費の総額（円）。正確な金額が公表されている場合だけ。約・幅は「公表された事業費」の列", lambda c, u: _budget(c, "total"), "yen", 16),
    Column("budget_total_as_published", "公表された事業費", "主な年度の事業費を公表されたとおりに（例: 約5億円、1億円〜2億円、公開資料に記載なし）", lambda c, u: _published(c, "total"), width=18),
    Column("subsidy", "補助額（円）", "主な年度の国の補助額（円）。正確な金額の場合だけ", lambda c, u: _budget(c, "subsidy"), "yen", 16),
    Column("subsidy_as_published", "公表された補助額", "主な年度の補助額を公表されたとおりに", lambda c, u: _published(c, "subsidy"), width=18),
    Column("unclassified_as_published", "公表された金額（総額か補助額か不明）", "主な年度の金額のうち、総額か補助額か公開資料から分からないものを公表されたとおりに。ほかの年度の金額は rounds.csv にあります",
           lambda c, u: _published(c, "unclassified"), width=18),
    Column("consortium_share", "コンソーシアム負担額（円）", "コンソーシアムが負担する額（円）", lambda c, u: _budget(c, "consortium_share"), "yen", 16),
    Column("full_state_funding", "国費10割", "主な年度に国が経費の全額を負担したなら True、しないと分かるなら False（コンソーシアム負担額があるか補助額が総額より少ない場合も）、公開資料から分からなければ「不明」",
           lambda c, u: full_state_funding(c.main.data["budget"]), "bool", 10),
    Column("kpis", "KPI の数", "この事例の KPI（重要業績評価指標）の数。KPI ごとの内容は kpis.csv にあります", lambda c, u: len(c.kpis), "int", 9),
    Column("kpis_achieved", "達成した KPI の数",
           "カタログが計算した値: 達成状況（kpis.csv の attainment）が「達成」の KPI の数",
           lambda c, u: sum(k.attainment == MET for k in c.kpis), "int", 9),
    Column("outcomes", "成果の数", "KPI 以外の成果（調査・所見・第三者の評価）の数。内容は outcomes.csv にあります", lambda c, u: len(c.data["outcomes"]), "int", 9),
    Column("sources", "出典の数", "この事例の出典（資料）の数。資料名と URL は cases.json の sources にあります", lambda c, u: len(c.data["sources"]), "int", 9),
    Column("updated", "最終更新日", "事例ファイルが最後に変更された日（リポジトリの変更履歴から。履歴がなければ空）",
           lambda c, u: c.updated or "", "date", 12),
    Column("url", "ページ URL", "このカタログでの事例のページ", lambda c, u: f"{u}cases/{c.id}/", width=50),
]



def case_columns() -> list[Column]:
    """The case columns: CASE_LAYOUT with each dimension's column in its place, unless a list was put in CASE_COLUMNS' place."""
    if not isinstance(CASE_COLUMNS, dimensions.Derived):
        return CASE_COLUMNS
    with_column = {d.id: d for d in dimensions.DIMENSIONS if d.column is not None}
    placed = [x.dimension for x in CASE_LAYOUT if isinstance(x, Place)]
    columns = [dimension_column(with_column[x.dimension]) if isinstance(x, Place) else x
               for x in CASE_LAYOUT if not isinstance(x, Place) or x.dimension in with_column]
    return columns + [dimension_column(d) for i, d in with_column.items() if i not in placed]


CASE_COLUMNS: list[Column] = dimensions.Derived()
CASE_COLUMNS.extend(case_columns())

# One row per KPI (kpis.csv, kpis-ja.csv, the KPI sheet).
KPI_COLUMNS: list[Column] = [
    Column("case_id", "事例ID", "KPI が属する事例の ID（cases.csv の id）", lambda c, k: c.id, width=28),
    Column("case_title", "事業名", "KPI が属する事例の事業名", lambda c, k: c.title, width=36),
    Column("sample", "サンプル", "架空のサンプル事例の KPI なら True", lambda c, k: c.sample, "bool", 10),
    Column("fiscal_year", "主な年度", "事例の主な年度（西暦）", lambda c, k: c.year, "int", 8),
    Column("kpi", "KPI", "KPI（指標）の名前", lambda c, k: k.data["name"], width=36),
    Column("unit", "単位", "値の単位", lambda c, k: k.data["unit"] or "", width=8),
    Column("direction", "望ましい方向", "値が増えるのが良い（増加）か、減るのが良い（減少）か", lambda c, k: k.data["direction"] or "増加", width=10),
    Column("baseline", "基準値", "事業開始前の値", lambda c, k: _num(k.data["baseline"]), "number", 10),
    Column("baseline_year", "基準年", "基準値を測った年", lambda c, k: k.data["baseline_year"] or "", width=8),
    Column("target", "目標値", "数値の目標（数値目標がなければ空）", lambda c, k: _num(k.data["target"]), "number", 10),
    Column("target_text", "目標（文章）", "数値で表せない目標、または目標の補足", lambda c, k: k.data["target_text"] or "", width=30),
    Column("timing", "目標時期", "目標を達成する時期", lambda c, k: k.data["timing"] or "", width=12),
    Column("method", "測定方法", "値の測り方", lambda c, k: k.data["method"] or "", width=30),
    Column("latest_value", "最新の実績値", "いちばん新しい実績の値（実績がなければ空）", lambda c, k: _num((k.latest or {}).get("value")), "number", 12),
    Column("latest_date", "最新の実績の時点", "最新の実績を測った時点（2024-09、2024、FY2024（年度）、9月（年の記載なし）など。精度がまちまちなので文字列のまま）",
           lambda c, k: (k.latest or {}).get("date", ""), width=12),
    Column("attainment", "達成状況",
           "カタログが計算した値: 達成（最新の実績値が目標値に届いている。減少が望ましい KPI は目標値以下）、未達、実績待ち（実績がない）、数値目標なし",
           lambda c, k: k.attainment, width=12),
    Column("source", "実績の出典", "最新の実績（なければ KPI）の出典の資料名", lambda c, k: _sources(c, (k.latest or {}).get("source") or k.data["source"])[0], width=30),
    Column("wellbeing", "Well-Being 指標との関係", "地域幸福度（Well-Being）指標との関係（書かれている場合）", lambda c, k: k.data["wellbeing"] or "", width=24),
]


# One row per round (rounds.csv, rounds-ja.csv, the 年度 sheet): every year's amounts as published, each with its kind.
AMOUNT_KINDS = {"exact": "正確", "approx": "約", "range": "幅", "unknown": UNKNOWN}


def _amount(r: Any, key: str) -> Any:
    return (r.data["budget"] or {}).get(key)


def _figure(value: Any) -> Any:
    """円: the exact amount, the 約 figure, or a range's lower end (its upper end is the _max column)."""
    kind = amount_kind(value)
    return value if kind == "exact" else value["approx"] if kind == "approx" else value["min"] if kind == "range" else ""


def _amount_columns(key: str, label: str, about: str) -> list[Column]:
    return [
        Column(key, f"{label}（円）", f"{about}（円）。正確な金額はその額、約はその概数、幅は下限。どれかは「{label}の区分」の列",
               lambda c, r: _figure(_amount(r, key)), "yen", 16),
        Column(f"{key}_max", f"{label}の上限（円）", f"{label}が幅で公表されているとき、その上限（円）。幅でなければ空",
               lambda c, r: _amount(r, key)["max"] if amount_kind(_amount(r, key)) == "range" else "", "yen", 16),
        Column(f"{key}_kind", f"{label}の区分", "正確・約・幅・不明（公開資料に記載なし）。金額が書かれていなければ空",
               lambda c, r: AMOUNT_KINDS.get(amount_kind(_amount(r, key)) or "", ""), width=8),
        Column(f"{key}_as_published", f"公表された{label}", f"{label}を公表されたとおりに（例: 約5億円、1億円〜2億円）",
               lambda c, r: "" if _amount(r, key) is None else amount_words(_amount(r, key)), width=18),
    ]


def full_state_funding(budget: dict[str, Any] | None) -> Any:
    """国費10割 as published: True when written so; False when written false, when the consortium's share is a
    positive amount or when the exact subsidy is below the exact total; otherwise 不明 (a source that does not say
    is never a False)."""
    budget = budget or {}
    if isinstance(budget.get("full_state_funding"), bool):
        return budget["full_state_funding"]
    share, total, subsidy = (exact(budget.get(k)) for k in ("consortium_share", "total", "subsidy"))
    if (share is not None and share > 0) or (total is not None and subsidy is not None and subsidy < total):
        return False
    return UNKNOWN


ROUND_COLUMNS: list[Column] = [
    Column("case_id", "事例ID", "年度が属する事例の ID（cases.csv の id）", lambda c, r: c.id, width=28),
    Column("case_title", "事業名", "事例の事業名（表示名）", lambda c, r: c.title, width=36),
    Column("sample", "サンプル", "架空のサンプル事例の年度なら True", lambda c, r: c.sample, "bool", 10),
    Column("fiscal_year", "年度", "支援を受けた年度（西暦。2025 は 2025年度）", lambda c, r: r.year, "int", 8),
    Column("call", "公募", "その年度の何回目の公募で選ばれたか（公表どおり。例: 二次公募）。書かれていなければ空", lambda c, r: r.data["call"] or "", width=10),
    Column("district", "その年度の地区", "その年度の対象地区（事例の地区と違うとき。書かれていなければ空）", lambda c, r: r.data["district"] or "", width=20),
    Column("main", "主な年度", "事例ページが主に説明する年度なら True（cases.csv の金額の列はこの年度のもの）", lambda c, r: r is c.main, "bool", 9),
    Column("round_title", "その年度の事業名", "申請・採択時の事業名（書かれていなければ事業名と同じ。公開資料になければ「不明」）",
           lambda c, r: _cell(r.data["title"]) or c.title, width=36),
    Column("programme", "事業", "その年度の国の事業の名称（公開資料になければ「不明」）", lambda c, r: _cell(r.programme) or UNKNOWN, width=24),
    Column("funding", "支援の種類", "補助・委託・助言・ハンズオン支援（資金なし）（公開資料になければ「不明」）", lambda c, r: _cell(r.funding) or UNKNOWN, width=10),
    Column("type", "補助タイプ", "その年度の補助タイプ（公開資料になければ「不明」、書かれていなければ空）", lambda c, r: _cell(r.subsidy_type), width=16),
    Column("type_unlisted_cap", "登録にない補助タイプの上限（円）", "年度の登録にない補助タイプ（published_type）の公表された上限額（円）", lambda c, r: (r.data["published_type"] or {}).get("cap") or "", "yen", 16),
    Column("themes", "重点テーマ", "その年度の重点テーマの名前（「；」区切り、最初が主テーマ）", lambda c, r: _join([t.title for t in r.themes]), width=30),
    Column("published_themes", "登録にない重点テーマ", "年度の登録にない、公表どおりのテーマ（「；」区切り。確かめていない）", lambda c, r: _join(r.published_themes), width=24),
    *_amount_columns("total", "事業費総額", "その年度の事業費の総額"),
    *_amount_columns("subsidy", "補助額", "その年度の国の補助額"),
    *_amount_columns("unclassified", "総額か補助額か分からない金額", "公表された金額のうち、総額か補助額か公開資料から分からないもの"),
    *_amount_columns("consortium_share", "コンソーシアム負担額", "コンソーシアムが負担する額"),
    Column("full_state_funding", "国費10割", "国が経費の全額を負担したなら True、しないと分かるなら False（コンソーシアム負担額があるか補助額が総額より少ない場合も）、公開資料から分からなければ「不明」",
           lambda c, r: full_state_funding(r.data["budget"]), "bool", 10),
    Column("note", "金額の注記", "金額についての注意（例: 2 年度分の合計）", lambda c, r: (r.data["budget"] or {}).get("note") or "", width=30),
    Column("source", "出典", "その年度と金額の出典の資料名",
           lambda c, r: _sources(c, source_ids(r.data["source"]) + source_ids((r.data["budget"] or {}).get("source")))[0], width=30),
]


def round_rows(case: Case) -> list[dict[str, Any]]:
    return [{col.key: col.get(case, r) for col in ROUND_COLUMNS} for r in case.rounds]


# One row per money or support outside the rounds (other-money.csv, other-money-ja.csv, the 年度外の金額 sheet).
def _m(key: str) -> Callable[..., Any]:
    return lambda c, m: _cell(m.get(key))


OTHER_MONEY_COLUMNS: list[Column] = [
    Column("case_id", "事例ID", "お金・支援が属する事例の ID（cases.csv の id）", lambda c, m: c.id, width=28),
    Column("case_title", "事業名", "事例の事業名（表示名）", lambda c, m: c.title, width=36),
    Column("sample", "サンプル", "架空のサンプル事例なら True", lambda c, m: c.sample, "bool", 10),
    Column("kind", "種類", "これまでの投資・運営費・利用料・現物支援・その他（どの年度の経費にも入らないお金と支援）。一覧にない種類は公表どおりの言葉", _m("kind"), width=12),
    Column("what", "内容", "何のお金・支援か", _m("what"), width=36),
    Column("amount", "金額（円）", "正確な金額はその額、約はその概数、幅は下限（円）。どれかは「金額の区分」の列。金額のない支援は空",
           lambda c, m: _figure(m.get("amount")), "yen", 16),
    Column("amount_max", "金額の上限（円）", "金額が幅で公表されているとき、その上限（円）", lambda c, m: m["amount"]["max"] if amount_kind(m.get("amount")) == "range" else "", "yen", 16),
    Column("amount_kind", "金額の区分", "正確・約・幅・不明（公開資料に記載なし）。金額が書かれていなければ空",
           lambda c, m: AMOUNT_KINDS.get(amount_kind(m.get("amount")) or "", ""), width=8),
    Column("amount_as_published", "公表された金額", "金額を公表されたとおりに", lambda c, m: "" if m.get("amount") is None else amount_words(m["amount"]), width=18),
    Column("per", "単位期間", "金額が期間や回数あたりのとき（例: 年間、1 回）", _m("per"), width=10),
    Column("date", "時点", "いつのお金・支援か（公表されたとおり。例: 2019、FY2022、11月18日）", lambda c, m: str(m["date"]) if m.get("date") else "", width=14),
    Column("who", "出した者・負担した者", "お金や支援を出した者・負担した者", _m("who"), width=20),
    Column("note", "注記", "金額や支援についての注意", _m("note"), width=30),
    Column("source", "出典", "出典の資料名", lambda c, m: _sources(c, source_ids(m.get("source")))[0], width=30),
]


def other_money_rows(case: Case) -> list[dict[str, Any]]:
    return [{col.key: col.get(case, m) for col in OTHER_MONEY_COLUMNS} for m in case.data["other_money"]]


# One row per outcome or quantity (outcomes.csv, outcomes-ja.csv, the 成果 sheet). item = (kind, dict).
def _o(key: str) -> Callable[..., Any]:
    return lambda c, item: _cell(item[1].get(key))


OUTCOME_COLUMNS: list[Column] = [
    Column("case_id", "事例ID", "成果が属する事例の ID（cases.csv の id）", lambda c, i: c.id, width=28),
    Column("case_title", "事業名", "成果が属する事例の事業名", lambda c, i: c.title, width=36),
    Column("sample", "サンプル", "架空のサンプル事例の成果なら True", lambda c, i: c.sample, "bool", 10),
    Column("kind", "種類", "成果（調査・所見・第三者の評価）または数量（台数・面積など、KPI ではない数）", lambda c, i: i[0], width=8),
    Column("what", "何についての成果か", "成果の対象、または数量の項目", lambda c, i: i[1].get("what") or i[1].get("label"), width=30),
    Column("value", "値", "数値（ないときは空。文章の所見は「所見」の列）。約はその概数、幅は下限、最大・以上などの付いた数はその数。どれかは「値の区分」の列",
           lambda c, i: _num(quantity_figure(i[1].get("value"))), "number", 10),
    Column("value_max", "値の上限", "値が幅で公表されているとき、その上限（幅でなければ空）",
           lambda c, i: i[1]["value"]["max"] if quantity_kind(i[1].get("value")) == "range" else "", "number", 10),
    Column("value_kind", "値の区分", "正確・約・幅・限定つき（最大・以上・程度などの付いた数）。数値がなければ空",
           lambda c, i: QUANTITY_KINDS.get(quantity_kind(i[1].get("value")) or "", ""), width=9),
    Column("qualifier", "限定の言葉", "数に付いた言葉（約・程度・最大・最小・以上・以下・未満・超）。複数なら「；」区切り",
           lambda c, i: _join(qualifiers(i[1].get("value"))), width=10),
    Column("unit", "単位", "値の単位", lambda c, i: i[1].get("unit") or "", width=8),
    Column("value_as_published", "公表された値", "値を単位と限定の言葉つきで、公表されたとおりに（例: 約2.3km、最大1秒程度、21,000人以上）",
           lambda c, i: quantity_words(i[1]["value"], i[1].get("unit") or "") if i[1].get("value") is not None else "", width=16),
    Column("finding", "所見", "文章での成果・所見（数量では注記）", lambda c, i: i[1].get("finding") or i[1].get("note") or "", width=40),
    Column("date", "時点", "2024-09-30（日）、2024-09（月）、2024（年）、FY2024（年度）、9月（年の記載なし）", _o("date"), width=12),
    Column("measured_by", "測定・評価した者", "コンソーシアム・自治体・第三者（公開資料になければ「不明」）", _o("measured_by"), width=14),
    Column("measurer", "測定・評価した者の名称", "第三者のとき、その名称", _o("measurer"), width=20),
    Column("period", "時期", "実証期間中・実証後（公開資料になければ「不明」）", _o("period"), width=10),
    Column("comparison_area", "比較対象", "比べた地域や時点", lambda c, i: (i[1].get("comparison") or {}).get("area", ""), width=20),
    Column("comparison_value", "比較対象の値", "比較対象の値", lambda c, i: _num((i[1].get("comparison") or {}).get("value")), "number", 10),
    Column("source", "出典", "出典の資料名。資料によって値が違うときは、出典ごとに別の行です", lambda c, i: _sources(c, i[1].get("source"))[0], width=30),
    Column("source_url", "出典の URL", "出典の URL", lambda c, i: _sources(c, i[1].get("source"))[1], width=40),
]


def outcome_rows(case: Case) -> list[dict[str, Any]]:
    items = [("成果", o) for o in case.data["outcomes"]] + [("数量", f) for f in case.data["facts"]]
    return [{col.key: col.get(case, item) for col in OUTCOME_COLUMNS} for item in items]


def case_row(case: Case, site_url: str, columns: list[Column] | None = None) -> dict[str, Any]:
    return {col.key: col.get(case, site_url) for col in columns or case_columns()}


def kpi_rows(case: Case) -> list[dict[str, Any]]:
    return [{col.key: col.get(case, k) for col in KPI_COLUMNS} for k in case.kpis]


def open_data(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    cases = catalogue.cases
    columns = case_columns()
    case_rows = [case_row(c, site_url, columns) for c in cases]
    kpi_all = [r for c in cases for r in kpi_rows(c)]
    outcome_all = [r for c in cases for r in outcome_rows(c)]
    round_all = [r for c in cases for r in round_rows(c)]
    other_all = [r for c in cases for r in other_money_rows(c)]
    document = {
        "schema_version": SCHEMA_VERSION,
        "schema": case_schema()["$id"],
        "license": "CC BY 4.0",
        "cases": [c.raw for c in cases],
    }
    return {
        "data/cases.json": (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"),
        "data/cases.csv": to_csv(columns, case_rows),
        "data/kpis.csv": to_csv(KPI_COLUMNS, kpi_all),
        "data/cases-ja.csv": to_csv(columns, case_rows, japanese=True),
        "data/kpis-ja.csv": to_csv(KPI_COLUMNS, kpi_all, japanese=True),
        "data/outcomes.csv": to_csv(OUTCOME_COLUMNS, outcome_all),
        "data/outcomes-ja.csv": to_csv(OUTCOME_COLUMNS, outcome_all, japanese=True),
        "data/rounds.csv": to_csv(ROUND_COLUMNS, round_all),
        "data/rounds-ja.csv": to_csv(ROUND_COLUMNS, round_all, japanese=True),
        "data/other-money.csv": to_csv(OTHER_MONEY_COLUMNS, other_all),
        "data/other-money-ja.csv": to_csv(OTHER_MONEY_COLUMNS, other_all, japanese=True),
        "data/cases.xlsx": to_xlsx({"事例": (columns, case_rows), "年度": (ROUND_COLUMNS, round_all), "年度外の金額": (OTHER_MONEY_COLUMNS, other_all),
                                    "KPI": (KPI_COLUMNS, kpi_all), "成果": (OUTCOME_COLUMNS, outcome_all)}),
    }


def cases_geojson(cases: list[Case]) -> str:
    """data/cases.geojson: the located cases, for the map and for GIS tools.

    Besides the title and place, each point carries what the map's popup shows (key concept, years, stage, main
    theme) and the case's facet values, so the map applies the finder's filters from the same URL parameters.
    """
    from generator.pages.search import facet_values

    def facets(c: Case) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for name, value in facet_values(c):
            out.setdefault(name, []).append(value)
        return out

    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [c.data["location"]["lon"], c.data["location"]["lat"]]},
        "properties": {"id": c.id, "title": c.title, "place": c.place, "url": f"cases/{c.id}/", "sample": c.sample,
                       "concept": c.data["key_concept"] if isinstance(c.data["key_concept"], str) else "",
                       "years": c.years, "stage": c.stage or UNKNOWN,
                       "theme": c.primary_theme.title if c.primary_theme else "", "facets": facets(c)},
    } for c in cases]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, sort_keys=True) + "\n"


def review_csv(rows: list[dict[str, Any]]) -> bytes:
    """A committee review table as CSV (UTF-8 with BOM), Japanese headers as on the page."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    header = list(rows[0]) if rows else ["事例ID", "事業名"]
    writer.writerow(header)
    writer.writerows(csv_row([row[h] for h in header]) for row in rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")
