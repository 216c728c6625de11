"""The Atom feed of all cases (feed.xml), rendered with the catalogue's one jinja Environment."""

from __future__ import annotations

import datetime as dt

from generator.catalogue.model import Case, Catalogue
from generator.pages.render import environment


def utc(iso: str) -> str:
    """An ISO 8601 time with any offset as RFC 3339 UTC (2026-11-24T00:30:00Z): sortable as text."""
    return dt.datetime.fromisoformat(iso).astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def case_times(case: Case) -> tuple[str, str]:
    """(published, updated): the case file's first and last commit; without git history, its fiscal year's start."""
    fallback = f"{case.year}-04-01T00:00:00Z"
    return (utc(case.first_commit) if case.first_commit else fallback,
            utc(case.last_commit) if case.last_commit else fallback)


def atom_feed(catalogue: Catalogue, site_url: str) -> str:
    """All cases, newest change first."""
    entries = []
    for c in catalogue.cases:
        published, updated = case_times(c)
        entries.append({"case": c, "published": published, "updated": updated})
    entries.sort(key=lambda e: (e["updated"], e["case"].id), reverse=True)
    updated = entries[0]["updated"] if entries else "2000-01-01T00:00:00Z"
    return environment().get_template("feed.xml.j2").render(entries=entries, updated=updated, site_url=site_url)
