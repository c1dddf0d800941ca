"""The shipped reference tables: EU by date, Madrid, OAPI, Nice, office rules, and the loader."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, select

from coverage.models import (
    MadridParty,
    MarketRegion,
    NiceClass,
    Office,
    Patent,
    PatentRule,
    PctPeriod,
    RegionMembership,
    TrademarkRule,
)
from coverage.queries import load_geography
from coverage.reference import ReferenceDataError, load_reference, read_table
from coverage.reference_tables import ALWAYS


def _codes(text: str) -> frozenset[str]:
    return frozenset(text.split())


REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference"
EU27 = _codes("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE")
OAPI17 = _codes("BJ BF CM CF TD KM CG CI GQ GA GN GW ML MR NE SN TG")
TODAY = dt.date(2026, 11, 24)


def test_eu_on_2026_11_24_is_exactly_the_27(session: Session) -> None:
    assert load_geography(session).members("EM", TODAY) == EU27


@pytest.mark.parametrize(
    ("country", "day", "member"),
    [
        pytest.param("GB", dt.date(2020, 12, 31), True, id="GB-covered-on-last-day-of-transition"),
        pytest.param("GB", dt.date(2021, 1, 1), False, id="GB-not-covered-after-brexit"),
        pytest.param("GB", dt.date(1972, 12, 31), False, id="GB-not-yet-member-before-1973"),
        pytest.param("HR", dt.date(2013, 6, 30), False, id="HR-day-before-accession"),
        pytest.param("HR", dt.date(2013, 7, 1), True, id="HR-accession-day"),
        pytest.param("PL", dt.date(2004, 4, 30), False, id="PL-before-2004-enlargement"),
        pytest.param("PL", dt.date(2004, 5, 1), True, id="PL-2004-enlargement"),
        pytest.param("RO", dt.date(2007, 1, 1), True, id="RO-2007-accession"),
        pytest.param("SE", dt.date(1995, 1, 1), True, id="SE-1995-accession"),
        pytest.param("NO", TODAY, False, id="NO-never-an-EU-member"),
        pytest.param("CH", TODAY, False, id="CH-never-an-EU-member"),
    ],
)
def test_eu_membership_by_date(session: Session, country: str, day: dt.date, member: bool) -> None:
    assert (country in load_geography(session).members("EM", day)) is member


def test_eu_has_28_members_on_2020_12_31(session: Session) -> None:
    assert load_geography(session).members("EM", dt.date(2020, 12, 31)) == EU27 | {"GB"}


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        pytest.param("BX", frozenset({"BE", "NL", "LU"}), id="benelux-is-one-territory"),
        pytest.param("OA", OAPI17, id="oapi-has-17-states"),
    ],
)
def test_regional_territories(session: Session, region: str, expected: frozenset[str]) -> None:
    assert load_geography(session).members(region, TODAY) == expected


def test_aripo_banjul_states_not_domesticated_are_unverified(session: Session) -> None:
    rows = session.exec(select(RegionMembership).where(RegionMembership.region == "AP")).all()
    status = {r.country: r.status for r in rows}
    assert len(status) == 13
    assert {c for c, s in status.items() if s == "confirmed"} == _codes("BW LR MW MZ NA ST ZW")


def test_madrid_has_116_parties_covering_132_countries(session: Session) -> None:
    """WIPO counts BE, LU and NL as parties; BX is only their joint designation code."""
    parties = session.exec(select(MadridParty)).all()
    confirmed = {p.code for p in parties if p.status == "confirmed"}
    assert len(parties) == 118
    assert len(confirmed - {"BX"}) == 116
    nationals = confirmed - {"BX", "EM", "OA"}
    assert len(nationals | EU27 | OAPI17) == 132
    assert len(confirmed - {"BE", "LU", "NL"}) == 114  # what a Madrid filing can designate


@pytest.mark.parametrize(
    ("code", "day", "verified"),
    [
        pytest.param("SA", TODAY, False, id="saudi-arabia-listed-but-unverified"),
        pytest.param("CN", TODAY, True, id="china-a-party"),
        pytest.param("EM", TODAY, True, id="eu-a-party-as-a-bloc"),
        pytest.param("OA", TODAY, True, id="oapi-a-party-as-a-bloc"),
        pytest.param("GD", dt.date(2026, 3, 15), True, id="grenada-in-force-2026-03-15"),
        pytest.param("GD", dt.date(2026, 3, 14), None, id="grenada-not-yet-on-2026-03-14"),
        pytest.param("TW", TODAY, None, id="taiwan-outside-wipo-treaties"),
        pytest.param("AR", TODAY, None, id="argentina-files-nationally"),
        pytest.param("NG", TODAY, None, id="nigeria-files-nationally"),
    ],
)
def test_madrid_party_on_date(
    session: Session, code: str, day: dt.date, verified: bool | None
) -> None:
    member = load_geography(session).madrid_member(code, day)
    assert (member.verified if member else None) is verified


def test_nice_has_45_classes_with_chinese_headings(session: Session) -> None:
    classes = {c.number: c for c in session.exec(select(NiceClass))}
    assert sorted(classes) == list(range(1, 46))
    assert all(c.heading_en and c.heading_zh for c in classes.values())
    assert {n for n, c in classes.items() if c.kind == "goods"} == set(range(1, 35))


@pytest.mark.parametrize(
    ("number", "zh", "en_start"),
    [
        pytest.param(7, "机械设备", "Machines", id="class-7-power-tools-and-machines"),
        pytest.param(8, "手工器械", "Hand tools", id="class-8-hand-tools"),
        pytest.param(9, "科学仪器", "Scientific", id="class-9-electrical-apparatus-batteries"),
        pytest.param(11, "灯具空调", "Apparatus for lighting", id="class-11-lighting-heating"),
        pytest.param(35, "广告销售", "Advertising", id="class-35-first-service-class"),
    ],
)
def test_nice_headings(session: Session, number: int, zh: str, en_start: str) -> None:
    nice = session.get(NiceClass, number)
    assert nice is not None and nice.heading_zh == zh and nice.heading_en.startswith(en_start)


@pytest.mark.parametrize(
    ("office", "term_from", "term_end", "window", "grace", "non_use"),
    [
        pytest.param("CN", "registration", "day_before", 12, 6, 3, id="CN-ends-day-before"),
        pytest.param("US", "registration", "anniversary", 12, 6, 3, id="US-from-registration"),
        pytest.param("EM", "filing", "anniversary", 6, 6, 5, id="EM-from-filing"),
        pytest.param("GB", "filing", "anniversary", 6, 6, 5, id="GB-from-filing"),
        pytest.param("JP", "registration", "anniversary", 6, 6, 3, id="JP-from-registration"),
        pytest.param("KR", "registration", "anniversary", 12, 6, 3, id="KR-one-year-window"),
        pytest.param("IN", "filing", "anniversary", 12, 6, 5, id="IN-from-application"),
        pytest.param("WO", "registration", "anniversary", 3, 6, None, id="WO-from-IR-date"),
    ],
)
def test_domain_trademark_rules(
    session: Session,
    office: str,
    term_from: str,
    term_end: str,
    window: int,
    grace: int,
    non_use: int | None,
) -> None:
    rule = session.get(TrademarkRule, office)
    assert rule is not None and rule.status == "confirmed" and rule.term_years == 10
    got = (rule.term_from, rule.term_end, rule.renewal_window_months, rule.grace_months)
    assert got == (term_from, term_end, window, grace)
    assert rule.non_use_years == non_use


def test_us_rule_names_the_section_8_declaration(session: Session) -> None:
    rule = session.get(TrademarkRule, "US")
    assert rule is not None and "s8" in (rule.use_declaration or "")


def test_cn_mark_registered_2014_06_07_expires_2024_06_06(session: Session) -> None:
    from coverage.trademarks.queries import load_rules
    from coverage.trademarks.rules import derive_expiry

    expiry = derive_expiry(
        office="CN",
        filing_date=dt.date(2013, 1, 10),
        registration_date=dt.date(2014, 6, 7),
        expiry_date=None,
        rule=load_rules(session)["CN"],
    )
    assert expiry.date == dt.date(2024, 6, 6)


def _snapshot(session: Session) -> dict[str, list[tuple[object, ...]]]:
    out: dict[str, list[tuple[object, ...]]] = {}
    models = (Office, RegionMembership, MarketRegion, MadridParty, NiceClass, TrademarkRule)
    for model in (*models, PatentRule, PctPeriod):
        rows = [r.model_dump(exclude={"id"}) for r in session.exec(select(model))]
        out[model.__name__] = sorted((tuple(sorted(r.items())) for r in rows), key=repr)
    return out


def test_loading_twice_changes_nothing(session: Session) -> None:
    before = _snapshot(session)
    counts = load_reference(REFERENCE, session=session)
    session.commit()
    assert _snapshot(session) == before
    assert counts == {
        "offices": len(before["Office"]),
        "region memberships": len(before["RegionMembership"]),
        "market regions": len(before["MarketRegion"]),
        "Madrid parties": 118,
        "Nice classes": 45,
        "trademark rules": len(before["TrademarkRule"]),
        "patent rules": len(before["PatentRule"]),
        "PCT national phase periods": len(before["PctPeriod"]),
    }
    assert before["PatentRule"] and before["PctPeriod"]


def test_loading_twice_keeps_the_patent_rule_rows(session: Session) -> None:
    ids = sorted(r.id for r in session.exec(select(PatentRule)))
    load_reference(REFERENCE, session=session)
    session.commit()
    assert sorted(r.id for r in session.exec(select(PatentRule))) == ids


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "reference"
    shutil.copytree(REFERENCE, target)
    return target


def _edit(path: Path, key: str, column: str, value: str) -> None:
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    fields = list(rows[0])
    for row in rows:
        if next(iter(row.values())) == key:
            row[column] = value
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_corrected_row_updates_the_table(session: Session, tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory / "madrid_parties.csv", "SA", "status", "confirmed")
    _edit(directory / "madrid_parties.csv", "SA", "in_force", "2026-06-01")
    load_reference(directory, session=session)
    session.commit()
    saudi = session.get(MadridParty, "SA")
    assert saudi is not None and (saudi.status, saudi.in_force) == (
        "confirmed",
        dt.date(2026, 6, 1),
    )


def test_memberships_are_replaced_per_region(session: Session, tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "region_membership.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if (r["region"], r["country"]) != ("OA", "KM")]
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    counts = load_reference(directory, session=session)
    session.commit()
    geography = load_geography(session)
    assert counts["region memberships"] == len(rows)
    assert geography.members("OA", TODAY) == OAPI17 - {"KM"}
    assert geography.members("EM", TODAY) == EU27


def test_a_corrected_patent_rule_replaces_only_its_office(session: Session, tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "patent_rules.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("US,design,15,grant,", "US,design,16,grant,", 1), "utf-8")
    cn_ids = {r.id for r in session.exec(select(PatentRule).where(PatentRule.office == "CN"))}
    load_reference(directory, session=session)
    session.commit()
    us = session.exec(select(PatentRule).where(PatentRule.office == "US")).all()
    assert sorted((r.kind, r.term_years) for r in us) == [
        ("design", 14),
        ("design", 16),
        ("invention", 20),
    ]
    assert {r.id for r in session.exec(select(PatentRule).where(PatentRule.office == "CN"))} == (
        cn_ids
    )


@pytest.mark.parametrize(
    ("file", "key", "column", "value", "message"),
    [
        pytest.param(
            "region_membership.csv",
            "EM",
            "start",
            "2004-13-01",
            "is not a date",
            id="impossible-date",
        ),
        pytest.param("offices.csv", "CN", "kind", "federal", "is not one of", id="unknown-kind"),
        pytest.param(
            "madrid_parties.csv", "AF", "source", "", "a value is required", id="missing-source"
        ),
        pytest.param(
            "nice_classes.csv", "7", "number", "46", "from 1 to 45", id="class-out-of-range"
        ),
        pytest.param(
            "trademark_rules.csv",
            "CN",
            "status",
            "maybe",
            "confirmed, unverified",
            id="status-neither-confirmed-nor-unverified",
        ),
        pytest.param("offices.csv", "CN", "code", "CHN", "two-letter", id="three-letter-code"),
        pytest.param(
            "patent_rules.csv",
            "CN",
            "term_from",
            "registration",
            "filing, grant",
            id="patent-term-from-registration-is-not-a-patent-word",
        ),
        pytest.param(
            "patent_rules.csv", "CN", "kind", "model", "is not one of", id="unknown-patent-kind"
        ),
        pytest.param(
            "pct_periods.csv", "CN", "months", "30m", "whole number", id="pct-months-not-a-number"
        ),
    ],
)
def test_a_broken_csv_names_file_line_and_column(
    session: Session, tmp_path: Path, file: str, key: str, column: str, value: str, message: str
) -> None:
    directory = _copy(tmp_path)
    _edit(directory / file, key, column, value)
    with (directory / file).open(encoding="utf-8") as fh:
        line = next(
            n
            for n, text in enumerate(fh, start=1)
            if text.startswith(f"{value},") or text.startswith(f"{key},")
        )
    with pytest.raises(ReferenceDataError) as err:
        load_reference(directory, session=session)
    assert (err.value.file, err.value.line, err.value.column) == (file, line, column)
    assert f"{file}, line {line}, column '{column}'" in str(err.value)
    assert message in str(err.value)


def test_a_missing_column_or_file_is_named(session: Session, tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    text = (directory / "offices.csv").read_text(encoding="utf-8")
    (directory / "offices.csv").write_text(text.replace(",source,", ",origin,", 1), "utf-8")
    with pytest.raises(ReferenceDataError, match=r"offices\.csv, line 1, column 'source'"):
        load_reference(directory, session=session)
    (directory / "nice_classes.csv").unlink()
    with pytest.raises(ReferenceDataError, match=r"nice_classes\.csv.*missing"):
        list(read_table(directory / "nice_classes.csv", {}))


def test_a_duplicate_key_is_reported_with_its_line(session: Session, tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / "trademark_rules.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join([*lines, lines[1]]), encoding="utf-8")
    with pytest.raises(ReferenceDataError, match=rf"line {len(lines) + 1}.*duplicate key 'CN'"):
        load_reference(directory, session=session)


@pytest.mark.parametrize("path", sorted(REFERENCE.glob("*.csv")), ids=lambda p: p.name)
def test_every_row_has_a_source_and_a_status(path: Path) -> None:
    rows = list(read_table(path, ALWAYS))
    assert rows, f"{path.name} is empty"
    assert all(row["source"] and row["status"] in ("confirmed", "unverified") for _, row in rows)


# --- the demo portfolio (data/demo) ----------------------------------------------------------

DEMO = REFERENCE.parent / "demo"


@pytest.fixture
def demo(session: Session) -> Session:
    from coverage.imports.importer import import_portfolio

    import_portfolio(DEMO, session=session, geography=load_geography(session))
    session.commit()
    return session


@pytest.mark.parametrize(
    ("all_products", "expected"),
    [
        pytest.param(
            False,
            {"protected": 209, "expiring": 57, "pending": 5, "lapsed": 12, "missing": 132},
            id="patented-products-only-144-gaps",
        ),
        pytest.param(
            True,
            {"protected": 213, "expiring": 57, "pending": 6, "lapsed": 13, "missing": 164},
            id="all-products-177-gaps",
        ),
    ],
)
def test_demo_totals_on_2026_11_24(demo: Session, all_products: bool, expected: dict) -> None:
    from coverage.trademarks.queries import build_coverage

    cells = build_coverage(demo, as_of=TODAY, all_products=all_products).cells
    got = {status: sum(str(c.status) == status for c in cells) for status in expected}
    assert got == expected


@pytest.mark.parametrize(
    ("product", "market", "nice", "status"),
    [
        pytest.param("KD-ID200", "US", 9, "lapsed", id="central-attack-basic-CN-mark-cancelled"),
        pytest.param("KD-BP20", "GB", 9, "lapsed", id="central-attack-reaches-GB-designation"),
        pytest.param("KD-ID200", "DE", 9, "protected", id="EUTM-survives-the-central-attack"),
        pytest.param("KD-ID200", "JP", 7, "lapsed", id="JP-designation-refused"),
        pytest.param("KD-AG100", "IN", 7, "pending", id="bare-IN-designation-is-pending"),
        pytest.param("KD-CS300", "SN", 7, "protected", id="SN-reached-through-OA-designation"),
        pytest.param("KD-CS300", "NG", 7, "missing", id="NG-neither-OAPI-nor-Madrid"),
        pytest.param("KD-AG100", "SA", 7, "missing", id="SA-needs-a-national-filing"),
        pytest.param("KD-CH20", "CN", 9, "expiring", id="CN-mark-expires-2027-03-20"),
        pytest.param("HY-CY5", "FR", 7, "expiring", id="EM-mark-expires-2026-11-28"),
        pytest.param("HY-PJ3", "CN", 12, "pending", id="opposed-and-pending-CN-applications"),
        pytest.param("KD-ID200", "US", 7, "protected", id="US-mark-in-its-s8-window"),
        pytest.param("VB-MW1", "GB", 9, "missing", id="new-brand-without-any-mark"),
    ],
)
def test_demo_cells(demo: Session, product: str, market: str, nice: int, status: str) -> None:
    from coverage.trademarks.queries import build_coverage

    cells = build_coverage(demo, as_of=TODAY).cells
    cell = next(
        c for c in cells if (c.product_id, c.market, c.nice_class) == (product, market, nice)
    )
    assert str(cell.status) == status


def test_demo_leaves_out_products_without_a_live_patent(demo: Session) -> None:
    from coverage.trademarks.queries import build_coverage

    shown = {c.product_id for c in build_coverage(demo, as_of=TODAY).cells}
    assert {"KD-HT50", "KD-WL10", "HY-JK2"}.isdisjoint(shown)
    assert len(shown) == 11


def _cn_granted(demo: Session) -> list[Patent]:
    query = select(Patent).where(Patent.office == "CN", Patent.status == "granted")
    return list(demo.exec(query))


def test_demo_granted_cn_patents_say_how_far_annuities_are_paid(demo: Session) -> None:
    patents = _cn_granted(demo)
    assert len(patents) == 10
    assert [p.patent_no for p in patents if p.annuity_paid_until is None] == []


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        pytest.param("due-within-2-months", ["ZL202230712345.6"], id="annuity-due-2026-12-12"),
        pytest.param("late-within-6-months", ["ZL201910876543.2"], id="annuity-late-since-09-20"),
    ],
)
def test_demo_annuity_situations_on_2026_11_24(
    demo: Session, situation: str, expected: list[str]
) -> None:
    from coverage.dates import add_months, add_years

    def falls_due(p: Patent) -> dt.date | None:
        """The day the next annuity falls due, or None when the term ends before it."""
        (rule,) = [
            r
            for r in demo.exec(select(PatentRule).where(PatentRule.office == "CN"))
            if r.kind == p.kind and (r.filed_from or dt.date.min) <= p.filing_date
            if p.filing_date <= (r.filed_until or dt.date.max)
        ]
        expiry = add_years(p.filing_date, rule.term_years) - dt.timedelta(days=1)
        paid = p.annuity_paid_until
        return paid if paid is not None and paid < expiry else None

    def matches(due: dt.date) -> bool:
        if situation == "due-within-2-months":
            return TODAY <= due <= add_months(TODAY, 2)
        return due < TODAY <= add_months(due, 6)

    dues = {p.patent_no: falls_due(p) for p in _cn_granted(demo)}
    assert [no for no, due in dues.items() if due is not None and matches(due)] == expected


@pytest.mark.parametrize(
    ("region", "members"),
    [
        ("ASEAN", {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"}),
        ("GCC", {"AE", "BH", "KW", "OM", "QA", "SA"}),
        ("USMCA", {"US", "CA", "MX"}),
    ],
    ids=["asean-has-10", "gcc-has-6", "usmca-has-3"],
)
def test_sales_regions(session: Session, region: str, members: set[str]) -> None:
    from coverage.queries import load_geography

    assert load_geography(session).region_members(region, dt.date(2026, 11, 24)) == members
