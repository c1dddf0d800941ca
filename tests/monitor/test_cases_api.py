"""The case API: list and one case in the CLI's JSON shape, opening a case and moving it with a
read-write token of legal staff; 409 with the current version on a stale one, 422 naming the
allowed stages, 400 without registrations; readers, read-only tokens and sessions refused."""

from __future__ import annotations

import pytest
from sqlmodel import select

from infringement.cases.models import Case
from monitor.auth import issue_token
from monitor.models import User
from tests.conftest import PASSWORD, csrf_token
from tests.factories import make_trademark
from tests.monitor.test_alert_pages import make_alert, make_observation


def _token(session, make_user, role: str, scope: str = "read-write") -> str:
    email = make_user(role, f"{role}-{scope}@example.com")
    user = session.exec(select(User).where(User.email == email)).one()
    value = issue_token(session, user=user, name="test", scope=scope)
    session.commit()
    return value


@pytest.fixture
def legal(session, make_user) -> str:
    make_trademark(session, office="CN", tm_no="10000001", nice_classes=[7])
    session.commit()
    return _token(session, make_user, "legal")


def call(client, method: str, path: str, token: str | None, body=None, **params):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.open(
        f"/api/v1{path}", method=method, json=body, headers=headers, query_string=params
    )


def open_case(client, token, **extra) -> dict:
    body = {
        "title": "Fake drills",
        "route": "platform_complaint",
        "registrations": ["CN 10000001"],
        **extra,
    }
    resp = call(client, "POST", "/cases", token, body)
    assert resp.status_code == 201, resp.get_json()
    return resp.get_json()


def test_open_a_case_with_alerts(client, session, legal):
    alert = make_alert(session, make_observation(session, text="KANGDA drill"))
    session.commit()
    case = open_case(client, legal, brand="KANGDA", alert_ids=[alert.id])
    assert (case["stage"], case["version"], case["created_by"]) == (
        "draft",
        2,
        "legal-read-write@example.com",
    )
    assert case["alert_ids"] == [alert.id] and case["registrations"] == ["CN 10000001"]
    assert [h["action"] for h in case["history"]] == ["case created", "alerts added"]


def test_move_at_the_version_read_then_a_stale_version_is_409(client, session, legal):
    case = open_case(client, legal)
    path = f"/cases/{case['id']}/transitions"
    moved = call(
        client,
        "POST",
        path,
        legal,
        {"stage": "complaint_filed", "date": "2026-11-30", "version": 1},
    )
    assert moved.status_code == 200, moved.get_json()
    body = moved.get_json()
    assert (body["stage"], body["version"]) == ("complaint_filed", 2)
    assert body["history"][-1]["after"]["on"] == "2026-11-30"
    stale = call(client, "POST", path, legal, {"stage": "taken_down", "version": 1})
    assert stale.status_code == 409
    assert stale.get_json()["current_version"] == 2
    assert "changed by someone else" in stale.get_json()["error"]
    session.expire_all()
    assert session.get(Case, case["id"]).stage == "complaint_filed"


def test_a_transition_the_route_does_not_allow_is_422_naming_the_allowed(client, legal):
    case = open_case(client, legal)
    resp = call(client, "POST", f"/cases/{case['id']}/transitions", legal, {"stage": "lifted"})
    assert resp.status_code == 422
    assert resp.get_json()["allowed"] == ["complaint_filed", "closed"]
    assert "cannot move to lifted" in resp.get_json()["error"]


def test_leaving_draft_without_registrations_is_400(client, legal):
    case = open_case(client, legal, registrations=[], route="customs")
    resp = call(client, "POST", f"/cases/{case['id']}/transitions", legal, {"stage": "recorded"})
    assert resp.status_code == 400
    assert "needs at least one registration" in resp.get_json()["error"]


@pytest.mark.parametrize(
    ("body", "says"),
    [
        pytest.param({"route": "customs"}, "give the case a title", id="no-title"),
        pytest.param({"title": "x", "route": "lawsuit"}, "unknown route", id="bad-route"),
        pytest.param(
            {"title": "x", "route": "customs", "registrations": ["CN 1"]},
            "no trademark CN 1",
            id="unknown-registration",
        ),
        pytest.param(
            {"title": "x", "route": "customs", "registrations": "CN 1"},
            "registrations",
            id="registrations-not-a-list",
        ),
        pytest.param(
            {"title": "x", "route": "customs", "alert_ids": [999]}, "no alert 999", id="bad-alert"
        ),
    ],
)
def test_bad_new_cases_say_what_is_wrong(client, session, legal, body, says):
    resp = call(client, "POST", "/cases", legal, body)
    assert resp.status_code == 400 and says in resp.get_json()["error"]
    assert session.exec(select(Case)).all() == []


def test_list_and_get_in_the_cli_shape(client, session, make_user, legal):
    one = open_case(client, legal)
    open_case(client, legal, title="Port", route="customs")
    reader = _token(session, make_user, "executive", "read")
    listed = call(client, "GET", "/cases", reader, route="platform_complaint").get_json()
    assert listed["total"] == 1 and [c["id"] for c in listed["items"]] == [one["id"]]
    item = listed["items"][0]
    assert {"id", "title", "route", "stage", "owner", "alert_ids", "registrations",
            "deadlines", "outcomes"} <= set(item)  # fmt: skip
    assert "history" not in item
    got = call(client, "GET", f"/cases/{one['id']}", reader).get_json()
    assert set(got["history"][0]) == {"at", "user", "action", "before", "after", "hash"}
    assert call(client, "GET", "/cases/999", reader).status_code == 404
    bad = call(client, "GET", "/cases", reader, stage="nowhere")
    assert bad.status_code == 400 and "stage" in bad.get_json()["error"]


def test_readers_read_only_tokens_and_browser_sessions_cannot_change(
    client, session, make_user, legal
):
    case = open_case(client, legal)
    path = f"/cases/{case['id']}/transitions"
    reader = _token(session, make_user, "executive")
    read_only = _token(session, make_user, "legal", "read")
    for token in (reader, read_only):
        resp = call(client, "POST", path, token, {"stage": "closed"})
        assert resp.status_code == 403
    email = make_user("admin")
    client.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(client)}
    )
    resp = client.post(f"/api/v1{path}", json={"stage": "closed"})
    assert resp.status_code == 403 and "bearer token" in resp.get_json()["error"]
    session.expire_all()
    assert session.get(Case, case["id"]).stage == "draft"


def test_openapi_documents_the_case_routes(client, legal):
    doc = call(client, "GET", "/openapi.json", legal).get_json()
    assert {"get", "post"} <= set(doc["paths"]["/cases"])
    assert "post" in doc["paths"]["/cases/{case_id}/transitions"]
    responses = doc["paths"]["/cases/{case_id}/transitions"]["post"]["responses"]
    assert {"200", "409", "422"} <= set(responses)
    props = doc["components"]["schemas"]["Case"]["properties"]
    assert {"alert_ids", "registrations", "deadlines", "outcomes", "history"} <= set(props)
