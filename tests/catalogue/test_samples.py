"""The bundled sample cases cover what the foundation issue asks of them."""

from __future__ import annotations

from conftest import ROOT, SNAPSHOT, YEAR
from generator.data.refdata import STAGES
from generator.pipeline import Project, catalogue_from, context, validate


def _catalogue():
    project = Project(SNAPSHOT)
    ctx = context(project)
    result = validate(project, ctx=ctx)
    assert not result.errors
    return catalogue_from(project, result, ctx), ctx


def test_samples_are_marked_and_cover_the_programme() -> None:
    catalogue, ctx = _catalogue()
    cases = catalogue.cases
    assert len(cases) >= 8
    assert all(c.sample for c in cases)
    assert {t.id for c in cases for t in c.themes} == {t.id for t in ctx.years[YEAR].themes}
    assert {c.main.data["type"] for c in cases if isinstance(c.main.data["type"], str)} >= {"通常タイプ", "都市サービス実装タイプ"}
    assert {c.main.data["category"] for c in cases if isinstance(c.main.data["category"], str)} >= {"テーマ実現", "協同実装"}
    assert len({p.name for c in cases for p in c.prefectures}) >= 5
    assert {c.data["stage"] for c in cases if isinstance(c.data["stage"], str)} == set(STAGES)
    assert any(c.plateau for c in cases)
    assert any(k.latest for c in cases for k in c.kpis)


def test_samples_never_carry_a_real_municipality_code() -> None:
    catalogue, _ = _catalogue()
    assert all(m.get("code") is None for c in catalogue.cases for m in c.data["municipalities"])
