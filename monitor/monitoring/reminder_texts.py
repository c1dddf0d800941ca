"""The words of a deadline digest: subject and body, from translatable messages.

Every text is a `coverage.messages` Message rendered by the `translate` given (the caller
forces the person's language); the Chinese is in the app's catalogue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Protocol

from coverage.messages import Message, msg

# deadline kinds (infringement.cases.deadline_rules.KINDS) as a person reads them
KIND_LABELS = {
    "counter_notice_lift": msg("takedown lifted unless we act on the counter-notice"),
    "response_due": msg("response due"),
    "opposition_end": msg("opposition period ends"),
    "detention_action": msg("act on the customs detention"),
    "recordal_renewal": msg("renew the customs recordal"),
    "limitation": msg("limitation period of a civil claim ends"),
    "file_after_preservation": msg("file suit after the preservation order"),
    "appeal": msg("appeal period ends"),
    "other": msg("other deadline"),
}
# (heading, which days left belong under it)
GROUPS: tuple[tuple[Message, Callable[[int], bool]], ...] = (
    (msg("Overdue"), lambda days: days < 0),
    (msg("Due today"), lambda days: days == 0),
    (msg("Due tomorrow"), lambda days: days == 1),
    (msg("Due within 7 days"), lambda days: days > 1),
)
COUNTS = (
    lambda n: msg("%(count)s overdue", count=n),
    lambda n: msg("%(count)s due today", count=n),
    lambda n: msg("%(count)s due tomorrow", count=n),
    lambda n: msg("%(count)s due within 7 days", count=n),
)


class Item(Protocol):
    """What the digest reads of a deadline (monitor.monitoring.reminders.DueItem)."""

    @property
    def case_id(self) -> int: ...
    @property
    def case_title(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def due(self) -> dt.date: ...
    @property
    def days_left(self) -> int: ...
    @property
    def note(self) -> Message | str | None: ...


def days_left_text(days: int) -> Message:
    """`3 days overdue`, `due today`, `1 day left`, `6 days left`."""
    if days < -1:
        return msg("%(days)s days overdue", days=-days)
    if days == -1:
        return msg("1 day overdue")
    if days == 0:
        return msg("due today")
    if days == 1:
        return msg("1 day left")
    return msg("%(days)s days left", days=days)


def kind_label(kind: str) -> Message | str:
    """The deadline kind as words (an unknown kind as it is, underscores as spaces)."""
    return KIND_LABELS.get(kind, kind.replace("_", " "))


def compose(
    items: Sequence[Item],
    *,
    as_of: dt.date,
    locale: str,
    translate: Callable[[Message], str],
) -> tuple[str, str]:
    """Subject and body of a digest of `items` on `as_of`, each under its heading."""
    separator = "，" if locale == "zh" else ", "
    counts = [
        translate(count(len(group)))
        for count, group in zip(COUNTS, _grouped(items), strict=True)
        if group
    ]
    subject = translate(
        msg(
            "ipwatch deadlines %(day)s: %(counts)s",
            day=as_of.isoformat(),
            counts=separator.join(counts),
        )
    )
    lines = [translate(msg("Open deadlines of your cases on %(day)s:", day=as_of.isoformat()))]
    for (heading, _belongs), group in zip(GROUPS, _grouped(items), strict=True):
        if not group:
            continue
        lines += ["", translate(heading)]
        for item in group:
            lines.append(
                "  - "
                + translate(
                    msg(
                        "case #%(id)s %(title)s — %(kind)s: due %(due)s, %(left)s",
                        id=item.case_id,
                        title=" ".join(item.case_title.split()),
                        kind=kind_label(item.kind),
                        due=item.due.isoformat(),
                        left=days_left_text(item.days_left),
                    )
                )
            )
            if item.note:
                note = translate(item.note) if isinstance(item.note, Message) else item.note
                lines.append("    " + " ".join(note.split()))
    lines += [
        "",
        translate(
            msg(
                "Mark a deadline done on its case page in ipwatch. This digest comes once a day "
                "while deadlines are open."
            )
        ),
    ]
    return subject, "\n".join(lines) + "\n"


def _grouped(items: Sequence[Item]) -> list[list[Item]]:
    return [[i for i in items if belongs(i.days_left)] for _heading, belongs in GROUPS]
