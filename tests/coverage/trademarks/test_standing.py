"""A mark's own standing on a date: the one derivation of status, expiry and grace end that every
page, export and API answer shows."""

from __future__ import annotations

import datetime as dt

import pytest

from coverage.grid import CellStatus
from coverage.trademarks.explain import judge_mark
from coverage.trademarks.queries import load_rules
from coverage.trademarks.standing import MarkInfo, mark_standing, standing_of

D = dt.date
# CN 16543210 of the demo: registered 2016-11-14, so it expires 2026-11-13 (CN: the day before
# the anniversary) and may be renewed late until 2027-05-13 (6 months).
CN = MarkInfo("CN", "16543210", "KANGDA", (7, 9), "registered", D(2015, 3, 10), D(2016, 11, 14))


@pytest.mark.parametrize(
    ("mark", "as_of", "state", "status", "expiry", "grace_end"),
    [
        (CN, D(2025, 1, 1), "registered", CellStatus.PROTECTED, D(2026, 11, 13), None),
        (CN, D(2026, 11, 13), "expiring", CellStatus.EXPIRING, D(2026, 11, 13), None),
        (CN, D(2026, 11, 14), "grace", CellStatus.EXPIRING, D(2026, 11, 13), D(2027, 5, 13)),
        (CN, D(2027, 5, 13), "grace", CellStatus.EXPIRING, D(2026, 11, 13), D(2027, 5, 13)),
        (CN, D(2027, 5, 14), "lapsed", CellStatus.LAPSED, D(2026, 11, 13), D(2027, 5, 13)),
        (
            MarkInfo("EM", "016098765", "HENGYA", (7,), "registered", D(2016, 11, 28)),
            D(2026, 12, 5),
            "grace",
            CellStatus.EXPIRING,
            D(2026, 11, 28),
            D(2027, 5, 28),
        ),
        (
            MarkInfo("CN", "1", "K", (7,), "pending", D(2026, 4, 18)),
            D(2026, 12, 5),
            "pending",
            CellStatus.PENDING,
            None,
            None,
        ),
        (
            MarkInfo("CN", "2", "K", (7,), "expired", D(2008, 4, 22), D(2009, 10, 28)),
            D(2026, 12, 5),
            "expired",
            CellStatus.LAPSED,
            D(2019, 10, 27),
            None,
        ),
    ],
    ids=[
        "long-before-expiry-registered",
        "on-the-expiry-day-expiring",
        "day-after-expiry-in-grace",
        "last-day-of-grace",
        "after-grace-lapsed",
        "EM-from-filing-in-grace",
        "pending-has-no-term-yet",
        "recorded-expired-keeps-its-derived-expiry",
    ],
)
def test_standing_of_a_mark(session, mark, as_of, state, status, expiry, grace_end):
    standing = standing_of(mark, load_rules(session).get(mark.office), as_of=as_of, expiring_days=0)
    assert (standing.state, standing.status, standing.expiry.date, standing.grace_end) == (
        state,
        status,
        expiry,
        grace_end,
    )


def test_the_matrix_reads_the_same_standing(session):
    rule = load_rules(session)["CN"]
    standing = standing_of(CN, rule, as_of=D(2026, 12, 5), expiring_days=180)
    status, expiry, note = mark_standing(CN, rule, as_of=D(2026, 12, 5), expiring_days=180)
    assert (status, expiry) == (standing.status, standing.expiry.date)
    assert note == str(standing.reason)
    assert note == "CN 16543210 expired on 2026-11-13; late renewal possible until 2027-05-13"


def test_a_madrid_registration_fallen_with_its_basic_mark_is_lapsed(session):
    ir = MarkInfo(
        "WO",
        "2",
        "K",
        (9,),
        "registered",
        D(2022, 3, 15),
        D(2022, 3, 15),
        None,
        "1",
        (("US", "protected"),),
    )
    basic = MarkInfo("CN", "1", "K", (9,), "cancelled", D(2021, 1, 12), D(2021, 10, 7))
    standing = judge_mark(
        ir, load_rules(session), as_of=D(2026, 12, 5), expiring_days=180, basic=basic
    )
    assert (standing.state, standing.status) == ("fallen", CellStatus.LAPSED)
    assert "central attack" in str(standing.reason)
