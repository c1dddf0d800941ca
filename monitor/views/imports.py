"""Upload the portfolio workbook (or a .zip of the three CSVs) and show the import report."""

from __future__ import annotations

import tempfile
import zipfile
from io import BytesIO
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request, send_file
from flask_babel import gettext as _
from flask_login import login_required
from werkzeug.datastructures import FileStorage

from coverage.imports.importer import ImportFailed, import_portfolio
from coverage.imports.template import build_template
from monitor.auth import requires_edit
from monitor.db import get_session
from monitor.views.common import geography, translate_message

bp = Blueprint("imports", __name__, url_prefix="/import")
# the report's reasons and notes are domain Messages: `{{ problem.reason|message }}`
bp.add_app_template_filter(translate_message, "message")

XLSX_MAGIC = b"PK\x03\x04"  # an .xlsx is a zip archive
OLE_MAGIC = b"\xd0\xcf\x11\xe0"  # old .xls, or an .xlsx saved with a password (encrypted)
CSV_NAMES = ("products.csv", "patents.csv", "trademarks.csv")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _checked_upload() -> tuple[FileStorage, str]:
    """The uploaded file and its extension; 400 unless it is really an .xlsx or a .zip."""
    upload = request.files.get("workbook")
    if upload is None or not upload.filename:
        abort(400, description=_("Choose a file to upload."))
    ext = Path(upload.filename).suffix.lower()
    head = upload.stream.read(8)
    upload.stream.seek(0)
    if ext == ".xls":
        abort(
            400,
            description=_(
                "This is an old Excel file (.xls); open it in Excel and save it "
                "as an Excel workbook (.xlsx)."
            ),
        )
    if ext not in (".xlsx", ".zip"):
        abort(
            400,
            description=_(
                "Upload an Excel workbook (.xlsx) or a .zip holding "
                "products.csv, patents.csv and trademarks.csv."
            ),
        )
    if not (head.startswith(XLSX_MAGIC) or (ext == ".xlsx" and head.startswith(OLE_MAGIC))):
        abort(
            400,
            description=_(
                "The file is not an Excel workbook (.xlsx) or a .zip archive, "
                "whatever its name says."
            ),
        )
    return upload, ext


def _unpack_zip(archive: Path, folder: Path, max_bytes: int) -> None:
    """Extract only the three CSVs (by their base name), refusing archives that unpack too large."""
    with zipfile.ZipFile(archive) as zf:
        members = {Path(i.filename).name.lower(): i for i in zf.infolist() if not i.is_dir()}
        wanted = [members[n] for n in CSV_NAMES if n in members]
        if sum(i.file_size for i in wanted) > max_bytes:
            abort(413)
        for info in wanted:
            (folder / Path(info.filename).name.lower()).write_bytes(zf.read(info))


def _stage(upload: FileStorage, ext: str, folder: Path, max_bytes: int) -> Path:
    """Save the upload under `folder` with a fixed name; return what to import."""
    saved = folder / f"upload{ext}"
    upload.save(saved)
    if ext == ".xlsx":
        return saved
    csvs = folder / "csv"
    csvs.mkdir()
    try:
        _unpack_zip(saved, csvs, max_bytes)
    except zipfile.BadZipFile:
        abort(400, description=_("The .zip archive is damaged."))
    return csvs


def _uploads_dir() -> Path:
    folder = Path(current_app.config["INSTANCE_DIR"]) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@bp.route("", methods=["GET", "POST"])
@requires_edit("portfolio")
def upload():  # type: ignore[no-untyped-def]
    if request.method == "GET":
        return render_template("imports/upload.html")
    file, ext = _checked_upload()
    max_bytes = int(current_app.config["MAX_CONTENT_LENGTH"])
    session = get_session()
    with tempfile.TemporaryDirectory(dir=_uploads_dir()) as tmp:
        path = _stage(file, ext, Path(tmp), max_bytes)
        try:
            summary = import_portfolio(
                path, session=session, geography=geography(), max_bytes=max_bytes
            )
        except ImportFailed as exc:
            session.rollback()
            return render_template(
                "imports/upload.html", problems=exc.problems, filename=file.filename
            ), 400
    session.commit()
    return render_template(
        "imports/upload.html", counts=summary.counts, notes=summary.notes, filename=file.filename
    )


@bp.get("/template.xlsx")
@login_required
def template():  # type: ignore[no-untyped-def]
    return send_file(
        BytesIO(build_template()),
        mimetype=XLSX_TYPE,
        as_attachment=True,
        download_name="ipwatch-portfolio-template.xlsx",
    )
