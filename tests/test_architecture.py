"""ARCHITECTURE.md is kept true: every module of generator/ is named in the row of its own folder in the rooms
table (and the row names nothing that is not there), the tests of a room sit in the folder of the same name under
tests/, and every registry (the lists where a new behaviour is added by one entry) is named and exists where the
document says."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

import re

ROOT = Path(__file__).resolve().parent.parent
TEXT = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
ROOMS = TEXT.split("## Rooms", 1)[1].split("\n## ", 1)[0]
MODULES = sorted(p.relative_to(ROOT / "generator").as_posix() for p in (ROOT / "generator").rglob("*.py") if "__pycache__" not in p.parts)

# (module, name): the registries. Adding a page type, an artifact, a dimension, a facet, a rule, a column, a review
# viewpoint or an issue-form field is one entry in one of these.
REGISTRIES = [
    ("generator.pages.registry", "PAGES"), ("generator.pages.registry", "ARTIFACTS"), ("generator.catalogue.dimensions", "DIMENSIONS"),
    ("generator.pages.search", "FACETS"), ("generator.check.base", "RULES"), ("generator.check.base", "CATALOGUE_RULES"),
    ("generator.pages.opendata", "CASE_LAYOUT"), ("generator.pages.opendata", "KPI_COLUMNS"), ("generator.pages.opendata", "OUTCOME_COLUMNS"),
    ("generator.pages.opendata", "ROUND_COLUMNS"), ("generator.catalogue.review", "VIEWPOINTS"), ("generator.github.issue_form", "FIELDS"),
]


def _row(folder: str) -> str:
    """The files cell of the rooms-table row of generator/<folder>/ ('' for the package's top level)."""
    label = "`generator/`" if folder == "" else f"`{folder}/`"
    for line in ROOMS.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0] == label:
            return cells[1]
    raise AssertionError(f"ARCHITECTURE.md has no rooms-table row for {label}")


def _room(module: str) -> str:
    return module.split("/")[0] if "/" in module else ""


# The tests that guard the whole house, not one room: this document and the everyday-change table.
WHOLE_HOUSE = {"test_architecture.py", "test_everyday_changes.py"}
ROOM_FOLDERS = sorted({_room(m) for m in MODULES if _room(m) not in ("", "schema")})


@pytest.mark.parametrize("module", MODULES)
def test_every_module_is_in_the_row_of_its_folder(module: str) -> None:
    name = module.split("/")[-1]
    if name == "__init__.py" and module != "__init__.py":
        return
    assert f"`{name}`" in _row(_room(module)), f"generator/{module} is not named in the row of its folder in ARCHITECTURE.md"


@pytest.mark.parametrize("folder", ["", *ROOM_FOLDERS])
def test_a_row_names_only_the_files_of_its_folder(folder: str) -> None:
    base = ROOT / "generator" / folder
    named = set(re.findall(r"`([a-z_]+\.py)`", _row(folder)))
    on_disk = {p.name for p in base.rglob("*.py") if "__pycache__" not in p.parts}
    assert named <= on_disk, f"the row of {folder or 'generator'}/ names files that are not there: {sorted(named - on_disk)}"


def test_the_tests_mirror_the_rooms() -> None:
    """Every test module sits in tests/<room>/ for a room of generator/ (but the two that guard the whole house)."""
    loose = sorted(p.name for p in (ROOT / "tests").glob("test_*.py") if p.name not in WHOLE_HOUSE)
    assert not loose, f"test modules outside a room folder: {loose}"
    folders = {p.parent.name for p in (ROOT / "tests").glob("*/test_*.py")}
    assert folders <= set(ROOM_FOLDERS), f"test folders with no room in generator/: {sorted(folders - set(ROOM_FOLDERS))}"
    for room in folders:
        assert f"`tests/{room}/`" in TEXT, f"tests/{room}/ is not in the steps table of ARCHITECTURE.md"


def test_the_steps_table_names_folders_that_exist() -> None:
    for folder in re.findall(r"`(generator/[a-z]+/|tests/[a-z]+/)`", TEXT):
        assert (ROOT / folder).is_dir(), f"ARCHITECTURE.md names {folder}, which does not exist"


@pytest.mark.parametrize(("module", "name"), REGISTRIES)
def test_every_registry_exists_and_is_named(module: str, name: str) -> None:
    registry = getattr(importlib.import_module(module), name)
    assert len(registry) > 0, f"{module}.{name} is empty"
    assert f"`{name}`" in TEXT or f"{name}`" in TEXT, f"{module}.{name} is not named in ARCHITECTURE.md"


@pytest.mark.parametrize(("pattern", "most"), [("*.py", 400), ("*.j2", 150)])
def test_every_module_and_template_reads_on_a_few_screens(pattern: str, most: int) -> None:
    """No module of generator/ over 400 lines, no template over 150: a room's files stay readable."""
    long = {p.relative_to(ROOT).as_posix(): n for p in (ROOT / "generator").rglob(pattern)
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > most}
    assert not long, f"over {most} lines: {long}"
