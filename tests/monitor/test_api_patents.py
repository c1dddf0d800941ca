"""The patent layout under /api/v1/: cells, deadlines and families as paged JSON, the same answers
as `ipwatch patents layout|deadlines --format json`, errors as JSON, documented in OpenAPI."""

from __future__ import annotations

import json
import re

import pytest
from sqlmodel import select

from monitor.auth import issue_token
from monitor.models import User
from tests.monitor.test_layout_pages import AS_OF, DRILL_CN, build_layout_portfolio

ROUTES = [
    "/api/v1/patents/layout",
    "/api/v1/patents/deadlines",
    "/api/v1/patents/families/FAM-DRILL",
]


@pytest.fixture
def portfolio(session):
    build_layout_portfolio(session)


@pytest.fixture
def token(session, make_user):
    """A bearer token of an executive (read-only role)."""
    email = make_user("executive")
    user = session.exec(select(User).where(User.email == email)).one()
    value = issue_token(session, user=user, name="test")
    session.commit()
    return value


def get(client, path, token=None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    params.setdefault("as_of", AS_OF)
    return client.get(path, query_string=params, headers=headers)


def cli_json(runner, *args):
    result = runner.invoke(args=["patents", *args, "--format", "json", "--as-of", AS_OF])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("path", ROUTES, ids=["layout", "deadlines", "family"])
def test_without_a_token_the_api_answers_401_json(client, portfolio, path):
    resp = client.get(path)
    assert resp.status_code == 401 and "Authorization: Bearer" in resp.get_json()["error"]


def test_layout_lists_every_cell_of_branded_products(client, portfolio, token):
    body = get(client, "/api/v1/patents/layout", token).get_json()
    assert (body["as_of"], body["total"], body["page"]) == (AS_OF, 11, 1)
    statuses = {(c["product_id"], c["market"]): c["status"] for c in body["items"]}
    assert statuses["P-DRILL", "DE"] == "protected" and statuses["P-DRILL", "FR"] == "missing"
    assert not any(pid == "P-ANVIL" for pid, _m in statuses)  # ACME has no trademark
    cn = next(c for c in body["items"] if (c["product_id"], c["market"]) == ("P-DRILL", "CN"))
    assert cn == {
        "brand": "KANGDA",
        "product_id": "P-DRILL",
        "market": "CN",
        "status": "protected",
        "patents": [f"CN {DRILL_CN}"],
        "kinds": ["invention"],
        "expiry": "2039-12-31",
        "note": None,
    }


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"brand": "luxin", "status": "gap"}, {("P-LASER", "GB")}),
        ({"region": "EU"}, {("P-DRILL", "DE"), ("P-DRILL", "FR")}),
        ({"kind": "design", "status": "expiring"}, {("P-LASER", "CN")}),
        ({"product": "P-GRINDER", "status": "at_risk"}, {("P-GRINDER", "CN"), ("P-GRINDER", "VN")}),
    ],
    ids=["brand-and-gaps", "region-EU", "kind-design", "product-at-risk"],
)
def test_layout_filters_like_the_page(client, portfolio, token, params, expected):
    body = get(client, "/api/v1/patents/layout", token, **params).get_json()
    assert {(c["product_id"], c["market"]) for c in body["items"]} == expected
    assert body["total"] == len(expected)


def test_layout_pages_split_the_cells(client, portfolio, token):
    first = get(client, "/api/v1/patents/layout", token, per_page="4").get_json()
    last = get(client, "/api/v1/patents/layout", token, per_page="4", page="3").get_json()
    assert (first["total"], len(first["items"]), len(last["items"])) == (11, 4, 3)
    assert first["items"][0]["product_id"] == "P-DRILL"
    assert last["items"][-1]["product_id"] == "P-LASER"  # by brand, then product


def test_deadlines_by_date_with_the_late_annuity_overdue(client, portfolio, token):
    body = get(client, "/api/v1/patents/deadlines", token, brand="LUXIN").get_json()
    assert body["total"] == 1
    (late,) = body["items"]
    assert late["kind"] == "annuity_late" and late["due"] == "2026-06-01"
    assert late["overdue"] is True and late["opens"] == "2025-12-01"
    assert late["surcharge"] and late["products"] == ["P-LASER"] and late["brands"] == ["LUXIN"]
    phases = get(client, "/api/v1/patents/deadlines", token, deadline="national_phase").get_json()
    assert [(d["market"], d["due"]) for d in phases["items"]] == [
        ("CN", "2026-07-15"),
        ("VN", "2026-08-15"),
    ]


def test_family_says_where_it_stands(client, portfolio, token):
    body = get(client, "/api/v1/patents/families/FAM-DRILL", token).get_json()
    assert body["family_id"] == "FAM-DRILL" and body["as_of"] == AS_OF
    assert [(m["office"], m["standing"]) for m in body["members"]] == [
        ("CN", "protected"),
        ("EP", "protected"),
        ("JP", "lapsed"),
        ("US", "pending"),
    ]
    assert body["uncovered"] == ["FR", "JP"] and body["covered"]["DE"] == "protected"
    assert body["members"][1]["reaches"] == ["DE"]


def test_an_unknown_family_is_404_json(client, portfolio, token):
    resp = get(client, "/api/v1/patents/families/NO-SUCH", token)
    assert resp.status_code == 404 and resp.get_json() == {"error": "no patent family NO-SUCH"}


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("layout", {"kind": "petty"}, "kind: petty is not one of invention, utility_model, design"),
        ("layout", {"per_page": "1001"}, "per_page: 1001 must be a whole number from 1 to 1000"),
        ("deadlines", {"deadline": "fee"}, "deadline: fee is not one of annuity, annuity_late"),
        ("deadlines", {"as_of": "2026-13-01"}, "as_of: 2026-13-01 is not a date"),
    ],
    ids=["unknown-patent-kind", "per-page-above-1000", "unknown-deadline-kind", "month-13"],
)
def test_bad_parameters_get_400_json(client, portfolio, token, path, params, message):
    resp = get(client, f"/api/v1/patents/{path}", token, **params)
    assert resp.status_code == 400 and message in resp.get_json()["error"]


# --- the API and the CLI give the same answers -------------------------------------------------


@pytest.mark.parametrize(
    "filters",
    [{}, {"brand": "KANGDA"}, {"kind": "design"}, {"market": "CN", "status": "expiring"}],
    ids=["everything", "one-brand", "designs-only", "expiring-in-CN"],
)
def test_api_layout_is_the_cli_layout(client, runner, portfolio, token, filters):
    api = get(client, "/api/v1/patents/layout", token, per_page="1000", **filters).get_json()
    options = [part for key, value in filters.items() for part in (f"--{key}", value)]
    cli = cli_json(runner, "layout", *options)
    assert cli, "the CLI printed no cells"
    key = lambda c: (c["brand"], c["product_id"], c["market"])  # noqa: E731
    assert sorted(api["items"], key=key) == sorted(cli, key=key)


@pytest.mark.parametrize("filters", [{}, {"brand": "luxin"}], ids=["every-deadline", "one-brand"])
def test_api_deadlines_are_the_cli_deadlines(client, runner, portfolio, token, filters):
    api = get(client, "/api/v1/patents/deadlines", token, **filters).get_json()
    options = [part for key, value in filters.items() for part in (f"--{key}", value)]
    assert api["items"] == cli_json(runner, "deadlines", *options)
    assert api["total"] == len(api["items"]) > 0


# --- the OpenAPI document --------------------------------------------------------------------


def _resolve(document, ref):
    node = document
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def test_openapi_documents_the_patent_routes_and_their_shapes(client, portfolio, token):
    doc = get(client, "/api/v1/openapi.json", token).get_json()
    schemas = doc["components"]["schemas"]
    names = {
        path: {_resolve(doc, p["$ref"])["name"] for p in doc["paths"][path]["get"]["parameters"]}
        for path in ("/patents/layout", "/patents/deadlines", "/patents/families/{family_id}")
    }
    assert names["/patents/layout"] == {
        "as_of", "brand", "product", "market", "region", "kind", "status", "page", "per_page"
    }  # fmt: skip
    assert names["/patents/deadlines"] == {
        "as_of", "brand", "product", "kind", "deadline", "page", "per_page"
    }  # fmt: skip
    assert names["/patents/families/{family_id}"] == {"family_id", "as_of"}
    cell = get(client, "/api/v1/patents/layout", token).get_json()["items"][0]
    assert set(cell) == set(schemas["LayoutCell"]["properties"])
    due = get(client, "/api/v1/patents/deadlines", token).get_json()["items"][0]
    assert set(due) == set(schemas["PatentDeadline"]["properties"])
    family = get(client, "/api/v1/patents/families/FAM-DRILL", token).get_json()
    assert set(family) == set(schemas["PatentFamily"]["properties"])
    assert set(family["members"][0]) == set(schemas["FamilyMember"]["properties"])


def test_texts_come_in_the_language_asked_for(client, portfolio, token):
    zh = {"Authorization": f"Bearer {token}", "Accept-Language": "zh-CN"}
    english = get(client, "/api/v1/patents/deadlines", token, brand="LUXIN").get_json()
    chinese = client.get(
        "/api/v1/patents/deadlines", query_string={"brand": "LUXIN", "as_of": AS_OF}, headers=zh
    ).get_json()
    (en_late,), (zh_late,) = english["items"], chinese["items"]
    assert zh_late["kind"] == en_late["kind"] == "annuity_late"  # codes stay codes
    assert re.search("[\u4e00-\u9fff]", zh_late["text"]) and zh_late["text"] != en_late["text"]
    assert re.search("[\u4e00-\u9fff]", zh_late["surcharge"])
    assert not re.search("[\u4e00-\u9fff]", en_late["text"] + en_late["surcharge"])
    family = client.get(
        "/api/v1/patents/families/FAM-DRILL", query_string={"as_of": AS_OF}, headers=zh
    ).get_json()
    lapsed = next(m for m in family["members"] if m["office"] == "JP")
    assert lapsed["standing"] == "lapsed" and re.search("[\u4e00-\u9fff]", lapsed["note"])
    cells = client.get(
        "/api/v1/patents/layout", query_string={"per_page": 1000, "as_of": AS_OF}, headers=zh
    )
    notes = [c["note"] for c in cells.get_json()["items"] if c["note"]]
    assert notes and all(re.search("[\u4e00-\u9fff]", n) for n in notes)
