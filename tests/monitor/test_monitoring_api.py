"""The monitoring API: /api/v1/alerts (filters, limit and offset), one alert, the sources."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from monitor.auth import issue_token
from monitor.models import User
from tests.monitor.test_alert_pages import make_alert, make_observation
from tests.monitor.test_monitoring_pages import make_run

ROUTES = ["/api/v1/alerts", "/api/v1/alerts/1", "/api/v1/sources"]


@pytest.fixture
def token(session, make_user) -> str:
    """A read-only bearer token of an executive."""
    email = make_user("executive")
    user = session.exec(select(User).where(User.email == email)).one()
    value = issue_token(session, user=user, name="test")
    session.commit()
    return value


@pytest.fixture
def alerts(session) -> dict[str, int]:
    """Three alerts: a listing (95), a LUXIN listing of another source (70), a filing (85)."""
    best = make_alert(session, make_observation(session, text="KANGDA drill"), score=95)
    other = make_alert(
        session,
        make_observation(session, text="LUXlN", source="other-market"),
        brand="LUXIN",
        score=70,
    )
    filing = make_observation(
        session,
        kind="filing",
        text="KANGDAR",
        identity="CN:7",
        url=None,
        office="CN",
        application_no="7",
    )
    gazette = make_alert(
        session, filing, score=85, status="dismissed", opposition_deadline=dt.date(2026, 3, 31)
    )
    session.commit()
    return {"best": best.id, "other": other.id, "gazette": gazette.id}


def get(client, path: str, token: str | None = None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.get(path, query_string=params, headers=headers)


@pytest.mark.parametrize("path", ROUTES)
def test_without_a_token_the_api_answers_401(client, path):
    resp = get(client, path)
    assert resp.status_code == 401 and resp.is_json


def test_alerts_best_first_in_the_cli_shape(client, token, alerts):
    body = get(client, "/api/v1/alerts", token).get_json()
    assert body["total"] == 3
    assert [a["id"] for a in body["items"]] == [alerts["best"], alerts["gazette"], alerts["other"]]
    first = body["items"][0]
    for key in ("id", "kind", "source", "observed_text", "url", "watched_tm_no", "score"):
        assert key in first
    assert first["reasons"] == ["same text after normalisation"] and first["status"] == "new"
    gazette = body["items"][1]
    assert gazette["kind"] == "filing" and gazette["opposition_deadline"] == "2026-03-31"


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "dismissed"}, ["gazette"]),
        ({"kind": "listing"}, ["best", "other"]),
        ({"source": "other-market"}, ["other"]),
        ({"brand": "LUXIN"}, ["other"]),
        ({"min_score": "80"}, ["best", "gazette"]),
        ({"limit": "1", "offset": "1"}, ["gazette"]),
    ],
)
def test_alert_filters(client, token, alerts, params, expected):
    body = get(client, "/api/v1/alerts", token, **params).get_json()
    assert [a["id"] for a in body["items"]] == [alerts[name] for name in expected]
    if "limit" not in params:
        assert body["total"] == len(expected)


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"status": "open"}, "status"),
        ({"kind": "ad"}, "kind"),
        ({"min_score": "high"}, "min_score"),
        ({"min_score": "-1"}, "min_score"),
        ({"limit": "501"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"offset": "-3"}, "offset"),
        ({"as_of": "yesterday"}, "as_of"),
    ],
)
def test_bad_parameters_get_400_naming_them(client, token, params, name):
    resp = get(client, "/api/v1/alerts", token, **params)
    assert resp.status_code == 400 and resp.is_json
    assert resp.get_json()["error"].startswith(f"{name}:")


def test_one_alert(client, token, alerts):
    body = get(client, f"/api/v1/alerts/{alerts['gazette']}", token, as_of="2026-03-01").get_json()
    assert body["id"] == alerts["gazette"] and body["days_left"] == 30
    resp = get(client, "/api/v1/alerts/9999", token)
    assert resp.status_code == 404 and resp.is_json


def test_sources_with_their_last_run(app, client, token, session):
    run = make_run(session)
    body = get(client, "/api/v1/sources", token).get_json()
    demo = next(s for s in body["items"] if s["name"] == "demo-market")
    assert demo["kind"] == "marketplace" and demo["schedule"] == "0 3 * * *"
    assert demo["target"] == "http://127.0.0.1:5001/search?q={query}"
    assert demo["next_run"] and demo["shipped"] is True
    assert demo["last_run"] == {
        "id": run.id,
        "status": "finished",
        "started_at": demo["last_run"]["started_at"],
        "ended_at": demo["last_run"]["ended_at"],
        "items": 4,
        "alerts_new": 2,
        "failures": 1,
    }
    assert demo["last_run"]["started_at"].startswith("2026-03-01T02:00")
    assert body["total"] == len(body["items"]) and body["refused"] == []


def test_a_browser_session_may_call_it(client, login, alerts):
    login("brand_manager")
    assert get(client, "/api/v1/alerts").get_json()["total"] == 3


def test_openapi_documents_the_monitoring_routes_and_their_fields(client, token, alerts):
    doc = get(client, "/api/v1/openapi.json", token).get_json()
    params = doc["paths"]["/alerts"]["get"]["parameters"]
    names = {doc["components"]["parameters"][p["$ref"].rsplit("/", 1)[1]]["name"] for p in params}
    assert names == {
        "status",
        "kind",
        "source",
        "brand",
        "min_score",
        "q",
        "as_of",
        "limit",
        "offset",
    }
    schema = doc["components"]["schemas"]["Alert"]
    for item in get(client, "/api/v1/alerts", token).get_json()["items"]:
        assert set(schema["required"]) <= set(item) <= set(schema["properties"])
    source = get(client, "/api/v1/sources", token).get_json()["items"][0]
    assert set(source) == set(doc["components"]["schemas"]["Source"]["properties"])


def test_reasons_come_in_the_language_asked_for_beside_the_engines_words(client, token, session):
    reasons = ["same letters KANGDA", "goods in the same class 7"]
    alert = make_alert(session, reasons=reasons)
    session.commit()
    path = f"/api/v1/alerts/{alert.id}"
    zh = client.get(
        path, headers={"Authorization": f"Bearer {token}", "Accept-Language": "zh-CN"}
    ).get_json()
    assert zh["reasons"] == reasons  # as the engine wrote them, whatever the language
    assert zh["reasons_text"] == ["字母相同 KANGDA", "商品属同一类别 7"]
    plain = get(client, path, token).get_json()
    assert plain["reasons_text"] == reasons
    listed = client.get(
        "/api/v1/alerts", headers={"Authorization": f"Bearer {token}", "Accept-Language": "zh"}
    ).get_json()
    assert listed["items"][0]["reasons_text"] == ["字母相同 KANGDA", "商品属同一类别 7"]
