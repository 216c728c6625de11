"""Step 2: check each case against the schema and the programme's rules; explain every problem in Japanese.

One module per family of rules; each rule is registered by its decorator (`base.rule`, `base.catalogue_rule`).
A module is imported here once, which registers its rules; problems are sorted by position afterwards, so the
order of the families does not matter.
"""

from __future__ import annotations

from generator.check import (  # noqa: F401  (registers)
    dates,
    duplicates,
    images,
    kpis,
    members,
    money,
    places,
    programme,
    recommended,
    references,
    schema,
    sources,
    text,
)
from generator.check.base import CATALOGUE_RULES, RULES, Context, at
from generator.check.images import image_problem
from generator.read.errors import Problem
from generator.read.load import Document, JsonPath
from generator.read.migrate import is_old_format

__all__ = ["CATALOGUE_RULES", "KEEP_POSITIONS", "RULES", "Context", "check_catalogue", "check_document", "image_problem"]

KEEP_POSITIONS: frozenset[JsonPath] = frozenset({()}).union(*(r.paths for r in CATALOGUE_RULES))


def check_document(doc: Document, ctx: Context) -> list[Problem]:
    """Every problem of one case file: schema first, then the rules a schema cannot say."""
    if is_old_format(doc.data):
        return [at(doc, (), f"このファイルは古い形式（形式 1: fiscal_year・subsidy_type・themes が先頭にある形）です。"
                                   f"`catalogue migrate {doc.file}` を実行すると、年度ごとの情報を rounds にまとめた形式 2 に書き換えます")]
    problems = list(schema.schema_problems(doc))
    if isinstance(doc.data, dict):
        for rule in RULES:
            problems += rule.check(doc, doc.data, ctx)
    return problems


def check_catalogue(docs: list[Document]) -> list[Problem]:
    """Problems that only show across files: repeated ids and probable duplicate cases."""
    return [p for rule in CATALOGUE_RULES for p in rule.check(docs)]
