"""The watch list page: per brand the watched marks (live trademarks' texts, classes,
registrations, logo) and the watch terms, which brand managers, legal staff and admins edit."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from coverage.models import WatchTerm
from tests.conftest import csrf_token
from tests.factories import make_trademark
from tests.monitor.test_alert_pages import PNG, fetch


@pytest.fixture
def marks(app, session):
    """KANGDA: a word mark in CN class 7 and a logo in class 9; LUXIN: a lapsed mark only."""
    logos = Path(app.config["INSTANCE_DIR"]) / "logos"
    logos.mkdir(parents=True)
    (logos / "kangda.png").write_bytes(PNG)
    make_trademark(session, office="CN", tm_no="10000001", nice_classes=[7])
    make_trademark(
        session,
        office="CN",
        tm_no="10000003",
        mark_text=None,
        mark_image="kangda.png",
        nice_classes=[9],
    )
    make_trademark(
        session, office="CN", tm_no="20000001", brand="LUXIN", mark_text="LUXIN", status="expired"
    )
    session.add(WatchTerm(brand="KANGDA", kind="alias", text="康达"))
    session.commit()


def add(client, **form: str):
    form.setdefault("csrf_token", csrf_token(client, "/watchlist"))
    return client.post("/watchlist/terms", data=form)


def _terms(session) -> set[tuple[str, str, str]]:
    session.expire_all()
    return {(t.brand, str(t.kind), t.text) for t in session.exec(select(WatchTerm)).all()}


def test_the_page_shows_each_brands_marks_and_terms(client, login, marks):
    login("executive")
    html = client.get("/watchlist").get_data(as_text=True)
    kangda = html[html.index('data-brand="KANGDA"') : html.index('data-brand="LUXIN"')]
    assert "CN 10000001" in kangda and "CN 10000003" in kangda and "康达" in kangda
    assert "/watchlist/logo?key=" in kangda  # the logo is at hand
    luxin = html[html.index('data-brand="LUXIN"') :]
    assert "nothing of this brand is watched" in luxin
    assert 'data-testid="add-term"' not in html and "Remove" not in html  # executives read


def test_the_logo_is_served_only_for_a_watched_mark(client, login, marks):
    login("executive")
    resp = fetch(client, "/watchlist/logo?key=KANGDA|kangda")
    assert resp.status_code == 200 and resp.mimetype == "image/png" and resp.data == PNG
    assert fetch(client, "/watchlist/logo?key=KANGDA|nope").status_code == 404
    assert fetch(client, "/watchlist/logo?key=../../secret_key").status_code == 404


def test_a_logo_path_outside_the_logo_folders_is_not_served(client, login, session):
    login("executive")
    make_trademark(session, mark_text=None, mark_image="../secret_key", brand="EVIL")
    session.commit()
    html = client.get("/watchlist").get_data(as_text=True)
    assert "logo file missing" in html
    assert fetch(client, "/watchlist/logo?key=EVIL|evil").status_code == 404


@pytest.mark.parametrize("role", ["brand_manager", "legal", "admin"])
def test_editors_add_and_remove_terms(client, login, session, marks, role):
    login(role)
    resp = add(client, brand="KANGDA", kind="exclusion", text="康达官方旗舰店", note="ours")
    assert resp.status_code == 302
    assert ("KANGDA", "exclusion", "康达官方旗舰店") in _terms(session)
    html = client.get("/watchlist").get_data(as_text=True)
    assert "康达官方旗舰店 added to KANGDA." in html
    term = session.exec(select(WatchTerm).where(WatchTerm.text == "康达")).one()
    token = csrf_token(client, "/watchlist")
    resp = client.post(f"/watchlist/terms/{term.id}/remove", data={"csrf_token": token})
    assert resp.status_code == 302
    assert ("KANGDA", "alias", "康达") not in _terms(session)
    assert (
        client.post("/watchlist/terms/9999/remove", data={"csrf_token": token}).status_code == 404
    )


@pytest.mark.parametrize(
    ("form", "says"),
    [
        pytest.param({"brand": "KANGDA", "kind": "alias", "text": "  "}, "empty", id="blank"),
        pytest.param({"brand": "KANGDA", "kind": "alias", "text": "康达"}, "already", id="repeat"),
        pytest.param({"brand": "NOBODY", "kind": "alias", "text": "x"}, "NOBODY", id="brand"),
        pytest.param({"brand": "KANGDA", "kind": "maybe", "text": "x"}, "unknown kind", id="kind"),
    ],
)
def test_refused_terms_are_form_errors(client, login, session, marks, form, says):
    login("brand_manager")
    before = _terms(session)
    resp = add(client, **form)
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert 'class="errors" role="alert"' in html and says in html
    assert _terms(session) == before


def test_readers_cannot_edit(client, login, session, marks):
    login("executive")
    assert add(client, brand="KANGDA", kind="alias", text="KD").status_code == 403
    term = session.exec(select(WatchTerm)).first()
    token = csrf_token(client, "/watchlist")
    resp = client.post(f"/watchlist/terms/{term.id}/remove", data={"csrf_token": token})
    assert resp.status_code == 403
    assert len(_terms(session)) == 1


def test_adding_without_csrf_token_is_refused(client, login, session, marks):
    login("legal")
    resp = client.post("/watchlist/terms", data={"brand": "KANGDA", "kind": "alias", "text": "KD"})
    assert resp.status_code == 400
    assert ("KANGDA", "alias", "KD") not in _terms(session)


def test_the_watch_list_needs_a_login(client):
    assert client.get("/watchlist").status_code == 302


def test_chinese_watch_list(client, login, marks):
    login("brand_manager")
    html = client.get("/watchlist", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    for label in ("监控名单", "监控的商标", "监控词", "别名", "添加"):
        assert label in html, label
