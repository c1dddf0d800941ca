"""A case's complaint pack from the database: `ipwatch cases pack ID --out FILE.zip` and the
download at /cases/ID/pack — its listings (alerts on one listing merged), the evidence from
the store, the registrations relied on; refused for routes other than platform complaints."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import url_for
from openpyxl import load_workbook
from sqlmodel import Session

from crawlers.evidence import EvidenceStore
from infringement.cases.models import Case, CaseRegistration, Route
from infringement.models import Alert, Evidence, Observation
from tests.factories import make_trademark

NOW = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
PAGE = "<html><title>KANGDA 电钻</title></html>".encode()
PNG = b"\x89PNG\r\n\x1a\n" + b"a picture of a drill"


def make_case(session: Session, route: Route = Route.PLATFORM_COMPLAINT, **kw: Any) -> Case:
    values: dict[str, Any] = {
        "title": "Taobao KANGDA knock-offs",
        "route": route,
        "stage": "draft",
        "brand": "KANGDA",
        "owner": "legal@example.com",
        "platform": "Alibaba IPP",
        "created_by": "legal@example.com",
    }
    values.update(kw)
    case = Case(**values)
    session.add(case)
    session.flush()
    return case


def make_listing(session: Session, case: Case, n: int, **kw: Any) -> Observation:
    url = f"https://item.taobao.example/{n}"
    values: dict[str, Any] = {
        "source": "taobao",
        "kind": "listing",
        "identity": url,
        "url": url,
        "text": f"KANGDA 电钻 {n}",
        "seller": f"店铺{n}",
        "price": "¥99",
        "first_seen": NOW,
        "last_seen": NOW,
    }
    values.update(kw)
    observation = Observation(**values)
    session.add(observation)
    session.flush()
    return observation


def make_alert(session: Session, case: Case | None, observation: Observation, **kw: Any) -> Alert:
    values: dict[str, Any] = {
        "observation_id": observation.id,
        "watch_key": "KANGDA|kangda",
        "brand": "KANGDA",
        "watched_mark": "KANGDA",
        "watched_tm_no": "10000001",
        "watched_office": "CN",
        "score": 90.0,
        "reasons": ["same text after normalisation"],
        "status": "escalated",
        "case_id": case.id if case else None,
    }
    values.update(kw)
    alert = Alert(**values)
    session.add(alert)
    session.flush()
    return alert


def add_evidence(session: Session, app, observation: Observation, data: bytes, **kw: Any) -> str:
    sha = EvidenceStore(Path(app.config["INSTANCE_DIR"]) / "evidence").put(data)
    values: dict[str, Any] = {"kind": "picture", "content_type": "image/png", "bytes": len(data)}
    values.update(kw)
    session.add(Evidence(observation_id=observation.id, sha256=sha, captured_at=NOW, **values))
    session.flush()
    return sha


@pytest.fixture
def case(app, session) -> Case:
    """A platform complaint on two listings (one with two alerts) and a filing, one registration."""
    mark = make_trademark(
        session,
        tm_no="10000001",
        mark_text="KANGDA",
        nice_classes=[7],
        expiry_date=dt.date(2030, 1, 1),
    )
    case = make_case(session)
    session.add(CaseRegistration(case_id=case.id, trademark_id=mark.id))
    first = make_listing(session, case, 1)
    make_alert(session, case, first, score=80.0)
    make_alert(
        session,
        case,
        first,
        score=95.0,
        watch_key="康达|kangda",
        watched_mark="康达",
        watched_tm_no="10000002",
        reasons=["same reading"],
    )
    second = make_listing(session, case, 2)
    make_alert(session, case, second, score=85.0)
    make_alert(session, None, make_listing(session, case, 3))  # another case's listing
    filing = make_listing(session, case, 4, kind="filing", identity="CN:555")
    make_alert(session, case, filing)
    add_evidence(session, app, first, PAGE, kind="page", content_type="text/html")
    add_evidence(session, app, first, PNG)
    add_evidence(session, app, second, PNG)  # the same picture: one file in the pack
    session.commit()
    return case


def manifest_names(zf: zipfile.ZipFile) -> list[str]:
    rows = list(csv.DictReader(io.StringIO(zf.read("manifest.csv").decode("utf-8"))))
    for row in rows:
        assert hashlib.sha256(zf.read(row["file"])).hexdigest() == row["sha256"], row["file"]
        assert len(zf.read(row["file"])) == int(row["bytes"])
    assert sorted(r["file"] for r in rows) == sorted(set(zf.namelist()) - {"manifest.csv"})
    return [r["file"] for r in rows]


def test_the_command_writes_the_pack_of_the_case(runner, case, tmp_path):
    out = tmp_path / "out" / "pack.zip"
    result = runner.invoke(args=["cases", "pack", str(case.id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"wrote {out}: 2 listings in listings.xlsx, 2 evidence files" in result.stdout
    assert "filings, not listings" in result.stderr  # the filing alert is left out, and said so

    zf = zipfile.ZipFile(out)
    names = manifest_names(zf)
    page, png = hashlib.sha256(PAGE).hexdigest(), hashlib.sha256(PNG).hexdigest()
    assert {f"evidence/{page}.html", f"evidence/{png}.png"} <= set(names)
    rows = list(load_workbook(io.BytesIO(zf.read("listings.xlsx"))).worksheets[0].values)
    header, best, other = rows
    first = dict(zip(header, best, strict=True))
    assert first["链接 URL"] == "https://item.taobao.example/1"  # the best score first
    assert first["相似度 Score"] == 95.0
    assert first["我方商标 Our marks"] == "KANGDA (CN 10000001)\n康达 (CN 10000002)"
    assert first["理由 Reasons"] == "same text after normalisation\nsame reading"
    assert first["首次发现 First seen"] == "2026-03-01 16:00:00 +08:00"  # Asia/Shanghai
    assert dict(zip(header, other, strict=True))["证据文件 Evidence files"] == f"evidence/{png}.png"
    regs = list(load_workbook(io.BytesIO(zf.read("registrations.xlsx"))).worksheets[0].values)
    assert regs[1][0] == "10000001" and regs[1][2:4] == ("KANGDA", "7")
    assert regs[1][1].startswith("CN 国家知识产权局 China National Intellectual Property")
    assert regs[1][8] == "2030-01-01"  # valid until
    zh = zf.read("letter-zh.txt").decode("utf-8")
    assert "致：阿里巴巴知识产权保护平台（IPP）" in zh and "第10000001号“KANGDA”商标" in zh
    assert "共有2个商品链接" in zh and "案件编号 #" in zh
    readme = zf.read("README.txt").decode("utf-8")
    assert "trademark filings, not listings" in readme
    assert "案件中有1个告警是商标申请，不是商品链接：未列入" in readme  # in Chinese too


def test_a_route_other_than_a_platform_complaint_is_refused(runner, session, tmp_path):
    other = make_case(session, Route.CEASE_AND_DESIST)
    session.commit()
    out = tmp_path / "packs" / "pack.zip"
    result = runner.invoke(args=["cases", "pack", str(other.id), "--out", str(out)])
    assert result.exit_code == 1
    assert "is a cease_and_desist case: complaint packs are made for platform complaints" in (
        result.output
    )
    assert list(out.parent.iterdir()) == []  # no pack, not even a half-written one


def test_an_unknown_case_is_refused(runner, tmp_path):
    result = runner.invoke(args=["cases", "pack", "999", "--out", str(tmp_path / "p.zip")])
    assert result.exit_code == 1 and "there is no case 999" in result.output


def test_missing_evidence_is_named_and_the_pack_still_made(app, runner, session, case, tmp_path):
    store = EvidenceStore(Path(app.config["INSTANCE_DIR"]) / "evidence")
    lost = hashlib.sha256(PAGE).hexdigest()
    path = store.path(lost)
    path.chmod(0o644)
    path.unlink()
    out = tmp_path / "pack.zip"
    result = runner.invoke(args=["cases", "pack", str(case.id), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"check: evidence file evidence/{lost}.html" in result.stderr
    assert "missing from the evidence store" in result.stderr
    names = manifest_names(zipfile.ZipFile(out))
    assert not any(lost in name for name in names)


@pytest.mark.parametrize("role", ["legal", "admin", "brand_manager", "executive"])
def test_everyone_who_reads_cases_downloads_the_pack(client, login, case, role):
    login(role)
    resp = client.get(f"/cases/{case.id}/pack", buffered=True)  # the server closes the file
    assert resp.status_code == 200
    assert resp.mimetype == "application/zip"
    assert f"filename=case-{case.id}-pack.zip" in resp.headers["Content-Disposition"]
    zf = zipfile.ZipFile(io.BytesIO(resp.data))
    assert "listings.xlsx" in manifest_names(zf)


def test_the_download_needs_a_login_and_a_known_case(client, login, case):
    resp = client.get(f"/cases/{case.id}/pack")
    assert resp.status_code in (302, 303) and "/login" in resp.headers["Location"]
    login("legal")
    assert client.get("/cases/999/pack").status_code == 404


def test_the_download_of_another_route_says_why_it_is_refused(client, login, session):
    other = make_case(session, Route.OPPOSITION)
    session.commit()
    login("legal")
    resp = client.get(f"/cases/{other.id}/pack")
    assert resp.status_code == 409
    assert "complaint packs are made for platform complaints" in resp.get_data(as_text=True)


def test_the_case_page_button_finds_the_download_by_its_endpoint(app):
    with app.test_request_context():
        assert url_for("cases_pack.download", case_id=12) == "/cases/12/pack"
