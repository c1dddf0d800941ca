"""`ipwatch similarity score|screen`: the CSV contract of DESIGN.md, encodings, clear errors, and
nothing half-written."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
from PIL import ImageOps

from tests.infringement.similarity.test_logos import draw_logo, png

FILES = Path(__file__).resolve().parent.parent / "files" / "similarity"


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in ("pairs.csv", "watch.csv", "cands.csv"):
        shutil.copy(FILES / name, tmp_path / name)
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "kangda.png").write_bytes(png(draw_logo(0)))
    (tmp_path / "logos" / "inverted.png").write_bytes(png(ImageOps.invert(draw_logo(0))))
    (tmp_path / "logos" / "other.png").write_bytes(png(draw_logo(2)))
    (tmp_path / "logos" / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    return tmp_path


def test_score_adds_score_verdict_and_reasons_to_every_row(runner, folder: Path) -> None:
    result = runner.invoke(
        args=["similarity", "score", str(folder / "pairs.csv"), "--out", str(folder / "out.csv")]
    )

    assert result.exit_code == 0, result.output
    rows = read_csv(folder / "out.csv")
    assert list(rows[0]) == [
        "mark_a",
        "mark_b",
        "classes_a",
        "classes_b",
        "note",
        "score",
        "verdict",
        "reasons",
        "error",
    ]
    assert {r["error"] for r in rows} == {""}
    verdicts = {r["note"]: r["verdict"] for r in rows}
    assert verdicts == {
        "shape-similar hanzi": "similar",
        "traditional": "similar",
        "one letter added": "similar",
        "hanzi as pinyin": "similar",
        "unrelated": "different",
    }
    shape = next(r for r in rows if r["note"] == "shape-similar hanzi")
    assert 0 <= float(shape["score"]) <= 100 and "末" in shape["reasons"]
    assert "5 pairs scored, 4 similar" in result.output


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gb18030"], ids=["utf8-with-bom", "gb18030"])
def test_score_reads_bom_and_gb18030_input(runner, folder: Path, encoding: str) -> None:
    text = (folder / "pairs.csv").read_text(encoding="utf-8")
    (folder / "encoded.csv").write_bytes(text.encode(encoding))

    result = runner.invoke(
        args=["similarity", "score", str(folder / "encoded.csv"), "--out", str(folder / "out.csv")]
    )

    assert result.exit_code == 0, result.output
    assert [r["mark_a"] for r in read_csv(folder / "out.csv")][:2] == ["金未来", "金未来"]


def test_score_compares_logos_given_relative_to_the_input(runner, folder: Path) -> None:
    (folder / "logo_pairs.csv").write_text(
        "mark_a,mark_b,image_a,image_b\n"
        "KANGDA,毫不相干,logos/kangda.png,logos/inverted.png\n"
        "KANGDA,毫不相干,logos/kangda.png,logos/other.png\n",
        encoding="utf-8",
    )

    result = runner.invoke(
        args=[
            "similarity",
            "score",
            str(folder / "logo_pairs.csv"),
            "--out",
            str(folder / "out.csv"),
        ]
    )

    assert result.exit_code == 0, result.output
    inverted, other = read_csv(folder / "out.csv")
    assert inverted["verdict"] == "similar"
    assert "logo matches after colour inversion (pHash distance" in inverted["reasons"]
    assert other["verdict"] == "different"


# A file that cannot be used at all stops the command; a bad row does not (see
# test_cli_similarity_batch.py).
BAD_INPUTS = [
    (
        "missing-column",
        "mark_a,mark\nA,B\n",
        "bad.csv: missing column mark_b (found: mark_a, mark)",
    ),
    ("empty-file", "", "bad.csv: missing column mark_a, mark_b (found: no header)"),
]


@pytest.mark.parametrize(
    ("content", "message"), [b[1:] for b in BAD_INPUTS], ids=[b[0] for b in BAD_INPUTS]
)
def test_bad_input_names_file_row_and_column_and_writes_nothing(
    runner, folder: Path, content: str, message: str
) -> None:
    (folder / "bad.csv").write_text(content, encoding="utf-8")
    (folder / "out.csv").write_text("previous result\n", encoding="utf-8")

    result = runner.invoke(
        args=["similarity", "score", str(folder / "bad.csv"), "--out", str(folder / "out.csv")]
    )

    assert result.exit_code == 1
    assert message in result.output
    assert (folder / "out.csv").read_text(encoding="utf-8") == "previous result\n"
    assert sorted(p.name for p in folder.iterdir() if p.name.startswith(".")) == []


def screen(runner, folder: Path, *extra: str):
    return runner.invoke(
        args=[
            "similarity",
            "screen",
            "--watch",
            str(folder / "watch.csv"),
            "--candidates",
            str(folder / "cands.csv"),
            "--out",
            str(folder / "hits.csv"),
            *extra,
        ]
    )


def test_screen_writes_every_pair_at_or_above_the_threshold(runner, folder: Path) -> None:
    result = screen(runner, folder)

    assert result.exit_code == 0, result.output
    rows = read_csv(folder / "hits.csv")
    assert list(rows[0]) == [
        "watch_id",
        "watch_mark",
        "candidate_id",
        "candidate_mark",
        "score",
        "reasons",
    ]
    assert {(r["watch_id"], r["candidate_id"]) for r in rows} == {
        ("W1", "C1"),
        ("W2", "C2"),
        ("W3", "C4"),
    }
    assert all(float(r["score"]) >= 70 and r["reasons"] for r in rows)
    assert "5 candidates screened against 3 watched marks: 3 hits" in result.output


def test_screen_threshold_option_lowers_or_raises_the_bar(runner, folder: Path) -> None:
    assert screen(runner, folder, "--threshold", "100").exit_code == 0
    strict = read_csv(folder / "hits.csv")
    assert screen(runner, folder, "--threshold", "0").exit_code == 0
    everything = read_csv(folder / "hits.csv")

    assert len(strict) < 3 < len(everything)
    assert screen(runner, folder, "--threshold", "120").exit_code == 2


def test_screen_finds_a_logo_copy_and_numbers_rows_without_ids(runner, folder: Path) -> None:
    (folder / "watch.csv").write_text("mark,image\nKANGDA,logos/kangda.png\n", encoding="utf-8")
    (folder / "cands.csv").write_text(
        "mark,image\n毫不相干,logos/other.png\n完全不同,logos/inverted.png\n", encoding="gb18030"
    )

    result = screen(runner, folder)

    assert result.exit_code == 0, result.output
    [hit] = read_csv(folder / "hits.csv")
    assert (hit["watch_id"], hit["candidate_id"], hit["candidate_mark"]) == ("2", "3", "完全不同")
    assert "logo matches after colour inversion" in hit["reasons"]


def test_screen_bad_classes_in_candidates_names_the_file_and_leaves_the_row_out(
    runner, folder: Path
) -> None:
    (folder / "cands.csv").write_text("mark,classes\nA,seven\nKANGDA,7\n", encoding="utf-8")

    result = screen(runner, folder)

    assert result.exit_code == 0, result.output
    assert (
        'cands.csv row 2: classes: "seven" is not a Nice class number (1–45); left out'
        in result.stderr
    )
    assert [r["candidate_mark"] for r in read_csv(folder / "hits.csv")] == ["KANGDA"]
    assert "1 candidates screened against 3 watched marks: 1 hits" in result.stdout


def test_classes_and_encodings_are_read_as_the_portfolio_import_reads_them(
    runner, folder: Path
) -> None:
    """One reader of Nice classes and CSV text: 第7类 and full-width separators work here too,
    and a UTF-16 file is refused with the advice the import gives."""
    pairs = folder / "gb.csv"
    pairs.write_bytes("mark_a,mark_b,classes_a,classes_b\n康达,康达,第7类；8,7\n".encode("gb18030"))
    out = folder / "out.csv"
    result = runner.invoke(args=["similarity", "score", str(pairs), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").splitlines()[1].startswith("康达,康达,第7类；8,7,100")
    utf16 = folder / "utf16.csv"
    utf16.write_bytes("mark_a,mark_b\nA,B\n".encode("utf-16"))
    result = runner.invoke(args=["similarity", "score", str(utf16), "--out", str(out)])
    assert result.exit_code != 0
    assert "utf16.csv: the file is UTF-16" in result.output
