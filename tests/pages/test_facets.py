"""Facets are declared once (generator/pages/search.py FACETS): case pages and the finder follow that list."""

from __future__ import annotations

import json
import re

import pytest

from conftest import SNAPSHOT
from generator.pages import search
from generator.pages.registry import render_catalogue
from generator.pipeline import Project, catalogue_from, context, validate
from generator.pages.search import FACETS, Facet


@pytest.fixture(scope="module")
def catalogue():
    project = Project(SNAPSHOT)
    ctx = context(project)
    return catalogue_from(project, validate(project, ctx=ctx), ctx)


def _spans(page: str) -> set[str]:
    return set(re.findall(r'data-pagefind-filter="([a-z]+)"', page)) - {"kind"}


def test_pages_and_finder_offer_the_same_facets(catalogue) -> None:
    files = render_catalogue(catalogue)
    declared = [f["name"] for f in json.loads(files["data/facets.json"])["facets"]]
    assert declared == [f.name for f in FACETS]
    used = set().union(*(_spans(files[c.page]) for c in catalogue.cases))
    assert used == set(declared) | {"record"}  # no facet the finder never offers (the old 'region' span); record: the samples switch


def test_a_new_facet_is_one_list_entry(catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    """Worked example from ARCHITECTURE.md: adding a facet touches FACETS only."""
    monkeypatch.setattr(search, "FACETS", FACETS + [Facet("region", "地方", lambda c: [p.region for p in c.prefectures])])
    files = render_catalogue(catalogue)
    assert "region" in [f["name"] for f in json.loads(files["data/facets.json"])["facets"]]
    case = catalogue.cases[0]
    assert f'<span data-pagefind-filter="region">{case.prefectures[0].region}</span>' in files[case.page]


def _independent_facets(data: dict) -> dict[str, set[str]]:
    """Facet values recomputed from the YAML: unknown → 不明, never a negative."""
    def unknown(v) -> bool:
        return isinstance(v, dict) and set(v) == {"unknown"}

    main = max(data["rounds"], key=lambda r: r["fiscal_year"]) if "fiscal_year" not in data else next(r for r in data["rounds"] if r["fiscal_year"] == data["fiscal_year"])
    used = (data.get("design") or {}).get("plateau", {}).get("used")
    out = {"stage": {"不明" if unknown(data.get("stage")) or "stage" not in data else data["stage"]},
           "plateau": {"不明" if used is None or unknown(used) else "活用あり" if used else "活用なし"},
           "year": {str(r["fiscal_year"]) for r in data["rounds"]}}
    if "type" in main:
        out["subsidy"] = {"不明" if unknown(main["type"]) else main["type"]}
    return out


def test_facet_values_count_unknowns_as_unknown(catalogue) -> None:
    import yaml

    files = render_catalogue(catalogue)
    for case in catalogue.cases:
        data = yaml.safe_load((SNAPSHOT / case.source).read_text(encoding="utf-8"))
        spans: dict[str, set[str]] = {}
        for name, value in re.findall(r'data-pagefind-filter="([a-z]+)">([^<]*)</span>', files[case.page]):
            spans.setdefault(name, set()).add(value)
        for name, values in _independent_facets(data).items():
            assert spans.get(name) == values, (case.id, name)
    assert any("不明" in spans for spans in [{v for n, v in re.findall(r'data-pagefind-filter="(plateau)">([^<]*)<', files[c.page])} for c in catalogue.cases])
