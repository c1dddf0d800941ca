"""Real gazette files (and files shaped after them) give the fields a user checks.

The samples and their sources are described in tests/files/gazettes/real/README.md.
"""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import pytest

from crawlers.gazettes import GazetteError, GazetteRecord, read_gazette, sniff_format

REAL = Path(__file__).resolve().parents[2] / "files" / "gazettes" / "real"

# file, format, [(office, number, registration, mark, classes, applicant, country, filed,
#                 published (the opposition deadline runs from it), status)]
CASES = [
    ("uspto-apc240925-excerpt.xml", "uspto", [
        ("US", "72269147", "0835284", "MADISON SQUARE GARDEN", (41,),
         "MSG ENTERTAINMENT HOLDINGS, LLC", "US", date(1967, 4, 14), date(1967, 6, 27), "800"),
        ("US", "98763166", None, "SUVENEER", (16,), "Nguyen Quang Huy", "VN",
         date(2024, 9, 24), None, "630"),
        ("US", "79366581", None, "NITRO GLISSERIN", (3, 18, 32), "GIORGI TVILDIANI", "GE",
         date(2022, 12, 27), date(2024, 2, 20), "686"),
    ]),
    ("uspto-tsdr-st66-rn2178784.xml", "st66", [
        ("US", "74631225", "2178784", "JAVA", (9,), "Oracle America, Inc.", "US",
         date(1995, 2, 7), date(1996, 10, 8), "800"),
    ]),
    ("uspto-tsdr-st96-sn85334015.xml", "st96", [
        ("US", "85334015", "4281391", "ULTRABOOK", (9,), "Intel Corporation", "US",
         date(2011, 5, 31), date(2012, 11, 13), "700"),
    ]),
    ("uspto-tsdr-st96-sn87881347.xml", "st96", [
        ("US", "87881347", None, "BURGER ADDICT", (43,), "Burger Addict Renton LLC", "US",
         date(2018, 4, 17), None, "680"),
    ]),
    ("uspto-tsdr-st96-sn77478018.xml", "st96", [
        ("US", "77478018", "3717416", "", (30, 25, 14), "Haydel's Bakery", "US",
         date(2008, 5, 19), date(2009, 9, 15), "701"),
    ]),
    ("uspto-tsdr-st96-prerelease-rn2178784.xml", "st96", [
        ("US", "74631225", "2178784", "JAVA", (9,), "Oracle America, Inc.", "US",
         date(1995, 2, 7), date(1996, 10, 8), "800"),
    ]),
    ("tmview-ro-st66-shaped.xml", "st66", [
        ("RO", "M 2024 00917", None, "TIANMU CERAMICA", (11, 21), "CERAMICA TIANMU S.R.L.",
         "RO", date(2024, 1, 10), date(2024, 2, 23), "Application published"),
        ("RO", "M 2024 00955", None, "TIAN MOO", (7,), "POPESCU ANA-MARIA", "RO",
         date(2024, 1, 12), date(2024, 2, 23), "Application published"),
    ]),
    ("tmview-gb-st66-shaped.xml", "st66", [
        ("GB", "UK00004012345", None, "TIANMU KETTLEWORKS", (11, 35), None, None,
         date(2024, 1, 8), date(2024, 2, 16), "Published"),
    ]),
    ("euipo-st66-shaped.xml", "st66", [
        ("EM", "019012345", None, "TIANMU KETTLE", (11, 21), None, None,
         date(2024, 1, 15), date(2024, 3, 1), "Application published"),
        ("EM", "019012399", None, "TIAN MU", (7,), None, None,
         date(2024, 1, 20), date(2024, 3, 1), "Application published"),
    ]),
    ("cipo-st96-shaped.xml", "st96", [
        ("CA", "300000223456700", "TMA1234567", "TIANMU HOME", (11, 35),
         "Tianmu Home Appliances Inc.", "CN", date(2023, 5, 30), date(2024, 3, 27),
         "Registration published"),
    ]),
    ("cnipa-searchEsTmgg-shaped.json", "cnipa", [
        ("CN", "71234567", "71234567", "天目", (11,), "义乌市天目电器有限公司", None,
         date(2023, 5, 30), date(2024, 2, 27), None),
        ("CN", "71234600", "71234600", "图形", (21,), "张伟", None, None, date(2024, 2, 27), None),
        ("CN", "G1722108", "G1722108", "", (), None, None, None, date(2024, 2, 27), None),
    ]),
    ("cnipa-annSearchDG-shaped.json", "cnipa", [
        ("CN", "G1234567", "G1234567", "TIANMU", (), "TIANMU TRADING S.L.", None, None,
         date(2020, 1, 6), None),
        ("CN", "40123456", "40123456", "天目", (), "杭州天目贸易有限公司", None, None,
         date(2020, 1, 6), None),
    ]),
]  # fmt: skip


def summarise(record: GazetteRecord) -> tuple[object, ...]:
    """Return the fields a user checks first."""
    return (
        record.office,
        record.application_number,
        record.registration_number,
        record.mark_text,
        record.classes,
        record.applicant_name,
        record.applicant_country,
        record.filing_date,
        record.publication_date,
        record.status,
    )


def records(name: str) -> list[GazetteRecord]:
    """Read a real sample, its format told from its content."""
    return list(read_gazette(REAL / name))


@pytest.mark.parametrize(("name", "fmt", "expected"), CASES, ids=[c[0] for c in CASES])
def test_real_sample_gives_what_a_user_checks(
    name: str, fmt: str, expected: list[tuple[object, ...]]
) -> None:
    assert sniff_format(REAL / name) == fmt
    found = records(name)
    assert [summarise(r) for r in found] == expected
    assert all(r.format == fmt and r.raw for r in found)


def test_uspto_daily_file_with_its_dtd_zipped_as_published(tmp_path: Path) -> None:
    archive = tmp_path / "apc240925.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(REAL / "uspto-apc240925-excerpt.xml", "apc240925.xml")
    ib, na, tx = read_gazette(archive)
    assert (ib.mark_text, na.mark_text, tx.mark_text) == (
        "MADISON SQUARE GARDEN",
        "SUVENEER",
        "NITRO GLISSERIN",
    )
    assert na.goods == "Stickers; Stick markers; Sticker albums; Sticker books"  # GS only
    assert "<us-code>107</us-code>" in ib.raw  # US classes stay in the evidence, not in classes


def test_uspto_current_owner_is_the_latest_party_type(tmp_path: Path) -> None:
    text = (REAL / "uspto-apc240925-excerpt.xml").read_text(encoding="utf-8")
    first = text.index("<case-file-owner>")
    second = text.index("<case-file-owner>", first + 1)
    end = text.index("</case-file-owners>")
    # the same owners listed oldest first
    swapped = text[:first] + text[second:end] + text[first:second] + text[end:]
    path = tmp_path / "owners.xml"
    path.write_text(swapped, encoding="utf-8")
    ib = next(read_gazette(path))
    assert (ib.applicant_name, ib.applicant_country) == ("MSG ENTERTAINMENT HOLDINGS, LLC", "US")


def test_tsdr_st66_applicant_outside_the_trademark_and_zipped_as_served(tmp_path: Path) -> None:
    archive = tmp_path / "sn74631225.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(REAL / "uspto-tsdr-st66-rn2178784.xml", "status_st66.xml")
        zf.writestr("status.html", "<html><body>status</body></html>")
        zf.writestr("markImage.jpg", b"\xff\xd8\xff\xe0")
    (java,) = read_gazette(archive)
    # four applicants beside TradeMarkDetails; the first is the current owner, alone
    assert java.applicant_name == "Oracle America, Inc."
    assert java.goods and java.goods.startswith("computer programs for use in developing")


def test_publication_falls_back_to_the_published_for_opposition_event(tmp_path: Path) -> None:
    text = (REAL / "uspto-tsdr-st66-rn2178784.xml").read_text(encoding="utf-8")
    start, end = text.index("<PublicationDetails>"), text.index("</PublicationDetails>")
    path = tmp_path / "no-publication.xml"
    path.write_text(text[:start] + text[end + len("</PublicationDetails>") :], encoding="utf-8")
    (java,) = read_gazette(path)
    assert java.publication_date == date(1996, 10, 8)  # PUBO, not the earlier notice NPUB


def test_st96_own_numbers_classes_and_image_not_the_related_ones() -> None:
    (ultrabook,) = records("uspto-tsdr-st96-sn85334015.xml")
    raw = ultrabook.raw
    assert "RM2011C00315" in raw and "A0025288" in raw  # priority claim, associated WO mark
    assert ultrabook.application_number == "85334015"
    assert "NationalClassNumber>021<" in raw and ultrabook.classes == (9,)  # USPTO classes
    assert ultrabook.image_url == "85334015.png"
    assert ultrabook.goods and ultrabook.goods.startswith("Computers; tablet, netbook")
    (design,) = records("uspto-tsdr-st96-sn77478018.xml")
    assert (design.mark_text, design.image_url) == ("", "77478018.png")
    (prerelease,) = records("uspto-tsdr-st96-prerelease-rn2178784.xml")
    assert prerelease.image_url is None  # "No image available"


def test_cipo_number_publication_and_kind() -> None:
    (home,) = records("cipo-st96-shaped.xml")
    assert home.application_number == "300000223456700"  # not the priority's 97/123,456
    assert 9 not in home.classes  # the priority's partial goods
    assert (home.kind, home.image_url) == ("Advertised", "2234567.png")
    kettles, retail = (home.goods or "").split("; (1) ")
    assert (kettles, retail) == (
        "(1) Electric kettles; water heaters.",
        "Online retail store services featuring kitchenware.",
    )


def test_euipo_goods_in_one_language_and_publication_section() -> None:
    kettle, mixer = records("euipo-st66-shaped.xml")
    assert kettle.goods == "Electric kettles; Kitchen utensils"
    assert mixer.goods == "Robot da cucina elettrici"  # no English: the filing language
    assert (kettle.kind, kettle.image_url) == ("A.1", None)


def test_tmview_image_and_language_tagged_mark() -> None:
    ceramica, _ = records("tmview-ro-st66-shaped.xml")
    assert ceramica.image_url == "RO502024000091700.gif"
    (gb,) = records("tmview-gb-st66-shaped.xml")
    assert gb.mark_text == "TIANMU KETTLEWORKS"


def test_st66_applicants_given_by_key_beside_the_trademarks(tmp_path: Path) -> None:
    """ST.66 lets TransactionData carry ApplicantDetails that TradeMarks point to by key."""
    text = (REAL / "tmview-ro-st66-shaped.xml").read_text(encoding="utf-8")
    applicants = []
    while "<Applicant>" in text:
        start, end = text.index("<Applicant>"), text.index("</Applicant>") + len("</Applicant>")
        applicants.append(text[start:end])
        text = text[:start] + text[end:]
    block = "<ApplicantDetails>" + "".join(reversed(applicants)) + "</ApplicantDetails>"
    text = text.replace("</TradeMarkDetails>", "</TradeMarkDetails>" + block)
    path = tmp_path / "keyed.xml"
    path.write_text(text, encoding="utf-8")
    names = [r.applicant_name for r in read_gazette(path)]
    assert names == ["CERAMICA TIANMU S.R.L.", "POPESCU ANA-MARIA"]


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("uspto-tsdr-st96-sn85334015.xml", "http://www.wipo.int/standards/XMLSchema/ST96/",
         "urn:example:st96:v9:"),
        ("euipo-st66-shaped.xml", "http://euipo.europa.eu/trademark/data", "urn:example:tm:2030"),
    ],
    ids=["st96", "st66"],
)  # fmt: skip
def test_a_new_namespace_version_is_still_read(
    tmp_path: Path, name: str, old: str, new: str
) -> None:
    path = tmp_path / name
    path.write_text((REAL / name).read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    assert sniff_format(path) == sniff_format(REAL / name)
    assert [summarise(r) for r in read_gazette(path)] == [summarise(r) for r in records(name)]


@pytest.mark.parametrize("fmt", ["st96", None])
def test_an_unknown_namespace_without_records_is_refused(tmp_path: Path, fmt: str | None) -> None:
    path = tmp_path / "jp.xml"
    path.write_text(
        '<tmk:TrademarkTransaction xmlns:tmk="urn:example:jp:trademark">'
        "<tmk:TrademarkTransactionBody/></tmk:TrademarkTransaction>",
        encoding="utf-8",
    )
    with pytest.raises(GazetteError, match="urn:example:jp:trademark") as info:
        list(read_gazette(path, fmt))
    assert "no <Trademark> record" in info.value.reason


@pytest.mark.parametrize(
    ("content", "match"),
    [
        ('{"code": 401, "msg": "登录已过期"}', "code 401 登录已过期"),
        ('{"code": 0, "data": {"list": null, "total": 1}}', 'a "list" of rows'),
    ],
    ids=["session-expired", "no-list"],
)
def test_cnipa_error_responses_are_refused(tmp_path: Path, content: str, match: str) -> None:
    path = tmp_path / "page.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GazetteError, match=match):
        list(read_gazette(path))
