"""Lighthouse 12 (npm, pinned) with Debian chromium, offline, on the five page types, mobile and desktop.

Accessibility, best practices and SEO must be 100, performance at least 90. The site is served by the
tests' static server (generator/devtools.py), which compresses text like the real host. Blocked in the
audited browser: 地理院タイル (the machine is offline; the map works without tiles, see test_map_browser)
and api.github.com (Material's repository widget, which a parallel change removes from the header).
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT
from generator.devtools import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = {"home": "", "case": "cases/sample-shiokaze-bousai/", "finder": "finder/", "map": "map/", "stats": "stats/"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
MINIMUM = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
# No known gaps: a case page on a simulated phone scored 83–92 until tables.js stopped forcing layouts (read all table
# sizes in a ResizeObserver callback, then write); 91–97 in 5 runs after (2026-11-28, idle 2-core machine).
KNOWN_GAPS: dict[tuple[str, str, str], int] = {}
BLOCKED = ["*cyberjapandata.gsi.go.jp*", "*api.github.com*"]


def lighthouse(url: str, form_factor: str, out: Path) -> dict:
    if not LIGHTHOUSE.exists():
        pytest.fail(f"{LIGHTHOUSE} is missing: run `npm ci` (make test does)")
    flags = " ".join(["--headless=new", *CHROMIUM_ARGS])
    command = [str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={out}", f"--chrome-flags={flags}",
               f"--only-categories={','.join(CATEGORIES)}", "--max-wait-for-load=30000",
               *(f"--blocked-url-patterns={p}" for p in BLOCKED)]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    done = subprocess.run(command, env={**os.environ, "CHROME_PATH": str(CHROMIUM)}, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert not report.get("runtimeError"), report["runtimeError"]
    return report


def scores(report: dict) -> dict[str, int]:
    return {c: round((report["categories"][c]["score"] or 0) * 100) for c in CATEGORIES}


def failing_audits(report: dict, category: str) -> list[str]:
    return [f"{ref['id']} ({report['audits'][ref['id']].get('displayValue', report['audits'][ref['id']]['score'])})"
            for ref in report["categories"][category]["auditRefs"]
            if ref["weight"] and report["audits"][ref["id"]]["score"] is not None and report["audits"][ref["id"]]["score"] < 1]


@pytest.mark.parametrize("form_factor", ["mobile", "desktop"])
@pytest.mark.parametrize("kind", list(PAGES))
def test_lighthouse_scores(kind: str, form_factor: str, site_url: str, browser, tmp_path: Path) -> None:
    # `browser` only makes the test skip (or fail on CI) when chromium is missing, like the other browser tests.
    url = site_url + PAGES[kind]
    report = lighthouse(url, form_factor, tmp_path / "report.json")
    got = scores(report)
    minimum = {c: KNOWN_GAPS.get((kind, form_factor, c), MINIMUM[c]) for c in CATEGORIES}
    if got["performance"] < MINIMUM["performance"]:  # timing varies from run to run: the median of three runs counts
        runs = sorted([(got["performance"], 0, report)] + [(scores(r)["performance"], k, r) for k, r in
                      ((k, lighthouse(url, form_factor, tmp_path / f"retry-{k}.json")) for k in (1, 2))])
        report, got = runs[1][2], {**got, "performance": runs[1][0]}
    print(f"lighthouse {kind} {form_factor}: {got}")
    low = {c: f"{got[c]} < {minimum[c]}: {failing_audits(report, c)}" for c in CATEGORIES if got[c] < minimum[c]}
    assert not low, f"{kind} ({form_factor}) {url}"
