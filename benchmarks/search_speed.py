"""How fast the finder answers a reader on a slow phone, and how many bytes its first query costs.

(a) Seconds from typing a query into the finder (事例を探す) until its first result is shown, in headless
chromium with Lighthouse's mobile throttling emulated through the DevTools protocol: 150 ms round trip,
1.6 Mbps down, 750 kbps up (Network.emulateNetworkConditions) and the CPU 4× slower
(Emulation.setCPUThrottlingRate). Each run is a fresh browser context (empty cache): the page is loaded
throttled, the finder gets ready, then the query is set in the box and an input event fired, as a reader's
last keystroke; the clock starts there (so it includes the finder's 250 ms wait for more typing) and stops
when the list shows a result for that query (body[data-finder-answered] = the query, a result in the list).
Median of the runs per query.

The finder shows its first page and the total together (docs/assets/finder.js: the word index under data/words/
decides the results and the facet counts; only the ten cases shown open their Pagefind fragment), so the first
result and the whole answer are the same moment: body[data-finder-answered] = the query.

(b) Bytes transferred (body and headers, compressed as on the wire) by every request made after the finder is
ready (the word index, the case-number map, Pagefind's fragments and anything else), for the first query typed,
until the answer is shown and 500 ms after; no throttling (bytes do not depend on it). Requests of Pagefind's
web worker are counted too.

Both are timings or sizes of one machine, reported by `make bench`, never asserted in tests.

    python benchmarks/search_speed.py --site SITE [--runs 3] [--queries 見守り みまもり 防災]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.site.devtools import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402

QUERIES = ["見守り", "みまもり", "防災"]
# Lighthouse's mobile preset (its "slow 4G" and a mid-range phone), as the brief of issue 21 states them.
MOBILE = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
CPU_SLOWDOWN = 4

# Resolves with the milliseconds from the input event to the first result of that query in the list (ms), and when (at,
# milliseconds since the epoch, as Playwright's request timings).
TYPE_AND_WAIT = """async (q) => {
  const box = document.getElementById('cc-q');
  const list = document.getElementById('cc-results');
  return await new Promise((resolve) => {
    const shown = () => document.body.dataset.finderAnswered === q && list.querySelector('.cc-result');
    const seen = new MutationObserver(() => { if (shown()) { seen.disconnect(); resolve({ ms: performance.now() - t0, at: performance.timeOrigin + performance.now() }); } });
    seen.observe(document.body, { attributes: true, childList: true, subtree: true });
    const t0 = window.ccTyped = performance.now();
    box.value = q;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
}"""


def _throttle(context, page) -> None:
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", MOBILE)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})


def _ready(page, url: str) -> None:
    page.goto(url, timeout=300_000)
    page.wait_for_selector("body[data-finder-ready=true]", timeout=300_000)


def first_results(site: Path, queries: list[str] = QUERIES, runs: int = 3) -> dict[str, dict[str, object]]:
    """query → {median_s, runs_s, status}: seconds from typing to the first result, throttled as a phone."""
    from playwright.sync_api import sync_playwright

    base, server = serve_folder(site)
    found: dict[str, dict[str, object]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for q in queries:
                times = []
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
                    page = context.new_page()
                    _throttle(context, page)
                    _ready(page, base + "finder/")
                    times.append(page.evaluate(TYPE_AND_WAIT, q)["ms"] / 1000)
                    status = page.inner_text("#cc-status")
                    context.close()
                found[q] = {"median_s": statistics.median(times), "runs_s": times, "status": status}
            browser.close()
    finally:
        server.shutdown()
    return found


def _wire(r) -> int:
    sizes = r.sizes()
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


def _search_request(url: str) -> bool:
    return "/pagefind/" in url or "/data/" in url


def first_query_bytes(site: Path, query: str = QUERIES[0]) -> dict[str, int]:
    """Bytes on the wire (body and headers) for the first query, counted two ways:

    typed_*: every request made after the finder is ready, from typing the query until its answer is shown
    (+500 ms for the last events); opened_*: opening `finder/?q=<query>` in an empty cache, every request for
    search (under pagefind/ and data/: Pagefind's script, wasm, entry and filters, the word index, the
    fragments) until the answer is shown — what a reader arriving from a shared link pays."""
    from playwright.sync_api import sync_playwright

    base, server = serve_folder(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context()
            page = context.new_page()
            _ready(page, base + "finder/")
            typed: list = []
            context.on("requestfinished", lambda r: typed.append(r))
            page.evaluate(TYPE_AND_WAIT, query)
            page.wait_for_timeout(500)  # the last requests' events are reported a moment later
            typed = [_wire(r) for r in typed]
            context.close()
            context = browser.new_context()
            opened: list = []
            context.on("requestfinished", lambda r: opened.append(r) if _search_request(r.url) else None)
            page = context.new_page()
            page.goto(base + "finder/?q=" + query, timeout=300_000)
            page.wait_for_function("(q) => document.body.dataset.finderAnswered === q", arg=query, timeout=600_000)
            page.wait_for_timeout(500)
            opened = [_wire(r) for r in opened]
            context.close()
            browser.close()
    finally:
        server.shutdown()
    return {"typed_bytes": sum(typed), "typed_requests": len(typed), "opened_bytes": sum(opened), "opened_requests": len(opened)}


def report(site: Path, cases: int, runs: int = 3, queries: list[str] = QUERIES, speed: bool = True) -> list[str]:
    """Markdown lines: the first-results times (if speed) and the first query's bytes on a built site."""
    lines = []
    if speed:
        found = first_results(site, queries, runs)
        lines += [f"Finder on a throttled phone ({cases:,} cases; 150 ms RTT, 1.6 Mbps down, 750 kbps up, CPU ×{CPU_SLOWDOWN}; "
                  f"seconds from typing to the first result, median of {runs}; target ≤ 3 s):", "",
                  "| query | median_s | runs_s | the finder said |", "|---|---|---|---|"]
        lines += [f"| {q} | {r['median_s']:.2f} | {' / '.join(f'{t:.2f}' for t in r['runs_s'])} | {r['status']} |" for q, r in found.items()]
        lines.append("")
    for q in queries:
        got = first_query_bytes(site, q)
        lines.append(f"First query 「{q}」 at {cases:,} cases: typed once the finder is ready {got['typed_bytes']:,} bytes in "
                     f"{got['typed_requests']} requests; opening finder/?q={q} (search files only, Pagefind's start included) "
                     f"{got['opened_bytes']:,} bytes in {got['opened_requests']} requests (target ≤ 300 KB at 10,000 cases)")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, required=True, help="a built site/ folder")
    parser.add_argument("--cases", type=int, default=0, help="how many cases the site holds (for the report)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--queries", nargs="*", default=QUERIES)
    parser.add_argument("--bytes-only", action="store_true")
    args = parser.parse_args()
    print("\n".join(report(args.site, args.cases, args.runs, args.queries, speed=not args.bytes_only)))


if __name__ == "__main__":
    main()
