"""Recommended fields: a warning says what the page lacks without them."""

from __future__ import annotations

from typing import Any

from generator.data.caseschema import subschema
from generator.check.base import Context, at, rule
from generator.check.schema import titles_of
from generator.read.errors import Problem
from generator.read.load import Document, JsonPath

# Fields a reader expects; when absent, a warning says what the page then lacks. A field that published
# material does not give is written as {unknown: 公開資料に記載なし}, which is not absent: no warning.
RECOMMENDED: list[tuple[JsonPath, str]] = [
    (("key_concept",), "一覧や検索結果に事例の要点が表示されません"),
    (("stage",), "事例がいまどの段階にあるか分かりません"),
    (("vision",), "審査の視点「適合性」（ビジョン）が示せません"),
    (("location",), "地図に表示されません"),
]


@rule
def _recommendations(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    for path, why in RECOMMENDED:
        if path[0] in doc.data:
            continue
        tail = "。公開資料になければ {unknown: 公開資料に記載なし} と書けます" if "anyOf" in (subschema(path) or {}) else ""
        problems.append(at(doc, (), f"推奨項目「{titles_of((), path[0])}」({path[0]}) がありません。書かないと{why}{tail}", "warning"))
    return problems

