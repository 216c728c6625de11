"""Step 4, routing: every generated file is declared here, once.

PAGES lists the Markdown pages as (template, output path, contexts); ARTIFACTS lists the other files
(open data, feed, schema, images); the "cases by X" pages of the dimensions (generator/catalogue/dimensions.py,
listing="by") follow from DIMENSIONS (dimension_pages). All drive rendering *and* GENERATED, the paths under
docs/ that belong to the generator (stale-file removal in write.py; .gitignore is checked against it by a test).
A new page type = a template + one PageType line below.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from jinja2 import Environment

from generator import SCHEMA_VERSION

from generator.catalogue import dimensions
from generator.pages.charts import bar_chart
from generator.pages.feed import atom_feed
from generator.pages.fieldref import fields
from generator.catalogue.model import Case, Catalogue
from generator.pages.opendata import KPI_COLUMNS, OTHER_MONEY_COLUMNS, OUTCOME_COLUMNS, ROUND_COLUMNS, case_columns, cases_geojson, open_data, review_csv
from generator.pages.render import environment, render_page
from generator.catalogue.review import VIEWPOINTS, kpi_summary, money, money_by, review_rows, statistics, unsourced, viewpoints
from generator.data.caseschema import SCHEMA_PATH, case_schema
from generator.read.values import PROVENANCE_ORDER, provenance_kind
from generator.catalogue.coverage import coverage, coverages, selections_of
from generator.pages.readings import index_words, own_text, readings_files, word_index_files
from generator.data.words import WORDS_PATH
from generator.pages.social import case_meta, page_description, with_front_matter
from generator.site.sitemap import robots_txt
from generator.pages.search import facet_values, facets, facets_json, normalised_terms

if TYPE_CHECKING:
    from generator.site.cache import PageCache

Files = dict[str, "str | bytes | Path"]


@dataclass(frozen=True)
class Site:
    """Addresses the pages link to: the published site and the repository (read from mkdocs.yml)."""

    url: str = "https://example.invalid/"
    repo_url: str = ""


Contexts = Callable[[Catalogue], Iterable[dict[str, Any]]]


def _once(catalogue: Catalogue) -> list[dict[str, Any]]:
    return [{}]


@dataclass(frozen=True)
class PageType:
    template: str
    path: str  # under docs/; "{case.id}"-style fields are filled from each context
    contexts: Contexts = _once
    meta: Callable[[dict[str, Any], "Site"], dict[str, Any]] | None = None  # front matter added for shared links (social.py)
    with_files: bool = False  # contexts also receive the artifact files (e.g. the data page lists their sizes)

    @property
    def root(self) -> str:
        return self.path.split("/")[0]


def _years(c: Catalogue) -> list[dict[str, Any]]:
    return [{"year": y} for y in c.theme_years]


def _themes(c: Catalogue) -> list[dict[str, Any]]:
    return [{"theme": t, "cases": c.cases_of(t), "inferred": {x.id for x in c.inferred_of(t)}} for y in c.theme_years for t in y.themes]


def _case_years(c: Catalogue) -> list[dict[str, Any]]:
    return [{"year": c.years[y], "cases": c.cases_in_year(y)} for y in c.case_years]


def _stats(c: Catalogue) -> list[dict[str, Any]]:
    shown = c.counted
    return [{"real": bool(c.real), "cases": shown, "tables": statistics(c, shown), "money": money(shown), "money_rows": money_by(shown, c)}]


def _prefectures(c: Catalogue) -> list[dict[str, Any]]:
    return [{"prefecture": p, "cases": c.cases_in(p)} for p in c.prefectures if c.cases_in(p)]


def _located(c: Catalogue) -> list[dict[str, Any]]:
    return [{"located": [x for x in c.counted if x.data["location"]], "unlocated": [x for x in c.counted if not x.data["location"]]}]


def _data(c: Catalogue, files: Files) -> list[dict[str, Any]]:
    sizes = {path: _size(content) for path, content in files.items() if path.startswith(("data/", "feed.xml", "schema/")) and "/review/" not in path}
    return [{"schema_version": SCHEMA_VERSION, "schema_id": case_schema()["$id"], "case_columns": case_columns(),
             "kpi_columns": KPI_COLUMNS, "outcome_columns": OUTCOME_COLUMNS, "round_columns": ROUND_COLUMNS, "other_money_columns": OTHER_MONEY_COLUMNS, "sizes": sizes}]


def _size(content: "str | bytes | Path") -> int:
    return content.stat().st_size if isinstance(content, Path) else len(content.encode("utf-8") if isinstance(content, str) else content)


def _fields(c: Catalogue) -> list[dict[str, Any]]:
    """The field reference: one section per top-level field (in the schema's, i.e. the form's, order) with a YAML
    snippet taken from the sample cases, and its inner fields."""
    samples = [x.raw for x in c.cases if x.sample]
    groups, all_fields = [], fields(samples)
    for f in all_fields:
        if f.depth == 0:
            groups.append({"field": f, "children": [], "snippet": _snippet(f.path, samples)})
        else:
            groups[-1]["children"].append(f)
    return [{"fields": all_fields, "field_groups": groups, "schema": case_schema()}]


def _snippet(key: str, samples: list[dict[str, Any]], lines: int = 14) -> str:
    """How a field looks in a case file: the first sample that has it, cut to a few lines."""
    from generator.read.migrate import dump

    from generator.read.values import is_unknown

    present = [s[key] for s in samples if key in s]
    value = next((v for v in present if not is_unknown(v)), present[0] if present else None)  # a real value shows more
    if value is None:
        return ""
    text = dump({key: value}).rstrip("\n").splitlines()
    return "\n".join(text[:lines] + (["  # …"] if len(text) > lines else []))


def _cases(c: Catalogue) -> list[dict[str, Any]]:
    return [{"case": x} for x in c.cases]


CASE_PAGE = PageType("case.md.j2", "cases/{case.id}.md", _cases, lambda context, site: case_meta(context["case"], site.url))
PAGES: list[PageType] = [
    PageType("home.md.j2", "index.md"),
    PageType("summary.md.j2", "SUMMARY.md"),
    PageType("themes-index.md.j2", "themes/index.md"),
    PageType("theme-year.md.j2", "themes/{year.year}/index.md", _years),
    PageType("years-index.md.j2", "years/index.md"),
    PageType("year.md.j2", "years/{year.year}.md", _case_years),
    PageType("theme.md.j2", "themes/{theme.year}/{theme.id}.md", _themes),
    PageType("review.md.j2", "themes/{theme.year}/{theme.id}-review.md", _themes),
    PageType("stats.md.j2", "stats.md", _stats),
    PageType("data.md.j2", "data.md", _data, with_files=True),
    PageType("finder.md.j2", "finder.md"),
    PageType("map.md.j2", "map.md", _located),
    PageType("prefectures-index.md.j2", "prefectures/index.md"),
    PageType("prefecture.md.j2", "prefectures/{prefecture.slug}.md", _prefectures),
    PageType("fields.md.j2", "fields.md", _fields),
    PageType("submit.md.j2", "submit/index.md"),
    CASE_PAGE,
]


@dataclass(frozen=True)
class Artifact:
    """Files that are not template pages, all under one top-level path of docs/."""

    root: str
    make: Callable[[Catalogue, Site], Files]


def _data_files(c: Catalogue, site: Site) -> Files:
    regions = [(region, [p.name for p in prefs]) for region, prefs in c.regions]
    return {**open_data(c, site.url), **_review_csvs(c, site),
            "data/cases.geojson": cases_geojson([x for x in c.counted if x.data["location"]]),
            "data/facets.json": facets_json(regions), **readings_files(c.cases), **word_index_files(c.cases)}


def _review_csvs(c: Catalogue, site: Site) -> Files:
    """One CSV per review page: the same rows as the table (generator/catalogue/review.py review_rows)."""
    return {f"data/review/{t.year}-{t.id}.csv": review_csv(review_rows(c.cases_of(t), {x.id for x in c.inferred_of(t)})) for y in c.theme_years for t in y.themes}


def _case_assets(c: Catalogue, site: Site) -> Files:
    return {f"cases/{x.id}/{rel}": source for x in c.cases for rel, source in x.assets.items()}


ARTIFACTS: list[Artifact] = [
    Artifact("data", _data_files),
    Artifact("feed.xml", lambda c, site: {"feed.xml": atom_feed(c, site.url)}),
    Artifact("robots.txt", lambda c, site: {"robots.txt": robots_txt(site.url)}),
    Artifact("schema", lambda c, site: {"schema/case.schema.json": SCHEMA_PATH, "schema/words.json": WORDS_PATH}),
    Artifact("cases", _case_assets),
]

# "Cases by X" for every dimension with listing="by" (generator/catalogue/dimensions.py): an index and one page per value,
# under one root whatever the dimensions are (so a new one needs no .gitignore line).
BY_ROOT = "by"


def _by_index(d: dimensions.Dimension) -> Contexts:
    return lambda c: [{"dimension": d, "values": _by_values(d, c)}]


def _by_value(d: dimensions.Dimension) -> Contexts:
    return lambda c: [{"dimension": d, **v} for v in _by_values(d, c)]


def _by_values(d: dimensions.Dimension, c: Catalogue) -> list[dict[str, Any]]:
    """The values that counted cases have, in the dimension's order (不明 last), each with its cases."""
    return [{"value": value, "slug": d.slug(value), "unknown": value == d.unknown,
             "cases": [x for x in c.counted if value in d.values(x)]} for value, n in d.rows(c, c.counted) if n]


def dimension_pages() -> list[PageType]:
    """The page types that follow from the current DIMENSIONS (read at each call: a test may add one)."""
    out = []
    for d in dimensions.listed():
        out += [PageType("by-index.md.j2", f"{BY_ROOT}/{d.id}/index.md", _by_index(d)),
                PageType("by-value.md.j2", f"{BY_ROOT}/{d.id}/{{slug}}.md", _by_value(d))]
    return out


def page_types() -> list[PageType]:
    """Every page type: PAGES with the dimensions' listing pages before the case pages."""
    return [p for p in PAGES if p is not CASE_PAGE] + dimension_pages() + [p for p in PAGES if p is CASE_PAGE]


GENERATED: tuple[str, ...] = tuple(sorted({p.root for p in PAGES} | {a.root for a in ARTIFACTS} | {BY_ROOT}))


def _provenance_counts(cases: list[Case]) -> list[tuple[str, int]]:
    """How many real cases each provenance has (values.PROVENANCE_ORDER), only those that occur."""
    counts = Counter(provenance_kind(c.data) or "作成の経緯の記載なし" for c in cases)
    return [(k, counts[k]) for k in [*PROVENANCE_ORDER, "作成の経緯の記載なし"] if counts[k]]


def catalogue_environment(catalogue: Catalogue, site: Site) -> Environment:
    env = environment()
    env.globals.update(catalogue=catalogue, site=site, review=viewpoints, kpi=kpi_summary, viewpoints=VIEWPOINTS,
                       chart=bar_chart, facets=facets(), listed=dimensions.listed(), facet_values=facet_values, unsourced=unsourced,
                       normalised_terms=normalised_terms)
    env.globals.update(own_text=own_text, index_words=index_words)  # the finder's words (generator/pages/readings.py)
    env.globals.update(coverage=lambda year: coverage(catalogue, year), coverages=lambda: coverages(catalogue),
                       selections_of=lambda case: selections_of(case, catalogue))  # generator/catalogue/coverage.py
    env.globals["provenance_counts"] = lambda: _provenance_counts(catalogue.real)
    return env


def render_pages(env: Environment, kind: PageType, contexts: Iterable[dict[str, Any]], site: Site) -> list[tuple[str, str]]:
    out = []
    for context in contexts:
        path = kind.path.format(**context)
        text = render_page(env, kind.template, path, **context)
        meta = kind.meta(context, site) if kind.meta else {} if path == "SUMMARY.md" else {"description": page_description(text)}
        out.append((path, with_front_matter(text, meta) if meta.get("description") or kind.meta else text))
    return out


def render_catalogue(catalogue: Catalogue, site: Site | None = None, cache: "PageCache | None" = None,
                     digests: dict[str, str] | None = None, skip: tuple[str, ...] = ()) -> Files:
    """Every generated file: path under docs/ → text, bytes, or a Path to copy.

    With a cache (generator/site/cache.py), a case page whose inputs are unchanged is not rendered: its entry
    is the path of the page already in docs/ (write.py then leaves it alone)."""
    site = site or Site()
    env = catalogue_environment(catalogue, site)
    files: Files = {}
    todo = list(range(len(catalogue.cases)))
    if cache is not None:
        todo = []
        for i, case in enumerate(catalogue.cases):
            path = CASE_PAGE.path.format(case=case)
            if cache.current(path, case, (digests or {}).get(case.source, "")):
                files[path] = cache.docs_dir / path
            else:
                todo.append(i)
    cases = CasePages(catalogue, site, todo)  # forked workers render these while this process does the rest
    try:
        artifacts: Files = {}
        for artifact in ARTIFACTS:
            if artifact.root not in skip:
                artifacts.update(artifact.make(catalogue, site))
        files.update(artifacts)
        for kind in page_types():
            if kind is CASE_PAGE:
                files.update(cases.result())
            elif kind.root not in skip and not (kind.with_files and skip):  # a page about the artifacts waits for them
                contexts = kind.contexts(catalogue, artifacts) if kind.with_files else kind.contexts(catalogue)  # type: ignore[call-arg]
                files.update(render_pages(env, kind, contexts, site))
    finally:
        cases.close()
    return files


PARALLEL_FROM = 500  # case pages; below this, starting processes costs more than it saves
_SHARED: tuple[Catalogue, Site] | None = None  # inherited by forked workers, never pickled


def _render(catalogue: Catalogue, site: Site, indices: range | list[int]) -> list[tuple[str, str]]:
    env = catalogue_environment(catalogue, site)
    return render_pages(env, CASE_PAGE, ({"case": catalogue.cases[i]} for i in indices), site)


def _render_cases(indices: range | list[int]) -> list[tuple[str, str]]:
    """In a forked worker: the catalogue and site come from the parent's memory, never pickled."""
    assert _SHARED is not None
    return _render(*_SHARED, indices)


class CasePages:
    """The pages of the cases at `todo`. On Linux with many cases they are rendered by forked processes,
    started at once, so that the open data and listings are made in this process meanwhile."""

    def __init__(self, catalogue: Catalogue, site: Site, todo: list[int]) -> None:
        global _SHARED
        self.catalogue, self.site, self.todo = catalogue, site, todo
        self.pool: Any = None
        self.pending: Any = None
        n = len(todo)
        workers = min(os.cpu_count() or 1, 4)
        if n < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return
        step = -(-n // (workers * 4))
        _SHARED = (catalogue, site)
        try:
            self.pool = multiprocessing.get_context("fork").Pool(workers)  # the workers are forked here
        finally:
            _SHARED = None
        self.pending = self.pool.map_async(_render_cases, [todo[i:i + step] for i in range(0, n, step)])

    def result(self) -> list[tuple[str, str]]:
        if self.pending is None:
            return _render(self.catalogue, self.site, self.todo)
        return [item for chunk in self.pending.get() for item in chunk]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()  # finished (result() returned) or abandoned after an error
            self.pool.join()
            self.pool = None
