"""The triage queue page: new alerts (and ended snoozes) best first with our mark beside what was
observed and the matching part marked, filters, the row and bulk forms (CSRF, legal and admin
only), a conflict that names who got there first, the actions on the alert page, Chinese."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlmodel import select

from infringement import triage
from infringement.audit import history
from infringement.cases.models import Case
from infringement.models import Alert, AlertStatus
from tests.conftest import csrf_token
from tests.factories import make_trademark
from tests.monitor.test_alert_pages import add_evidence, make_alert, make_observation

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
TODAY = dt.date.today()
NOW = dt.datetime.now(dt.UTC)


@pytest.fixture
def queue(session) -> dict[str, int]:
    """KANGDA alerts: a new one (95), a new one of another source (80), a dismissed one (90),
    a snoozed one whose day has come (85) and one snoozed into the future (70)."""
    make_trademark(session, office="CN", tm_no="10000001")
    best = make_alert(
        session,
        make_observation(session, text="KANGDA 康达 cordless drill"),
        score=95,
        reasons=["same letters KANGDA", "goods in the same class 7"],
    )
    other = make_alert(
        session, make_observation(session, text="KANGDAA saw", source="other-market"), score=80
    )
    gone = make_alert(session, make_observation(session, text="KANGDA old"), score=90)
    gone.status, gone.dismiss_reason = AlertStatus.DISMISSED, "handled"
    awake = make_alert(session, make_observation(session, text="KANGDA awake"), score=85)
    awake.status, awake.snoozed_until = AlertStatus.SNOOZED, TODAY
    asleep = make_alert(session, make_observation(session, text="KANGDA later"), score=70)
    asleep.status, asleep.snoozed_until = AlertStatus.SNOOZED, TODAY + dt.timedelta(days=7)
    session.commit()
    return {
        "best": best.id,
        "other": other.id,
        "gone": gone.id,
        "awake": awake.id,
        "asleep": asleep.id,
    }


def _rows(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr data-alert="(\d+)"', html)]


def _act(client, ids, action: str, page: str = "/triage", **fields):
    data = {"csrf_token": csrf_token(client, page), "action": action, "ids": ids, "next": page}
    data.update(fields)
    return client.post("/triage/act", data=data)


def _alert(session, alert_id: int) -> Alert:
    session.expire_all()
    found = session.get(Alert, alert_id)
    assert found is not None
    return found


def test_the_queue_shows_new_alerts_and_ended_snoozes_best_first(client, login, queue):
    login("executive")
    html = client.get("/triage").get_data(as_text=True)
    assert _rows(html) == [queue["best"], queue["awake"], queue["other"]]
    assert '<a href="/triage" class="active" aria-current="page">Triage</a>' in html
    # the ended snooze shows as new, saying when it ended
    row = html[html.index(f'<tr data-alert="{queue["awake"]}"') :]
    assert 'data-status="new"' in row[:300] and f"Snooze ended {TODAY.isoformat()}" in row


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param("status=dismissed", ["gone"], id="dismissed"),
        pytest.param("status=snoozed", ["asleep"], id="snoozed-still-asleep"),
        pytest.param("status=all", ["best", "gone", "awake", "other", "asleep"], id="all"),
        pytest.param("source=other-market", ["other"], id="source"),
        pytest.param("min_score=90", ["best"], id="min-score"),
        pytest.param("mark=KANGDA&kind=listing", ["best", "awake", "other"], id="mark-and-kind"),
        pytest.param("mark=LUXIN", [], id="another-mark"),
        pytest.param(f"from={TODAY.isoformat()}", [], id="first-seen-after-the-alerts"),
        pytest.param("from=2026-01-01&to=2026-03-01", ["best", "awake", "other"], id="date-range"),
    ],
)
def test_filters_narrow_the_queue(client, login, queue, query, expected):
    login("executive")
    html = client.get(f"/triage?{query}").get_data(as_text=True)
    assert _rows(html) == [queue[name] for name in expected]


def test_the_assignee_filter(client, login, queue, session):
    login("legal")
    triage.assign(session, [queue["other"]], assignee="legal@example.com", user="x", now=NOW)
    session.commit()
    html = client.get("/triage?assignee=legal@example.com").get_data(as_text=True)
    assert _rows(html) == [queue["other"]] and "Assigned to legal@example.com" in html


@pytest.mark.parametrize("query", ["status=open", "from=yesterday", "min_score=101"])
def test_a_bad_filter_is_refused(client, login, queue, query):
    login("executive")
    assert client.get(f"/triage?{query}").status_code == 400


def test_the_matching_part_is_marked_and_html_escaped(client, login, session, app):
    login("executive")
    observation = make_observation(session, text="<b>Kangda</b> drill")
    make_alert(session, observation)
    add_evidence(session, app, observation, PNG)
    session.commit()
    html = client.get("/triage").get_data(as_text=True)
    assert "&lt;b&gt;<mark>Kangda</mark>&lt;/b&gt; drill" in html
    assert "<b>Kangda" not in html
    assert 'src="/evidence/' in html  # the observed picture beside our mark


def test_reasons_show_in_chinese_where_the_pattern_is_known(client, login, queue):
    login("executive")
    client.post(
        "/locale",
        data={"locale": "zh", "next": "/triage", "csrf_token": csrf_token(client, "/triage")},
    )
    html = client.get("/triage").get_data(as_text=True)
    shown = re.sub(r"<[^>]+>", "", html)  # the marks quoted in a reason are marked up
    assert "字母相同 KANGDA" in shown and "商品属同一类别 7" in shown
    assert '字母相同 <span translate="no">KANGDA</span>' in html  # the mark: not to translate
    assert "告警处理" in html


def test_readers_see_no_forms_and_cannot_post(client, login, queue, session):
    login("brand_manager")
    html = client.get("/triage").get_data(as_text=True)
    assert 'action="/triage/act"' not in html and "legal staff and administrators" in html
    resp = _act(client, [queue["best"]], "dismiss", reason="not_similar")
    assert resp.status_code == 403
    assert _alert(session, queue["best"]).status == AlertStatus.NEW


def test_legal_dismisses_one_row_with_a_reason_and_note(client, login, queue, session):
    email = login("legal")
    html = client.get("/triage").get_data(as_text=True)
    assert html.count('action="/triage/act"') >= 3 and 'name="csrf_token"' in html
    assert 'name="reason" value="not_similar" data-key="1"' in html  # 1–4 choose the reason
    assert 'name="reason" value="other" data-key="4"' in html
    resp = _act(
        client,
        [queue["best"]],
        "dismiss",
        reason="authorised",
        note="our Tmall store",
        **{f"version-{queue['best']}": "1"},
    )
    assert resp.status_code == 303 and resp.headers["Location"] == "/triage"
    page = client.get("/triage").get_data(as_text=True)
    assert "Dismissed 1 alert." in page and queue["best"] not in _rows(page)
    alert = _alert(session, queue["best"])
    assert alert.dismiss_reason == "authorised" and alert.dismiss_note == "our Tmall store"
    assert history(session, "alert", queue["best"])[-1].user == email


def test_a_form_without_csrf_token_is_refused(client, login, queue, session):
    login("legal")
    resp = client.post("/triage/act", data={"action": "dismiss", "ids": [queue["best"]]})
    assert resp.status_code == 400
    assert _alert(session, queue["best"]).status == AlertStatus.NEW


def test_bulk_snooze_and_assign(client, login, queue, session, make_user):
    login("admin")
    colleague = make_user("legal", "colleague@example.com")
    ids = [queue["best"], queue["other"]]
    until = (TODAY + dt.timedelta(days=3)).isoformat()
    _act(client, ids, "assign", assignee=colleague)
    _act(client, ids, "snooze", until=until)
    html = client.get("/triage").get_data(as_text=True)
    assert _rows(html) == [queue["awake"]]
    for alert_id in ids:
        alert = _alert(session, alert_id)
        assert alert.status == AlertStatus.SNOOZED and alert.assignee == colleague
        assert alert.version == 3


def test_assigning_to_someone_unknown_is_refused(client, login, queue, session):
    login("legal")
    _act(client, [queue["best"]], "assign", assignee="nobody@example.com")
    html = client.get("/triage").get_data(as_text=True)
    assert "no active user nobody@example.com to assign to" in html
    assert _alert(session, queue["best"]).assignee is None


def test_a_conflict_names_who_triaged_it_first_and_changes_nothing(client, login, queue, session):
    login("legal")
    page = client.get("/triage").get_data(as_text=True)
    assert f'name="version-{queue["best"]}" value="1"' in page
    # meanwhile a colleague dismisses it
    triage.dismiss(
        session, [queue["best"]], reason="handled", note=None, user="colleague@example.com", now=NOW
    )
    session.commit()
    resp = _act(
        client,
        [queue["best"], queue["other"]],
        "snooze",
        until=(TODAY + dt.timedelta(days=2)).isoformat(),
        **{f"version-{queue['best']}": "1", f"version-{queue['other']}": "1"},
    )
    assert resp.status_code == 303
    html = client.get("/triage").get_data(as_text=True)
    assert f"alert {queue['best']} was changed by colleague@example.com at" in html
    assert "nothing was changed" in html
    assert _alert(session, queue["best"]).dismiss_reason == "handled"
    assert _alert(session, queue["other"]).status == AlertStatus.NEW  # the bulk wrote nothing


def test_escalating_two_rows_opens_a_case_and_links_to_it(client, login, queue, session):
    login("legal")
    resp = _act(
        client,
        [queue["best"], queue["other"]],
        "escalate",
        route="platform_complaint",
        title="",
        case_id="",
    )
    case = session.exec(select(Case)).one()
    assert resp.headers["Location"] == f"/triage?escalated={case.id}"
    assert case.title == "KANGDA — KANGDA 康达 cordless drill (+1)"  # the default title
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert f"Escalated into case {case.id}." in html and f'href="/cases/{case.id}"' in html
    assert _rows(html) == [queue["awake"]]
    # the next escalation may pick the open case
    assert f'<option value="{case.id}">#{case.id} {case.title} (platform complaint)' in html
    escalated = client.get("/triage?status=escalated").get_data(as_text=True)
    assert _rows(escalated) == [queue["best"], queue["other"]]
    assert f'<a href="/cases/{case.id}">Case {case.id}</a>' in escalated


def test_the_alert_page_has_the_actions_and_the_state(client, login, queue, session):
    login("legal")
    triage.assign(session, [queue["gone"]], assignee="legal@example.com", user="x", now=NOW)
    session.commit()
    html = client.get(f"/alerts/{queue['gone']}").get_data(as_text=True)
    assert 'data-testid="triage-actions"' in html and "Dismissed: handled elsewhere" in html
    assert "Assigned to legal@example.com" in html and "static/triage.js" in html
    resp = _act(
        client, [queue["gone"]], "snooze", page=f"/alerts/{queue['gone']}", until="2999-01-01"
    )
    assert resp.headers["Location"] == f"/alerts/{queue['gone']}"


def test_a_next_target_elsewhere_is_ignored(client, login, queue):
    login("legal")
    data = {
        "csrf_token": csrf_token(client, "/triage"),
        "action": "assign",
        "ids": [queue["best"]],
        "next": "//evil.example/x",
    }
    assert client.post("/triage/act", data=data).headers["Location"] == "/triage"


def test_a_reopened_alert_says_what_changed(client, login, queue, session):
    login("executive")
    alert = session.get(Alert, queue["other"])
    alert.reopened_note = "title changed: “KANGDAA saw” → “KANGDAA saw pro”"
    session.commit()
    html = client.get("/triage").get_data(as_text=True)
    row = html[html.index(f'<tr data-alert="{queue["other"]}"') :]
    assert "Reopened: title changed: “KANGDAA saw” → “KANGDAA saw pro”" in row


@pytest.mark.parametrize(
    ("observed", "mark", "marked"),
    [
        pytest.param("KANGDAA angle grinder", "KANGDA", ["KANGDA"], id="not-ang-in-angle"),
        pytest.param("KANG-DA saw", "KANGDA", ["KANG", "DA"], id="split-by-a-hyphen"),
        pytest.param("ＫＡＮＧＤＡ drill", "KANGDA", ["ＫＡＮＧＤＡ"], id="full-width"),
        pytest.param("康師傅 noodles", "康师傅", ["康師傅"], id="traditional-hanzi"),
        pytest.param("kangda drill 康达", "KANGDA", ["kangda"], id="case-folded"),
        pytest.param("LUXIN level", "KANGDA", [], id="nothing-in-common"),
    ],
)
def test_the_highlight_marks_what_matches_after_folding(observed, mark, marked):
    from monitor.monitoring.highlight import matching_parts

    parts = matching_parts(observed, mark)
    assert "".join(text for text, _ in parts) == observed
    assert [text for text, hit in parts if hit] == marked


@pytest.mark.parametrize(
    "reason",
    [
        "same letters KANGDA",
        "KANGDA ~ KANGDAA: letter added A",
        "look-alike 0→O; letter added A",
        "contains the mark KANGDA after removing drill, saw",
        "pinyin kang-da ~ kang-ta (1 of 2 syllables differ)",
        "shape-similar character 帅→师 in first position",
        "logo matches (pHash distance 3/64)",
        "goods in the same classes 7, 9",
        "康达 sounds like KANGDA (kang-da)",
    ],
)
def test_known_reasons_become_messages_that_read_the_same_in_english(reason):
    from coverage.messages import Message
    from monitor.monitoring.reasons import explain

    explained = explain(reason)
    assert isinstance(explained, Message) and str(explained) == reason


def test_an_unknown_reason_stays_as_it_is():
    from monitor.monitoring.reasons import explain

    assert explain("a reason no pattern knows") == "a reason no pattern knows"


def test_a_reason_quotes_the_record_escaped_and_marked_not_to_translate(app):
    from monitor.i18n import quoting
    from monitor.monitoring.reasons import explain

    with app.test_request_context(headers={"Accept-Language": "zh-CN"}):
        html = str(quoting(explain("same letters <b>康达</b>")))
        plain = str(quoting(explain("a reason no pattern knows <i>")))
    assert html == '字母相同 <span translate="no">&lt;b&gt;康达&lt;/b&gt;</span>'
    assert plain == "a reason no pattern knows &lt;i&gt;"
