"""Accessibility (target: JIS X 8341-3:2016 level AA) checked with axe-core in headless chromium."""

from __future__ import annotations

import re

import pytest

from conftest import FIRST_THEME, ROOT, YEAR

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = {
    "home": "",
    "theme": f"themes/{YEAR}/{FIRST_THEME}/",
    "case": "cases/sample-shiokaze-bousai/",
    "finder": "finder/?q=見守り",
    "map": "map/",
    "statistics": "stats/",
    "theme review": f"themes/{YEAR}/{FIRST_THEME}-review/",
}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def inject_axe(page) -> None:
    """axe-core as a same-origin script file: the Content-Security-Policy refuses an inline <script> (add_script_tag
    with a path), and allows 'self'."""
    if not getattr(page, "axe_routed", False):
        page.route("**/__axe.min.js", lambda route: route.fulfill(path=str(AXE), content_type="text/javascript"))
        page.axe_routed = True
    page.add_script_tag(url="/__axe.min.js")


def _axe(page) -> list[dict]:
    if not AXE.is_file():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make test does it)")
    inject_axe(page)
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    return result["violations"]


@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_or_critical_violations(page, site_url: str, name: str) -> None:
    page.goto(site_url + PAGES[name])
    if name == "finder":
        page.wait_for_selector("body[data-finder-ready=true]")
    if name == "map":
        page.wait_for_function("() => document.getElementById('cc-map').dataset.markers !== undefined")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in _axe(page) if v["impact"] in ("serious", "critical")]
    assert bad == []


@pytest.mark.parametrize("name", list(PAGES))
def test_language_headings_and_alt_text(page, site_url: str, name: str) -> None:
    page.goto(site_url + PAGES[name])
    assert page.get_attribute("html", "lang") == "ja"
    levels = [int(t[1]) for t in page.locator("article h1, article h2, article h3, article h4").evaluate_all("els => els.map(e => e.tagName)")]
    assert levels and levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels  # no skipped level going down
    assert page.locator("img:not([alt])").count() == 0


def test_focus_is_visible_in_the_finder(page, site_url: str) -> None:
    page.goto(site_url + "finder/")
    page.wait_for_selector("body[data-finder-ready=true]")
    page.focus("#cc-q")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).boxShadow")
    assert not re.fullmatch(r"none none", outline)
