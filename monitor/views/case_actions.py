"""The changes made on the case pages (legal and admin only): open a case, move its stage, set
its registrations, owner and notes, add alerts, outcomes, files and deadlines, mark deadlines
done. Each parses its form, calls one domain function at the version the page showed, commits,
and goes back to the case; a refused change shows the case page with the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from infringement.cases import casework, deadlines, files, outcomes
from infringement.cases.errors import CaseRefused
from infringement.cases.models import Case
from infringement.cases.registrations import find_registrations
from infringement.conflicts import Conflict
from monitor.db import get_write_session
from monitor.monitoring.records import evidence_store
from monitor.views.case_forms import (
    editors,
    form_date,
    form_version,
    new_case_values,
    refusal,
    split_ids,
    split_refs,
)
from monitor.views.case_page import bp, render_case
from monitor.views.common import or_404


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _user() -> str:
    return str(current_user.email)


def _field(name: str) -> str:
    return (request.form.get(name) or "").strip()


def _change(case_id: int, change: Callable[[Case], Any], done: str) -> ResponseReturnValue:
    """Run `change` on the case at the form's version, commit and go back to the case; on a
    refusal roll back and show the case page with the reason (409 for a stale version)."""
    session = get_write_session()
    case = or_404(session.get(Case, case_id))
    try:
        change(case)
    except (CaseRefused, Conflict) as exc:
        session.rollback()
        message, status = refusal(exc)
        return render_case(case_id, error=message, status=status)
    session.commit()
    flash(done, "success")
    return redirect(url_for("cases.detail", case_id=case_id), 303)


@bp.post("/new")
@editors
def create() -> ResponseReturnValue:
    session = get_write_session()
    fields = ("title", "route", "brand", "owner", "platform", "registrations", "alerts")
    form = {name: _field(name) for name in fields}
    try:
        marks = find_registrations(session, split_refs(form["registrations"]))
        case = casework.create_case(
            session,
            title=form["title"],
            route=form["route"],
            user=_user(),
            now=_now(),
            brand=form["brand"] or None,
            owner=form["owner"] or None,
            platform=form["platform"] or None,
            registrations=[m.id for m in marks if m.id is not None],
        )
        if ids := split_ids(form["alerts"]):
            casework.add_alerts(session, case, ids, user=_user(), now=_now())
    except CaseRefused as exc:
        session.rollback()
        message, status = refusal(exc)
        values = new_case_values([], **form)
        return render_template("cases/new.html", error=message, **values), status
    session.commit()
    flash(_("Case %(id)s opened.", id=case.id), "success")
    return redirect(url_for("cases.detail", case_id=case.id), 303)


@bp.post("/<int:case_id>/stage")
@editors
def move(case_id: int) -> ResponseReturnValue:
    stage, on, note = _field("stage"), form_date("on"), _field("note")

    def change(case: Case) -> None:
        casework.move_stage(
            get_write_session(),
            case,
            stage,
            user=_user(),
            now=_now(),
            on=on,
            note=note or None,
            expected_version=form_version(),
        )

    return _change(case_id, change, _("Stage changed."))


@bp.post("/<int:case_id>/registrations")
@editors
def registrations(case_id: int) -> ResponseReturnValue:
    def change(case: Case) -> None:
        session = get_write_session()
        marks = find_registrations(session, split_refs(_field("registrations")))
        ids = [m.id for m in marks if m.id is not None]
        casework.set_registrations(
            session, case, ids, user=_user(), now=_now(), expected_version=form_version()
        )

    return _change(case_id, change, _("Registrations saved."))


@bp.post("/<int:case_id>/owner")
@editors
def owner(case_id: int) -> ResponseReturnValue:
    def change(case: Case) -> None:
        casework.set_owner(
            get_write_session(),
            case,
            _field("owner") or None,
            user=_user(),
            now=_now(),
            expected_version=form_version(),
        )

    return _change(case_id, change, _("Owner saved."))


@bp.post("/<int:case_id>/notes")
@editors
def notes(case_id: int) -> ResponseReturnValue:
    def change(case: Case) -> None:
        casework.set_notes(
            get_write_session(),
            case,
            _field("notes") or None,
            user=_user(),
            now=_now(),
            expected_version=form_version(),
        )

    return _change(case_id, change, _("Notes saved."))


@bp.post("/<int:case_id>/alerts")
@editors
def alerts(case_id: int) -> ResponseReturnValue:
    ids = split_ids(_field("alerts"))

    def change(case: Case) -> None:
        casework.add_alerts(
            get_write_session(),
            case,
            ids,
            user=_user(),
            now=_now(),
            expected_version=form_version(),
        )

    return _change(case_id, change, _("Alerts added."))


@bp.post("/<int:case_id>/outcomes")
@editors
def outcome(case_id: int) -> ResponseReturnValue:
    on = form_date("on", default=dt.date.today()) or dt.date.today()

    def change(case: Case) -> None:
        outcomes.add_outcome(
            get_write_session(),
            case,
            kind=_field("kind"),
            on=on,
            user=_user(),
            now=_now(),
            quantity=_field("quantity"),
            amount=_field("amount"),
            currency=_field("currency") or "CNY",
            note=_field("note"),
            expected_version=form_version(),
        )

    return _change(case_id, change, _("Outcome recorded."))


@bp.post("/<int:case_id>/deadlines")
@editors
def deadline(case_id: int) -> ResponseReturnValue:
    due = form_date("due")
    if due is None:
        return render_case(case_id, error=_("Give the deadline a due date."), status=400)

    def change(case: Case) -> None:
        deadlines.add_deadline(
            get_write_session(),
            case,
            kind=_field("kind"),
            due=due,
            note=_field("note"),
            user=_user(),
            now=_now(),
            expected_version=form_version(),
        )

    return _change(case_id, change, _("Deadline added."))


@bp.post("/<int:case_id>/deadlines/<int:deadline_id>/done")
@editors
def deadline_done(case_id: int, deadline_id: int) -> ResponseReturnValue:
    done = _field("done") != "0"

    def change(case: Case) -> None:
        deadlines.set_deadline_done(
            get_write_session(),
            case,
            deadline_id,
            user=_user(),
            now=_now(),
            done=done,
            expected_version=form_version(),
        )

    return _change(case_id, change, _("Deadline updated."))


def _max_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024


@bp.post("/<int:case_id>/files")
@editors
def attach(case_id: int) -> ResponseReturnValue:
    uploads = [(f.filename or "", f.read()) for f in request.files.getlist("file") if f.filename]
    if not uploads:
        return render_case(case_id, error=_("Choose a file to attach."), status=400)
    session = get_write_session()
    case = or_404(session.get(Case, case_id))
    try:
        done = files.attach_files(
            session,
            case,
            uploads,
            store=evidence_store(),
            max_bytes=_max_bytes(),
            user=_user(),
            now=_now(),
            expected_version=form_version(),
        )
    except Conflict as exc:
        session.rollback()
        message, status = refusal(exc)
        return render_case(case_id, error=message, status=status)
    session.commit()
    refused = [refusal(r)[0] for r in done.refused]
    if done.files:
        flash(_("%(num)s file(s) attached.", num=len(done.files)), "success")
    if refused and not done.files:
        return render_case(case_id, error=_("Nothing was attached."), refused=refused, status=400)
    if refused:
        return render_case(
            case_id, error=_("Some files were refused."), refused=refused, status=400
        )
    return redirect(url_for("cases.detail", case_id=case_id), 303)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(_exc: RequestEntityTooLarge) -> ResponseReturnValue:
    limit = current_app.config["MAX_UPLOAD_MB"]
    message = _(
        "The upload is larger than the limit of %(limit)s MB; nothing was attached.", limit=limit
    )
    case_id = (request.view_args or {}).get("case_id")
    if case_id is None:
        return message, 413
    return render_case(int(case_id), error=message, status=413)
