"""Lighthouse 12 (npm, pinned) with Debian chromium, offline, on the five page types, mobile and desktop.

Shared by the test (tests/site/test_lighthouse_browser.py: accessibility, best practices and SEO must be 100, they are
not timings) and the benchmark (`make bench`: the performance score is a timing, so it is measured here as the
median of several runs per page type and form factor, never asserted in the test suite).

The site is served by the tests' static server (generator/site/devtools.py), which compresses text like the real host.
Blocked in the audited browser: 地理院タイル (the machine is offline; the map works without tiles, see
test_map_browser) and api.github.com (Material's repository widget).

    python benchmarks/lighthouse.py [--site SITE_DIR] [--runs 3] [--out benchmarks/out]

Without --site, the bundled samples are built into --out/lighthouse first (as the tests build them).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from generator.site.devtools import CHROMIUM, CHROMIUM_ARGS, serve_folder  # noqa: E402

LIGHTHOUSE = ROOT / "node_modules" / "lighthouse"
RUNNER = Path(__file__).with_name("lighthouse.mjs")
PAGES = {"home": "", "case": "cases/sample-shiokaze-bousai/", "finder": "finder/", "map": "map/", "stats": "stats/"}
FORM_FACTORS = ["mobile", "desktop"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
BLOCKED = ["*cyberjapandata.gsi.go.jp*", "*api.github.com*"]
# The metrics behind the performance score, as Lighthouse names its audits (milliseconds; CLS has no unit).
METRICS = {"FCP": "first-contentful-paint", "LCP": "largest-contentful-paint", "TBT": "total-blocking-time",
           "CLS": "cumulative-layout-shift", "SI": "speed-index"}


class LighthouseError(RuntimeError):
    pass


def lighthouse(jobs: list[tuple[str, str]], work: Path, categories: list[str], parallel: int = 1) -> list[dict]:
    """Lighthouse on each (url, form factor); the JSON reports in the order of `jobs`.

    The jobs run one after another in one node process and one chromium (benchmarks/lighthouse.mjs: no node start,
    Lighthouse load and browser launch per page), or in `parallel` such processes at once, each with its own chromium:
    a run mostly waits for the page to be quiet, so scores that are not timings can be gathered side by side.
    Timings (performance) are measured with parallel=1.
    """
    if not LIGHTHOUSE.is_dir():
        raise LighthouseError(f"{LIGHTHOUSE} is missing: run `npm ci` (make test does)")
    work.mkdir(parents=True, exist_ok=True)
    outs = [work / f"report-{k}.json" for k in range(len(jobs))]
    groups = [list(range(len(jobs)))[g::parallel] for g in range(max(1, parallel))]
    procs = []
    for g, group in enumerate(g for g in groups if g):
        spec = {"chromePath": str(CHROMIUM), "chromeFlags": ["--headless=new", *CHROMIUM_ARGS], "categories": categories,
                "blocked": BLOCKED, "jobs": [{"url": jobs[k][0], "formFactor": jobs[k][1], "out": str(outs[k])} for k in group]}
        (work / f"spec-{g}.json").write_text(json.dumps(spec), encoding="utf-8")
        log = (work / f"lighthouse-{g}.log").open("w+", encoding="utf-8")  # a file, not a pipe: a full pipe would block
        procs.append((subprocess.Popen(["node", str(RUNNER), str(work / f"spec-{g}.json")], cwd=ROOT, stdout=log, stderr=log), log, group))
    failed = []
    for proc, log, group in procs:
        try:
            code = proc.wait(timeout=180 * len(group))
        except subprocess.TimeoutExpired:
            proc.kill()
            code = proc.wait()
        log.seek(0)
        if code != 0:
            failed.append(log.read()[-2000:])
        log.close()
    if failed:
        raise LighthouseError("\n".join(failed))
    reports = [json.loads(out.read_text(encoding="utf-8")) for out in outs]
    for (url, ff), report in zip(jobs, reports):
        if report.get("runtimeError"):
            raise LighthouseError(f"{url} ({ff}): {report['runtimeError']}")
    return reports


def scores(report: dict) -> dict[str, int]:
    return {c: round((report["categories"][c]["score"] or 0) * 100) for c in report["categories"]}


def failing_audits(report: dict, category: str) -> list[str]:
    return [f"{ref['id']} ({report['audits'][ref['id']].get('displayValue', report['audits'][ref['id']]['score'])})"
            for ref in report["categories"][category]["auditRefs"]
            if ref["weight"] and report["audits"][ref["id"]]["score"] is not None and report["audits"][ref["id"]]["score"] < 1]


def measure(base_url: str, runs: int, work: Path) -> list[dict[str, object]]:
    """Every page type × form factor, `runs` times each: the median of each score and metric, and the performance range."""
    pairs = [(kind, ff) for kind in PAGES for ff in FORM_FACTORS]
    jobs = [(base_url + PAGES[kind], ff) for _ in range(runs) for kind, ff in pairs]  # round after round
    reports = lighthouse(jobs, work, CATEGORIES)
    rows = []
    for i, (kind, form_factor) in enumerate(pairs):
        mine = reports[i::len(pairs)]
        got = [scores(r) for r in mine]
        row: dict[str, object] = {"page": kind, "form_factor": form_factor, "runs": runs}
        row.update({c: statistics.median(s[c] for s in got) for c in CATEGORIES})
        perf = sorted(s["performance"] for s in got)
        row["performance_range"] = f"{perf[0]}–{perf[-1]}"
        for name, audit in METRICS.items():
            row[name] = float(statistics.median(r["audits"][audit]["numericValue"] for r in mine))
        rows.append(row)
    return rows


COLS = ["page", "form_factor", "runs", "performance", "performance_range", "FCP", "LCP", "TBT", "CLS", "SI",
        "accessibility", "best-practices", "seo"]


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}" if value < 1 else f"{value:,.0f}"
    return str(value)


def table(rows: list[dict[str, object]]) -> list[str]:
    header = ["| " + " | ".join(COLS) + " |", "|" + "---|" * len(COLS)]
    return header + ["| " + " | ".join(_cell(r[c]) for c in COLS) + " |" for r in rows]


def build_samples(target: Path) -> Path:
    """The bundled samples built with `catalogue build` (as the tests build them); returns site/."""
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from synth import synthesise

    project = synthesise(target, 0, keep_samples=True)
    done = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=project, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"catalogue build failed: {done.stderr[-2000:]}")
    return project / "site"


def report(site: Path, runs: int) -> list[str]:
    """Lines of the Markdown report for a built site."""
    url, server = serve_folder(site)
    try:
        with tempfile.TemporaryDirectory() as work:
            rows = measure(url, runs, Path(work))
    finally:
        server.shutdown()
    load = os.getloadavg()[0]
    return [f"Lighthouse: median of {runs} runs per page type and form factor (scores 0–100; FCP, LCP, TBT, SI in ms), "
            f"load average {load:.1f} at the end", "", *table(rows)]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--site", type=Path, help="a built site/ folder (default: build the samples)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    site = args.site or build_samples(args.out / "lighthouse")
    lines = [f"{dt.datetime.now():%Y-%m-%d %H:%M}", "", *report(site, args.runs)]
    text = "\n".join(lines) + "\n"
    print(text)
    (args.out / "lighthouse.md").write_text(text, encoding="utf-8")
    print(f"written to {args.out / 'lighthouse.md'}")


if __name__ == "__main__":
    main()
