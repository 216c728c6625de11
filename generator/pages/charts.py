"""Static SVG bar charts, drawn at build time (no chart library, nothing loaded from the web)."""

from __future__ import annotations

from markupsafe import Markup, escape

from generator.catalogue.review import Table

BAR_HEIGHT = 22
LINE = 16  # a label line; long labels wrap instead of being cut
WRAP = 21  # characters per label line
GAP = 8
LABEL_WIDTH = 300
CHART_WIDTH = 640


def bar_chart(table: Table) -> Markup:
    """A horizontal bar chart; the data table beside it carries the same numbers for screen readers."""
    top = max([v for _, v in table.rows] + [1])
    lines = [_wrap(label) for label, _ in table.rows]
    heights = [max(BAR_HEIGHT, LINE * len(ls) + 6) for ls in lines]
    height = sum(h + GAP for h in heights) + GAP
    span = CHART_WIDTH - LABEL_WIDTH - 60
    parts = [f'<svg class="cc-chart" role="img" aria-labelledby="chart-{escape(table.id)}-title" '
             f'viewBox="0 0 {CHART_WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">',
             f'<title id="chart-{escape(table.id)}-title">{escape(table.caption)}（グラフ。数値は右の表にあります）</title>']
    y = GAP
    for (label, value), label_lines, h in zip(table.rows, lines, heights):
        width = round(span * value / top)
        spans = "".join(f'<tspan x="{LABEL_WIDTH - 8}" dy="{LINE if k else 0}">{escape(t)}</tspan>' for k, t in enumerate(label_lines))
        parts.append(f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end" font-size="13" fill="#1a1a1a">{spans}</text>')
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" fill="#3f51b5"/>')
        parts.append(f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 16}" font-size="13" fill="#1a1a1a">{value:,}{escape(table.unit)}</text>')
        y += h + GAP
    parts.append("</svg>")
    return Markup("".join(parts))


def _wrap(label: str) -> list[str]:
    """A label in lines of at most WRAP characters, breaking after 、 where it can: the whole label, never cut."""
    lines: list[str] = []
    rest = label
    while len(rest) > WRAP:
        cut = rest.rfind("、", 0, WRAP) + 1 or WRAP
        lines.append(rest[:cut])
        rest = rest[cut:]
    return lines + [rest] if rest else lines
