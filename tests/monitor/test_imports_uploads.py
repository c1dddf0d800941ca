"""Upload folders under the instance directory: kept for an hour, then cleaned away."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from monitor.uploads import clean_stale_uploads
from tests.monitor.test_imports_page import GOOD, _upload, _workbook


def _folder(instance: Path, name: str, age: dt.timedelta) -> Path:
    folder = instance / "uploads" / name
    (folder / "csv").mkdir(parents=True)
    (folder / "csv" / "products.csv").write_text("product_id\n")
    then = time.time() - age.total_seconds()
    for path in (folder / "csv" / "products.csv", folder / "csv", folder):
        os.utime(path, (then, then))
    return folder


def test_folders_left_by_killed_imports_are_cleaned_and_fresh_ones_kept(tmp_path):
    old = _folder(tmp_path, "a" * 22, dt.timedelta(hours=3))
    legacy = _folder(tmp_path, "tmpk2j3l4m5", dt.timedelta(days=2))  # before upload ids
    fresh = _folder(tmp_path, "b" * 22, dt.timedelta(minutes=5))

    removed = clean_stale_uploads(tmp_path, dt.timedelta(hours=1))

    assert removed == 2
    assert not old.exists() and not legacy.exists() and fresh.exists()


def test_cleaning_an_instance_without_uploads_does_nothing(tmp_path):
    assert clean_stale_uploads(tmp_path / "nowhere", dt.timedelta(hours=1)) == 0


def test_a_failed_import_keeps_only_its_problem_list(app, client, login):
    login("brand_manager")
    bad = {"products": [["KD-1", "Drill", "", "KANGDA", "46", "CN"]]}

    assert _upload(client, _workbook(bad)).status_code == 400

    uploads = Path(app.config["INSTANCE_DIR"]) / "uploads"
    left = sorted(p.name for p in uploads.rglob("*") if p.is_file())
    assert left == ["meta.json", "problems.csv"]


def test_a_new_upload_cleans_stale_folders(app, client, login):
    login("brand_manager")
    stale = _folder(Path(app.config["INSTANCE_DIR"]), "c" * 22, dt.timedelta(hours=2))

    assert _upload(client, _workbook(GOOD)).status_code == 200

    assert not stale.exists()


def test_starting_the_app_clears_what_killed_imports_left(tmp_path):
    from monitor import create_app

    instance = tmp_path / "instance"
    old = _folder(instance, "c" * 22, dt.timedelta(hours=2))
    fresh = _folder(instance, "d" * 22, dt.timedelta(minutes=1))
    create_app(
        {
            "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.db'}",
            "SECRET_KEY": "test-secret",
            "INSTANCE_DIR": str(instance),
            "SCHEDULER": False,
        }
    )
    assert not old.exists() and fresh.exists()
