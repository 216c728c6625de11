"""Contributor text: placeholders left from the skeleton, example addresses, control characters, link schemes."""

from __future__ import annotations

import re
from typing import Any

from generator.data.caseschema import label, subschema
from generator.check.base import Context, at, rule, show
from generator.read.errors import Problem
from generator.data.words import say
from generator.read.load import Document
from generator.read.text import (
    CONTROL,
    EXAMPLE_DOMAINS,
    PLACEHOLDER,
    PLACEHOLDER_VALUES,
    strings,
)

LINK_IN_TEXT = re.compile(r"\]\(\s*<?([^)\s>]+)")
# A reference definition: [r]: target — Markdown turns [text][r] elsewhere in the same text into a link to it.
LINK_REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:[ \t]*<?([^\s>]+)", re.M)

SAFE_SCHEMES = ("http://", "https://", "mailto:")


def unsafe_target(target: str) -> bool:
    """A link target the site must not link to: another scheme (javascript:, data:, file:) or scheme-relative
    (//host/…, which a browser opens on another site as if it were a page of ours)."""
    if target.startswith(("//", "\\\\", "/\\", "\\/")):
        return True
    return ":" in target.split("/")[0] and not target.lower().startswith(SAFE_SCHEMES)


@rule
def _check_text(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:
    problems = []
    real = data.get("sample") is not True
    for path, text in strings(data):
        if PLACEHOLDER in text:
            node = subschema(path) or {}
            if "pattern" not in node or re.search(node["pattern"], text):  # a value breaking a pattern: the schema says it
                tail = "内容を書くか、公開資料になければ {unknown: 公開資料に記載なし} と書いてください" if "anyOf" in node else "内容を書いてください"
                problems.append(at(doc, path, say("pattern_placeholder", name=label(path), placeholder=PLACEHOLDER, description=tail)))
        elif real and text.strip().casefold().strip("（）()") in PLACEHOLDER_VALUES:
            problems.append(at(doc, path, f"{label(path)} が「{text.strip()}」です。決まっていないこと・分からないことは {{unknown: 公開資料に記載なし}} のように、理由を添えて書いてください"))
        elif real and _example_address(text):
            problems.append(at(doc, path, f"{label(path)} の「{show(text)}」は例示用のアドレスです。実際のアドレスを書くか、この項目を削除してください"))
        if CONTROL.search(text):
            problems.append(at(doc, path, f"{label(path)} に目に見えない制御文字が含まれています。文字を打ち直してください"))
        for target in LINK_IN_TEXT.findall(text) + LINK_REFERENCE.findall(text):
            if unsafe_target(target):
                problems.append(at(doc, path, f"{label(path)} のリンク先「{show(target)}」は使えません。https:// などで始まる URL か mailto: にしてください"))
    return problems


def _example_address(text: str) -> bool:
    host = re.search(r"(?:@|//)([A-Za-z0-9.-]+)", text)
    return bool(host) and host.group(1).lower().endswith(EXAMPLE_DOMAINS)  # type: ignore[union-attr]

