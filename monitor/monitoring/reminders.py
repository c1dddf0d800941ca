"""Daily e-mail digests of open case deadlines: overdue, due today, tomorrow, within 7 days.

Who gets one: a case's owner (unless they are a deactivated user); a case without an owner goes
to every active legal user. One digest per person and day, in their language (their choice,
else IPWATCH_DEFAULT_LOCALE), stored as a `Reminder` row first and then sent; a row the mail
server did not take keeps its attempts and last error, is shown (`unsent_reminders`) and is
tried again by the "reminder-retry" job and by `ipwatch reminders send`, until it goes.
Queueing and sending hold a lock, so two processes never send the same row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from flask import Flask
from flask_babel import force_locale
from flask_babel import gettext as _gettext
from sqlmodel import Session, col, select

from coverage.messages import Message
from infringement.cases.models import Case, CaseDeadline, Reminder
from infringement.models import utc_now
from monitor.models import Role, User
from monitor.monitoring.case_notes import word_note
from monitor.monitoring.locks import run_lock
from monitor.monitoring.mail import MAX_ERROR, Outgoing, SmtpSettings, send_batch
from monitor.monitoring.reminder_texts import compose

HORIZON_DAYS = 7  # deadlines due within this many days are in the digest (overdue ones always)
LOCK = "deadline-reminders"
LOCK_TTL = dt.timedelta(minutes=30)


@dataclass(frozen=True)
class DueItem:
    """An open deadline of a case, as the digest shows it."""

    case_id: int
    case_title: str
    kind: str
    due: dt.date
    days_left: int  # negative: overdue by that many days
    note: Message | str | None = None  # a computed deadline's note, to translate


@dataclass
class Digest:
    """One person's open deadlines on one day."""

    recipient: str
    locale: str
    items: list[DueItem] = field(default_factory=list)


@dataclass
class SendReport:
    """What a run did: rows queued, sent, and the errors of those left unsent."""

    queued: int = 0
    sent: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (recipient, error)


def plan_digests(session: Session, *, as_of: dt.date, default_locale: str) -> list[Digest]:
    """Each person's digest for `as_of`: open deadlines of open cases due by `as_of` + 7 days."""
    horizon = as_of + dt.timedelta(days=HORIZON_DAYS)
    rows = session.exec(
        select(CaseDeadline, Case)
        .join(Case, col(Case.id) == col(CaseDeadline.case_id))
        .where(
            col(CaseDeadline.done).is_(False),
            col(CaseDeadline.due) <= horizon,
            col(Case.closed_at).is_(None),
            Case.stage != "closed",
        )
        .order_by(col(CaseDeadline.due), col(Case.id), col(CaseDeadline.id))
    ).all()
    users = {u.email.lower(): u for u in session.exec(select(User)).all()}
    legal = sorted(e for e, u in users.items() if u.active and u.role == Role.LEGAL)
    digests: dict[str, Digest] = {}
    for deadline, case in rows:
        assert case.id is not None
        item = DueItem(
            case.id,
            case.title,
            deadline.kind,
            deadline.due,
            (deadline.due - as_of).days,
            word_note(deadline.note) if deadline.computed else deadline.note,
        )
        for email in _recipients(case, users, legal):
            user = users.get(email)
            locale = (user.locale if user else None) or default_locale
            digests.setdefault(email, Digest(email, locale)).items.append(item)
    return [digests[email] for email in sorted(digests)]


def _recipients(case: Case, users: dict[str, User], legal: list[str]) -> list[str]:
    owner = (case.owner or "").strip().lower()
    if owner and (owner not in users or users[owner].active):
        return [owner]
    return legal


def queue_reminders(
    session: Session, *, as_of: dt.date, default_locale: str, now: dt.datetime
) -> list[Reminder]:
    """Store today's digests as Reminder rows, one per person and day (not committed)."""
    have = set(session.exec(select(Reminder.recipient).where(Reminder.for_day == as_of)).all())
    made = []
    for digest in plan_digests(session, as_of=as_of, default_locale=default_locale):
        if digest.recipient in have:
            continue
        subject, body = render_digest(digest, as_of=as_of)
        reminder = Reminder(
            recipient=digest.recipient, subject=subject, body=body, for_day=as_of, created_at=now
        )
        session.add(reminder)
        made.append(reminder)
    session.flush()
    return made


def render_digest(digest: Digest, *, as_of: dt.date) -> tuple[str, str]:
    """Subject and body of `digest` in its person's language."""
    locale = digest.locale if digest.locale in ("zh", "en") else "en"
    with force_locale(locale):
        return compose(digest.items, as_of=as_of, locale=locale, translate=_translate)


def _translate(message: Message) -> str:
    return message.render(_gettext)


def unsent_reminders(session: Session) -> list[Reminder]:
    """The reminders not sent yet, oldest first, with their attempts and last error."""
    return list(
        session.exec(
            select(Reminder).where(col(Reminder.sent_at).is_(None)).order_by(col(Reminder.id))
        ).all()
    )


def send_pending(session: Session, *, smtp: SmtpSettings, now: dt.datetime) -> SendReport:
    """Send every unsent reminder; commit after each answer of the server."""
    report = SendReport()
    pending = unsent_reminders(session)
    rows = {f"reminder-{r.id}-{r.for_day:%Y%m%d}": r for r in pending}

    def done(item: Outgoing, error: str | None) -> None:
        row = rows[item.key]
        row.attempts += 1
        row.last_attempt_at = now
        if error is None:
            row.sent_at, row.last_error = now, None
            report.sent += 1
        else:
            row.last_error = error[:MAX_ERROR]
            report.failed.append((row.recipient, error))
        session.add(row)
        session.commit()

    items = [Outgoing(key, r.recipient, r.subject, r.body) for key, r in rows.items()]
    send_batch(items, smtp, now=now, done=done)
    return report


def run_reminders(
    session: Session,
    *,
    smtp: SmtpSettings,
    as_of: dt.date | None,
    default_locale: str,
    now: dt.datetime,
) -> SendReport:
    """Queue the digests of `as_of` (None: queue nothing) and send every unsent reminder,
    holding the reminders lock; raise locks.Busy when another process holds it."""
    with _locked(session):
        report = SendReport()
        if as_of is not None:
            report.queued = len(
                queue_reminders(session, as_of=as_of, default_locale=default_locale, now=now)
            )
            session.commit()
        sent = send_pending(session, smtp=smtp, now=now)
        report.sent, report.failed = sent.sent, sent.failed
        return report


@contextmanager
def _locked(session: Session) -> Iterator[None]:
    engine = session.get_bind()
    with run_lock(engine, LOCK, ttl=LOCK_TTL):  # type: ignore[arg-type]
        try:
            yield
        finally:
            session.rollback()  # end the read transaction before the lock row goes (SQLite)


def run_job(app: Flask, *, queue: bool) -> SendReport | None:
    """Run the reminders in `app`'s context; None when e-mail is off or another process runs them."""
    from monitor.db import get_writer_engine
    from monitor.monitoring.locks import Busy
    from monitor.monitoring.sources import timezone

    with app.app_context():
        smtp = SmtpSettings.from_config(app.config)
        if not smtp.enabled:
            return None
        now = utc_now()
        today = now.astimezone(timezone()).date()
        with Session(get_writer_engine(), expire_on_commit=False) as session:
            try:
                return run_reminders(
                    session,
                    smtp=smtp,
                    as_of=today if queue else None,
                    default_locale=str(app.config["DEFAULT_LOCALE"]),
                    now=now,
                )
            except Busy:
                return None


def send_daily_reminders(app: Flask) -> None:
    """Scheduler job "deadline-reminders": queue today's digests and send them."""
    run_job(app, queue=True)


def retry_reminders(app: Flask) -> None:
    """Scheduler job "reminder-retry": send the reminders the mail server has not taken yet."""
    run_job(app, queue=False)
