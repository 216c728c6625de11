"""Rules from the programme year's data (programmes/<year>.yml): rounds, themes, funding, types, caps, share rule. What a year does not record is not checked."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

from generator.read.text import CHOOSE
from generator.check.base import Context, at, dicts, rule
from generator.read.errors import Problem
from generator.data.words import say
from generator.read.load import Document, JsonPath
from generator.data.refdata import ProgrammeYear
from generator.read.values import exact, is_unknown


@rule
def _check_id(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    stem = Path(doc.file).stem
    case_id = data.get("id")
    if isinstance(case_id, str) and case_id != stem:
        return [at(doc, ("id",), f"事例ID「{case_id}」がファイル名「{stem}」と違います。id: {stem} と書くか、ファイル名を {case_id}.yml にしてください")]
    return []


@rule
def _check_rounds(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems: list[Problem] = []
    seen: dict[int, list[Any]] = {}  # year → the programmes of its rounds so far
    for i, rnd in dicts(data.get("rounds")):
        year = rnd.get("fiscal_year")
        if not isinstance(year, int):
            continue
        here = ("rounds", i)
        info = ctx.years.get(year)
        programme = rnd.get("programme") if rnd.get("programme") is not None else info.programme if info else None  # as model.Round
        if year in seen and not _other_programme(programme, seen[year]):  # two programmes may fund one case in one year
            problems.append(at(doc, here + ("fiscal_year",), f"年度 {year} が rounds に 2 回書かれています。同じ採択を 2 回書いたのなら 1 つにまとめてください。同じ年度に別の事業でも採択されたのなら、それぞれの programme に事業名を書いてください（このままでも掲載できます）", "warning"))
        seen.setdefault(year, []).append(programme)
        if "type" in rnd and isinstance(rnd.get("published_type"), dict):
            problems.append(at(doc, here + ("published_type",), "補助タイプが type と published_type の 2 か所に書かれています。登録された補助タイプなら type、登録にない補助タイプなら published_type の 1 つにしてください"))
        if year > ctx.today.year + 1:
            problems.append(at(doc, here + ("fiscal_year",), f"年度 {year} は先すぎます。支援を受けた年度を西暦で書いてください（令和6年度 = 2024）"))
            continue
        if info is None:  # a year outside the programme files: the round's programme is its own text, nothing else is checked
            problems += _unrecorded_round(doc, here, rnd, year, sorted(ctx.years))
            continue
        problems += _round_against_year(doc, here, rnd, info)
    main = data.get("fiscal_year")
    if isinstance(main, int) and seen and main not in seen:
        problems.append(at(doc, ("fiscal_year",), f"主な年度 {main} が rounds にありません（rounds の年度: {'、'.join(map(str, sorted(seen)))}）"))
    return problems


def _unrecorded_round(doc: Document, here: JsonPath, rnd: dict[str, Any], year: int, known: list[int]) -> list[Problem]:
    """A round in a year with no programmes/<year>.yml (another ministry's programme, a year before FY2019) is
    accepted when it names its programme as published (or {unknown: …}); themes of such a year cannot be checked."""
    listed = "、".join(map(str, known))
    if "programme" not in rnd:
        return [at(doc, here + ("fiscal_year",), f"{year} 年度は programmes/ に登録されていません（登録済み: {listed}）。ほかの府省の事業や令和元年度より前の支援なら、"
                   f"その事業の名称を公表されたとおりに programme に書いてください（例: programme: 内閣府 ○○事業。分からなければ {{unknown: 公開資料に記載なし}}）。年度の書き間違いなら直してください")]
    if rnd.get("themes"):
        return [at(doc, here + ("themes",), f"{year} 年度は programmes/ に登録されていないので、重点テーマを確かめられません。公表されたテーマなら themes ではなく published_themes に公表どおりに書いてください（例: published_themes: [交通・モビリティ]。確かめずに表示します）")]
    return []


def _other_programme(programme: Any, earlier: list[Any]) -> bool:
    """Whether a round's programme is named and differs from every named programme of its year so far."""
    return isinstance(programme, str) and all(isinstance(p, str) and p != programme for p in earlier)


def _round_against_year(doc: Document, here: JsonPath, rnd: dict[str, Any], info: ProgrammeYear) -> list[Problem]:
    problems: list[Problem] = []
    year = info.year
    named: dict[str, int] = {}  # theme id → where it was first written (by id or by title)
    written = rnd.get("themes") or []
    if any(is_unknown(t) for t in written) and len(written) > 1:
        problems.append(at(doc, here + ("themes",), "重点テーマを {unknown: …}（公開資料に記載なし）と書くときは、ほかのテーマを並べないでください。推定したテーマなら {theme: ID, inferred: 根拠} と書けます"))
    for i, item in enumerate(written):
        theme_id = item if isinstance(item, str) else item.get("theme") if isinstance(item, dict) and not is_unknown(item) else None
        if not isinstance(theme_id, str):
            continue
        theme = info.theme(theme_id)
        if theme is not None and theme.id in named:
            problems.append(at(doc, here + ("themes", i), f"重点テーマ「{theme.title}」（{theme.id}）が {named[theme.id] + 1} 番目と 2 回書かれています。1 つにしてください"))
        elif theme is not None:
            named[theme.id] = i
        if not info.themes:
            problems.append(at(doc, here + ("themes", i), f"{year} 年度には重点テーマが登録されていません。公表されたテーマなら themes ではなく published_themes に公表どおりに書いてください（例: published_themes: [{theme_id}]。確かめずに表示します）"))
            break
        if CHOOSE in theme_id:
            problems.append(at(doc, here + ("themes", i), f"「重点テーマ」がひな形のまま（{CHOOSE}）です。{info.suggest('')}"))
        elif theme is None:
            problems.append(at(doc, here + ("themes", i), f"「重点テーマ」に「{theme_id}」は {year} 年度にありません。{info.suggest(theme_id)}"
                               f"（公表資料がこの年度の登録にないテーマを書いているなら、published_themes に公表どおりに書けます）"))
    funding = rnd.get("funding")
    if isinstance(funding, str) and CHOOSE not in funding and info.funding is not None and funding not in info.funding:
        problems.append(at(doc, here + ("funding",), f"{year} 年度の支援は「{'・'.join(info.funding)}」で、「{funding}」はありません（programmes/{year}.yml）。公開資料を確かめてください"))
    kind = rnd.get("type")
    if isinstance(kind, str) and info.types is not None and CHOOSE in kind:
        names = "、".join(t.name for t in info.types)
        problems.append(at(doc, here + ("type",), f"「補助タイプ」がひな形のまま（{CHOOSE}）です。{year} 年度は{say('choices', words=names)}（分からなければ {{unknown: 公開資料に記載なし}}）"))
    elif isinstance(kind, str) and info.types is not None and info.type_named(kind) is None:
        names = "、".join(t.name for t in info.types)
        near = difflib.get_close_matches(kind, [t.name for t in info.types], n=1, cutoff=0.3)
        hint = say("enum_near", near=near[0]) if near else ""
        problems.append(at(doc, here + ("type",), f"{year} 年度の補助タイプに「{kind}」はありません。{hint}{say('choices', words=names)}（分からなければ {{unknown: 公開資料に記載なし}}）。"
                           f"公表資料がこの年度の登録にない補助タイプを書いているなら、type ではなく published_type: {{name: {kind}, cap: 上限額, source: 出典}} と書けます"))
    category = rnd.get("category")
    if isinstance(category, str) and info.categories is not None and category not in info.categories:
        problems.append(at(doc, here + ("category",), f"{year} 年度の支援の類型に「{category}」はありません。{say('choices', words='、'.join(info.categories))}"))
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
        problems.append(at(doc, here + ("budget", "subsidy"), f"補助額（{subsidy:,} 円）が {info.year} 年度の{kind}の上限 {cap:,} 円を超えています。補助タイプか金額を確かめてください（公表どおりなら、このままで掲載できます）", "warning"))
    full_state = budget.get("full_state_funding") is True
    applies = info.share_rule == "consortium_exceeds_subsidy" and rnd.get("funding", "補助") == "補助" and not full_state
    if applies and subsidy is not None and share is not None and share <= subsidy:
        problems.append(at(doc, here + ("budget", "consortium_share"), f"コンソーシアム負担額（{share:,} 円）が補助額（{subsidy:,} 円）以下です。{info.year} 年度の要件では負担額が補助額を上回ります。金額を確かめてください（国費10割なら full_state_funding: true。公表どおりなら、このままで掲載できます）", "warning"))
    if full_state and share:
        problems.append(at(doc, here + ("budget", "consortium_share"), "国費10割（full_state_funding: true）なのにコンソーシアム負担額が書かれています。どちらかを直してください"))
    contradictory = isinstance(budget.get("contradictory"), dict)  # marked as published figures that disagree: said on the page
    if None not in (subsidy, share, total) and subsidy + share != total and not contradictory:  # type: ignore[operator]
        problems.append(at(doc, here + ("budget", "total"), f"事業費総額（{total:,} 円）が補助額とコンソーシアム負担額の合計（{subsidy + share:,} 円）と一致しません", "warning"))  # type: ignore[operator]
    return problems

