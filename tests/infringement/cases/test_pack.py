"""The complaint pack built from plain records: its files, spreadsheets in batches of at most
300 listings, the evidence copied only when it still matches its hash, the manifest, and the
letters in Chinese and English. No database, no Flask."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from infringement.cases.letters import compose_letters, letter_problems
from infringement.cases.pack import write_pack
from infringement.cases.pack_content import (
    CaseFacts,
    EvidenceItem,
    ListingItem,
    PackContent,
    PackResult,
    RegistrationItem,
    listing_sheet_names,
)
from infringement.cases.pack_sheets import LISTING_COLUMNS
from infringement.cases.platforms import find_platform

TODAY = dt.date(2026, 3, 2)
MADE = dt.datetime(2026, 3, 2, 1, 30, tzinfo=dt.UTC)
SEEN = dt.datetime(2026, 2, 20, 8, 0, tzinfo=dt.UTC)
PAGE = "<html><body>KANGDA 电钻 正品</body></html>".encode()
PNG = b"\x89PNG\r\n\x1a\n" + b"picture bytes"
CASE = CaseFacts(
    case_id=7,
    title="淘宝 KANGDA 仿冒电钻",
    route="platform_complaint",
    stage="draft",
    brand="KANGDA",
    owner="legal@example.com",
    platform="Alibaba IPP",
)
KANGDA = RegistrationItem(
    number="10000001",
    office="CN",
    brand="KANGDA",
    status="registered",
    filing_date=dt.date(2019, 1, 1),
    mark="KANGDA 康达",
    classes=(7, 8),
    office_name_en="China National Intellectual Property Administration (CNIPA)",
    office_name_zh="中国国家知识产权局",
    registration_date=dt.date(2020, 1, 1),
    expiry_date=dt.date(2030, 1, 1),
)


def store(folder: Path, data: bytes) -> tuple[str, Path]:
    sha = hashlib.sha256(data).hexdigest()
    path = folder / sha[:2] / sha
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return sha, path


def evidence(folder: Path, data: bytes, kind: str, content_type: str) -> EvidenceItem:
    sha, path = store(folder, data)
    return EvidenceItem(
        sha256=sha,
        kind=kind,
        path=path,
        content_type=content_type,
        url="https://item.taobao.example/1",
        captured_at=SEEN,
        bytes=len(data),
    )


def listing(n: int, ev: tuple[EvidenceItem, ...] = (), **overrides: object) -> ListingItem:
    values: dict[str, object] = {
        "url": f"https://item.taobao.example/{n}",
        "title": f"KANGDA 康达电钻 {n}",
        "source": "taobao",
        "first_seen": SEEN,
        "last_seen": SEEN + dt.timedelta(days=1),
        "score": 91.25,
        "seller": f"店铺{n}",
        "price": "¥99",
        "reasons": ("same text after normalisation", "same goods"),
        "our_marks": ("KANGDA (CN 10000001)",),
        "evidence": ev,
    }
    values.update(overrides)
    return ListingItem(**values)  # type: ignore[arg-type]


def build(content: PackContent) -> tuple[zipfile.ZipFile, PackResult]:
    out = io.BytesIO()
    result = write_pack(
        out,
        content,
        letters=compose_letters(content, on=TODAY),
        readme=lambda r: "problems:\n" + "\n".join(str(p) for p in r.problems),
        today=TODAY,
        notes=letter_problems(content),
        made_at=MADE,
        tz=dt.timezone(dt.timedelta(hours=8)),
    )
    out.seek(0)
    return zipfile.ZipFile(out), result


def rows_of(zf: zipfile.ZipFile, name: str) -> list[list[object]]:
    book = load_workbook(io.BytesIO(zf.read(name)))
    sheet = book.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(zf: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    text = zf.read(name).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the BOM to read the Chinese"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def check_manifest(zf: zipfile.ZipFile) -> list[str]:
    """Every file but the manifest is listed with its true SHA-256 and size; return the names."""
    manifest = list(csv.DictReader(io.StringIO(zf.read("manifest.csv").decode("utf-8"))))
    for row in manifest:
        data = zf.read(row["file"])
        assert hashlib.sha256(data).hexdigest() == row["sha256"], row["file"]
        assert len(data) == int(row["bytes"]), row["file"]
    names = [row["file"] for row in manifest]
    assert sorted(names) == sorted(n for n in zf.namelist() if n != "manifest.csv")
    return names


def test_a_pack_holds_listings_evidence_registrations_letters_and_a_true_manifest(tmp_path):
    page = evidence(tmp_path, PAGE, "page", "text/html; charset=utf-8")
    picture = evidence(tmp_path, PNG, "picture", "image/png")
    content = PackContent(
        CASE,
        listings=(listing(1, (page, picture)), listing(2, (picture,), seller=None)),
        registrations=(KANGDA,),
    )
    zf, result = build(content)

    names = check_manifest(zf)
    assert set(names) == {
        "letter-zh.txt",
        "letter-en.txt",
        "registrations.xlsx",
        "registrations.csv",
        "listings.xlsx",
        "listings.csv",
        "evidence.csv",
        "README.txt",
        f"evidence/{page.sha256}.html",
        f"evidence/{picture.sha256}.png",
    }
    assert zf.read(f"evidence/{page.sha256}.html") == PAGE
    assert zf.read(f"evidence/{picture.sha256}.png") == PNG
    assert result.evidence_files == 2 and result.listings == 2

    header, first, second = rows_of(zf, "listings.xlsx")
    assert header[:4] == ["序号 No.", "链接 URL", "商品标题 Title", "店铺/卖家 Seller"]
    row = dict(zip(header, first, strict=True))
    assert row["链接 URL"] == "https://item.taobao.example/1"
    assert row["商品标题 Title"] == "KANGDA 康达电钻 1"
    assert row["店铺/卖家 Seller"] == "店铺1" and row["价格 Price"] == "¥99"
    assert row["首次发现 First seen"] == "2026-02-20 16:00:00 +08:00"
    assert row["最近发现 Last seen"] == "2026-02-21 16:00:00 +08:00"
    assert row["相似度 Score"] == round(91.25, 1)
    assert row["理由 Reasons"] == "same text after normalisation\nsame goods"
    assert row["证据文件 Evidence files"] == (
        f"evidence/{page.sha256}.html\nevidence/{picture.sha256}.png"
    )
    assert row["证据哈希 Evidence SHA-256"] == f"{page.sha256}\n{picture.sha256}"
    assert dict(zip(header, second, strict=True))["店铺/卖家 Seller"] is None

    flat = csv_rows(zf, "listings.csv")
    assert [r["链接 URL"] for r in flat] == [
        "https://item.taobao.example/1",
        "https://item.taobao.example/2",
    ]
    assert flat[1]["证据文件 Evidence files"] == f"evidence/{picture.sha256}.png"

    regs = rows_of(zf, "registrations.xlsx")
    reg = dict(zip(regs[0], regs[1], strict=True))
    assert reg["注册号 Number"] == "10000001"
    assert reg["注册机关 Office"].startswith("CN 中国国家知识产权局")
    assert reg["类别 Classes"] == "7, 8" and reg["有效期至 Valid until"] == "2030-01-01"
    assert reg["品牌/权利人 Brand/owner"] == "KANGDA" and reg["状态 Status"] == "registered"
    assert csv_rows(zf, "registrations.csv")[0]["注册号 Number"] == "10000001"

    captured = csv_rows(zf, "evidence.csv")
    assert {r["文件 File"] for r in captured} == {
        f"evidence/{page.sha256}.html",
        f"evidence/{picture.sha256}.png",
    }
    assert result.problems == []


def test_the_letters_name_the_platform_rights_listings_and_law(tmp_path):
    content = PackContent(CASE, listings=(listing(1), listing(2)), registrations=(KANGDA,))
    zf, _result = build(content)
    zh = zf.read("letter-zh.txt").decode("utf-8")
    en = zf.read("letter-en.txt").decode("utf-8")
    assert "致：阿里巴巴知识产权保护平台（IPP）" in zh
    assert "第10000001号“KANGDA 康达”商标" in zh and "第7、8类" in zh
    assert "有效期至：2030年1月1日" in zh and "日期：2026年3月2日" in zh
    assert "共有2个商品链接" in zh and "listings.xlsx" in zh
    assert "https://item.taobao.example/2" in zh and "店铺：店铺2" in zh
    assert "《中华人民共和国电子商务法》第四十二条" in zh and "商标法》第五十七条" in zh
    assert "联系人：legal@example.com" in zh and "【权利人全称】" in zh
    assert "不构成法律意见" in zh
    assert "To: Alibaba Intellectual Property Protection Platform (IPP)" in en
    assert "registration No. 10000001" in en and "Classes 7, 8" in en
    assert "valid until 1 January 2030" in en and "Date: 2 March 2026" in en
    assert "2 listings" in en and "Article 42 of the E-Commerce Law" in en
    assert "not legal advice" in en


@pytest.mark.parametrize(
    ("platform", "addressee", "chinese"),
    [
        ("JD", "京东知识产权保护平台", True),
        ("京东", "京东知识产权保护平台", True),
        ("Pinduoduo", "拼多多知识产权保护平台", True),
        ("Tmall", "阿里巴巴知识产权保护平台（IPP）", True),
        ("抖音", "抖音电商知识产权保护平台", True),
        ("Amazon.com", "亚马逊品牌注册（Amazon Brand Registry）", False),
        ("Some Mall", "Some Mall", True),
        (None, "电子商务平台经营者", True),
    ],
    ids=["jd", "jd-in-chinese", "pdd", "tmall-is-alibaba", "douyin", "amazon", "unknown", "none"],
)
def test_the_letter_is_addressed_to_the_platform_of_the_case(platform, addressee, chinese):
    found = find_platform(platform)
    assert (found.zh, found.chinese) == (addressee, chinese)


def test_amazon_gets_no_chinese_law_and_a_warning_about_cn_only_registrations():
    content = PackContent(
        CaseFacts(7, "Amazon knock-offs", "platform_complaint", "draft", platform="Amazon"),
        listings=(listing(1),),
        registrations=(KANGDA,),
    )
    letters = compose_letters(content, on=TODAY)
    assert (
        "People's Republic of China" not in letters.en and "To: Amazon Brand Registry" in letters.en
    )
    assert "intellectual property policy" in letters.en
    assert [str(p) for p in letter_problems(content)] == [
        "Amazon Brand Registry does not accept a CN registration alone: add a registration "
        "of the marketplace's country"
    ]


@pytest.mark.parametrize(
    ("count", "sheets"),
    [
        (0, ["listings.xlsx"]),
        (300, ["listings.xlsx"]),
        (301, ["listings-001.xlsx", "listings-002.xlsx"]),
        (900, ["listings-001.xlsx", "listings-002.xlsx", "listings-003.xlsx"]),
    ],
    ids=["empty", "exactly-the-ipp-limit", "one-over", "three-full"],
)
def test_listings_are_split_in_batches_of_at_most_300(count, sheets):
    assert listing_sheet_names(count) == sheets


def test_more_than_300_listings_make_numbered_spreadsheets_and_one_csv_with_all(tmp_path):
    content = PackContent(
        CASE, listings=tuple(listing(n) for n in range(1, 652)), registrations=(KANGDA,)
    )
    zf, result = build(content)
    check_manifest(zf)
    assert result.listing_sheets == ["listings-001.xlsx", "listings-002.xlsx", "listings-003.xlsx"]
    assert "listings.xlsx" not in zf.namelist()
    counts = [len(rows_of(zf, name)) - 1 for name in result.listing_sheets]
    assert counts == [300, 300, 51]
    assert rows_of(zf, "listings-002.xlsx")[1][0] == 301  # numbering runs on across files
    assert len(csv_rows(zf, "listings.csv")) == 651
    zh = zf.read("letter-zh.txt").decode("utf-8")
    assert "listings-001.xlsx、listings-002.xlsx、listings-003.xlsx" in zh
    assert "其余631个链接见附件" in zh


def test_text_that_would_run_as_a_formula_stays_text(tmp_path):
    hostile = listing(1, title='=HYPERLINK("http://evil.example","x")', seller="+cmd|' /C calc'!A0")
    zf, _result = build(PackContent(CASE, listings=(hostile,), registrations=(KANGDA,)))
    flat = csv_rows(zf, "listings.csv")[0]
    assert flat["商品标题 Title"] == '\'=HYPERLINK("http://evil.example","x")'
    assert flat["店铺/卖家 Seller"] == "'+cmd|' /C calc'!A0"
    sheet = load_workbook(io.BytesIO(zf.read("listings.xlsx"))).worksheets[0]
    title = sheet.cell(row=2, column=3)
    assert title.data_type == "s" and title.value == '=HYPERLINK("http://evil.example","x")'


def test_evidence_missing_or_changed_since_capture_is_left_out_and_named(tmp_path):
    kept = evidence(tmp_path, PNG, "picture", "image/png")
    gone = evidence(tmp_path, b"a page that was deleted", "page", "text/html")
    gone.path.unlink()
    changed = evidence(tmp_path, b"original capture", "page", "text/html")
    changed.path.write_bytes(b"edited afterwards")
    content = PackContent(
        CASE, listings=(listing(1, (kept, gone, changed)),), registrations=(KANGDA,)
    )
    zf, result = build(content)
    names = check_manifest(zf)
    assert f"evidence/{kept.sha256}.png" in names
    assert not any(gone.sha256 in n or changed.sha256 in n for n in zf.namelist())
    problems = [str(p) for p in result.problems]
    assert any(gone.sha256 in p and "missing from the evidence store" in p for p in problems)
    assert any(changed.sha256 in p and "changed since capture" in p for p in problems)
    row = csv_rows(zf, "listings.csv")[0]
    assert row["证据文件 Evidence files"] == f"evidence/{kept.sha256}.png"
    assert "missing from the evidence store" in zf.read("README.txt").decode()


def test_an_empty_case_still_gets_a_pack_that_says_what_is_missing():
    bare = CaseFacts(9, "Nothing yet", "platform_complaint", "draft")
    expired = RegistrationItem(
        "20000002", "CN", "KANGDA", "registered", expiry_date=dt.date(2025, 1, 1)
    )
    zf, result = build(PackContent(bare, skipped_filings=2, registrations=(expired,)))
    check_manifest(zf)
    assert rows_of(zf, "listings.xlsx") == [[h for _key, h, _width in LISTING_COLUMNS]]
    problems = [str(p) for p in result.problems]
    assert "the case has no listings: escalate the listings' alerts into the case first" in problems
    assert "2 alerts of the case are trademark filings, not listings: left out" in problems
    assert "registration CN 20000002 expired on 2025-01-01" in problems
    assert any("no platform is set" in p for p in problems)
    zh = zf.read("letter-zh.txt").decode("utf-8")
    assert "致：电子商务平台经营者" in zh and "【联系人及联系方式】" in zh


def test_a_case_without_registrations_says_so_in_the_letter_and_the_problems():
    zf, result = build(PackContent(CASE, listings=(listing(1),)))
    assert "【请补充投诉所依据的注册商标】" in zf.read("letter-zh.txt").decode("utf-8")
    assert any("relies on no registration" in str(p) for p in result.problems)
