"""A database still locked after the busy timeout answers 503 "try again", not a 500."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError


@pytest.fixture
def locked_view(app):
    """A page whose query meets a locked SQLite database, as a long write elsewhere causes."""

    def view():
        raise OperationalError("SELECT 1", {}, Exception("database is locked"))

    app.add_url_rule("/_locked", "locked", view)
    return "/_locked"


def test_a_locked_database_tells_the_user_to_try_again(client, login, locked_view):
    login()
    response = client.get(locked_view)
    assert response.status_code == 503
    assert "The database is busy; try again in a moment." in response.get_data(as_text=True)


def test_other_database_errors_stay_server_errors(app, client, login):
    def view():
        raise OperationalError("SELECT 1", {}, Exception("no such table: product"))

    app.add_url_rule("/_broken", "broken", view)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    login()
    assert client.get("/_broken").status_code == 500
