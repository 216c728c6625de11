"""Each case page says when its file last changed (from git) and links to its history; the feed agrees."""

from __future__ import annotations

import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from conftest import run_cli


def _git(root: Path, *args: str, date: str) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "GIT_AUTHOR_NAME": "t",
           "GIT_AUTHOR_EMAIL": "t@example.jp", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.jp"}
    subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True)


def test_last_update_comes_from_git(project: Path) -> None:
    _git(project, "init", "-q", date="2025-01-10T00:00:00")
    _git(project, "add", "-A", date="2025-01-10T00:00:00")
    _git(project, "commit", "-qm", "cases", date="2025-01-10T00:00:00")
    case = project / "cases" / "sample-yukimino-josetsu.yml"
    case.write_text(case.read_text(encoding="utf-8").replace("雪国のまち", "雪国の町"), encoding="utf-8")
    _git(project, "commit", "-qam", "update one case", date="2025-03-05T00:00:00")
    assert run_cli("generate", cwd=project).returncode == 0
    page = (project / "docs" / "cases" / "sample-yukimino-josetsu.md").read_text(encoding="utf-8")
    assert "最終更新: 2025-03-05" in page
    assert "commits/main/cases/sample-yukimino-josetsu.yml" in page
    other = (project / "docs" / "cases" / "sample-ekimae-jinryu.md").read_text(encoding="utf-8")
    assert "最終更新: 2025-01-10" in other
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring((project / "docs" / "feed.xml").read_bytes())
    first = feed.findall("a:entry", ns)[0]
    assert first.findtext("a:id", namespaces=ns).endswith("/cases/sample-yukimino-josetsu/")
    assert first.findtext("a:updated", namespaces=ns) == "2025-03-05T00:00:00Z"
