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
    page.wait_for_function("() => document.getElementById('cc-map').dataset.markers !== undefined")
    assert page.get_attribute("#cc-map", "data-markers") == str(len(_located()))
    markers = page.locator(".leaflet-marker-icon.cc-marker")
    assert markers.count() == len(_located())
    assert set(markers.evaluate_all("els => els.map(e => e.title)")) == {c["title"] for c in _located()}
    assert "地理院タイル" in page.locator(".leaflet-control-attribution").inner_text()
    assert page.errors == []


def test_marker_popup_links_to_the_case(page, site_url: str) -> None:
    page.goto(f"{site_url}map/")
    page.wait_for_function("() => document.getElementById('cc-map').dataset.markers > 0")
    case = _located()[0]
    page.locator(f".cc-marker[title='{case['title']}']").focus()
    page.keyboard.press("Enter")
    link = page.locator(".leaflet-popup-content a")
    assert link.inner_text() == case["title"]
    with page.expect_navigation(url=f"**/cases/{case['id']}/"):
        link.press("Enter")  # the keyboard again: the popup pans the map as it opens, a click may land beside it


def test_list_beside_the_map_names_every_located_case(page, site_url: str) -> None:
    page.goto(f"{site_url}map/")
    items = page.locator("article li a").all_inner_texts()
    assert {c["title"] for c in _located()} <= set(items)


def test_map_shows_legend_popup_details_and_the_finders_filters(page, site_url: str) -> None:
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((SNAPSHOT / "cases").glob("*.yml"))]
    located = [c for c in cases if c.get("location")]
    page.goto(site_url + "map/")
    page.wait_for_function("() => document.getElementById('cc-map').dataset.markers !== undefined")
    assert page.locator("#cc-map-legend li").count() >= 2  # one numbered colour per main theme
    page.locator(".cc-marker").first.focus()  # the keyboard's way: a click at its centre may land on a neighbour
    page.keyboard.press("Enter")
    popup = page.locator(".leaflet-popup-content").inner_text()
    assert "年度" in popup and "段階" in popup
    # tiles fail offline here: the reader is told, in words
    page.wait_for_selector("#cc-map-note:not([hidden])")
    assert "読み込めませんでした" in page.locator("#cc-map-note").inner_text()
    # the finder's URL state applies: ?year=2020 shows only the cases funded in 2020
    page.goto(site_url + "map/?year=2020")
    page.wait_for_function("() => document.getElementById('cc-map').dataset.markers !== undefined")
    expected = [c for c in located if any(r["fiscal_year"] == 2020 for r in c["rounds"])]
    assert page.locator("#cc-map").get_attribute("data-markers") == str(len(expected)) and expected
    assert "すべて表示" in page.locator("#cc-map-filters").inner_text()


def test_finder_links_to_the_map_with_its_filters(page, site_url: str) -> None:
    page.goto(site_url + "finder/?year=2020")
    page.wait_for_selector("body[data-finder-ready=true]")
    assert page.locator("#cc-to-map").get_attribute("href").endswith("map/?year=2020")


def test_a_case_page_links_to_its_place_on_the_map(page, site_url: str) -> None:
    page.goto(site_url + "cases/sample-hoshizora-seika/")
    page.click(".cc-glance a:text('地図')")
    page.wait_for_url("**/map/?case=sample-hoshizora-seika")
    page.wait_for_function("() => document.getElementById('cc-map').dataset.markers !== undefined")
    assert page.locator("#cc-map").get_attribute("data-markers") == "1"
    assert "ほしぞら市" in page.locator(".leaflet-popup-content").inner_text()


def test_the_map_says_it_does_not_use_the_keyword(page, site_url: str) -> None:
    page.goto(site_url + "finder/?q=" + "見守り")
    page.wait_for_selector("body[data-finder-ready=true]")
    assert "地図ではキーワードを使いません" in page.inner_text("#cc-to-map")
    page.goto(site_url + "map/?q=見守り")
    page.wait_for_function("() => document.getElementById('cc-map').dataset.markers !== undefined")
    line = page.inner_text("#cc-map-filters")
    assert "キーワード「見守り」は地図では使っていません" in line, line
    assert page.get_attribute("#cc-map", "data-markers") == str(len(_located()))
