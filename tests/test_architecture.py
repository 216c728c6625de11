"""ARCHITECTURE.md is kept true: every module of generator/ is named in its rooms table, and every registry
(the lists where a new behaviour is added by one entry) is named and exists where the document says."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
ROOMS = TEXT.split("## Rooms", 1)[1].split("\n## ", 1)[0]
MODULES = sorted(p.relative_to(ROOT / "generator").as_posix() for p in (ROOT / "generator").rglob("*.py") if "__pycache__" not in p.parts)

# (module, name): the registries. Adding a page type, an artifact, a dimension, a facet, a rule, a column, a review
# viewpoint or an issue-form field is one entry in one of these.
REGISTRIES = [
    ("generator.pages", "PAGES"), ("generator.pages", "ARTIFACTS"), ("generator.dimensions", "DIMENSIONS"),
    ("generator.search", "FACETS"), ("generator.check.base", "RULES"), ("generator.check.base", "CATALOGUE_RULES"),
    ("generator.opendata", "CASE_LAYOUT"), ("generator.opendata", "KPI_COLUMNS"), ("generator.opendata", "OUTCOME_COLUMNS"),
    ("generator.opendata", "ROUND_COLUMNS"), ("generator.review", "VIEWPOINTS"), ("generator.issue_form", "FIELDS"),
]


@pytest.mark.parametrize("module", MODULES)
def test_every_module_is_in_the_rooms_table(module: str) -> None:
    name = module.split("/")[-1]
    assert f"`{module}`" in ROOMS or f"`{name}`" in ROOMS, f"generator/{module} is in no room of ARCHITECTURE.md"


@pytest.mark.parametrize(("module", "name"), REGISTRIES)
def test_every_registry_exists_and_is_named(module: str, name: str) -> None:
    registry = getattr(importlib.import_module(module), name)
    assert len(registry) > 0, f"{module}.{name} is empty"
    assert f"`{name}`" in TEXT or f"{name}`" in TEXT, f"{module}.{name} is not named in ARCHITECTURE.md"


def test_every_file_the_rooms_table_names_exists() -> None:
    """The other direction: a module the table names is on disk (a renamed or removed module leaves no stale row)."""
    import re

    named = set(re.findall(r"`([a-z_]+\.py)`", ROOMS))
    on_disk = {m.split("/")[-1] for m in MODULES}
    assert named <= on_disk, sorted(named - on_disk)
