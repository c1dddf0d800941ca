"""The monthly report job: on the 1st, freeze the month just ended, write its reports (Chinese and
English, PDF and HTML) under the instance directory, and e-mail the PDF to every active user
with the executive role, in their language.

The job can run again safely (the scheduler runs it hourly on the 1st to 3rd): a frozen month
stays frozen, written reports are kept, and only the executives not yet sent the report get it,
so a mail server that was down is tried again. Who was sent what, and the last error of those
not sent, is kept beside the reports in `deliveries.json`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlmodel import Session, select

from monitor.db import get_writer_engine, instance_dir
from monitor.models import Role, User
from monitor.monitoring.locks import Busy, run_lock
from monitor.monitoring.mail import Attachment, Outgoing, SmtpSettings, send_batch
from monitor.reports import service, store
from monitor.reports.months import Month
from monitor.reports.snapshots import freeze

log = logging.getLogger(__name__)
LOCK = "monthly-report"
LOCK_TTL = dt.timedelta(hours=1)
DELIVERIES = "deliveries.json"


@dataclass
class Delivery:
    """What one run did: the month, whether it froze it now, files written, mails sent/failed."""

    month: str
    froze: bool = False
    written: list[Path] = field(default_factory=list)
    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def build_reports(
    month: Month, *, langs: tuple[str, ...] = store.LANGS, formats: tuple[str, ...] = store.FORMATS
) -> list[Path]:
    """Render the report of `month` in `langs` × `formats` and keep them; return their paths."""
    from monitor.reports.render import render_report

    figures = service.figures_for(month)
    past = service.history(month)
    paths = []
    for lang in langs:
        for fmt in formats:
            body = render_report(figures, past, lang=lang, fmt=fmt)
            paths.append(store.save_report(instance_dir(), month, lang, fmt, body))
    return paths


def deliver(app: Flask, *, today: dt.date | None = None) -> Delivery:
    """The job: freeze the month before `today` (local), write its reports, mail executives."""
    with app.app_context():
        day = today or service.local_today()
        month = Month.of(day).previous()
        engine = get_writer_engine()
        try:
            with run_lock(engine, LOCK, ttl=LOCK_TTL):
                return _deliver(engine, month, day)
        except Busy:
            log.info("monthly report of %s: another process is on it", month)
            return Delivery(str(month))


def _deliver(engine: Any, month: Month, day: dt.date) -> Delivery:
    result = Delivery(str(month))
    with Session(engine) as session:
        _snapshot, result.froze = freeze(
            session, month, today=day, by="scheduler", settings=service.settings()
        )
        session.commit()
    missing = [
        (lang, fmt)
        for lang in store.LANGS
        for fmt in store.FORMATS
        if result.froze or store.find_report(instance_dir(), str(month), lang, fmt) is None
    ]
    for lang, fmt in missing:
        result.written += build_reports(month, langs=(lang,), formats=(fmt,))
    _mail(month, result)
    return result


def _mail(month: Month, result: Delivery) -> None:
    """E-mail the PDF to each active executive not sent it yet; record who got it."""
    smtp = SmtpSettings.from_config(current_app.config)
    if not smtp.enabled:
        return
    record_path = store.reports_dir(instance_dir()) / str(month) / DELIVERIES
    record = _read(record_path)
    default = str(current_app.config.get("DEFAULT_LOCALE") or "zh")
    with Session(get_writer_engine()) as session:
        executives = session.exec(
            select(User).where(User.role == Role.EXECUTIVE, User.active == True)  # noqa: E712
        ).all()
    items = []
    for user in executives:
        if record.get(user.email, {}).get("sent_at"):
            continue
        lang = user.locale if user.locale in store.LANGS else default
        lang = lang if lang in store.LANGS else "zh"
        items.append(_message(month, user.email, lang))
    now = dt.datetime.now(dt.UTC)

    def done(item: Outgoing, error: str | None) -> None:
        entry = record.setdefault(item.recipient, {"attempts": 0})
        entry["attempts"] = int(entry.get("attempts", 0)) + 1
        entry["last_attempt_at"] = now.isoformat(timespec="seconds")
        if error is None:
            entry["sent_at"], entry["error"] = now.isoformat(timespec="seconds"), None
            result.sent.append(item.recipient)
        else:
            entry["error"] = error
            result.failed.append((item.recipient, error))
        _write(record_path, record)  # after each answer: a crash never sends twice

    send_batch(items, smtp, now=now, done=done)


def _message(month: Month, recipient: str, lang: str) -> Outgoing:
    path = store.report_path(instance_dir(), month, lang, "pdf")
    with force_locale(lang):
        subject = _("ipwatch monthly IP report, %(month)s", month=str(month))
        body = _(
            "The monthly IP report for %(month)s is attached (PDF). Past reports are on the "
            "Reports page of ipwatch.",
            month=str(month),
        )
    key = f"report-{month}-{lang}-{hashlib.sha256(recipient.encode()).hexdigest()[:16]}"
    return Outgoing(
        key,
        recipient,
        subject,
        body,
        (Attachment(path.name, "application/pdf", path.read_bytes()),),
    )


def _read(path: Path) -> dict[str, dict[str, Any]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, record: dict[str, Any]) -> None:
    temp = path.with_suffix(".tmp")
    temp.write_text(json.dumps(record, ensure_ascii=False, indent=2), encoding="utf-8")
    temp.replace(path)
