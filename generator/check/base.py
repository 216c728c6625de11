"""What every rule shares: the context a case is checked against, where a problem points, and the registry.

A rule is registered by its decorator, the same way for every family:
- `@rule`: a check of one case file, `(doc, data, ctx) -> problems`, run in the order its module is imported
  by `generator/check/__init__.py`;
- `@catalogue_rule(path, …)`: a check across all files, `(docs) -> problems`, with the positions it reports at
  (kept when step 2 drops the documents' line maps).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from generator.read.errors import Problem
from generator.read.load import Document, JsonPath
from generator.data.refdata import Municipality, Prefecture, ProgrammeYear


@dataclass(frozen=True)
class Context:
    """What a case is checked against: the themes of each year, the prefectures, the cases folder."""

    years: dict[int, ProgrammeYear]
    prefectures: dict[str, Prefecture]  # by name
    cases_dir: Path
    today: dt.date
    municipalities: dict[str, Municipality] = field(default_factory=dict)  # the MIC list, by code


CaseCheck = Callable[[Document, dict[str, Any], Context], list[Problem]]
FilesCheck = Callable[[list[Document]], list[Problem]]


@dataclass(frozen=True)
class Rule:
    """A check of one case file; `family` is its module (money, dates, …)."""

    name: str
    family: str
    check: CaseCheck


@dataclass(frozen=True)
class CatalogueRule:
    """A rule that needs all files at once. `paths`: where its problems point (kept after step 2)."""

    name: str
    paths: frozenset[JsonPath]
    check: FilesCheck


RULES: list[Rule] = []
CATALOGUE_RULES: list[CatalogueRule] = []


def _family(fn: Callable[..., Any]) -> str:
    return fn.__module__.rsplit(".", 1)[-1]


def rule(fn: CaseCheck) -> CaseCheck:
    RULES.append(Rule(fn.__name__.lstrip("_"), _family(fn), fn))
    return fn


def catalogue_rule(*paths: JsonPath) -> Callable[[FilesCheck], FilesCheck]:
    def register(fn: FilesCheck) -> FilesCheck:
        CATALOGUE_RULES.append(CatalogueRule(fn.__name__.lstrip("_"), frozenset(paths), fn))
        return fn
    return register


def at(doc: Document, path: JsonPath, message: str, level: str = "error") -> Problem:
    line, col = doc.where(path)
    return Problem(doc.file, line, col, message, level)  # type: ignore[arg-type]


def dicts(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def show(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"

