"""Unknown codes in a query (market, region, brand, product, office) are a 400 with the reason on
the pages and in the API, never a 200 with an empty list that reads as "no gaps"."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from coverage.portfolio import bump_revision
from monitor.auth import issue_token
from monitor.models import User
from tests.factories import make_patent, make_product, make_trademark

AS_OF = "2026-03-01"


@pytest.fixture
def portfolio(session):
    drill = make_product(session, product_id="P-DRILL", nice_classes=[7], markets=["CN", "DE"])
    make_patent(session, products=[drill])
    make_trademark(session, office="CN", tm_no="10000001", registration_date=dt.date(2020, 1, 1))
    bump_revision(session)
    session.commit()


@pytest.fixture
def token(session, make_user):
    email = make_user("executive")
    user = session.exec(select(User).where(User.email == email)).one()
    value = issue_token(session, user=user, name="test")
    session.commit()
    return value


API = ["/api/v1/coverage/matrix", "/api/v1/coverage/gaps", "/api/v1/coverage/plan"]
LAYOUT_API = ["/api/v1/patents/layout"]
BAD = [
    ({"market": "ZZ"}, "market: ZZ is not a known country code"),
    ({"market": "zz"}, "market: ZZ is not a known country code"),
    ({"market": "EU"}, "market: EU is a region, not a country; filter with region=EU"),
    ({"region": "XX"}, "region: XX is not a known region"),
    ({"product": "NO-SUCH"}, "product: NO-SUCH is not a product"),
    ({"brand": "KANDGA"}, "brand: KANDGA is not the brand of any product"),
]
BAD_IDS = ["unknown-country", "lower-case", "region-as-market", "region", "product", "brand-typo"]


@pytest.mark.parametrize("path", API + LAYOUT_API)
@pytest.mark.parametrize(("params", "reason"), BAD, ids=BAD_IDS)
def test_api_refuses_an_unknown_code_with_400(client, portfolio, token, path, params, reason):
    resp = client.get(
        path,
        query_string={"as_of": AS_OF, **params},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert resp.status_code == 400
    assert resp.get_json() == {"error": reason}


@pytest.mark.parametrize(
    ("params", "reason"),
    [
        ({"product": "NO-SUCH"}, "product: NO-SUCH is not a product"),
        ({"brand": "KANDGA"}, "brand: KANDGA is not the brand of any product"),
    ],
    ids=["product", "brand"],
)
def test_api_deadlines_refuse_an_unknown_product_or_brand(client, portfolio, token, params, reason):
    resp = client.get(
        "/api/v1/patents/deadlines",
        query_string={"as_of": AS_OF, **params},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert resp.status_code == 400
    assert resp.get_json() == {"error": reason}


@pytest.mark.parametrize(
    "path", ["/coverage", "/coverage/gaps", "/coverage/gaps/export", "/patents/layout"]
)
@pytest.mark.parametrize(("params", "reason"), BAD, ids=BAD_IDS)
def test_pages_refuse_an_unknown_code_with_400(client, login, portfolio, path, params, reason):
    login()
    resp = client.get(path, query_string={"as_of": AS_OF, **params})
    assert resp.status_code == 400
    assert reason in resp.get_data(as_text=True)


def test_known_codes_in_any_case_still_work(client, login, portfolio, token):
    login()
    for params in ({"market": "de"}, {"brand": " kangda "}, {"region": "eu"}):
        resp = client.get(
            "/api/v1/coverage/matrix",
            query_string={"as_of": AS_OF, **params},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert resp.status_code == 200, (params, resp.get_json())
        assert resp.get_json()["total"] >= 1


@pytest.mark.parametrize(
    ("path", "params", "reason"),
    [
        ("/trademarks", {"office": "ZZ"}, "office: ZZ is not a trademark office"),
        ("/patents", {"office": "ZZ"}, "office: ZZ is not a patent office"),
    ],
    ids=["trademark-office", "patent-office"],
)
def test_portfolio_lists_refuse_an_unknown_office(client, login, portfolio, path, params, reason):
    login()
    resp = client.get(path, query_string=params)
    assert resp.status_code == 400
    assert reason in resp.get_data(as_text=True)


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (["coverage", "gaps", "--market", "ZZ"], "--market: ZZ is not a known country code"),
        (["coverage", "matrix", "--region", "XX"], "region: XX is not a known region"),
        (["coverage", "plan", "--product", "NO-SUCH"], "product: NO-SUCH is not a product"),
        (["patents", "layout", "--brand", "KANDGA"], "brand: KANDGA is not the brand of any"),
    ],
    ids=["gaps-market", "matrix-region", "plan-product", "layout-brand"],
)
def test_cli_refuses_an_unknown_code(runner, portfolio, args, reason):
    result = runner.invoke(args=[*args, "--as-of", AS_OF])
    assert result.exit_code != 0
    assert reason in result.output


def test_cli_takes_codes_in_any_case(runner, portfolio):
    result = runner.invoke(
        args=["coverage", "matrix", "--region", "eu", "--format", "json", "--as-of", AS_OF]
    )
    assert result.exit_code == 0, result.output
    assert '"market": "DE"' in result.output
