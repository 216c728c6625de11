"""Internal links of the whole built site, anchors included, and the stylesheets' url() references: 0 broken.

An offline equivalent of LinkChecker: every href/src of every HTML page that stays on this site must
name a file that was built (a folder means its index.html), and every #fragment must be an id (or a
name) in the target page. Every <img> also carries width and height (no layout shift while it loads).
"""

from __future__ import annotations

import posixpath
import re
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

SITE_URL = "https://smartcity-cases.github.io/catalogue/"
SITE_PATH = urlsplit(SITE_URL).path
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []
        self.images: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name") if tag == "a" else ("id",):
            if a.get(key):
                self.ids.add(a[key])
        for key in ("href", "src"):
            if key in a and tag in {"a", "link", "img", "script", "source", "iframe", "area"}:
                self.refs.append((tag, a[key]))
        if tag == "img":
            self.images.append(a)


@lru_cache(maxsize=None)
def _parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _local(site: Path, base: Path, ref: str) -> tuple[Path, str] | None:
    """The built file a reference points at, and its fragment; None for another site, mail, or script code."""
    if ref.startswith(SITE_URL):
        ref = "/" + ref.removeprefix(SITE_URL)
    elif ref.startswith(SITE_PATH):  # 404.html links from the site's root path
        ref = "/" + ref.removeprefix(SITE_PATH)
    parts = urlsplit(ref)
    if parts.scheme or parts.netloc:
        return None
    if not parts.path:
        return base, parts.fragment
    path = unquote(parts.path)
    target = site / path.lstrip("/") if path.startswith("/") else base.parent / path
    target = Path(posixpath.normpath(target.as_posix()))
    if path.endswith("/") or target.is_dir():
        target = target / "index.html"
    return target, parts.fragment


def _broken_html(site: Path) -> list[str]:
    broken = []
    for page in sorted(site.rglob("*.html")):
        parsed = _parse(page)
        for tag, ref in parsed.refs:
            found = _local(site, page, ref)
            if found is None:
                continue
            target, fragment = found
            where = f"{page.relative_to(site)}: <{tag}> {ref}"
            if not target.is_file():
                broken.append(f"{where} → missing {target.relative_to(site) if target.is_relative_to(site) else target}")
            elif fragment and target.suffix == ".html" and unquote(fragment) not in _parse(target).ids:
                broken.append(f"{where} → no id «{fragment}»")
    return broken


def _broken_css(site: Path) -> list[str]:
    broken = []
    for sheet in sorted(site.rglob("*.css")):
        for ref in CSS_URL.findall(sheet.read_text(encoding="utf-8")):
            if ref.startswith(("data:", "#", "http:", "https:")):
                continue  # inline data, Leaflet's old-IE VML behaviour, another site
            if not (sheet.parent / urlsplit(ref).path).is_file():
                broken.append(f"{sheet.relative_to(site)}: url({ref})")
    return broken


def test_no_broken_internal_link_or_anchor(built_site: Path) -> None:
    site = built_site / "site"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 30
    assert _broken_html(site) == []


def test_stylesheets_refer_only_to_files_that_exist(built_site: Path) -> None:
    site = built_site / "site"
    assert (site / "assets" / "vendor" / "leaflet" / "images" / "layers.png").is_file()
    assert _broken_css(site) == []


def test_every_image_has_width_and_height(built_site: Path) -> None:
    site = built_site / "site"
    images = [(page.relative_to(site), img) for page in site.rglob("*.html") for img in _parse(page).images]
    assert any("key-visual" in img.get("src", "") for _, img in images)
    assert [(str(p), img.get("src")) for p, img in images if not (img.get("width", "").isdigit() and img.get("height", "").isdigit())] == []
