"""Lighthouse 12 (npm, pinned) with Debian chromium, offline, on the five page types, mobile and desktop.

Accessibility, best practices and SEO must be 100: they are not timings. The performance score is a timing and
varies with the machine's load, so it is not a test: `make bench` reports its median of 3 runs per page type and
form factor. Both run Lighthouse through benchmarks/lighthouse.py (all pages in one node process and one chromium).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from lighthouse import FORM_FACTORS, PAGES, LighthouseError, failing_audits, lighthouse, scores  # noqa: E402

pytestmark = pytest.mark.browser

CATEGORIES = ["accessibility", "best-practices", "seo"]
MINIMUM = {"accessibility": 100, "best-practices": 100, "seo": 100}
KNOWN_GAPS: dict[tuple[str, str, str], int] = {}  # none
RUNS = [(kind, form_factor) for kind in PAGES for form_factor in FORM_FACTORS]


@pytest.fixture(scope="module")
def reports(site_url: str, browser, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict]:
    # `browser` only makes the tests skip (or fail on CI) when chromium is missing, like the other browser tests.
    try:
        found = lighthouse([(site_url + PAGES[kind], ff) for kind, ff in RUNS], tmp_path_factory.mktemp("lighthouse"), CATEGORIES, parallel=2)
    except LighthouseError as exc:
        pytest.fail(str(exc))
    return dict(zip(RUNS, found))


@pytest.mark.parametrize("form_factor", FORM_FACTORS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_lighthouse_scores(kind: str, form_factor: str, site_url: str, reports: dict[tuple[str, str], dict]) -> None:
    url = site_url + PAGES[kind]
    report = reports[kind, form_factor]
    assert (report["requestedUrl"], report["configSettings"]["formFactor"]) == (url, form_factor)  # the report of this page
    got = scores(report)
    minimum = {c: KNOWN_GAPS.get((kind, form_factor, c), MINIMUM[c]) for c in CATEGORIES}
    print(f"lighthouse {kind} {form_factor}: {got}")
    low = {c: f"{got[c]} < {minimum[c]}: {failing_audits(report, c)}" for c in CATEGORIES if got[c] < minimum[c]}
    assert not low, f"{kind} ({form_factor}) {url}"
