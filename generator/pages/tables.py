"""The open data's file formats: CSV (UTF-8 with BOM, for Excel) and xlsx, made from declared columns (generator/pages/opendata.py).

Byte-for-byte reproducible: no clock time (the xlsx carries fixed dates, its zip entries a fixed time).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from typing import TYPE_CHECKING, Any

from generator.pages.formula import csv_row

if TYPE_CHECKING:
    from generator.pages.opendata import Column

FIXED_TIME = dt.datetime(2000, 1, 1)


def to_csv(columns: list[Column], rows: list[dict[str, Any]], japanese: bool = False) -> bytes:
    """UTF-8 with BOM (Excel reads the Japanese); the header row is the stable keys, or the Japanese labels."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.label if japanese else c.key for c in columns])
    writer.writerows(csv_row([row[c.key] for c in columns]) for row in rows)  # text never starts a formula
    return b"\xef\xbb\xbf" + out.getvalue().encode("utf-8")  # BOM: Excel reads the Japanese correctly


NUMBER_FORMATS = {"yen": "#,##0", "date": "yyyy-mm-dd"}  # years and counts stay plain (2024, not 2,024)


def _cell_value(column: Column, value: Any) -> Any:
    if column.kind == "date" and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return dt.date.fromisoformat(value)
    return None if value == "" else value


def to_xlsx(sheets: dict[str, tuple[list[Column], list[dict[str, Any]]]]) -> bytes:
    """A Japanese header row (bold, frozen, filtered), sized columns, dates as dates, amounts with a thousands format."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)  # streams rows: several times faster at 10,000 cases
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDE3F5")
    wrap = Alignment(wrap_text=True, vertical="top")
    for title, (columns, rows) in sheets.items():
        ws = wb.create_sheet(title)
        for i, col in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = col.width
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
        header = []
        for col in columns:
            cell = WriteOnlyCell(ws, value=col.label)
            cell.font, cell.fill, cell.alignment = bold, fill, wrap
            header.append(cell)
        ws.append(header)
        formats = [NUMBER_FORMATS.get(col.kind) for col in columns]
        for row in rows:
            cells = []
            for col, fmt in zip(columns, formats):
                cell = WriteOnlyCell(ws, value=_cell_value(col, row[col.key]))
                if cell.data_type == "f":  # openpyxl reads text starting with = as a formula: keep it text
                    cell.data_type = "s"
                if fmt:
                    cell.number_format = fmt
                cells.append(cell)
            ws.append(cells)
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
