"""How fast the finder answers a reader on a slow phone, and how many bytes its first query costs.

(a) Seconds from typing a query into the finder (事例を探す) until its first result is shown, in headless
chromium with Lighthouse's mobile throttling emulated through the DevTools protocol: 150 ms round trip,
1.6 Mbps down, 750 kbps up (Network.emulateNetworkConditions) and the CPU 4× slower
(Emulation.setCPUThrottlingRate). Each run is a fresh browser context (empty cache): the page is loaded
throttled, the finder gets ready, then the query is set in the box and an input event fired, as a reader's
last keystroke; the clock starts there (so it includes the finder's 250 ms wait for more typing) and stops
when the list shows a result for that query (body[data-finder-answered] = the query, a result in the list).
Median of the runs per query.

Also the seconds until the whole answer (the total and the facet counts: body[data-finder-answered]), which the
finder gives after its first page (docs/assets/finder.js candidates, onFirst).

(b) Bytes transferred (body and headers, compressed as on the wire) by the requests made after the finder is
ready, for the first query typed: those finished when the first result is shown, and all of them until the whole
answer; no throttling (bytes do not depend on it). Requests of Pagefind's web worker are counted too.

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
from generator.devtools import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402

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
    const shown = () => (document.body.dataset.finderFirst === q || document.body.dataset.finderAnswered === q) && list.querySelector('.cc-result');
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
    """query → {median_s, runs_s, status, counted_s}: seconds from typing to the first result (and to the total and counts), throttled as a phone."""
    from playwright.sync_api import sync_playwright

    base, server = serve_folder(site)
    found: dict[str, dict[str, object]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            for q in queries:
                times, counted = [], []
                for _ in range(runs):
                    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True)
                    page = context.new_page()
                    _throttle(context, page)
                    _ready(page, base + "finder/")
                    times.append(page.evaluate(TYPE_AND_WAIT, q)["ms"] / 1000)
                    status = page.inner_text("#cc-status")
                    page.wait_for_function("(q) => document.body.dataset.finderAnswered === q", arg=q, timeout=600_000)
                    counted.append(page.evaluate("() => performance.now() - window.ccTyped") / 1000)
                    context.close()
                found[q] = {"median_s": statistics.median(times), "runs_s": times, "status": status, "counted_s": statistics.median(counted)}
            browser.close()
    finally:
        server.shutdown()
    return found


def first_query_bytes(site: Path, query: str = QUERIES[0]) -> dict[str, int]:
    """Bytes on the wire (body and headers) and requests after the finder is ready: until the first results are
    shown (first_*), and until the whole answer (the total and the facet counts) is there (all_*)."""
    from playwright.sync_api import sync_playwright

    base, server = serve_folder(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context()
            page = context.new_page()
            _ready(page, base + "finder/")
            after = []
            context.on("requestfinished", lambda r: after.append(r))
            shown = page.evaluate(TYPE_AND_WAIT, query)["at"]
            page.wait_for_function("(q) => document.body.dataset.finderAnswered === q", arg=query, timeout=600_000)
            page.wait_for_timeout(500)  # the last requests' events are reported a moment later
            size = {r: r.sizes()["responseBodySize"] + r.sizes()["responseHeadersSize"] for r in after}
            first = [r for r in after if r.timing["startTime"] + r.timing["responseEnd"] <= shown]  # done before the first result
            context.close()
            browser.close()
    finally:
        server.shutdown()
    return {"first_bytes": sum(size[r] for r in first), "first_requests": len(first), "all_bytes": sum(size.values()), "all_requests": len(after)}


def report(site: Path, cases: int, runs: int = 3, queries: list[str] = QUERIES, speed: bool = True) -> list[str]:
    """Markdown lines: the first-results times (if speed) and the first query's bytes on a built site."""
    lines = []
    if speed:
        found = first_results(site, queries, runs)
        lines += [f"Finder on a throttled phone ({cases:,} cases; 150 ms RTT, 1.6 Mbps down, 750 kbps up, CPU ×{CPU_SLOWDOWN}; "
                  f"seconds from typing to the first result, median of {runs}; target ≤ 3 s; counted_s: to the total and the facet counts):", "",
                  "| query | median_s | runs_s | shown first | counted_s |", "|---|---|---|---|---|"]
        lines += [f"| {q} | {r['median_s']:.2f} | {' / '.join(f'{t:.2f}' for t in r['runs_s'])} | {r['status']} | {r['counted_s']:.2f} |" for q, r in found.items()]
        lines.append("")
    got = first_query_bytes(site, queries[0])
    lines.append(f"First query 「{queries[0]}」 at {cases:,} cases, after the finder is ready: {got['first_bytes']:,} bytes in "
                 f"{got['first_requests']} requests until the first results are shown, {got['all_bytes']:,} bytes in {got['all_requests']} "
                 "requests until the total and the facet counts are there (target ≤ 300 KB at 10,000 cases)")
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
