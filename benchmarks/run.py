"""Benchmark: synthesise 100 / 1,000 / 10,000 cases from the samples, build each, print a table.

Run with `make bench` (not part of `make test`). Each step runs as its own process so that its peak
memory can be read from the kernel (wait4). The bytes a first search fetches are measured in headless
chromium from the Resource Timing entries, not estimated.

    python benchmarks/run.py [--sizes 100 1000 10000] [--out benchmarks/out]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import ROOT, synthesise  # noqa: E402

from generator.build import mkdocs_command, mkdocs_env  # noqa: E402  (the same commands as `catalogue build`)
from generator.devtools import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402
from generator.search import pagefind_command  # noqa: E402

PROBE_CASE = "sample-ekimae-jinryu"  # an unchanged sample present in every synthetic project
QUERY = "見守り"


def timed(cmd: list[str], cwd: Path) -> tuple[float, int]:
    """Seconds and peak RSS (MiB) of one command."""
    env = mkdocs_env()
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would block the child
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=log)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed: {log.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss // 1024


def first_query_bytes(site: Path) -> tuple[int, int]:
    """Bytes under /pagefind/ fetched by (a) one Pagefind API query, (b) the finder page's first query.

    Counted from the browser's network events (these include requests made by Pagefind's worker).
    """
    from playwright.sync_api import sync_playwright

    base, server = serve_folder(site)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            results = []
            for url, action in [(base + "about/", "api"), (base + "finder/?q=" + QUERY, "finder")]:
                context = browser.new_context()
                fetched: list[int] = []
                context.on("requestfinished", lambda r, f=fetched: f.append(r.sizes()["responseBodySize"]) if "/pagefind/" in r.url else None)
                page = context.new_page()
                page.goto(url)
                if action == "api":
                    page.evaluate("async (q) => { const pf = await import('/pagefind/pagefind.js'); const r = await pf.search(q);"
                                  " await Promise.all(r.results.slice(0, 5).map(x => x.data())); }", QUERY)
                else:
                    page.wait_for_selector("body[data-finder-ready=true]", timeout=300_000)
                page.wait_for_timeout(500)
                results.append(sum(fetched))
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return results[0], results[1]


def bench(n: int, out: Path) -> dict[str, object]:
    project = synthesise(out / f"p{n}", n, keep_samples=True)
    py = sys.executable
    row: dict[str, object] = {"cases": n + 8}
    row["validate_s"], rss_v = timed([py, "-m", "generator", "validate"], project)
    row["generate_s"], rss_g = timed([py, "-m", "generator", "generate"], project)
    row["mkdocs_s"], rss_m = timed(mkdocs_command("build", "--site-dir", "site"), project)
    row["index_s"], rss_i = timed(pagefind_command("site"), project)
    row["total_s"] = sum(float(row[k]) for k in ("validate_s", "generate_s", "mkdocs_s", "index_s"))
    row["peak_rss_mib"] = max(rss_v, rss_g, rss_m, rss_i)
    row["case_html_bytes"] = (project / "site" / "cases" / PROBE_CASE / "index.html").stat().st_size
    row["site_mib"] = sum(f.stat().st_size for f in (project / "site").rglob("*") if f.is_file()) / 2**20
    row["query_api_bytes"], row["query_finder_bytes"] = first_query_bytes(project / "site")
    return row


FLOOD = 2000


def flood(out: Path) -> tuple[float, int]:
    """A pull request with FLOOD look-alike files of one municipality: validation seconds and peak RSS."""
    project = synthesise(out / "flood", FLOOD, one_place=True)
    return timed([sys.executable, "-m", "generator", "validate"], project)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", type=int, default=[0, 100, 1000, 10000], help="synthetic cases besides the 8 samples")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--flood", type=int, default=1, help="0: skip the flood line (2,000 files of one municipality)")
    parser.add_argument("--query-only", action="store_true", help="only measure search bytes on sites already built in --out")
    args = parser.parse_args()
    if args.query_only:
        for n in args.sizes:
            api, finder = first_query_bytes(args.out / f"p{n}" / "site")
            print(f"{n + 8} cases: first query {api:,} bytes (Pagefind API, 5 results), {finder:,} bytes (finder page)")
        return
    cols = ["cases", "validate_s", "generate_s", "mkdocs_s", "index_s", "total_s", "peak_rss_mib", "case_html_bytes", "site_mib", "query_api_bytes", "query_finder_bytes"]
    print("| " + " | ".join(cols) + " |")
    print("|" + "---|" * len(cols))
    for n in args.sizes:
        row = bench(n, args.out)
        print("| " + " | ".join(f"{row[c]:.1f}" if isinstance(row[c], float) else f"{row[c]:,}" for c in cols) + " |", flush=True)
    if args.flood:
        seconds, rss = flood(args.out)
        print(f"flood: {FLOOD:,} files of one municipality validate in {seconds:.1f} s (peak RSS {rss} MiB)", flush=True)


if __name__ == "__main__":
    main()
