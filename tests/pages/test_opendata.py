"""Open data files and the Atom feed: readable by common tools, complete, valid."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from conftest import ROOT, SNAPSHOT


def _cases() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((SNAPSHOT / "cases").glob("*.yml"))]


def _data(built_site: Path, name: str) -> bytes:
    return (built_site / "site" / "data" / name).read_bytes()


def test_cases_csv_has_a_bom_and_round_trips(built_site: Path) -> None:
    raw = _data(built_site, "cases.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {(r["id"], r["title"]) for r in rows} == {(c["id"], c["title"]) for c in _cases()}
    assert all(r["sample"] == "True" for r in rows)


def test_kpis_csv_has_one_row_per_kpi(built_site: Path) -> None:
    raw = _data(built_site, "kpis.csv")
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [(r["case_id"], r["kpi"]) for r in sorted(rows, key=lambda r: r["case_id"])] == [
        (c["id"], k["name"]) for c in sorted(_cases(), key=lambda c: c["id"]) for k in c.get("kpis", [])]


def test_xlsx_opens_with_both_sheets(built_site: Path) -> None:
    wb = load_workbook(built_site / "site" / "data" / "cases.xlsx")
    assert wb.sheetnames == ["事例", "年度", "年度外の金額", "KPI", "成果"]
    ids = [row[0] for row in wb["事例"].iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == sorted(c["id"] for c in _cases())
    assert wb["KPI"].max_row - 1 == sum(len(c.get("kpis", [])) for c in _cases())


def test_cases_json_validates_against_the_published_schema(built_site: Path) -> None:
    document = json.loads(_data(built_site, "cases.json"))
    schema = json.loads((built_site / "site" / "schema" / "case.schema.json").read_text(encoding="utf-8"))
    assert document["schema"] == schema["$id"] and document["schema_version"]
    validator = Draft202012Validator(schema)
    for case in document["cases"]:
        assert not list(validator.iter_errors(case)), case["id"]
    assert {c["id"] for c in document["cases"]} == {c["id"] for c in _cases()}


def test_atom_feed_lists_every_case(built_site: Path) -> None:
    root = ET.fromstring(_data(built_site, "../feed.xml"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert root.tag == "{http://www.w3.org/2005/Atom}feed"
    ids = [e.findtext("a:id", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert sorted(i.rstrip("/").rsplit("/", 1)[1] for i in ids) == sorted(c["id"] for c in _cases())
    assert all(e.findtext("a:updated", namespaces=ns) for e in root.findall("a:entry", ns))


def test_data_page_states_the_licence_and_links_the_files(built_site: Path) -> None:
    html = (built_site / "site" / "data" / "index.html").read_text(encoding="utf-8")
    for name in ["cases.json", "cases.csv", "rounds.csv", "rounds-ja.csv", "other-money.csv", "other-money-ja.csv", "kpis.csv", "cases.xlsx", "case.schema.json"]:
        assert name in html
    assert "CC BY 4.0" in html and "公共データ利用規約" in html


def test_japanese_csvs_have_the_same_rows_with_japanese_headers(built_site: Path) -> None:
    from generator.pages.opendata import CASE_COLUMNS, KPI_COLUMNS

    for name, columns in [("cases", CASE_COLUMNS), ("kpis", KPI_COLUMNS)]:
        keyed = list(csv.reader(io.StringIO(_data(built_site, f"{name}.csv").decode("utf-8-sig"))))
        japanese = list(csv.reader(io.StringIO(_data(built_site, f"{name}-ja.csv").decode("utf-8-sig"))))
        assert keyed[0] == [c.key for c in columns]
        assert japanese[0] == [c.label for c in columns] and japanese[0][:2] in (["事例ID", "事業名"],)
        assert keyed[1:] == japanese[1:]
    assert _data(built_site, "cases-ja.csv").startswith(b"\xef\xbb\xbf")


def test_xlsx_header_is_japanese_bold_frozen_and_filtered_with_real_dates_and_amounts(project: Path) -> None:
    import datetime as dt
    import os
    import subprocess

    from conftest import run_cli

    env = {**os.environ, "GIT_AUTHOR_DATE": "2025-06-02T10:00:00+09:00", "GIT_COMMITTER_DATE": "2025-06-02T10:00:00+09:00",
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.jp", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.jp"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "cases"]):
        subprocess.run(["git", *args], cwd=project, env=env, check=True, capture_output=True)
    assert run_cli("generate", cwd=project).returncode == 0
    wb = load_workbook(project / "docs" / "data" / "cases.xlsx")
    assert wb.sheetnames == ["事例", "年度", "年度外の金額", "KPI", "成果"]
    for ws in wb.worksheets:
        header = [c.value for c in ws[1]]
        assert all(isinstance(h, str) and any(ord(ch) > 0x3000 for ch in h) or h in ("KPI", "PLATEAU の活用") for h in header), header
        assert all(c.font.b for c in ws[1])
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        assert ws.column_dimensions["B"].width >= 30  # the title column is wide enough to read
    cases = wb["事例"]
    header = [c.value for c in cases[1]]
    rows = [{h: c for h, c in zip(header, r)} for r in cases.iter_rows(min_row=2)]
    row = next(r for r in rows if isinstance(r["総事業費（円）"].value, int))  # a case whose total is an exact amount
    assert row["最終更新日"].is_date and row["最終更新日"].value == dt.datetime(2025, 6, 2)
    assert row["最終更新日"].number_format == "yyyy-mm-dd"
    assert row["総事業費（円）"].number_format == "#,##0"
    assert row["主な年度"].number_format == "General"  # 2024, not 2,024
    approx = next(r for r in rows if r["事例ID"].value == "sample-tsubame-okane")  # 約5億円: no 円 figure, the words as published
    assert approx["総事業費（円）"].value is None and approx["公表された事業費"].value == "約5億円"


def test_municipality_codes_are_filled_from_the_cases(project: Path) -> None:
    from conftest import run_cli

    path = project / "cases" / "sample-seseragi-mimamori.yml"
    text = path.read_text(encoding="utf-8").replace("sample: true", "sample: true", 1)
    text = text.replace("  - prefecture: 岩手県\n    name: せせらぎ町\n", "  - prefecture: 長野県\n    name: 長野市\n    code: \"202011\"\n", 1)
    path.write_text(text, encoding="utf-8")
    done = run_cli("generate", cwd=project)
    assert done.returncode == 0, done.stderr
    for name, key in [("cases.csv", "municipality_codes"), ("cases-ja.csv", "全国地方公共団体コード")]:
        rows = list(csv.DictReader(io.StringIO((project / "docs" / "data" / name).read_text(encoding="utf-8-sig"))))
        by_id = {r.get("id") or r.get("事例ID"): r for r in rows}
        assert by_id["sample-seseragi-mimamori"][key] == "202011"
    wb = load_workbook(project / "docs" / "data" / "cases.xlsx")
    header = [c.value for c in wb["事例"][1]]
    column = header.index("全国地方公共団体コード")
    values = {r[0]: r[column] for r in wb["事例"].iter_rows(min_row=2, values_only=True)}
    assert values["sample-seseragi-mimamori"] == "202011"  # text, so a leading zero would survive


def test_every_column_is_explained_on_the_data_page(built_site: Path) -> None:
    from generator.pages.opendata import CASE_COLUMNS, KPI_COLUMNS, ROUND_COLUMNS

    html = (built_site / "site" / "data" / "index.html").read_text(encoding="utf-8")
    for column in CASE_COLUMNS + ROUND_COLUMNS + KPI_COLUMNS:
        assert f"<code>{column.key}</code>" in html and column.label in html and column.description.split("（")[0] in html, column.key
    assert "cases-ja.csv" in html and "Unicode (UTF-8)" in html and "CSV:44,34,76" in html


KIND_WORDS = {"exact": "正確", "approx": "約", "range": "幅", "unknown": "不明"}


def _published_kind(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return "exact"
    return "approx" if "approx" in value else "range" if "min" in value else "unknown"


def test_every_rounds_amount_is_in_rounds_csv_and_xlsx_with_its_kind(project: Path) -> None:
    """One row per case and round: each amount (exact, 約, 幅, unknown, or of unclear kind) with its kind, read
    here from the YAML; 国費10割 is 不明 unless the case says it or its figures show it."""
    from conftest import run_cli

    done = run_cli("generate", cwd=project)
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO((project / "docs" / "data" / "rounds.csv").read_text(encoding="utf-8-sig"))))
    wb = load_workbook(project / "docs" / "data" / "cases.xlsx")
    header = [c.value for c in wb["年度"][1]]
    sheet = [dict(zip(header, r)) for r in wb["年度"].iter_rows(min_row=2, values_only=True)]
    cases = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((project / "cases").glob("*.yml"))]
    want = sorted((c["id"], r["fiscal_year"]) for c in cases for r in c["rounds"])
    assert sorted((r["case_id"], int(r["fiscal_year"])) for r in rows) == want
    assert len(sheet) == len(rows)
    seen_kinds = set()
    for c in cases:
        of_case = [r for r in rows if r["case_id"] == c["id"]]
        xl_case = [r for r in sheet if r["事例ID"] == c["id"]]
        for rnd in c["rounds"]:
            row = next(r for r in of_case if int(r["fiscal_year"]) == rnd["fiscal_year"])
            xl = next(r for r in xl_case if r["年度"] == rnd["fiscal_year"])
            budget = rnd.get("budget") or {}
            for key, label in [("total", "事業費総額"), ("subsidy", "補助額"), ("unclassified", "総額か補助額か分からない金額"),
                               ("consortium_share", "コンソーシアム負担額")]:
                value = budget.get(key)
                kind = _published_kind(value)
                seen_kinds.add((key, kind))
                assert row[f"{key}_kind"] == KIND_WORDS.get(kind, ""), (c["id"], rnd["fiscal_year"], key)
                figure = value if kind == "exact" else value["approx"] if kind == "approx" else value["min"] if kind == "range" else None
                assert row[key] == ("" if figure is None else str(figure)), (c["id"], key)
                assert xl[f"{label}（円）"] == figure and xl[f"{label}の区分"] == (KIND_WORDS.get(kind) or None)
                assert row[f"{key}_max"] == (str(value["max"]) if kind == "range" else "")
            stated = budget.get("full_state_funding")
            if stated is None:  # the case does not say: never False unless its own figures show a share
                share, total, subsidy = (budget.get(k) for k in ("consortium_share", "total", "subsidy"))
                shown = (isinstance(share, int) and share > 0) or (isinstance(total, int) and isinstance(subsidy, int) and subsidy < total)
                assert row["full_state_funding"] == ("False" if shown else "不明"), (c["id"], rnd["fiscal_year"])
            else:
                assert row["full_state_funding"] == str(stated)
    # the samples hold an exact amount of unclear kind in a round other than the main one, and a 約 total
    assert ("unclassified", "exact") in seen_kinds and ("total", "approx") in seen_kinds
    kogane = next(r for r in rows if r["case_id"] == "sample-kogane-shiengaku" and r["fiscal_year"] == "2025")
    assert kogane["main"] == "False" and kogane["unclassified"] == "27500000" and kogane["unclassified_kind"] == "正確"
