"""`ipwatch cases list|show|new|move|deadlines` and `ipwatch audit verify`: the JSON shapes of
DESIGN.md, transitions recorded as the --as user and refused naming the allowed stages, the
deadline list with days left, and the hash chain checked (a tampered entry named, exit 1)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import delete, update
from sqlmodel import col, select

from infringement.cases.models import Case
from infringement.models import AuditEntry
from tests.factories import make_trademark
from tests.monitor.test_alert_pages import make_alert, make_observation

LEGAL = "legal@example.com"


@pytest.fixture
def world(session, make_user) -> dict:
    make_user("legal")
    make_user("executive")
    make_trademark(session, office="CN", tm_no="10000001", nice_classes=[7])
    make_trademark(session, office="US", tm_no="90000001", nice_classes=[7])
    alert = make_alert(session, make_observation(session, text="KANGDA fake drill"))
    session.commit()
    return {"alert": alert.id}


def run(runner, *args: str):
    return runner.invoke(args=list(args))


def new_case(runner, *extra: str) -> int:
    result = run(
        runner, "cases", "new", "--title", "Taobao drills", "--route", "platform_complaint",
        "--as", LEGAL, "--brand", "KANGDA", "--registration", "CN 10000001", *extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return int(result.output.split()[1])


def test_new_show_and_move_as_a_user(runner, session, world):
    case_id = new_case(runner, "--registration", "90000001", "--alert", str(world["alert"]))
    moved = run(
        runner, "cases", "move", str(case_id), "complaint_filed", "--as", LEGAL,
        "--date", "2026-11-30", "--note", "IPP 4711",
    )  # fmt: skip
    assert moved.exit_code == 0, moved.output
    assert "draft -> complaint_filed" in moved.output
    shown = run(runner, "cases", "show", str(case_id), "--format", "json")
    data = json.loads(shown.output)
    assert {"id", "title", "route", "stage", "owner", "alert_ids", "registrations"} <= set(data)
    assert (data["route"], data["stage"], data["owner"]) == (
        "platform_complaint",
        "complaint_filed",
        None,
    )
    assert data["alert_ids"] == [world["alert"]]
    assert data["registrations"] == ["CN 10000001", "US 90000001"]
    assert data["allowed_next"] == ["taken_down", "counter_notice", "rejected"]
    history = data["history"]
    assert [h["action"] for h in history] == ["case created", "alerts added", "stage moved"]
    assert set(history[-1]) == {"at", "user", "action", "before", "after", "hash"}
    assert history[-1]["user"] == LEGAL
    assert history[-1]["before"] == {"stage": "draft"}
    assert history[-1]["after"] == {
        "stage": "complaint_filed",
        "on": "2026-11-30",
        "note": "IPP 4711",
    }


def test_a_refused_move_names_the_allowed_stages(runner, session, world):
    case_id = new_case(runner)
    result = run(runner, "cases", "move", str(case_id), "lifted", "--as", LEGAL)
    assert result.exit_code != 0
    assert "allowed next: complaint_filed, closed" in result.output
    session.expire_all()
    assert session.get(Case, case_id).stage == "draft"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        pytest.param(["--as", "executive@example.com"], "may not change cases", id="reader"),
        pytest.param(["--as", "nobody@example.com"], "no active user", id="unknown-user"),
    ],
)
def test_only_legal_and_admin_change_cases(runner, world, args, says):
    result = run(
        runner, "cases", "new", "--title", "x", "--route", "customs", *args,
    )  # fmt: skip
    assert result.exit_code != 0 and says in result.output


def test_new_refuses_unknown_or_dead_registrations(runner, session, world):
    make_trademark(session, office="CN", tm_no="30000001", status="expired")
    session.commit()
    for ref, says in (("CN 99", "no trademark CN 99"), ("CN 30000001", "not live")):
        result = run(
            runner, "cases", "new", "--title", "x", "--route", "customs", "--as", LEGAL,
            "--registration", ref,
        )  # fmt: skip
        assert result.exit_code != 0 and says in result.output
    assert session.exec(select(Case)).all() == []


def test_list_json_shape_and_filters(runner, world):
    one = new_case(runner)
    other = run(
        runner, "cases", "new", "--title", "Port of Ningbo", "--route", "customs", "--as", LEGAL,
        "--registration", "CN 10000001", "--owner", LEGAL,
    )  # fmt: skip
    assert other.exit_code == 0, other.output
    rows = json.loads(run(runner, "cases", "list", "--format", "json").output)
    assert len(rows) == 2
    for row in rows:
        assert {"id", "title", "route", "stage", "owner", "alert_ids", "registrations",
                "deadlines", "outcomes"} <= set(row)  # fmt: skip
    customs = json.loads(
        run(runner, "cases", "list", "--route", "customs", "--format", "json").output
    )
    assert [r["title"] for r in customs] == ["Port of Ningbo"]
    mine = json.loads(run(runner, "cases", "list", "--owner", LEGAL, "--format", "json").output)
    assert [r["owner"] for r in mine] == [LEGAL]
    table = run(runner, "cases", "list").output
    assert "Taobao drills" in table and "platform_complaint" in table and str(one) in table


def test_deadlines_across_cases_with_days_left(runner, world):
    case_id = run(
        runner, "cases", "new", "--title", "Shenzhen port", "--route", "customs", "--as", LEGAL,
        "--registration", "CN 10000001",
    ).output.split()[1]  # fmt: skip
    for stage, day in (("recorded", "2017-02-06"), ("detention_notice", "2027-02-04")):
        moved = run(runner, "cases", "move", case_id, stage, "--as", LEGAL, "--date", day)
        assert moved.exit_code == 0, moved.output
    rows = json.loads(
        run(runner, "cases", "deadlines", "--as-of", "2027-02-10", "--format", "json").output
    )
    assert [(r["kind"], r["due"], r["days_left"]) for r in rows] == [
        ("recordal_renewal", "2027-02-11", 1),
        ("detention_action", "2027-02-15", 5),  # 3 working days over the Spring Festival
    ]
    shown = json.loads(run(runner, "cases", "show", case_id, "--format", "json").output)
    assert [(d["kind"], d["due"], d["done"]) for d in shown["deadlines"]] == [
        ("recordal_renewal", "2027-02-11", False),
        ("detention_action", "2027-02-15", False),
    ]
    table = run(runner, "cases", "deadlines", "--as-of", "2027-02-10").output
    assert "detention_action" in table and "Shenzhen port" in table


def test_audit_verify_passes_then_names_a_tampered_entry(runner, session, world):
    case_id = new_case(runner)
    run(runner, "cases", "move", str(case_id), "complaint_filed", "--as", LEGAL)
    ok = run(runner, "audit", "verify")
    assert ok.exit_code == 0 and "the chain is intact" in ok.output
    entries = session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
    session.execute(
        update(AuditEntry).where(col(AuditEntry.id) == entries[1].id).values(user="mallory")
    )
    session.commit()
    bad = run(runner, "audit", "verify")
    assert bad.exit_code == 1
    assert f"entry {entries[1].id}: its content does not match its hash" in bad.output


def test_audit_verify_names_a_deleted_entry(runner, session, world):
    case_id = new_case(runner)
    run(runner, "cases", "move", str(case_id), "complaint_filed", "--as", LEGAL)
    run(runner, "cases", "move", str(case_id), "taken_down", "--as", LEGAL)
    entries = session.exec(select(AuditEntry).order_by(col(AuditEntry.id))).all()
    session.execute(delete(AuditEntry).where(col(AuditEntry.id) == entries[1].id))
    session.commit()
    bad = run(runner, "audit", "verify")
    assert bad.exit_code == 1
    assert f"entry {entries[2].id}: does not follow the entry before it" in bad.output


def test_show_an_unknown_case(runner, world):
    result = run(runner, "cases", "show", "999")
    assert result.exit_code != 0 and "no case 999" in result.output


def test_show_table_lists_history(runner, world):
    case_id = new_case(runner)
    out = run(
        runner, "cases", "show", str(case_id), "--as-of", dt.date(2026, 12, 1).isoformat()
    ).output
    assert "allowed next: complaint_filed, closed" in out and "case created" in out
