"""The JSON API under /api/v1/: bearer tokens, filters and pages, JSON errors, the OpenAPI document."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from coverage.portfolio import bump_revision
from monitor.auth import issue_token
from monitor.models import Role, User
from tests.factories import make_patent, make_product, make_trademark

AS_OF = "2026-03-01"
ROUTES = ["/api/v1/coverage/matrix", "/api/v1/coverage/gaps", "/api/v1/openapi.json"]


@pytest.fixture
def portfolio(session):
    """A patented drill in CN, US, DE for class 7: CN protected, US pending, DE missing."""
    drill = make_product(
        session, product_id="P-DRILL", nice_classes=[7], markets=["CN", "US", "DE"]
    )
    make_patent(session, products=[drill])
    make_trademark(session, office="CN", tm_no="10000001", registration_date=dt.date(2020, 1, 1))
    make_trademark(session, office="US", tm_no="90000001", status="pending", registration_date=None)
    bump_revision(session)
    session.commit()


@pytest.fixture
def token(session, make_user):
    """A bearer token of an executive (read-only role)."""
    from sqlmodel import select

    email = make_user("executive")
    user = session.exec(select(User).where(User.email == email)).one()
    value = issue_token(session, user=user, name="test")
    session.commit()
    return value


def get(client, path, token=None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    params.setdefault("as_of", AS_OF)
    return client.get(path, query_string=params, headers=headers)


@pytest.mark.parametrize("path", ROUTES)
@pytest.mark.parametrize(
    "header",
    [None, "Bearer not-a-token", "Basic dXNlcjpwdw=="],
    ids=["no-header", "unknown-token", "not-bearer"],
)
def test_without_a_valid_token_the_api_answers_401_json(client, path, header):
    resp = client.get(path, headers={"Authorization": header} if header else {})
    assert resp.status_code == 401
    assert resp.is_json and "Authorization: Bearer" in resp.get_json()["error"]
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_matrix_with_a_token_lists_every_cell(client, portfolio, token):
    body = get(client, "/api/v1/coverage/matrix", token).get_json()
    assert body["as_of"] == AS_OF and body["total"] == 3 and body["page"] == 1
    statuses = {(c["market"], c["nice_class"]): c["status"] for c in body["items"]}
    assert statuses == {("CN", 7): "protected", ("DE", 7): "missing", ("US", 7): "pending"}
    cn = next(c for c in body["items"] if c["market"] == "CN")
    assert cn["rights"] == ["CN 10000001"] and cn["expiry"] == "2029-12-31"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"market": "US"}, {"US"}),
        ({"status": "gap"}, {"DE"}),
        ({"status": "at_risk"}, {"US"}),
        ({"region": "EU"}, {"DE"}),
        ({"class": "9"}, set()),
    ],
    ids=["market", "gap", "at-risk", "region-EU", "class-not-needed"],
)
def test_matrix_filters_like_the_page(client, portfolio, token, params, expected):
    body = get(client, "/api/v1/coverage/matrix", token, **params).get_json()
    assert {c["market"] for c in body["items"]} == expected
    assert body["total"] == len(expected)


def test_pages_split_the_items_and_total_counts_them_all(client, portfolio, token):
    first = get(client, "/api/v1/coverage/matrix", token, per_page="2").get_json()
    second = get(client, "/api/v1/coverage/matrix", token, per_page="2", page="2").get_json()
    assert (first["total"], len(first["items"]), len(second["items"])) == (3, 2, 1)
    assert first["per_page"] == 2 and second["page"] == 2
    seen = [(c["market"], c["nice_class"]) for c in first["items"] + second["items"]]
    assert len(set(seen)) == 3


def test_gaps_carry_the_advice(client, portfolio, token):
    body = get(client, "/api/v1/coverage/gaps", token).get_json()
    assert body["total"] == 1
    (gap,) = body["items"]
    assert (gap["market"], gap["status"], gap["advice_action"], gap["advice_office"]) == (
        "DE",
        "missing",
        "eutm",
        "EM",
    )
    assert "EUIPO" in gap["advice"] and gap["urgent"] == []


def test_a_browser_session_may_call_the_api(client, login, portfolio):
    login("legal")
    resp = get(client, "/api/v1/coverage/gaps")
    assert resp.status_code == 200 and resp.get_json()["total"] == 1


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"per_page": "1001"}, "per_page: 1001 must be a whole number from 1 to 1000"),
        ({"page": "0"}, "page: 0 must be a whole number"),
        ({"as_of": "2024-02-30"}, "as_of: 2024-02-30 is not a date"),
        ({"class": "x"}, "class: x is not a Nice class"),
    ],
    ids=["per-page-above-1000", "page-zero", "february-30", "class-not-a-number"],
)
def test_bad_parameters_get_400_json(client, portfolio, token, params, message):
    resp = get(client, "/api/v1/coverage/matrix", token, **params)
    assert resp.status_code == 400
    assert message in resp.get_json()["error"]


def test_tokens_stop_working_when_the_user_is_deactivated(client, session, portfolio, token):
    from sqlmodel import select

    user = session.exec(select(User).where(User.role == Role.EXECUTIVE)).one()
    user.active = False
    session.commit()
    assert get(client, "/api/v1/coverage/matrix", token).status_code == 401


# --- the OpenAPI document --------------------------------------------------------------------


def _refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _resolve(document, ref):
    assert ref.startswith("#/"), ref
    node = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def test_openapi_document_lists_every_route_of_the_api(app, client, token):
    resp = get(client, "/api/v1/openapi.json", token)
    assert resp.status_code == 200
    doc = resp.get_json()
    routes = {
        re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.")
    }
    assert set(doc["paths"]) == routes
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            documented = set(doc["paths"][path]) & {"get", "post", "put", "patch", "delete"}
            assert documented == {m.lower() for m in rule.methods - {"HEAD", "OPTIONS"}}


def test_openapi_document_is_well_formed_3_1(client, token):
    doc = get(client, "/api/v1/openapi.json", token).get_json()
    assert doc["openapi"].startswith("3.1.") and doc["info"]["title"] and doc["info"]["version"]
    for ref in _refs(doc):
        assert _resolve(doc, ref) is not None  # every $ref points at something
    for path, item in doc["paths"].items():
        assert path.startswith("/")
        for method, operation in item.items():
            assert operation["responses"], f"{method} {path} has no responses"
            assert operation["operationId"]
            for param in operation.get("parameters", []):
                param = _resolve(doc, param["$ref"]) if "$ref" in param else param
                assert {"name", "in", "schema"} <= set(param), param
    for name in doc["security"]:
        assert set(name) <= set(doc["components"]["securitySchemes"])


def test_openapi_parameters_are_the_ones_the_api_reads(client, portfolio, token):
    doc = get(client, "/api/v1/openapi.json", token).get_json()
    params = doc["paths"]["/coverage/matrix"]["get"]["parameters"]
    names = {_resolve(doc, p["$ref"])["name"] for p in params}
    assert names == {
        "as_of",
        "all_products",
        "brand",
        "product",
        "market",
        "region",
        "class",
        "status",
        "page",
        "per_page",
    }
    cell_keys = set(doc["components"]["schemas"]["Cell"]["properties"])
    item = get(client, "/api/v1/coverage/matrix", token).get_json()["items"][0]
    assert set(item) == cell_keys
    gap_schema = doc["components"]["schemas"]["Gap"]["allOf"][1]["properties"]
    gap = get(client, "/api/v1/coverage/gaps", token).get_json()["items"][0]
    assert set(gap) == cell_keys | set(gap_schema)
