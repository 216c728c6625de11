"""Search: everything the Pagefind index and the finder need, in one room.

- FACETS: the facets, made from the dimensions with facet=True (generator/catalogue/dimensions.py DIMENSIONS). They drive
  the `data-pagefind-filter` spans on case pages (templates/_pagefind.html.j2 loops over facet_values) and the
  finder's controls (the finder reads data/facets.json, written from the same list). Adding a facet = one
  Dimension (+ goldens).
- The NFKC forms of a case's words indexed beside it (normalised_terms); readings and the case's own words
  are in generator/pages/readings.py.
- The Pagefind command line, indexing a large site in parts (index_site), and reading a built index back
  (indexed_urls) for verification.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from generator.catalogue import dimensions
from generator.read.text import strings

if TYPE_CHECKING:
    from generator.catalogue.model import Case


@dataclass(frozen=True)
class Facet:
    """One filter of the finder: its URL/index name, its Japanese label and the values a case has."""

    name: str
    label: str
    values: Callable[["Case"], list[str]]
    order: str = "count"  # how the finder sorts the options: count | desc | given | region
    given: tuple[str, ...] = ()  # the values in order, when order is "given"


UNKNOWN = dimensions.UNKNOWN  # a value published material does not give: a facet value of its own, never a negative


def facet(d: dimensions.Dimension) -> Facet:
    return Facet(d.id, d.label, d.values, d.finder_order, d.order if isinstance(d.order, tuple) else ())


def facets() -> list[Facet]:
    """The facets: one per dimension with facet=True (generator/catalogue/dimensions.py), unless a list was put in FACETS' place."""
    if isinstance(FACETS, dimensions.Derived):
        return [facet(d) for d in dimensions.DIMENSIONS if d.facet]
    return FACETS


FACETS: list[Facet] = dimensions.Derived(facet(d) for d in dimensions.DIMENSIONS if d.facet)


def facet_values(case: "Case") -> list[tuple[str, str]]:
    """(facet name, value) pairs of one case, in the declared order: what its page tells Pagefind."""
    return [(f.name, v) for f in facets() for v in f.values(case)]


def facets_json(regions: list[tuple[str, list[str]]]) -> str:
    """data/facets.json: the finder builds its controls from this, never from a list of its own."""
    document = {"facets": [{"name": f.name, "label": f.label, "order": f.order, **({"values": list(f.given)} if f.given else {})}
                           for f in facets()], "regions": regions}
    return json.dumps(document, ensure_ascii=False, sort_keys=True) + "\n"


# --- words indexed beside the page -------------------------------------------------------------

WIDTH_VARIANTS = re.compile(r"[\uff01-\uff5e\uff61-\uff9f]+")  # full-width ASCII and half-width kana


def normalised_terms(case: "Case") -> list[str]:
    """Words of the case as NFKC writes them, where NFKC changes them (ﾄﾞﾛｰﾝ → ドローン, ＡＩ → AI).

    Indexed beside the text, so a query normalised the same way in the finder (finder.js normalise) finds
    them; only the changed runs are added, not whole paragraphs, to keep the index small.
    """
    runs = {m.group(0) for _, text in strings(case.data) for m in WIDTH_VARIANTS.finditer(text)}
    return sorted({unicodedata.normalize("NFKC", r) for r in runs} - {""})


# --- Pagefind -----------------------------------------------------------------------------------

PAGEFIND_VERSION = "1.6.0"  # package.json pins the same; 1.6 segments Japanese with ICU4X (see pagefind_binary)


class PagefindMissing(RuntimeError):
    """Pagefind is installed from npm (package-lock.json) by `make site`; it was not found."""


def pagefind_binary() -> str:
    """Pagefind from npm (`npm ci`, package-lock.json), found beside the project or the package.

    Pagefind 1.6 (npm only: PyPI stops at 1.5.2) segments Japanese with ICU4X, as the browser's
    Intl.Segmenter splits the query; 1.5.2 split words of the page into single kanji (実装 → 実 装) that a
    query could not find. CATALOGUE_PAGEFIND names another binary."""
    if os.environ.get("CATALOGUE_PAGEFIND"):
        return os.environ["CATALOGUE_PAGEFIND"]
    for base in (Path.cwd(), Path(__file__).resolve().parents[2]):
        candidate = base / "node_modules" / ".bin" / "pagefind"
        if candidate.exists():
            return str(candidate)
    found = shutil.which("pagefind")
    if found:
        return found
    raise PagefindMissing(f"Pagefind {PAGEFIND_VERSION} が見つかりません。プロジェクトのフォルダで `npm ci` を実行してください（`make site` なら自動で入ります）")


def pagefind_command(site_dir: str, output: str | None = None) -> list[str]:
    """Pagefind over a built site; permalink signs are not indexed."""
    cmd = [pagefind_binary(), "--site", site_dir, "--silent", "--exclude-selectors", ".headerlink"]
    return cmd + (["--output-path", output] if output else [])


# Pagefind holds a whole run in memory: ~340 MB for its Japanese dictionary plus ~0.3 MB per page (measured:
# 10,008 case pages in one run took 3.4 GB and 53 s). A large site is indexed in parts of PART_PAGES case pages,
# LANES runs at a time; part k > 0 is a bundle of its own at pagefind/part-k/, listed in pagefind/parts.json,
# which the finder merges into the main bundle (Pagefind's mergeIndex: results, scores and filter counts are
# combined across the bundles). Measured at 10,008 cases (`make bench`): 6 parts, 2 lanes: 54 s, peak 1.8 GB.
PART_PAGES = 2000
LANES = 2
PARTS_FILE = "parts.json"


def part_pages() -> int:
    return max(1, int(os.environ.get("CATALOGUE_INDEX_PART", PART_PAGES)))


def index_parts(site: Path) -> list[list[Path]]:
    """The site's HTML pages (relative to site) split for indexing: part 0 has every page that is not a case
    page and every n-th case page; part k the other case pages. One part when the site is small."""
    pages = sorted(p.relative_to(site) for p in site.rglob("*.html") if not p.relative_to(site).parts[0].startswith("pagefind"))
    cases = [p for p in pages if p.parts[0] == "cases"]
    count = max(1, -(-len(cases) // part_pages()))
    parts = [cases[k::count] for k in range(count)]
    parts[0] = [p for p in pages if p.parts[0] != "cases"] + parts[0]
    return parts


def _run(cmd: list[str]) -> bool:
    return subprocess.run(cmd).returncode == 0


def index_site(site: Path, output: Path, run: Callable[[list[str]], bool] = _run, lanes: int = LANES) -> bool:
    """Index a built site into output (a Pagefind bundle folder), in parts when it is large. True on success.
    run: how a Pagefind command is run (`catalogue serve` passes one that it can stop); lanes: runs at a time."""
    parts = index_parts(site)
    if len(parts) == 1:
        if not run(pagefind_command(str(site), str(output))):
            return False
        (output / PARTS_FILE).write_text("[]\n", encoding="utf-8")
        fragment_map(site, output)
        return True
    with tempfile.TemporaryDirectory(prefix=".catalogue-index-parts-", dir=site.parent) as tmp:  # same disk: links, renames
        views = [_view(site, Path(tmp) / f"view-{k}", part) for k, part in enumerate(parts)]
        for view in views:
            _guard_keys(view)
        outputs = [Path(tmp) / f"part-{k}" for k in range(len(parts))]
        with ThreadPoolExecutor(max(1, min(lanes, os.cpu_count() or 1))) as pool:
            done = list(pool.map(lambda k: run(pagefind_command(str(views[k]), str(outputs[k]))), range(len(parts))))
        if not all(done):
            return False
        shutil.rmtree(output, ignore_errors=True)
        os.replace(outputs[0], output)
        for k in range(1, len(parts)):
            os.replace(outputs[k], output / f"part-{k}")
    (output / PARTS_FILE).write_text(json.dumps([f"part-{k}/" for k in range(1, len(parts))]) + "\n", encoding="utf-8")
    fragment_map(site, output)
    return True


CASES_CHUNK = 32  # case numbers per file of pagefind/cases/: the ten results shown need at most ten small files


def fragment_map(site: Path, output: Path) -> None:
    """pagefind/cases/<k>.json: where the search fragment of each case number k·32 … k·32+31 is, relative to the
    bundle (the numbers of data/words/ids.json, generator/pages/readings.py word_index_files). The finder decides the
    results and counts from the word index and opens only the fragments of the cases it shows."""
    ids_file = site / "data" / "words" / "ids.json"
    if not ids_file.is_file():
        return
    at = {case_id: n for n, case_id in enumerate(json.loads(ids_file.read_text(encoding="utf-8")))}
    where: list[str] = [""] * len(at)
    for fragment in sorted(output.rglob("*.pf_fragment")):
        data = gzip.decompress(fragment.read_bytes())
        url = json.loads(data[len(FRAGMENT_PREFIX):])["url"] if data.startswith(FRAGMENT_PREFIX) else ""
        found = re.search(r"/cases/([^/]+)/$", url)
        if found and found.group(1) in at:
            where[at[found.group(1)]] = fragment.relative_to(output).as_posix()
    folder = output / "cases"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    for k in range(0, len(where), CASES_CHUNK):
        (folder / f"{k // CASES_CHUNK}.json").write_text(json.dumps(where[k:k + CASES_CHUNK]) + "\n", encoding="utf-8")


GUARD_PAGE = "_search-part/index.html"


def _guard_keys(view: Path) -> None:
    """A page (no case: the finder never shows it) with the words cckw0 … cckwf in every part.

    Pagefind answers a word that is not in a bundle with the longest word of that bundle that starts its query
    ("checking the inverse"). With one bundle that only happens for words not in the site; with parts, a
    word found in one part could bring unrelated pages from the others. With these words, the inverse of such
    a word is this page, which the finder's kind filter leaves out; and the finder keeps a result only when the
    case's own words hold the query (generator/pages/readings.py own_text), so no fallback result is ever shown."""
    page = view / GUARD_PAGE
    page.parent.mkdir(parents=True, exist_ok=True)
    words = " ".join(f"cckw{d:x}" for d in range(16))
    page.write_text(f'<!doctype html><html lang="ja"><head><meta charset="utf-8"><title>-</title></head>'
                    f'<body><main data-pagefind-body data-pagefind-filter="kind:内部"><p>{words}</p></main></body></html>\n', encoding="utf-8")


def _view(site: Path, view: Path, pages: list[Path]) -> Path:
    """A folder holding only these pages at their site paths (hard links: no copying on one disk)."""
    for page in pages:
        target = view / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(site / page, target)
        except OSError:
            shutil.copy2(site / page, target)
    return view


FRAGMENT_PREFIX = b"pagefind_dcd"


def indexed_urls(site: Path) -> set[str]:
    """URLs of every page of the site in a built Pagefind index, all parts (read from its fragments)."""
    urls = set()
    for fragment in (site / "pagefind").rglob("*.pf_fragment"):
        data = gzip.decompress(fragment.read_bytes())
        if data.startswith(FRAGMENT_PREFIX):
            urls.add(json.loads(data[len(FRAGMENT_PREFIX):])["url"])
    return {u for u in urls if not u.endswith("/" + GUARD_PAGE.removesuffix("index.html"))}
