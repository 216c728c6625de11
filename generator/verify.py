"""After a build: prove that no valid case was lost on the way to the site and its search index."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass, field
from pathlib import Path

from generator.model import Catalogue

FRAGMENT_PREFIX = b"pagefind_dcd"


@dataclass
class Report:
    pages: int = 0
    indexed: int = 0
    missing: list[str] = field(default_factory=list)  # Japanese sentences, one per lost case

    @property
    def ok(self) -> bool:
        return not self.missing


def indexed_urls(site: Path) -> set[str]:
    """URLs of every page in the Pagefind index (read from its fragments)."""
    urls = set()
    for fragment in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        if data.startswith(FRAGMENT_PREFIX):
            urls.add(json.loads(data[len(FRAGMENT_PREFIX):])["url"])
    return urls


def verify_site(site: Path, catalogue: Catalogue) -> Report:
    report = Report()
    urls = indexed_urls(site)
    report.indexed = len(urls)
    theme_html: dict[str, str] = {}
    for case in catalogue.cases:
        page = site / "cases" / case.id / "index.html"
        if not page.is_file():
            report.missing.append(f"事例「{case.id}」({case.source}) のページがありません")
            continue
        report.pages += 1
        for theme in case.themes:
            key = theme.page
            if key not in theme_html:
                path = site / key.removesuffix(".md") / "index.html"
                theme_html[key] = path.read_text(encoding="utf-8") if path.is_file() else ""
            if f"/cases/{case.id}/" not in theme_html[key]:
                report.missing.append(f"事例「{case.id}」({case.source}) が重点テーマ「{theme.title}」のページに載っていません")
        if not any(u.endswith(f"/cases/{case.id}/") for u in urls):
            report.missing.append(f"事例「{case.id}」({case.source}) が検索インデックスにありません")
    return report
