"""In headless Chromium: legal staff open Triage and clear the queue from the keyboard — j/k to
move, d and a digit for the reason — select two listings with x, escalate them with e into a
platform-complaint case, open the case, move it to "complaint filed" and download the complaint
pack (a zip with manifest.csv). No inline script runs: the page's keys come from /static."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from crawlers.evidence import EvidenceStore
from infringement.models import Alert, Evidence, Observation
from tests.e2e.conftest import LiveApp, build_portfolio, serve
from tests.e2e.test_coverage_browser import log_in

pytestmark = pytest.mark.browser

LEGAL, PASSWORD = "triage@e2e.example.com", "walnut-harbour-5521"
SEEN = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
# (title, score): the first three are dismissed, the last two escalated
LISTINGS = [
    ("KANGDA cordless drill 康达", 96.0),
    ("KANGDAA angle grinder", 91.0),
    ("KANG-DA saw blade", 86.0),
    ("KANGDA drill set (copy)", 81.0),
    ("KANGDA impact driver", 76.0),
]


def _listings(session: Session, store: EvidenceStore) -> None:
    """KANGDA listings of a demo market with a picture and a page each, and their alerts."""
    for n, (title, score) in enumerate(LISTINGS):
        url = f"http://market.example/item/{n}"
        observation = Observation(
            source="demo-market",
            kind="listing",
            identity=url,
            text=title,
            url=url,
            seller=f"Shop {n}",
            price="¥99",
            image_urls=[f"{url}.png"],
            classes=[7],
            first_seen=SEEN,
            last_seen=SEEN,
        )
        session.add(observation)
        session.flush()
        page = f"<html><title>{title}</title></html>".encode()
        for kind, data, ctype in (("picture", PNG, "image/png"), ("page", page, "text/html")):
            session.add(
                Evidence(
                    observation_id=observation.id,
                    sha256=store.put(data),
                    kind=kind,
                    url=url,
                    captured_at=SEEN,
                    http_status=200,
                    content_type=ctype,
                    bytes=len(data),
                )
            )
        session.add(
            Alert(
                observation_id=observation.id,
                watch_key="KANGDA|kangda",
                brand="KANGDA",
                watched_mark="KANGDA",
                watched_tm_no="10000001",
                watched_office="CN",
                score=score,
                reasons=["same letters KANGDA", "goods in the same class 7"],
                first_seen=SEEN,
                last_seen=SEEN,
            )
        )


@pytest.fixture
def triage_app(tmp_path: Path) -> Iterator[LiveApp]:
    """A fresh app with the portfolio, five KANGDA listing alerts and legal staff."""
    from monitor.auth import create_user
    from monitor.models import Role

    store = EvidenceStore(tmp_path / "instance" / "evidence")

    def build(session: Session) -> None:
        build_portfolio(session)
        create_user(session, email=LEGAL, role=Role.LEGAL, password=PASSWORD)
        _listings(session, store)

    with serve(tmp_path, build) as served:
        yield LiveApp(served.url, LEGAL, PASSWORD, served.as_of)


def _queue_titles(page) -> list[str]:
    return page.locator(
        "table[data-testid=triage-queue] tbody tr a.observed-text"
    ).all_inner_texts()


def _focused(page) -> str:
    return page.locator("table[data-testid=triage-queue] tr.focused a.observed-text").inner_text()


def test_clear_the_queue_by_keyboard_escalate_two_and_download_the_pack(browser, triage_app):
    context = browser.new_context(
        locale="en-US", accept_downloads=True, viewport={"width": 1400, "height": 900}
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    try:
        log_in(page, triage_app)
        page.click("nav >> text=Triage")
        page.wait_for_url("**/triage")
        assert _queue_titles(page) == [title for title, _ in LISTINGS]
        # the matching part of the observed title is marked
        assert page.locator("tr[data-alert] a.observed-text mark").first.inner_text() == "KANGDA"

        # j/k move the focus row
        assert _focused(page) == LISTINGS[0][0]
        page.keyboard.press("j")
        page.keyboard.press("j")
        assert _focused(page) == LISTINGS[2][0]
        page.keyboard.press("k")
        page.keyboard.press("k")
        assert _focused(page) == LISTINGS[0][0]

        # d asks the reason; a digit chooses it and sends the form: three times
        for reason_key in ("1", "2", "4"):
            before = _queue_titles(page)
            page.keyboard.press("d")
            page.wait_for_selector("tr.focused details[data-act=dismiss][open]")
            with page.expect_navigation():
                page.keyboard.press(reason_key)
            assert _queue_titles(page) == before[1:]
            assert "Dismissed 1 alert." in page.inner_text("main")
        assert _queue_titles(page) == [LISTINGS[3][0], LISTINGS[4][0]]

        # x selects both, e escalates them into a new platform complaint
        page.keyboard.press("x")
        page.keyboard.press("j")
        page.keyboard.press("x")
        assert page.inner_text("#bulk output[data-role=count]") == "2"
        page.keyboard.press("e")
        bulk = page.locator("#bulk details[data-act=escalate]")
        assert bulk.get_attribute("open") is not None
        assert bulk.locator("input[name=title]").input_value() == f"KANGDA — {LISTINGS[3][0]} (+1)"
        bulk.locator("select[name=route]").select_option("platform_complaint")
        with page.expect_navigation():
            bulk.locator("input[name=title]").press("Enter")
        assert page.locator("[data-testid=queue-empty]").is_visible()

        # open the case: both listings are in it; move it to "complaint filed"
        link = page.locator("[data-testid=escalated] a")
        case_path = link.get_attribute("href")
        assert case_path and case_path.startswith("/cases/")
        link.click()
        page.wait_for_url(f"**{case_path}")
        assert page.inner_text("[data-testid=route]") == "platform complaint"
        for title, _ in LISTINGS[3:]:
            assert title in page.inner_text("main")
        page.click("[data-testid=stage-form] button[value=complaint_filed]")
        page.wait_for_selector("[data-testid=stage]:has-text('complaint filed')")

        # the complaint pack is a zip with its manifest
        with page.expect_download() as info:
            page.click("[data-testid=pack-download]")
        data = Path(info.value.path()).read_bytes()
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
        assert "manifest.csv" in names
        assert blocked == []
    finally:
        context.close()
