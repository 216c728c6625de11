"""Coverage of each programme year's selection, recomputed here from the programme files and the case files
(plain YAML, not the generator's model) and compared with what the year pages and the home page say.

A selected district is held when a real case (no `sample: true`) has a round in that year and names the district's
municipality code; a district without a code is held when its `match` words (or its name) are in a case's title.
Also: provenance is said on every real case page and counted on the home page; a confirmation is a one-line change.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, run_cli

PARTS = ["mkdocs.yml", "cases", "programmes", "docs", "overrides"]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("coverage") / "project"
    target.mkdir()
    for part in PARTS:
        (shutil.copytree if (ROOT / part).is_dir() else shutil.copy2)(ROOT / part, target / part)
    done = run_cli("generate", cwd=target)
    assert done.returncode == 0, done.stderr
    return target


def real_cases(root: Path) -> list[dict]:
    found = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((root / "cases").glob("*.yml"))]
    return [c for c in found if c.get("sample") is not True]


def held(entry: dict, year: int, cases: list[dict]) -> list[str]:
    out = []
    for c in cases:
        if year not in {r["fiscal_year"] for r in c["rounds"]}:
            continue
        codes = {str(m.get("code", "")) for m in c["municipalities"]}
        words = entry.get("match") or entry["name"]
        if (entry.get("code") and str(entry["code"]) in codes) or (not entry.get("code") and words in c["title"]):
            out.append(c["title"])
    return out


def selection_years(root: Path) -> list[tuple[int, list[dict]]]:
    years = []
    for p in sorted((root / "programmes").glob("*.yml")):
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
        if data.get("selected") is not None:
            years.append((int(data["fiscal_year"]), data["selected"]))
    return years


def test_there_are_selection_years_to_check(generated: Path) -> None:
    assert len(selection_years(generated)) >= 2


def test_year_pages_and_home_say_the_coverage_as_recomputed(generated: Path) -> None:
    cases = real_cases(generated)
    home = (generated / "docs" / "index.md").read_text(encoding="utf-8")
    for year, selected in selection_years(generated):
        page = (generated / "docs" / "years" / f"{year}.md").read_text(encoding="utf-8")
        m = sum(1 for e in selected if held(e, year, cases))
        sentence = re.search(r"採択された (\d+) 地区のうち、\*\*(\d+) 地区\*\*を掲載", page)
        assert sentence and (int(sentence.group(1)), int(sentence.group(2))) == (len(selected), m), (year, sentence and sentence.groups())
        assert re.search(rf"採択された {len(selected)} 地区のうち \*\*{m} 地区\*\*を掲載", home), year
        for e in selected:
            line = next(line for line in page.splitlines() if f"**{e['prefecture']} {e['name']}**" in line)
            titles = held(e, year, cases)
            if titles:
                assert all(t in line for t in titles), line
            else:  # the missing ones invite a contribution, pre-filled with the year and the place
                assert "**未掲載**" in line and f"submit/?year={year}" in line, line


def test_every_real_case_page_says_its_provenance_and_the_home_counts_it(generated: Path) -> None:
    cases = real_cases(generated)
    for c in cases:
        page = (generated / "docs" / "cases" / f"{c['id']}.md").read_text(encoding="utf-8")
        said = next(line for line in page.splitlines() if line.startswith("作成の経緯: "))
        if c["provenance"].get("confirmed"):
            assert f"自治体が確認（{c['provenance']['confirmed']}）" in said
        elif c["provenance"]["entered_by"] == "カタログ（公開資料から）":
            assert "公開資料をもとにカタログが作成" in said and "自治体の確認前" in said
    before = sum(1 for c in cases if c["provenance"]["entered_by"] == "カタログ（公開資料から）" and not c["provenance"].get("confirmed"))
    home = (generated / "docs" / "index.md").read_text(encoding="utf-8")
    assert f"カタログが作成（自治体の確認前） {before} 件" in home


def test_a_confirmation_is_one_line(generated: Path, tmp_path: Path) -> None:
    root = tmp_path / "p"
    shutil.copytree(generated, root, ignore=shutil.ignore_patterns("site", ".catalogue-cache"))
    path = root / "cases" / "okazaki-smart-data.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  entered: 2026-12-02\n", "  entered: 2026-12-02\n  confirmed: 2026-12-20\n", 1), encoding="utf-8")
    assert run_cli("generate", cwd=root).returncode == 0
    page = (root / "docs" / "cases" / "okazaki-smart-data.md").read_text(encoding="utf-8")
    assert "自治体が確認（2026-12-20）" in page
    assert "自治体が確認 1 件" in (root / "docs" / "index.md").read_text(encoding="utf-8")
