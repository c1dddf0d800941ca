"""The import report a person reads, kept short, and the full lists as CSV files.

A hostile or badly broken file can hold hundreds of thousands of problems: the report shows the
first few of each kind (same sheet, same reason) and counts the rest; the full list is a CSV file
a person downloads (the page) or asks for (`--problems FILE`).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TextIO

from coverage.imports import limits
from coverage.imports.changes import CREATED, RecordChange
from coverage.imports.tabular import Problem
from coverage.messages import Message, msg

Render = Callable[[Message], str]
_ACTIONS = {"created": msg("created"), "updated": msg("updated"), "removed": msg("removed")}


@dataclass(frozen=True)
class ProblemReport:
    """The problems to show, per kind cut short its first hidden one and how many are hidden."""

    shown: tuple[Problem, ...]
    more: tuple[tuple[Problem, int], ...]
    total: int  # every problem found, listed or only counted

    @property
    def unlisted(self) -> int:
        """Problems found beyond the full list (only counted), neither shown nor in `more`."""
        return self.total - len(self.shown) - sum(n for _, n in self.more)


def summarise(problems: Sequence[Problem], *, dropped: int = 0) -> ProblemReport:
    """Keep the first `limits.SHOWN_PER_KIND` problems of each kind, in order; count the rest."""
    seen: dict[tuple[str, str], int] = {}
    shown: list[Problem] = []
    first_hidden: dict[tuple[str, str], Problem] = {}
    hidden: dict[tuple[str, str], int] = {}
    for problem in problems:
        kind = (problem.sheet, problem.reason.template)
        seen[kind] = seen.get(kind, 0) + 1
        if seen[kind] <= limits.SHOWN_PER_KIND and len(shown) < limits.SHOWN_IN_ALL:
            shown.append(problem)
        else:
            first_hidden.setdefault(kind, problem)
            hidden[kind] = hidden.get(kind, 0) + 1
    more = tuple((first_hidden[kind], count) for kind, count in hidden.items())
    return ProblemReport(tuple(shown), more, len(problems) + dropped)


def write_problems_csv(
    out: TextIO, problems: Iterable[Problem], *, dropped: int = 0, render: Render = str
) -> None:
    """Write every problem as a CSV row: sheet, row, column, problem, and all its rows."""
    writer = csv.writer(out)
    writer.writerow(["sheet", "row", "column", "problem", "rows"])
    for p in problems:
        rows = ";".join(map(str, p.rows))
        cells = [
            p.sheet,
            p.row if p.row is not None else "",
            p.column or "",
            render(p.reason),
            rows,
        ]
        writer.writerow([_safe(c) for c in cells])
    if dropped:
        note = msg("%(count)s more problems were found but are not listed", count=f"{dropped:,}")
        writer.writerow(["", "", "", render(note), ""])


def write_changes_csv(
    out: TextIO, changes: Iterable[RecordChange], *, render: Render = str
) -> None:
    """Write every change as CSV rows: one per changed field (one per created record); a removed
    record has no row in the file, and each of its fields goes from its value to ""."""
    writer = csv.writer(out)
    writer.writerow(["sheet", "row", "key", "change", "field", "before", "after"])
    for c in changes:
        action = render(_ACTIONS[c.action])
        if c.action == CREATED or not c.fields:
            writer.writerow([_safe(v) for v in (c.sheet, c.row, c.key, action, "", "", "")])
        for f in c.fields:
            cells = (c.sheet, c.row, c.key, action, f.field, f.before, f.after)
            writer.writerow([_safe(v) for v in cells])


def _safe(value: object) -> object:
    """A cell that Excel will not run as a formula (text starting = + - @ gets a quote)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value
