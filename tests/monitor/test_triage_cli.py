"""`ipwatch alerts triage ID… --as EMAIL (--dismiss REASON [--note TEXT] | --escalate [--case
CASE_ID | --route ROUTE --title TEXT] | --assign EMAIL | --snooze YYYY-MM-DD)`: each action,
recorded as that user; an unknown user, a bad combination of options or a bad id refused."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlmodel import select

from infringement.audit import history
from infringement.cases.models import Case
from infringement.models import Alert, AlertStatus
from tests.factories import make_trademark
from tests.monitor.test_alert_pages import make_alert, make_observation

LEGAL = "legal@example.com"


@pytest.fixture
def alerts(session, make_user) -> list[int]:
    make_user("legal")
    make_trademark(session, office="CN", tm_no="10000001")
    made = [
        make_alert(session, make_observation(session, text=f"KANGDA drill {n}"), score=90 - n)
        for n in range(3)
    ]
    session.commit()
    return [a.id for a in made]


def _alert(session, alert_id: int) -> Alert:
    session.expire_all()
    found = session.get(Alert, alert_id)
    assert found is not None
    return found


def triage(runner, *args: str):
    return runner.invoke(args=["alerts", "triage", *args])


def test_dismiss_with_a_reason_and_note_as_a_user(runner, session, alerts):
    result = triage(
        runner, str(alerts[0]), str(alerts[1]), "--as", LEGAL, "--dismiss", "not_similar",
        "--note", "different goods",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"dismissed alerts {alerts[0]}, {alerts[1]} as {LEGAL}"
    alert = _alert(session, alerts[0])
    assert alert.status == AlertStatus.DISMISSED and alert.dismiss_note == "different goods"
    entry = history(session, "alert", alerts[0])[-1]
    assert (entry.user, entry.action) == (LEGAL, "dismissed")


def test_escalate_into_a_new_case_then_another_alert_into_it(runner, session, alerts):
    result = triage(
        runner, str(alerts[0]), "--as", LEGAL, "--escalate", "--route", "platform_complaint",
        "--title", "Tmall knock-offs",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    case = session.exec(select(Case)).one()
    assert f"into case {case.id} (platform_complaint): Tmall knock-offs" in result.output
    result = triage(runner, str(alerts[1]), "--as", LEGAL, "--escalate", "--case", str(case.id))
    assert result.exit_code == 0, result.output
    assert {_alert(session, i).case_id for i in alerts[:2]} == {case.id}
    listed = runner.invoke(args=["alerts", "list", "--status", "escalated", "--format", "json"])
    rows = json.loads(listed.output)
    assert {r["id"] for r in rows} == set(alerts[:2]) and {r["case_id"] for r in rows} == {case.id}


def test_assign_and_snooze(runner, session, alerts, make_user):
    colleague = make_user("brand_manager", "bm@example.com")
    result = triage(runner, str(alerts[2]), "--as", LEGAL, "--assign", colleague)
    assert result.exit_code == 0, result.output
    until = (dt.date.today() + dt.timedelta(days=10)).isoformat()
    result = triage(runner, str(alerts[2]), "--as", LEGAL, "--snooze", until)
    assert result.exit_code == 0, result.output
    alert = _alert(session, alerts[2])
    assert alert.assignee == colleague and alert.snoozed_until.isoformat() == until
    listed = runner.invoke(args=["alerts", "list", "--status", "snoozed", "--format", "json"])
    row = json.loads(listed.output)[0]
    assert row["assignee"] == colleague and row["snoozed_until"] == until


@pytest.mark.parametrize(
    ("args", "says"),
    [
        pytest.param(["--as", "ghost@example.com", "--dismiss", "other"], "no active user ghost@", id="unknown-user"),
        pytest.param(["--as", "bm@example.com", "--dismiss", "other"], "may not triage", id="reader"),
        pytest.param(["--as", LEGAL], "exactly one of", id="no-action"),
        pytest.param(["--as", LEGAL, "--dismiss", "other", "--snooze", "2030-01-01"], "exactly one", id="two-actions"),
        pytest.param(["--as", LEGAL, "--dismiss", "spam"], "'spam' is not one of", id="bad-reason"),
        pytest.param(["--as", LEGAL, "--assign", "x@example.com", "--note", "n"], "--note goes with --dismiss", id="stray-note"),
        pytest.param(["--as", LEGAL, "--escalate"], "needs --case", id="escalate-nowhere"),
        pytest.param(["--as", LEGAL, "--escalate", "--case", "1", "--route", "customs"], "not both", id="case-and-route"),
        pytest.param(["--as", LEGAL, "--escalate", "--route", "lawsuit"], "'lawsuit' is not one of", id="bad-route"),
        pytest.param(["--as", LEGAL, "--escalate", "--case", "77"], "no case 77", id="missing-case"),
        pytest.param(["--as", LEGAL, "--snooze", "2001-01-01"], "a day after today", id="past-day"),
        pytest.param(["--as", LEGAL, "--snooze", "01/02/2030"], "does not match the format", id="bad-day"),
        pytest.param(["--as", LEGAL, "--assign", "ghost@example.com"], "no active user ghost@example.com to assign", id="unknown-assignee"),
    ],
)  # fmt: skip
def test_refusals_name_the_problem_and_change_nothing(
    runner, session, alerts, make_user, args, says
):
    make_user("brand_manager", "bm@example.com")
    result = triage(runner, str(alerts[0]), *args)
    assert result.exit_code != 0
    assert says in result.output
    assert _alert(session, alerts[0]).version == 1


def test_an_unknown_id_in_the_list_refuses_them_all(runner, session, alerts):
    result = triage(runner, str(alerts[0]), "999", "--as", LEGAL, "--dismiss", "handled")
    assert result.exit_code != 0 and "no alert 999" in result.output
    assert _alert(session, alerts[0]).status == AlertStatus.NEW


def test_the_help_shows_the_documented_options(runner):
    text = runner.invoke(args=["alerts", "triage", "--help"]).output
    for option in ("--as", "--dismiss", "--note", "--escalate", "--case", "--route", "--title",
                   "--assign", "--snooze", "not_similar|authorised|handled|other"):  # fmt: skip
        assert option in text
