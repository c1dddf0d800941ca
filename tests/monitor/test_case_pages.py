"""The case pages: the list with filters and counts, opening a case (also from an alert), the
case page with its stage buttons, registrations with classes and validity, alerts, deadlines,
outcomes, files (downloaded, never as HTML) and history; refusals a user reads; roles; Chinese."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from sqlmodel import Session, select

from coverage.trademarks.queries import get_trademark
from infringement.cases.casework import add_alerts, create_case, move_stage
from infringement.cases.models import Case, Route
from tests.conftest import csrf_token
from tests.factories import make_trademark
from tests.monitor.test_alert_pages import PNG, make_alert, make_observation

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)


def open_case(session: Session, **kw) -> Case:
    """A platform complaint relying on CN 10000001 (live, classes 7 and 8)."""
    mark = get_trademark(session=session, office="CN", tm_no="10000001") or make_trademark(
        session, tm_no="10000001", nice_classes=[7, 8], mark_text="KANGDA"
    )
    values = {"title": "Fake KANGDA drills", "route": Route.PLATFORM_COMPLAINT, "brand": "KANGDA"}
    values.update(kw)
    case = create_case(
        session, user="legal@example.com", now=NOW, registrations=[mark.id], **values
    )
    session.commit()
    return case


def post(client, path: str, data: dict, **kw):
    return client.post(path, data={"csrf_token": csrf_token(client, "/cases"), **data}, **kw)


def test_list_filters_and_counts(client, login, session):
    login("executive")
    a = open_case(session, title="Drill fakes")
    b = open_case(session, title="Customs Shenzhen", route=Route.CUSTOMS)
    move_stage(session, b, "recorded", user="x@example.com", now=NOW)
    session.commit()
    html = client.get("/cases").get_data(as_text=True)
    assert re.findall(r'data-case="(\d+)"', html) == [str(b.id), str(a.id)]
    assert "platform complaint" in html and "customs" in html
    assert 'data-stage="recorded"' in html and "2 records" in html
    only = client.get("/cases", query_string={"route": "customs"}).get_data(as_text=True)
    assert re.findall(r'data-case="(\d+)"', only) == [str(b.id)]
    text = client.get("/cases", query_string={"q": "drill"}).get_data(as_text=True)
    assert re.findall(r'data-case="(\d+)"', text) == [str(a.id)]
    bad = client.get("/cases", query_string={"route": "lawsuit"})
    assert bad.status_code == 400 and "route" in bad.get_data(as_text=True)


def test_the_case_page_shows_everything(client, login, session, app):
    login("legal")
    case = open_case(session, platform="Alibaba IPP", owner="ann@example.com")
    alert = make_alert(session, make_observation(session, text="KANGDA drill 20V"))
    add_alerts(session, case, [alert.id], user="legal@example.com", now=NOW)
    move_stage(session, case, "complaint_filed", user="legal@example.com", now=NOW)
    session.commit()
    html = client.get(f"/cases/{case.id}?as_of=2026-12-01").get_data(as_text=True)
    assert "Fake KANGDA drills" in html and "Alibaba IPP" in html and "ann@example.com" in html
    # registrations with classes and validity
    assert 'data-registration="CN 10000001"' in html and "7, 8" in html
    assert "2029-12-31" in html  # CN: 10 years from registration
    # the alert links to its page
    assert f'href="/alerts/{alert.id}"' in html and "KANGDA drill 20V" in html
    # the allowed next stages are buttons; others are not
    buttons = re.findall(r'name="stage" value="(\w+)"', html)
    assert buttons == ["taken_down", "counter_notice", "rejected"]
    # the history: who, what, before -> after, hash
    assert 'data-action="case created"' in html and 'data-action="stage moved"' in html
    assert "complaint filed" in html and re.search(r'<code class="sha" title="[0-9a-f]{64}"', html)


def test_moving_a_stage_records_it_and_computes_the_deadline(client, login, session):
    login("legal")
    case = open_case(session)
    move_stage(session, case, "complaint_filed", user="legal@example.com", now=NOW)
    session.commit()
    resp = post(
        client,
        f"/cases/{case.id}/stage",
        {
            "stage": "counter_notice",
            "on": "2027-01-22",
            "note": "seller says genuine",
            "version": "2",
        },
        follow_redirects=True,
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "Stage changed." in html
    assert 'data-deadline="counter_notice_lift"' in html and "2027-02-11" in html
    assert "seller says genuine" in html and "legal@example.com" in html


def test_a_refused_transition_names_the_allowed_ones(client, login, session):
    login("legal")
    case = open_case(session)
    resp = post(client, f"/cases/{case.id}/stage", {"stage": "lifted", "version": "1"})
    html = resp.get_data(as_text=True)
    assert resp.status_code == 422
    assert "cannot move to lifted" in html and "allowed next: complaint_filed, closed" in html
    assert session.get(Case, case.id).stage == "draft"


def test_leaving_draft_without_registrations_is_refused(client, login, session):
    login("legal")
    case = create_case(
        session, title="No marks", route=Route.CUSTOMS, user="legal@example.com", now=NOW
    )
    session.commit()
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="no-registrations"' in html
    resp = post(client, f"/cases/{case.id}/stage", {"stage": "recorded", "version": "1"})
    assert resp.status_code == 400
    assert "needs at least one registration" in resp.get_data(as_text=True)


def test_a_stale_page_gets_a_conflict_and_nothing_is_overwritten(client, login, session):
    login("legal")
    case = open_case(session)
    first = post(client, f"/cases/{case.id}/owner", {"owner": "ann@example.com", "version": "1"})
    assert first.status_code == 303
    stale = post(client, f"/cases/{case.id}/owner", {"owner": "bob@example.com", "version": "1"})
    assert stale.status_code == 409
    assert "changed by someone else meanwhile" in stale.get_data(as_text=True)
    session.expire_all()
    assert session.get(Case, case.id).owner == "ann@example.com"


def test_registrations_only_live_ones(client, login, session):
    login("legal")
    case = open_case(session)
    make_trademark(session, office="US", tm_no="90000001", status="pending", registration_date=None)
    make_trademark(session, office="US", tm_no="90000002", nice_classes=[7])
    session.commit()
    refused = post(
        client,
        f"/cases/{case.id}/registrations",
        {"registrations": "CN 10000001, US 90000001", "version": "1"},
    )
    assert refused.status_code == 400
    assert "not live: US 90000001 (pending)" in refused.get_data(as_text=True)
    done = post(
        client,
        f"/cases/{case.id}/registrations",
        {"registrations": "CN 10000001, US 90000002", "version": "1"},
        follow_redirects=True,
    )
    html = done.get_data(as_text=True)
    assert 'data-registration="US 90000002"' in html and 'data-registration="CN 10000001"' in html


def test_outcomes_and_manual_deadlines(client, login, session):
    login("legal")
    case = open_case(session)
    ok = post(
        client,
        f"/cases/{case.id}/outcomes",
        {"kind": "takedown", "on": "2026-12-01", "quantity": "40", "version": "1"},
    )
    assert ok.status_code == 303
    bad = post(client, f"/cases/{case.id}/outcomes", {"kind": "damages", "version": "2"})
    assert bad.status_code == 400 and "damages needs an amount" in bad.get_data(as_text=True)
    post(
        client,
        f"/cases/{case.id}/deadlines",
        {"kind": "response_due", "due": "2026-12-15", "note": "letter", "version": "2"},
    )
    html = client.get(f"/cases/{case.id}?as_of=2026-12-10").get_data(as_text=True)
    assert 'data-outcome="takedown"' in html and ">40<" in html
    assert 'data-deadline="response_due"' in html and "5 days left" in html


def test_files_are_attached_refused_with_reasons_and_downloaded_safely(client, login, session):
    login("legal")
    case = open_case(session)
    resp = post(
        client,
        f"/cases/{case.id}/files",
        {
            "version": "1",
            "file": [
                (io.BytesIO(b"%PDF-1.7 letter"), "letter.pdf"),
                (io.BytesIO(PNG), "shot.png"),
                (io.BytesIO(b"<html><script>x</script>"), "page.html"),
                (io.BytesIO(b"<svg onload=x>"), "logo.png"),
            ],
        },
        content_type="multipart/form-data",
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "page.html: this type is not accepted" in html
    assert "logo.png is not a .png file" in html
    assert 'data-file="letter.pdf"' in html and 'data-file="shot.png"' in html
    links = dict(re.findall(r'href="(/cases/\d+/files/\d+)">([^<]+)<', html))
    by_name = {v: k for k, v in links.items()}
    pdf = client.get(by_name["letter.pdf"])
    assert pdf.data == b"%PDF-1.7 letter" and pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith("attachment")
    assert pdf.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in pdf.headers["Content-Security-Policy"]
    picture = client.get(by_name["shot.png"])
    assert picture.mimetype == "image/png" and picture.data == PNG
    for response in (pdf, picture):
        assert "html" not in response.mimetype
        response.close()


def test_an_upload_over_the_limit_says_so(client, login, session, app):
    login("legal")
    case = open_case(session)
    app.config["MAX_CONTENT_LENGTH"] = 2048
    resp = post(
        client,
        f"/cases/{case.id}/files",
        {"version": "1", "file": (io.BytesIO(b"%PDF-" + b"x" * 4096), "big.pdf")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 413
    assert "larger than the limit" in resp.get_data(as_text=True)


def test_new_case_from_an_alert(client, login, session):
    login("legal")
    make_trademark(session, tm_no="10000001")
    alert = make_alert(session, make_observation(session, text="KANGDA drill copy"))
    session.commit()
    form = client.get(f"/cases/new?alert={alert.id}").get_data(as_text=True)
    assert "KANGDA: KANGDA drill copy" in form and 'value="CN 10000001"' in form
    resp = post(
        client,
        "/cases/new",
        {
            "title": "Copy drills",
            "route": "platform_complaint",
            "brand": "KANGDA",
            "registrations": "CN 10000001",
            "alerts": str(alert.id),
        },
    )
    assert resp.status_code == 303
    case = session.exec(select(Case).where(Case.title == "Copy drills")).one()
    html = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert f'data-alert="{alert.id}"' in html and "escalated" in html
    assert case.created_by == "legal@example.com"
    bad = post(client, "/cases/new", {"title": "", "route": "platform_complaint"})
    assert bad.status_code == 400 and "give the case a title" in bad.get_data(as_text=True)


@pytest.mark.parametrize("role", ["brand_manager", "executive"])
def test_readers_see_no_buttons_and_cannot_post(client, login, session, role):
    login(role)
    case = open_case(session)
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-testid="stage-form"' not in html and "Fake KANGDA drills" in html
    assert client.get("/cases/new").status_code == 403
    resp = post(client, f"/cases/{case.id}/stage", {"stage": "closed", "version": "1"})
    assert resp.status_code == 403


def test_the_deadline_list_across_cases(client, login, session):
    login("executive")
    one = open_case(session, title="Customs A", route=Route.CUSTOMS, owner="ann@example.com")
    move_stage(session, one, "recorded", user="x@example.com", now=NOW, on=dt.date(2017, 2, 6))
    move_stage(
        session, one, "detention_notice", user="x@example.com", now=NOW, on=dt.date(2027, 2, 4)
    )
    session.commit()
    html = client.get("/cases/deadlines?as_of=2027-02-10").get_data(as_text=True)
    kinds = re.findall(r'data-kind="(\w+)"', html)
    assert kinds == ["recordal_renewal", "detention_action"]  # 11 Feb, then 15 Feb 2027
    assert "1 day left" in html and "5 days left" in html
    mine = client.get("/cases/deadlines?owner=bob@example.com").get_data(as_text=True)
    assert "No open deadlines." in mine


def test_the_pages_in_chinese(client, login, session):
    login("legal")
    case = open_case(session)
    client.post(
        "/locale",
        data={"locale": "zh", "csrf_token": csrf_token(client, "/cases"), "next": "/cases"},
    )
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "平台投诉" in html and "草稿" in html and "历史记录" in html
    assert "维权案件" in client.get("/cases").get_data(as_text=True)


def test_computed_deadline_notes_read_in_chinese_and_an_entered_note_as_written(
    client, login, session
):
    from infringement.cases.deadlines import add_deadline

    login("legal")
    case = open_case(session, title="Customs B", route=Route.CUSTOMS)
    # recorded on 6 Feb 2017: valid to 6 Feb 2027, the Spring Festival, so it rolls on
    move_stage(session, case, "recorded", user="x@example.com", now=NOW, on=dt.date(2017, 2, 6))
    move_stage(
        session, case, "detention_notice", user="x@example.com", now=NOW, on=dt.date(2027, 2, 4)
    )
    add_deadline(
        session,
        case,
        kind="other",
        due=dt.date(2027, 3, 1),
        user="x@example.com",
        now=NOW,
        note="call the agent about the bond",
    )
    session.commit()
    zh = {"Accept-Language": "zh-CN"}
    for path in ("/cases/deadlines?as_of=2027-02-10", f"/cases/{case.id}?as_of=2027-02-10"):
        html = client.get(path, headers=zh).get_data(as_text=True)
        assert "2017-02-06 的海关备案有效期 10 年；续展窗口于 2026-08-06 开启" in html, path
        assert "由 2027-02-06 顺延（非工作日）" in html, path
        assert "须在 2027-02-04 的扣留通知后 3 个工作日内采取行动，否则货物将被放行" in html
        assert "valid 10 years" not in html and "working days of the detention" not in html
    html = client.get(f"/cases/{case.id}", headers=zh).get_data(as_text=True)
    assert "call the agent about the bond" in html  # what the user wrote, as written
    english = client.get("/cases/deadlines?as_of=2027-02-10").get_data(as_text=True)
    assert "rolled from 2027-02-06 (not a working day)" in english
