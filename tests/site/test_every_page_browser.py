"""Every generated page, not a sample of them: no page-level horizontal overflow at 390 px and 1366 px,
no axe-core violation (WCAG 2.0/2.1 A and AA, 2.2 AA), and no request to any host but the site itself
(the map may also ask the 地理院タイル host)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest

from test_accessibility_browser import inject_axe

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TILE_HOST = "cyberjapandata.gsi.go.jp"


def _pages(site: Path) -> list[str]:
    skip = ("pagefind/", "assets/", "data/", "schema/")
    return sorted(p.relative_to(site).as_posix().removesuffix("index.html") for p in site.rglob("*.html")
                  if not p.relative_to(site).as_posix().startswith(skip))


@pytest.fixture(scope="module")
def site_url(built_site: Path, site_for, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The site served under the path of its published address (/catalogue/), as on GitHub Pages: the 404 page
    links its styles by absolute path, so it is only right there."""
    import re

    prefix = re.search(r"^site_url:\s*https?://[^/]+/(\S*?)/?$", (built_site / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    root = tmp_path_factory.mktemp("served")
    (root / prefix).symlink_to(built_site / "site", target_is_directory=True)
    return site_for(root) + prefix + "/"


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[str]:
    found = _pages(built_site / "site")
    assert len(found) >= 40, found  # all cases, themes, reviews, years, prefectures, hand-written pages, 404
    return found


def _visit(page, url: str) -> None:
    page.goto(url)
    if "/finder/" in url:
        page.wait_for_selector("body[data-finder-ready=true]")
    if "/map/" in url:
        page.wait_for_function("() => document.getElementById('cc-map').dataset.markers !== undefined")


@pytest.mark.parametrize("width", [390, 1366])
def test_no_page_overflows_sideways(browser, site_url: str, pages: list[str], width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="ja-JP")
    page = context.new_page()
    wide = []
    for path in pages:
        _visit(page, site_url + path)
        scroll, inner = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        if scroll > inner:
            wide.append((path, scroll))
    context.close()
    assert wide == [], f"pages wider than {width} px: {wide}"


def test_axe_finds_nothing_on_any_page(browser, site_url: str, pages: list[str]) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP")
    page = context.new_page()
    found = {}
    for path in pages:
        _visit(page, site_url + path)
        inject_axe(page)
        violations = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}}).then(r => r.violations)", TAGS)
        if violations:
            found[path] = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    context.close()
    assert found == {}


def test_no_page_asks_another_host(browser, site_url: str, pages: list[str]) -> None:
    own = urlparse(site_url).netloc
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="ja-JP")
    context.route(f"https://{TILE_HOST}/**", lambda route: route.abort())  # offline here; recorded, not fetched
    page = context.new_page()
    asked: dict[str, set[str]] = {}
    current = {"path": ""}
    page.on("request", lambda r: asked.setdefault(current["path"], set()).add(urlparse(r.url).netloc))
    for path in pages:
        current["path"] = path
        _visit(page, site_url + path)
        page.wait_for_timeout(100)
    context.close()
    foreign = {path: hosts - {own} - ({TILE_HOST} if path == "map/" else set()) for path, hosts in asked.items()}
    assert {p: h for p, h in foreign.items() if h} == {}
    assert TILE_HOST in asked.get("map/", set())  # the map did ask for its tiles (the one allowed host)
