"""The alerts pages and the evidence route: best first, filters, what was observed beside our
mark, filings' opposition deadlines, change history, evidence that is never served as HTML."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session

from crawlers.evidence import EvidenceStore
from infringement.models import Alert, Evidence, Observation, ObservationChange

NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)


def make_observation(session: Session, **overrides: Any) -> Observation:
    """A marketplace listing (or, with kind="filing", a gazette filing)."""
    url = overrides.pop("url", f"http://shop.example/item/{overrides.get('text', 'x')}")
    values: dict[str, Any] = {
        "source": "demo-market",
        "kind": "listing",
        "identity": url,
        "text": "KANGDA drill",
        "url": url,
        "seller": "Some Shop",
        "price": "¥99",
        "first_seen": NOW,
        "last_seen": NOW,
    }
    values.update(overrides)
    observation = Observation(**values)
    session.add(observation)
    session.flush()
    return observation


def make_alert(session: Session, observation: Observation | None = None, **overrides: Any) -> Alert:
    """An alert on the KANGDA mark (CN 10000001) for `observation` (a new listing by default)."""
    observation = observation or make_observation(session)
    values: dict[str, Any] = {
        "observation_id": observation.id,
        "watch_key": "KANGDA|kangda",
        "brand": "KANGDA",
        "watched_mark": "KANGDA",
        "watched_tm_no": "10000001",
        "watched_office": "CN",
        "score": 90.0,
        "reasons": ["same text after normalisation"],
        "first_seen": NOW,
        "last_seen": NOW,
    }
    values.update(overrides)
    alert = Alert(**values)
    session.add(alert)
    session.flush()
    return alert


def store(app, data: bytes) -> str:
    """Put `data` in the app's evidence store; return its SHA-256."""
    return EvidenceStore(Path(app.config["INSTANCE_DIR"]) / "evidence").put(data)


def add_evidence(session: Session, app, observation: Observation, data: bytes, **kw: Any) -> str:
    sha = store(app, data)
    values: dict[str, Any] = {"kind": "picture", "content_type": "image/png", "bytes": len(data)}
    values.update(kw)
    session.add(Evidence(observation_id=observation.id, sha256=sha, captured_at=NOW, **values))
    session.flush()
    return sha


def fetch(client, path: str):
    """GET `path`, read the body and close the response (a sent file is closed with it)."""
    resp = client.get(path)
    resp.get_data()
    resp.close()
    return resp


def _rows(html: str) -> list[str]:
    """The alert ids of the list, in order."""
    return re.findall(r'data-alert="(\d+)"', html)


def test_the_list_shows_alerts_best_first_with_both_sides(client, login, session):
    login("executive")
    low = make_alert(session, make_observation(session, text="KANGDAA saw"), score=72.5)
    high = make_alert(session, make_observation(session, text="KANGDA drill"), score=96.0)
    session.commit()
    html = client.get("/alerts").get_data(as_text=True)
    assert _rows(html) == [str(high.id), str(low.id)]
    assert "96.0" in html and "72.5" in html and "same text after normalisation" in html
    assert "CN 10000001" in html and "Some Shop" in html and "¥99" in html
    assert 'rel="noopener noreferrer nofollow"' in html


def test_html_in_an_observed_title_is_escaped(client, login, session):
    login("executive")
    alert = make_alert(session, make_observation(session, text='<script>alert("x")</script>KANGDA'))
    session.commit()
    for path in ("/alerts", f"/alerts/{alert.id}"):
        html = client.get(path).get_data(as_text=True)
        assert '<script>alert("x")' not in html
        assert "&lt;script&gt;alert(" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        pytest.param({"status": "dismissed"}, ["gazette"], id="status"),
        pytest.param({"kind": "filing"}, ["gazette"], id="kind-filing"),
        pytest.param({"source": "other-market"}, ["other"], id="source"),
        pytest.param({"brand": "LUXIN"}, ["other"], id="brand"),
        pytest.param({"min_score": "80"}, ["best", "gazette"], id="min-score"),
        pytest.param({"q": "best"}, ["best"], id="text-in-title"),
    ],
)
def test_filters_narrow_the_list(client, login, session, query, expected):
    login("executive")
    ids = {
        "best": make_alert(session, make_observation(session, text="best KANGDA"), score=95),
        "other": make_alert(
            session,
            make_observation(session, text="LUXlN", source="other-market"),
            brand="LUXIN",
            score=70,
        ),
        "gazette": make_alert(
            session,
            make_observation(session, kind="filing", text="KANGDAR", identity="CN:555", url=None),
            status="dismissed",
            score=85,
        ),
    }
    session.commit()
    html = client.get("/alerts", query_string=query).get_data(as_text=True)
    assert _rows(html) == [str(ids[name].id) for name in expected]


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ({"status": "maybe"}, "status"),
        ({"kind": "shop"}, "kind"),
        ({"min_score": "lots"}, "min_score"),
        ({"min_score": "101"}, "min_score"),
        ({"page": "0"}, "page"),
    ],
)
def test_bad_filters_get_400_naming_the_parameter(client, login, query, word):
    login("executive")
    resp = client.get("/alerts", query_string=query)
    assert resp.status_code == 400
    assert word in resp.get_data(as_text=True)


def test_the_list_is_paginated(client, login, session):
    login("executive")
    for n in range(30):
        make_alert(session, make_observation(session, text=f"KANGDA {n}"), score=50 + n)
    session.commit()
    first = client.get("/alerts").get_data(as_text=True)
    second = client.get("/alerts", query_string={"page": 2}).get_data(as_text=True)
    assert len(_rows(first)) == 25 and len(_rows(second)) == 5
    assert not set(_rows(first)) & set(_rows(second))
    assert "30 records" in first and 'rel="next"' in first


def test_filings_show_the_opposition_deadline_and_days_left(client, login, session):
    login("legal")
    filing = make_observation(
        session,
        kind="filing",
        text="KANGDAR",
        identity="CN:70000001",
        url=None,
        office="CN",
        application_no="70000001",
        applicant="Copycat Ltd",
        filing_status="published",
    )
    open_alert = make_alert(session, filing, opposition_deadline=dt.date(2026, 3, 11))
    late = make_observation(session, kind="filing", text="KANGDAH", identity="CN:2", url=None)
    closed = make_alert(session, late, opposition_deadline=dt.date(2026, 2, 1))
    session.commit()
    html = client.get(f"/alerts/{open_alert.id}?as_of=2026-03-01").get_data(as_text=True)
    assert "70000001" in html and "Copycat Ltd" in html and "published" in html
    assert "2026-03-11" in html and "10 days left" in html
    html = client.get(f"/alerts/{closed.id}?as_of=2026-03-01").get_data(as_text=True)
    assert "window passed — invalidation may still be open" in html


def test_the_detail_page_shows_changes_and_evidence(app, client, login, session):
    login("executive")
    observation = make_observation(session, text="KANGDA drill v2")
    alert = make_alert(session, observation)
    session.add(
        ObservationChange(
            observation_id=observation.id,
            version=2,
            at=NOW,
            changes={"price": ["¥120", "¥99"], "text": ["KANGDA drill", "KANGDA drill v2"]},
        )
    )
    sha = add_evidence(session, app, observation, PNG, url="http://img.example/1.png")
    session.commit()
    html = client.get(f"/alerts/{alert.id}").get_data(as_text=True)
    assert "¥120" in html and "KANGDA drill v2" in html
    assert sha in html and "http://img.example/1.png" in html
    assert f'src="/evidence/{sha}"' in html  # the listing's picture
    assert client.get("/alerts/99999").status_code == 404


def test_evidence_pictures_are_served_as_pictures(app, client, login, session):
    login("executive")
    sha = add_evidence(session, app, make_observation(session), PNG)
    session.commit()
    resp = fetch(client, f"/evidence/{sha}")
    assert resp.status_code == 200 and resp.data == PNG
    assert resp.mimetype == "image/png"
    assert resp.headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("kind", "content_type", "served"),
    [
        pytest.param("page", "text/html; charset=utf-8", "text/plain", id="page-as-text"),
        pytest.param("record", "application/xml", "text/plain", id="record-as-text"),
        pytest.param("picture", "text/html", "application/octet-stream", id="fake-picture"),
        pytest.param("picture", "image/svg+xml", "application/octet-stream", id="svg-picture"),
    ],
)
def test_evidence_is_never_served_as_html(app, client, login, session, kind, content_type, served):
    login("executive")
    data = b"<html><script>alert(document.cookie)</script></html>"
    sha = add_evidence(
        session, app, make_observation(session), data, kind=kind, content_type=content_type
    )
    session.commit()
    resp = fetch(client, f"/evidence/{sha}")
    assert resp.status_code == 200
    assert resp.mimetype == served
    assert resp.headers["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in resp.headers["Content-Security-Policy"]
    if served == "application/octet-stream":
        assert resp.headers["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("sha", "status"),
    [
        pytest.param("abc", 400, id="too-short"),
        pytest.param("G" * 64, 400, id="not-hex"),
        pytest.param("A" * 64, 400, id="upper-case"),
        pytest.param("..." + "a" * 61, 400, id="dots"),
        pytest.param(hashlib.sha256(b"nothing").hexdigest(), 404, id="unknown"),
    ],
)
def test_evidence_refuses_bad_and_unknown_names(client, login, sha, status):
    login("executive")
    assert client.get(f"/evidence/{sha}").status_code == status


def test_evidence_stored_but_not_recorded_is_not_served(app, client, login):
    login("executive")
    sha = store(app, PNG)  # a file in the store with no Evidence row
    assert client.get(f"/evidence/{sha}").status_code == 404


@pytest.mark.parametrize("path", ["/alerts", "/alerts/1", "/evidence/" + "a" * 64])
def test_alert_pages_need_a_login(client, path):
    resp = client.get(path)
    assert resp.status_code == 302 and "/login" in resp.headers["Location"]


def test_chinese_alert_page(client, login, session):
    login("executive")
    make_alert(session)
    session.commit()
    html = client.get("/alerts", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(
        as_text=True
    )
    for label in ("告警", "我方商标", "得分", "电商商品", 'data-status="new">新<'):
        assert label in html, label
