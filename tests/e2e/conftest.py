"""Browser tests: the real app on 127.0.0.1 (a fresh SQLite database in tmp_path, served by
Werkzeug in a background thread), driven by Debian's Chromium through Playwright's sync API.

Without /usr/bin/chromium the tests skip, unless IPWATCH_REQUIRE_BROWSER=1 (CI), where they fail.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel
from werkzeug.serving import make_server

import coverage.models  # noqa: F401  (registers tables)
import monitor.models  # noqa: F401
from monitor import create_app
from monitor.db import make_engine
from tests.factories import make_kangda_marks, make_patent, make_product, make_trademark

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EMAIL, PASSWORD = "brand@e2e.example.com", "e2e-password-2026"
AS_OF = "2026-03-01"


@dataclass(frozen=True)
class LiveApp:
    """The served app: its base URL and the login of a brand manager."""

    url: str
    email: str
    password: str
    as_of: str


def build_portfolio(session: Session) -> None:
    """Two brands, a few patented products and their marks; statuses judged on AS_OF.

    P-DRILL (KANGDA, classes 7 and 9; CN US DE JP): CN 7 protected, CN 9 expiring, US 7 pending,
    JP lapsed (designation refused in WO 1234567), the rest missing; P-GRINDER (KANGDA, class 7;
    CN DE FR): covered in the EU by EUTM 018000001; P-LASER (LUXIN, class 9; CN VN): VN missing.
    """
    drill = make_product(
        session,
        product_id="P-DRILL",
        name="Cordless drill",
        name_zh="无绳电钻",
        nice_classes=[7, 9],
        markets=["CN", "US", "DE", "JP"],
    )
    grinder = make_product(
        session,
        product_id="P-GRINDER",
        name="Angle grinder",
        name_zh="角磨机",
        nice_classes=[7],
        markets=["CN", "DE", "FR"],
    )
    laser = make_product(
        session,
        product_id="P-LASER",
        name="Laser level",
        name_zh="激光水平仪",
        brand="LUXIN",
        nice_classes=[9],
        markets=["CN", "VN"],
    )
    for product in (drill, grinder, laser):
        make_patent(session, products=[product])
    make_kangda_marks(session)
    make_trademark(
        session,
        office="EM",
        tm_no="018000001",
        nice_classes=[7],
        filing_date=dt.date(2019, 3, 1),
        registration_date=dt.date(2019, 9, 1),
    )
    make_trademark(
        session,
        office="CN",
        tm_no="20000001",
        brand="LUXIN",
        mark_text="LUXIN",
        nice_classes=[9],
        registration_date=dt.date(2021, 5, 7),
    )


@contextmanager
def serve(tmp: Path, build: Callable[[Session], None]) -> Iterator[LiveApp]:
    """Serve a fresh app with the reference data, the portfolio `build` makes and one brand
    manager, on a free port of 127.0.0.1."""
    from coverage.portfolio import bump_revision
    from coverage.reference import load_reference
    from monitor.auth import create_user
    from monitor.models import Role

    url = f"sqlite:///{tmp / 'e2e.db'}"
    engine = make_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine) as session:
        load_reference(ROOT / "data" / "reference", session=session)
        build(session)
        create_user(session, email=EMAIL, role=Role.BRAND_MANAGER, password=PASSWORD)
        bump_revision(session)
        session.commit()
    engine.dispose()
    app = create_app(
        {
            "DATABASE_URL": url,
            "SECRET_KEY": "e2e-secret",
            "SCHEDULER": False,
            "INSTANCE_DIR": str(tmp / "instance"),
            "DEFAULT_LOCALE": "en",
        }
    )
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="e2e-server", daemon=True)
    thread.start()
    try:
        yield LiveApp(f"http://127.0.0.1:{server.server_port}", EMAIL, PASSWORD, AS_OF)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
        app.extensions["ipwatch_engine"].dispose()


@pytest.fixture(scope="session")
def live_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """Serve a fresh app with the reference data, the portfolio and one brand manager."""
    with serve(tmp_path_factory.mktemp("e2e"), build_portfolio) as served:
        yield served


@pytest.fixture(scope="session")
def layout_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveApp]:
    """Serve the patent layout portfolio of tests/monitor/test_layout_pages.py (two branded
    brands, patent families across offices, a pending PCT application) and one brand manager."""
    from tests.monitor.test_layout_pages import build_layout_portfolio

    with serve(tmp_path_factory.mktemp("e2e-layout"), build_layout_portfolio) as served:
        yield served


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """Headless Chromium; skips (or fails under IPWATCH_REQUIRE_BROWSER=1) when it is missing."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is not installed (apt-get install chromium)"
        if os.environ.get("IPWATCH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"browser tests are required here but {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_app: LiveApp):  # type: ignore[no-untyped-def]
    """A fresh English browser tab that accepts downloads."""
    context = browser.new_context(
        locale="en-US", accept_downloads=True, viewport={"width": 1400, "height": 900}
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def screenshot_dir() -> Path | None:
    """docs/screenshots when IPWATCH_SCREENSHOTS=1 (pictures for the README), else None."""
    if os.environ.get("IPWATCH_SCREENSHOTS") != "1":
        return None
    folder = ROOT / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder
