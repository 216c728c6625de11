"""Step 4: turn the catalogue into Markdown pages with jinja2 templates (files in templates/).

Contributor text is untrusted. Every value printed by a template is escaped for both HTML and
Markdown unless a filter below has made it safe: `md` renders contributor Markdown and cleans the
HTML with nh3 (Ammonia), keeping only harmless tags and http(s)/mailto links.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import markdown
import nh3
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from generator import SCHEMA_VERSION
from generator.charts import bar_chart
from generator.model import STAGES, Case, Catalogue, fiscal_label, search_key
from generator.opendata import open_data
from generator.reference import SCHEMA_PATH, case_schema
from generator.review import VIEWPOINTS, kpi_summary, money, statistics, viewpoints
from generator.text import CONTROL

TEMPLATES = Path(__file__).parent / "templates"
MD_SPECIAL = re.compile(r"([\\`*_{}\[\]#!|])")  # characters Python-Markdown (with tables) unescapes
ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "pre", "blockquote",
                "table", "thead", "tbody", "tr", "th", "td", "del", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}


def plain(value: Any) -> Markup:
    """Text shown as it was written: nothing in it becomes HTML or Markdown."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return Markup("")
    text = CONTROL.sub("", str(value))
    text = " ".join(text.split())
    return Markup(escape(MD_SPECIAL.sub(r"\\\1", text)))


def _contributor_markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["tables", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")  # raw HTML is shown as text, never passed through
    md.inlinePatterns.deregister("html")
    return md


_MD = _contributor_markdown()


def md(value: Any) -> Markup:
    """Contributor Markdown as a cleaned HTML block that the site's Markdown passes through untouched."""
    if not value:
        return Markup("")
    _MD.reset()
    html = _MD.convert(CONTROL.sub("", str(value)))
    clean = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                      link_rel="noopener noreferrer nofollow")
    lines = [line for line in clean.splitlines() if line.strip()]
    return Markup('<div class="cc-text">\n' + "\n".join(lines) + "\n</div>")


def url(value: Any) -> Markup:
    """A link target: only http(s) and mailto survive; anything else becomes a harmless '#'."""
    text = str(value or "")
    if not re.match(r"^(https?://|mailto:)", text, re.I) or re.search(r"[\s<>\"'()\\`]", text):
        return Markup("#")
    return Markup(text.replace("_", "%5F").replace("*", "%2A"))


def html(value: Any) -> Markup:
    """Text inside a raw HTML block, where Markdown escapes would show: HTML escaping only."""
    return escape(" ".join(CONTROL.sub("", str(value if value is not None else "")).split()))


def code(value: Any) -> Markup:
    """Inline code, escaped for HTML (Markdown does not unescape inside it)."""
    return Markup("<code>") + escape(str(value)) + Markup("</code>")


def yen(value: int | None) -> Markup:
    if value is None:
        return Markup("—")
    if value % 10_000 == 0:
        return Markup(f"{value // 10_000:,}万円")
    return Markup(f"{value:,}円")


def number(value: float | int | None) -> Markup:
    if value is None:
        return Markup("—")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return Markup(f"{value:,}" if isinstance(value, int) else f"{value:,.2f}".rstrip("0").rstrip("."))


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        finalize=plain,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(search_key=search_key, md=md, url=url, code=code, html=html, yen=yen, number=number, plain=plain, fiscal=fiscal_label)
    env.globals.update(STAGES=STAGES)
    return env


def _relative(page: str) -> Callable[[str], Markup]:
    """Link from a Markdown page to another source file; MkDocs turns it into the right URL."""
    base = posixpath.dirname(page) or "."
    return lambda target: Markup(posixpath.relpath(target, base))


def _href(page: str) -> Callable[[str], Markup]:
    """URL from a page's published address (directory URLs) to a file of the site, for raw HTML."""
    stem = page.removesuffix(".md")
    folder = posixpath.dirname(stem) if posixpath.basename(stem) == "index" else stem
    return lambda target: Markup(posixpath.relpath(target, folder or "."))


def render_page(env: Environment, template: str, page: str, **context: Any) -> str:
    text = env.get_template(template).render(page=page, link=_relative(page), href=_href(page), **context)
    return re.sub(r"\n{3,}", "\n\n", text)


def render_catalogue(catalogue: Catalogue, site: Site | None = None) -> dict[str, str | bytes | Path]:
    """Every generated file: path under docs/ → text, bytes, or a Path to copy."""
    site = site or Site()
    env = _catalogue_environment(site)
    files: dict[str, str | bytes | Path] = {}

    def page(template: str, path: str, **context: Any) -> None:
        files[path] = render_page(env, template, path, catalogue=catalogue, **context)

    page("home.md.j2", "index.md")
    page("summary.md.j2", "SUMMARY.md")
    page("themes-index.md.j2", "themes/index.md")
    for year in catalogue.theme_years.values():
        page("theme-year.md.j2", f"themes/{year.year}/index.md", year=year)
        for theme in year.themes:
            page("theme.md.j2", theme.page, theme=theme, cases=catalogue.cases_of(theme))
            page("review.md.j2", theme.review_page, theme=theme, cases=catalogue.cases_of(theme))
    real = [c for c in catalogue.cases if not c.sample]
    shown = real or catalogue.cases
    page("stats.md.j2", "stats.md", real=bool(real), cases=shown, tables=statistics(catalogue, shown), money=money(shown))
    page("data.md.j2", "data.md", schema_version=SCHEMA_VERSION, schema_id=case_schema()["$id"])
    files.update(open_data(catalogue, site.url))
    files["feed.xml"] = atom_feed(catalogue, site.url)
    page("finder.md.j2", "finder.md", facets=FACETS, regions_json=_regions_json(catalogue))
    located = [c for c in catalogue.cases if c.data["location"]]
    page("map.md.j2", "map.md", located=located)
    files["data/cases.geojson"] = cases_geojson(located)
    files["data/search-vocabulary.json"] = json.dumps({t: search_key(t) for t in catalogue.all_terms()}, ensure_ascii=False, sort_keys=True) + "\n"
    page("prefectures-index.md.j2", "prefectures/index.md")
    for pref in catalogue.prefectures:
        if catalogue.cases_in(pref):
            page("prefecture.md.j2", f"prefectures/{pref.slug}.md", prefecture=pref, cases=catalogue.cases_in(pref))
    files.update(_case_pages(catalogue, site))
    for case in catalogue.cases:
        for rel, source in case.assets.items():
            files[f"cases/{case.id}/{rel}"] = source
    files["schema/case.schema.json"] = SCHEMA_PATH
    return files


@dataclass(frozen=True)
class Site:
    """Addresses the pages link to: the published site and the repository (read from mkdocs.yml)."""

    url: str = "https://example.invalid/"
    repo_url: str = ""


def atom_feed(catalogue: Catalogue, site_url: str) -> str:
    """Atom feed of all cases, newest change first; a case without git history counts from its fiscal year."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    entries = sorted(({"case": c, "updated": f"{c.updated or f'{c.year}-04-01'}T00:00:00Z"} for c in catalogue.cases),
                     key=lambda e: (e["updated"], e["case"].id), reverse=True)
    updated = entries[0]["updated"] if entries else "2000-01-01T00:00:00Z"
    return env.get_template("feed.xml.j2").render(entries=entries, updated=updated, site_url=site_url)


FACETS = [("theme", "重点テーマ"), ("prefecture", "都道府県"), ("year", "年度"), ("subsidy", "補助タイプ"),
          ("category", "支援の類型"), ("stage", "段階"), ("tech", "技術"), ("plateau", "PLATEAU活用")]


def _catalogue_environment(site: Site) -> Environment:
    env = environment()
    env.globals.update(review=viewpoints, kpi=kpi_summary, viewpoints=VIEWPOINTS, chart=bar_chart, site=site)
    return env


PARALLEL_FROM = 500  # case pages; below this, starting processes costs more than it saves
_SHARED: tuple[Catalogue, Site] | None = None  # inherited by forked workers, never pickled


def _render_cases(indices: range) -> list[tuple[str, str]]:
    assert _SHARED is not None
    catalogue, site = _SHARED
    env = _catalogue_environment(site)
    return [(c.page, render_page(env, "case.md.j2", c.page, catalogue=catalogue, case=c))
            for c in (catalogue.cases[i] for i in indices)]


def _case_pages(catalogue: Catalogue, site: Site) -> dict[str, str]:
    """One page per case; on Linux with many cases, rendered by two forked processes."""
    global _SHARED
    n = len(catalogue.cases)
    _SHARED = (catalogue, site)
    try:
        workers = min(os.cpu_count() or 1, 4)
        if n < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return dict(_render_cases(range(n)))
        step = -(-n // (workers * 4))
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            chunks = pool.map(_render_cases, [range(i, min(i + step, n)) for i in range(0, n, step)])
        return {path: text for chunk in chunks for path, text in chunk}
    finally:
        _SHARED = None


def _regions_json(catalogue: Catalogue) -> Markup:
    """Prefectures grouped by 地方, for the finder's select; '<' escaped so it cannot close the script tag."""
    data = [[region, [p.name for p in prefs]] for region, prefs in catalogue.regions]
    return Markup(json.dumps(data, ensure_ascii=False).replace("<", "\\u003c"))


def cases_geojson(cases: list[Case]) -> str:
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [c.data["location"]["lon"], c.data["location"]["lat"]]},
        "properties": {"id": c.id, "title": c.title, "place": c.place, "url": f"cases/{c.id}/", "sample": c.sample},
    } for c in cases]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, sort_keys=True) + "\n"
