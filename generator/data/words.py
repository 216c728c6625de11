"""The words of validation messages, read from one data file (data/words.json) that the submit form reads too.

    say("yaml_tag", tag="!foo")  # the message "yaml_tag" of words.json, with {tag} filled in

Only ``{name}`` (lower-case letters and _) is filled in, in one pass: other braces (``{unknown: …}``) are text,
and a value that itself holds ``{name}`` is never filled again. docs/assets/submit/explain.js does the same.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

WORDS_PATH = Path(__file__).parent / "words.json"
WORDS: dict[str, Any] = json.loads(WORDS_PATH.read_text(encoding="utf-8"))
MESSAGES: dict[str, str] = WORDS["messages"]
TYPE_NAMES: dict[str, str] = WORDS["type_names"]
UNKNOWN_VALUE: str = WORDS["unknown_value"]  # 不明: a value published material does not give, in facets, tables and cells
ATTAINMENT: dict[str, str] = WORDS["attainment"]  # met / unmet / waiting / none → 達成 / 未達 / 実績待ち / 数値目標なし
MET, UNMET, WAITING, NO_TARGET = (ATTAINMENT[k] for k in ("met", "unmet", "waiting", "none"))
_FIELD = re.compile(r"\{([a-z_]+)\}")


def say(message: str, /, **values: object) -> str:
    template = MESSAGES[message]
    return _FIELD.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), template)
