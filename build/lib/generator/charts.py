"""Static SVG bar charts, drawn at build time (no chart library, nothing loaded from the web)."""

from __future__ import annotations

from markupsafe import Markup, escape

from generator.review import Table

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 300
CHART_WIDTH = 640


def bar_chart(table: Table) -> Markup:
    """A horizontal bar chart; the data table beside it carries the same numbers for screen readers."""
    top = max([v for _, v in table.rows] + [1])
    height = len(table.rows) * (BAR_HEIGHT + GAP) + GAP
    span = CHART_WIDTH - LABEL_WIDTH - 60
    parts = [f'<svg class="cc-chart" role="img" aria-labelledby="chart-{escape(table.id)}-title" '
             f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="chart-{escape(table.id)}-title">{escape(table.caption)}（グラフ。数値は右の表にあります）</title>']
    for i, (label, value) in enumerate(table.rows):
        y = GAP + i * (BAR_HEIGHT + GAP)
        width = round(span * value / top)
        short = label if len(label) <= 22 else label[:21] + "…"
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="#1a1a1a">{escape(short)}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="#3f51b5"/>')
        parts.append(f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 16}" font-size="13" fill="#1a1a1a">{value}{escape(table.unit)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
