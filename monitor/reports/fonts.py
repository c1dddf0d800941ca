"""Fonts of the PDF report and its charts: Helvetica for English, reportlab's standard CJK CID
font STSong-Light (Adobe-GB1, UniGB-UCS2-H: no font file, the text stays searchable) for Chinese
and for any run an English report cannot set in Helvetica (brand names such as 康达)."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont

CJK = "STSong-Light"
LATIN, LATIN_BOLD = "Helvetica", "Helvetica-Bold"
# control characters draw nothing sensible and upset the PDF text: they are dropped
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def register_fonts() -> None:
    """Register the CJK CID font once (reportlab keeps it for the process)."""
    if CJK not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(CJK))


def needs_cjk(char: str) -> bool:
    """Whether Helvetica (WinAnsi) cannot set `char`: CJK, fullwidth forms, most symbols."""
    try:
        char.encode("cp1252")
    except UnicodeEncodeError:
        return True
    return False


def has_cjk(text: str) -> bool:
    """Whether any character of `text` needs the CJK font."""
    return any(needs_cjk(c) for c in text)


def clean(text: object) -> str:
    """A data value as plain one-font-safe text: a string, control characters dropped."""
    return _CONTROL.sub("", "" if text is None else str(text))


def runs(text: str) -> list[tuple[bool, str]]:
    """`text` cut into runs, each (needs the CJK font, run)."""
    out: list[tuple[bool, str]] = []
    for char in text:
        cjk = needs_cjk(char)
        if out and out[-1][0] == cjk:
            out[-1] = (cjk, out[-1][1] + char)
        else:
            out.append((cjk, char))
    return out


def markup(text: object, *, cjk_base: bool = False) -> str:
    """`text` escaped for a Paragraph, with CJK runs set in the CJK font unless the paragraph's
    own font is already the CJK font (`cjk_base`, the Chinese report)."""
    plain = clean(text)
    if cjk_base:
        return escape(plain)
    return "".join(
        f'<font face="{CJK}">{escape(run)}</font>' if cjk else escape(run)
        for cjk, run in runs(plain)
    )


def font_for(text: str, base: str = LATIN) -> str:
    """The font a chart label needs: the CJK font when `text` has a character Helvetica lacks."""
    return CJK if base == CJK or has_cjk(text) else base
