"""Each gazette format read from a small sample: the records a user would see."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from crawlers.gazettes import GazetteRecord, read_gazette, sniff_format

SAMPLES = Path(__file__).resolve().parents[2] / "files" / "gazettes"

# file, format, [(office, number, mark, classes, applicant, country, filed, published, kind)]
CASES = [
    (
        "st66.xml",
        "st66",
        [
            ("EM", "018912345", "TIANMU KETTLE", (11, 21), "Kesselwerk GmbH", "DE",
             date(2024, 1, 15), date(2024, 3, 1), "A.1"),
            ("EM", "018912399", "Tian Mu", (7,), "Hangzhou Tianmu Trading Co., Ltd.", "CN",
             date(2024, 1, 20), date(2024, 3, 1), "Insert"),
        ],
    ),
    (
        "st96.xml",
        "st96",
        [
            ("CN", "71234567", "天目", (11,), "义乌市天目电器有限公司", "CN",
             date(2023, 11, 2), date(2024, 2, 27), "初步审定公告"),
            ("CN", "71234999", "添目 TIANMU", (9, 35), "张伟", "CN",
             date(2023, 11, 5), None, None),
        ],
    ),
    (
        "uspto.xml",
        "uspto",
        [
            ("US", "98345678", "TIANMU", (11,), "Ningbo Tianmu Appliance Co., Ltd.", "CN",
             date(2024, 1, 2), None, None),
            ("US", "97111222", "KETTLE KING", (11, 21), "Kettle King LLC", "US",
             date(2023, 6, 10), date(2023, 10, 24), None),
        ],
    ),
    (
        "cnipa.json",
        "cnipa",
        [
            ("CN", "71234567", "天目", (11,), "义乌市天目电器有限公司", None,
             None, date(2024, 2, 27), "TMZCSQ"),
            ("CN", "71234600", "天日", (21,), "张伟", None, None, date(2024, 2, 27), "TMZCSQ"),
            ("CN", "70000001", "TIANMU 天目", (9,), "深圳某某科技有限公司", None,
             None, date(2024, 2, 27), "TMZCZC"),
        ],
    ),
    (
        "gazette.csv",
        "csv",
        [
            ("CN", "71234567", "天目", (11,), "义乌市天目电器有限公司", "CN",
             date(2023, 11, 2), date(2024, 2, 27), None),
            ("US", "98345678", "TIANMU", (11, 21), "Ningbo Tianmu Appliance Co.", "CN",
             date(2024, 1, 2), None, None),
        ],
    ),
]  # fmt: skip


def summarise(record: GazetteRecord) -> tuple[object, ...]:
    """Return the fields a user checks first."""
    return (
        record.office,
        record.number,
        record.mark_text,
        record.classes,
        record.applicant_name,
        record.applicant_country,
        record.filing_date,
        record.publication_date,
        record.kind,
    )


@pytest.mark.parametrize(("name", "fmt", "expected"), CASES, ids=[c[1] for c in CASES])
def test_sample_gives_its_records(name: str, fmt: str, expected: list[tuple[object, ...]]) -> None:
    records = list(read_gazette(SAMPLES / name, fmt))
    assert [summarise(r) for r in records] == expected
    assert all(r.format == fmt and r.raw for r in records)


@pytest.mark.parametrize(("name", "fmt"), [(c[0], c[1]) for c in CASES])
def test_format_is_told_from_content(name: str, fmt: str) -> None:
    assert sniff_format(SAMPLES / name) == fmt
    assert len(list(read_gazette(SAMPLES / name))) == len({c[1]: c[2] for c in CASES}[fmt])


def test_raw_keeps_the_original_record() -> None:
    st96 = list(read_gazette(SAMPLES / "st96.xml"))
    assert "天目" in st96[0].raw and "电热水壶" in st96[0].raw
    assert st96[0].goods == "电热水壶；热水器"
    assert st96[0].image_url == "71234567.png"
    cnipa = list(read_gazette(SAMPLES / "cnipa.json"))
    assert '"pageNo": 12' in cnipa[0].raw  # unknown fields are kept
    assert cnipa[1].image_url == "https://example.test/img/71234600.jpg"
    csv_records = list(read_gazette(SAMPLES / "gazette.csv"))
    assert '"notes": "first"' in csv_records[0].raw


def test_uspto_details() -> None:
    first, second = read_gazette(SAMPLES / "uspto.xml")
    assert first.registration_number is None  # 0000000 means not registered
    assert first.goods == "Electric kettles"
    assert first.status == "630"
    assert second.registration_number == "7345678"
    assert "<serial-number>97111222</serial-number>" in second.raw


def test_zipped_uspto_file_is_read(tmp_path: Path) -> None:
    archive = tmp_path / "apc240105.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(SAMPLES / "uspto.xml", "apc240105.xml")
    assert sniff_format(archive) == "uspto"
    marks = [r.mark_text for r in read_gazette(archive)]
    assert marks == ["TIANMU", "KETTLE KING"]


def test_st66_image_and_status() -> None:
    records = list(read_gazette(SAMPLES / "st66.xml"))
    assert records[1].image_url == "https://example.test/images/018912399.jpg"
    assert records[0].status == "Application published"
    assert records[0].goods == "Electric kettles; water heaters; Kitchen utensils"


@pytest.mark.parametrize(
    "text",
    [
        '[{"regNo": "1", "tmName": "天目", "intlCls": "11", "anncDate": "2024-02-27"}]',
        '{"regNo": "1", "tmName": "天目", "intlCls": "11", "anncDate": "2024-02-27"}\n'
        '{"regNo": "2", "tmName": "天日", "intlCls": "21", "anncDate": "2024-02-27"}\n',
    ],
    ids=["array", "json-lines"],
)
def test_cnipa_array_and_json_lines(tmp_path: Path, text: str) -> None:
    path = tmp_path / "rows.json"
    path.write_text(text, encoding="utf-8")
    records = list(read_gazette(path))
    assert records[0].mark_text == "天目"
    assert records[0].publication_date == date(2024, 2, 27)
    assert len(records) == text.count("regNo")


def test_gb18030_csv(tmp_path: Path) -> None:
    path = tmp_path / "gazette.csv"
    path.write_bytes(
        "office,number,mark,classes,applicant\nCN,7001,天目,11,杭州天目有限公司\n".encode("gb18030")
    )
    (record,) = read_gazette(path)
    assert (record.mark_text, record.applicant_name, record.classes) == (
        "天目",
        "杭州天目有限公司",
        (11,),
    )
