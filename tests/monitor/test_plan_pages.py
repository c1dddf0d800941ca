"""The filing plan on the gap page, in the Excel export and in the API."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from coverage.portfolio import bump_revision
from monitor.auth import issue_token
from monitor.models import User
from tests.factories import make_patent, make_product, make_trademark

D = dt.date


@pytest.fixture
def portfolio(session):
    drill = make_product(session, product_id="KD-1", markets=["VN", "TH", "EU"], nice_classes=[7])
    make_patent(session, [drill])
    make_trademark(session, office="CN", tm_no="900", registration_date=D(2023, 1, 1))
    bump_revision(session)
    session.commit()


def test_gap_page_shows_the_plan(client, login, portfolio):
    login("executive")
    html = client.get("/coverage/gaps?as_of=2026-11-24").get_data(as_text=True)
    plan = html[html.index('data-testid="plan"') : html.index('data-testid="gap-total"')]
    assert "2 filings close these gaps" in plan
    assert "EU trade mark application at EUIPO" in plan
    assert "Madrid international application based on CN 900, designating Thailand, Vietnam" in plan


def test_gap_page_plan_in_chinese(client, login, portfolio):
    login("brand_manager")
    client.post("/locale", data={"locale": "zh", "csrf_token": _token(client)})
    html = client.get("/coverage/gaps?as_of=2026-11-24").get_data(as_text=True)
    assert "申请计划" in html
    assert "以 CN 900 为基础提交马德里国际申请，指定 泰国、越南" in html


def test_excel_export_has_a_filing_plan_sheet(client, login, portfolio):
    login("legal")
    resp = client.get("/coverage/gaps/export?format=xlsx&as_of=2026-11-24")
    book = load_workbook(io.BytesIO(resp.data), read_only=True)
    assert book.sheetnames == ["Gaps", "Filing plan"]
    rows = list(book["Filing plan"].iter_rows(values_only=True))
    assert rows[0][:2] == ("Brand", "What to file")
    assert {r[5] for r in rows[1:]} == {
        27,
        2,
    }  # EU gaps in one EUTM; VN and TH in one Madrid filing


def test_api_plan(client, session, make_user, portfolio):
    email = make_user("executive")
    user = session.exec(select(User).where(User.email == email)).one()
    token = issue_token(session, user=user)
    session.commit()
    resp = client.get(
        "/api/v1/coverage/plan?as_of=2026-11-24", headers={"Authorization": f"Bearer {token}"}
    )
    assert resp.status_code == 200
    items = resp.get_json()["items"]
    assert [(i["action"], i["offices"], i["gaps"]) for i in items] == [
        ("eutm", ["EM"], 27),
        ("madrid", ["TH", "VN"], 2),
    ]


def _token(client):
    from tests.conftest import csrf_token

    return csrf_token(client, "/coverage")
