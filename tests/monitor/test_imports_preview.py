"""Importing over saved records: a preview of every change (field before → after), then Apply."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re
from pathlib import Path

from sqlmodel import select

from coverage.models import Patent, Product, ProductBase
from coverage.portfolio import save_product
from tests.conftest import csrf_token
from tests.monitor.test_imports_page import GOOD, _counts, _upload, _workbook


def _text(page: str, testid: str) -> str:
    """The visible text of the element marked `data-testid=testid`, tags dropped."""
    start = page.index(f'data-testid="{testid}"')
    end = page.find("</div>", start)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page[start:end])).split()[1:])


def _apply_form(page: str) -> tuple[str, dict[str, str]]:
    """The Apply form's action and its hidden fields."""
    form = re.search(r'<form method="post" action="(/import/[^"]+/apply)"(.*?)</form>', page, re.S)
    assert form, "no Apply form on the page"
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form.group(2)))
    return form.group(1), fields


def _lapsed() -> dict[str, list[list[object]]]:
    """GOOD with its patent lapsed (grant date kept) and the drill's name changed."""
    rows = {name: [list(r) for r in GOOD[name]] for name in GOOD}
    rows["patents"][0][3] = "lapsed"
    rows["products"][0][1] = "Cordless drill 20 V"
    return rows


def _patent(session) -> Patent:
    session.expire_all()
    return session.exec(select(Patent)).one()


def test_changes_to_saved_records_are_previewed_and_nothing_is_written(client, login, session):
    login("brand_manager")
    assert _upload(client, _workbook(GOOD)).status_code == 200

    resp = _upload(client, _workbook(_lapsed()), "changed.xlsx")

    page = resp.get_data(as_text=True)
    assert resp.status_code == 200, page[-2000:]
    preview = _text(page, "import-preview")
    assert "Nothing has been changed yet" in preview
    assert "patents CN ZL202110000001.X status: granted → lapsed" in preview
    assert "products KD-100 name: Cordless drill → Cordless drill 20 V" in preview
    assert "3 unchanged" in preview
    assert _patent(session).status == "granted"
    action, fields = _apply_form(page)
    assert fields["csrf_token"] and fields["revision"].isdigit()


def test_apply_writes_exactly_the_previewed_changes(client, login, session):
    login("brand_manager")
    _upload(client, _workbook(GOOD))
    action, fields = _apply_form(_upload(client, _workbook(_lapsed())).get_data(as_text=True))

    resp = client.post(action, data=fields)

    page = resp.get_data(as_text=True)
    assert resp.status_code == 200, page[-2000:]
    report = _text(page, "import-summary")
    assert "patents CN ZL202110000001.X status: granted → lapsed" in report
    assert _patent(session).status == "lapsed"
    assert _counts(session) == (2, 1, 2)
    assert client.post(action, data=fields).status_code == 410  # applied once; the upload is gone


def test_apply_is_refused_when_the_portfolio_changed_since_the_preview(client, login, session):
    login("brand_manager")
    _upload(client, _workbook(GOOD))
    action, fields = _apply_form(_upload(client, _workbook(_lapsed())).get_data(as_text=True))
    save_product(
        session,
        ProductBase(product_id="KD-900", name="Saw", brand="KANGDA", nice_classes=[7], markets=[]),
    )
    session.commit()

    resp = client.post(action, data=fields)

    page = resp.get_data(as_text=True)
    assert resp.status_code == 409
    assert "The portfolio changed since this preview" in page
    assert _patent(session).status == "granted"
    fresh_action, fresh = _apply_form(page)  # a fresh preview, ready to apply
    assert int(fresh["revision"]) > int(fields["revision"])
    assert client.post(fresh_action, data=fresh).status_code == 200
    assert _patent(session).status == "lapsed"


def test_apply_without_the_csrf_token_is_refused(client, login, session):
    login("brand_manager")
    _upload(client, _workbook(GOOD))
    action, fields = _apply_form(_upload(client, _workbook(_lapsed())).get_data(as_text=True))

    resp = client.post(action, data={"revision": fields["revision"]})

    assert resp.status_code == 400
    assert _patent(session).status == "granted"


def test_an_upload_older_than_an_hour_cannot_be_applied(app, client, login, session, monkeypatch):
    import monitor.uploads

    login("brand_manager")
    _upload(client, _workbook(GOOD))
    action, fields = _apply_form(_upload(client, _workbook(_lapsed())).get_data(as_text=True))
    monkeypatch.setattr(monitor.uploads, "KEEP_FOR", dt.timedelta(seconds=-1))

    resp = client.post(action, data=fields)

    assert resp.status_code == 410
    assert "upload the file again" in resp.get_data(as_text=True)
    assert _patent(session).status == "granted"


def test_another_user_cannot_apply_someone_elses_upload(app, client, login, make_user, session):
    login("brand_manager")
    _upload(client, _workbook(GOOD))
    action, fields = _apply_form(_upload(client, _workbook(_lapsed())).get_data(as_text=True))
    other = app.test_client()
    email = make_user("admin", "other@example.com")
    token = csrf_token(other)
    other.post("/login", data={"email": email, "password": "correct-horse-9", "csrf_token": token})

    resp = other.post(action, data={**fields, "csrf_token": csrf_token(other, "/import")})

    assert resp.status_code == 410
    assert _patent(session).status == "granted"


def test_a_workbook_that_only_creates_is_applied_at_once_and_lists_what_it_created(
    client, login, session
):
    login("brand_manager")

    resp = _upload(client, _workbook(GOOD))

    report = _text(resp.get_data(as_text=True), "import-summary")
    assert "created products KD-100" in report and "created trademarks WO 1600001" in report
    assert _counts(session) == (2, 1, 2)


def test_the_same_workbook_again_changes_nothing_and_says_so(app, client, login, session):
    login("brand_manager")
    _upload(client, _workbook(GOOD))

    resp = _upload(client, _workbook(GOOD))

    report = _text(resp.get_data(as_text=True), "import-summary")
    assert "No record changed" in report and "5 unchanged" in report
    session.expire_all()
    assert {p.version for p in session.exec(select(Product))} == {1}
    assert list((Path(app.config["INSTANCE_DIR"]) / "uploads").iterdir()) == []
