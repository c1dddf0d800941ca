"""`ipwatch similarity score|screen` on batches with bad rows: a batch never dies for one row,
each bad row is reported with its reason, and marks that are only a picture are scored on it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PIL import Image, ImageOps

from tests.infringement.similarity.test_logos import draw_logo, png


def read_csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    logos = tmp_path / "logos"
    logos.mkdir()
    (logos / "star.png").write_bytes(png(draw_logo(0)))
    (logos / "star-inverted.png").write_bytes(png(ImageOps.invert(draw_logo(0))))
    (logos / "disc.png").write_bytes(png(draw_logo(2)))
    (logos / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    (logos / "blank.png").write_bytes(png(Image.new("RGB", (200, 120), "white")))
    return tmp_path


def score(runner, folder: Path, content: str):
    (folder / "in.csv").write_text(content, encoding="utf-8")
    return runner.invoke(
        args=["similarity", "score", str(folder / "in.csv"), "--out", str(folder / "out.csv")]
    )


# (id, row, error cell); every row of one batch, the reason for each in its id
ROWS = [
    ("good-words", "KANGDA,KANGDAA,,,7,7", ""),
    ("picture-only-copy", ",,logos/star.png,logos/star-inverted.png,,", ""),
    (
        "unreadable-image",
        "KANGDA,KANGDA,logos/broken.png,,,",
        "image_a logos/broken.png: broken image",
    ),
    ("missing-image", "KANGDA,KANGDA,,logos/none.png,,", "image_b logos/none.png: cannot read"),
    (
        "blank-image",
        ",,logos/blank.png,logos/star.png,,",
        "image_a logos/blank.png: nothing is drawn in it (the image is one colour)",
    ),
    (
        "bad-nice-class",
        "KANGDA,KANGDA,,,7;99,7",
        "classes_a: class 99 is outside 1–45 (Nice classes are 1 to 45)",
    ),
    ("no-words-no-image", "KANGDA,,,,,", "mark_b: the mark is empty and there is no image"),
    (
        "picture-against-words",
        ",KANGDA,logos/star.png,,,",
        "mark_a: only a picture, and mark_b has no image to compare it with",
    ),
    ("more-cells-than-columns", "A,B,,,,,surplus", "row: more cells than columns"),
    ("picture-only-different", ",,logos/star.png,logos/disc.png,,", ""),
]
HEADER = "mark_a,mark_b,image_a,image_b,classes_a,classes_b\n"


def test_a_batch_with_bad_rows_runs_to_the_end_and_reports_each(runner, folder: Path) -> None:
    result = score(runner, folder, HEADER + "".join(row + "\n" for _, row, _ in ROWS))

    assert result.exit_code == 0, result.output
    rows = read_csv(folder / "out.csv")
    assert len(rows) == len(ROWS)
    for (case, _, error), row in zip(ROWS, rows, strict=True):
        assert row["error"].startswith(error) if error else row["error"] == "", case
        assert (row["score"] == "") == bool(error), case
        assert (row["verdict"] == "") == bool(error), case
    lines = result.stderr.splitlines()
    assert len(lines) == sum(1 for _, _, error in ROWS if error)
    assert lines[0].startswith("in.csv row 4: image_a logos/broken.png: broken image")
    assert "in.csv row 7: classes_a: class 99 is outside 1–45" in result.stderr
    assert "3 pairs scored, 2 similar, 7 refused (see the error column)" in result.stdout


def test_marks_that_are_only_pictures_are_scored_on_the_pictures(runner, folder: Path) -> None:
    result = score(
        runner,
        folder,
        "mark_a,mark_b,image_a,image_b\n"
        ",,logos/star.png,logos/star-inverted.png\n"
        ",,logos/star.png,logos/disc.png\n"
        "KANGDA,,logos/star.png,logos/star-inverted.png\n",
    )

    assert result.exit_code == 0, result.output
    copy, different, words_and_picture = read_csv(folder / "out.csv")
    assert copy["verdict"] == "similar" and float(copy["score"]) >= 90
    assert "logo matches after colour inversion" in copy["reasons"]
    assert different["verdict"] == "different" and different["error"] == ""
    assert words_and_picture["verdict"] == "similar"
    assert result.stderr == ""


def test_a_file_without_the_mark_columns_still_stops_before_writing(runner, folder: Path) -> None:
    (folder / "out.csv").write_text("previous result\n", encoding="utf-8")

    result = score(runner, folder, "image_a,image_b\nlogos/star.png,logos/disc.png\n")

    assert result.exit_code == 1
    assert "in.csv: missing column mark_a, mark_b" in result.output
    assert (folder / "out.csv").read_text(encoding="utf-8") == "previous result\n"


def screen(runner, folder: Path, watch: str, cands: str):
    (folder / "watch.csv").write_text(watch, encoding="utf-8")
    (folder / "cands.csv").write_text(cands, encoding="utf-8")
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
        ]
    )


def test_screen_finds_picture_only_marks_and_goes_past_bad_rows(runner, folder: Path) -> None:
    result = screen(
        runner,
        folder,
        "id,mark,image,classes\n"
        "W1,,logos/star.png,\n"  # a figurative mark
        "W2,KANGDA,logos/broken.png,7\n"  # screened on its words
        "W3,,logos/broken.png,\n"  # nothing left to screen
        "W4,HENGYA,,seven\n",  # bad classes
        "id,mark,image,classes\n"
        "C1,,logos/star-inverted.png,\n"
        "C2,KANGDAA,,7\n"
        "C3,,logos/blank.png,\n"
        "C4,,logos/disc.png,\n",
    )

    assert result.exit_code == 0, result.output
    hits = {(h["watch_id"], h["candidate_id"]) for h in read_csv(folder / "hits.csv")}
    assert hits == {("W1", "C1"), ("W2", "C2")}
    err = result.stderr
    assert (
        "watch.csv row 3: image logos/broken.png: broken image" in err
        and "; screened on its words only" in err
    )
    assert "watch.csv row 4: image logos/broken.png: broken image" in err
    assert 'watch.csv row 5: classes: "seven" is not a Nice class number (1–45); left out' in err
    assert (
        "cands.csv row 4: image logos/blank.png: nothing is drawn in it (the image is one "
        "colour); left out" in err
    )
    assert "3 candidates screened against 2 watched marks: 2 hits" in result.stdout
