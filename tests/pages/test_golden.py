"""Golden files: each sample case beside the Markdown it must become. One test drives them all.

Refresh after an intended change with: UPDATE_GOLDEN=1 pytest tests/pages/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import ROOT, SAMPLES, SNAPSHOT
from generator.pipeline import Project, catalogue_from, context, validate
from generator.pages.registry import render_catalogue

GOLDEN = Path(__file__).parents[1] / "golden"


@pytest.fixture(scope="module")
def rendered() -> dict:
    project = Project(SNAPSHOT)
    ctx = context(project)
    result = validate(project, ctx=ctx)
    assert not result.errors, [p.format() for p in result.errors]
    return render_catalogue(catalogue_from(project, result, ctx))


@pytest.mark.parametrize("case_file", SAMPLES, ids=lambda p: p.stem)
def test_case_page_matches_golden(case_file: Path, rendered: dict) -> None:
    actual = rendered[f"cases/{case_file.stem}.md"]
    expected_file = GOLDEN / f"{case_file.stem}.md"
    if os.environ.get("UPDATE_GOLDEN"):
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.is_file(), f"no golden file for {case_file.name}: run UPDATE_GOLDEN=1 pytest"
    assert actual == expected_file.read_text(encoding="utf-8")


def test_every_golden_file_has_its_case() -> None:
    assert {p.stem for p in GOLDEN.glob("*.md")} == {p.stem for p in SAMPLES}
