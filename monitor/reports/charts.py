"""The report's charts as reportlab Drawings (the PDF draws them, the HTML report inlines them
as SVG through `drawing_svg`): coverage rate by market, coverage and gaps month over month,
alerts and cases by route. Labels come in already translated; the font follows the text."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence

from reportlab.graphics import renderSVG
from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.graphics.widgets.markers import makeMarker
from reportlab.lib import colors

from monitor.reports.fonts import CJK, LATIN, LATIN_BOLD, font_for, register_fonts

WIDTH = 480  # points: the text width of an A4 page with 18 mm margins is 493
INK, MUTED = colors.HexColor("#1b2a3a"), colors.HexColor("#6b7785")
SERIES = [colors.HexColor(c) for c in ("#1f4e79", "#d08c2c", "#8fa9c4", "#b23b3b")]
_SANS = "Helvetica, Arial, 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
_WEB_FONTS = {
    LATIN: f"font-family: {_SANS};",
    LATIN_BOLD: f"font-family: {_SANS}; font-weight: bold;",
    CJK: f"font-family: {_SANS};",  # the page's own font, which the HTML report sets too
}
_FONT_FAMILY = re.compile(r"font-family: ([\w-]+);")
LABEL_CHARS = 26  # a longer country or route name is cut: the category axis has fixed room


def short(text: str, limit: int = LABEL_CHARS) -> str:
    """`text` cut to `limit` characters with an ellipsis, for an axis label."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _title(drawing: Drawing, x: float, y: float, text: str, base: str) -> None:
    bold = LATIN_BOLD if base == LATIN else base
    drawing.add(String(x, y, text, fontName=font_for(text, bold), fontSize=9, fillColor=INK))


def _empty(drawing: Drawing, x: float, y: float, text: str, base: str) -> None:
    drawing.add(String(x, y, text, fontName=font_for(text, base), fontSize=9, fillColor=MUTED))


def market_chart(
    rows: Sequence[tuple[str, float]], *, title: str, empty: str, base: str = LATIN
) -> Drawing:
    """Coverage rate (0–1) by market, highest first: `rows` are (market name, rate)."""
    register_fonts()
    rows = sorted(rows, key=lambda r: -r[1])
    height = 40 + 12 * max(len(rows), 1)
    drawing = Drawing(WIDTH, height, initialFontName=base)
    _title(drawing, 0, height - 12, title, base)
    if not rows:
        _empty(drawing, 0, height - 32, empty, base)
        return drawing
    names = [short(name) for name, _ in rows]
    chart = HorizontalBarChart()
    chart.x, chart.y, chart.width, chart.height = 130, 18, WIDTH - 170, height - 40
    chart.data = [[round(rate * 100, 1) for _, rate in rows]]
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.reverseDirection = 1  # the first (highest) market on top
    chart.categoryAxis.labels.fontName = font_for("".join(names), base)
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, 100, 20
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = base, 7
    chart.bars[0].fillColor, chart.bars[0].strokeColor = SERIES[0], None
    chart.barLabelFormat = "%.0f%%"
    chart.barLabels.fontName, chart.barLabels.fontSize = base, 7
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 3
    drawing.add(chart)
    return drawing


def _line_panel(
    x: float,
    values: Sequence[float | None],
    months: Sequence[str],
    *,
    value_max: float | None,
    color: colors.Color,
    fmt: str,
    base: str,
) -> HorizontalLineChart:
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = x + 34, 26, WIDTH / 2 - 60, 90
    chart.data = [list(values)]
    chart.categoryAxis.categoryNames = list(months)
    chart.categoryAxis.labels.fontName = font_for("".join(months), base)
    chart.categoryAxis.labels.fontSize = 6.5
    chart.categoryAxis.labels.angle = 45 if len(months) > 6 else 0
    chart.categoryAxis.labels.boxAnchor = "ne" if len(months) > 6 else "n"
    chart.valueAxis.valueMin = 0
    known = [v for v in values if v is not None]
    chart.valueAxis.valueMax = value_max if value_max is not None else max([*known, 4]) * 1.2
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = base, 7
    chart.valueAxis.labelTextFormat = fmt
    chart.lines[0].strokeColor, chart.lines[0].strokeWidth = color, 1.8
    if len(known) < 2:  # a single month is a point, not a line (reportlab refuses a 1-point line)
        chart.lines[0].strokeColor = None
    chart.lines[0].symbol = makeMarker("FilledCircle", size=4, fillColor=color)
    chart.lineLabelFormat = "values"
    # every point labelled when there are few; else the first and the last (this month)
    keep = range(len(values)) if len(values) <= 6 else (0, len(values) - 1)
    chart.lineLabelArray = [
        ["" if v is None or i not in keep else fmt % v for i, v in enumerate(values)]
    ]
    chart.lineLabels.fontName, chart.lineLabels.fontSize, chart.lineLabels.dy = base, 6.5, 6
    chart.lineLabels[(0, 0)].boxAnchor = "sw"  # the first label right of its point, off the axis
    return chart


def trend_chart(
    months: Sequence[str],
    rates: Sequence[float | None],
    gaps: Sequence[int | None],
    *,
    titles: tuple[str, str],
    base: str = LATIN,
) -> Drawing:
    """Coverage rate (0–1) and gap count month over month, two panels side by side."""
    register_fonts()
    drawing = Drawing(WIDTH, 150, initialFontName=base)
    percents = [None if r is None else round(r * 100, 1) for r in rates]
    counts = [None if g is None else float(g) for g in gaps]
    panels = (
        (0, percents, 100, SERIES[0], "%.0f%%"),
        (WIDTH / 2, counts, None, SERIES[3], "%.0f"),
    )
    for x, values, value_max, color, fmt in panels:
        if all(v is None for v in values):  # nothing to draw (no patented product yet)
            _empty(drawing, x, 100, "—", base)
            continue
        drawing.add(
            _line_panel(x, values, months, value_max=value_max, color=color, fmt=fmt, base=base)
        )
    _title(drawing, 0, 138, titles[0], base)
    _title(drawing, WIDTH / 2, 138, titles[1], base)
    return drawing


def enforcement_chart(
    alerts: Sequence[tuple[str, int]],
    routes: Sequence[tuple[str, int, int, int]],
    *,
    titles: tuple[str, str],
    series: tuple[str, str, str],
    empty: str,
    base: str = LATIN,
) -> Drawing:
    """Left: the month's alerts (label, n); right: cases by route (route, opened, closed, open)."""
    register_fonts()
    height = max(130, 60 + 18 * len(routes))
    drawing = Drawing(WIDTH, height, initialFontName=base)
    _title(drawing, 0, height - 12, titles[0], base)
    _title(drawing, WIDTH / 2, height - 12, titles[1], base)
    left = HorizontalBarChart()
    left.x, left.y, left.width, left.height = 105, 18, WIDTH / 2 - 135, height - 44
    _bars(left, [[n for _, n in alerts]], [label for label, _ in alerts], base)
    drawing.add(left)
    if not routes:
        _empty(drawing, WIDTH / 2, height - 32, empty, base)
        return drawing
    right = HorizontalBarChart()
    right.x, right.y = WIDTH / 2 + 110, 30
    right.width, right.height = WIDTH / 2 - 120, height - 56
    # a group's first series is drawn lowest: reversed, "opened" comes on top as in the legend
    data = [[r[3] for r in routes], [r[2] for r in routes], [r[1] for r in routes]]
    _bars(right, data, [r[0] for r in routes], base, SERIES[2::-1])
    drawing.add(right)
    legend = Legend()
    legend.x, legend.y, legend.alignment = WIDTH / 2 + 30, 10, "right"
    legend.columnMaximum, legend.deltax, legend.dx, legend.dy = 1, 62, 7, 7
    legend.fontName, legend.fontSize = font_for("".join(series), base), 7
    legend.colorNamePairs = list(zip(SERIES[:3], series, strict=True))
    drawing.add(legend)
    return drawing


def _bars(
    chart: HorizontalBarChart,
    data: list[list[int]],
    names: list[str],
    base: str,
    palette: Sequence[colors.Color] = SERIES,
) -> None:
    names = [short(n) for n in names]
    chart.data = data
    chart.categoryAxis.categoryNames = names
    chart.categoryAxis.reverseDirection = 1
    chart.categoryAxis.labels.fontName = font_for("".join(names), base)
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.boxAnchor, chart.categoryAxis.labels.dx = "e", -4
    top = max([v for row in data for v in row] + [1])
    chart.valueAxis.valueMin, chart.valueAxis.valueMax = 0, top * 1.2
    chart.valueAxis.labels.fontName, chart.valueAxis.labels.fontSize = base, 7
    chart.valueAxis.labelTextFormat = "%.0f"
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName, chart.barLabels.fontSize = base, 6.5
    chart.barLabels.boxAnchor, chart.barLabels.dx = "w", 2
    chart.groupSpacing, chart.barSpacing = 4, 0.5
    for i, color in enumerate(palette[: len(data)]):
        chart.bars[i].fillColor, chart.bars[i].strokeColor = color, None


def drawing_svg(drawing: Drawing) -> str:
    """The drawing as an inline <svg> element (no XML prolog, ids unique to this chart)."""
    svg = renderSVG.drawToString(drawing)
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<title>\.\.\.</title>\s*<desc>\.\.\.</desc>", "", svg)
    # every drawing names its clip path "clip": in one page they would clip each other
    tag = "c" + hashlib.sha1(svg.encode()).hexdigest()[:10]
    svg = svg.replace('id="clip"', f'id="{tag}-clip"').replace("url(#clip)", f"url(#{tag}-clip)")
    svg = svg.replace('id="group"', f'id="{tag}-group"')
    # browsers know the PDF's font names under other names
    return _FONT_FAMILY.sub(lambda m: _WEB_FONTS.get(m[1], m[0]), svg)
