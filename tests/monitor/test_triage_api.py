"""The triage API: POST /api/v1/alerts/<id>/triage and /api/v1/alerts/triage with a read-write
token of legal staff; 409 with the current version (and who, when) on a conflict; read-only
tokens, readers and browser sessions refused; the routes and fields in the OpenAPI document."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlmodel import select

from infringement import triage
from infringement.cases.models import Case
from infringement.models import Alert, AlertStatus
from monitor.auth import issue_token
from monitor.models import User
from tests.factories import make_trademark
from tests.monitor.test_alert_pages import make_alert, make_observation

NOW = dt.datetime.now(dt.UTC)


def _token(session, make_user, role: str, scope: str = "read-write") -> str:
    email = make_user(role)
    user = session.exec(select(User).where(User.email == email)).one()
    value = issue_token(session, user=user, name="test", scope=scope)
    session.commit()
    return value


@pytest.fixture
def legal_token(session, make_user) -> str:
    return _token(session, make_user, "legal")


@pytest.fixture
def alerts(session) -> list[int]:
    make_trademark(session, office="CN", tm_no="10000001")
    made = [
        make_alert(session, make_observation(session, text=f"KANGDA saw {n}"), score=90 - n)
        for n in range(3)
    ]
    session.commit()
    return [a.id for a in made]


def post(client, path: str, token: str | None, body):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post(f"/api/v1{path}", json=body, headers=headers)


def _alert(session, alert_id: int) -> Alert:
    session.expire_all()
    found = session.get(Alert, alert_id)
    assert found is not None
    return found


def test_dismiss_one_alert_at_the_version_read(client, session, legal_token, alerts):
    body = {"action": "dismiss", "reason": "not_similar", "note": "other goods", "version": 1}
    resp = post(client, f"/alerts/{alerts[0]}/triage", legal_token, body)
    assert resp.status_code == 200, resp.get_json()
    item = resp.get_json()["alerts"][0]
    assert item["status"] == "dismissed" and item["dismiss_reason"] == "not_similar"
    assert item["version"] == 2 and resp.get_json()["case"] is None
    assert _alert(session, alerts[0]).triaged_by == "legal@example.com"


def test_a_stale_version_gets_409_with_the_current_one_and_writes_nothing(
    client, session, legal_token, alerts
):
    triage.assign(session, [alerts[1]], assignee=None, user="colleague@example.com", now=NOW)
    session.commit()
    body = {
        "action": "snooze",
        "until": (dt.date.today() + dt.timedelta(days=5)).isoformat(),
        "ids": alerts,
        "versions": {str(i): 1 for i in alerts},
    }
    resp = post(client, "/alerts/triage", legal_token, body)
    assert resp.status_code == 409
    data = resp.get_json()
    assert data["alert_id"] == alerts[1] and data["current_version"] == 2
    assert data["triaged_by"] == "colleague@example.com" and data["triaged_at"]
    assert "colleague@example.com" in data["error"] and "nothing was changed" in data["error"]
    assert [_alert(session, i).status for i in alerts] == [AlertStatus.NEW] * 3
    # with the current versions it goes through
    body["versions"] = {str(alerts[1]): 2}
    assert post(client, "/alerts/triage", legal_token, body).status_code == 200
    assert {_alert(session, i).status for i in alerts} == {AlertStatus.SNOOZED}


def test_bulk_escalate_into_a_new_case(client, session, legal_token, alerts):
    body = {"action": "escalate", "ids": alerts[:2], "route": "civil_suit", "title": "Suit"}
    resp = post(client, "/alerts/triage", legal_token, body)
    assert resp.status_code == 200, resp.get_json()
    case = session.exec(select(Case)).one()
    assert resp.get_json()["case"] == {
        "id": case.id,
        "title": "Suit",
        "route": "civil_suit",
        "stage": "draft",
    }
    assert {a["case_id"] for a in resp.get_json()["alerts"]} == {case.id}


def test_assign_to_a_user_and_back_to_nobody(client, session, legal_token, alerts):
    resp = post(
        client,
        f"/alerts/{alerts[2]}/triage",
        legal_token,
        {"action": "assign", "assignee": "legal@example.com"},
    )
    assert resp.get_json()["alerts"][0]["assignee"] == "legal@example.com"
    resp = post(
        client, f"/alerts/{alerts[2]}/triage", legal_token, {"action": "assign", "assignee": None}
    )
    assert resp.get_json()["alerts"][0]["assignee"] is None


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        pytest.param([1, 2], 400, "JSON object", id="not-an-object"),
        pytest.param({"action": "delete"}, 400, "unknown action 'delete'", id="unknown-action"),
        pytest.param({"action": "dismiss"}, 400, "choose why", id="no-reason"),
        pytest.param({"action": "dismiss", "reason": "meh"}, 400, "unknown reason", id="bad-reason"),
        pytest.param({"action": "snooze", "until": "soon"}, 400, "not a date", id="bad-day"),
        pytest.param({"action": "snooze", "until": "2001-01-01"}, 400, "after today", id="past-day"),
        pytest.param({"action": "escalate", "case_id": "x"}, 400, "not a case number", id="bad-case"),
        pytest.param({"action": "escalate", "case_id": 42}, 400, "no case 42", id="missing-case"),
        pytest.param({"action": "dismiss", "reason": "other", "version": "two"}, 400, "version", id="bad-version"),
        pytest.param({"action": "assign", "assignee": "ghost@example.com"}, 400, "no active user", id="ghost"),
    ],
)  # fmt: skip
def test_bad_requests_say_what_is_wrong(client, session, legal_token, alerts, body, status, says):
    resp = post(client, f"/alerts/{alerts[0]}/triage", legal_token, body)
    assert resp.status_code == status and says in resp.get_json()["error"]
    assert _alert(session, alerts[0]).version == 1


def test_an_unknown_alert_is_404_alone_and_400_in_a_bulk(client, session, legal_token, alerts):
    body = {"action": "dismiss", "reason": "other"}
    assert post(client, "/alerts/999/triage", legal_token, body).status_code == 404
    resp = post(client, "/alerts/triage", legal_token, {**body, "ids": [alerts[0], 999]})
    assert resp.status_code == 400 and "no alert 999" in resp.get_json()["error"]
    assert _alert(session, alerts[0]).status == AlertStatus.NEW


def test_read_only_tokens_readers_and_browser_sessions_cannot_triage(
    client, session, make_user, alerts, login
):
    body = {"action": "dismiss", "reason": "other"}
    path = f"/alerts/{alerts[0]}/triage"
    read_only = _token(session, make_user, "legal", scope="read")
    assert post(client, path, read_only, body).status_code == 403
    reader = _token(session, make_user, "executive")
    resp = post(client, path, reader, body)
    assert resp.status_code == 403 and "legal staff and administrators" in resp.get_json()["error"]
    assert post(client, path, None, body).status_code == 401
    login("admin")  # a browser session reads the API but never changes through it
    assert post(client, path, None, body).status_code == 403
    assert _alert(session, alerts[0]).status == AlertStatus.NEW


def test_openapi_documents_the_triage_routes_and_the_alert_fields(client, legal_token, alerts):
    headers = {"Authorization": f"Bearer {legal_token}"}
    doc = client.get("/api/v1/openapi.json", headers=headers).get_json()
    one = doc["paths"]["/alerts/{alert_id}/triage"]["post"]
    bulk = doc["paths"]["/alerts/triage"]["post"]
    assert {"200", "400", "403", "404", "409"} <= set(one["responses"])
    assert "409" in bulk["responses"]
    fields = doc["components"]["schemas"]["TriageBulk"]["properties"]
    assert {"action", "reason", "note", "case_id", "route", "title", "assignee", "until"} <= set(
        fields
    )
    assert {"ids", "versions"} <= set(fields)
    schema = doc["components"]["schemas"]["Alert"]
    item = client.get("/api/v1/alerts", headers=headers).get_json()["items"][0]
    assert set(schema["required"]) <= set(item) <= set(schema["properties"])
    for name in (
        "case_id",
        "assignee",
        "snoozed_until",
        "dismiss_reason",
        "reopened_note",
        "version",
    ):
        assert name in item
