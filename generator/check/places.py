"""Municipalities: prefecture names, 全国地方公共団体コード (check digit, prefecture, name)."""

from __future__ import annotations

import difflib
import re
from typing import Any

from generator.check.base import Context, at, dicts, rule
from generator.read.errors import Problem
from generator.data.words import say
from generator.read.load import Document, JsonPath
from generator.read.text import PLACEHOLDER


def check_digit(code5: str) -> int:
    """Check digit of a 全国地方公共団体コード (JIS X 0402 with the MIC check digit)."""
    total = sum(int(d) * w for d, w in zip(code5, (6, 5, 4, 3, 2)))
    return (11 - total % 11) % 10


@rule
def _check_municipalities(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    for i, muni in dicts(data.get("municipalities")):
        here = ("municipalities", i)
        pref, code = muni.get("prefecture"), muni.get("code")
        if isinstance(pref, str) and pref not in ctx.prefectures and PLACEHOLDER not in pref:
            near = difflib.get_close_matches(pref, list(ctx.prefectures), n=1, cutoff=0.3)
            hint = say("enum_near", near=near[0]) if near else ""
            problems.append(at(doc, here + ("prefecture",), f"「都道府県」に「{pref}」はありません。{hint}「東京都」「静岡県」のように正式名で書いてください"))
        if code is None:
            if not data.get("sample"):
                problems.append(at(doc, here, f"{i + 1} 番目の自治体「{muni.get('name', '')}」に全国地方公共団体コード (code) がありません。6 桁のコードを書くと、名称と照合され、オープンデータにも載ります", "warning"))
            continue
        if isinstance(code, str) and re.fullmatch(r"\d{6}", code):
            problems += _code_problems(doc, here, code, muni, ctx)
    for i, partner in dicts(data.get("partners")):  # a partner municipality (not a target) is checked like one
        if isinstance(partner.get("code"), str) and re.fullmatch(r"\d{6}", partner["code"]):
            problems += _code_problems(doc, ("partners", i), partner["code"], partner, ctx)
            if partner.get("kind") != "市区町村":
                problems.append(at(doc, ("partners", i, "kind"), "全国地方公共団体コード (code) を書いた連携先は、種別を kind: 市区町村 と書いてください"))
    return problems  # several written role: 代表 are co-representatives, as some sources say (共同代表): never refused


def _code_problems(doc: Document, here: JsonPath, code: str, muni: dict[str, Any], ctx: Context) -> list[Problem]:
    expected = check_digit(code[:5])
    if int(code[5]) != expected:
        return [at(doc, here + ("code",), f"全国地方公共団体コード「{code}」の検査数字（6 桁目）が合いません。上 5 桁が {code[:5]} なら 6 桁目は {expected} です。コードを確かめてください")]
    pref, name = muni.get("prefecture"), muni.get("name")
    owner = {p.code: p for p in ctx.prefectures.values()}.get(code[:2])
    if owner is None:
        return [at(doc, here + ("code",), f"全国地方公共団体コード「{code}」の上 2 桁 {code[:2]} は都道府県コード（01〜47）ではありません")]
    if isinstance(pref, str) and pref in ctx.prefectures and owner.name != pref:
        return [at(doc, here + ("code",), f"全国地方公共団体コード「{code}」は {owner.name} のコードですが、都道府県には「{pref}」と書かれています。どちらかを直してください")]
    official = ctx.municipalities.get(code)
    if official is None:
        if ctx.municipalities:
            return [at(doc, here + ("code",), f"全国地方公共団体コード「{code}」は同梱の一覧（2020 年時点）にありません。2020 年以降に新設・改称された自治体なら問題ありません。コードを確かめてください", "warning")]
        return []
    if isinstance(name, str) and official.name and name != official.name:
        return [at(doc, here + ("name",), f"全国地方公共団体コード「{code}」は {official.prefecture} {official.name} のコードですが、名称は「{name}」と書かれています。名称かコードを直してください")]
    return []

