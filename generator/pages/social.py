"""What a shared link shows: a case page's description, image and schema.org data, as front matter.

The case template stays about the page's content; this module adds to its front matter (values as JSON
strings, which YAML reads unchanged) the keys that overrides/partials/social.html prints as meta tags:

- description: the case's place and key concept (the meta description, og:description)
- image, image_width, image_height, image_alt: the key visual, when there is one (og:image)
- jsonld: a schema.org Article describing the case page (see jsonld below)

Pages without these keys get the page's first paragraph and the catalogue image (assets/social-card.png).
"""

from __future__ import annotations

import json
import re
from typing import Any

from generator.pages.feed import case_times
from generator.site.images import image_size
from generator.catalogue.model import Case

DESCRIPTION_CHARS = 120  # what search results and link cards show of a description


def shorten(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def case_description(case: Case) -> str:
    """「静岡県 みなと市（2025年度）: <key concept>」, shortened to what a link card shows."""
    concept = case.data["key_concept"]
    years = "・".join(str(y) for y in case.years)
    return shorten(f"{case.place}（{years}年度）の事例" + (f": {concept}" if isinstance(concept, str) else f": {case.title}"))


def case_meta(case: Case, site_url: str) -> dict[str, Any]:
    meta: dict[str, Any] = {"description": case_description(case)}
    visual = case.data["key_visual"]
    size = image_size(case.assets[visual["src"]]) if visual and visual["src"] in case.assets else None
    if visual and size:
        meta.update(image=f"cases/{case.id}/{visual['src']}", image_width=size[0], image_height=size[1], image_alt=visual["alt"])
    meta["jsonld"] = jsonld(case, site_url, meta)
    return meta


def jsonld(case: Case, site_url: str, meta: dict[str, Any]) -> str:
    """schema.org Article: the page is a written account of one project, with dates and an image.

    Article (not Project, GovernmentService or Event): the page is a document about the case, written
    by its municipality or consortium, so headline, description, datePublished/dateModified (git) and
    image describe it truthfully; `about` names the place as an AdministrativeArea. Printed inside
    <script>, so <, > and & are escaped as JSON unicode escapes.
    """
    published, modified = case_times(case)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": shorten(case.title, 110),
        "description": meta["description"],
        "inLanguage": "ja",
        "url": f"{site_url}cases/{case.id}/",
        "datePublished": published,
        "dateModified": modified,
        "about": [{"@type": "AdministrativeArea", "name": f"{m['prefecture']} {m['name']}"} for m in case.data["municipalities"]],
        "isPartOf": {"@type": "WebSite", "name": "スマートシティ事例カタログ", "url": site_url},
        "image": f"{site_url}{meta['image']}" if "image" in meta else f"{site_url}assets/social-card.png",
        "keywords": [t.title for t in case.themes],
    }
    consortium = case.data["consortium"] or {}
    if isinstance(consortium.get("name"), str):  # an unknown consortium is left out, never invented
        data["author"] = {"@type": "Organization", "name": consortium["name"]}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def with_front_matter(text: str, meta: dict[str, Any]) -> str:
    """The page with meta added at the top of its front matter (or a new front matter)."""
    lines = "".join(f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in meta.items())
    if text.startswith("---\n"):
        return "---\n" + lines + text[4:]
    return "---\n" + lines + "---\n\n" + text


_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")


def page_description(markdown_text: str) -> str:
    """A generated page's description: its first paragraph as plain text (links and emphasis unwrapped).

    Computed here, not in the theme, so that every engine (MkDocs, Zensical) prints the same tag.
    """
    body = markdown_text.split("\n---\n", 1)[1] if markdown_text.startswith("---\n") else markdown_text
    for block in body.split("\n\n"):
        line = block.strip()
        if not line or line[0] in "#|-<>!{*" or line.startswith(("```", "    ", "1.")):
            continue
        text = _MD_LINK.sub(r"\1", line).replace("**", "").replace("\\", "")
        return shorten(" ".join(text.split()))
    return ""
