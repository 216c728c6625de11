"""Benchmark: synthesise 100 / 1,000 / 10,000 cases from the samples, build each, print a table.

Run with `make bench` (not part of `make test`). Each step runs as its own process; its peak memory is the
largest sum of the resident memory of its whole process tree (sampled every 50 ms from /proc, so that
parallel MkDocs shards and worker processes count together), and its CPU time comes from wait4. The bytes
a first search fetches are measured in headless chromium from the network events, not estimated, and the
seconds from typing to the first result on a phone emulated with Lighthouse's mobile throttling
(benchmarks/search_speed.py; up to 1,008 cases).

Steps, each on a fresh synthetic project: validate; generate (all pages); mkdocs (as `catalogue build`
runs it: one process per core from 200 cases); index (Pagefind as `catalogue build` runs it: in parts of
2,000 case pages, 2 at a time, above 2,000 case pages). total = generate + mkdocs + index (the end-to-end
build; validate is part of generate). Then the incremental figures: `catalogue generate` after editing one
case, and in `catalogue serve` the seconds from saving one case to its new page being served (preview_s)
and to the search index holding the edit (search_s). hugo_s: Debian's hugo building the same case pages
(the generated Markdown, minimal layouts), when hugo is installed; ratio = total / hugo.

Last, Lighthouse on the bundled samples' site (benchmarks/lighthouse.py): the median of 3 runs (--lighthouse-runs)
per page type and form factor, performance score and its metrics. Performance is a timing: it is reported here,
never asserted in the tests (which require accessibility, best practices and SEO = 100).

    python benchmarks/run.py [--sizes 100 1000 10000] [--out benchmarks/out] [--serve-max 1000] [--lighthouse-runs 3]
    python benchmarks/run.py --lighthouse-only
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lighthouse import build_samples  # noqa: E402
from lighthouse import report as lighthouse_report  # noqa: E402
from search_speed import first_query_bytes, first_results  # noqa: E402
from synth import ROOT, synthesise  # noqa: E402

from generator.site.build import mkdocs_env  # noqa: E402  (the same commands as `catalogue build`)
from generator.site.devtools import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402

PROBE_CASE = "sample-ekimae-jinryu"  # an unchanged sample present in every synthetic project
EDIT_CASE = "sample-yukimino-josetsu"  # the case edited for the incremental figures
QUERY = "見守り"
THROTTLED_MAX = 1008  # the throttled first-result time is measured up to this many cases
FLOOD = 2000
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


@dataclass
class Step:
    seconds: float
    cpu: float
    peak_mib: float  # the whole process tree at once


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        p = todo.pop()
        pids.append(p)
        for task in Path(f"/proc/{p}/task").glob("*"):
            try:
                todo += [int(c) for c in (task / "children").read_text().split()]
            except OSError:
                pass
    return pids


def _rss(pids: list[int]) -> int:
    total = 0
    for p in pids:
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            pass
    return total


def timed(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Step:
    """Seconds, CPU seconds and peak resident memory (MiB, process tree) of one command."""
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would block the child
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env or mkdocs_env(), stdout=subprocess.DEVNULL, stderr=log)
        peak = [0]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak[0] = max(peak[0], _rss(_tree(proc.pid)))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        sampler.join()
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            raise SystemExit(f"{' '.join(cmd)} failed: {log.read().decode()[-2000:]}")
    peak_mib = max(peak[0] / 2**20, usage.ru_maxrss / 1024)
    return Step(seconds, usage.ru_utime + usage.ru_stime, peak_mib)


def _edit(project: Path, marker: str) -> None:
    case = project / "cases" / f"{EDIT_CASE}.yml"
    case.write_text(re.sub(r"department: .*", f"department: {marker}", case.read_text(encoding="utf-8"), count=1), encoding="utf-8")


def _fetch(url: str) -> str:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=10) as response:
            return response.read().decode("utf-8", "replace")
    except OSError:
        return ""


def preview_latency(project: Path, deadline: float = 900) -> tuple[float, float]:
    """`catalogue serve`: seconds from saving one case to (a) its new page served, (b) its words in the index."""
    import gzip

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    log = project / "serve.log"
    proc = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=project,
                            stdout=subprocess.DEVNULL, stderr=log.open("wb"))

    def wait(condition, what: str) -> float:
        started = time.perf_counter()
        while not condition():
            if proc.poll() is not None or time.perf_counter() - started > deadline:
                raise SystemExit(f"serve: no {what}: {log.read_text(encoding='utf-8', errors='replace')[-2000:]}")
            time.sleep(0.05)
        return time.perf_counter() - started

    try:
        wait(lambda: "プレビュー: http" in log.read_text(encoding="utf-8", errors="replace"), "address")
        url = re.search(r"プレビュー: (\S+)", log.read_text(encoding="utf-8")).group(1) + f"cases/{EDIT_CASE}/"
        wait(lambda: "検索インデックスを更新しました" in log.read_text(encoding="utf-8", errors="replace"), "first index")
        marker = f"ほくほくいも{time.time_ns() % 100000}"
        started = time.perf_counter()
        _edit(project, marker)
        wait(lambda: marker in _fetch(url), "edited page")
        page_s = time.perf_counter() - started
        fragments = project / "docs" / "pagefind"

        def indexed() -> bool:
            for f in fragments.rglob("*.pf_fragment"):
                try:
                    if marker in gzip.decompress(f.read_bytes()).decode("utf-8", "replace").replace("\u200b", ""):  # Pagefind marks word breaks
                        return True
                except (OSError, EOFError):
                    pass
            return False

        wait(indexed, "edit in the index")
        return page_s, time.perf_counter() - started
    finally:
        proc.terminate()
        proc.wait(60)


HUGO_LAYOUT = "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title></head><body>{{ .Content }}</body></html>\n"


def hugo_seconds(project: Path) -> float | None:
    """Debian's hugo building the same case pages (the generated Markdown, front matter title only)."""
    hugo = shutil.which("hugo")
    if not hugo:
        return None
    site = project / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    (site / "content" / "cases").mkdir(parents=True)
    (site / "layouts" / "_default").mkdir(parents=True)
    for name in ("single.html", "list.html"):
        (site / "layouts" / "_default" / name).write_text(HUGO_LAYOUT, encoding="utf-8")
    (site / "hugo.toml").write_text('baseURL = "https://example.invalid/"\nlanguageCode = "ja"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap"]\n'
                                    '[markup.goldmark.renderer]\nunsafe = true\n', encoding="utf-8")
    for page in (project / "docs" / "cases").glob("*.md"):
        text = page.read_text(encoding="utf-8")
        body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
        title = re.search(r"^# (.*)$", body, re.M)
        (site / "content" / "cases" / page.name).write_text(f'---\ntitle: "{(title.group(1) if title else page.stem).replace(chr(34), "")}"\n---\n{body}', encoding="utf-8")
    return timed([hugo, "--quiet", "-d", "public"], site, env=dict(os.environ)).seconds


def _mkdocs(cases: int) -> list[str]:
    """MkDocs as `catalogue build` runs it; an older generator (benchmarking a previous commit) has one process."""
    try:
        from generator.site.build import run_mkdocs  # noqa: F401
    except ImportError:
        from generator.site.build import mkdocs_command
        return mkdocs_command("build", "--site-dir", "site")
    return [sys.executable, "-c", "from pathlib import Path; from generator.site.build import run_mkdocs, shard_count; "
            f"run_mkdocs(Path('.'), 'site', shard_count({cases}))"]


def _index() -> list[str]:
    """Pagefind as `catalogue build` runs it (in parts at scale); an older generator runs it once."""
    try:
        from generator.pages.search import index_site  # noqa: F401
    except ImportError:
        from generator.pages.search import pagefind_command
        return pagefind_command("site")
    return [sys.executable, "-c", "import sys; from pathlib import Path; from generator.pages.search import index_site; "
            "sys.exit(0 if index_site(Path('site').resolve(), Path('site/pagefind').resolve()) else 1)"]


def bench(n: int, out: Path, serve_max: int) -> dict[str, object]:
    project = synthesise(out / f"p{n}", n, keep_samples=True)
    py = sys.executable
    cases = sum(1 for _ in (project / "cases").rglob("*.yml"))  # n synthetic cases and the samples kept
    row: dict[str, object] = {"cases": cases}
    steps = {
        "validate": timed([py, "-m", "generator", "validate"], project),
        "generate": timed([py, "-m", "generator", "generate"], project),
        "mkdocs": timed(_mkdocs(cases), project),
        "index": timed(_index(), project),
    }
    for name, step in steps.items():
        row[f"{name}_s"] = step.seconds
        row[f"{name}_mib"] = step.peak_mib
    row["total_s"] = sum(steps[k].seconds for k in ("generate", "mkdocs", "index"))
    row["cpu_s"] = sum(steps[k].cpu for k in ("generate", "mkdocs", "index"))
    row["peak_rss_mib"] = max(s.peak_mib for s in steps.values())
    row["case_html_bytes"] = (project / "site" / "cases" / PROBE_CASE / "index.html").stat().st_size
    row["site_mib"] = sum(f.stat().st_size for f in (project / "site").rglob("*") if f.is_file()) / 2**20
    got = first_query_bytes(project / "site", QUERY)
    row["query_typed_bytes"], row["query_opened_bytes"] = got["typed_bytes"], got["opened_bytes"]
    # first results on a throttled phone (Lighthouse's mobile preset): the target is stated at 100 cases
    row["first_result_s"] = first_results(project / "site", [QUERY], runs=3)[QUERY]["median_s"] if cases <= THROTTLED_MAX else "-"
    _edit(project, "ベンチマークの編集")
    row["incr_generate_s"] = timed([py, "-m", "generator", "generate"], project).seconds
    row["preview_s"], row["search_s"] = preview_latency(project) if cases <= serve_max else ("-", "-")
    hugo = hugo_seconds(project)
    row["hugo_s"] = hugo if hugo is not None else "-"
    row["ratio"] = float(row["total_s"]) / hugo if hugo else "-"  # type: ignore[arg-type]
    return row


COLS = ["cases", "validate_s", "generate_s", "mkdocs_s", "index_s", "total_s", "cpu_s", "peak_rss_mib", "generate_mib", "mkdocs_mib",
        "index_mib", "case_html_bytes", "site_mib", "query_typed_bytes", "query_opened_bytes", "first_result_s", "incr_generate_s", "preview_s", "search_s",
        "hugo_s", "ratio"]


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:,.1f}" if value >= 10 or value == 0 else f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def machine() -> str:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines() if line.startswith("model name")), platform.processor())
    mem = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))) / 2**20
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB, Python {platform.python_version()}, load average {os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", type=int, default=[100, 1000, 10000], help="synthetic cases besides the 8 samples")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--serve-max", type=int, default=1008, help="measure the preview (catalogue serve) up to this many cases")
    parser.add_argument("--flood", type=int, default=1, help="0: skip the flood line (2,000 files of one municipality)")
    parser.add_argument("--query-only", action="store_true", help="only measure search bytes on sites already built in --out")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page type and form factor (0: skip)")
    parser.add_argument("--lighthouse-only", action="store_true", help="only the Lighthouse report (benchmarks/out/lighthouse.md)")
    args = parser.parse_args()
    if args.lighthouse_only:
        args.out.mkdir(parents=True, exist_ok=True)
        lines = [f"{dt.datetime.now():%Y-%m-%d %H:%M}, {machine()}", "", *lighthouse_report(build_samples(args.out / "lighthouse"), args.lighthouse_runs or 3)]
        (args.out / "lighthouse.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print("\n".join(lines) + f"\nwritten to {args.out / 'lighthouse.md'}")
        return
    if args.query_only:
        for n in args.sizes:
            got = first_query_bytes(args.out / f"p{n}" / "site", QUERY)
            print(f"{n + 8} cases: first query 「{QUERY}」 {got['typed_bytes']:,} bytes in {got['typed_requests']} requests once the finder is ready, "
                  f"{got['opened_bytes']:,} bytes in {got['opened_requests']} requests opening finder/?q= (search files, Pagefind's start included)")
        return
    args.out.mkdir(parents=True, exist_ok=True)
    lines = [f"{dt.datetime.now():%Y-%m-%d %H:%M}, {machine()}", "", "| " + " | ".join(COLS) + " |", "|" + "---|" * len(COLS)]
    print("\n".join(lines), flush=True)
    for n in args.sizes:
        row = bench(n, args.out, args.serve_max)
        lines.append("| " + " | ".join(_cell(row[c]) for c in COLS) + " |")
        print(lines[-1], flush=True)
    if args.flood:
        step = timed([sys.executable, "-m", "generator", "validate"], synthesise(args.out / "flood", FLOOD, one_place=True))
        lines += ["", f"flood: {FLOOD:,} files of one municipality validate in {step.seconds:.1f} s (CPU {step.cpu:.1f} s, peak {step.peak_mib:.0f} MiB)"]
        print(lines[-1], flush=True)
    if args.lighthouse_runs:
        found = lighthouse_report(build_samples(args.out / "lighthouse"), args.lighthouse_runs)
        lines += ["", *found]
        print("\n".join(found), flush=True)
    lines += ["", f"finished with load average {os.getloadavg()[0]:.1f}"]
    text = "\n".join(lines) + "\n"
    (args.out / "latest.md").write_text(text, encoding="utf-8")
    (args.out / f"bench-{dt.datetime.now():%Y%m%d-%H%M%S}.md").write_text(text, encoding="utf-8")
    print(f"written to {args.out / 'latest.md'}")


if __name__ == "__main__":
    main()
