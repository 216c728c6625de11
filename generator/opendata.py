"""Open data: cases.json, cases.csv, kpis.csv (UTF-8 with BOM, for Excel) and cases.xlsx.

Byte-for-byte reproducible: stable ordering, no clock time (the xlsx carries fixed dates).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from typing import Any

from generator import SCHEMA_VERSION
from generator.model import Case, Catalogue
from generator.caseschema import case_schema
from generator.values import amount_words, exact, is_unknown, source_ids

FIXED_TIME = dt.datetime(2000, 1, 1)
CASE_COLUMNS = ["id", "title", "sample", "fiscal_year", "fiscal_years", "programme", "funding", "subsidy_type", "support_category",
                "stage", "themes", "theme_ids", "prefectures", "municipalities", "municipality_codes", "district", "lat", "lon",
                "key_concept", "technologies", "plateau", "consortium", "budget_total", "budget_total_as_published", "subsidy",
                "subsidy_as_published", "consortium_share", "full_state_funding", "kpis", "kpis_achieved", "outcomes", "sources",
                "updated", "url"]
KPI_COLUMNS = ["case_id", "case_title", "sample", "fiscal_year", "kpi", "unit", "direction", "baseline", "baseline_year",
               "target", "target_text", "timing", "method", "latest_value", "latest_date", "attainment", "source", "wellbeing"]
OUTCOME_COLUMNS = ["case_id", "case_title", "sample", "kind", "what", "value", "unit", "finding", "date", "measured_by", "measurer",
                   "period", "comparison_area", "comparison_value", "source", "source_url"]
UNKNOWN = "不明"


def _cell(value: Any) -> Any:
    """A value for a spreadsheet cell: unknown → 不明, absent → empty."""
    if is_unknown(value):
        return UNKNOWN
    return "" if value is None else value


def _sources(case: Case, ref: Any) -> tuple[str, str]:
    by_id = {s["id"]: s for s in case.data["sources"]}
    found = [by_id[i] for i in source_ids(ref) if i in by_id]
    return _join([s["title"] for s in found]), _join([s["url"] for s in found])


def _join(values: list[Any]) -> str:
    return "；".join(str(v) for v in values if v not in (None, ""))


def case_row(case: Case, site_url: str) -> dict[str, Any]:
    d = case.data
    main = case.main
    budget = main.data["budget"] or {}
    location = d["location"] or {}
    consortium = d["consortium"] or {}
    return {
        "id": case.id, "title": case.title, "sample": case.sample, "fiscal_year": case.year,
        "fiscal_years": _join(case.years), "programme": _cell(main.programme), "funding": _cell(main.funding),
        "subsidy_type": _cell(main.data["type"]), "support_category": _cell(main.data["category"]), "stage": _cell(d["stage"]),
        "themes": _join([t.title for t in case.themes]), "theme_ids": _join([t.id for t in case.themes]),
        "prefectures": _join([p.name for p in case.prefectures]),
        "municipalities": _join([m["name"] for m in d["municipalities"]]),
        "municipality_codes": _join([m["code"] for m in d["municipalities"]]),
        "district": d["district"] or "", "lat": location.get("lat", ""), "lon": location.get("lon", ""),
        "key_concept": _cell(d["key_concept"]), "technologies": _join(case.technologies),
        "plateau": UNKNOWN if case.plateau is None else case.plateau,
        "consortium": _cell(consortium.get("name")), "budget_total": _cell(exact(budget.get("total"))),
        "budget_total_as_published": amount_words(budget.get("total")) if budget.get("total") is not None else "",
        "subsidy": _cell(exact(budget.get("subsidy"))),
        "subsidy_as_published": amount_words(budget.get("subsidy")) if budget.get("subsidy") is not None else "",
        "consortium_share": _cell(exact(budget.get("consortium_share"))), "full_state_funding": bool(budget.get("full_state_funding")),
        "kpis": len(case.kpis), "kpis_achieved": sum(k.attainment == "達成" for k in case.kpis), "outcomes": len(d["outcomes"]),
        "sources": len(d["sources"]), "updated": case.updated or "",
        "url": f"{site_url}cases/{case.id}/",
    }


def kpi_rows(case: Case) -> list[dict[str, Any]]:
    rows = []
    for k in case.kpis:
        d, latest = k.data, k.latest or {}
        rows.append({
            "case_id": case.id, "case_title": case.title, "sample": case.sample, "fiscal_year": case.year,
            "kpi": d["name"], "unit": d["unit"] or "", "direction": d["direction"] or "増加",
            "baseline": _num(d["baseline"]), "baseline_year": d["baseline_year"] or "", "target": _num(d["target"]),
            "target_text": d["target_text"] or "", "timing": d["timing"] or "", "method": d["method"] or "",
            "latest_value": _num(latest.get("value")), "latest_date": latest.get("date", ""), "attainment": k.attainment,
            "source": _sources(case, latest.get("source") or d["source"])[0], "wellbeing": d["wellbeing"] or "",
        })
    return rows


def outcome_rows(case: Case) -> list[dict[str, Any]]:
    """Outcomes (surveys, findings, third-party evaluations) and quantities that are not KPIs, one row each."""
    rows = []
    for o in case.data["outcomes"]:
        title, link = _sources(case, o["source"])
        comparison = o["comparison"] or {}
        rows.append({"case_id": case.id, "case_title": case.title, "sample": case.sample, "kind": "成果", "what": o["what"],
                     "value": _num(o["value"]), "unit": o["unit"] or "", "finding": o["finding"] or "", "date": o["date"] or "",
                     "measured_by": _cell(o["measured_by"]), "measurer": o["measurer"] or "", "period": _cell(o["period"]),
                     "comparison_area": comparison.get("area", ""), "comparison_value": _num(comparison.get("value")),
                     "source": title, "source_url": link})
    for f in case.data["facts"]:
        title, link = _sources(case, f["source"])
        rows.append({"case_id": case.id, "case_title": case.title, "sample": case.sample, "kind": "数量", "what": f["label"],
                     "value": f["value"], "unit": f["unit"], "finding": f["note"] or "", "date": f["date"] or "", "measured_by": "",
                     "measurer": "", "period": "", "comparison_area": "", "comparison_value": "", "source": title, "source_url": link})
    return rows


def _num(value: Any) -> Any:
    return "" if value is None else value


def _csv(columns: list[str], rows: list[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")  # BOM: Excel reads the Japanese correctly


def _xlsx(sheets: dict[str, tuple[list[str], list[dict[str, Any]]]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)  # streams rows: several times faster at 10,000 cases
    for title, (columns, rows) in sheets.items():
        ws = wb.create_sheet(title)
        ws.append(columns)
        for row in rows:
            ws.append([row[c] for c in columns])
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.creator = "smartcity-catalogue"
    raw = io.BytesIO()
    wb.save(raw)
    return _fixed_zip(raw.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same zip with every entry dated 1980-01-01, so two builds give the same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here, whatever we set
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rb"\g<1>2000-01-01T00:00:00Z\g<2>", content)
            dst.writestr(fixed, content)
    return out.getvalue()


def open_data(catalogue: Catalogue, site_url: str) -> dict[str, bytes]:
    cases = catalogue.cases
    case_rows = [case_row(c, site_url) for c in cases]
    kpi_all = [r for c in cases for r in kpi_rows(c)]
    outcome_all = [r for c in cases for r in outcome_rows(c)]
    document = {
        "schema_version": SCHEMA_VERSION,
        "schema": case_schema()["$id"],
        "license": "CC BY 4.0",
        "cases": [c.raw for c in cases],
    }
    return {
        "data/cases.json": (json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8"),
        "data/cases.csv": _csv(CASE_COLUMNS, case_rows),
        "data/kpis.csv": _csv(KPI_COLUMNS, kpi_all),
        "data/outcomes.csv": _csv(OUTCOME_COLUMNS, outcome_all),
        "data/cases.xlsx": _xlsx({"cases": (CASE_COLUMNS, case_rows), "kpis": (KPI_COLUMNS, kpi_all), "outcomes": (OUTCOME_COLUMNS, outcome_all)}),
    }


def cases_geojson(cases: list[Case]) -> str:
    """data/cases.geojson: the located cases, for the map and for GIS tools."""
    features = [{
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [c.data["location"]["lon"], c.data["location"]["lat"]]},
        "properties": {"id": c.id, "title": c.title, "place": c.place, "url": f"cases/{c.id}/", "sample": c.sample},
    } for c in cases]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, sort_keys=True) + "\n"
