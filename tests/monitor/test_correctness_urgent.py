"""The urgent deadlines of the gap page follow its filters (brand, product, market, region, class),
and an overdue deadline says that the grace period ends on its date."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from coverage.portfolio import bump_revision
from tests.factories import make_patent, make_product, make_trademark

AS_OF = "2026-12-05"


@pytest.fixture
def portfolio(session):
    """KANGDA's drill in CN and DE (classes 7, 9) and HENGYA's jack in CN (class 7).

    Deadlines on 2026-12-05: CN 16543210 (KANGDA, CN, classes 7 and 9) in its grace period until
    2027-05-13; EM 018412345 (KANGDA, EU, class 9) renewal due 2027-03-02; CN 8456789 (HENGYA,
    CN, class 7) renewal due 2027-09-13.
    """
    drill = make_product(
        session, product_id="KD-ID200", nice_classes=[7, 9], markets=["CN", "DE"], brand="KANGDA"
    )
    jack = make_product(
        session, product_id="HY-JK2", nice_classes=[7], markets=["CN"], brand="HENGYA"
    )
    make_patent(session, products=[drill, jack])
    make_trademark(
        session,
        office="CN",
        tm_no="16543210",
        nice_classes=[7, 9],
        filing_date=dt.date(2015, 3, 10),
        registration_date=dt.date(2016, 11, 14),
    )
    make_trademark(
        session,
        office="EM",
        tm_no="018412345",
        nice_classes=[9],
        filing_date=dt.date(2017, 3, 2),
        registration_date=dt.date(2017, 7, 15),
    )
    make_trademark(
        session,
        office="CN",
        tm_no="8456789",
        brand="HENGYA",
        nice_classes=[7],
        filing_date=dt.date(2010, 6, 1),
        registration_date=dt.date(2011, 9, 14),
        expiry_date=dt.date(2027, 9, 13),
    )
    bump_revision(session)
    session.commit()


def urgent(client, lang: str = "en", **params) -> str:
    params.setdefault("as_of", AS_OF)
    resp = client.get("/coverage/gaps", query_string=params, headers={"Accept-Language": lang})
    assert resp.status_code == 200, resp.get_data(as_text=True)[:300]
    box = resp.get_data(as_text=True).split('data-testid="urgent"')[1].split("</section>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", box).split())


ALL = {"CN 16543210", "EM 018412345", "CN 8456789"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL),
        ({"brand": "HENGYA"}, {"CN 8456789"}),
        ({"product": "KD-ID200"}, {"CN 16543210", "EM 018412345"}),
        ({"market": "DE"}, {"EM 018412345"}),
        ({"region": "EU"}, {"EM 018412345"}),
        ({"market": "CN", "class": "9"}, {"CN 16543210"}),
        ({"class": "7"}, {"CN 16543210", "CN 8456789"}),
        ({"brand": "KANGDA", "class": "7"}, {"CN 16543210"}),
    ],
    ids=[
        "no-filter-every-deadline",
        "brand",
        "product",
        "market-DE-only-the-EU-mark",
        "region-EU",
        "market-and-class",
        "class-7-not-the-class-9-EU-mark",
        "brand-and-class",
    ],
)
def test_urgent_box_follows_the_filters(client, login, portfolio, params, expected):
    login()
    box = urgent(client, **params)
    assert {right for right in ALL if right in box} == expected


def test_overdue_deadline_says_the_grace_period_ends_on_its_date(client, login, portfolio):
    login()
    box = urgent(client, market="CN", **{"class": "9"})
    assert "overdue since 2026-11-13; grace period ends 2027-05-13" in box
    zh = urgent(client, lang="zh", market="CN", **{"class": "9"})
    assert "已于 2026-11-13 逾期，宽展期至 2027-05-13 届满" in zh


def test_a_deadline_line_of_the_exports_says_it_too(app):
    from coverage.trademarks.deadlines import Deadline
    from monitor.wording import Wording

    late = Deadline(dt.date(2027, 5, 13), "grace", "CN 1", "K", dt.date(2026, 11, 13), True)
    due = Deadline(dt.date(2027, 3, 2), "renewal", "EM 2", "K", dt.date(2026, 9, 2))
    with app.test_request_context(headers={"Accept-Language": "en"}):
        words = Wording()
        assert words.deadline_line(late) == (
            "2027-05-13 Grace period for renewing CN 1 ends (surcharge); "
            "overdue since 2026-11-13; grace period ends 2027-05-13"
        )
        assert words.deadline_line(due) == "2027-03-02 Renewal of EM 2; window opens 2026-09-02"
