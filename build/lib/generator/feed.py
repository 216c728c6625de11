"""The Atom feed of all cases (feed.xml), rendered with the catalogue's one jinja Environment."""

from __future__ import annotations

from generator.model import Catalogue
from generator.render import environment


def atom_feed(catalogue: Catalogue, site_url: str) -> str:
    """All cases, newest change first; a case without git history counts from its fiscal year."""
    entries = sorted(({"case": c, "updated": f"{c.updated or f'{c.year}-04-01'}T00:00:00Z"} for c in catalogue.cases),
                     key=lambda e: (e["updated"], e["case"].id), reverse=True)
    updated = entries[0]["updated"] if entries else "2000-01-01T00:00:00Z"
    return environment().get_template("feed.xml.j2").render(entries=entries, updated=updated, site_url=site_url)
