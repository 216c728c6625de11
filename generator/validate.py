"""Step 2: check each case against the schema and the programme's rules; explain every problem in Japanese."""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import re
import unicodedata
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

import jsonschema_rs
from jsonschema import Draft202012Validator, ValidationError

from generator.errors import Problem
from generator.load import Document, JsonPath
from generator.refdata import SUBSIDY_CAPS, Prefecture, ThemeYear
from generator.caseschema import case_schema, example, label, subschema
from generator.text import CONTROL, PLACEHOLDER, strings

IMAGE_TYPES = {".png", ".jpg", ".jpeg", ".webp", ".gif"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
LINK_IN_TEXT = re.compile(r"\]\(\s*<?([^)\s>]+)")
SAFE_SCHEMES = ("http://", "https://", "mailto:")
RECOMMENDED: list[tuple[JsonPath, str]] = [
    (("location",), "地図に表示されません"),
    (("purpose",), "サービスの目的が読者に伝わりません"),
    (("design",), "アーキテクチャやデータの使い方が分かりません"),
    (("users",), "審査の視点「ストーリー・デザイン」（利用者のニーズとの整合）が示せません"),
    (("funding",), "審査の視点「継続性」（マネタイズ）が示せません"),
    (("budget",), "経費と費用分担が分かりません"),
    (("demonstration",), "実証の内容と方法が分かりません"),
]


@dataclass(frozen=True)
class Context:
    """What a case is checked against: the themes of each year, the prefectures, the cases folder."""

    themes: dict[int, ThemeYear]
    prefectures: dict[str, Prefecture]  # by name
    cases_dir: Path
    today: dt.date


def check_document(doc: Document, ctx: Context) -> list[Problem]:
    """Every problem of one case file: schema first, then the rules a schema cannot say."""
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
                    problems.append(_at(doc, ("title",), f"同じ自治体で事業名がほぼ同じ事例が {group[other].file} にあります（一致度 {ratio:.0%}）。同じ事業なら 1 つのファイルにまとめ、過去の年度は「これまでの経緯」(history) に書いてください", "warning"))
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
    if kind == "type":
        expected = TYPE_NAMES.get(error.validator_value, error.validator_value)
        return [(path, f"{name} には{expected}を書いてください（書かれていたのは「{_show(error.instance)}」）")]
    if kind == "enum":
        options = "、".join(map(str, error.validator_value))
        near = difflib.get_close_matches(str(error.instance), list(map(str, error.validator_value)), n=1, cutoff=0.3)
        hint = f"「{near[0]}」のことでしょうか。" if near else ""
        return [(path, f"{name} に「{_show(error.instance)}」は使えません。{hint}次のどれかを書いてください: {options}")]
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


def _missing(path: JsonPath, key: str) -> str:
    node = subschema(path + (key,)) or {}
    sample = example(node)
    tail = f"例: {key}: {sample}" if sample else (node.get("description", "") or "")
    where = f"{label(path)} の中に" if path else ""
    return f"{where}必須の項目「{node.get('title', key)}」({key}) がありません。{tail}".rstrip("。") + "。"


def _unknown_key(path: JsonPath, key: str, allowed: list[str]) -> str:
    titles = {(subschema(path + (k,)) or {}).get("title", k): k for k in allowed}
    near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6) or [titles[t] for t in difflib.get_close_matches(key, list(titles), n=1, cutoff=0.5)]
    where = f"{label(path)} の中に" if path else ""
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

def _rule_problems(doc: Document, ctx: Context) -> list[Problem]:
    data = doc.data
    problems: list[Problem] = []
    for check in (_check_id, _check_themes, _check_municipalities, _check_consortium, _check_budget,
                  _check_kpis, _check_dates, _check_images, _check_text, _check_references):
        problems += check(doc, data, ctx)
    return problems


def _check_id(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    stem = Path(doc.file).stem
    case_id = data.get("id")
    if isinstance(case_id, str) and case_id != stem:
        return [_at(doc, ("id",), f"事例ID「{case_id}」がファイル名「{stem}」と違います。id: {stem} と書くか、ファイル名を {case_id}.yml にしてください")]
    return []


def _check_themes(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    year, themes = data.get("fiscal_year"), data.get("themes")
    if not isinstance(year, int) or not isinstance(themes, list):
        return []
    if year not in ctx.themes:
        known = "、".join(str(y) for y in sorted(ctx.themes))
        return [_at(doc, ("fiscal_year",), f"{year} 年度の重点テーマはまだ定義されていません（定義済み: {known}）。年度を確かめるか、themes/{year}.yml の追加を待ってください")]
    theme_year = ctx.themes[year]
    problems = []
    for i, theme_id in enumerate(themes):
        if isinstance(theme_id, str) and theme_id not in theme_year.by_id:
            problems.append(_at(doc, ("themes", i), f"「重点テーマ」に「{theme_id}」は {year} 年度にありません。{theme_year.suggest(theme_id)}"))
    return problems


def check_digit(code5: str) -> int:
    """Check digit of a 全国地方公共団体コード (JIS X 0402 with the MIC check digit)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return (11 - total % 11) % 10


def _check_municipalities(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    for i, muni in enumerate(data.get("municipalities") or []):
        if not isinstance(muni, dict):
            continue
        here = ("municipalities", i)
        pref, code = muni.get("prefecture"), muni.get("code")
        if isinstance(pref, str) and pref not in ctx.prefectures:
            near = difflib.get_close_matches(pref, list(ctx.prefectures), n=1, cutoff=0.3)
            hint = f"「{near[0]}」のことでしょうか。" if near else ""
            problems.append(_at(doc, here + ("prefecture",), f"「都道府県」に「{pref}」はありません。{hint}「東京都」「静岡県」のように正式名で書いてください"))
        if code is None:
            if not data.get("sample"):
                problems.append(_at(doc, here, f"{i + 1} 番目の自治体「{muni.get('name', '')}」に全国地方公共団体コード (code) がありません。実在の自治体の事例では 6 桁のコードが必須です（総務省の一覧で確認できます）"))
            continue
        if not (isinstance(code, str) and re.fullmatch(r"\d{6}", code)):
            continue
        expected = check_digit(code[:5])
        if int(code[5]) != expected:
            problems.append(_at(doc, here + ("code",), f"全国地方公共団体コード「{code}」の検査数字（6 桁目）が合いません。上 5 桁が {code[:5]} なら 6 桁目は {expected} です。コードを確かめてください"))
        by_code = {p.code: p for p in ctx.prefectures.values()}
        owner = by_code.get(code[:2])
        if owner is None:
            problems.append(_at(doc, here + ("code",), f"全国地方公共団体コード「{code}」の上 2 桁 {code[:2]} は都道府県コード（01〜47）ではありません"))
        elif isinstance(pref, str) and pref in ctx.prefectures and owner.name != pref:
            problems.append(_at(doc, here + ("code",), f"全国地方公共団体コード「{code}」は {owner.name} のコードですが、都道府県には「{pref}」と書かれています。どちらかを直してください"))
    return problems


def _check_consortium(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    members = (data.get("consortium") or {}).get("members") if isinstance(data.get("consortium"), dict) else None
    if not isinstance(members, list):
        return []
    leads = [m for m in members if isinstance(m, dict) and m.get("position") == "代表"]
    if len(leads) != 1:
        return [_at(doc, ("consortium", "members"), f"「事業実施体制」の代表（position: 代表、様式の◎）はちょうど 1 者にしてください（いまは {len(leads)} 者）")]
    return []


def _check_budget(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    budget = data.get("budget")
    if not isinstance(budget, dict):
        return []
    subsidy, share, total = budget.get("subsidy"), budget.get("consortium_share"), budget.get("total")
    problems = []
    if isinstance(subsidy, int) and isinstance(share, int) and share <= subsidy:
        problems.append(_at(doc, ("budget", "consortium_share"), f"コンソーシアム負担額（{share:,} 円）が補助額（{subsidy:,} 円）以下です。事業の要件により、コンソーシアム負担額は補助額を上回る必要があります"))
    cap = SUBSIDY_CAPS.get(str(data.get("subsidy_type")))
    if cap and isinstance(subsidy, int) and subsidy > cap:
        problems.append(_at(doc, ("budget", "subsidy"), f"補助額（{subsidy:,} 円）が{data['subsidy_type']}の上限 {cap:,} 円を超えています。補助タイプか金額を確かめてください"))
    if all(isinstance(v, int) for v in (subsidy, share, total)) and subsidy + share != total:
        problems.append(_at(doc, ("budget", "total"), f"事業費総額（{total:,} 円）が補助額とコンソーシアム負担額の合計（{subsidy + share:,} 円）と一致しません", "warning"))
    return problems


def _check_kpis(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    for i, kpi in enumerate(data.get("kpis") or []):
        if isinstance(kpi, dict) and "target" not in kpi and "target_text" not in kpi:
            problems.append(_at(doc, ("kpis", i), f"「効果検証（KPI）」{i + 1} 番目「{kpi.get('name', '')}」に目標がありません。数値なら target: 100 のように、数値にできなければ target_text: に文章で書いてください"))
        if isinstance(kpi, dict) and "target" in kpi and "unit" not in kpi:
            problems.append(_at(doc, ("kpis", i), f"「効果検証（KPI）」{i + 1} 番目「{kpi.get('name', '')}」に単位 (unit) がありません。例: unit: 件"))
    return problems


def _check_dates(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    year = data.get("fiscal_year")
    problems = []
    if isinstance(year, int) and year > ctx.today.year + 1:
        problems.append(_at(doc, ("fiscal_year",), f"年度 {year} は先すぎます。実証の年度を西暦で書いてください（令和6年度 = 2024）"))
    now = f"{ctx.today:%Y-%m}"
    for i, kpi in enumerate(data.get("kpis") or []):
        for j, actual in enumerate((kpi or {}).get("actuals") or [] if isinstance(kpi, dict) else []):
            date = actual.get("date") if isinstance(actual, dict) else None
            if isinstance(date, str) and date[: len(now)] > now[: len(date)]:
                problems.append(_at(doc, ("kpis", i, "actuals", j, "date"), f"実績値の時点「{date}」が未来です。測定した時点を書いてください"))
    schedule = data.get("schedule") if isinstance(data.get("schedule"), dict) else {}
    if isinstance(year, int):
        first, last = f"{year}-04", f"{year + 1}-03"
        for i, item in enumerate(schedule.get("months") or []):
            month = item.get("month") if isinstance(item, dict) else None
            if isinstance(month, str) and not first <= month <= last:
                problems.append(_at(doc, ("schedule", "months", i, "month"), f"月「{month}」が {year} 年度（{first}〜{last}）の外です", "warning"))
        for i, item in enumerate(data.get("history") or []):
            past = item.get("fiscal_year") if isinstance(item, dict) else None
            if isinstance(past, int) and past >= year:
                problems.append(_at(doc, ("history", i, "fiscal_year"), f"「これまでの経緯」の年度 {past} が事例の年度 {year} 以降です。過去の年度だけを書いてください"))
    return problems


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
    if doc.text and not (PLACEHOLDER in doc.text or CONTROL.search(doc.text) or "](" in doc.text or "\\" in doc.text):
        return []  # nothing to look for anywhere in the file (escapes like \x07 are decoded only by YAML)
    problems = []
    for path, text in strings(data):
        if PLACEHOLDER in text:
            problems.append(_at(doc, path, f"{label(path)} がひな形のまま（{PLACEHOLDER}）です。内容を書いてください"))
        if CONTROL.search(text):
            problems.append(_at(doc, path, f"{label(path)} に目に見えない制御文字が含まれています。文字を打ち直してください"))
        for target in LINK_IN_TEXT.findall(text):
            if ":" in target.split("/")[0] and not target.lower().startswith(SAFE_SCHEMES):
                problems.append(_at(doc, path, f"{label(path)} のリンク先「{_show(target)}」は使えません。https:// などで始まる URL か mailto: にしてください"))
    return problems


def _check_references(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    services = [s.get("name") for s in data.get("services") or [] if isinstance(s, dict)]
    for i, kpi in enumerate(data.get("kpis") or []):
        name = kpi.get("service") if isinstance(kpi, dict) else None
        if isinstance(name, str) and name not in services:
            near = difflib.get_close_matches(name, [s for s in services if isinstance(s, str)], n=1, cutoff=0.3)
            hint = f"「{near[0]}」のことでしょうか。" if near else "services にそのサービスを書いてください。"
            problems.append(_at(doc, ("kpis", i, "service"), f"KPI の対象サービス「{name}」が「サービス」(services) にありません。{hint}"))
    story = data.get("story") if isinstance(data.get("story"), list) else []
    for i, plan in enumerate(data.get("plans") or []):
        for j, number in enumerate(plan.get("addresses") or [] if isinstance(plan, dict) else []):
            if isinstance(number, int) and number > len(story):
                problems.append(_at(doc, ("plans", i, "addresses", j), f"課題番号 {number} はありません。ストーリー (story) の課題は {len(story)} つです"))
    return problems


def _recommendations(doc: Document) -> list[Problem]:
    return [_at(doc, (), f"推奨項目「{titles_of((), path[0])}」({path[0]}) がありません。書かないと{why}", "warning")
            for path, why in RECOMMENDED if path[0] not in doc.data]
