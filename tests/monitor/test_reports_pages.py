"""The reports page: the kept monthly reports by month, their downloads (only files the store
knows, as attachments), and building a month's reports (administrators and executives only)."""

from __future__ import annotations

from pathlib import Path

import pytest

from monitor.reports import delivery, store
from monitor.reports.months import Month
from tests.conftest import csrf_token
from tests.factories import make_patent, make_product, make_trademark

PDF = b"%PDF-1.4\n% a tiny report\n%%EOF\n"


def instance(app) -> Path:
    return Path(app.config["INSTANCE_DIR"])


@pytest.fixture
def kept(app) -> Path:
    """The November 2026 report in English (PDF) and Chinese (HTML), and a secret beside them."""
    store.save_report(instance(app), Month(2026, 11), "en", "pdf", PDF)
    store.save_report(instance(app), Month(2026, 11), "zh", "html", "<h1>月报</h1>".encode())
    store.save_report(instance(app), Month(2026, 10), "en", "html", b"<h1>October</h1>")
    (instance(app) / "secret.txt").write_text("not for download")
    return instance(app)


def test_the_page_needs_a_login(client, kept):
    for path in ("/reports", "/reports/2026-11/en.pdf"):
        resp = client.get(path)
        assert resp.status_code == 302 and "/login" in resp.headers["Location"], path


def test_the_kept_reports_are_listed_by_month(client, login, kept):
    login("brand_manager")
    html = client.get("/reports").get_data(as_text=True)
    assert html.index('data-month="2026-11"') < html.index('data-month="2026-10"')  # newest first
    november = html[html.index('data-month="2026-11"') : html.index('data-month="2026-10"')]
    assert 'href="/reports/2026-11/en.pdf"' in november
    assert 'href="/reports/2026-11/zh.html"' in november
    assert 'href="/reports/2026-11/zh.pdf"' not in november  # not written: no link
    assert 'href="/reports/2026-10/en.html"' in html


def test_an_empty_store_says_when_reports_come(client, login):
    login("executive")
    html = client.get("/reports").get_data(as_text=True)
    assert 'data-testid="no-reports"' in html


@pytest.mark.parametrize(
    ("path", "kind", "body"),
    [
        pytest.param("/reports/2026-11/en.pdf", "application/pdf", PDF, id="pdf"),
        pytest.param(
            "/reports/2026-11/zh.html",
            "text/html; charset=utf-8",
            "<h1>月报</h1>".encode(),
            id="html",
        ),
    ],
)
def test_a_report_downloads_as_an_attachment(client, login, kept, path, kind, body):
    login("legal")
    with client.get(path) as resp:
        assert resp.status_code == 200
        assert resp.headers["Content-Type"] == kind
        name = path.rsplit("/", 1)[1]
        disposition = f"attachment; filename=ipwatch-2026-11-{name}"
        assert resp.headers["Content-Disposition"] == disposition
        assert resp.data == body
        assert resp.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/reports/2026-11/zh.pdf", id="not-written"),
        pytest.param("/reports/2026-11/fr.pdf", id="unknown-language"),
        pytest.param("/reports/2026-11/en.exe", id="unknown-format"),
        pytest.param("/reports/2026-11/en.pdf.txt", id="extra-suffix"),
        pytest.param("/reports/../secret.txt", id="dot-dot"),
        pytest.param("/reports/..%2Fsecret.txt/en.pdf", id="encoded-slash"),
        pytest.param("/reports/../../instance/en.pdf", id="dot-dot-month"),
        pytest.param("/reports/..%2F..%2F2026-11/en.pdf", id="encoded-dot-dot"),
        pytest.param("/reports/2026-11%00/en.pdf", id="nul"),
    ],
)
def test_only_kept_reports_download(client, login, kept, path):
    login("executive")
    resp = client.get(path)
    assert resp.status_code in (400, 404), path
    assert b"not for download" not in resp.data


def test_the_build_form_shows_for_those_who_may_build(client, login, make_user):
    login("legal")
    assert 'data-testid="build-report"' not in client.get("/reports").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": csrf_token(client, "/reports")})
    login("executive")
    assert 'data-testid="build-report"' in client.get("/reports").get_data(as_text=True)


def test_building_without_the_csrf_token_is_refused(client, login, monkeypatch):
    calls = []
    monkeypatch.setattr(delivery, "build_reports", lambda month: calls.append(month) or [])
    login("executive")
    resp = client.post("/reports/build", data={"month": "2026-11"})
    assert resp.status_code == 400 and calls == []


def test_legal_staff_may_not_build(client, login, monkeypatch):
    calls = []
    monkeypatch.setattr(delivery, "build_reports", lambda month: calls.append(month) or [])
    login("legal")
    token = csrf_token(client, "/reports")
    resp = client.post("/reports/build", data={"month": "2026-11", "csrf_token": token})
    assert resp.status_code == 403 and calls == []


def test_an_executive_builds_a_month_and_downloads_it(client, login, app, session):
    drill = make_product(session, product_id="P-DRILL", nice_classes=[7], markets=["CN", "DE"])
    make_patent(session, products=[drill])
    make_trademark(session, office="CN", nice_classes=[7])
    session.commit()
    login("executive")
    month = Month.of(local_today(app)).previous()
    token = csrf_token(client, "/reports")
    resp = client.post("/reports/build", data={"month": str(month), "csrf_token": token})
    assert resp.status_code == 303 and resp.headers["Location"].endswith("/reports")
    html = client.get("/reports").get_data(as_text=True)
    assert f"Built the reports of {month}" in html
    assert f"ipwatch-{month}-zh.pdf" in html
    with client.get(f"/reports/{month}/zh.pdf") as pdf:
        assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
        disposition = f"attachment; filename=ipwatch-{month}-zh.pdf"
        assert pdf.headers["Content-Disposition"] == disposition


def test_a_failed_build_says_why(client, login, monkeypatch):
    def fail(month):
        raise RuntimeError("no fonts for Chinese")

    monkeypatch.setattr(delivery, "build_reports", fail)
    login("admin")
    token = csrf_token(client, "/reports")
    resp = client.post(
        "/reports/build", data={"month": "2026-10", "csrf_token": token}, follow_redirects=True
    )
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200
    assert "could not be built: no fonts for Chinese" in html and 'class="flash error"' in html


@pytest.mark.parametrize(
    ("month", "words"),
    [
        pytest.param("2026-13", "Pick a month", id="not-a-month"),
        pytest.param("2999-01", "has not ended", id="future"),
    ],
)
def test_a_month_that_cannot_be_built_is_refused(client, login, monkeypatch, month, words):
    calls = []
    monkeypatch.setattr(delivery, "build_reports", lambda month: calls.append(month) or [])
    login("executive")
    token = csrf_token(client, "/reports")
    resp = client.post(
        "/reports/build", data={"month": month, "csrf_token": token}, follow_redirects=True
    )
    assert words in resp.get_data(as_text=True) and calls == []


def local_today(app):
    from monitor.reports import service

    with app.app_context():
        return service.local_today()


def test_this_month_is_built_once_it_has_ended(client, login, app, monkeypatch):
    calls = []
    monkeypatch.setattr(delivery, "build_reports", lambda month: calls.append(month) or [])
    login("executive")
    month = Month.of(local_today(app))
    token = csrf_token(client, "/reports")
    resp = client.post(
        "/reports/build", data={"month": str(month), "csrf_token": token}, follow_redirects=True
    )
    html = resp.get_data(as_text=True)
    assert f"{month} has not ended" in html and month.next().first_day.isoformat() in html
    assert calls == []
