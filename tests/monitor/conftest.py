"""Fixtures shared by the tests of the web edge: a local SMTP server and an app sending to it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.mailserver import Inbox, SmtpServer, free_port


@pytest.fixture
def port() -> int:
    return free_port()


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


@pytest.fixture
def server(inbox: Inbox, port: int) -> Iterator[SmtpServer]:
    """A local SMTP server on `port`, running for the test (stop it to play "server down")."""
    smtp = SmtpServer(inbox, port)
    smtp.start()
    yield smtp
    smtp.stop()


@pytest.fixture
def mail_app(app, port):
    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=port, SMTP_FROM="ipwatch@example.com")
    return app
