"""The monthly report as one self-contained HTML page (templates/reports/monthly.html): inline
CSS with A4 print rules, the charts as inline SVG, no external resource and no script."""

from __future__ import annotations

from typing import Any

from flask import render_template
from markupsafe import Markup

from monitor.reports.blocks import Chart, Items, Para, Report, Table
from monitor.reports.charts import drawing_svg


def render_html(report: Report) -> bytes:
    """The report as UTF-8 HTML (Jinja autoescape on: every data string is escaped)."""
    sections = [
        {
            "key": s.key,
            "title": s.title,
            "new_page": s.new_page,
            "blocks": [_view(b) for b in s.blocks],
        }
        for s in report.sections
    ]
    html = render_template("reports/monthly.html", report=report, sections=sections)
    return html.encode("utf-8")


def _view(block: object) -> dict[str, Any]:
    if isinstance(block, Para):
        return {"kind": "para", "block": block}
    if isinstance(block, Items):
        return {"kind": "items", "block": block}
    if isinstance(block, Table):
        return {"kind": "table", "block": block}
    if isinstance(block, Chart):
        # reportlab's SVG writer escapes the labels it draws (they are XML text nodes)
        return {"kind": "chart", "block": block, "svg": Markup(drawing_svg(block.drawing))}
    raise TypeError(f"not a report block: {block!r}")
