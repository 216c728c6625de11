"""The everyday changes of ARCHITECTURE.md, each done for real in a scratch copy of the whole project.

Each scenario edits the files a newcomer would edit (and nothing else), runs the scratch copy's own generator or
tests, and checks the change shows where the table says it does. The number of files edited is compared with the
bold count in the table's row, so the table cannot drift from what a change costs.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
import yaml

from conftest import ROOT, copy_project

pytestmark = pytest.mark.scratch  # five generator runs in copies of the project: outside the quick loop (make check)

TABLE = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8").split("## Everyday changes", 1)[1].split("\n## ", 1)[0]
SAMPLE = "sample-shiokaze-bousai"  # the case that carries a new field in the field scenario


def table_count(change: str) -> int:
    """The bold count of the row whose first cell holds the bold word `change`."""
    for line in TABLE.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 1 and f"**{change}**" in cells[0]:
            found = re.match(r"\*\*(\d+)\*\*", cells[1])
            assert found, f"the row of {change} must start its files cell with a bold count: {cells[1][:40]}"
            return int(found.group(1))
    raise AssertionError(f"ARCHITECTURE.md's everyday-change table has no row for {change}")


class Scratch:
    """A throwaway copy of the project with the generator and the tests beside it; edits are counted per file."""

    def __init__(self, root: Path) -> None:
        self.root = copy_project(root)
        for part in ("generator", "tests"):
            shutil.copytree(ROOT / part, self.root / part, ignore=shutil.ignore_patterns("__pycache__", "golden"))
        shutil.copy2(ROOT / "pyproject.toml", self.root / "pyproject.toml")
        self.edited: set[str] = set()

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{rel}: the anchor {old!r} must occur once (found {text.count(old)})"
        path.write_text(text.replace(old, new), encoding="utf-8")
        self.edited.add(rel)

    def write(self, rel: str, text: str) -> None:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.edited.add(rel)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        """The scratch copy's own generator (`python -m` puts the current folder first on the path)."""
        return subprocess.run([sys.executable, "-m", "generator", *args], cwd=self.root, capture_output=True, text=True)

    def pytest(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args],
                              cwd=self.root, capture_output=True, text=True)

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")


def add_field(s: Scratch) -> None:
    """A top-level field 標語 (motto), shown in the summary table: schema, view, partial."""
    schema_path = "generator/schema/case.schema.json"
    schema = json.loads(s.read(schema_path))
    schema["properties"]["motto"] = {"type": "string", "title": "標語", "description": "まちの標語（あれば）。"}
    s.write(schema_path, json.dumps(schema, ensure_ascii=False, indent=2) + "\n")
    s.edit("generator/pages/view/top.py", "    plateau: Said  # 活用している", "    motto: Any  # the case's motto, or None: no row\n    plateau: Said  # 活用している")
    s.edit("generator/pages/view/top.py", "    return Summary(\n", "    return Summary(\n        motto=d[\"motto\"] or None,\n")
    s.edit("generator/pages/templates/case/_summary.md.j2", "| [PLATEAU]", "{% if s.motto %}\n| 標語 | {{ s.motto }} |\n{% endif %}\n| [PLATEAU]")


def carry_field(s: Scratch) -> None:
    """The scenario's own fixture: one case of the scratch project carries the field (no sample of the repo does)."""
    case = s.root / "cases" / f"{SAMPLE}.yml"
    case.write_text(case.read_text(encoding="utf-8") + "motto: 海と風のまち\n", encoding="utf-8")


def field_shows(s: Scratch) -> None:
    assert "| 標語 | 海と風のまち |" in s.read(f"docs/cases/{SAMPLE}.md")
    assert "| 標語 |" not in s.read("docs/cases/sample-seseragi-mimamori.md"), "a case without the field has no row"


def add_dimension(s: Scratch) -> None:
    """実施した年度の数: "cases by" pages, a statistics table and an open-data column from one declaration."""
    s.edit("generator/catalogue/dimensions.py", "    Dimension(\"tech\", ",
           "    Dimension(\"span\", \"実施した年度の数\", lambda c: [f\"{len(c.rounds)} 年度\"], facet=False, listing=\"by\",\n"
           "              column=ColumnSpec(\"round_count\", \"事例が書いている年度の数\", width=8)),\n"
           "    Dimension(\"tech\", ")


def dimension_shows(s: Scratch) -> None:
    assert "実施した年度の数" in s.read("docs/by/span/index.md")
    assert "実施した年度の数" in s.read("docs/stats.md")
    header = s.read("docs/data/cases.csv").splitlines()[0]
    assert "round_count" in header.split(",")
    assert "round_count" in s.read("docs/data.md")


def add_column(s: Scratch) -> None:
    """The number of KPIs of a case, as an open-data column."""
    s.edit("generator/pages/opendata.py", "    Place(\"tech\"),\n",
           "    Place(\"tech\"),\n    Column(\"kpi_count\", \"KPIの数\", \"事例が書いている KPI の数\", lambda c, u: len(c.kpis), \"int\", 8),\n")


def column_shows(s: Scratch) -> None:
    rows = s.read("docs/data/cases.csv").splitlines()
    assert "kpi_count" in rows[0].split(",")
    assert "kpi_count" in s.read("docs/data.md") and "KPIの数" in s.read("docs/data.md")


def add_year(s: Scratch) -> None:
    """A later programme year with themes of its own."""
    s.write("programmes/2027.yml", "fiscal_year: 2027\nlabel: 令和9年度\nprogramme: スマートシティ実装化支援事業\nfunding: [補助]\n"
            "pillars:\n  - id: moving\n    title: 移動\n    themes:\n      - id: future-mobility\n        title: 未来の移動\n        description: 移動の未来をつくる事業\n")


def add_rule(s: Scratch) -> None:
    """A warning: a KPI with a numeric target but no baseline. The rule, and one row of the table of warnings."""
    s.edit("generator/check/kpis.py", "\n\n@rule\ndef _check_quantity_ranges",
           "\n\n@rule\ndef _check_kpi_baseline(doc: Document, data: dict[str, Any], ctx: Context) -> list[Problem]:\n"
           "    return [at(doc, (\"kpis\", i), f\"KPI「{k.get('name', '')}」に基準値 (baseline) がありません。分かれば書いてください\", \"warning\")\n"
           "            for i, k in dicts(data.get(\"kpis\")) if \"target\" in k and \"baseline\" not in k]\n"
           "\n\n@rule\ndef _check_quantity_ranges")
    # The base case is a complete case, so it gets the baseline (a line added to it moves no other row: the rows
    # name YAML paths and their lines are computed), and the row takes it away again.
    s.edit("tests/check/test_errors.py", "    unit: 件\n    target: 10\nlinks:", "    unit: 件\n    baseline: 4\n    target: 10\nlinks:")
    s.edit("tests/check/test_errors.py", "WARNINGS = [\n",
           "WARNINGS = [\n    (\"kpi-without-baseline\", \"    baseline: 4\\n\", \"\", \"kpis[0]\", [\"基準値 (baseline)\"]),\n")


@dataclass(frozen=True)
class Change:
    row: str  # the bold word of its row in ARCHITECTURE.md
    make: Callable[[Scratch], None]
    check: Callable[[Scratch], None] | None  # after `generate`; None: the scratch copy's own tests are the check
    tests: tuple[str, ...] = ()
    fixture: Callable[[Scratch], None] | None = None  # the scenario's own data (not counted: no repo file)


CHANGES = [
    Change("field", add_field, field_shows, fixture=carry_field),
    Change("dimension", add_dimension, dimension_shows),
    Change("column", add_column, column_shows),
    Change("rule", add_rule, None, ("tests/check/test_errors.py", "tests/catalogue/test_samples.py")),
]


@pytest.mark.parametrize("change", CHANGES, ids=[c.row for c in CHANGES])
def test_an_everyday_change_touches_the_files_the_table_says(change: Change, tmp_path: Path) -> None:
    s = Scratch(tmp_path / "project")
    change.make(s)
    if change.check is not None:
        if change.fixture is not None:
            change.fixture(s)
        done = s.run("generate")
        assert done.returncode == 0, done.stderr[-3000:]
        change.check(s)
    else:
        done = s.pytest(*change.tests)
        assert done.returncode == 0, done.stdout[-3000:]
    assert len(s.edited) == table_count(change.row), sorted(s.edited)


def test_a_programme_year_is_one_file(tmp_path: Path) -> None:
    """programmes/<year>.yml with themes of its own: a case of that year validates with its themes and is listed."""
    s = Scratch(tmp_path / "project")
    add_year(s)
    path = s.root / "cases" / f"{SAMPLE}.yml"
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    themed = [r for r in case["rounds"] if r.get("themes")][-1]  # the scenario's own fixture: that round moves to 2027
    text = path.read_text(encoding="utf-8").replace(f"- fiscal_year: {themed['fiscal_year']}\n", "- fiscal_year: 2027\n")
    themes = "".join(f"      - {t}\n" for t in themed["themes"])
    assert themes in text
    path.write_text(text.replace(themes, "      - future-mobility\n"), encoding="utf-8")
    done = s.run("validate", f"cases/{SAMPLE}.yml")
    assert done.returncode == 0, done.stdout + done.stderr
    done = s.run("generate")
    assert done.returncode == 0, done.stderr[-3000:]
    listed = "\n".join(p.read_text(encoding="utf-8") for p in (s.root / "docs").rglob("*.md") if "未来の移動" in p.read_text(encoding="utf-8"))
    assert SAMPLE in listed, "the year's theme page lists the case"
    assert len(s.edited) == table_count("year") == 1
