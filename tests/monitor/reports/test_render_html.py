"""The monthly report as one self-contained HTML page: the same content as the PDF, headings in
the report's language, every user string escaped, the charts inline as SVG, A4 print rules,
nothing fetched from elsewhere and no script."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from monitor.reports.render import render_report
from tests.monitor.reports.test_render_pdf import large_portfolio
from tests.monitor.reports.test_summary import make_figures, make_previous

HOSTILE = '<script>alert("x")</script><b>&amp;'


class Outline(HTMLParser):
    """Headings, tags, attributes and visible text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str]] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self._heading: list[str] | None = None
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [(k, v or "") for k, v in attrs]
        if tag in ("h1", "h2", "h3"):
            self._heading = []
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append("".join(self._heading).strip())
            self._heading = None
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._heading is not None:
            self._heading.append(data)
        if not self._in_style:
            self.text.append(data)


def render(
    app, figures: dict[str, Any], lang: str, history: list[dict[str, Any]] | None = None
) -> str:  # type: ignore[no-untyped-def]
    with app.app_context():
        return render_report(figures, history or [figures], lang=lang, fmt="html").decode("utf-8")


def outline(html: str) -> Outline:
    parsed = Outline()
    parsed.feed(html)
    return parsed


def test_the_english_page_has_the_sections_in_order(app):
    page = outline(render(app, make_figures(), "en", [make_previous(), make_figures()]))

    assert page.headings[:9] == [
        "ipwatch — monthly IP report, November 2026",
        "Executive summary",
        "Decisions needed",
        "Key figures",
        "Charts",
        "Top gaps by sales region",
        "Deadlines in the next 60 days",
        "Enforcement results",
        "Appendix: city IP-strategy programme figures",
    ]
    assert page.headings[9:] == [
        "Seed task 4: trademark coverage of patented products",
        "Seed task 5: patents behind branded products",
        "Seed task 7: market monitoring and enforcement",
    ]
    text = " ".join(" ".join(page.text).split())
    assert "up 4.2 points from October 2026" in text
    assert "Renew US 5123456 (KANGDA) within its grace period, by 2026-12-02" in text
    assert "康达" in text


def test_the_chinese_page_is_in_chinese(app):
    html = render(app, make_figures(), "zh")
    page = outline(html)

    assert '<html lang="zh-CN">' in html
    assert page.headings[:4] == ["知识产权月度报告 2026年11月", "执行摘要", "待决事项", "关键指标"]
    assert "附录：市知识产权战略项目指标" in page.headings
    assert "种子任务 7：市场监测与维权" in page.headings


def test_user_strings_are_escaped(app):
    figures = make_figures()
    figures["top_gaps"][0]["brand"] = HOSTILE
    figures["decisions"][1]["title"] = HOSTILE

    html = render(app, figures, "en")
    page = outline(html)

    assert "script" not in page.tags
    assert "<script>" not in html and "<b>&amp;" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b&gt;&amp;amp;" in html
    assert HOSTILE in "".join(page.text)  # the reader sees the name as it was typed


def test_the_page_is_self_contained_with_three_inline_charts_and_a4_print_rules(app):
    html = render(app, make_figures(), "en", [make_previous(), make_figures()])
    page = outline(html)

    assert page.tags.count("svg") == 3
    assert not {"script", "link", "img", "iframe", "object"} & set(page.tags)
    fetched = [
        v for k, v in page.attrs if k in ("src", "href", "xlink:href") and not v.startswith("#")
    ]
    assert fetched == []
    assert not re.search(r"url\((?!#)", html)  # CSS and SVG refer only to the page's own ids
    assert "@page { size: A4" in html
    assert "<?xml" not in html
    # every chart clips to its own path: shared ids would let one chart clip another
    clip_ids = re.findall(r'<clipPath id="([^"]+)"', html)
    assert len(clip_ids) == 3 == len(set(clip_ids))


def test_a_large_portfolio_is_cut_like_the_pdf(app):
    page = outline(render(app, large_portfolio(), "en"))

    text = " ".join(" ".join(page.text).split())
    assert "and 485 more" in text and "and 285 more" in text and "and 185 more markets" in text
    assert page.tags.count("tr") < 150


def test_top_gaps_are_grouped_under_their_sales_region_domestic_first(app):
    figures = make_figures()
    figures["top_gaps"].append(
        {
            "brand": "LUXIN",
            "market": "TR",
            "region": "OTHER",
            "nice_class": 9,
            "status": "lapsed",
            "cells": 2,
            "products": ["P-LASER"],
        }
    )

    html = render(app, figures, "en")

    gaps = html[html.index('id="gaps"') : html.index('id="deadlines"')]
    groups = re.findall(r'<tr class="group"><td colspan="6">([^<]+)</td>', gaps)
    assert groups == ["Domestic (China)", "ASEAN", "Mercosur", "European Union", "Other markets"]
    # "other markets" stays last even when it holds more gap cells than a named region
    figures["top_gaps"][-1]["cells"] = 50
    html = render(app, figures, "en")
    gaps = html[html.index('id="gaps"') : html.index('id="deadlines"')]
    assert (
        re.findall(r'<tr class="group"><td colspan="6">([^<]+)</td>', gaps)[-1] == "Other markets"
    )
    zh = render(app, figures, "zh")
    zh_gaps = zh[zh.index('id="gaps"') : zh.index('id="deadlines"')]
    assert re.findall(r'<tr class="group"><td colspan="6">([^<]+)</td>', zh_gaps) == [
        "国内",
        "东盟",
        "南方共同市场",
        "欧盟",
        "其他市场",
    ]
