"""Values as published: a fact, an explicit unknown ({unknown: 理由}), and amounts that are exact, approximate
or a range. Shared by validation, the model, the pages and the statistics so that all read them alike."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.data.refdata import UNKNOWN_TEXT, fiscal_label
from generator.read.text import CONTROL


@dataclass(frozen=True)
class Unknown:
    """An explicit unknown as a page view holds it ({unknown: 理由} in a case file): read alike by is_unknown."""

    reason: str = ""

    @property
    def words(self) -> str:
        return unknown_words(self)


def is_unknown(value: Any) -> bool:
    return isinstance(value, Unknown) or (isinstance(value, dict) and set(value) == {"unknown"})


def unknown_reason(value: Any) -> str:
    if isinstance(value, Unknown):
        return value.reason
    return str(value["unknown"]) if is_unknown(value) else ""


def unknown_words(value: Any) -> str:
    """How an unknown is said: 公開資料に記載なし, with the reason when it says more (公開資料に記載なし（未公表）)."""
    reason = " ".join(CONTROL.sub("", unknown_reason(value)).split())
    if reason.startswith(UNKNOWN_TEXT):  # the reason already says the words: 公開資料に記載なし（報道は…）, said once
        return reason
    return UNKNOWN_TEXT if reason == "" else f"{UNKNOWN_TEXT}（{reason}）"


OTHER = "その他"  # how statistics and facets count a value of an open list written as its own text ({other: 記述})


def is_other(value: Any) -> bool:
    """A value of an open word list written as published ({other: 商工会議所}): shown as written, counted as その他."""
    return isinstance(value, dict) and set(value) == {"other"} and isinstance(value["other"], str)


def as_written(value: Any) -> Any:
    """The words a page and the open data show: the text of {other: …}, else the value itself."""
    return value["other"] if is_other(value) else value


def counted_as(value: Any) -> Any:
    """The value a statistic counts: その他 for {other: …}, else the value itself."""
    return OTHER if is_other(value) else value


def known(value: Any) -> Any:
    """The value, or None when it is absent or explicitly unknown."""
    return None if value is None or is_unknown(value) else value


def amount_kind(value: Any) -> str | None:
    """exact / approx / range / unknown, or None when no amount is given."""
    return _shape(value, int, "unknown", "unknown")


def _shape(value: Any, numbers: type | tuple[type, ...], key: str, kind: str) -> str | None:
    """The shape amounts and quantities share: a number (exact), {approx}, {min, max}; and one form of their own."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, numbers):
        return "exact"
    if isinstance(value, dict):
        if "approx" in value:
            return "approx"
        if "min" in value and "max" in value:
            return "range"
        if key in value:
            return kind
    return None


def exact(value: Any) -> int | None:
    """The amount in 円 when it is exact; None for approximate, range, unknown or absent amounts."""
    return value if amount_kind(value) == "exact" else None


def amounts_in(value: Any) -> list[int]:
    """Every yen figure inside an amount (exact, approx, min, max)."""
    kind = amount_kind(value)
    if kind == "exact":
        return [value]
    if kind == "approx":
        return [value["approx"]]
    if kind == "range":
        return [value["min"], value["max"]]
    return []


def yen_words(value: int) -> str:
    """31000000 → 3,100万円; 500000000 → 5億円; 123456 → 123,456円 (a reader's form; the exact 円 is kept in tables)."""
    if value >= 100_000_000 and value % 1_000_000 == 0:
        oku, man = divmod(value // 10_000, 10_000)
        return f"{oku:,}億{man:,}万円" if man else f"{oku:,}億円"
    if value % 10_000 == 0:
        return f"{value // 10_000:,}万円"
    return f"{value:,}円"


def amount_words(value: Any) -> str:
    kind = amount_kind(value)
    if kind == "exact":
        return yen_words(value)
    if kind == "approx":
        return f"約{yen_words(value['approx'])}"
    if kind == "range":
        return f"{yen_words(value['min'])}〜{yen_words(value['max'])}"
    if kind == "unknown":
        return UNKNOWN_TEXT
    return "—"


# Quantities as published (outcomes and facts): a number, 約, a range, or a number with its qualifiers
# (最大1秒程度: {value: 1, qualifier: [最大, 程度]}). The words before the number, and those after its unit.
QUALIFIERS_BEFORE = ("約", "最大", "最小")
QUALIFIERS_AFTER = ("程度", "以上", "以下", "未満", "超")
QUANTITY_KINDS = {"exact": "正確", "approx": "約", "range": "幅", "qualified": "限定つき"}


def quantity_kind(value: Any) -> str | None:
    """exact / approx / range / qualified, or None when no number is given."""
    return _shape(value, (int, float), "value", "qualified")


def qualifiers(value: Any) -> list[str]:
    """The qualifier words as published, in the order written (約 for {approx: …})."""
    kind = quantity_kind(value)
    if kind == "approx":
        return ["約"]
    if kind != "qualified":
        return []
    words = value.get("qualifier")
    return [words] if isinstance(words, str) else [w for w in words or [] if isinstance(w, str)]


def quantity_figure(value: Any) -> float | int | None:
    """The number a table can hold: the exact value, the 約 figure, a range's lower end, or the qualified number."""
    kind = quantity_kind(value)
    if kind == "exact":
        return value
    if kind == "approx":
        return value["approx"]
    if kind == "range":
        return value["min"]
    return value["value"] if kind == "qualified" else None


def number_words(value: float | int) -> str:
    """1475 → 1,475; 2.30 → 2.3."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip(".")


def quantity_words(value: Any, unit: str = "", space: str = "") -> str:
    """A quantity as published, with its unit: 1,475 台 / 約2.3 km / 10〜20 台 / 最大1秒程度 / 21,000人以上; 「—」 when none."""
    kind = quantity_kind(value)
    if kind is None:
        return "—"
    tail = f"{space}{unit}" if unit else ""
    if kind == "range":
        return f"{number_words(value['min'])}〜{number_words(value['max'])}{tail}"
    words = qualifiers(value)
    before = "".join(w for w in words if w in QUALIFIERS_BEFORE)
    after = "".join(w for w in words if w not in QUALIFIERS_BEFORE)
    return f"{before}{number_words(quantity_figure(value))}{tail}{after}"  # type: ignore[arg-type]


def source_ids(ref: Any) -> list[str]:
    if isinstance(ref, str):
        return [ref]
    if isinstance(ref, list):
        return [r for r in ref if isinstance(r, str)]
    return []


RANGE = re.compile("[〜～]")  # 7月6日〜12日: both the wave dash and the fullwidth tilde
NO_YEAR = re.compile(r"^([0-9]{1,2})月(?:([0-9]{1,2})日)?$")


def date_key(date: Any) -> tuple[int, int, int]:
    """Sort key of a flexible date: 2024-09-30, 2024-09, 2024, FY2024 (from April), 9月 or 11月18日 (no year:
    first); a range (7月6日〜12日, 2024-07-06〜2024-07-12) sorts by its start."""
    text = RANGE.split(str(date or ""))[0]
    if text.startswith("FY"):
        return (int(text[2:]), 4, 0)
    if m := NO_YEAR.match(text):
        return (0, int(m[1]), int(m[2] or 0))
    parts = [int(p) for p in text.split("-") if p.isdigit()]
    return tuple((parts + [0, 0, 0])[:3])  # type: ignore[return-value]


def date_words(date: Any) -> str:
    """How a date is shown, with its precision: 2024年9月30日 / 2024年9月 / 2024年 / 令和6年度（2024年度） / 9月（年の記載なし）
    / 11月18日（年の記載なし）; a range as its two ends (7月6日〜12日, 2024年7月6日〜2024年7月12日)."""
    text = str(date or "")
    if not text:
        return UNKNOWN_TEXT
    if RANGE.search(text):
        start, end = RANGE.split(text, 1)
        if NO_YEAR.match(start):
            return f"{start}〜{end}（年は公開資料に記載なし）"
        return f"{date_words(start)}〜{date_words(end) if re.match(r'[0-9]{4}|FY', end) else end}"
    if text.startswith("FY"):
        return fiscal_label(int(text[2:]))
    if NO_YEAR.match(text):
        return f"{text}（年は公開資料に記載なし）"
    parts = [int(p) for p in text.split("-")]
    rest = "".join(f"{n}{unit}" for n, unit in zip(parts[1:], ("月", "日")))
    return f"{era_year(*parts)}{rest}"


def era_year(year: int, month: int = 12, day: int = 31) -> str:
    """令和6年（2024年）: the era with the Western year, the one style used for dates on the site."""
    if (year, month, day) >= (2019, 5, 1):
        era = "令和元年" if year == 2019 else f"令和{year - 2018}年"
    else:
        era = "平成元年" if year == 1989 else f"平成{year - 1988}年"
    return f"{era}（{year}年）"


def outcome_groups(outcomes: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Outcomes grouped by what they measure, in first-seen order: figures from several sources side by side."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for o in outcomes:
        groups.setdefault(o["what"], []).append(o)
    return list(groups.items())


PROVENANCE_ORDER = ("自治体が確認", "カタログが作成（自治体の確認前）", "自治体が作成", "コンソーシアムが作成")


def provenance_kind(data: dict[str, Any]) -> str | None:
    """Who wrote a case and on what basis, as one of PROVENANCE_ORDER; None when the file does not say (samples)."""
    written = data.get("provenance") or None
    if not isinstance(written, dict):
        return None
    by = written.get("entered_by")
    if written.get("confirmed"):
        return "自治体が確認"
    return {"カタログ（公開資料から）": "カタログが作成（自治体の確認前）", "自治体": "自治体が作成", "コンソーシアム": "コンソーシアムが作成"}.get(by)


def provenance_words(data: dict[str, Any]) -> str | None:
    """The sentence a case page says beside its correction route: 「公開資料をもとにカタログが作成（2026-12-02、自治体の確認前）」."""
    written = data.get("provenance") or None
    if not isinstance(written, dict):
        return None
    entered = f"{written['entered']}、" if written.get("entered") else ""
    if written.get("entered_by") == "カタログ（公開資料から）":
        if written.get("confirmed"):
            return f"公開資料をもとにカタログが作成し（{entered.rstrip('、') or '作成日は記載なし'}）、自治体が確認（{written['confirmed']}）"
        return f"公開資料をもとにカタログが作成（{entered}自治体の確認前）。誤りや足りない点は、下の方法で直せます"
    who = written.get("entered_by", "")
    confirmed = f"、自治体が確認（{written['confirmed']}）" if written.get("confirmed") and who != "自治体" else ""
    return f"{who}が作成" + (f"（{entered.rstrip('、')}）" if entered else "") + confirmed
