"""Working a case in the domain: opening it, refusals a user reads (stage, registrations, stale
edits, outcomes, files), alerts escalated into it, and every change in the hash-chained history."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from sqlmodel import Session

from crawlers.evidence import EvidenceStore
from infringement.audit import all_entries, history, verify_chain
from infringement.cases.casework import (
    add_alerts,
    create_case,
    move_stage,
    set_notes,
    set_owner,
    set_registrations,
)
from infringement.cases.errors import (
    CaseRefused,
    NeedsRegistrations,
    RegistrationRefused,
    StageRefused,
)
from infringement.cases.files import attach_files, list_files
from infringement.cases.models import Case, Route
from infringement.cases.outcomes import add_outcome, list_outcomes
from infringement.conflicts import Conflict
from infringement.models import AlertStatus
from tests.factories import make_trademark
from tests.monitor.test_alert_pages import PNG, make_alert, make_observation

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
USER = "legal@example.com"


def new_case(session: Session, route: Route = Route.PLATFORM_COMPLAINT, **kw: object) -> Case:
    return create_case(session, title="Fake KANGDA drills", route=route, user=USER, now=NOW, **kw)  # type: ignore[arg-type]


def test_create_case_starts_at_draft_and_is_recorded(session: Session) -> None:
    mark = make_trademark(session, tm_no="10000001")
    case = new_case(session, brand="KANGDA", owner="Legal@Example.com", registrations=[mark.id])
    assert (case.stage, case.version, case.owner) == ("draft", 1, "legal@example.com")
    (entry,) = history(session, "case", case.id or 0)
    assert entry.action == "case created"
    assert entry.after["registrations"] == ["CN 10000001"]


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        pytest.param({"title": "  "}, "give the case a title", id="empty-title"),
        pytest.param({"route": "lawsuit"}, "unknown route lawsuit", id="unknown-route"),
        pytest.param({"owner": "bob"}, "not an email address", id="owner-not-an-email"),
    ],
)
def test_create_case_refusals(session: Session, kw: dict, message: str) -> None:
    values = {"title": "x", "route": "platform_complaint", "user": USER, "now": NOW, **kw}
    with pytest.raises(CaseRefused, match=message):
        create_case(session, **values)


def test_only_live_registrations_can_be_relied_on(session: Session) -> None:
    pending = make_trademark(session, tm_no="20000001", status="pending", registration_date=None)
    expired = make_trademark(session, tm_no="20000002", expiry_date=dt.date(2025, 1, 1))
    with pytest.raises(RegistrationRefused, match=r"CN 20000001 \(pending\)"):
        new_case(session, registrations=[pending.id])
    with pytest.raises(RegistrationRefused, match="CN 20000002"):
        new_case(session, registrations=[expired.id])
    with pytest.raises(RegistrationRefused, match="no trademark 99999"):
        new_case(session, registrations=[99999])


def test_a_case_cannot_leave_draft_without_registrations(session: Session) -> None:
    case = new_case(session)
    with pytest.raises(NeedsRegistrations, match="needs at least one registration"):
        move_stage(session, case, "complaint_filed", user=USER, now=NOW)
    assert case.stage == "draft"
    move_stage(session, case, "closed", user=USER, now=NOW)  # dropping a draft needs none
    assert case.stage == "closed" and case.closed_at is not None


def test_a_refused_transition_names_the_allowed_ones(session: Session) -> None:
    mark = make_trademark(session)
    case = new_case(session, registrations=[mark.id])
    with pytest.raises(StageRefused) as refused:
        move_stage(session, case, "lifted", user=USER, now=NOW)
    assert refused.value.allowed == ("complaint_filed", "closed")
    assert "allowed next: complaint_filed, closed" in str(refused.value)


def test_stage_moves_record_who_when_date_and_note(session: Session) -> None:
    mark = make_trademark(session)
    case = new_case(session, registrations=[mark.id])
    move_stage(
        session,
        case,
        "complaint_filed",
        user="ann@example.com",
        now=NOW,
        on=dt.date(2026, 11, 28),
        note="IPP complaint 123",
    )
    entry = [e for e in history(session, "case", case.id or 0) if e.action == "stage moved"][0]
    assert entry.user == "ann@example.com"
    assert entry.before == {"stage": "draft"}
    assert entry.after == {
        "stage": "complaint_filed",
        "on": "2026-11-28",
        "note": "IPP complaint 123",
    }
    assert case.version == 2


def test_a_stale_version_is_a_conflict_and_nothing_is_written(session: Session) -> None:
    mark = make_trademark(session)
    case = new_case(session, registrations=[mark.id])
    set_owner(session, case, "ann@example.com", user=USER, now=NOW, expected_version=1)
    before = len(history(session, "case", case.id or 0))
    with pytest.raises(Conflict) as conflict:
        move_stage(session, case, "complaint_filed", user=USER, now=NOW, expected_version=1)
    assert conflict.value.current == 2
    assert case.stage == "draft"
    assert len(history(session, "case", case.id or 0)) == before


def test_add_alerts_escalates_them_into_the_case(session: Session) -> None:
    case = new_case(session)
    alerts = [make_alert(session, make_observation(session, text=f"KANGDA {n}")) for n in (1, 2)]
    add_alerts(session, case, [a.id for a in alerts], user=USER, now=NOW)
    for alert in alerts:
        assert (alert.status, alert.case_id, alert.version) == (AlertStatus.ESCALATED, case.id, 2)
        (entry,) = history(session, "alert", alert.id or 0)
        assert entry.after == {"status": "escalated", "case_id": case.id}
    assert [e.action for e in history(session, "case", case.id or 0)][-1] == "alerts added"
    with pytest.raises(CaseRefused, match="no alert 999"):
        add_alerts(session, case, [999], user=USER, now=NOW)


def test_registrations_notes_and_history_chain(session: Session) -> None:
    one, two = make_trademark(session, tm_no="1"), make_trademark(session, tm_no="2")
    case = new_case(session, registrations=[one.id])
    set_registrations(session, case, [one.id, two.id], user=USER, now=NOW)  # type: ignore[list-item]
    move_stage(session, case, "complaint_filed", user=USER, now=NOW)
    with pytest.raises(NeedsRegistrations):
        set_registrations(session, case, [], user=USER, now=NOW)
    set_notes(session, case, "seller also on JD", user=USER, now=NOW)
    actions = [e.action for e in history(session, "case", case.id or 0)]
    assert actions == ["case created", "registrations set", "stage moved", "notes set"]
    assert list(verify_chain(all_entries(session))) == []


@pytest.mark.parametrize(
    ("kw", "message"),
    [
        pytest.param({"kind": "bribe"}, "unknown outcome bribe", id="unknown-kind"),
        pytest.param({"kind": "takedown"}, "needs a quantity", id="takedown-without-count"),
        pytest.param({"kind": "damages"}, "needs an amount", id="damages-without-amount"),
        pytest.param({"kind": "damages", "amount": "-5"}, "0 or more", id="negative-amount"),
        pytest.param({"kind": "damages", "amount": "lots"}, "not a number", id="amount-not-number"),
        pytest.param(
            {"kind": "costs_spent", "amount": "5", "currency": "yuan"},
            "ISO 4217",
            id="bad-currency",
        ),
        pytest.param({"kind": "seized"}, "quantity of goods or their value", id="seized-empty"),
    ],
)
def test_outcome_refusals(session: Session, kw: dict, message: str) -> None:
    case = new_case(session)
    with pytest.raises(CaseRefused, match=message):
        add_outcome(session, case, on=dt.date(2026, 12, 1), user=USER, now=NOW, **kw)
    assert list_outcomes(session, case.id or 0) == []


def test_outcomes_are_recorded(session: Session) -> None:
    case = new_case(session)
    add_outcome(
        session, case, kind="takedown", quantity=12, on=dt.date(2026, 12, 1), user=USER, now=NOW
    )
    add_outcome(
        session,
        case,
        kind="damages",
        amount="50,000",
        currency="cny",
        on=dt.date(2026, 12, 2),
        user=USER,
        now=NOW,
    )
    rows = list_outcomes(session, case.id or 0)
    assert [(o.kind, o.quantity, o.amount, o.currency) for o in rows] == [
        ("takedown", 12, None, None),
        ("damages", None, 50000.0, "CNY"),
    ]


def test_files_are_checked_and_stored_write_once(session: Session, tmp_path: Path) -> None:
    store = EvidenceStore(tmp_path / "evidence")
    case = new_case(session)
    done = attach_files(
        session,
        case,
        [
            ("../../letter.pdf", b"%PDF-1.7 the letter"),
            ("shot.png", PNG),
            ("huge.pdf", b"%PDF-" + b"x" * 2000),
            ("script.html", b"<script>alert(1)</script>"),
            ("fake.png", b"<svg onload=alert(1)>"),
            ("empty.txt", b""),
        ],
        store=store,
        max_bytes=1000,
        user=USER,
        now=NOW,
    )
    assert [f.filename for f in done.files] == ["letter.pdf", "shot.png"]
    reasons = {r.filename: str(r) for r in done.refused}
    assert "too large" in reasons["huge.pdf"]
    assert "not accepted" in reasons["script.html"]
    assert "not a .png file" in reasons["fake.png"]
    assert "empty" in reasons["empty.txt"]
    pdf = list_files(session, case.id or 0)[0]
    assert pdf.sha256 == hashlib.sha256(b"%PDF-1.7 the letter").hexdigest()
    assert store.path(pdf.sha256).read_bytes() == b"%PDF-1.7 the letter"
    assert not store.path(pdf.sha256).stat().st_mode & 0o222  # read-only
    assert pdf.content_type == "application/pdf"


def test_two_writers_from_the_same_read_only_one_wins(session: Session, engine) -> None:
    mark = make_trademark(session)
    case = new_case(session, registrations=[mark.id])
    session.commit()
    with Session(engine, expire_on_commit=False) as other:
        theirs = other.get(Case, case.id)
        assert theirs is not None
        other.commit()  # they read version 1 and went on reading the page
        move_stage(session, case, "complaint_filed", user="ann@example.com", now=NOW)
        session.commit()
        # no version from a form: the conditional update still sees the row moved on
        with pytest.raises(Conflict) as conflict:
            move_stage(other, theirs, "closed", user="bob@example.com", now=NOW)
        other.rollback()
        assert conflict.value.current == 2
    session.expire_all()
    stored = session.get(Case, case.id)
    assert stored is not None and (stored.stage, stored.version) == ("complaint_filed", 2)
    assert [e.user for e in history(session, "case", case.id or 0)][-1] == "ann@example.com"
