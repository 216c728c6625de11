"""After a build: prove that no valid case was lost on the way to the site and its search index."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from generator.catalogue.model import Catalogue
from generator.pages.search import indexed_urls


@dataclass
class Report:
    pages: int = 0
    indexed: int = 0
    missing: list[str] = field(default_factory=list)  # Japanese sentences, one per lost case

    @property
    def ok(self) -> bool:
        return not self.missing


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
        for theme in case.themes if case in catalogue.counted else []:  # samples leave the listings once real cases exist
            key = theme.page
            if key not in theme_html:
                path = site / key.removesuffix(".md") / "index.html"
                theme_html[key] = path.read_text(encoding="utf-8") if path.is_file() else ""
            if f"/cases/{case.id}/" not in theme_html[key]:
                report.missing.append(f"事例「{case.id}」({case.source}) が重点テーマ「{theme.title}」のページに載っていません")
        if not any(u.endswith(f"/cases/{case.id}/") for u in urls):
            report.missing.append(f"事例「{case.id}」({case.source}) が検索インデックスにありません")
    return report
