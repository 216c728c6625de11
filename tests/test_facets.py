"""Facets are declared once (generator/search.py FACETS): case pages and the finder follow that list."""

from __future__ import annotations

import json
import re

import pytest

from conftest import SNAPSHOT
from generator import search
from generator.pages import render_catalogue
from generator.pipeline import Project, catalogue_from, context, validate
from generator.search import FACETS, Facet


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
    assert used == set(declared)  # no facet the finder never offers (the old 'region' span)


def test_a_new_facet_is_one_list_entry(catalogue, monkeypatch: pytest.MonkeyPatch) -> None:
    """Worked example from ARCHITECTURE.md: adding a facet touches FACETS only."""
    monkeypatch.setattr(search, "FACETS", FACETS + [Facet("region", "地方", lambda c: [p.region for p in c.prefectures])])
    files = render_catalogue(catalogue)
    assert "region" in [f["name"] for f in json.loads(files["data/facets.json"])["facets"]]
    case = catalogue.cases[0]
    assert f'<span data-pagefind-filter="region">{case.prefectures[0].region}</span>' in files[case.page]
