"""The platforms a complaint goes to: whom the letter addresses, and whether Chinese law
(the E-Commerce Law's notice and takedown) is the basis of the notice."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Platform:
    """Whom a complaint goes to, and whether Chinese law is the basis of the notice."""

    zh: str
    en: str
    chinese: bool


PLATFORMS: tuple[tuple[tuple[str, ...], Platform], ...] = (
    (
        ("alibaba", "ipp", "taobao", "tmall", "1688", "aliexpress", "阿里", "淘宝", "天猫"),
        Platform(
            "阿里巴巴知识产权保护平台（IPP）",
            "Alibaba Intellectual Property Protection Platform (IPP)",
            True,
        ),
    ),
    (
        ("jd", "京东"),
        Platform("京东知识产权保护平台", "JD.com Intellectual Property Protection Platform", True),
    ),
    (
        ("pinduoduo", "pdd", "拼多多"),
        Platform(
            "拼多多知识产权保护平台", "Pinduoduo Intellectual Property Protection Platform", True
        ),
    ),
    (
        ("douyin", "抖音"),
        Platform(
            "抖音电商知识产权保护平台",
            "Douyin E-commerce Intellectual Property Protection Platform",
            True,
        ),
    ),
    (
        ("amazon", "亚马逊"),
        Platform("亚马逊品牌注册（Amazon Brand Registry）", "Amazon Brand Registry", False),
    ),
    (("ebay",), Platform("eBay VeRO 计划", "eBay Verified Rights Owner (VeRO) Program", False)),
)


def find_platform(name: str | None) -> Platform:
    """The platform a case's `platform` text names; an unknown one is addressed as written."""
    text = (name or "").strip()
    lowered = text.lower()
    for words, platform in PLATFORMS:
        if any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", lowered) for w in words):
            return platform
    if text:
        return Platform(text, text, True)
    return Platform("电子商务平台经营者", "the platform operator", True)
