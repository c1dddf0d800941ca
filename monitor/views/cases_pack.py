"""A case's complaint pack as a zip download (endpoint `cases_pack.download`, the case page's
button), for everyone who may read cases; 409 naming the route for other routes.

The zip is written to a spooled temporary file (memory up to a few MB, then disk), so a case
with hundreds of listings and their pictures does not sit in memory while it is sent.
"""

from __future__ import annotations

import datetime as dt
import tempfile

from flask import Blueprint, abort, send_file
from flask.typing import ResponseReturnValue
from flask_login import login_required

from monitor.db import get_session
from monitor.monitoring.packs import PackRefused, get_case, write_case_pack
from monitor.monitoring.records import evidence_store
from monitor.monitoring.sources import timezone
from monitor.views.common import translate_message

bp = Blueprint("cases_pack", __name__)

SPOOL_BYTES = 8 * 1024 * 1024


@bp.get("/cases/<int:case_id>/pack")
@login_required
def download(case_id: int) -> ResponseReturnValue:
    case = get_case(get_session(), case_id)
    if case is None:
        abort(404)
    tz = timezone()
    now = dt.datetime.now(tz)
    # closed by the response once sent (send_file wraps it), not by a with block here
    out = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115
    try:
        write_case_pack(
            get_session(), case, out, store=evidence_store(), today=now.date(), now=now, tz=tz
        )
    except PackRefused as exc:
        out.close()
        abort(409, description=translate_message(exc.message))
    except BaseException:
        out.close()
        raise
    out.seek(0)
    return send_file(
        out,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"case-{case_id}-pack.zip",
        max_age=0,
    )
