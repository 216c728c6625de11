"""Step 2: check each case against the schema and the programme's rules; explain every problem in Japanese."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import jsonschema_rs
from jsonschema import Draft202012Validator, ValidationError

from generator.errors import Problem
from generator.load import Document, JsonPath
from generator.caseschema import case_schema, example, label, subschema
from generator.migrate import is_old_format
from generator.refdata import Municipality, Prefecture, ProgrammeYear
from generator.text import CONTROL, EXAMPLE_DOMAINS, PLACEHOLDER, PLACEHOLDER_VALUES, strings
from generator.values import amount_kind, amounts_in, date_key, exact, source_ids

IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
LINK_IN_TEXT = re.compile(r"\]\(\s*<?([^)\s>]+)")
SAFE_SCHEMES = ("http://", "https://", "mailto:")
# Fields a reader expects; when absent, a warning says what the page then lacks. A field that published
# material does not give is written as {unknown: 公開資料に記載なし}, which is not absent: no warning.
RECOMMENDED: list[tuple[JsonPath, str]] = [
    (("key_concept",), "一覧や検索結果に事例の要点が表示されません"),
    (("stage",), "事例がいまどの段階にあるか分かりません"),
    (("vision",), "審査の視点「適合性」（ビジョン）が示せません"),
    (("location",), "地図に表示されません"),
]
SMALL_AMOUNT = 100_000  # 円; a smaller amount is almost always 万円 typed as 円


@dataclass(frozen=True)
class Context:
    """What a case is checked against: the themes of each year, the prefectures, the cases folder."""

    years: dict[int, ProgrammeYear]
    prefectures: dict[str, Prefecture]  # by name
    cases_dir: Path
    today: dt.date
    municipalities: dict[str, Municipality] = field(default_factory=dict)  # the MIC list, by code


def check_document(doc: Document, ctx: Context) -> list[Problem]:
    """Every problem of one case file: schema first, then the rules a schema cannot say."""
    if is_old_format(doc.data):
        return [_at(doc, (), f"このファイルは古い形式（形式 1: fiscal_year・subsidy_type・themes が先頭にある形）です。"
                            f"`catalogue migrate {doc.file}` を実行すると、年度ごとの情報を rounds にまとめた形式 2 に書き換えます")]
    problems = list(_schema_problems(doc))
    if isinstance(doc.data, dict):
        problems += _rule_problems(doc, ctx)
        problems += _recommendations(doc)
    return problems


@dataclass(frozen=True)
class CatalogueRule:
    """A rule that needs all files at once. `paths`: where its problems point (kept after step 2)."""

    paths: frozenset[JsonPath]
    check: Callable[[list[Document]], list[Problem]]


def _repeated_ids(docs: list[Document]) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[str, Document] = {}
    for doc in docs:
        case_id = doc.data.get("id") if isinstance(doc.data, dict) else None
        if isinstance(case_id, str):
            if case_id in seen:
                problems.append(_at(doc, ("id",), f"事例ID「{case_id}」は {seen[case_id].file} でも使われています。別の ID にしてください"))
            seen.setdefault(case_id, doc)
    return problems


SIMILAR = 0.85  # difflib ratio of two titles from which they count as the same project
_BANDS = 32  # min-hash values per title, one per LSH band (1 row each): pairs with bigram Jaccard 0.3 meet with p > 0.9999
_BUCKET_CAP = 16  # members kept per band bucket: a flood of look-alike titles cannot make the work quadratic
_VERIFY_CAP = 24  # difflib comparisons per title at most (best-colliding candidates first)
_PRIME = (1 << 61) - 1
_SEEDS = [((0x9E3779B97F4A7C15 * (i + 1)) % _PRIME or 1, (0xC2B2AE3D27D4EB4F * (i + 7)) % _PRIME) for i in range(_BANDS)]


def _title_key(title: str) -> str:
    return "".join(unicodedata.normalize("NFKC", title).casefold().split())


@functools.lru_cache(maxsize=65536)
def _shingle_hashes(shingle: str) -> tuple[int, ...]:
    x = zlib.crc32(shingle.encode("utf-8"))
    return tuple((a * x + b) % _PRIME for a, b in _SEEDS)


def _signature(key: str) -> list[int]:
    """Min-hash of the title's character bigrams, one value per band; deterministic across processes."""
    shingles = {key[i:i + 2] for i in range(max(len(key) - 1, 1))}
    return [min(column) for column in zip(*map(_shingle_hashes, shingles))]


def _near_duplicates(docs: list[Document]) -> list[Problem]:
    """Titles of one municipality that are nearly the same (difflib ratio ≥ SIMILAR): probably one project twice.

    Linear, not pairwise: each title is compared with difflib only against the few earlier titles of
    its place that share a min-hash band (locality-sensitive hashing over character bigrams), at most
    _VERIFY_CAP of them. A file is reported once, against the first earlier file that verifies
    (candidates sharing most bands are tried first), so a flood of look-alikes gives one warning per file.
    """
    problems: list[Problem] = []
    by_place: dict[str, list[Document]] = {}
    for doc in docs:
        place = _place_key(doc.data if isinstance(doc.data, dict) else {})
        if place:
            by_place.setdefault(place, []).append(doc)
    for group in by_place.values():
        if len(group) < 2:
            continue
        titles: list[str] = []
        buckets: dict[tuple[int, int], list[int]] = {}
        for index, doc in enumerate(group):
            title = str(doc.data.get("title"))
            titles.append(title)
            signature = _signature(_title_key(title))
            hits: dict[int, int] = {}
            for band, value in enumerate(signature):
                members = buckets.setdefault((band, value), [])
                for other in members:
                    hits[other] = hits.get(other, 0) + 1
                if len(members) < _BUCKET_CAP:
                    members.append(index)
            for other in sorted(hits, key=lambda o: (-hits[o], o))[:_VERIFY_CAP]:
                ratio = difflib.SequenceMatcher(None, titles[other], title).ratio()
                if ratio >= SIMILAR:
                    problems.append(_at(doc, ("title",), f"同じ自治体で事業名がほぼ同じ事例が {group[other].file} にあります（一致度 {ratio:.0%}）。同じ事業なら 1 つのファイルにまとめ、年度ごとの採択は rounds に並べてください", "warning"))
                    break
    return problems


CATALOGUE_RULES: list[CatalogueRule] = [
    CatalogueRule(frozenset({("id",)}), _repeated_ids),
    CatalogueRule(frozenset({("title",)}), _near_duplicates),
]
KEEP_POSITIONS: frozenset[JsonPath] = frozenset({()}).union(*(r.paths for r in CATALOGUE_RULES))


def check_catalogue(docs: list[Document]) -> list[Problem]:
    """Problems that only show across files: repeated ids and probable duplicate cases."""
    return [p for rule in CATALOGUE_RULES for p in rule.check(docs)]


def _place_key(data: dict[str, Any]) -> str | None:
    munis = data.get("municipalities")
    if not (isinstance(munis, list) and munis and isinstance(munis[0], dict)):
        return None
    first = munis[0]
    return str(first.get("code") or f"{first.get('prefecture')}{first.get('name')}")


def _at(doc: Document, path: JsonPath, message: str, level: str = "error") -> Problem:
    line, col = doc.where(path)
    return Problem(doc.file, line, col, message, level)  # type: ignore[arg-type]


# --- schema -------------------------------------------------------------------------------------

_VALIDATOR = Draft202012Validator(case_schema())  # complete, explainable errors
_FAST = jsonschema_rs.validator_for(case_schema())  # Rust: answers "valid?" ~50x faster; most files are valid
TYPE_NAMES = {"string": "文字列", "integer": "整数", "number": "数値", "boolean": "true か false", "object": "「キー: 値」の組", "array": "箇条書き（- で始まる行）", "null": "空"}


def _schema_problems(doc: Document) -> Iterable[Problem]:
    if _FAST.is_valid(doc.data):
        return
    seen: set[tuple[JsonPath, str]] = set()
    for error in _VALIDATOR.iter_errors(doc.data):
        for path, message in _explain(error):
            if (path, message) not in seen:
                seen.add((path, message))
                yield _at(doc, path, message)


def _explain(error: ValidationError) -> list[tuple[JsonPath, str]]:
    path: JsonPath = tuple(error.absolute_path)
    name = label(path)
    kind = error.validator
    if kind == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        return [(path, _missing(path, key)) for key in error.validator_value if key not in instance]
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        return [(path + (key,), _unknown_key(path, key, allowed)) for key in error.instance if key not in allowed]
    if kind == "anyOf":
        return _explain_any_of(error, path, name)
    if kind == "type":
        expected = TYPE_NAMES.get(error.validator_value, error.validator_value)
        return [(path, f"{name} には{expected}を書いてください（書かれていたのは「{_show(error.instance)}」）。{_hint(error.instance, error.validator_value)}".rstrip("。") + "。")]
    if kind == "enum":
        options = "、".join(map(str, error.validator_value))
        near = difflib.get_close_matches(str(error.instance), list(map(str, error.validator_value)), n=1, cutoff=0.3)
        hint = f"「{near[0]}」のことでしょうか。" if near else ""
        return [(path, f"{name} に「{_show(error.instance)}」は使えません。{hint}次のどれかを書いてください: {options}")]
    if kind == "pattern" and PLACEHOLDER in str(error.instance):
        return [(path, f"{name} がひな形のまま（{PLACEHOLDER}）です。{_describe(path)}")]
    if kind == "pattern":
        return [(path, f"{name} の書き方が正しくありません（書かれていたのは「{_show(error.instance)}」）。{_describe(path)}")]
    if kind == "minLength":
        return [(path, f"{name} が空です。{_describe(path)}")]
    if kind == "maxLength":
        return [(path, f"{name} が長すぎます（{len(error.instance)} 文字。{error.validator_value} 文字以内にしてください）")]
    if kind in ("minimum", "maximum"):
        bound = "以上" if kind == "minimum" else "以下"
        return [(path, f"{name} は {error.validator_value} {bound}にしてください（書かれていたのは {error.instance}）。{_describe(path)}")]
    if kind == "minItems":
        return [(path, f"{name} を少なくとも {error.validator_value} つ書いてください")]
    if kind == "uniqueItems":
        return [(path, f"{name} に同じものが 2 回書かれています。1 つにしてください")]
    return [(path, f"{name} が正しくありません（{error.message}）")]


def _explain_any_of(error: ValidationError, path: JsonPath, name: str) -> list[tuple[JsonPath, str]]:
    """A value that may be several things (an amount, a value or {unknown: …}): explain against the branch meant."""
    instance = error.instance
    node = subschema(path) or {}
    if node.get("$ref") == "#/$defs/amount" or error.schema.get("$ref") == "#/$defs/amount" or _is_amount(error):
        return [(path, f"{name} の書き方が正しくありません（書かれていたのは「{_show(instance)}」）。{_money_hint(instance)}")]
    if isinstance(instance, dict) and "unknown" in instance:
        extra = [k for k in instance if k != "unknown"]
        if extra:
            return [(path, f"{name} の {{unknown: …}} には unknown 以外の項目（{', '.join(map(str, extra))}）を書けません")]
        return [(path, f"{name} の unknown には理由を文字で書いてください（例: {{unknown: 公開資料に記載なし}}）")]
    branch = [e for e in error.context or [] if e.relative_schema_path and e.relative_schema_path[0] == 0]
    found = [item for e in branch for item in _explain(e)]
    unknown_hint = "公開資料に記載がなければ {unknown: 公開資料に記載なし} と書けます"
    return [(p, f"{m.rstrip('。')}。{unknown_hint}") for p, m in found] or [(path, f"{name} が正しくありません。{unknown_hint}")]


def _is_amount(error: ValidationError) -> bool:
    return any(e.validator == "minimum" or "approx" in str(e.schema) for e in error.context or [])


ZENKAKU = re.compile(r"[０-９，．]")
MONEY = re.compile(r"^(約)?\s*([0-9,]+(?:\.[0-9]+)?)\s*(億|万|千)?\s*円?$")
UNITS = {"億": 100_000_000, "万": 10_000, "千": 1_000, None: 1}


def _money_hint(value: Any) -> str:
    """What to write instead of 「3,100万円」, 「約5億円」 or ３１００００００ (半角・円の整数)."""
    text = unicodedata.normalize("NFKC", str(value)).replace("，", ",")
    m = MONEY.match(text.strip())
    zenkaku = "全角の数字は使えません。" if ZENKAKU.search(str(value)) else ""
    if not m:
        return f"{zenkaku}金額は円の半角数字で 31000000 のように書いてください（約なら {{approx: 500000000}}、幅なら {{min: 100000000, max: 200000000}}、不明なら {{unknown: 公開資料に記載なし}}）"
    yen = round(float(m.group(2).replace(",", "")) * UNITS[m.group(3)])
    if m.group(1):
        return f"{zenkaku}概数は {{approx: {yen}}} と書いてください（「{value}」なら円の半角数字で {yen}）"
    return f"{zenkaku}金額は円の半角数字で書いてください（「{value}」なら {yen}。カンマ・「万」「円」は付けません）"


WAREKI_YEAR = re.compile(r"^(令和|平成|R|H)\s*([0-9]+|元)\s*年?度?$")


def _hint(value: Any, expected: Any) -> str:
    """A concrete correction for a common mistake: 令和6年度 → 2024, ２０２４ → 2024, 3,100万円 → 31000000."""
    if expected != "integer" or not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKC", value).strip()
    m = WAREKI_YEAR.match(text)
    if m:
        n = 1 if m.group(2) == "元" else int(m.group(2))
        year = n + (2018 if m.group(1) in ("令和", "R") else 1988)
        return f"年度は西暦の半角数字で書いてください（「{value}」なら {year}）"
    if text.isdigit():
        return f"数字は半角で書いてください（{text}）" if text != value else "数字を引用符で囲まずに書いてください"
    if "円" in text or "万" in text or "億" in text:
        return _money_hint(value)
    return ""


def _inside(path: JsonPath) -> str:
    """「「事業実施体制」(consortium) の中に」; after 「1 番目の」 no second 「の」."""
    if not path:
        return ""
    name = label(path)
    return f"{name}中に" if name.endswith("の") else f"{name} の中に"


def _missing(path: JsonPath, key: str) -> str:
    node = subschema(path + (key,)) or {}
    sample = example(node)
    tail = f"例: {key}: {sample}" if sample else (node.get("description", "") or "")
    where = _inside(path)
    return f"{where}必須の項目「{node.get('title', key)}」({key}) がありません。{tail}".rstrip("。") + "。"


def _unknown_key(path: JsonPath, key: str, allowed: list[str]) -> str:
    titles = {(subschema(path + (k,)) or {}).get("title", k): k for k in allowed}
    near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6) or [titles[t] for t in difflib.get_close_matches(key, list(titles), n=1, cutoff=0.5)]
    where = _inside(path)
    if near:
        return f"{where}知らない項目「{key}」があります。「{near[0]}」（{titles_of(path, near[0])}）の書き間違いではありませんか"
    return f"{where}知らない項目「{key}」があります。使える項目: {', '.join(allowed)}"


def titles_of(path: JsonPath, key: str) -> str:
    return (subschema(path + (key,)) or {}).get("title", key)


def _describe(path: JsonPath) -> str:
    node = subschema(path) or {}
    return str(node.get("description", ""))


def _show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


# --- rules a schema cannot say ------------------------------------------------------------------
# Each rule reads the programme year's data (programmes/<year>.yml): what a year does not record is not checked.

def _rule_problems(doc: Document, ctx: Context) -> list[Problem]:
    data = doc.data
    problems: list[Problem] = []
    for check in (_check_id, _check_rounds, _check_money, _check_municipalities, _check_consortium, _check_kpis,
                  _check_dates, _check_images, _check_text, _check_references, _check_sources):
        problems += check(doc, data, ctx)
    return problems


def _dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _check_id(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    stem = Path(doc.file).stem
    case_id = data.get("id")
    if isinstance(case_id, str) and case_id != stem:
        return [_at(doc, ("id",), f"事例ID「{case_id}」がファイル名「{stem}」と違います。id: {stem} と書くか、ファイル名を {case_id}.yml にしてください")]
    return []


def _check_rounds(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[int, list[Any]] = {}  # year → the programmes of its rounds so far
    for i, rnd in _dicts(data.get("rounds")):
        year = rnd.get("fiscal_year")
        if not isinstance(year, int):
            continue
        here = ("rounds", i)
        info = ctx.years.get(year)
        programme = rnd.get("programme") if rnd.get("programme") is not None else info.programme if info else None  # as model.Round
        if year in seen and not _other_programme(programme, seen[year]):  # two programmes may fund one case in one year
            problems.append(_at(doc, here + ("fiscal_year",), f"年度 {year} が rounds に 2 回書かれています。同じ採択を 2 回書いたのなら 1 つにまとめてください。同じ年度に別の事業でも採択されたのなら、それぞれの programme に事業名を書いてください（このままでも掲載できます）", "warning"))
        seen.setdefault(year, []).append(programme)
        if year > ctx.today.year + 1:
            problems.append(_at(doc, here + ("fiscal_year",), f"年度 {year} は先すぎます。支援を受けた年度を西暦で書いてください（令和6年度 = 2024）"))
            continue
        if info is None:
            known = "、".join(str(y) for y in sorted(ctx.years))
            problems.append(_at(doc, here + ("fiscal_year",), f"{year} 年度は programmes/ にまだ登録されていません（登録済み: {known}）。年度を確かめるか、programmes/{year}.yml の追加を依頼してください"))
            continue
        problems += _round_against_year(doc, here, rnd, info)
    main = data.get("fiscal_year")
    if isinstance(main, int) and seen and main not in seen:
        problems.append(_at(doc, ("fiscal_year",), f"主な年度 {main} が rounds にありません（rounds の年度: {'、'.join(map(str, sorted(seen)))}）"))
    return problems


def _other_programme(programme: Any, earlier: list[Any]) -> bool:
    """Whether a round's programme is named and differs from every named programme of its year so far."""
    return isinstance(programme, str) and all(isinstance(p, str) and p != programme for p in earlier)


def _round_against_year(doc: Document, here: JsonPath, rnd: dict[str, Any], info: ProgrammeYear) -> list[Problem]:
    problems: list[Problem] = []
    year = info.year
    for i, theme_id in enumerate(rnd.get("themes") or []):
        if not isinstance(theme_id, str):
            continue
        if not info.themes:
            problems.append(_at(doc, here + ("themes", i), f"{year} 年度には重点テーマが登録されていません。この年度の themes は書かないでください"))
            break
        if theme_id not in info.by_id:
            problems.append(_at(doc, here + ("themes", i), f"「重点テーマ」に「{theme_id}」は {year} 年度にありません。{info.suggest(theme_id)}"))
    funding = rnd.get("funding")
    if isinstance(funding, str) and info.funding is not None and funding not in info.funding:
        problems.append(_at(doc, here + ("funding",), f"{year} 年度の支援は「{'・'.join(info.funding)}」で、「{funding}」はありません（programmes/{year}.yml）。公開資料を確かめてください"))
    kind = rnd.get("type")
    if isinstance(kind, str) and info.types is not None and info.type_named(kind) is None:
        names = "、".join(t.name for t in info.types)
        near = difflib.get_close_matches(kind, [t.name for t in info.types], n=1, cutoff=0.3)
        hint = f"「{near[0]}」のことでしょうか。" if near else ""
        problems.append(_at(doc, here + ("type",), f"{year} 年度の補助タイプに「{kind}」はありません。{hint}次のどれかを書いてください: {names}（分からなければ {{unknown: 公開資料に記載なし}}）"))
    category = rnd.get("category")
    if isinstance(category, str) and info.categories is not None and category not in info.categories:
        problems.append(_at(doc, here + ("category",), f"{year} 年度の支援の類型に「{category}」はありません。次のどれかを書いてください: {'、'.join(info.categories)}"))
    return problems + _budget_against_year(doc, here, rnd, info)


def _budget_against_year(doc: Document, here: JsonPath, rnd: dict[str, Any], info: ProgrammeYear) -> list[Problem]:
    budget = rnd.get("budget")
    if not isinstance(budget, dict):
        return []
    problems: list[Problem] = []
    subsidy, share, total = (exact(budget.get(k)) for k in ("subsidy", "consortium_share", "total"))
    kind = rnd.get("type")
    cap = info.type_named(kind).cap if isinstance(kind, str) and info.type_named(kind) else None
    if cap and subsidy is not None and subsidy > cap:
        problems.append(_at(doc, here + ("budget", "subsidy"), f"補助額（{subsidy:,} 円）が {info.year} 年度の{kind}の上限 {cap:,} 円を超えています。補助タイプか金額を確かめてください（公表どおりなら、このままで掲載できます）", "warning"))
    full_state = budget.get("full_state_funding") is True
    applies = info.share_rule == "consortium_exceeds_subsidy" and rnd.get("funding", "補助") == "補助" and not full_state
    if applies and subsidy is not None and share is not None and share <= subsidy:
        problems.append(_at(doc, here + ("budget", "consortium_share"), f"コンソーシアム負担額（{share:,} 円）が補助額（{subsidy:,} 円）以下です。{info.year} 年度の要件では負担額が補助額を上回ります。金額を確かめてください（国費10割なら full_state_funding: true。公表どおりなら、このままで掲載できます）", "warning"))
    if full_state and share:
        problems.append(_at(doc, here + ("budget", "consortium_share"), "国費10割（full_state_funding: true）なのにコンソーシアム負担額が書かれています。どちらかを直してください"))
    if None not in (subsidy, share, total) and subsidy + share != total:  # type: ignore[operator]
        problems.append(_at(doc, here + ("budget", "total"), f"事業費総額（{total:,} 円）が補助額とコンソーシアム負担額の合計（{subsidy + share:,} 円）と一致しません", "warning"))  # type: ignore[operator]
    return problems


def _amount_paths(data: dict[str, Any]) -> Iterable[tuple[JsonPath, Any]]:
    for i, rnd in _dicts(data.get("rounds")):
        budget = rnd.get("budget")
        if not isinstance(budget, dict):
            continue
        for key in ("total", "subsidy", "consortium_share", "initial_investment", "running_cost_per_year", "unclassified"):
            if key in budget:
                yield ("rounds", i, "budget", key), budget[key]
        for j, other in _dicts(budget.get("other_sources")):
            if "amount" in other:
                yield ("rounds", i, "budget", "other_sources", j, "amount"), other["amount"]


def _check_money(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    for path, value in _amount_paths(data):
        if amount_kind(value) == "range" and isinstance(value.get("min"), int) and isinstance(value.get("max"), int) and value["min"] > value["max"]:
            problems.append(_at(doc, path, f"{label(path)} の幅が逆です（min {value['min']:,} 円 > max {value['max']:,} 円）"))
        for yen in amounts_in(value):
            if isinstance(yen, int) and 0 < yen < SMALL_AMOUNT:
                problems.append(_at(doc, path, f"{label(path)} が {yen:,} 円です。万円の単位で書いていませんか。金額は円で書いてください（{yen:,}万円なら {yen * 10_000}）", "warning"))
    return problems


def check_digit(code5: str) -> int:
    """Check digit of a 全国地方公共団体コード (JIS X 0402 with the MIC check digit)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return (11 - total % 11) % 10


def _check_municipalities(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    for i, muni in _dicts(data.get("municipalities")):
        here = ("municipalities", i)
        pref, code = muni.get("prefecture"), muni.get("code")
        if isinstance(pref, str) and pref not in ctx.prefectures and PLACEHOLDER not in pref:
            near = difflib.get_close_matches(pref, list(ctx.prefectures), n=1, cutoff=0.3)
            hint = f"「{near[0]}」のことでしょうか。" if near else ""
            problems.append(_at(doc, here + ("prefecture",), f"「都道府県」に「{pref}」はありません。{hint}「東京都」「静岡県」のように正式名で書いてください"))
        if code is None:
            if not data.get("sample"):
                problems.append(_at(doc, here, f"{i + 1} 番目の自治体「{muni.get('name', '')}」に全国地方公共団体コード (code) がありません。6 桁のコードを書くと、名称と照合され、オープンデータにも載ります", "warning"))
            continue
        if isinstance(code, str) and re.fullmatch(r"\d{6}", code):
            problems += _code_problems(doc, here, code, muni, ctx)
    return problems


def _code_problems(doc: Document, here: JsonPath, code: str, muni: dict[str, Any], ctx: Context) -> list[Problem]:
    expected = check_digit(code[:5])
    if int(code[5]) != expected:
        return [_at(doc, here + ("code",), f"全国地方公共団体コード「{code}」の検査数字（6 桁目）が合いません。上 5 桁が {code[:5]} なら 6 桁目は {expected} です。コードを確かめてください")]
    pref, name = muni.get("prefecture"), muni.get("name")
    owner = {p.code: p for p in ctx.prefectures.values()}.get(code[:2])
    if owner is None:
        return [_at(doc, here + ("code",), f"全国地方公共団体コード「{code}」の上 2 桁 {code[:2]} は都道府県コード（01〜47）ではありません")]
    if isinstance(pref, str) and pref in ctx.prefectures and owner.name != pref:
        return [_at(doc, here + ("code",), f"全国地方公共団体コード「{code}」は {owner.name} のコードですが、都道府県には「{pref}」と書かれています。どちらかを直してください")]
    official = ctx.municipalities.get(code)
    if official is None:
        if ctx.municipalities:
            return [_at(doc, here + ("code",), f"全国地方公共団体コード「{code}」は同梱の一覧（2020 年時点）にありません。2020 年以降に新設・改称された自治体なら問題ありません。コードを確かめてください", "warning")]
        return []
    if isinstance(name, str) and official.name and name != official.name:
        return [_at(doc, here + ("name",), f"全国地方公共団体コード「{code}」は {official.prefecture} {official.name} のコードですが、名称は「{name}」と書かれています。名称かコードを直してください")]
    return []


def _check_consortium(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    consortium = data.get("consortium")
    members = consortium.get("members") if isinstance(consortium, dict) else None
    leads = [m for _, m in _dicts(members) if m.get("position") == "代表"]
    if len(leads) > 1:
        return [_at(doc, ("consortium", "members"), f"「事業実施体制」の代表（position: 代表、様式の◎）は 1 者までです（いまは {len(leads)} 者）。幹事の会社は position: 幹事 と書けます")]
    return []


def _check_kpis(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    for i, kpi in _dicts(data.get("kpis")):
        if "target" in kpi and "unit" not in kpi:
            problems.append(_at(doc, ("kpis", i), f"「効果検証（KPI）」{i + 1} 番目「{kpi.get('name', '')}」に単位 (unit) がありません。公表されていれば unit: 件 のように書いてください", "warning"))
    return problems


def _date_paths(data: dict[str, Any]) -> Iterable[tuple[JsonPath, Any, str]]:
    for i, kpi in _dicts(data.get("kpis")):
        for j, actual in _dicts(kpi.get("actuals")):
            yield ("kpis", i, "actuals", j, "date"), actual.get("date"), "実績値の時点"
    for i, outcome in _dicts(data.get("outcomes")):
        yield ("outcomes", i, "date"), outcome.get("date"), "成果の時点"


def _check_dates(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    for path, date, what in _date_paths(data):
        if isinstance(date, str) and date_key(date) > (ctx.today.year, ctx.today.month, ctx.today.day):
            problems.append(_at(doc, path, f"{what}「{date}」が未来です。測定した時点を書いてください"))
    main = _main_year(data)
    schedule = data.get("schedule") if isinstance(data.get("schedule"), dict) else {}
    if main is not None:
        first, last = f"{main}-04", f"{main + 1}-03"
        for i, item in _dicts(schedule.get("months")):
            month = item.get("month")
            if isinstance(month, str) and not first <= month <= last:
                problems.append(_at(doc, ("schedule", "months", i, "month"), f"月「{month}」が {main} 年度（{first}〜{last}）の外です", "warning"))
    return problems


def _main_year(data: dict[str, Any]) -> int | None:
    if isinstance(data.get("fiscal_year"), int):
        return data["fiscal_year"]
    years = [r.get("fiscal_year") for _, r in _dicts(data.get("rounds")) if isinstance(r.get("fiscal_year"), int)]
    return max(years) if years else None


def _images(data: dict[str, Any]) -> Iterable[tuple[JsonPath, Any]]:
    yield ("key_visual",), data.get("key_visual")
    design = data.get("design")
    if isinstance(design, dict):
        yield ("design", "architecture_diagram"), design.get("architecture_diagram")


def _check_images(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    folder = ctx.cases_dir / Path(doc.file).stem
    for path, image in _images(data):
        if not isinstance(image, dict) or not isinstance(image.get("src"), str):
            continue
        message = image_problem(folder, image["src"])
        if message:
            problems.append(_at(doc, path + ("src",), message))
    return problems


def image_problem(folder: Path, src: str) -> str | None:
    """Why an image reference cannot be used, or None when it is fine."""
    inside = f"事例フォルダ {folder.as_posix()}/ の中"
    if src.startswith("/") or "\\" in src or ".." in Path(src).parts or ":" in src:
        return f"画像「{src}」は {inside}を指していません。images/key-visual.png のように事例フォルダからの相対パスで書いてください"
    if not re.fullmatch(r"[A-Za-z0-9._/-]+", src) or unicodedata.normalize("NFC", src) != src:
        return f"画像のファイル名「{src}」には半角英数字・ハイフン・下線・ピリオドだけを使ってください（例: images/key-visual.png）"
    target = folder / src
    if Path(src).suffix.lower() not in IMAGE_TYPES:
        return f"画像「{src}」の形式は使えません。PNG・JPEG・WebP・GIF のどれかにしてください（SVG は安全のため使えません）"
    if any(p.is_symlink() for p in [target, *target.parents] if folder in [p, *p.parents]):
        return f"画像「{src}」はシンボリックリンクです。実際のファイルを {inside}に置いてください"
    if not target.is_file():
        return f"画像「{src}」が見つかりません。{inside}に置いてください"
    size = target.stat().st_size
    if size > MAX_IMAGE_BYTES:
        return f"画像「{src}」が大きすぎます（{size / 1024 / 1024:.1f} MB）。{MAX_IMAGE_BYTES // 1024 // 1024} MB 以下に縮小してください"
    return None


def _check_text(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    real = data.get("sample") is not True
    for path, text in strings(data):
        if PLACEHOLDER in text:
            problems.append(_at(doc, path, f"{label(path)} がひな形のまま（{PLACEHOLDER}）です。内容を書くか、公開資料になければ {{unknown: 公開資料に記載なし}} と書いてください"))
        elif real and text.strip().casefold().strip("（）()") in PLACEHOLDER_VALUES:
            problems.append(_at(doc, path, f"{label(path)} が「{text.strip()}」です。決まっていないこと・分からないことは {{unknown: 公開資料に記載なし}} のように、理由を添えて書いてください"))
        elif real and _example_address(text):
            problems.append(_at(doc, path, f"{label(path)} の「{_show(text)}」は例示用のアドレスです。実際のアドレスを書くか、この項目を削除してください"))
        if CONTROL.search(text):
            problems.append(_at(doc, path, f"{label(path)} に目に見えない制御文字が含まれています。文字を打ち直してください"))
        for target in LINK_IN_TEXT.findall(text):
            if ":" in target.split("/")[0] and not target.lower().startswith(SAFE_SCHEMES):
                problems.append(_at(doc, path, f"{label(path)} のリンク先「{_show(target)}」は使えません。https:// などで始まる URL か mailto: にしてください"))
    return problems


def _example_address(text: str) -> bool:
    host = re.search(r"(?:@|//)([A-Za-z0-9.-]+)", text)
    return bool(host) and host.group(1).lower().endswith(EXAMPLE_DOMAINS)  # type: ignore[union-attr]


def _check_references(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    services = [s.get("name") for _, s in _dicts(data.get("services")) if isinstance(s.get("name"), str)]
    kpis = [k.get("name") for _, k in _dicts(data.get("kpis")) if isinstance(k.get("name"), str)]

    def named(path: JsonPath, name: Any, names: list[str], field_name: str, where: str) -> None:
        if isinstance(name, str) and name not in names:
            near = difflib.get_close_matches(name, names, n=1, cutoff=0.3)
            hint = f"「{near[0]}」のことでしょうか。" if near else f"{where} に書いてください。"
            problems.append(_at(doc, path, f"{field_name}「{name}」が {where} にありません。{hint}"))

    for i, kpi in _dicts(data.get("kpis")):
        named(("kpis", i, "service"), kpi.get("service"), services, "KPI の対象サービス", "「サービス」(services)")
    for key in ("municipalities", "partners"):
        for i, item in _dicts(data.get(key)):
            for j, name in enumerate(item.get("services") or [] if isinstance(item.get("services"), list) else []):
                named((key, i, "services", j), name, services, "参加したサービス", "「サービス」(services)")
    for i, outcome in _dicts(data.get("outcomes")):
        named(("outcomes", i, "kpi"), outcome.get("kpi"), kpis, "関係する KPI", "「効果検証（KPI）」(kpis)")
    story = data.get("story") if isinstance(data.get("story"), list) else []
    for i, plan in _dicts(data.get("plans")):
        for j, number in enumerate(plan.get("addresses") or []):
            if isinstance(number, int) and number > len(story):
                problems.append(_at(doc, ("plans", i, "addresses", j), f"課題番号 {number} はありません。ストーリー (story) の課題は {len(story)} つです"))
    return problems


def source_refs(value: Any, path: JsonPath = ()) -> Iterable[tuple[JsonPath, Any]]:
    """Every `source:` reference in a case, with its path (sources themselves are skipped)."""
    if isinstance(value, dict):
        for k, v in value.items():
            if k == "source" and path[:1] != ("sources",):
                yield path + (k,), v
            elif k != "sources" or path:
                yield from source_refs(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from source_refs(v, path + (i,))


def _check_sources(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    ids: list[str] = []
    for i, src in _dicts(data.get("sources")):
        sid = src.get("id")
        if isinstance(sid, str):
            if sid in ids:
                problems.append(_at(doc, ("sources", i, "id"), f"出典ID「{sid}」が 2 回使われています。別の ID にしてください"))
            ids.append(sid)
    for path, ref in source_refs(data):
        for sid in source_ids(ref):
            if sid not in ids:
                listing = "、".join(ids) or "（なし）"
                problems.append(_at(doc, path, f"出典「{sid}」が sources にありません（sources の id: {listing}）。sources に資料を追加するか、id を直してください"))
    return problems


def _recommendations(doc: Document) -> list[Problem]:
    problems = []
    for path, why in RECOMMENDED:
        if path[0] in doc.data:
            continue
        tail = "。公開資料になければ {unknown: 公開資料に記載なし} と書けます" if "anyOf" in (subschema(path) or {}) else ""
        problems.append(_at(doc, (), f"推奨項目「{titles_of((), path[0])}」({path[0]}) がありません。書かないと{why}{tail}", "warning"))
    return problems
