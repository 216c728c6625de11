"""Untrusted text in the bot's Markdown comments stays text: no mention, link, image, HTML or formatting.

`code()` quotes a value (a 事例ID, a field's value) as inline code; `plain()` escapes a sentence that may
quote contributor text (a validation message). Both neutralise @mentions with a zero-width joiner,
break autolinks, drop control characters and line breaks, and cap the length.
"""

from __future__ import annotations

import re

ZWJ = "\u200d"
# C0/C1 controls, line/paragraph separators, bidirectional overrides and isolates.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]+")
_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~!&])")
_AUTOLINK = re.compile(r"(?i)(://|www\.)")


def _flat(value: object, limit: int) -> str:
    text = _CONTROL.sub(" ", str(value)).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


def _defuse(text: str) -> str:
    """@mentions (and e-mail autolinks) and URL autolinks broken by a zero-width joiner."""
    text = text.replace("@", "@" + ZWJ)
    return _AUTOLINK.sub(lambda m: m.group(1)[0] + ZWJ + m.group(1)[1:], text)


def code(value: object, limit: int = 80) -> str:
    """`value` as inline code: backticks removed (they would close the span), one line, at most `limit` characters."""
    text = _defuse(_flat(str(value).replace("`", ""), limit))
    return f"`{text}`" if text else "`（空）`"


def plain(value: object, limit: int = 500) -> str:
    """A sentence as plain text: every Markdown/HTML character escaped, one line, at most `limit` characters."""
    return _defuse(_MARKDOWN.sub(r"\\\1", _flat(value, limit)))
