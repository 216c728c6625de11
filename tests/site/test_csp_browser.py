"""The Content-Security-Policy in real headless chromium: no page breaks it, and the pages still work under it.

Every built page is loaded with a listener for `securitypolicyviolation` installed before any page script (an init
script) and with the console watched (chromium logs each refusal there too). The pages that do the most also get
used: a query typed into the finder returns results, the map draws its markers and legend, the submit form
explains a mistake, and a numeric table column stays right-aligned without a style attribute. A script and a
style attribute injected on purpose are refused, so the listener is known to hear what the policy blocks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import FIRST_THEME, YEAR

pytestmark = pytest.mark.browser

TILE_HOST = "cyberjapandata.gsi.go.jp"
LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`);
});
"""


@pytest.fixture(scope="module")
def site_url(built_site: Path, site_for, tmp_path_factory: pytest.TempPathFactory) -> str:
    """Served under the path of the published address (/catalogue/), as on GitHub Pages (the 404 page's links are
    absolute, and Material's storage scope is that path)."""
    prefix = re.search(r"^site_url:\s*https?://[^/]+/(\S*?)/?$", (built_site / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    root = tmp_path_factory.mktemp("served-csp")
    (root / prefix).symlink_to(built_site / "site", target_is_directory=True)
    return site_for(root) + prefix + "/"


@pytest.fixture
def watched(browser):
    """A page whose CSP violations (events and console lines) are collected; the map's tiles are refused offline."""
    context = browser.new_context(locale="ja-JP", viewport={"width": 1366, "height": 900})
    context.add_init_script(LISTEN)
    context.route(f"https://{TILE_HOST}/**", lambda route: route.abort())  # offline here: asked, never fetched
    page = context.new_page()
    page.console_csp = []
    page.on("console", lambda m: page.console_csp.append(f"{m.type}: {m.text}")
            if "Content Security Policy" in m.text or "Content-Security-Policy" in m.text else None)
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("window.__csp") + page.console_csp


def _pages(site: Path) -> list[str]:
    skip = ("pagefind/", "assets/")  # data/index.html is the data page
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html")
                  if not p.relative_to(site).as_posix().startswith(skip))


def test_every_page_type_is_in_the_list(built_site: Path) -> None:
    pages = _pages(built_site / "site")
    first_prefecture = next(p for p in pages if p.startswith("prefectures/") and p != "prefectures/")
    for kind in ["", "cases/sample-shiokaze-bousai/", f"themes/{YEAR}/{FIRST_THEME}/", f"themes/{YEAR}/{FIRST_THEME}-review/",
                 f"years/{YEAR}/", first_prefecture, "finder/", "map/", "stats/", "submit/", "data/", "fields/", "404.html"]:
        assert kind in pages


def test_no_page_breaks_the_policy(watched, site_url: str, built_site: Path) -> None:
    found = {}
    for path in _pages(built_site / "site"):
        watched.goto(site_url + path)
        if path == "finder/":
            watched.wait_for_selector("body[data-finder-ready=true]")
        if path == "map/":
            watched.wait_for_function("() => document.getElementById('cc-map').dataset.markers !== undefined")
        if path == "submit/":
            watched.wait_for_selector("#cc-submit[data-ready=true]")
        watched.wait_for_load_state("load")
        if violations(watched):
            found[path] = violations(watched)
        watched.console_csp.clear()
    assert found == {}


def test_search_works_under_the_policy(watched, site_url: str) -> None:
    watched.goto(site_url + "finder/")
    watched.wait_for_selector("body[data-finder-ready=true]")
    watched.fill("#cc-q", "防災")
    watched.wait_for_function("() => document.querySelectorAll('.cc-result').length > 0 && /件の事例が見つかりました/.test(document.getElementById('cc-status').textContent)")
    assert watched.locator(".cc-result h2 a").count() > 0
    # the header search box (on another page) leads to results too
    watched.goto(site_url + "about/")
    watched.fill("#cc-search-q", "除雪")
    watched.press("#cc-search-q", "Enter")
    watched.wait_for_function("() => document.querySelectorAll('.cc-result').length > 0")
    assert violations(watched) == []


def test_map_draws_under_the_policy(watched, site_url: str) -> None:
    watched.goto(site_url + "map/")
    watched.wait_for_function("() => document.getElementById('cc-map').dataset.markers !== undefined")
    markers = int(watched.get_attribute("#cc-map", "data-markers"))
    assert markers > 0 and watched.locator(".cc-marker").count() == markers
    # the theme colours come from classes: a marker's and a legend mark's background is painted, not transparent
    paints = watched.evaluate("""[...document.querySelectorAll('.cc-marker span, .cc-legend__mark')]
        .map((el) => getComputedStyle(el).backgroundColor)""")
    assert paints and all(p not in ("rgba(0, 0, 0, 0)", "transparent") for p in paints), paints
    watched.locator(".cc-marker").first.dispatch_event("click")  # markers may overlap: no pointer hit-testing
    watched.wait_for_selector(".leaflet-popup-content a")
    assert any(TILE_HOST in r for r in watched.evaluate("performance.getEntriesByType('resource').map((r) => r.name)"))
    assert violations(watched) == []


def test_submit_form_explains_a_mistake_under_the_policy(watched, site_url: str) -> None:
    watched.goto(site_url + "submit/")
    watched.wait_for_selector("#cc-submit[data-ready=true]")
    box = watched.locator("[data-path='[\"rounds\",0,\"fiscal_year\"]']")
    box.locator(":scope > .cc-input").fill("令和6年度")
    watched.wait_for_function("""() => document.querySelector("[data-path='[\\"rounds\\",0,\\"fiscal_year\\"]'] > .cc-error").textContent.length > 0""")
    assert "2024" in box.locator(":scope > .cc-error").inner_text()
    assert violations(watched) == []


def test_numeric_columns_stay_right_aligned_without_style_attributes(watched, site_url: str) -> None:
    watched.goto(site_url + "cases/sample-shiokaze-bousai/")
    aligned = watched.evaluate("""[...document.querySelectorAll('.cc-num-2 table')].map((t) =>
        [...t.querySelectorAll('tr')].map((r) => [...r.children].map((c) => getComputedStyle(c).textAlign)))""")
    assert aligned, "no table with a numeric second column"
    for table in aligned:
        for row in table:
            assert row[0] in ("left", "start") and row[1] == "right", table
    assert watched.locator(".md-typeset table [style]").count() == 0
    assert violations(watched) == []


def test_the_policy_refuses_an_injected_script_and_style(watched, site_url: str) -> None:
    """The listener is not deaf: what the policy must refuse is refused and heard."""
    watched.goto(site_url + "about/")
    watched.evaluate("""() => {
        const s = document.createElement('script');
        s.textContent = 'window.__ran = true';
        document.head.append(s);
        const d = document.createElement('div');
        d.innerHTML = '<p style="color: red">x</p>';
        document.body.append(d);
    }""")
    watched.wait_for_function("() => window.__csp.length >= 2")
    assert watched.evaluate("window.__ran") is None
    heard = " ".join(watched.evaluate("window.__csp"))
    assert "script-src-elem" in heard and "style-src-attr" in heard
