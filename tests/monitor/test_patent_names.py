"""Patent numbers that carry their country (EP3612345, US11245678B2, CN202110123456.7) are shown
once with it, never "EP EP3612345", on the patent pages, the families pages and the exports; the
families page is a matrix of family x office; a family page says each gap once."""

from __future__ import annotations

import csv
import datetime as dt
import html as htmllib
import io
import re

import pytest
from sqlmodel import Session

from coverage.portfolio import bump_revision
from monitor.patent_wording import patent_name, shown_label
from tests.factories import make_patent, make_product, make_trademark

AS_OF = "2026-03-01"
D = dt.date
DOUBLED = re.compile(r"\b(CN CN|EP EP|US US|WO PCT|WO WO)")


@pytest.mark.parametrize(
    ("office", "number", "shown"),
    [
        ("CN", "ZL201810234567.X", "CN ZL201810234567.X"),
        ("CN", "CN202110123456.7", "CN202110123456.7"),
        ("EP", "EP3612345", "EP3612345"),
        ("EP", "3612345", "EP 3612345"),
        ("US", "US11245678B2", "US11245678B2"),
        ("US", "18/345678", "US 18/345678"),
        ("WO", "PCT/CN2025/123456", "PCT/CN2025/123456"),
        ("WO", "WO2025123456", "WO2025123456"),
        ("JP", "2021-500001", "JP 2021-500001"),
        ("CN", "CNX123", "CN CNX123"),
    ],
    ids=[
        "cn-zl-number-needs-its-office",
        "cn-number-carries-it",
        "ep-number-carries-it",
        "bare-ep-number",
        "us-number-with-kind-code-carries-it",
        "us-application-number-needs-it",
        "pct-number-names-its-office",
        "wo-publication-carries-it",
        "jp-number-needs-it",
        "letters-after-the-code-are-not-the-office",
    ],
)
def test_a_patent_is_named_with_its_country_once(office, number, shown):
    assert patent_name(office, number) == shown
    assert shown_label(f"{office} {number}") == shown


def build(session: Session) -> None:
    """F-ONE: CN202110123456.7, EP3612345 (validated in DE), US11245678B2 for P-DRILL sold in
    CN DE FR US JP (FR and JP left open). F-TWO: a PCT application and a CN ZL patent for P-SAW
    sold in CN VN."""
    drill = make_product(session, product_id="P-DRILL", markets=["CN", "DE", "FR", "US", "JP"])
    saw = make_product(session, product_id="P-SAW", markets=["CN", "VN"])
    make_trademark(session, brand="KANGDA")
    one = {"family_id": "F-ONE", "filing_date": D(2021, 1, 20), "grant_date": D(2023, 1, 1)}
    make_patent(session, [drill], patent_no="CN202110123456.7", **one)
    make_patent(session, [drill], office="EP", patent_no="EP3612345", designations=["DE"], **one)
    make_patent(session, [drill], office="US", patent_no="US11245678B2", **one)
    make_patent(session, [saw], patent_no="ZL201810234567.X", family_id="F-TWO")
    make_patent(
        session,
        [saw],
        office="WO",
        patent_no="PCT/CN2025/123456",
        status="pending",
        filing_date=D(2025, 9, 18),
        priority_date=D(2024, 10, 8),
        grant_date=None,
        family_id="F-TWO",
    )
    bump_revision(session)
    session.commit()


@pytest.fixture
def portfolio(session):
    build(session)


def get(client, path: str, **params) -> str:
    resp = client.get(path, query_string={"as_of": AS_OF, **params})
    assert resp.status_code == 200, path
    return resp.get_data(as_text=True)


def text_of(html: str) -> str:
    """What a reader sees: the page's text without tags or attributes, cells kept apart by |."""
    body = html[html.index("<main>") : html.index("</main>")]
    body = re.sub(r"</t[dh]>", " | ", body)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", body)).split())


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/patents/CN/CN202110123456.7", "CN202110123456.7"),
        ("/patents/EP/EP3612345", "EP3612345"),
        ("/patents/US/US11245678B2", "US11245678B2"),
        ("/patents/CN/ZL201810234567.X", "CN ZL201810234567.X"),
    ],
)
def test_the_patent_page_names_the_patent_once(client, login, portfolio, path, name):
    login()
    html = get(client, path)
    assert re.search(r"<h1>(.*?)</h1>", html, re.S).group(1) == name  # no title: the number
    assert f"<title>{name} · ipwatch</title>" in html
    assert not DOUBLED.search(text_of(html)), text_of(html)


def test_the_patent_page_names_the_patent_in_its_deadlines_and_delete_question(
    client, login, portfolio
):
    login()
    html = get(client, "/patents/CN/CN202110123456.7")
    assert "Annuity of CN202110123456.7" in text_of(html)
    assert 'data-confirm="Delete patent CN202110123456.7?"' in html


def test_the_families_page_is_a_matrix_of_family_and_office(client, login, portfolio):
    login()
    html = get(client, "/patents/families")
    heads = re.findall(r'<th scope="col" class="office" data-office="(\w+)"', html)
    assert heads == ["WO", "CN", "EP", "US"]  # PCT first, then the home office and the EPO
    rows = dict(re.findall(r'<tr data-family="([^"]+)">(.*?)</tr>', html, re.S))
    assert list(rows) == ["F-ONE", "F-TWO"]

    def cells(row: str) -> dict[str, list[tuple[str, str]]]:
        found = re.findall(r'<td class="office-cell" data-office="(\w+)">(.*?)</td>', row, re.S)
        return {
            office: re.findall(r'data-status="(\w+)" data-patent="([^"]+)"', inner)
            for office, inner in found
        }

    assert cells(rows["F-ONE"]) == {
        "WO": [],
        "CN": [("protected", "CN202110123456.7")],
        "EP": [("protected", "EP3612345")],
        "US": [("protected", "US11245678B2")],
    }
    assert cells(rows["F-TWO"]) == {
        "WO": [("pending", "PCT/CN2025/123456")],
        "CN": [("protected", "CN ZL201810234567.X")],
        "EP": [],
        "US": [],
    }
    assert 'href="/patents/EP/EP3612345"' in rows["F-ONE"]
    uncovered = dict(re.findall(r'<tr data-family="([^"]+)">.*?data-uncovered="(\d+)"', html, re.S))
    assert uncovered == {"F-ONE": "2", "F-TWO": "0"}  # FR and JP; VN reached by the PCT
    assert ">2 of 5</a>" in rows["F-ONE"]
    assert not DOUBLED.search(text_of(html))


def test_the_families_page_in_chinese(client, login, portfolio):
    login()
    client.post("/locale", data={"locale": "zh", "csrf_token": _csrf(client)})
    text = text_of(get(client, "/patents/families"))
    assert "专利族" in text and "5 个中的 2 个" in text


def _csrf(client) -> str:
    from tests.conftest import csrf_token

    return csrf_token(client, "/patents")


def test_a_family_page_says_each_gap_once(client, login, portfolio):
    login()
    html = get(client, "/patents/families/F-ONE")
    text = text_of(html)
    assert "Members of this family reach 3 of the 5 markets where its products are sold." in text
    assert text.count("France") == 1 and text.count("Japan") == 1
    assert "No live member of this family reaches: France (FR), Japan (JP)." in text
    groups = {
        status: re.findall(r'data-market="(\w\w)"', row)
        for status, row in re.findall(r'<tr data-status="(\w+)">(.*?)</tr>', html, re.S)
    }
    assert groups == {"protected": ["CN", "DE", "US"]}
    numbers = re.findall(r'class="patent-link">([^<]+)</a>', html)
    assert numbers == ["CN202110123456.7", "EP3612345", "US11245678B2"]
    assert not DOUBLED.search(text)


def test_the_layout_exports_name_each_patent_once(client, login, portfolio):
    login()
    resp = client.get("/patents/layout/export", query_string={"format": "csv", "as_of": AS_OF})
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    patents = {(r["Product ID"], r["Market code"]): r["Patents reaching the market"] for r in rows}
    assert patents["P-DRILL", "CN"] == "CN202110123456.7"
    assert patents["P-DRILL", "DE"] == "EP3612345"
    assert patents["P-DRILL", "US"] == "US11245678B2"
    assert patents["P-SAW", "CN"] == "CN ZL201810234567.X, PCT/CN2025/123456"
    resp = client.get("/patents/deadlines/export", query_string={"format": "csv", "as_of": AS_OF})
    rows = list(csv.DictReader(io.StringIO(resp.get_data(as_text=True).lstrip("\ufeff"))))
    named = {(r["Patent"], r["What"]) for r in rows}
    assert ("CN202110123456.7", "Annuity of CN202110123456.7") in named
    assert ("CN ZL201810234567.X", "Annuity of CN ZL201810234567.X") in named


def test_the_layout_grid_its_tooltips_details_and_deadlines_name_each_patent_once(
    client, login, portfolio
):
    login()
    grid = get(client, "/patents/layout")
    tooltips = " ".join(htmllib.unescape(t) for t in re.findall(r'title="([^"]*)"', grid))
    assert "CN202110123456.7 (invention" in tooltips and "PCT/CN2025/123456 (" in tooltips
    assert not DOUBLED.search(text_of(grid)) and not DOUBLED.search(tooltips)
    # the pending PCT application's "why": its national phase, named once
    cell = get(client, "/patents/layout/cell", product="P-SAW", market="VN", partial="1")
    assert "PCT/CN2025/123456: PCT" in htmllib.unescape(cell)
    detail = get(client, "/patents/layout/cell", product="P-DRILL", market="DE", partial="1")
    assert ">EP3612345</a>" in detail
    for html in (cell, detail):
        assert not DOUBLED.search(" ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split()))
    deadlines = get(client, "/patents/deadlines")
    assert not DOUBLED.search(text_of(deadlines))
    assert re.findall(r'class="patent-link">(CN202110123456\.7)</a>', deadlines)
