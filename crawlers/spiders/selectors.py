"""Reading a page with a source's selectors: CSS or `xpath:`, text as observed, real picture URLs."""

from __future__ import annotations

import re
from collections.abc import Sequence

from parsel import Selector, SelectorList

from crawlers.sources import XPATH_PREFIX

# data-* first: `src` often holds a placeholder until a script swaps the real picture in
LAZY_ATTRS = ("data-src", "data-original", "data-lazy-src", "data-lazy", "src")
SRCSET_ATTRS = ("data-srcset", "srcset")
ATTR_SRC_SUFFIXES = ("::attr(src)", "/@src")
# only markup whitespace is collapsed: full-width spaces are part of what the seller typed
ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")


def select(node: Selector | SelectorList[Selector], expr: str) -> SelectorList[Selector]:
    """Apply a CSS selector, or an XPath one when it starts with `xpath:`."""
    if expr.startswith(XPATH_PREFIX):
        return node.xpath(expr[len(XPATH_PREFIX) :].strip())
    return node.css(expr)


def clean_text(texts: Sequence[str]) -> str | None:
    """Join text pieces with single spaces; other characters (U+3000 too) are kept as observed."""
    pieces = (ASCII_SPACE.sub(" ", t).strip(" ") for t in texts)
    return " ".join(p for p in pieces if p) or None


def image_of(element: Selector) -> str | None:
    """Return the real picture URL of an <img>, looking past lazy-loading placeholders."""
    for attr in LAZY_ATTRS:
        value = (element.attrib.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return value
    for attr in SRCSET_ATTRS:
        srcset = (element.attrib.get(attr) or "").strip()
        if srcset:
            return srcset.split(",")[0].split()[0]
    return None


def image_values(root: Selector, expr: str) -> list[str]:
    """Read picture URLs; a selector ending in `src` reads each <img> past lazy placeholders."""
    for suffix in ATTR_SRC_SUFFIXES:
        if expr.endswith(suffix):
            element_expr = expr[: -len(suffix)].strip() or (
                "xpath:." if expr.startswith(XPATH_PREFIX) else "img"
            )
            values = [image_of(el) for el in select(root, element_expr)]
            return [v for v in values if v]
    found = select(root, expr)
    if found and all(getattr(s.root, "tag", None) == "img" for s in found):
        return [v for v in (image_of(el) for el in found) if v]
    return found.getall()
