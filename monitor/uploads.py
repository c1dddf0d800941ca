"""Uploaded import files kept under the instance directory while a person checks and applies them.

Each upload gets a folder `uploads/<random id>/` with the file as uploaded (a .zip unpacked to its
three CSV files), who uploaded it, and the lists a person may download (problems, changes). A
folder older than KEEP_FOR cannot be applied any more and is removed by clean_stale_uploads, which
the app also runs at start for the folders of imports killed half-way.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
import shutil
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from flask import abort
from flask_babel import gettext as _
from werkzeug.datastructures import FileStorage

KEEP_FOR = dt.timedelta(hours=1)
CSV_NAMES = ("products.csv", "patents.csv", "trademarks.csv")
_ID = re.compile(r"[A-Za-z0-9_-]{22}")
_META = "meta.json"
LISTS = ("problems", "changes")


@dataclass(frozen=True)
class Upload:
    """One uploaded file in its folder: its id, who uploaded it and its name as uploaded."""

    id: str
    folder: Path
    user: str
    filename: str

    @property
    def path(self) -> Path | None:
        """What to import: the workbook or the folder of CSV files; None once it was discarded."""
        for name in ("csv", "upload.xlsx"):
            if (self.folder / name).exists():
                return self.folder / name
        return None

    def list_path(self, name: str) -> Path:
        """Where the downloadable list `name` (problems or changes) is kept."""
        if name not in LISTS:
            raise ValueError(name)
        return self.folder / f"{name}.csv"

    def write_list(self, name: str, write: Callable[[TextIO], None]) -> None:
        """Write the list `name` as CSV in UTF-8 with a BOM (so that Excel reads Chinese)."""
        with self.list_path(name).open("w", encoding="utf-8-sig", newline="") as out:
            write(out)

    def discard_data(self) -> None:
        """Delete the uploaded file, keeping the lists to download."""
        for name in ("csv", "upload.xlsx", "upload.zip"):
            target = self.folder / name
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            else:
                target.unlink(missing_ok=True)

    def remove(self) -> None:
        """Delete the whole folder."""
        shutil.rmtree(self.folder, ignore_errors=True)


def uploads_dir(instance_dir: Path) -> Path:
    """The folder that holds the uploads of an instance."""
    return instance_dir / "uploads"


def new_upload(instance_dir: Path, *, user: str, filename: str) -> Upload:
    """Make a folder for a new upload by `user` and return it (the file is not saved yet)."""
    upload_id = secrets.token_urlsafe(16)
    folder = uploads_dir(instance_dir) / upload_id
    folder.mkdir(parents=True)
    meta = {"user": user, "filename": filename, "created": time.time()}
    (folder / _META).write_text(json.dumps(meta), encoding="utf-8")
    return Upload(upload_id, folder, user, filename)


def find_upload(instance_dir: Path, upload_id: str, *, user: str) -> Upload | None:
    """The upload `upload_id` of `user`, or None when there is none (or no more: expired)."""
    if not _ID.fullmatch(upload_id):
        return None
    folder = uploads_dir(instance_dir) / upload_id
    try:
        meta = json.loads((folder / _META).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    upload = Upload(upload_id, folder, str(meta.get("user")), str(meta.get("filename", "")))
    if time.time() - float(meta.get("created", 0)) > KEEP_FOR.total_seconds():
        upload.remove()
        return None
    return upload if upload.user == user else None


def clean_stale_uploads(instance_dir: Path, older_than: dt.timedelta) -> int:
    """Delete upload folders (and stray files) untouched for `older_than`; return how many."""
    root = uploads_dir(instance_dir)
    if not root.is_dir():
        return 0
    cutoff, removed = time.time() - older_than.total_seconds(), 0
    for entry in root.iterdir():
        try:
            if entry.lstat().st_mtime >= cutoff:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
        except OSError:  # another process cleaned it first, or it is in use
            continue
        removed += 1
    return removed


def save_upload(file: FileStorage, ext: str, upload: Upload, *, max_bytes: int) -> None:
    """Save the uploaded file in the upload's folder; a .zip is unpacked to its three CSV files."""
    saved = upload.folder / f"upload{ext}"
    file.save(saved)
    if ext == ".xlsx":
        return
    csvs = upload.folder / "csv"
    csvs.mkdir()
    try:
        fits = _unpack_zip(saved, csvs, max_bytes)
    except zipfile.BadZipFile:
        upload.remove()
        abort(400, description=_("The .zip archive is damaged."))
    saved.unlink()
    if not fits:
        upload.remove()
        abort(413)


def _unpack_zip(archive: Path, folder: Path, max_bytes: int) -> bool:
    """Extract only the three CSVs (by their base name); False when they unpack too large."""
    with zipfile.ZipFile(archive) as zf:
        members = {Path(i.filename).name.lower(): i for i in zf.infolist() if not i.is_dir()}
        wanted = [members[n] for n in CSV_NAMES if n in members]
        if sum(i.file_size for i in wanted) > max_bytes:
            return False
        for info in wanted:
            (folder / Path(info.filename).name.lower()).write_bytes(zf.read(info))
    return True
