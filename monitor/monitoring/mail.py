"""Sending e-mail over SMTP (IPWATCH_SMTP_*): one connection for a batch of messages.

`send_batch` reports, for each message, None when the server took it or the error that stopped
it; when the server cannot be reached (or the connection drops), every message not yet sent
gets that error, so the caller keeps them all for a later try.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import socket
import ssl
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime

TIMEOUT = 30.0  # seconds to wait for the server at each step
MAX_ERROR = 1000  # characters of an error kept on the reminder row


@dataclass(frozen=True)
class SmtpSettings:
    """Where and how to send: host (empty: e-mail is off), port, login, sender, STARTTLS."""

    host: str
    port: int = 25
    user: str = ""
    password: str = ""
    sender: str = ""
    tls: bool = False
    timeout: float = TIMEOUT

    @classmethod
    def from_config(cls, config: Mapping[str, object]) -> SmtpSettings:
        """The settings of an app's config (IPWATCH_SMTP_*)."""
        user = str(config.get("SMTP_USER") or "")
        sender = str(config.get("SMTP_FROM") or "") or (
            user if "@" in user else f"ipwatch@{socket.getfqdn()}"
        )
        return cls(
            host=str(config.get("SMTP_HOST") or ""),
            port=int(str(config.get("SMTP_PORT") or 25)),
            user=user,
            password=str(config.get("SMTP_PASSWORD") or ""),
            sender=sender,
            tls=bool(config.get("SMTP_TLS")),
        )

    @property
    def enabled(self) -> bool:
        """Whether e-mail is on (a host is set)."""
        return bool(self.host.strip())


@dataclass(frozen=True)
class Outgoing:
    """One message to send; `key` (letters, digits, `.-`) makes its Message-ID, the same at
    every try, so that a receiving server can drop a copy it already has."""

    key: str
    recipient: str
    subject: str
    body: str
    attachments: tuple[Attachment, ...] = ()


@dataclass(frozen=True)
class Attachment:
    """A file sent with a message: its name, MIME type (`application/pdf`) and bytes."""

    filename: str
    mimetype: str
    data: bytes


def build_message(item: Outgoing, settings: SmtpSettings, *, now_header: str) -> EmailMessage:
    """The e-mail of `item`: UTF-8 plain text, with a Message-ID stable across retries."""
    message = EmailMessage()
    message["From"] = settings.sender
    message["To"] = item.recipient
    message["Subject"] = item.subject
    message["Date"] = now_header
    domain = settings.sender.rpartition("@")[2] or "ipwatch.invalid"
    message["Message-ID"] = f"<{item.key}@{domain}>"
    message.set_content(item.body)
    for attachment in item.attachments:
        maintype, _, subtype = attachment.mimetype.partition("/")
        message.add_attachment(
            attachment.data, maintype=maintype, subtype=subtype, filename=attachment.filename
        )
    return message


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        smtp.ehlo()
        if settings.tls:
            smtp.starttls(context=ssl.create_default_context())
            smtp.ehlo()
        if settings.user:
            smtp.login(settings.user, settings.password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def describe(error: BaseException) -> str:
    """An error as one line a person can act on, e.g. `cannot reach mail.example:25: …`."""
    text = " ".join(str(error).split()) or type(error).__name__
    return f"{type(error).__name__}: {text}"[:MAX_ERROR]


def send_batch(
    items: Sequence[Outgoing],
    settings: SmtpSettings,
    *,
    now: dt.datetime,
    done: Callable[[Outgoing, str | None], None],
) -> None:
    """Send `items` over one connection, calling `done(item, error or None)` after each.

    `done` is called right after the server answers, so the caller can record a message as
    sent before the next one goes out (a crash then never sends it twice).
    """
    if not items:
        return
    header = format_datetime(now)
    try:
        smtp = _connect(settings)
    except (OSError, smtplib.SMTPException) as exc:
        down = f"cannot send through {settings.host}:{settings.port}: {describe(exc)}"
        for item in items:
            done(item, down)
        return
    try:
        for index, item in enumerate(items):
            problem, lost = _send_one(smtp, item, settings, header)
            if lost:
                for rest in items[index:]:
                    done(rest, problem)
                return
            done(item, problem)
    finally:
        try:
            smtp.quit()
        except (OSError, smtplib.SMTPException):
            smtp.close()


def _send_one(
    smtp: smtplib.SMTP, item: Outgoing, settings: SmtpSettings, header: str
) -> tuple[str | None, bool]:
    """Send one message: (None, False) when taken, (error, lost connection?) otherwise."""
    try:
        smtp.send_message(build_message(item, settings, now_header=header))
    except smtplib.SMTPServerDisconnected as exc:
        return f"connection lost: {describe(exc)}", True
    except (smtplib.SMTPException, ValueError) as exc:  # ValueError: a bad header
        return f"refused: {describe(exc)}", False  # (checked before OSError: its subclass)
    except OSError as exc:
        return f"connection lost: {describe(exc)}", True
    return None, False
