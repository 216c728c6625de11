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
    assert wb.sheetnames == ["cases", "kpis", "outcomes"]
    ids = [row[0] for row in wb["cases"].iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == sorted(c["id"] for c in _cases())
    assert wb["kpis"].max_row - 1 == sum(len(c.get("kpis", [])) for c in _cases())


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
    for name in ["cases.json", "cases.csv", "kpis.csv", "cases.xlsx", "case.schema.json"]:
        assert name in html
    assert "CC BY 4.0" in html and "公共データ利用規約" in html
