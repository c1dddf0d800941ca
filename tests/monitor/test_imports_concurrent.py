"""Two imports creating the same new records at once: the second gets a clear "try again"."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import event

from coverage.imports.importer import import_portfolio
from coverage.queries import load_geography
from tests.coverage.imports.test_importer import good_sheets, write_book
from tests.monitor.test_cli_import import counts
from tests.monitor.test_imports_page import GOOD, _upload, _workbook


def _race(app, session, path: Path, loser: Callable[[], Any]) -> Any:
    """Let `session` write `path` first; run `loser` in a thread and commit once it inserts."""
    import_portfolio(path, session=session, geography=load_geography(session))
    inserting = threading.Event()

    def spot(_conn, _cursor, statement, *_args) -> None:
        if statement.lstrip().upper().startswith("INSERT INTO PRODUCT"):
            inserting.set()

    engine = app.extensions["ipwatch_engine"]
    event.listen(engine, "before_cursor_execute", spot)
    box: dict[str, Any] = {}
    thread = threading.Thread(target=lambda: box.update(result=loser()))
    thread.start()
    try:
        while not inserting.wait(0.05) and thread.is_alive():
            pass
        session.commit()  # the first import lands while the second is writing the same keys
    finally:
        thread.join(120)
        event.remove(engine, "before_cursor_execute", spot)
    assert "result" in box, "the second import raised instead of answering"
    return box["result"]


def test_the_cli_import_that_loses_the_race_says_try_again(app, runner, session, tmp_path):
    path = write_book(tmp_path / "p.xlsx", good_sheets())

    result = _race(
        app, session, path, lambda: runner.invoke(args=["import", "portfolio", str(path)])
    )

    assert result.exit_code == 1
    assert "someone imported the same new records a moment ago" in result.stderr
    assert "try again" in result.stderr
    assert counts(session) == {"products": 3, "patents": 2, "trademarks": 2, "designations": 4}


def test_the_page_import_that_loses_the_race_gets_409_and_try_again(
    app, client, login, session, tmp_path
):
    login("brand_manager")
    path = tmp_path / "p.xlsx"
    path.write_bytes(_workbook(GOOD))

    resp = _race(app, session, path, lambda: _upload(client, path.read_bytes()))

    page = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "someone imported the same new records a moment ago" in page
    assert "try again" in page
