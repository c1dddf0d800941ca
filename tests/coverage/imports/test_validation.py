"""One raw row (workbook cells or web form text) into a validated record, or every problem."""

from __future__ import annotations

import datetime as dt

import pytest

from coverage.imports.validation import (
    InvalidRecord,
    parse_date,
    parse_patent,
    parse_product,
    parse_trademark,
)
from coverage.messages import msg
from coverage.models import DesignationStatus, PatentKind, PatentStatus, TrademarkStatus
from coverage.offices import Geography, MadridMember, Membership

GEO = Geography(
    [Membership("EM", c, dt.date(1958, 1, 1)) for c in ("DE", "FR", "IT", "BE", "NL", "LU")]
    + [Membership("BX", c) for c in ("BE", "NL", "LU")]
    + [Membership("OA", c) for c in ("SN", "CM")],
    [
        MadridMember(c, dt.date(2000, 1, 1))
        for c in ("US", "JP", "VN", "GB", "CN", "EM", "BX", "OA")
    ],
)
PRODUCT = {
    "product_id": "P001",
    "name": "Cordless drill",
    "brand": "KANGDA",
    "nice_classes": "7;9",
    "markets": "CN;EU;US",
}
PATENT = {
    "patent_no": "ZL202010012345.6",
    "office": "CN",
    "kind": "invention",
    "status": "granted",
    "filing_date": "2020-03-01",
    "grant_date": "2022-05-10",
    "products": "P001;P002",
}
MARK = {
    "tm_no": "1234567",
    "office": "WO",
    "brand": "KANGDA",
    "mark_text": "KANGDA",
    "nice_classes": "7",
    "status": "registered",
    "filing_date": "2016-01-05",
    "registration_date": "2016-01-05",
    "designations": "US:protected;JP:refused;VN",
    "basic_mark": "12345678",
}


def errors_of(parse, values: dict[str, object]) -> list[tuple[str, str]]:
    """Each (column, reason) as a person reads it in English."""
    with pytest.raises(InvalidRecord) as caught:
        parse(values, geography=GEO)
    return [(column, str(reason)) for column, reason in caught.value.errors]


def test_product_from_form_text():
    product = parse_product({**PRODUCT, "name_zh": " 无绳电钻 ", "description": ""}, geography=GEO)

    assert (product.product_id, product.name_zh, product.description) == ("P001", "无绳电钻", None)
    assert (product.nice_classes, product.markets) == ([7, 9], ["CN", "EU", "US"])


@pytest.mark.parametrize(
    ("classes", "expected"),
    [
        pytest.param("7;9", [7, 9], id="semicolon"),
        pytest.param("9；7", [7, 9], id="fullwidth-semicolon-and-sorted"),
        pytest.param("7,9", [7, 9], id="comma"),
        pytest.param("7，9", [7, 9], id="fullwidth-comma"),
        pytest.param("7、9", [7, 9], id="chinese-enumeration-comma"),
        pytest.param(" 7 ; 9 ; 7 ", [7, 9], id="spaces-and-repeats"),
        pytest.param(7, [7], id="excel-number"),
        pytest.param(7.0, [7], id="excel-float"),
        pytest.param("第7类", [7], id="chinese-class-label"),
        pytest.param("07", [7], id="leading-zero"),
    ],
)
def test_nice_classes_in_every_accepted_form(classes, expected):
    assert (
        parse_product({**PRODUCT, "nice_classes": classes}, geography=GEO).nice_classes == expected
    )


@pytest.mark.parametrize(
    ("markets", "expected"),
    [
        pytest.param("cn;us", ["CN", "US"], id="lower-case-codes"),
        pytest.param("CN，EU；VN", ["CN", "EU", "VN"], id="fullwidth-separators"),
        pytest.param("CN US", ["CN", "US"], id="space-separated"),
    ],
)
def test_markets_in_every_accepted_form(markets, expected):
    assert parse_product({**PRODUCT, "markets": markets}, geography=GEO).markets == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("2024-06-07", dt.date(2024, 6, 7), id="iso"),
        pytest.param("2024/06/07", dt.date(2024, 6, 7), id="slashes"),
        pytest.param("2024.06.07", dt.date(2024, 6, 7), id="dots"),
        pytest.param("2024/6/7", dt.date(2024, 6, 7), id="no-leading-zeros"),
        pytest.param("2024年6月7日", dt.date(2024, 6, 7), id="chinese"),
        pytest.param("２０２４－０６－０７", dt.date(2024, 6, 7), id="fullwidth-digits"),
        pytest.param("2024-06-07 00:00:00", dt.date(2024, 6, 7), id="midnight-timestamp"),
        pytest.param(45450, dt.date(2024, 6, 7), id="excel-serial"),
        pytest.param(dt.datetime(2024, 6, 7, 0, 0), dt.date(2024, 6, 7), id="excel-datetime"),
        pytest.param(dt.date(2024, 6, 7), dt.date(2024, 6, 7), id="date"),
    ],
)
def test_dates_in_every_accepted_form(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        pytest.param(
            "2023-02-30",
            '"2023-02-30" is not a real date: February 2023 has 28 days',
            id="february-30",
        ),
        pytest.param(
            "2024-13-01", '"2024-13-01" is not a real date: there is no month 13', id="month-13"
        ),
        pytest.param(
            "07/06/2024",
            '"07/06/2024" is not a date; write YYYY-MM-DD, e.g. 2024-06-07',
            id="day-first-ambiguous",
        ),
        pytest.param("soon", '"soon" is not a date; write YYYY-MM-DD', id="words"),
        pytest.param("0224-06-07", "the year 224 looks like a typing mistake", id="typo-year"),
    ],
)
def test_bad_dates_say_what_to_write(raw, reason):
    with pytest.raises(ValueError) as caught:
        parse_date(raw)

    assert reason in str(caught.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            {"nice_classes": "7;46"},
            [("nice_classes", "class 46 is outside 1–45 (Nice classes are 1 to 45)")],
            id="class-46",
        ),
        pytest.param(
            {"nice_classes": ""},
            [("nice_classes", "required: it is empty")],
            id="no-classes",
        ),
        pytest.param(
            {"markets": "CN;XX;UK"},
            [
                ("markets", 'unknown market "XX"; use ISO country codes or EU'),
                ("markets", 'unknown market "UK" (did you mean GB?)'),
            ],
            id="two-unknown-markets-each-named",
        ),
        pytest.param(
            {"product_id": None, "name": ""},
            [
                ("product_id", "required: it is empty"),
                ("name", "required: it is empty"),
            ],
            id="missing-key-and-name",
        ),
        pytest.param(
            {"brand": "B" * 121},
            [("brand", "too long (121 characters; at most 120)")],
            id="brand-too-long",
        ),
    ],
)
def test_bad_product_lists_every_problem(change, expected):
    assert errors_of(parse_product, {**PRODUCT, **change}) == expected


def test_patent_with_chinese_values_and_links():
    values = {**PATENT, "kind": "实用新型", "status": "已授权", "office": "cn"}
    patent, products = parse_patent(values, geography=GEO)

    assert (patent.office, patent.kind, patent.status) == (
        "CN",
        PatentKind.UTILITY_MODEL,
        PatentStatus.GRANTED,
    )
    assert products == ["P001", "P002"]


def test_ep_patent_keeps_its_validation_states():
    patent, _ = parse_patent({**PATENT, "office": "EP", "designations": "de;fr，it"}, geography=GEO)

    assert patent.designations == ["DE", "FR", "IT"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            {"grant_date": "2019-12-31"},
            [("grant_date", "grant date 2019-12-31 is before the filing date 2020-03-01")],
            id="grant-before-filing",
        ),
        pytest.param(
            {"priority_date": "2020-05-01"},
            [("filing_date", "filing date 2020-03-01 is before the priority date 2020-05-01")],
            id="priority-after-filing",
        ),
        pytest.param(
            {"office": "ZZ"},
            [("office", 'unknown office "ZZ"; use ISO country codes, EP or WO')],
            id="unknown-office",
        ),
        pytest.param(
            {"kind": "patent"},
            [("kind", 'unknown kind "patent"; use one of invention, utility_model, design')],
            id="unknown-kind",
        ),
        pytest.param(
            {"designations": "DE"},
            [
                (
                    "designations",
                    "designations are only for EP patents (the states where it was validated)",
                )
            ],
            id="validation-states-on-a-cn-patent",
        ),
        pytest.param(
            {"filing_date": None, "status": ""},
            [
                ("status", "required: it is empty"),
                ("filing_date", "required: it is empty"),
            ],
            id="missing-status-and-filing-date",
        ),
    ],
)
def test_bad_patent_lists_every_problem(change, expected):
    assert errors_of(parse_patent, {**PATENT, **change}) == expected


# Kinds the patent rules know per office (what coverage.patents.queries.load_patent_kinds gives).
KINDS = {
    "CN": frozenset({"invention", "utility_model", "design"}),
    "US": frozenset({"invention", "design"}),
    "EP": frozenset({"invention"}),
}
EP_GRANTED = {**PATENT, "office": "EP", "designations": "DE;FR;IT"}
PCT = {
    **PATENT,
    "patent_no": "PCT/CN2025/123456",
    "office": "WO",
    "status": "pending",
    "grant_date": None,
    "filing_date": "2025-09-18",
    "priority_date": "2024-10-08",
}


def patent_errors(values: dict[str, object]) -> list[tuple[str, str]]:
    """Each (column, reason) of a patents row checked against the rules' kinds per office."""
    with pytest.raises(InvalidRecord) as caught:
        parse_patent(values, geography=GEO, patent_kinds=KINDS)
    return [(column, str(reason)) for column, reason in caught.value.errors]


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        pytest.param(
            {**PATENT, "office": "US", "kind": "utility_model"},
            [("kind", "US has no utility_model patents; US grants design and invention")],
            id="US-utility-model",
        ),
        pytest.param(
            {**PATENT, "office": "us", "kind": "实用新型"},
            [("kind", "US has no utility_model patents; US grants design and invention")],
            id="US-utility-model-written-in-chinese",
        ),
        pytest.param(
            {**EP_GRANTED, "kind": "design"},
            [("kind", "EP has no design patents; EP grants invention")],
            id="EP-design-EU-designs-are-not-EP-patents",
        ),
        pytest.param(
            {**EP_GRANTED, "designations": None},
            [
                (
                    "designations",
                    "a granted EP patent needs the states where it was validated, e.g. DE;FR;IT",
                )
            ],
            id="granted-EP-without-validation-states",
        ),
        pytest.param(
            {**PCT, "filing_date": None},
            [
                (
                    "filing_date",
                    "required: a WO (PCT) application needs its international filing date, "
                    "because the national-phase deadlines are counted from the priority date, "
                    "or from the filing date when there is no priority",
                )
            ],
            id="PCT-without-filing-date",
        ),
        pytest.param(
            {**PCT, "priority_date": "2025-10-01"},
            [("filing_date", "filing date 2025-09-18 is before the priority date 2025-10-01")],
            id="PCT-priority-after-filing",
        ),
        pytest.param(
            {**PATENT, "annuity_paid_until": "2019-03-01"},
            [
                (
                    "annuity_paid_until",
                    "annuity paid until 2019-03-01 is before the filing date 2020-03-01",
                )
            ],
            id="annuity-paid-until-before-filing",
        ),
        pytest.param(
            {**PATENT, "annuity_paid_until": "2027-02-30"},
            [("annuity_paid_until", '"2027-02-30" is not a real date: February 2027 has 28 days')],
            id="annuity-paid-until-impossible-date",
        ),
    ],
)
def test_bad_patent_against_the_office_rules(values, expected):
    assert patent_errors(values) == expected


@pytest.mark.parametrize(
    ("values", "kind"),
    [
        pytest.param({**PATENT, "kind": "design"}, PatentKind.DESIGN, id="CN-design"),
        pytest.param(
            {**PATENT, "office": "US", "kind": "design"}, PatentKind.DESIGN, id="US-design"
        ),
        pytest.param(
            {**PCT, "kind": "utility_model"}, PatentKind.UTILITY_MODEL, id="PCT-of-any-kind"
        ),
        pytest.param(
            {**PATENT, "office": "JP", "kind": "utility_model"},
            PatentKind.UTILITY_MODEL,
            id="office-without-rules-left-to-the-layout",
        ),
        pytest.param(
            {**PATENT, "office": "EP", "status": "pending", "grant_date": None},
            PatentKind.INVENTION,
            id="pending-EP-not-yet-validated",
        ),
        pytest.param(
            {**PCT, "priority_date": None}, PatentKind.INVENTION, id="PCT-without-priority"
        ),
    ],
)
def test_patent_the_office_rules_accept(values, kind):
    patent, _ = parse_patent(values, geography=GEO, patent_kinds=KINDS)

    assert patent.kind == kind


def test_without_rules_any_kind_passes():
    patent, _ = parse_patent({**PATENT, "office": "US", "kind": "utility_model"}, geography=GEO)

    assert patent.kind == PatentKind.UTILITY_MODEL


def test_annuity_paid_until_is_kept():
    patent, _ = parse_patent({**PATENT, "annuity_paid_until": "2027/03/01"}, geography=GEO)

    assert patent.annuity_paid_until == dt.date(2027, 3, 1)


def test_madrid_mark_with_designations():
    mark, designations = parse_trademark(MARK, geography=GEO)

    assert (mark.office, mark.status, mark.basic_mark) == (
        "WO",
        TrademarkStatus.REGISTERED,
        "12345678",
    )
    assert designations == {
        "US": DesignationStatus.PROTECTED,
        "JP": DesignationStatus.REFUSED,
        "VN": DesignationStatus.PENDING,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(
            "US：受保护；JP：驳回",
            {"US": "protected", "JP": "refused"},
            id="chinese-statuses-fullwidth-colon",
        ),
        pytest.param(
            "em:Pending, oa:PROTECTED",
            {"EM": "pending", "OA": "protected"},
            id="regional-parties-any-case",
        ),
    ],
)
def test_designations_in_every_accepted_form(text, expected):
    _, designations = parse_trademark({**MARK, "designations": text}, geography=GEO)

    assert designations == expected


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        pytest.param("已注册", TrademarkStatus.REGISTERED, id="registered-zh"),
        pytest.param("申请中", TrademarkStatus.PENDING, id="pending-zh"),
        pytest.param("异议中", TrademarkStatus.OPPOSED, id="opposed-zh"),
        pytest.param("已注销", TrademarkStatus.CANCELLED, id="cancelled-zh"),
        pytest.param("Registered", TrademarkStatus.REGISTERED, id="capitalised-en"),
        pytest.param("canceled", TrademarkStatus.CANCELLED, id="us-spelling"),
    ],
)
def test_trademark_status_in_chinese_or_english(status, expected):
    mark, _ = parse_trademark({**MARK, "status": status}, geography=GEO)

    assert mark.status == expected


def test_cnipa_term_cell_gives_its_end_as_expiry():
    values = {
        **MARK,
        "office": "CN",
        "designations": None,
        "basic_mark": None,
        "expiry_date": "2016年01月05日 至 2026年01月04日",
    }
    mark, designations = parse_trademark(values, geography=GEO)

    assert (mark.expiry_date, designations) == (dt.date(2026, 1, 4), {})


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        pytest.param(
            {"designations": ""},
            [
                (
                    "designations",
                    "a WO (Madrid) registration needs its designated parties, "
                    "e.g. US:protected;JP:refused;VN",
                )
            ],
            id="wo-without-designations",
        ),
        pytest.param(
            {"basic_mark": None},
            [("basic_mark", "a WO (Madrid) registration needs the tm_no of its basic (home) mark")],
            id="wo-without-basic-mark",
        ),
        pytest.param(
            {"designations": "US:protected;XX;JP:maybe"},
            [
                ("designations", 'unknown party "XX"; use ISO country codes, EM, BX or OA'),
                (
                    "designations",
                    'unknown status "maybe" for JP; use one of pending, protected, refused, '
                    "opposed, withdrawn, cancelled, expired",
                ),
            ],
            id="unknown-party-and-status",
        ),
        pytest.param(
            {"designations": "SN"},
            [("designations", '"SN" is not a Madrid party itself; designate OA instead')],
            id="oapi-state-designated-directly",
        ),
        pytest.param(
            {"designations": "TW"},
            [("designations", '"TW" is not a Madrid party; file a national application there')],
            id="non-madrid-country",
        ),
        pytest.param(
            {"designations": "US;US:refused"},
            [("designations", '"US" is designated twice')],
            id="party-twice",
        ),
        pytest.param(
            {"registration_date": "2015-12-31"},
            [
                (
                    "registration_date",
                    "registration date 2015-12-31 is before the filing date 2016-01-05",
                )
            ],
            id="registration-before-filing",
        ),
        pytest.param(
            {"office": "CN"},
            [
                ("designations", "designations are only for WO (Madrid) registrations, not CN"),
                ("basic_mark", "basic_mark is only for WO (Madrid) registrations, not CN"),
            ],
            id="national-mark-with-madrid-fields",
        ),
        pytest.param(
            {"office": "EU", "designations": None, "basic_mark": None},
            [("office", 'unknown office "EU" (did you mean EM?)')],
            id="eu-instead-of-em",
        ),
        pytest.param(
            {"mark_image": "../../etc/passwd"},
            [
                (
                    "mark_image",
                    "write the image path relative to the imported file, e.g. logos/kangda.png",
                )
            ],
            id="image-path-leaving-the-folder",
        ),
    ],
)
def test_bad_trademark_lists_every_problem(change, expected):
    assert errors_of(parse_trademark, {**MARK, **change}) == expected


def test_invalid_record_message_joins_column_and_reason():
    error = InvalidRecord([("nice_classes", msg("class %(n)s is outside 1–45", n=46))])

    assert str(error) == "nice_classes: class 46 is outside 1–45"
    assert isinstance(error, ValueError)
