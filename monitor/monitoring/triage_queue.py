"""The triage queue's rows: an alert with what was observed, the parts of the observed title
that match our mark, its reasons as translatable messages, and whether a snooze has ended."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlmodel import Session

from coverage.messages import Message
from infringement.models import AlertStatus
from monitor.monitoring.alert_list import AlertFilter, AlertRow, count_alerts, list_alerts
from monitor.monitoring.highlight import matching_parts
from monitor.monitoring.reasons import explain
from monitor.monitoring.triage import TITLE_TEXT


@dataclass(frozen=True)
class QueueRow:
    """One alert of the queue, ready to show."""

    row: AlertRow
    parts: list[tuple[str, bool]]  # the observed text: (text, matches our mark)
    reasons: list[Message | str]
    awake: bool  # snoozed, and the day it was snoozed until has come: new again
    title: str  # the default title of a case opened from this alert alone

    @property
    def snooze_from(self) -> dt.date:
        """The first day an alert may be snoozed until: the day after the queue's day."""
        return self.row.as_of + dt.timedelta(days=1)

    @property
    def shown_status(self) -> str:
        """The status as the queue shows it: a snooze that has ended shows as new."""
        return AlertStatus.NEW.value if self.awake else str(self.row.alert.status)


def queue_row(row: AlertRow) -> QueueRow:
    """`row` with its highlight, reasons and default case title."""
    a, o = row.alert, row.observation
    text = o.text if len(o.text) <= TITLE_TEXT else o.text[: TITLE_TEXT - 1] + "…"
    awake = (
        a.status == AlertStatus.SNOOZED
        and a.snoozed_until is not None
        and a.snoozed_until <= row.as_of
    )
    return QueueRow(
        row=row,
        parts=matching_parts(o.text, a.watched_mark),
        reasons=[explain(r) for r in a.reasons],
        awake=awake,
        title=f"{a.watched_mark} — {text}",
    )


def list_queue(
    session: Session, wanted: AlertFilter, *, as_of: dt.date, limit: int, offset: int
) -> tuple[list[QueueRow], int]:
    """One page of the queue, best first, and how many alerts pass the filters."""
    rows = list_alerts(session, wanted, as_of=as_of, limit=limit, offset=offset)
    return [queue_row(r) for r in rows], count_alerts(session, wanted)
