"""The deadlines a case's route and events give, computed from plain records (no database).

Each rule starts from an event (the date a case reached a stage) or a fact of the case (a
filing's publication, the date we learned of the infringement) and ends on a date rolled past
the days the Chinese authorities do not work (`infringement.workdays.roll_forward`: a period
whose last day is a statutory holiday ends on the first working day after it, Civil Code
art. 203). A deadline is done once the case reached a stage that answers it after the event.
Periods in days are calendar days unless named working days. Not legal advice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from coverage.messages import Message, join_texts, msg, text
from infringement.cases.models import Route
from infringement.opposition import (
    OppositionDeadline,
    OppositionPeriod,
    add_months,
    opposition_deadline,
)
from infringement.workdays import is_working_day, roll_forward

OFFICE = "CN"  # whose working days decide: the Chinese courts, platforms, AMR and customs
COUNTER_NOTICE_DAYS = 15  # E-Commerce Law art. 43
DETENTION_WORKING_DAYS = 3  # customs detention notice: the owner must act within 3 working days
LIMITATION_MONTHS = 36  # Civil Code art. 188: 3 years from when the right holder knew
RECORDAL_MONTHS = 120  # GACC recordal valid 10 years (Customs IP Regulations art. 10)
RENEWAL_WINDOW_MONTHS = 6  # renewal applied for in the last 6 months of validity
PRESERVATION_DAYS = 30  # pre-suit preservation lapses unless suit is filed within 30 days
APPEAL_DAYS = 15  # appeal of a first-instance judgment (Civil Procedure Law art. 171)

KINDS = (
    "counter_notice_lift",
    "response_due",
    "opposition_end",
    "detention_action",
    "recordal_renewal",
    "limitation",
    "file_after_preservation",
    "appeal",
    "other",
)
"""Kinds of deadline; `response_due` and `other` are entered by hand."""
MANUAL_KINDS = ("response_due", "other")

_ = msg  # the notes below are extracted like every other domain message
NOTES: dict[str, Message] = {
    "counter_notice_lift": _(
        "the takedown is lifted 15 days after the counter-notice of %(on)s unless a complaint "
        "or suit is filed (E-Commerce Law art. 43)"
    ),
    "limitation": _("3-year limitation from knowledge on %(on)s (Civil Code art. 188)"),
    "file_after_preservation": _(
        "file suit within 30 days of pre-suit preservation on %(on)s (Civil Procedure Law art. 104)"
    ),
    "appeal": _(
        "appeal within 15 days of the judgment served on %(on)s (30 days for a party without a "
        "domicile in China; Civil Procedure Law art. 171)"
    ),
    "detention_action": _(
        "act within 3 working days of the detention notice of %(on)s, or the goods are released"
    ),
    "recordal_renewal": _("recordal of %(on)s valid 10 years; renewal window opens %(opens)s"),
    "rolled": _("rolled from %(raw)s (not a working day)"),
    "opposition": _("%(filing)s: %(note)s"),
    "opposition_stored": _("opposition period from publication"),
}
"""What the computed deadlines say (`DueDate.note`: the English, which a web page words again in
its language from these templates). A note rolled past a closed day ends with "; " and the
"rolled" note."""


@dataclass(frozen=True)
class StageEvent:
    """The case reached `stage` on `on` (the date the user gave, else the day it was moved)."""

    stage: str
    on: dt.date


@dataclass(frozen=True)
class Filing:
    """A filed mark in the case (an alert on a gazette filing) and its publication."""

    office: str | None
    application_no: str | None
    publication_date: dt.date | None
    stored_deadline: dt.date | None = None  # computed when the filing was imported
    stored_note: str | None = None


@dataclass(frozen=True)
class CaseFacts:
    """What the rules read: the route, the stage history, the filings and the knowledge date."""

    route: Route
    events: tuple[StageEvent, ...]
    knowledge: dt.date  # when we learned of the infringement: the first alert, else the case
    filings: tuple[Filing, ...] = ()


@dataclass(frozen=True)
class DueDate:
    """A computed deadline: what, when (rolled to a working day), why, and whether answered."""

    kind: str
    due: dt.date
    note: str
    done: bool


def add_working_days(start: dt.date, days: int, office: str = OFFICE) -> dt.date:
    """Return the `days`-th working day of `office` after `start` (`start` itself not counted)."""
    day, counted = start, 0
    while counted < days:
        day += dt.timedelta(days=1)
        if is_working_day(day, office):
            counted += 1
    return day


def _note(kind: str, **params: object) -> str:
    return text(NOTES[kind].template, **params)


def _rolled(raw: dt.date) -> tuple[dt.date, list[str]]:
    """The working day `raw` rolls to, and the note saying so (none when it did not roll)."""
    due = roll_forward(raw, OFFICE)
    return due, ([_note("rolled", raw=raw.isoformat())] if due != raw else [])


def _last(events: Sequence[StageEvent], stage: str) -> tuple[int, StageEvent] | None:
    for index in range(len(events) - 1, -1, -1):
        if events[index].stage == stage:
            return index, events[index]
    return None


def _answered(events: Sequence[StageEvent], after: int, stages: frozenset[str]) -> bool:
    return any(e.stage in stages for e in events[after + 1 :])


def _from_event(
    facts: CaseFacts,
    stage: str,
    kind: str,
    answers: frozenset[str],
    due_of: tuple[str, int],
) -> list[DueDate]:
    """The deadline counted from the last time the case reached `stage`."""
    found = _last(facts.events, stage)
    if found is None:
        return []
    index, event = found
    unit, amount = due_of
    extra: list[str] = []
    if unit == "working_days":
        due = add_working_days(event.on, amount)
    elif unit == "months":
        due, extra = _rolled(add_months(event.on, amount))
    else:
        due, extra = _rolled(event.on + dt.timedelta(days=amount))
    note = join_texts([_note(kind, on=event.on.isoformat()), *extra])
    return [DueDate(kind, due, note, _answered(facts.events, index, answers | {"closed"}))]


def _opposition(facts: CaseFacts, periods: Mapping[str, OppositionPeriod] | None) -> list[DueDate]:
    found = _last(facts.events, "filed")
    done = found is not None or _last(facts.events, "closed") is not None
    out: list[DueDate] = []
    for filing in facts.filings:
        name = f"{filing.office or ''} {filing.application_no or ''}".strip()
        computed = None
        if periods is not None and filing.office and filing.publication_date:
            computed = opposition_deadline(filing.office, filing.publication_date, periods=periods)
        if isinstance(computed, OppositionDeadline):
            note = _note("opposition", filing=name, note=computed.note)
            out.append(DueDate("opposition_end", computed.last_day, note, done))
        elif filing.stored_deadline is not None:
            stored = filing.stored_note or _note("opposition_stored")
            note = _note("opposition", filing=name, note=stored)
            out.append(DueDate("opposition_end", filing.stored_deadline, note, done))
    return out


def _civil(facts: CaseFacts) -> list[DueDate]:
    raw = add_months(facts.knowledge, LIMITATION_MONTHS)
    due, extra = _rolled(raw)
    filed = _last(facts.events, "filed") is not None or _last(facts.events, "closed") is not None
    note = join_texts([_note("limitation", on=facts.knowledge.isoformat()), *extra])
    out = [DueDate("limitation", due, note, filed)]
    preserved = _last(facts.events, "preservation")
    if preserved is not None:
        earlier = [e for e in facts.events[: preserved[0]] if e.stage == "filed"]
        if not earlier:  # pre-suit preservation: the suit must follow within 30 days
            out += _from_event(
                facts,
                "preservation",
                "file_after_preservation",
                frozenset({"filed", "hearing"}),
                ("days", PRESERVATION_DAYS),
            )
    out += _from_event(
        facts,
        "judgment",
        "appeal",
        frozenset({"appeal", "enforced"}),
        ("days", APPEAL_DAYS),
    )
    return out


def _customs(facts: CaseFacts) -> list[DueDate]:
    out = _from_event(
        facts,
        "detention_notice",
        "detention_action",
        frozenset({"bond_posted", "released", "seized"}),
        ("working_days", DETENTION_WORKING_DAYS),
    )
    recorded = _last(facts.events, "recorded")
    if recorded is not None:
        raw = add_months(recorded[1].on, RECORDAL_MONTHS)
        due, extra = _rolled(raw)
        opens = add_months(raw, -RENEWAL_WINDOW_MONTHS)
        recordal = _note("recordal_renewal", on=recorded[1].on.isoformat(), opens=opens.isoformat())
        note = join_texts([recordal, *extra])
        out.append(
            DueDate("recordal_renewal", due, note, _last(facts.events, "closed") is not None)
        )
    return out


def compute_deadlines(
    facts: CaseFacts, *, periods: Mapping[str, OppositionPeriod] | None = None
) -> list[DueDate]:
    """Return the deadlines of a case from its route, stage history and facts, by due date."""
    route = facts.route
    out: list[DueDate] = []
    if route is Route.PLATFORM_COMPLAINT:
        out = _from_event(
            facts,
            "counter_notice",
            "counter_notice_lift",
            frozenset({"suit_filed", "lifted"}),
            ("days", COUNTER_NOTICE_DAYS),
        )
    elif route is Route.OPPOSITION:
        out = _opposition(facts, periods)
    elif route is Route.CIVIL_SUIT:
        out = _civil(facts)
    elif route is Route.CUSTOMS:
        out = _customs(facts)
    return sorted(out, key=lambda d: (d.due, d.kind))
