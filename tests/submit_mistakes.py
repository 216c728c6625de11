"""Typical mistakes a contributor makes, shared by the form's browser test and the CLI parity test.

Each row: a name, a change to a valid case, the field (path) where the form shows the message, and the
Japanese words both the form and `catalogue validate` must say.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any, Callable


@dataclass(frozen=True)
class Mistake:
    name: str
    change: Callable[[dict[str, Any]], None]
    field: tuple[str | int, ...]
    words: str


def _set(*path: str | int, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        node = data
        for step in path[:-1]:
            node = node.setdefault(step, {}) if isinstance(step, str) else node[step]
        node[path[-1]] = value
    return change


def _del(key: str) -> Callable[[dict[str, Any]], None]:
    return lambda data: data.pop(key)


def _add_source_without_title(data: dict[str, Any]) -> None:
    data["sources"].append({"id": "s9"})


MISTAKES: list[Mistake] = [
    Mistake("missing-title", _del("title"), ("title",), "必須の項目「事業名（表示名）」(title) がありません"),
    Mistake("bad-id", _set("id", value="Hoshizora_2024"), ("id",), "「事例ID」(id) の書き方が正しくありません（書かれていたのは「Hoshizora_2024」）"),
    Mistake("reiwa-year", _set("rounds", 0, "fiscal_year", value="令和6年度"), ("rounds", 0, "fiscal_year"), "年度は西暦の半角数字で書いてください（「令和6年度」なら 2024）"),
    Mistake("zenkaku-year", _set("rounds", 0, "fiscal_year", value="２０２４"), ("rounds", 0, "fiscal_year"), "数字は半角で書いてください（2024）"),
    Mistake("man-yen", _set("rounds", 0, "budget", "total", value="3,100万円"), ("rounds", 0, "budget", "total"), "金額は円の半角数字で書いてください（「3,100万円」なら 31000000。カンマ・「万」「円」は付けません）"),
    Mistake("approx-yen", _set("rounds", 0, "budget", "subsidy", value="約5億円"), ("rounds", 0, "budget", "subsidy"), "概数は {approx: 500000000} と書いてください"),
    Mistake("wrong-enum", _set("municipalities", 0, "role", value="代表者"), ("municipalities", 0, "role"), "「自治体」(municipalities)1 番目の「役割」(role) に「代表者」は使えません。「代表」のことでしょうか。"),
    Mistake("bad-email", _set("contact", value={"department": "都市計画課", "email": "toshi-at-city"}), ("contact", "email"), "「自治体窓口」(contact)「メール」(email) の書き方が正しくありません（書かれていたのは「toshi-at-city」）"),
    Mistake("empty-required-in-group", _add_source_without_title, ("sources", 3, "title"), "「出典」(sources)4 番目の中に必須の項目「資料名」(title) がありません"),
    Mistake("unknown-without-reason", _set("stage", value={"unknown": ""}), ("stage",), "「段階」(stage) の unknown には理由を文字で書いてください"),
    Mistake("bad-date", _set("outcomes", 0, "date", value="2024/11"), ("outcomes", 0, "date"), "「成果」(outcomes)1 番目の「時点」(date) の書き方が正しくありません（書かれていたのは「2024/11」）"),
    Mistake("bad-url", _set("sources", 0, "url", value="www.city.example.jp/report.pdf"), ("sources", 0, "url"), "「出典」(sources)1 番目の「URL」(url) の書き方が正しくありません"),
    Mistake("title-too-long", _set("title", value="あ" * 121), ("title",), "「事業名（表示名）」(title) が長すぎます（121 文字。120 文字以内にしてください）"),
    Mistake("lat-out-of-japan", _set("location", value={"lat": 10, "lon": 136.75}), ("location", "lat"), "「位置図」(location)「緯度」(lat) は 20 以上にしてください（書かれていたのは 10）"),
]


def mistaken(base: dict[str, Any], mistake: Mistake) -> dict[str, Any]:
    data = copy.deepcopy(base)
    mistake.change(data)
    return data
