"""The map page lists every case: those with a position beside the map, the others in a labelled list of their own."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from generator.cli import main


def test_every_case_is_listed_and_those_without_a_position_apart(project: Path) -> None:
    path = sorted((project / "cases").glob("sample-*.yml"))[0]
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    text = re.sub(r"(?m)^location:.*\n(?:  .*\n)*", "", path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    assert main(["--root", str(project), "generate"]) == 0
    page = (project / "docs" / "map.md").read_text(encoding="utf-8")
    located, unlocated = page.split("## 位置が登録されていない事例")
    assert data["title"] in unlocated and data["title"] not in located.split("## 位置が登録されている事例")[1]
    assert "（1 件）" in unlocated
    titles = {yaml.safe_load(p.read_text(encoding="utf-8"))["title"] for p in (project / "cases").glob("*.yml")}
    assert all(t in page for t in titles)
