"""Domain messages: English by str(), the same template and parameters for the web edge to translate."""

from __future__ import annotations

import datetime as dt

import pytest

from coverage.imports.validation import InvalidRecord, parse_patent, parse_product
from coverage.messages import Message, join_and, join_or, msg
from coverage.offices import Geography, MadridMember, Membership

GEO = Geography(
    [Membership("EM", c, dt.date(1958, 1, 1)) for c in ("DE", "FR")],
    [MadridMember(c, dt.date(2000, 1, 1)) for c in ("US", "CN", "EM")],
)
PRODUCT = {"product_id": "P1", "name": "Drill", "brand": "KANGDA", "nice_classes": "7"}
# A stand-in for the Chinese catalogue: what the web edge's gettext would return.
ZH = {
    "class %(classes)s is outside 1–45 (Nice classes are 1 to 45)": (
        "第 %(classes)s 类不在 1–45 之内（尼斯分类为第 1 至 45 类）"
    ),
    "%(field)s %(later)s is before the %(other)s %(earlier)s": (
        "%(field)s %(later)s 早于%(other)s %(earlier)s"
    ),
    "grant date": "授权日",
    "filing date": "申请日",
    'unknown %(kind)s "%(code)s" (did you mean %(hint)s?)': (
        "无法识别的%(kind)s代码“%(code)s”（是否应为 %(hint)s？）"
    ),
    "market": "市场",
}


def _reasons(parse, values: dict[str, object]) -> list[Message]:
    with pytest.raises(InvalidRecord) as caught:
        parse(values, geography=GEO)
    return [reason for _, reason in caught.value.errors]


def test_a_reason_keeps_its_template_and_parameters_for_translation():
    [reason] = _reasons(parse_product, {**PRODUCT, "nice_classes": "7;46", "markets": "CN"})

    assert reason == Message(
        "class %(classes)s is outside 1–45 (Nice classes are 1 to 45)", {"classes": "46"}
    )
    assert str(reason) == "class 46 is outside 1–45 (Nice classes are 1 to 45)"


@pytest.mark.parametrize(
    ("parse", "values", "english", "chinese"),
    [
        pytest.param(
            parse_product,
            {**PRODUCT, "nice_classes": "46", "markets": "CN"},
            "class 46 is outside 1–45 (Nice classes are 1 to 45)",
            "第 46 类不在 1–45 之内（尼斯分类为第 1 至 45 类）",
            id="plain-parameter-class-number",
        ),
        pytest.param(
            parse_product,
            {**PRODUCT, "markets": "UK"},
            'unknown market "UK" (did you mean GB?)',
            "无法识别的市场代码“UK”（是否应为 GB？）",
            id="nested-label-names-the-kind-of-code",
        ),
        pytest.param(
            parse_patent,
            {
                "patent_no": "ZL1",
                "office": "CN",
                "kind": "invention",
                "status": "granted",
                "filing_date": "2021-01-05",
                "grant_date": "2020-01-01",
            },
            "grant date 2020-01-01 is before the filing date 2021-01-05",
            "授权日 2020-01-01 早于申请日 2021-01-05",
            id="nested-labels-name-both-date-columns",
        ),
    ],
)
def test_a_reason_renders_in_english_or_through_a_catalogue(parse, values, english, chinese):
    [reason] = _reasons(parse, values)

    assert str(reason) == english
    assert reason.render(lambda template: ZH.get(template, template)) == chinese


@pytest.mark.parametrize(
    ("items", "joined_and", "joined_or"),
    [
        pytest.param([5], "5", "5", id="one-item-as-it-is"),
        pytest.param([2, 5], "2 and 5", "2 or 5", id="two-items"),
        pytest.param([2, 3, 5], "2, 3 and 5", "2, 3 or 5", id="commas-before-the-last"),
    ],
)
def test_lists_read_as_a_person_says_them(items, joined_and, joined_or):
    assert (str(join_and(items)), str(join_or(items))) == (joined_and, joined_or)


def test_equal_messages_are_one_problem():
    first = msg("the file is %(size)s; the limit is %(limit)s", size="2 MB", limit="1 MB")
    again = msg("the file is %(size)s; the limit is %(limit)s", size="2 MB", limit="1 MB")

    assert first == again and len({first, again}) == 1
    assert first != msg("the file is %(size)s; the limit is %(limit)s", size="3 MB", limit="1 MB")
