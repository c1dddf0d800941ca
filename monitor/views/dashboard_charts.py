"""The dashboard's charts as geometry for inline SVG, drawn on the server with no script: the
coverage of each market as a stacked horizontal bar, a figure month over month as a line, and
counts side by side as bars. Plain functions of the figures; no Flask, no database.

The Content-Security-Policy allows no inline style, so sizes travel as SVG attributes (`x`,
`width`, `points`) and colours as CSS classes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

STATUSES = ("protected", "expiring", "pending", "lapsed", "missing")  # best first

BAR_LABEL = 170  # width of the label column of a bar chart (SVG user units)
BAR_AREA = 400  # width of the bars
BAR_VALUE = 120  # width of the value column
ROW = 24  # height of one bar row
BAR_HEIGHT = 16
GROUPED_BAR = 11  # height of each bar of a group


@dataclass(frozen=True)
class Segment:
    """A part of a stacked bar: its status, where it starts, how wide it is, how many cells."""

    status: str
    x: float
    width: float
    count: int


@dataclass(frozen=True)
class MarketBar:
    """One market's bar: code, label, vertical position, segments, rate (0–1 or None) and cells."""

    key: str
    label: str
    y: float
    segments: tuple[Segment, ...]
    rate: float | None
    cells: int
    protected: int


@dataclass(frozen=True)
class BarChart:
    """Rows of a horizontal bar chart and the chart's size (SVG user units)."""

    rows: tuple[MarketBar, ...]
    width: int
    height: int
    label_width: int = BAR_LABEL
    area: int = BAR_AREA


def market_bars(
    by_market: Mapping[str, Mapping[str, object]], *, label: Callable[[str], str]
) -> BarChart:
    """One stacked bar per market (protected → missing), lowest coverage first; a market with
    more cells goes first among equals. `label` names a market code."""

    def order(item: tuple[str, Mapping[str, object]]) -> tuple[float, int, str]:
        code, counts = item
        rate = counts.get("coverage_rate")
        return (float(rate) if isinstance(rate, int | float) else 2.0, -_int(counts, "cells"), code)

    rows: list[MarketBar] = []
    for i, (code, counts) in enumerate(sorted(by_market.items(), key=order)):
        cells = _int(counts, "cells")
        segments: list[Segment] = []
        x = float(BAR_LABEL)
        for status in STATUSES:
            count = _int(counts, status)
            if count and cells:
                width = round(BAR_AREA * count / cells, 2)
                segments.append(Segment(status, round(x, 2), width, count))
                x += width
        rate = counts.get("coverage_rate")
        rows.append(
            MarketBar(
                key=code,
                label=label(code),
                y=i * ROW,
                segments=tuple(segments),
                rate=float(rate) if isinstance(rate, int | float) else None,
                cells=cells,
                protected=_int(counts, "protected"),
            )
        )
    return BarChart(tuple(rows), BAR_LABEL + BAR_AREA + BAR_VALUE, max(1, len(rows)) * ROW)


def split_bars(chart: BarChart, first: int) -> tuple[BarChart, BarChart]:
    """The first `first` bars, and the rest redrawn as a chart of their own (shown on demand)."""
    head, tail = chart.rows[:first], chart.rows[first:]
    moved = tuple(replace(bar, y=i * ROW) for i, bar in enumerate(tail))
    return (
        replace(chart, rows=head, height=max(1, len(head)) * ROW),
        replace(chart, rows=moved, height=max(1, len(moved)) * ROW),
    )


@dataclass(frozen=True)
class CountBar:
    """One bar of a group: its series, where it sits, how long it is and the count it shows."""

    series: str
    y: float
    width: float
    value: int


@dataclass(frozen=True)
class CountRow:
    """A group of bars under one label (a route, a kind of alert)."""

    key: str
    label: str
    y: float
    bars: tuple[CountBar, ...]


@dataclass(frozen=True)
class CountChart:
    """Rows of grouped horizontal bars, the series they show and the chart's size."""

    rows: tuple[CountRow, ...]
    series: tuple[str, ...]
    width: int
    height: int
    thickness: int
    row_height: int
    label_width: int = BAR_LABEL
    area: int = BAR_AREA


def count_bars(
    rows: Sequence[tuple[str, str, Mapping[str, int]]], series: Sequence[str]
) -> CountChart:
    """Grouped bars: for each (key, label, {series: count}) a bar per series, all scaled to the
    largest count (a count of 0 draws no bar but keeps its place)."""
    top = max((int(v.get(s, 0)) for _k, _l, v in rows for s in series), default=0)
    thin = BAR_HEIGHT if len(series) == 1 else GROUPED_BAR
    height = thin * len(series) + 8
    drawn: list[CountRow] = []
    for i, (key, label, values) in enumerate(rows):
        bars = tuple(
            CountBar(
                series=s,
                y=i * height + j * thin,
                width=round(BAR_AREA * int(values.get(s, 0)) / top, 2) if top else 0.0,
                value=int(values.get(s, 0)),
            )
            for j, s in enumerate(series)
        )
        drawn.append(CountRow(key, label, i * height, bars))
    return CountChart(
        rows=tuple(drawn),
        series=tuple(series),
        width=BAR_LABEL + BAR_AREA + BAR_VALUE,
        height=max(1, len(rows)) * height,
        thickness=thin,
        row_height=height,
    )


LINE_WIDTH, LINE_HEIGHT = 520, 210
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 12, 40  # margins for the axis labels


@dataclass(frozen=True)
class Point:
    """A month's value on the line chart: where it is drawn, its month and its label."""

    x: float
    y: float
    month: str
    text: str


@dataclass(frozen=True)
class Tick:
    """An axis label: where it goes, what it says, and a second line (the year of a month)."""

    at: float
    text: str
    sub: str = ""


@dataclass(frozen=True)
class LineChart:
    """A line over the months: its drawn pieces (`points` attributes; a month without a value
    breaks the line), its points, the axis labels and the plot's bounds."""

    lines: tuple[str, ...]
    points: tuple[Point, ...]
    x_ticks: tuple[Tick, ...]
    y_ticks: tuple[Tick, ...]
    width: int = LINE_WIDTH
    height: int = LINE_HEIGHT
    left: int = LEFT
    right: int = LINE_WIDTH - RIGHT
    top: int = TOP
    bottom: int = LINE_HEIGHT - BOTTOM

    @property
    def empty(self) -> bool:
        return not self.points


def line_chart(
    values: Sequence[tuple[str, float | None]],
    *,
    percent: bool = False,
    label: Callable[[float], str] | None = None,
) -> LineChart:
    """A line through `values` ((month `YYYY-MM`, value or None), oldest first). With `percent`
    the values are rates 0–1 drawn on a 0–100 % axis; else counts from 0 to a round top.
    `label` writes a point's value (default: as the axis does)."""
    top_value = 1.0 if percent else _round_top(max((v or 0 for _m, v in values), default=0))
    plot_w, plot_h = LINE_WIDTH - LEFT - RIGHT, LINE_HEIGHT - TOP - BOTTOM
    step = plot_w / max(1, len(values) - 1)

    def fmt(value: float) -> str:
        return f"{round(value * 100)}%" if percent else f"{value:g}"

    point_label = label or fmt

    points: list[Point] = []
    pieces: list[list[str]] = [[]]
    for i, (month, value) in enumerate(values):
        x = LEFT + (i * step if len(values) > 1 else plot_w / 2)
        if value is None:
            pieces.append([])
            continue
        y = LINE_HEIGHT - BOTTOM - plot_h * (value / top_value if top_value else 0)
        points.append(Point(round(x, 1), round(y, 1), month, point_label(value)))
        pieces[-1].append(f"{x:.1f},{y:.1f}")
    y_ticks = tuple(
        Tick(round(LINE_HEIGHT - BOTTOM - plot_h * f, 1), fmt(top_value * f))
        for f in (0, 0.25, 0.5, 0.75, 1)
    )
    x_ticks = tuple(
        Tick(round(LEFT + (i * step if len(values) > 1 else plot_w / 2), 1), *_month_label(m, i))
        for i, (m, _v) in enumerate(values)
    )
    return LineChart(
        lines=tuple(" ".join(p) for p in pieces if p),
        points=tuple(points),
        x_ticks=x_ticks,
        y_ticks=y_ticks,
    )


def _month_label(month: str, index: int) -> tuple[str, str]:
    """`2026-11` as (`11`, ``); the first month and January also carry their year below."""
    year, _sep, number = month.partition("-")
    return number or month, year if index == 0 or number == "01" else ""


def _round_top(value: float) -> float:
    """The smallest of 4, 8, 12, 20, 40, 80, 100, 200, … (a multiple of 4 ticks) ≥ value."""
    if value <= 4:
        return 4.0
    magnitude = 10 ** math.floor(math.log10(value))
    for factor in (1, 1.2, 2, 4, 8, 10):
        top = factor * magnitude
        if top >= value and (top / 4) == int(top / 4):
            return float(top)
    return float(10 * magnitude)


def _int(counts: Mapping[str, object], key: str) -> int:
    value = counts.get(key)
    return int(value) if isinstance(value, int | float) else 0
