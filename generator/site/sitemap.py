"""sitemap.xml with each page's `lastmod` from git history, not the build date.

MkDocs writes site/sitemap.xml (and .gz) with the build date for every page. After the build, each
<lastmod> is replaced: a case page by its YAML's last commit; a hand-written page by its Markdown's last
commit; a generated listing page by the newest commit among the cases and programme years it is made from. A page
with no history gets no <lastmod> at all (better none than a wrong one).
"""

from __future__ import annotations

import gzip
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from generator.pages.feed import utc
from generator.catalogue.history import file_dates
from generator.catalogue.model import Catalogue

NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def page_dates(root: Path, catalogue: Catalogue) -> tuple[dict[str, str], str | None]:
    """({site path: last commit time}, newest catalogue commit) for the pages that have a history."""
    history = file_dates(root, "cases", "programmes", "docs")
    dates: dict[str, str] = {}
    for case in catalogue.cases:
        if case.last_commit:
            dates[f"cases/{case.id}/"] = utc(case.last_commit)
    for path, found in history.items():
        if path.startswith("docs/") and path.endswith(".md"):
            stem = path.removeprefix("docs/").removesuffix(".md")
            url = "" if stem == "index" else (stem.removesuffix("/index") + "/" if stem.endswith("/index") else stem + "/")
            dates.setdefault(url, utc(found.last))
    content = [utc(f.last) for p, f in history.items() if p.startswith(("cases/", "programmes/"))]
    return dates, max(content) if content else None


def date_sitemap(root: Path, site: Path, catalogue: Catalogue, site_url: str) -> None:
    path = site / "sitemap.xml"
    if not path.exists():
        return
    dates, newest = page_dates(root, catalogue)
    ET.register_namespace("", NS)
    tree = ET.parse(path)
    for url in tree.getroot().findall(f"{{{NS}}}url"):
        loc = url.findtext(f"{{{NS}}}loc") or ""
        rel = loc.removeprefix(site_url) if loc.startswith(site_url) else re.sub(r"^https?://[^/]+/", "", loc)
        when = dates.get(rel, newest)
        old = url.find(f"{{{NS}}}lastmod")
        if old is not None:
            url.remove(old)
        if when:
            ET.SubElement(url, f"{{{NS}}}lastmod").text = when
    text = ET.tostring(tree.getroot(), encoding="unicode", xml_declaration=False)
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")
    path.write_bytes(data)
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(data, mtime=0))


def robots_txt(site_url: str) -> str:
    """robots.txt for the site root: every page may be crawled, and the sitemap is named by its full address."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return ("# スマートシティ事例カタログ: すべてのページを検索エンジンに公開しています。\n"
            "User-agent: *\nDisallow:\n\n"
            f"Sitemap: {base}sitemap.xml\n")
