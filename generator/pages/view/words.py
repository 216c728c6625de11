"""How a case page says a value: unknown, absent, an amount, a badge, a reference to a source, an image.

Everything here returns raw values (str, int, Unknown, small dataclasses): the template's `plain` finalize
and filters (generator/pages/render.py) escape them. Nothing here builds HTML or Markdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.read.values import Unknown, amount_kind, amount_words, is_unknown, source_ids, unknown_reason, unknown_words, yen_words
from generator.data.words import MET, UNMET, WAITING

DASH = "—"  # a value that is not given, where not giving it says nothing (never a negative)

Said = Any  # a raw value the page prints as it is, or an Unknown (printed with `| shown`)


def told(value: Any) -> Any:
    """The value as written, an explicit unknown as Unknown; absence (None) stays None."""
    return Unknown(unknown_reason(value)) if is_unknown(value) else value


def said(value: Any, absent: str = DASH) -> Said:
    """What the page shows: the value, Unknown(reason) when unknown, `absent` when not given."""
    if is_unknown(value):
        return Unknown(unknown_reason(value))
    if value is None or value == "" or value == []:
        return absent
    return value


AS_PUBLISHED = "公表資料のとおり。この年度の登録にないもの"  # a type or theme the year's programme file does not list


def unlisted_type(published: dict[str, Any] | None, short: bool = False) -> str | None:
    """What the page says after a subsidy type the year's file does not list: its cap and that it is as published
    (short, for a table cell: 上限 5,000万円。公表どおり)."""
    if not published:
        return None
    cap = f"上限 {yen_words(published['cap'])}。" if published.get("cap") is not None else ""
    return cap + ("公表どおり" if short else AS_PUBLISHED)


def or_dash(value: Any) -> Any:
    """An optional short text in a table cell: a dash when it is empty."""
    return value or DASH


@dataclass(frozen=True)
class Amount:
    """An amount as published: exact (3,100万円), approx (約5億円), range (1億円〜2億円) or unknown."""

    kind: str | None  # exact | approx | range | unknown | None (not given)
    words: Said  # the text shown, or Unknown (printed as 公開資料に記載なし（理由）)


def amount(value: Any) -> Amount:
    if is_unknown(value):
        return Amount("unknown", Unknown(unknown_reason(value)))
    return Amount(amount_kind(value), amount_words(value))


def amount_text(value: Any) -> str:
    """An amount in a sentence (no markup): its words, or the unknown said with its reason."""
    return unknown_words(value) if is_unknown(value) else amount_words(value)


ATTAINMENT = {MET: ("met", "✓"), UNMET: ("unmet", "✗"), WAITING: ("waiting", "…")}


@dataclass(frozen=True)
class Badge:
    """A KPI's attainment in words with a symbol (never colour alone)."""

    kind: str  # CSS modifier: met | unmet | waiting | none
    symbol: str
    word: str  # 達成 / 未達 / 実績待ち / 数値目標なし


def badge(attainment: str) -> Badge:
    kind, symbol = ATTAINMENT.get(attainment, ("none", "–"))
    return Badge(kind, symbol, attainment)


@dataclass(frozen=True)
class Ref:
    """A footnote to one of the case's sources: [number](#src-id)."""

    number: int
    id: str


def refs(source: Any, numbers: dict[str, int]) -> list[Ref]:
    return [Ref(numbers[sid], sid) for sid in source_ids(source)]


@dataclass(frozen=True)
class Image:
    """An image of the case's folder, addressed from the case page, with its credit."""

    src: str
    alt: Any
    credit: Any
    license: Any


def image(case_id: str, value: dict[str, Any] | None) -> Image | None:
    if not value:
        return None
    return Image(f"{case_id}/{value['src']}", value["alt"], value["credit"], value["license"])
