"""Evidence files by SHA-256, for logged-in users: pictures as pictures, everything else as text.

A stored page is whatever a marketplace sent, so it is never served as HTML (it would run in
our origin): pages and gazette records go out as text/plain, pictures only with an image type,
and every answer carries `nosniff` and a sandboxing Content-Security-Policy.
"""

from __future__ import annotations

import re

from flask import Blueprint, abort, send_file
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required
from sqlmodel import Session, col, select

from infringement.models import Evidence, EvidenceKind
from monitor.db import get_session
from monitor.monitoring.records import evidence_store

bp = Blueprint("evidence", __name__, url_prefix="/evidence")

SHA256 = re.compile(r"^[0-9a-f]{64}$")
# picture types a browser shows as pictures and that carry no script (SVG can: not served so)
PICTURE_TYPES = frozenset(
    {"image/png", "image/jpeg", "image/gif", "image/webp", "image/bmp", "image/avif"}
)
SANDBOX = "default-src 'none'; img-src 'self'; sandbox"


@bp.get("/<sha256>")
@login_required
def show(sha256: str) -> ResponseReturnValue:
    if not SHA256.match(sha256):
        abort(400, description=_("Not an evidence file name: 64 lowercase hexadecimal digits."))
    found = _evidence(get_session(), sha256)
    if found is None:
        abort(404)
    path = evidence_store().path(sha256)
    if not path.is_file():
        abort(404, description=_("The evidence file is missing from the store."))
    mimetype, download = _served_type(found)
    response = send_file(
        path,
        mimetype=mimetype,
        as_attachment=download,
        download_name=f"{sha256}.bin" if download else None,
        conditional=True,
        etag=sha256,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = SANDBOX
    response.headers["Cache-Control"] = "private, max-age=3600"
    return response


def _served_type(found: Evidence) -> tuple[str, bool]:
    """The type to send the file as, and whether to send it as a download."""
    declared = (found.content_type or "").split(";", 1)[0].strip().lower()
    if str(found.kind) == EvidenceKind.PICTURE:
        if declared in PICTURE_TYPES:
            return declared, False
        return "application/octet-stream", True  # a "picture" that is not one: download only
    return f"text/plain; charset={_charset(found.content_type)}", False


def _charset(content_type: str | None) -> str:
    match = re.search(r"charset=([A-Za-z0-9._-]{1,40})", content_type or "")
    return match.group(1) if match else "utf-8"


def _evidence(session: Session, sha256: str) -> Evidence | None:
    # belongs with evidence_of in monitor.monitoring.alert_list (not this module's to edit)
    query = select(Evidence).where(Evidence.sha256 == sha256).order_by(col(Evidence.id)).limit(1)
    return session.exec(query).first()
