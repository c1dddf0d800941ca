"""CSV encodings: UTF-8 and Chinese GB18030 are read; Japanese, Taiwanese, Korean and Western
files are refused with the encoding they seem to be in, never stored garbled."""

from __future__ import annotations

import pytest

from coverage.imports.tabular import decode_text

SJIS_TEXT = (
    "product_id,name,brand,nice_classes,markets\n"
    "JP-1,株式会社カンダ コードレスドリル,KANGDA,7,JP\n"
    "JP-2,インパクトドライバー 東京工場,KANGDA,7,JP\n"
)
BIG5_TEXT = (
    "product_id,name,brand,nice_classes,markets\n"
    "TW-1,康達電動工具股份有限公司 無線電鑽,KANGDA,7,TW\n"
    "TW-2,角磨機 臺灣製造,KANGDA,7,TW\n"
)
EUC_KR_TEXT = (
    "product_id,name,brand,nice_classes,markets\n"
    "KR-1,무선 드릴 주식회사 캉다,KANGDA,7,KR\nKR-2,앵글 그라인더,KANGDA,7,KR\n"
)
GB_TEXT = (
    "产品编号,名称,品牌,尼斯分类,市场\n"
    "KD-1,深圳市康达电动工具有限公司 无绳电钻,康达,7,CN\n"
    "KD-2,角磨机 液压千斤顶,康达,7,CN;VN\n"
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        pytest.param(GB_TEXT.encode("utf-8"), GB_TEXT, id="utf8"),
        pytest.param(GB_TEXT.encode("utf-8-sig"), GB_TEXT, id="utf8-with-bom"),
        pytest.param(GB_TEXT.encode("gb18030"), GB_TEXT, id="gb18030-as-chinese-excel-writes"),
        pytest.param(GB_TEXT.encode("gbk"), GB_TEXT, id="gbk"),
        pytest.param(
            "产品编号,名称\nP1,电钻\n".encode("gb18030"),
            "产品编号,名称\nP1,电钻\n",
            id="a-few-chinese-words-in-gb18030",
        ),
    ],
)
def test_utf8_and_chinese_gb18030_are_read(data, expected):
    assert decode_text(data, "products.csv") == (expected, None)


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(SJIS_TEXT.encode("shift_jis"), "Shift-JIS (Japanese)", id="shift-jis"),
        pytest.param(BIG5_TEXT.encode("big5"), "Big5 (Traditional Chinese)", id="big5"),
        pytest.param(EUC_KR_TEXT.encode("euc_kr"), "EUC-KR (Korean)", id="euc-kr"),
        pytest.param(
            "product_id,name\nP1,Müller Säge für Holz\nP2,Großhändler Öl\n".encode("cp1252"),
            "Windows-1252 (Western European)",
            id="cp1252",
        ),
    ],
)
def test_other_encodings_are_refused_naming_the_encoding(data, encoding):
    text, problem = decode_text(data, "products.csv")

    assert text is None and problem is not None
    assert problem.sheet == "products.csv"
    assert str(problem.reason) == (
        f"the text seems to be {encoding}, not UTF-8 or Chinese GB18030; open the file in "
        'Excel and save it as "CSV UTF-8 (comma delimited)"'
    )


def test_a_shift_jis_file_is_never_stored_as_garbled_chinese(tmp_path, session):
    from coverage.imports.importer import ImportFailed, import_portfolio
    from coverage.queries import load_geography

    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "products.csv").write_bytes(SJIS_TEXT.encode("shift_jis"))
    (folder / "patents.csv").write_bytes(b"patent_no,office,kind,status,filing_date\n")
    (folder / "trademarks.csv").write_bytes(b"tm_no,office,brand,nice_classes,status,filing_date\n")

    with pytest.raises(ImportFailed) as caught:
        import_portfolio(folder, session=session, geography=load_geography(session))

    assert [str(p) for p in caught.value.problems] == [
        "products.csv: the text seems to be Shift-JIS (Japanese), not UTF-8 or Chinese GB18030; "
        'open the file in Excel and save it as "CSV UTF-8 (comma delimited)"'
    ]
