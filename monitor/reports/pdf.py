"""The monthly report as an A4 PDF (reportlab platypus): the content of sections.py laid out
with Helvetica for English and the CJK CID font STSong-Light for Chinese and for CJK runs."""

from __future__ import annotations

import io
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from monitor.reports.blocks import Chart, Items, Para, Report, Row, Table
from monitor.reports.fonts import CJK, LATIN, LATIN_BOLD, font_for, markup, register_fonts

MARGIN = 18 * mm
FRAME_WIDTH = A4[0] - 2 * MARGIN
INK, MUTED, ACCENT = "#1b2a3a", "#5f6b78", "#1f4e79"
ALERT = "#b23b3b"
RULE, HEAD_BG, GROUP_BG = "#c9d1da", "#eef2f6", "#dde7f1"


class Styles:
    """Paragraph styles of one language: every style uses the CJK font in Chinese."""

    def __init__(self, lang: str) -> None:
        self.cjk = lang == "zh"
        body, bold = (CJK, CJK) if self.cjk else (LATIN, LATIN_BOLD)
        wrap = "CJK" if self.cjk else None

        def style(name: str, **kw: Any) -> ParagraphStyle:
            kw.setdefault("fontName", body)
            kw.setdefault("textColor", colors.HexColor(INK))
            return ParagraphStyle(name, wordWrap=wrap, **kw)

        self.title = style("title", fontName=bold, fontSize=17, leading=22, spaceAfter=3)
        self.subtitle = style("subtitle", fontSize=9, leading=12, textColor=colors.HexColor(MUTED))
        self.heading = style(
            "heading",
            fontName=bold,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=5,
            textColor=colors.HexColor(ACCENT),
        )
        self.table_title = style(
            "table_title", fontName=bold, fontSize=9.5, leading=12, spaceBefore=6, spaceAfter=3
        )
        self.body = style("body", fontSize=9.5, leading=13.5, spaceAfter=4)
        self.item = style(
            "item",
            fontSize=9.5,
            leading=13.5,
            spaceAfter=3,
            leftIndent=14,
            bulletIndent=0,
            bulletFontName=body,
        )
        self.small = style(
            "small", fontSize=7.5, leading=10, textColor=colors.HexColor(MUTED), spaceAfter=2
        )
        self.cell = style("cell", fontSize=8, leading=10)
        self.sub = style(
            "sub", fontSize=8, leading=10, leftIndent=10, textColor=colors.HexColor(MUTED)
        )
        self.number = style("number", fontSize=8, leading=10, alignment=TA_RIGHT)
        self.head = style("head", fontName=bold, fontSize=8, leading=10)
        self.head_number = style(
            "head_number", fontName=bold, fontSize=8, leading=10, alignment=TA_RIGHT
        )
        self.strong = style("strong", fontName=bold, fontSize=8, leading=10)
        self.strong_number = style(
            "strong_number", fontName=bold, fontSize=8, leading=10, alignment=TA_RIGHT
        )
        self.bold_font = bold

    def para(self, text: str, style: ParagraphStyle, **kw: Any) -> Paragraph:
        """A Paragraph of plain `text` (escaped; CJK runs in the CJK font)."""
        return Paragraph(markup(text, cjk_base=self.cjk), style, **kw)


def render_pdf(report: Report) -> bytes:
    """The report as PDF bytes."""
    register_fonts()
    styles = Styles(report.lang)
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=16 * mm,
        bottomMargin=18 * mm,
        title=report.title,
        author="ipwatch",
        subject=report.subtitle,
        creator="ipwatch",
        lang="zh-CN" if report.lang == "zh" else "en",
        # every page starts in this font: a Chinese report then uses no other
        initialFontName=styles.body.fontName,
    )
    story: list[Flowable] = [
        styles.para(report.title, styles.title),
        styles.para(report.subtitle, styles.subtitle),
        Spacer(1, 4 * mm),
    ]
    for section in report.sections:
        story.append(PageBreak() if section.new_page else CondPageBreak(40 * mm))
        flowables = [f for block in section.blocks for f in _block(block, styles)]
        heading = styles.para(section.title, styles.heading)
        # the heading stays with the first block; a long table then runs on by itself
        story.append(KeepTogether([heading, *flowables[:1]]))
        story.extend(flowables[1:])
    if report.footnotes:
        story.append(Spacer(1, 4 * mm))
        story.extend(styles.para(note, styles.small) for note in report.footnotes)

    def footer(canvas: Canvas, _doc: Any) -> None:
        text = f"{report.title} · {canvas.getPageNumber()}"
        canvas.saveState()
        canvas.setFont(font_for(text, styles.bold_font if styles.cjk else LATIN), 7.5)
        canvas.setFillColor(colors.HexColor(MUTED))
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, text)
        canvas.restoreState()

    doc.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue()


def _block(block: object, styles: Styles) -> list[Flowable]:
    if isinstance(block, Para):
        return [styles.para(block.text, styles.small if block.small else styles.body)]
    if isinstance(block, Items):
        return [
            styles.para(text, styles.item, bulletText=f"{n}." if block.numbered else "•")
            for n, text in enumerate(block.items, start=1)
        ]
    if isinstance(block, Table):
        return _table(block, styles)
    if isinstance(block, Chart):
        return [Spacer(1, 2 * mm), block.drawing, Spacer(1, 3 * mm)]
    raise TypeError(f"not a report block: {block!r}")


def _table(table: Table, styles: Styles) -> list[Flowable]:
    width = len(table.columns)
    fractions = table.widths or tuple(1 / width for _ in table.columns)
    head = [
        styles.para(c, styles.head_number if i in table.numeric else styles.head)
        for i, c in enumerate(table.columns)
    ]
    data: list[list[Any]] = [head]
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(HEAD_BG)),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.HexColor(ACCENT)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), styles.body.fontName),
        ("TOPPADDING", (0, 0), (-1, -1), 2.2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for index, row in enumerate(table.rows, start=1):
        data.append(_row(row, table, styles, width))
        if row.kind == "group":
            commands += [
                ("SPAN", (0, index), (-1, index)),
                ("BACKGROUND", (0, index), (-1, index), colors.HexColor(GROUP_BG)),
            ]
        elif row.kind == "total":
            commands.append(("LINEABOVE", (0, index), (-1, index), 0.8, colors.HexColor(INK)))
        else:
            commands.append(("LINEBELOW", (0, index), (-1, index), 0.25, colors.HexColor(RULE)))
    widths = [f * FRAME_WIDTH for f in fractions]
    pdf_table = PdfTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    pdf_table.setStyle(TableStyle(commands))
    out: list[Flowable] = []
    if table.title:
        out.append(styles.para(table.title, styles.table_title))
    out.append(pdf_table)
    if table.note:
        out.append(styles.para(table.note, styles.small))
    out.append(Spacer(1, 2 * mm))
    return out


def _row(row: Row, table: Table, styles: Styles, width: int) -> list[Any]:
    if row.kind == "group":
        return [styles.para(row.cells[0], styles.strong)] + [""] * (width - 1)
    cells = []
    for i, text in enumerate(row.cells):
        numeric = i in table.numeric
        if row.kind == "total":
            style = styles.strong_number if numeric else styles.strong
        else:
            style = styles.number if numeric else styles.sub if row.kind == "sub" else styles.cell
        if i in row.alert:
            style = ParagraphStyle(
                f"{style.name}-alert", parent=style, textColor=colors.HexColor(ALERT)
            )
        cells.append(styles.para(text, style))
    return cells + [""] * (width - len(cells))
