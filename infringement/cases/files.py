"""Files attached to a case (letters, notarised purchases, decisions, receipts): checked for size
and type by their content as well as their name, stored write-once by SHA-256 in the evidence
store the caller hands in, and recorded in the case's history."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from sqlmodel import Session, col, select

from coverage.messages import msg
from infringement.cases.changes import claim, log
from infringement.cases.errors import FileRefused
from infringement.cases.models import Case, CaseFile

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Outlook .msg (a compound file)
ZIP = (b"PK\x03\x04", b"PK\x05\x06")
# extension -> the type it is stored and served as
TYPES: dict[str, str] = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "txt": "text/plain",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "zip": "application/zip",
    "eml": "message/rfc822",
    "msg": "application/vnd.ms-outlook",
}
PICTURES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
MAX_NAME = 255
_UNSAFE = re.compile(r"[\x00-\x1f\x7f]")


class BlobStore(Protocol):
    """Where file bytes go: write-once, named by their SHA-256 (crawlers.evidence.EvidenceStore)."""

    def put(self, data: bytes) -> str:
        """Store `data` (once) and return its hex SHA-256."""
        ...


def _is_text(data: bytes) -> bool:
    if b"\x00" in data:
        return False
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def _zip_holds(data: bytes, member: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return member in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False


def _content_matches(ext: str, data: bytes) -> bool:
    """Tell whether the bytes are what the extension says (no script passes as a picture)."""
    checks = {
        "pdf": lambda: data.startswith(b"%PDF-"),
        "png": lambda: data.startswith(b"\x89PNG\r\n\x1a\n"),
        "jpg": lambda: data.startswith(b"\xff\xd8\xff"),
        "jpeg": lambda: data.startswith(b"\xff\xd8\xff"),
        "gif": lambda: data[:6] in (b"GIF87a", b"GIF89a"),
        "webp": lambda: data[:4] == b"RIFF" and data[8:12] == b"WEBP",
        "zip": lambda: data.startswith(ZIP),
        "xlsx": lambda: data.startswith(ZIP) and _zip_holds(data, "xl/workbook.xml"),
        "docx": lambda: data.startswith(ZIP) and _zip_holds(data, "word/document.xml"),
        "msg": lambda: data.startswith(OLE),
    }
    check = checks.get(ext)
    return check() if check is not None else _is_text(data)  # txt, csv, eml


def clean_name(filename: str) -> str:
    """Return the file's own name: no folders, no control characters, at most 255 characters."""
    name = _UNSAFE.sub("", re.split(r"[\\/]", filename or "")[-1]).strip()
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: MAX_NAME - len(ext) - 1] + dot + ext) if dot else name[:MAX_NAME]
    return name


@dataclass(frozen=True)
class CheckedFile:
    """A file that passed the checks: its clean name, its bytes and the type it is kept as."""

    filename: str
    data: bytes
    content_type: str


def check_file(filename: str, data: bytes, *, max_bytes: int) -> CheckedFile:
    """Return the file checked; raise FileRefused naming it and why (size, type, content)."""
    name = clean_name(filename)
    shown = name or filename or "?"
    if not name:
        raise FileRefused(msg("a file without a name cannot be attached"), shown)
    if len(data) > max_bytes:
        raise FileRefused(
            msg(
                "%(file)s is too large: %(size)s MB, at most %(max)s MB",
                file=name,
                size=f"{len(data) / 2**20:.1f}",
                max=f"{max_bytes / 2**20:g}",
            ),
            name,
        )
    if not data:
        raise FileRefused(msg("%(file)s is empty", file=name), name)
    ext = name.rpartition(".")[2].lower() if "." in name else ""
    if ext not in TYPES:
        allowed = ", ".join(sorted(set(TYPES) - {"jpg"}))
        raise FileRefused(
            msg(
                "%(file)s: this type is not accepted; accepted: %(types)s", file=name, types=allowed
            ),
            name,
        )
    if not _content_matches(ext, data):
        raise FileRefused(
            msg("%(file)s is not a .%(ext)s file, whatever its name says", file=name, ext=ext),
            name,
        )
    return CheckedFile(name, data, TYPES[ext])


@dataclass(frozen=True)
class Attached:
    """What an upload did: the files attached and the ones refused (with why)."""

    files: list[CaseFile]
    refused: list[FileRefused]


def attach_files(
    session: Session,
    case: Case,
    uploads: Sequence[tuple[str, bytes]],
    *,
    store: BlobStore,
    max_bytes: int,
    user: str,
    now: dt.datetime,
    expected_version: int | None = None,
) -> Attached:
    """Attach every acceptable file of `uploads` ((filename, bytes) pairs) to `case`; the
    refused ones are returned with the reason, the others stored and recorded."""
    checked: list[CheckedFile] = []
    refused: list[FileRefused] = []
    for filename, data in uploads:
        try:
            checked.append(check_file(filename, data, max_bytes=max_bytes))
        except FileRefused as exc:
            refused.append(exc)
    if not checked:
        return Attached([], refused)
    claim(session, case, now=now, expected=expected_version)
    assert case.id is not None
    rows: list[CaseFile] = []
    for item in checked:
        sha = store.put(item.data)
        row = CaseFile(
            case_id=case.id,
            sha256=sha,
            filename=item.filename,
            content_type=item.content_type,
            bytes=len(item.data),
            captured_at=now,
            uploaded_by=user,
        )
        session.add(row)
        session.flush()
        rows.append(row)
        after = {"id": row.id, "filename": row.filename, "sha256": sha, "bytes": row.bytes}
        log(session, case, user=user, action="file attached", now=now, after=after)
    return Attached(rows, refused)


def list_files(session: Session, case_id: int) -> list[CaseFile]:
    """Return the files of `case_id`, oldest first."""
    query = select(CaseFile).where(CaseFile.case_id == case_id)
    return list(session.exec(query.order_by(col(CaseFile.id))).all())


def get_file(session: Session, case_id: int, file_id: int) -> CaseFile | None:
    """Return file `file_id` of `case_id`, or None."""
    row = session.get(CaseFile, file_id)
    return row if row is not None and row.case_id == case_id else None
