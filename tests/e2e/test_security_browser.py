"""In headless Chromium under the Content-Security-Policy: no page breaks a rule (no inline
script or style is blocked), and the delete button still asks before it deletes."""

from __future__ import annotations

import pytest

from tests.e2e.test_coverage_browser import log_in

pytestmark = pytest.mark.browser


def test_pages_work_under_the_content_security_policy(page, live_app):
    blocked = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    deletes = []
    # whatever happens, nothing is deleted from the shared test server
    page.route("**/delete/**", lambda route: (deletes.append(route.request.url), route.abort()))
    log_in(page, live_app)
    for path in ("/coverage/gaps", "/products", "/trademarks", "/patents", "/password"):
        page.goto(f"{live_app.url}{path}")
    page.goto(f"{live_app.url}/patents")
    page.locator("table a[href^='/patents/']").first.click()
    page.wait_for_selector("form[data-confirm] button")
    questions = []

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        questions.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", answer)
    page.click("form[data-confirm] button")
    page.wait_for_timeout(300)
    assert questions and questions[0].startswith("Delete patent")
    assert deletes == []  # dismissing the question sent nothing
    assert blocked == []
