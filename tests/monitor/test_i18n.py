"""Chinese and English: the language switch, the user's remembered choice, a complete catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from sqlmodel import select

from monitor.models import User
from tests.conftest import PASSWORD, ROOT, csrf_token
from tests.factories import make_product, make_trademark

CATALOG = ROOT / "monitor" / "translations" / "zh" / "LC_MESSAGES" / "messages.po"


def _switch(client, locale: str, next_url: str = "/products", page: str = "/products"):
    """Press the language button on `page` (the login page when logged out)."""
    return client.post(
        "/locale", data={"locale": locale, "next": next_url, "csrf_token": csrf_token(client, page)}
    )


def _nav(client, path: str = "/products") -> str:
    page = client.get(path).get_data(as_text=True)
    return page[page.index("<nav>") : page.index("</nav>")]


def test_switching_to_chinese_shows_chinese_navigation(client, login):
    login("brand_manager")
    assert "Products" in _nav(client) and "产品" not in _nav(client)
    resp = _switch(client, "zh")
    assert resp.status_code == 302 and resp.headers["Location"] == "/products"
    nav = _nav(client)
    for label in ("产品", "商标", "专利", "导入"):
        assert label in nav
    page = client.get("/products").get_data(as_text=True)
    assert '<html lang="zh-CN">' in page
    assert "退出登录" in page and 'data-testid="locale-en"' in page


def test_switching_back_to_english(client, login):
    login("brand_manager")
    _switch(client, "zh")
    _switch(client, "en")
    assert "Products" in _nav(client)


def test_the_login_page_switches_language_before_logging_in(client):
    _switch(client, "zh", "/login", page="/login")
    page = client.get("/login").get_data(as_text=True)
    assert "登录" in page and "邮箱" in page and "密码" in page


def test_the_choice_is_remembered_for_the_user(app, client, login, session):
    email = login("legal")
    _switch(client, "zh")
    session.expire_all()
    assert session.exec(select(User).where(User.email == email)).one().locale == "zh"
    other = app.test_client()  # a new browser: no session, but the profile says Chinese
    other.post(
        "/login", data={"email": email, "password": PASSWORD, "csrf_token": csrf_token(other)}
    )
    assert "商标" in _nav(other)


def test_the_browser_language_is_used_when_nothing_was_chosen(client, login):
    login("executive")
    page = client.get("/products", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    assert "产品" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    ("locale", "next_url", "status", "location"),
    [
        pytest.param("fr", "/products", 400, None, id="unknown-language-refused"),
        pytest.param("zh", "https://evil.example/", 302, "/", id="other-site-next-refused"),
        pytest.param("zh", "//evil.example", 302, "/", id="scheme-relative-next-refused"),
    ],
)
def test_the_switch_accepts_only_known_languages_and_same_site_targets(
    client, locale, next_url, status, location
):
    resp = _switch(client, locale, next_url, page="/login")
    assert resp.status_code == status
    if location:
        assert resp.headers["Location"] == location


def test_the_switch_without_csrf_token_is_refused(client):
    resp = client.post("/locale", data={"locale": "zh"})
    assert resp.status_code == 400
    assert "Products" not in client.get("/login").get_data(as_text=True)
    assert "登录" not in client.get("/login").get_data(as_text=True)


def test_chinese_pages_show_country_names_class_headings_and_statuses_in_chinese(
    client, login, session
):
    login("executive")
    make_product(session, product_id="KD-1", markets=["CN", "DE", "EU"], nice_classes=[7])
    make_trademark(session, office="CN", tm_no="123", brand="KANGDA", status="registered")
    session.commit()
    _switch(client, "zh")
    page = client.get("/products/KD-1").get_data(as_text=True)
    assert "德国" in page and "欧盟" in page
    assert "第 7 类" in page and "机械设备" in page
    assert "已注册" in page
    assert "尼斯分类" in page


def test_error_pages_speak_chinese(client, login):
    login("executive")
    _switch(client, "zh")
    resp = client.get("/products/NOPE")
    assert resp.status_code == 404
    assert "没有这个页面或记录。" in resp.get_data(as_text=True)


def test_every_message_has_a_chinese_translation():
    with Path(CATALOG).open("rb") as f:
        catalog = read_po(f, locale="zh")
    untranslated = [
        m.id
        for m in catalog
        if m.id and (not all(m.string) if isinstance(m.string, tuple) else not m.string)
    ]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [], f"untranslated: {untranslated}"
    assert fuzzy == [], f"fuzzy (check and confirm): {fuzzy}"
