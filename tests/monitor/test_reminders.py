"""E-mail reminders of case deadlines, against a real SMTP server (aiosmtpd on 127.0.0.1)
started by the test: one digest per person and day in their language, overdue / tomorrow /
within 7 days with days left; kept with its error while the server is down, then sent once."""

from __future__ import annotations

import datetime as dt
from email.message import EmailMessage
from typing import Any

import pytest
from sqlmodel import Session, select

from infringement.cases.models import Case, CaseDeadline, Reminder, Route
from monitor.auth import set_active
from monitor.models import User
from monitor.monitoring.reminders import retry_reminders, send_daily_reminders, unsent_reminders
from monitor.scheduler import add_jobs

AS_OF = dt.date(2026, 3, 2)


def make_user(session: Session, email_: str, role: str, locale: str | None = None) -> User:
    user = User(email=email_, role=role, password_hash="x", locale=locale)
    session.add(user)
    session.flush()
    return user


def make_case(session: Session, title: str, owner: str | None, **kw: Any) -> Case:
    values: dict[str, Any] = {
        "title": title,
        "route": Route.PLATFORM_COMPLAINT,
        "stage": "counter_notice",
        "owner": owner,
        "created_by": "legal@example.com",
    }
    values.update(kw)
    case = Case(**values)
    session.add(case)
    session.flush()
    return case


def due(session: Session, case: Case, kind: str, days: int, **kw: Any) -> CaseDeadline:
    deadline = CaseDeadline(case_id=case.id, kind=kind, due=AS_OF + dt.timedelta(days=days), **kw)
    session.add(deadline)
    session.flush()
    return deadline


@pytest.fixture
def deadlines(session: Session) -> dict[str, Case]:
    """Li (legal, Chinese) owns two cases; Ann (legal, English) one; one case has no owner."""
    make_user(session, "li@example.com", "legal", "zh")
    make_user(session, "ann@example.com", "legal", "en")
    make_user(session, "boss@example.com", "executive", "en")
    taobao = make_case(session, "淘宝 KANGDA 仿冒电钻", "li@example.com")
    due(session, taobao, "counter_notice_lift", -3)
    due(session, taobao, "response_due", 1, note="卖家反通知 答复")
    due(session, taobao, "other", 30)  # beyond 7 days: not yet
    due(session, taobao, "appeal", -1, done=True)  # done: never reminded
    jd = make_case(session, "JD sellers", "ann@example.com", route=Route.CEASE_AND_DESIST)
    due(session, jd, "response_due", 5)
    due(session, jd, "other", 0)
    orphan = make_case(session, "Customs at Ningbo", None, route=Route.CUSTOMS)
    due(session, orphan, "detention_action", 2)
    closed = make_case(session, "Closed one", "ann@example.com", stage="closed")
    due(session, closed, "response_due", 1)
    session.commit()
    return {"taobao": taobao, "jd": jd, "orphan": orphan}


def send(runner, *extra: str):
    return runner.invoke(args=["reminders", "send", "--as-of", AS_OF.isoformat(), *extra])


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return part.get_content()


def test_each_person_gets_one_digest_in_their_language(mail_app, runner, server, inbox, deadlines):
    result = send(runner)
    assert result.exit_code == 0, result.output
    assert "queued 2 reminders for 2026-03-02; sent 2" in result.stdout
    assert sorted(m["To"] for m in inbox.messages) == ["ann@example.com", "li@example.com"]

    (li,) = inbox.to("li@example.com")
    assert li["Subject"] == "ipwatch 期限提醒 2026-03-02：1项逾期，1项明天到期，1项7天内到期"
    text = body(li)
    taobao, orphan = deadlines["taobao"].id, deadlines["orphan"].id
    lines = text.splitlines()
    assert lines[0] == "截至2026-03-02，您负责的案件有以下未完成的期限："
    overdue = lines.index("逾期")
    assert lines[overdue + 1] == (
        f"  - 案件 #{taobao} 淘宝 KANGDA 仿冒电钻 — 反通知后恢复链接（除非我方采取行动）："
        "2026-02-27 到期，已逾期3天"
    )
    tomorrow = lines.index("明天到期")
    assert lines[tomorrow + 1].endswith("答复期限：2026-03-03 到期，还剩1天")
    assert lines[tomorrow + 2] == "    卖家反通知 答复"
    week = lines.index("7天内到期")
    # the case without an owner goes to every legal user
    assert lines[week + 1] == (
        f"  - 案件 #{orphan} Customs at Ningbo — 对海关扣留采取行动：2026-03-04 到期，还剩2天"
    )
    assert "Closed one" not in text and "2026-04-01" not in text and "上诉" not in text

    (ann,) = inbox.to("ann@example.com")
    assert ann["Subject"] == ("ipwatch deadlines 2026-03-02: 1 due today, 2 due within 7 days")
    english = body(ann)
    jd = deadlines["jd"].id
    assert f"  - case #{jd} JD sellers — other deadline: due 2026-03-02, due today" in english
    assert f"  - case #{jd} JD sellers — response due: due 2026-03-07, 5 days left" in english
    assert f"case #{orphan} Customs at Ningbo — act on the customs detention: due 2026-03-04" in (
        english
    )
    assert "Due within 7 days" in english and "Overdue" not in english
    assert ann["From"] == "ipwatch@example.com" and ann["Message-ID"].endswith("@example.com>")


def test_a_second_run_the_same_day_sends_nothing_again(
    mail_app, runner, server, inbox, session, deadlines
):
    assert send(runner).exit_code == 0
    again = send(runner)
    assert again.exit_code == 0, again.output
    assert "queued 0 reminders for 2026-03-02; sent 0" in again.stdout
    assert len(inbox.messages) == 2
    assert len(session.exec(select(Reminder)).all()) == 2
    # the next day is a new digest
    nextday = runner.invoke(args=["reminders", "send", "--as-of", "2026-03-03"])
    assert "queued 2 reminders for 2026-03-03; sent 2" in nextday.stdout


def test_a_deactivated_owner_hands_the_digest_to_the_legal_users(
    mail_app, runner, server, inbox, session, deadlines
):
    li = session.exec(select(User).where(User.email == "li@example.com")).one()
    set_active(session, user=li, active=False)
    session.commit()
    assert send(runner).exit_code == 0
    assert [m["To"] for m in inbox.messages] == ["ann@example.com"]
    assert "淘宝 KANGDA 仿冒电钻" in body(inbox.messages[0])


def test_while_the_server_is_down_the_reminder_is_kept_and_then_sent_once(
    mail_app, runner, server, inbox, session, deadlines
):
    server.stop()
    down = send(runner)
    assert down.exit_code == 1
    assert "not sent to li@example.com: cannot send through 127.0.0.1" in down.stderr
    assert "2 reminders not sent: they stay queued and are tried again" in down.output
    unsent = unsent_reminders(session)
    assert [(r.recipient, r.attempts, r.sent_at) for r in unsent] == [
        ("ann@example.com", 1, None),
        ("li@example.com", 1, None),
    ]
    assert all("ConnectionRefusedError" in (r.last_error or "") for r in unsent)

    server.start()
    retry_reminders(mail_app)  # the "reminder-retry" job
    assert sorted(m["To"] for m in inbox.messages) == ["ann@example.com", "li@example.com"]
    session.expire_all()
    rows = session.exec(select(Reminder).order_by(Reminder.recipient)).all()
    assert [(r.attempts, r.last_error) for r in rows] == [(2, None), (2, None)]
    assert all(r.sent_at is not None for r in rows) and unsent_reminders(session) == []
    again = send(runner)
    assert "queued 0 reminders for 2026-03-02; sent 0" in again.stdout
    assert len(inbox.messages) == 2  # exactly once each


def test_a_refused_recipient_is_kept_with_its_error_and_the_others_go(
    mail_app, runner, server, inbox, session, deadlines
):
    inbox.refused.add("ann@example.com")
    first = send(runner)
    assert first.exit_code == 1
    assert "not sent to ann@example.com: refused: SMTPRecipientsRefused" in first.stderr
    assert [m["To"] for m in inbox.messages] == ["li@example.com"]
    (kept,) = unsent_reminders(session)
    assert kept.recipient == "ann@example.com" and "no such user" in (kept.last_error or "")

    inbox.refused.clear()
    second = send(runner)
    assert second.exit_code == 0, second.output
    assert "queued 0 reminders for 2026-03-02; sent 1" in second.stdout
    assert sorted(m["To"] for m in inbox.messages) == ["ann@example.com", "li@example.com"]


def test_the_daily_job_queues_and_sends_today(mail_app, server, inbox, session, deadlines):
    send_daily_reminders(mail_app)
    send_daily_reminders(mail_app)
    rows = session.exec(select(Reminder)).all()
    assert rows and len({(r.recipient, r.for_day) for r in rows}) == len(rows)
    assert len(inbox.messages) == len(rows)


def test_a_dry_run_prints_the_digests_and_stores_nothing(
    mail_app, runner, inbox, session, deadlines
):
    result = send(runner, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "To: li@example.com\nSubject: ipwatch 期限提醒 2026-03-02" in result.stdout
    assert "To: ann@example.com" in result.stdout
    assert session.exec(select(Reminder)).all() == [] and inbox.messages == []


def test_without_a_mail_server_nothing_is_queued(app, runner, session, deadlines):
    result = send(runner)
    assert result.exit_code == 1 and "e-mail is off: set IPWATCH_SMTP_HOST" in result.output
    send_daily_reminders(app)
    assert session.exec(select(Reminder)).all() == []


def test_the_scheduler_runs_the_digest_daily_at_eight_and_retries_every_quarter_hour(app):
    from apscheduler.schedulers.background import BackgroundScheduler

    scheduler = BackgroundScheduler(timezone=app.config["TIMEZONE"])
    add_jobs(scheduler, app)
    daily, retry = scheduler.get_job("deadline-reminders"), scheduler.get_job("reminder-retry")
    assert "hour='8'" in str(daily.trigger) and "minute='0'" in str(daily.trigger)
    assert str(daily.trigger.timezone) == "Asia/Shanghai"
    assert "minute='*/15'" in str(retry.trigger)
