"""Feed entries carry published (first commit) and updated (last commit) with time; sitemap lastmod comes from git, not the build."""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import run_cli

ATOM = {"a": "http://www.w3.org/2005/Atom"}
SITEMAP = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
FIRST = "2025-01-10T09:15:30+09:00"  # 00:15:30 UTC
SECOND = "2025-03-05T18:40:05+09:00"  # 09:40:05 UTC
CHANGED = "sample-yukimino-josetsu"


def _git(root: Path, *args: str, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.jp", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.jp"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def _two_commits(project: Path) -> None:
    _git(project, "init", "-q", date=FIRST)
    _git(project, "add", "-A", date=FIRST)
    _git(project, "commit", "-qm", "all cases", date=FIRST)
    case = project / "cases" / f"{CHANGED}.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("雪国のまち", "雪国の町"), encoding="utf-8")
    _git(project, "commit", "-qam", "update one case", date=SECOND)


@pytest.mark.build
def test_feed_and_sitemap_dates_come_from_the_case_files_history(project: Path) -> None:
    _two_commits(project)
    done = run_cli("build", cwd=project)
    assert done.returncode == 0, done.stderr

    feed = ET.fromstring((project / "site" / "feed.xml").read_bytes())
    entries = {e.findtext("a:id", namespaces=ATOM).rstrip("/").rsplit("/", 1)[1]: e for e in feed.findall("a:entry", ATOM)}
    changed, other = entries[CHANGED], entries["sample-ekimae-jinryu"]
    assert changed.findtext("a:published", namespaces=ATOM) == "2025-01-10T00:15:30Z"
    assert changed.findtext("a:updated", namespaces=ATOM) == "2025-03-05T09:40:05Z"
    assert other.findtext("a:published", namespaces=ATOM) == other.findtext("a:updated", namespaces=ATOM) == "2025-01-10T00:15:30Z"
    assert feed.findall("a:entry", ATOM)[0] is changed  # newest change first
    assert feed.findtext("a:updated", namespaces=ATOM) == "2025-03-05T09:40:05Z"

    sitemap = ET.fromstring((project / "site" / "sitemap.xml").read_bytes())
    lastmod = {u.findtext("s:loc", namespaces=SITEMAP): u.findtext("s:lastmod", namespaces=SITEMAP) for u in sitemap.findall("s:url", SITEMAP)}
    case_urls = {loc: when for loc, when in lastmod.items() if "/cases/" in loc}
    assert len(case_urls) == len(list((project / "cases").glob("*.yml")))
    assert case_urls[next(loc for loc in case_urls if loc.endswith(f"/cases/{CHANGED}/"))] == "2025-03-05T09:40:05Z"
    assert case_urls[next(loc for loc in case_urls if loc.endswith("/cases/sample-ekimae-jinryu/"))] == "2025-01-10T00:15:30Z"
    # Every page's date is one of the two commits: nothing carries the build date.
    assert set(lastmod.values()) <= {"2025-01-10T00:15:30Z", "2025-03-05T09:40:05Z"}
    home = next(when for loc, when in lastmod.items() if loc.endswith("/catalogue/"))
    assert home == "2025-03-05T09:40:05Z"  # a listing page: the newest case it lists


def test_without_git_history_the_sitemap_has_no_invented_dates(built_site: Path) -> None:
    project = built_site  # the shared build: a project copy that is not a git repository
    sitemap = ET.fromstring((project / "site" / "sitemap.xml").read_bytes())
    assert sitemap.findall("s:url", SITEMAP)
    assert not sitemap.findall("s:url/s:lastmod", SITEMAP)
