"""Schema errors explained in Japanese: what was expected, what was found, and a hint (money, 和暦, full-width digits)."""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Any, Iterable

import jsonschema_rs
from jsonschema import Draft202012Validator, ValidationError

from generator.data.caseschema import case_schema, example, label, subschema
from generator.check.base import at, show
from generator.read.errors import Problem
from generator.read.load import Document, JsonPath
from generator.read.text import CHOOSE, PLACEHOLDER
from generator.data.words import TYPE_NAMES, say

_VALIDATOR = Draft202012Validator(case_schema())  # complete, explainable errors


_FAST = jsonschema_rs.validator_for(case_schema())  # Rust: answers "valid?" ~50x faster; most files are valid




def schema_problems(doc: Document) -> Iterable[Problem]:
    if _FAST.is_valid(doc.data):
        return
    seen: set[tuple[JsonPath, str]] = set()
    for error in _VALIDATOR.iter_errors(doc.data):
        for path, message in _explain(error):
            if (path, message) not in seen:
                seen.add((path, message))
                yield at(doc, path, message)


def _explain(error: ValidationError) -> list[tuple[JsonPath, str]]:
    path: JsonPath = tuple(error.absolute_path)
    name = label(path)
    kind = error.validator
    if isinstance(error.instance, str) and CHOOSE in error.instance:  # one message, whatever rule the placeholder breaks
        if path[:1] == ("rounds",) and path[2:3] == ("themes",):
            return []  # the programme rule says it with the year's themes (check/programme.py)
        return [(path, say("choose_left", name=name, choose=CHOOSE, choices=_choices(path)))]
    if kind == "required":
        instance = error.instance if isinstance(error.instance, dict) else {}
        return [(path, _missing(path, key)) for key in error.validator_value if key not in instance]
    if kind == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        return [(path + (key,), _unknown_key(path, key, allowed)) for key in error.instance if key not in allowed]
    if kind == "anyOf":
        return _explain_any_of(error, path, name)
    if kind == "type":
        expected = TYPE_NAMES.get(error.validator_value, error.validator_value)
        return [(path, say("type", name=name, expected=expected, found=show(error.instance), hint=_hint(error.instance, error.validator_value)).rstrip("。") + "。")]
    if kind == "enum":
        options = "、".join(map(str, error.validator_value))
        near = difflib.get_close_matches(str(error.instance), list(map(str, error.validator_value)), n=1, cutoff=0.3)
        hint = say("enum_near", near=near[0]) if near else ""
        return [(path, say("enum", name=name, found=show(error.instance), near=hint, options=options))]
    if kind == "pattern" and PLACEHOLDER in str(error.instance):
        return [(path, say("pattern_placeholder", name=name, placeholder=PLACEHOLDER, description=_describe(path)))]
    if kind == "pattern":
        return [(path, say("pattern", name=name, found=show(error.instance), description=_describe(path)))]
    if kind == "minLength":
        return [(path, say("min_length", name=name, description=_describe(path)))]
    if kind == "maxLength":
        return [(path, say("max_length", name=name, length=len(error.instance), limit=error.validator_value))]
    if kind in ("minimum", "maximum"):
        return [(path, say(kind, name=name, limit=error.validator_value, found=error.instance, description=_describe(path)))]
    if kind == "minItems":
        return [(path, say("min_items", name=name, limit=error.validator_value))]
    if kind == "uniqueItems":
        return [(path, say("unique_items", name=name))]
    return [(path, say("other", name=name, detail=error.message))]


def _explain_any_of(error: ValidationError, path: JsonPath, name: str) -> list[tuple[JsonPath, str]]:
    """A value that may be several things (an amount, a value or {unknown: …}): explain against the branch meant."""
    instance = error.instance
    node = subschema(path) or {}
    if "#/$defs/quantity" in (node.get("$ref"), error.schema.get("$ref")) or error.schema is case_schema()["$defs"].get("quantity"):
        return [(path, say("amount", name=name, found=show(instance), hint=say("quantity_hint")))]
    if node.get("$ref") == "#/$defs/amount" or error.schema.get("$ref") == "#/$defs/amount" or _is_amount(error):
        return [(path, say("amount", name=name, found=show(instance), hint=_money_hint(instance)))]
    if isinstance(instance, dict) and "unknown" in instance:
        extra = [k for k in instance if k != "unknown"]
        if extra:
            return [(path, say("unknown_extra", name=name, extra=", ".join(map(str, extra))))]
        return [(path, say("unknown_reason", name=name))]
    branch = [e for e in error.context or [] if e.relative_schema_path and e.relative_schema_path[0] == 0]
    found = [item for e in branch for item in _explain(e)]
    unknown_hint = say("unknown_hint")
    return [(p, f"{m.rstrip('。')}。{unknown_hint}") for p, m in found] or [(path, say("any_of", name=name, hint=unknown_hint))]


def _is_amount(error: ValidationError) -> bool:
    return any(e.validator == "minimum" or "approx" in str(e.schema) for e in error.context or [])


ZENKAKU = re.compile(r"[０-９，．]")


MONEY = re.compile(r"^(約)?\s*([0-9,]+(?:\.[0-9]+)?)\s*(億|万|千)?\s*円?$")


UNITS = {"億": 100_000_000, "万": 10_000, "千": 1_000, None: 1}


def _money_hint(value: Any) -> str:
    """What to write instead of 「3,100万円」, 「約5億円」 or ３１００００００ (半角・円の整数)."""
    text = unicodedata.normalize("NFKC", str(value)).replace("，", ",")
    m = MONEY.match(text.strip())
    zenkaku = say("money_zenkaku") if ZENKAKU.search(str(value)) else ""
    if not m:
        return say("money_unparsed", zenkaku=zenkaku)
    yen = round(float(m.group(2).replace(",", "")) * UNITS[m.group(3)])
    return say("money_approx" if m.group(1) else "money_exact", zenkaku=zenkaku, value=value, yen=yen)


WAREKI_YEAR = re.compile(r"^(令和|平成|R|H)\s*([0-9]+|元)\s*年?度?$")


def _hint(value: Any, expected: Any) -> str:
    """A concrete correction for a common mistake: 令和6年度 → 2024, ２０２４ → 2024, 3,100万円 → 31000000."""
    if expected != "integer" or not isinstance(value, str):
        return ""
    text = unicodedata.normalize("NFKC", value).strip()
    m = WAREKI_YEAR.match(text)
    if m:
        n = 1 if m.group(2) == "元" else int(m.group(2))
        year = n + (2018 if m.group(1) in ("令和", "R") else 1988)
        return say("wareki", value=value, year=year)
    if text.isdigit():
        return say("halfwidth_digits", text=text) if text != value else say("unquote_digits")
    if "円" in text or "万" in text or "億" in text:
        return _money_hint(value)
    return ""


def _inside(path: JsonPath) -> str:
    """「「事業実施体制」(consortium) の中に」; after an item, 「1 番目の中に」."""
    if not path:
        return ""
    name = label(path)
    return say("inside_item" if name.endswith("番目") else "inside", name=name)


def _missing(path: JsonPath, key: str) -> str:
    node = subschema(path + (key,)) or {}
    sample = example(node)
    tail = say("missing_example", key=key, example=sample) if sample else (node.get("description", "") or "")
    return say("missing", where=_inside(path), title=node.get("title", key), key=key, tail=tail).rstrip("。") + "。"


def _unknown_key(path: JsonPath, key: str, allowed: list[str]) -> str:
    titles = {(subschema(path + (k,)) or {}).get("title", k): k for k in allowed}
    near = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6) or [titles[t] for t in difflib.get_close_matches(key, list(titles), n=1, cutoff=0.5)]
    where = _inside(path)
    if near:
        return say("unknown_key_near", where=where, key=key, near=near[0], title=titles_of(path, near[0]))
    return say("unknown_key", where=where, key=key, allowed=", ".join(allowed))


def titles_of(path: JsonPath, key: str) -> str:
    return (subschema(path + (key,)) or {}).get("title", key)


def _describe(path: JsonPath) -> str:
    node = subschema(path) or {}
    return str(node.get("description", ""))


def _choices(path: JsonPath) -> str:
    """What a closed field may say: its words from the schema (through anyOf), else its description."""
    node = subschema(path) or {}
    words = [w for branch in [node, *node.get("anyOf", [])] for w in branch.get("enum", [])]
    return say("choices", words="、".join(map(str, words))) if words else _describe(path)

