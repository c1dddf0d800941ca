"""The monthly report job against a real SMTP server (aiosmtpd on 127.0.0.1): on the 1st it
freezes the month just ended, keeps its reports under the instance directory and e-mails the
PDF to each active executive in their language; a second run sends nothing twice; a server
that was down gets the report on the next run."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import select

from monitor.models import User
from monitor.reports.delivery import deliver
from monitor.reports.models import MonthlySnapshot
from monitor.reports.store import list_reports
from monitor.scheduler import JOBS
from tests.monitor.reports.november import build_enforcement, build_portfolio

FIRST = dt.date(2026, 12, 1)


@pytest.fixture
def people(session) -> None:
    portfolio = build_portfolio(session)
    build_enforcement(session, portfolio)
    for email, role, locale, active in (
        ("ceo@example.com", "executive", "zh", True),
        ("cfo@example.com", "executive", "en", True),
        ("gone@example.com", "executive", "en", False),
        ("legal@example.com", "legal", "zh", True),
    ):
        session.add(User(email=email, role=role, password_hash="x", locale=locale, active=active))
    session.commit()


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_the_job_freezes_keeps_and_mails_the_report(mail_app, server, inbox, people, session):
    done = deliver(mail_app, today=FIRST)
    assert done.month == "2026-11" and done.froze
    assert sorted(done.sent) == ["ceo@example.com", "cfo@example.com"]
    assert session.get(MonthlySnapshot, "2026-11") is not None
    kept = {(r.month, r.lang, r.fmt) for r in list_reports(Path(mail_app.config["INSTANCE_DIR"]))}
    assert kept == {("2026-11", lang, fmt) for lang in ("zh", "en") for fmt in ("pdf", "html")}
    (ceo,) = inbox.to("ceo@example.com")
    (cfo,) = inbox.to("cfo@example.com")
    assert not inbox.to("gone@example.com") and not inbox.to("legal@example.com")
    assert "2026-11" in ceo["Subject"] and "2026-11" in cfo["Subject"]
    zh = next(p for p in ceo.iter_attachments() if p.get_content_type() == "application/pdf")
    en = next(p for p in cfo.iter_attachments() if p.get_content_type() == "application/pdf")
    assert zh.get_filename() == "ipwatch-2026-11-zh.pdf"
    assert "执行摘要" in pdf_text(zh.get_content())
    assert "Executive summary" in pdf_text(en.get_content())


def test_a_second_run_sends_nothing_twice(mail_app, server, inbox, people):
    deliver(mail_app, today=FIRST)
    again = deliver(mail_app, today=FIRST + dt.timedelta(days=1))
    assert again.sent == [] and not again.froze and again.written == []
    assert len(inbox.messages) == 2


def test_a_server_down_is_tried_again_on_the_next_run(mail_app, server, inbox, people):
    server.stop()
    first = deliver(mail_app, today=FIRST)
    assert {r for r, _ in first.failed} == {"ceo@example.com", "cfo@example.com"}
    assert all("cannot send" in error for _, error in first.failed)
    assert inbox.messages == []
    record = Path(mail_app.config["INSTANCE_DIR"]) / "reports" / "2026-11" / "deliveries.json"
    assert "cannot send" in record.read_text()
    server.start()
    second = deliver(mail_app, today=FIRST)
    assert sorted(second.sent) == ["ceo@example.com", "cfo@example.com"]
    assert len(inbox.messages) == 2


def test_without_a_mail_server_the_reports_are_still_kept(app, people, session):
    done = deliver(app, today=FIRST)
    assert done.sent == [] and done.failed == []
    assert len(done.written) == 4
    executives = session.exec(select(User).where(User.role == "executive")).all()
    assert len(executives) == 3


def test_the_scheduler_runs_the_job_on_the_first_days_of_the_month():
    func, cron = JOBS["monthly-report"]
    assert func is deliver
    assert cron.split()[2] == "1-3"
