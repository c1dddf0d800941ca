"""Hostile, broken and foreign gazette files are refused with the file, the place and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from crawlers.gazettes import GazetteError, read_gazette, sniff_format

SAMPLES = Path(__file__).resolve().parents[2] / "files" / "gazettes"

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<trademark-applications-daily><application-information><file-segments><action-keys>
<case-file><serial-number>1</serial-number><case-file-header>
<mark-identification>&lol3;</mark-identification></case-file-header></case-file>
</action-keys></file-segments></application-information></trademark-applications-daily>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE Transaction [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Transaction xmlns="http://www.wipo.int/standards/XMLSchema/trademarks"><TradeMark>
<ApplicationNumber>1</ApplicationNumber><MarkVerbalElementText>&secret;</MarkVerbalElementText>
</TradeMark></Transaction>
"""


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    """Write a test file and return its path."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("content", "fmt"),
    [(BILLION_LAUGHS, "uspto"), (EXTERNAL_ENTITY, "st66"), (EXTERNAL_ENTITY, None)],
    ids=["billion-laughs", "external-entity", "external-entity-sniffed"],
)
def test_entities_are_refused(tmp_path: Path, content: str, fmt: str | None) -> None:
    path = write(tmp_path, "hostile.xml", content)
    with pytest.raises(GazetteError, match="refused") as info:
        list(read_gazette(path, fmt))
    assert info.value.file == str(path)
    assert "root" not in info.value.reason


def test_truncated_xml_yields_records_before_the_break(tmp_path: Path) -> None:
    text = (SAMPLES / "uspto.xml").read_text(encoding="utf-8")
    cut = text.index("<serial-number>97111222") + 40
    path = write(tmp_path, "cut.xml", text[:cut])
    records = read_gazette(path)
    assert next(records).mark_text == "TIANMU"
    with pytest.raises(GazetteError) as info:
        next(records)
    message = str(info.value)
    assert str(path) in message
    assert "after record 1" in message and "line " in message
    assert "cut short" in message


@pytest.mark.parametrize("fmt", ["st66", "st96", "uspto", None])
def test_unknown_namespace_is_refused(tmp_path: Path, fmt: str | None) -> None:
    path = write(tmp_path, "other.xml", '<Catalog xmlns="urn:example:books"><Book/></Catalog>')
    with pytest.raises(GazetteError, match="urn:example:books") as info:
        list(read_gazette(path, fmt))
    assert info.value.where == "root element"


def test_st96_file_read_as_st66_is_refused() -> None:
    with pytest.raises(GazetteError, match="is not a WIPO ST.66 trademark document"):
        list(read_gazette(SAMPLES / "st96.xml", "st66"))


def test_csv_with_wrong_header_names_missing_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "bad.csv", "office,serial,trademark,classes\nCN,1,天目,11\n")
    with pytest.raises(GazetteError) as info:
        list(read_gazette(path, "csv"))
    assert "missing column(s) number, mark" in str(info.value)
    assert info.value.where == "header (line 1)"


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("bad-date.csv", "office,number,mark,classes,filing_date\nCN,1,天目,11,2024-13-40\n",
         r"record 1 \(line 2\): filing_date '2024-13-40' is not a date"),
        ("bad-office.csv", "office,number,mark,classes\nChina,1,天目,11\n",
         "not a 2-letter office code"),
        ("broken.json", '{"rows": [{"regNo": "1",', "not JSON"),
        ("rows.json", '{"rows": [1, 2]}', "row 1.*not a JSON object"),
        ("notes.txt", "just some text\n", "cannot tell the format"),
    ],
)  # fmt: skip
def test_bad_values_are_refused_clearly(
    tmp_path: Path, name: str, content: str, match: str
) -> None:
    with pytest.raises(GazetteError, match=match):
        list(read_gazette(write(tmp_path, name, content)))


def test_missing_file_and_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(GazetteError, match="no such file"):
        read_gazette(tmp_path / "absent.xml")
    with pytest.raises(GazetteError, match="unknown format 'pdf'"):
        read_gazette(SAMPLES / "gazette.csv", "pdf")


def test_sniffing_refuses_foreign_xml(tmp_path: Path) -> None:
    path = write(tmp_path, "feed.xml", "<rss><channel/></rss>")
    with pytest.raises(GazetteError, match="not a known gazette format"):
        sniff_format(path)


def test_doctype_naming_an_external_dtd_is_read_without_fetching(tmp_path: Path) -> None:
    body = (SAMPLES / "uspto.xml").read_text(encoding="utf-8").split("-->", 1)[1]
    doctype = '<!DOCTYPE trademark-applications-daily SYSTEM "http://example.invalid/tm.dtd">'
    path = write(tmp_path, "daily.xml", '<?xml version="1.0"?>\n' + doctype + body)
    assert [r.mark_text for r in read_gazette(path)] == ["TIANMU", "KETTLE KING"]
