"""Product, trademark and patent pages: lists, details, create/edit/delete, roles, bad input."""

from __future__ import annotations

import datetime as dt
import html as htmllib
import re

import pytest
from sqlmodel import select

from coverage.models import Designation, Patent, Product, Trademark
from tests.conftest import csrf_token
from tests.factories import make_patent, make_product, make_trademark

PRODUCT_FORM = {
    "product_id": "KD-100",
    "name": "Cordless drill",
    "name_zh": "无绳电钻",
    "brand": "KANGDA",
    "nice_classes": "7;9",
    "markets": "CN;US;EU",
    "description": "",
}


def _products(session) -> list[Product]:
    session.expire_all()
    return list(session.exec(select(Product).order_by(Product.product_id)).all())


def _field_html(page: str, name: str) -> str:
    """The HTML of the form field `name`: its label, input, help and error messages."""
    start = page.find(f'data-field="{name}"')
    assert start >= 0, f"no field {name} on the page"
    ends = [i for i in (page.find("data-field=", start + 1), page.find("</form>", start)) if i > 0]
    return page[start : min(ends)]


def _post(client, path: str, data: dict, page: str | None = None):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or "/products")})


# --- products -----------------------------------------------------------------------------------


def test_brand_manager_creates_a_product_and_sees_it(client, login, session):
    login("brand_manager")
    resp = _post(client, "/products/new", PRODUCT_FORM)
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/products/KD-100"
    page = client.get("/products/KD-100").get_data(as_text=True)
    assert "Product KD-100 created." in page
    assert "Cordless drill" in page and "无绳电钻" in page
    assert "Machines, machine tools" in page  # class 7 heading
    assert "United States" in page and "European Union" in page
    assert 'href="/coverage?product=KD-100"' in page
    [product] = _products(session)
    assert (product.nice_classes, product.markets) == ([7, 9], ["CN", "US", "EU"])
    assert "KD-100" in client.get("/products").get_data(as_text=True)


def test_brand_manager_edits_a_product(client, login, session):
    login("brand_manager")
    make_product(session, product_id="KD-1", name="Angle grinder", markets=["CN"])
    session.commit()
    form = client.get("/products/edit/KD-1").get_data(as_text=True)
    assert 'name="version" value="1"' in form
    assert re.search(r'name="product_id"[^>]*value="KD-1"[^>]*readonly', form)
    data = {
        **PRODUCT_FORM,
        "product_id": "CHANGED",
        "name": "Angle grinder 2",
        "markets": "CN;VN",
        "version": "1",
    }
    resp = _post(client, "/products/edit/KD-1", data)
    assert resp.status_code == 302
    page = client.get("/products/KD-1").get_data(as_text=True)
    assert "Angle grinder 2" in page and "Vietnam" in page
    [product] = _products(session)
    assert (product.product_id, product.markets, product.version) == ("KD-1", ["CN", "VN"], 2)


def test_brand_manager_deletes_a_product(client, login, session):
    login("brand_manager")
    make_product(session, product_id="KD-9", name="Old saw")
    session.commit()
    resp = _post(client, "/products/delete/KD-9", {})
    assert resp.status_code == 302
    page = client.get("/products").get_data(as_text=True)
    assert "Product KD-9 deleted." in page
    assert "Old saw" not in page
    assert _products(session) == []


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        pytest.param("nice_classes", "7;46", "class 46 is outside 1–45", id="class-46"),
        pytest.param("markets", "CN;XX", 'unknown market "XX"', id="unknown-market-XX"),
        pytest.param("name", "", "required", id="name-missing"),
    ],
)
def test_bad_input_shows_the_reason_next_to_the_field_and_stores_nothing(
    client, login, session, field, value, reason
):
    login("brand_manager")
    resp = _post(client, "/products/new", {**PRODUCT_FORM, field: value})
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert reason in htmllib.unescape(_field_html(page, field))
    assert f'value="{value}"' in page or value == ""  # what the user typed is kept
    assert _products(session) == []


def test_creating_a_product_whose_id_exists_refuses_and_keeps_the_old_one(client, login, session):
    login("brand_manager")
    make_product(session, product_id="KD-100", name="Original")
    session.commit()
    resp = _post(client, "/products/new", PRODUCT_FORM)
    assert resp.status_code == 400
    assert "exists already" in _field_html(resp.get_data(as_text=True), "product_id")
    [product] = _products(session)
    assert (product.name, product.version) == ("Original", 1)


def test_concurrent_edit_keeps_the_first_save_and_tells_the_second(client, login, session):
    login("brand_manager")
    make_product(session, product_id="KD-5", name="Drill")
    session.commit()
    first = client.get("/products/edit/KD-5").get_data(as_text=True)
    second = client.get("/products/edit/KD-5").get_data(as_text=True)
    assert 'name="version" value="1"' in first and 'name="version" value="1"' in second
    base = {**PRODUCT_FORM, "product_id": "KD-5", "version": "1"}
    assert _post(client, "/products/edit/KD-5", {**base, "name": "Drill A"}).status_code == 302
    resp = _post(client, "/products/edit/KD-5", {**base, "name": "Drill B"})
    assert resp.status_code == 409
    assert (
        "someone else changed this record since you opened it; reload"
        in resp.get_data(as_text=True).lower()
    )
    [product] = _products(session)
    assert (product.name, product.version) == ("Drill A", 2)


def test_post_without_csrf_token_is_refused_and_stores_nothing(client, login, session):
    login("brand_manager")
    resp = client.post("/products/new", data=PRODUCT_FORM)
    assert resp.status_code == 400
    assert "CSRF" in resp.get_data(as_text=True)
    assert _products(session) == []


@pytest.mark.parametrize("role", ["executive", "legal"])
@pytest.mark.parametrize(
    ("method", "path"),
    [
        pytest.param("get", "/products/new", id="open-new-form"),
        pytest.param("post", "/products/new", id="create"),
        pytest.param("get", "/products/edit/KD-7", id="open-edit-form"),
        pytest.param("post", "/products/edit/KD-7", id="edit"),
        pytest.param("post", "/products/delete/KD-7", id="delete"),
        pytest.param("get", "/trademarks/new", id="open-new-trademark"),
        pytest.param("post", "/trademarks/delete/CN/555", id="delete-trademark"),
        pytest.param("get", "/patents/new", id="open-new-patent"),
        pytest.param("post", "/patents/delete/CN/ZL555", id="delete-patent"),
    ],
)
def test_read_only_roles_get_403_and_nothing_changes(client, login, session, role, method, path):
    login(role)
    make_product(session, product_id="KD-7", name="Planer")
    make_trademark(session, office="CN", tm_no="555")
    make_patent(session, office="CN", patent_no="ZL555")
    session.commit()
    if method == "get":
        resp = client.get(path)
    else:
        data = {**PRODUCT_FORM, "product_id": "KD-7", "name": "Hacked", "version": "1"}
        resp = _post(client, path, data)
    assert resp.status_code == 403
    assert "Your role does not allow this." in resp.get_data(as_text=True)
    [product] = _products(session)
    assert (product.name, product.version) == ("Planer", 1)
    assert session.exec(select(Trademark)).one().tm_no == "555"
    assert session.exec(select(Patent)).one().patent_no == "ZL555"


@pytest.mark.parametrize("role", ["executive", "legal"])
def test_read_only_roles_read_the_pages_without_edit_buttons(client, login, session, role):
    login(role)
    make_product(session, product_id="KD-8", name="Sander")
    session.commit()
    for path in ("/products", "/products/KD-8"):
        resp = client.get(path)
        page = resp.get_data(as_text=True)
        assert resp.status_code == 200 and "Sander" in page
        assert "/products/new" not in page and "/products/edit/" not in page
        assert "/products/delete/" not in page


def test_a_script_in_a_product_name_is_shown_as_text(client, login, session):
    login("executive")
    make_product(session, product_id="XSS", name="<script>alert(1)</script>")
    session.commit()
    for path in ("/products", "/products/XSS"):
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert(1)</script>" not in page
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_product_list_searches_filters_and_pages(client, login, session):
    login("executive")
    for n in range(30):
        make_product(session, product_id=f"A{n:03d}", name=f"Drill {n}", brand="KANGDA")
    make_product(session, product_id="H001", name="Pump", name_zh="液压泵", brand="HYDRA")
    session.commit()
    first = client.get("/products").get_data(as_text=True)
    assert "Page 1 of 2" in first and "31 records" in first
    assert "H001" in first and "A023" in first and "A024" not in first  # by brand, then id
    second = client.get("/products?page=2").get_data(as_text=True)
    assert "A024" in second and "A029" in second and "H001" not in second
    by_brand = client.get("/products?brand=HYDRA").get_data(as_text=True)
    assert "H001" in by_brand and "A000" not in by_brand
    search = client.get("/products?q=液压").get_data(as_text=True)
    assert "H001" in search and "1 record" in search
    assert "No products match." in client.get("/products?q=%25").get_data(as_text=True)
    assert client.get("/products?page=abc").status_code == 400


def test_product_detail_lists_linked_patents_and_brand_trademarks(client, login, session):
    login("executive")
    product = make_product(session, product_id="KD-2", brand="KANGDA")
    make_patent(session, products=[product], office="CN", patent_no="ZL2021.1", title="Chuck")
    make_trademark(session, office="EM", tm_no="018000001", brand="KANGDA")
    make_trademark(session, office="CN", tm_no="999", brand="OTHER")
    session.commit()
    page = client.get("/products/KD-2").get_data(as_text=True)
    assert "ZL2021.1" in page and "Chuck" in page
    assert "018000001" in page and ">999<" not in page


# --- trademarks ---------------------------------------------------------------------------------

TM_FORM = {
    "office": "WO",
    "tm_no": "1600001",
    "brand": "KANGDA",
    "mark_text": "KANGDA",
    "nice_classes": "7",
    "status": "registered",
    "filing_date": "2021-03-01",
    "registration_date": "2021-09-01",
    "expiry_date": "",
    "designations": "US:protected;JP:refused;VN",
    "basic_mark": "30000001",
}


def test_brand_manager_creates_a_madrid_mark_and_sees_its_designations(client, login, session):
    login("brand_manager")
    resp = _post(client, "/trademarks/new", TM_FORM, "/trademarks")
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/trademarks/WO/1600001"
    page = client.get("/trademarks/WO/1600001").get_data(as_text=True)
    assert "Trademark WO 1600001 created." in page
    rows = re.findall(r'<tr data-party="\w+"><td>(.*?)</td><td>.*?data-status="(\w+)"', page)
    assert [(htmllib.unescape(name).split(" <")[0], s) for name, s in rows] == [
        ("Japan", "refused"),
        ("United States", "protected"),
        ("Vietnam", "pending"),
    ]


def test_a_madrid_mark_without_designations_is_refused(client, login, session):
    login("brand_manager")
    resp = _post(client, "/trademarks/new", {**TM_FORM, "designations": ""}, "/trademarks")
    assert resp.status_code == 400
    assert "needs its designated parties" in _field_html(
        resp.get_data(as_text=True), "designations"
    )
    assert session.exec(select(Trademark)).all() == []


def test_editing_a_trademark_replaces_its_designations(client, login, session):
    login("brand_manager")
    make_trademark(
        session, designations={"US": "pending"}, office="WO", tm_no="1600002", basic_mark="30000001"
    )
    session.commit()
    form = client.get("/trademarks/edit/WO/1600002").get_data(as_text=True)
    assert 'value="US:pending"' in form
    data = {**TM_FORM, "tm_no": "1600002", "designations": "US:protected;EM", "version": "1"}
    assert _post(client, "/trademarks/edit/WO/1600002", data, "/trademarks").status_code == 302
    session.expire_all()
    parties = {d.party: d.status for d in session.exec(select(Designation)).all()}
    assert parties == {"US": "protected", "EM": "pending"}


def test_trademark_list_filters_by_status_and_office(client, login, session):
    login("legal")
    make_trademark(session, office="CN", tm_no="111", status="registered")
    make_trademark(session, office="CN", tm_no="222", status="pending")
    make_trademark(session, office="US", tm_no="333", status="registered")
    session.commit()
    page = client.get("/trademarks?status=pending").get_data(as_text=True)
    assert ">222<" in page and ">111<" not in page and ">333<" not in page
    page = client.get("/trademarks?office=US").get_data(as_text=True)
    assert ">333<" in page and ">111<" not in page
    assert client.get("/trademarks?status=alive").status_code == 400


def test_brand_manager_deletes_a_trademark(client, login, session):
    login("brand_manager")
    make_trademark(
        session, designations={"US": "protected"}, office="WO", tm_no="1600003", basic_mark="1"
    )
    session.commit()
    assert _post(client, "/trademarks/delete/WO/1600003", {}, "/trademarks").status_code == 302
    assert session.exec(select(Trademark)).all() == []
    assert session.exec(select(Designation)).all() == []


# --- patents ------------------------------------------------------------------------------------

PATENT_FORM = {
    "office": "CN",
    "patent_no": "ZL202110000001.X",
    "kind": "utility_model",
    "status": "granted",
    "filing_date": "2021-01-05",
    "grant_date": "2021-08-10",
    "priority_date": "",
    "expiry_date": "",
    "title": "Battery latch",
    "family_id": "",
    "products": "KD-3",
    "designations": "",
}


def test_brand_manager_creates_a_patent_linked_to_a_product(client, login, session):
    login("brand_manager")
    make_product(session, product_id="KD-3", name="Impact driver")
    session.commit()
    resp = _post(client, "/patents/new", PATENT_FORM, "/patents")
    assert resp.status_code == 302
    page = client.get(resp.headers["Location"]).get_data(as_text=True)
    assert "Battery latch" in page and "utility model" in page
    assert "Impact driver" in page
    assert "ZL202110000001.X" in client.get("/products/KD-3").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        pytest.param(
            {"products": "NOPE"}, "products", 'unknown product "NOPE"', id="unknown-product"
        ),
        pytest.param(
            {"filing_date": "2023-02-30"},
            "filing_date",
            "February 2023 has 28 days",
            id="impossible-date",
        ),
        pytest.param(
            {"grant_date": "2020-01-01"},
            "grant_date",
            "before the filing date",
            id="grant-before-filing",
        ),
    ],
)
def test_bad_patent_input_is_shown_at_its_field(client, login, session, changes, field, reason):
    login("brand_manager")
    make_product(session, product_id="KD-3")
    session.commit()
    resp = _post(client, "/patents/new", {**PATENT_FORM, **changes}, "/patents")
    assert resp.status_code == 400
    assert reason in htmllib.unescape(_field_html(resp.get_data(as_text=True), field))
    assert session.exec(select(Patent)).all() == []


def test_patent_with_a_slash_in_its_number_opens_edits_and_deletes(client, login, session):
    login("brand_manager")
    make_patent(
        session,
        office="WO",
        patent_no="PCT/CN2024/000123",
        kind="invention",
        status="pending",
        grant_date=None,
        priority_date=dt.date(2023, 12, 1),
    )
    session.commit()
    assert client.get("/patents/WO/PCT/CN2024/000123").status_code == 200
    form = client.get("/patents/edit/WO/PCT/CN2024/000123").get_data(as_text=True)
    assert 'value="2023-12-01"' in form
    data = {
        **PATENT_FORM,
        "office": "WO",
        "patent_no": "PCT/CN2024/000123",
        "kind": "invention",
        "status": "pending",
        "filing_date": "2024-01-10",
        "grant_date": "",
        "priority_date": "2023-12-01",
        "products": "",
        "title": "Gearbox",
        "version": "1",
    }
    assert _post(client, "/patents/edit/WO/PCT/CN2024/000123", data, "/patents").status_code == 302
    session.expire_all()
    assert session.exec(select(Patent)).one().title == "Gearbox"
    assert _post(client, "/patents/delete/WO/PCT/CN2024/000123", {}, "/patents").status_code == 302
    assert session.exec(select(Patent)).all() == []


def test_patent_list_filters_by_kind(client, login, session):
    login("executive")
    make_patent(session, office="CN", patent_no="ZLDESIGN", kind="design")
    make_patent(session, office="CN", patent_no="ZLINVENT", kind="invention")
    session.commit()
    page = client.get("/patents?kind=design").get_data(as_text=True)
    assert "ZLDESIGN" in page and "ZLINVENT" not in page
    assert client.get("/patents?kind=plant").status_code == 400


@pytest.mark.parametrize(
    ("chinese", "created", "saved", "deleted"),
    [
        pytest.param(
            False,
            "Patent CN ZL202110000001.X created.",
            "Patent CN ZL202110000001.X saved.",
            "Patent CN ZL202110000001.X deleted.",
            id="english",
        ),
        pytest.param(
            True,
            "已创建专利 CN ZL202110000001.X。",
            "已保存专利 CN ZL202110000001.X。",
            "已删除专利 CN ZL202110000001.X。",
            id="chinese-messages-translated-when-shown",
        ),
    ],
)
def test_patent_create_save_and_delete_say_what_they_did(
    client, login, session, chinese, created, saved, deleted
):
    login("brand_manager")
    make_product(session, product_id="KD-3")
    session.commit()
    if chinese:
        _chinese(client)
    resp = _post(client, "/patents/new", PATENT_FORM, "/patents")
    assert resp.headers["Location"] == "/patents/CN/ZL202110000001.X"
    assert created in client.get(resp.headers["Location"]).get_data(as_text=True)
    edit = {**PATENT_FORM, "title": "Latch 2", "version": "1"}
    resp = _post(client, "/patents/edit/CN/ZL202110000001.X", edit, "/patents")
    assert resp.headers["Location"] == "/patents/CN/ZL202110000001.X"
    assert saved in client.get(resp.headers["Location"]).get_data(as_text=True)
    resp = _post(client, "/patents/delete/CN/ZL202110000001.X", {}, "/patents")
    assert resp.headers["Location"] == "/patents"
    assert deleted in client.get(resp.headers["Location"]).get_data(as_text=True)


def test_editing_keeps_what_only_imports_set(client, login, session):
    login("brand_manager")
    make_patent(session, office="CN", patent_no="ZLPAID", annuity_paid_until=dt.date(2027, 1, 1))
    make_trademark(session, office="CN", tm_no="777", mark_image="logos/kangda.png")
    session.commit()
    patent_form = {**PATENT_FORM, "patent_no": "ZLPAID", "products": "", "version": "1"}
    assert _post(client, "/patents/edit/CN/ZLPAID", patent_form, "/patents").status_code == 302
    tm_form = {**TM_FORM, "office": "CN", "tm_no": "777", "designations": "", "basic_mark": ""}
    tm_form["version"] = "1"
    assert _post(client, "/trademarks/edit/CN/777", tm_form, "/trademarks").status_code == 302
    session.expire_all()
    patent, tm = session.exec(select(Patent)).one(), session.exec(select(Trademark)).one()
    assert (patent.annuity_paid_until, patent.title, patent.version) == (
        dt.date(2027, 1, 1),
        "Battery latch",
        2,
    )
    assert (tm.mark_image, tm.registration_date, tm.version) == (
        "logos/kangda.png",
        dt.date(2021, 9, 1),
        2,
    )


# --- form errors in Chinese ---------------------------------------------------------------------


def _chinese(client) -> None:
    token = csrf_token(client, "/products")
    resp = client.post("/locale", data={"locale": "zh", "next": "/products", "csrf_token": token})
    assert resp.status_code == 302


@pytest.mark.parametrize(
    ("path", "form", "field", "reason"),
    [
        pytest.param(
            "/products/new",
            {**PRODUCT_FORM, "nice_classes": "7;46"},
            "nice_classes",
            "第 46 类不在 1–45 之内（尼斯分类为第 1 至 45 类）",
            id="product-class-46",
        ),
        pytest.param(
            "/products/new",
            {**PRODUCT_FORM, "name": ""},
            "name",
            "必填：此项为空",
            id="product-name-missing",
        ),
        pytest.param(
            "/patents/new",
            {**PATENT_FORM, "grant_date": "2020-01-01"},
            "grant_date",
            "授权日 2020-01-01 早于申请日 2021-01-05",
            id="patent-grant-before-filing",
        ),
        pytest.param(
            "/patents/new",
            {**PATENT_FORM, "products": "NOPE"},
            "products",
            '未知产品 "NOPE"：请先创建该产品',
            id="patent-linked-to-unknown-product",
        ),
        pytest.param(
            "/trademarks/new",
            {**TM_FORM, "designations": "US;SN"},
            "designations",
            "“SN”本身不是马德里体系缔约方；请改为指定 OA",
            id="madrid-oapi-state-designated-directly",
        ),
    ],
)
def test_form_errors_are_shown_in_chinese(client, login, session, path, form, field, reason):
    login("brand_manager")
    make_product(session, product_id="KD-3")
    session.commit()
    _chinese(client)
    resp = _post(client, path, form)
    assert resp.status_code == 400
    assert reason in htmllib.unescape(_field_html(resp.get_data(as_text=True), field))


def test_a_concurrent_edit_is_explained_in_chinese(client, login, session):
    login("brand_manager")
    make_product(session, product_id="KD-5", name="Drill")
    session.commit()
    _chinese(client)
    base = {**PRODUCT_FORM, "product_id": "KD-5", "version": "1"}
    assert _post(client, "/products/edit/KD-5", {**base, "name": "Drill A"}).status_code == 302
    resp = _post(client, "/products/edit/KD-5", {**base, "name": "Drill B"})
    assert resp.status_code == 409
    assert "在您打开后，其他人修改了这条记录；请刷新后再改" in resp.get_data(as_text=True)


def test_madrid_mark_page_explains_a_central_attack(client, login, session):
    """The designations say protected, but the basic mark fell: the page must say they lapsed."""
    import datetime as dt

    from tests.factories import make_trademark

    today = dt.date.today()
    make_trademark(session, office="CN", tm_no="900", status="cancelled")
    make_trademark(
        session,
        office="WO",
        tm_no="1700001",
        basic_mark="900",
        filing_date=today - dt.timedelta(days=400),
        registration_date=today - dt.timedelta(days=400),
        designations={"US": "protected"},
    )
    session.commit()
    login("legal")
    page = client.get("/trademarks/WO/1700001").get_data(as_text=True)
    assert 'data-testid="central-attack"' in page
    us_row = page[page.index('data-party="US"') :]
    us_row = us_row[: us_row.index("</tr>")]
    assert 'data-status="protected"' in us_row and 'data-status="lapsed"' in us_row
    assert '<a href="/trademarks/CN/900">CN 900</a>' in page


def test_trademark_page_shows_the_derived_expiry(client, login, session):
    import datetime as dt

    from tests.factories import make_trademark

    make_trademark(session, office="CN", tm_no="901", registration_date=dt.date(2020, 1, 1))
    session.commit()
    login("executive")
    page = client.get("/trademarks/CN/901").get_data(as_text=True)
    expiry = page[page.index('data-testid="expiry"') :]
    assert expiry.split("</dd>")[0].count("2029-12-31") == 1  # CN: the day before the anniversary
    assert "10 years from registration" in expiry.split("</dd>")[0]
