"""The monthly executive report: `render_report` builds its content once from the month's
figures (sections.py) and lays it out as PDF (pdf.py) or HTML (html_report.py), in Chinese or
English. It reads the figures dict only, never the database; call it inside an app context."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from flask_babel import force_locale

from monitor.reports.html_report import render_html
from monitor.reports.pdf import render_pdf
from monitor.reports.sections import build_report

LANGS = ("zh", "en")
FORMATS = ("pdf", "html")


def render_report(
    figures: Mapping[str, Any], history: Sequence[Mapping[str, Any]], *, lang: str, fmt: str
) -> bytes:
    """The report of `figures` (this month) with `history` (up to 12 earlier months and this one,
    oldest first) in `lang` ("zh"/"en") as `fmt` ("pdf"/"html"); ValueError for any other."""
    if lang not in LANGS:
        raise ValueError(f"report language {lang!r}: one of {', '.join(LANGS)}")
    if fmt not in FORMATS:
        raise ValueError(f"report format {fmt!r}: one of {', '.join(FORMATS)}")
    months = list(history) or [figures]
    with force_locale(lang):
        report = build_report(figures, months, lang)
        return render_pdf(report) if fmt == "pdf" else render_html(report)
