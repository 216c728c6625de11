"""The map page in real headless chromium: one marker per case with coordinates, even without tiles."""

from __future__ import annotations

import pytest
import yaml

from conftest import ROOT, SNAPSHOT

pytestmark = pytest.mark.browser


def _located() -> list[dict]:
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((SNAPSHOT / "cases").glob("*.yml"))]
    return [c for c in cases if c.get("location")]


def test_one_marker_per_case_with_coordinates(page, site_url: str) -> None:
    # The test machine has no internet: 地理院タイル cannot load, which is the case to prove.
    page.goto(f"{site_url}map/")
    page.wait_for_function("document.getElementById('cc-map').dataset.markers !== undefined")
    assert page.get_attribute("#cc-map", "data-markers") == str(len(_located()))
    markers = page.locator(".leaflet-marker-icon.cc-marker")
    assert markers.count() == len(_located())
    assert set(markers.evaluate_all("els => els.map(e => e.title)")) == {c["title"] for c in _located()}
    assert "地理院タイル" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.errors == []


def test_marker_popup_links_to_the_case(page, site_url: str) -> None:
    page.goto(f"{site_url}map/")
    page.wait_for_function("document.getElementById('cc-map').dataset.markers > 0")
    case = _located()[0]
    page.locator(f".cc-marker[title='{case['title']}']").focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a")
    assert link.inner_text() == case["title"]
    link.click()
    page.wait_for_url(f"**/cases/{case['id']}/")


def test_list_beside_the_map_names_every_located_case(page, site_url: str) -> None:
    page.goto(f"{site_url}map/")
    items = page.locator("article li a").all_inner_texts()
    assert {c["title"] for c in _located()} <= set(items)
