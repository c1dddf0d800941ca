"""Import a portfolio workbook (or CSV folder) all-or-nothing, per DESIGN.md's import contract.

An import is planned, then applied. Planning reads the file, checks every row of every sheet and
compares each record with the one saved under its natural key; it only reads the database, so a
slow check of a big file holds no write lock. Any problem stops the import before anything is
written, and every problem is reported with its sheet, row, column and reason. Applying writes
exactly the planned creations and updates in one short transaction (the caller commits), and is
refused when someone saved the same records since the plan was made. The optional `watch` sheet
is the full list of watch terms of each brand it names: it also removes that brand's other terms.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from coverage.imports.changes import (
    CREATED,
    REMOVED,
    UPDATED,
    RecordChange,
    diff,
    load_stored,
    plan_removals,
    shown_values,
)
from coverage.imports.checks import Parsed, header_key, record_key, validate_tables
from coverage.imports.sheets import SHEETS
from coverage.imports.tabular import Problem, Problems
from coverage.imports.watchterms import (
    WatchEntry,
    add_watch_term,
    remove_watch_term,
    update_watch_term,
)
from coverage.imports.workbook import read_tables
from coverage.messages import Message, msg
from coverage.offices import Geography
from coverage.portfolio import (
    DuplicateRecord,
    StaleRecord,
    UnknownProduct,
    bump_revision,
    save_patent,
    save_product,
    save_trademark,
)
from coverage.queries import portfolio_revision

__all__ = ["ImportBusy", "ImportConflict", "ImportFailed", "ImportPlan", "ImportSummary"]
__all__ += ["Problem", "apply_import", "header_key", "import_portfolio", "plan_import"]
__all__ += ["validate_tables", "write_conflicts"]

MAX_BYTES = 20 * 1024 * 1024
_NEW_KEYS = msg(
    "someone imported the same new records a moment ago; nothing was imported: try again"
)


class ImportFailed(Exception):
    """Nothing was imported; `problems` lists the bad places (the first `limits.MAX_LISTED`)."""

    def __init__(self, problems: list[Problem], dropped: int = 0) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems
        self.dropped = dropped  # problems found beyond the list, only counted

    @property
    def total(self) -> int:
        """How many problems were found in all."""
        return len(self.problems) + self.dropped


class ImportConflict(Exception):
    """Someone wrote the same records while the import ran; nothing was imported."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class ImportBusy(ImportConflict):
    """The database stayed locked by another writer for too long; nothing was imported."""


@dataclass
class ImportSummary:
    """What an import created and updated per sheet, each change, and remarks on the cells."""

    counts: dict[str, dict[str, int]]  # sheet -> {"created": n, "updated": n} (+ "removed")
    notes: list[Message] = field(default_factory=list)
    changes: list[RecordChange] = field(default_factory=list)
    unchanged: dict[str, int] = field(default_factory=dict)  # sheet -> records already as filed


@dataclass
class ImportPlan(ImportSummary):
    """What applying the import would do, against the portfolio at `revision`."""

    revision: int = 0
    writes: list[tuple[RecordChange, Any, int | None]] = field(default_factory=list, repr=False)

    @property
    def needs_confirmation(self) -> bool:
        """True when the import would change or remove saved records (not only create new ones)."""
        return any(c.action != CREATED for c in self.changes)


def plan_import(
    path: Path, *, session: Session, geography: Geography, max_bytes: int = MAX_BYTES
) -> ImportPlan:
    """Check every sheet of `path` and plan each change, or raise ImportFailed; writes nothing."""
    revision = portfolio_revision(session)
    names = {sheet: spec.names for sheet, spec in SHEETS.items()}
    optional = {sheet for sheet, spec in SHEETS.items() if spec.optional}
    tables, found = read_tables(path, names, max_bytes=max_bytes, optional=optional)
    problems = Problems()
    problems.extend(found)
    parsed = validate_tables(tables, problems, session=session, geography=geography)
    if problems:
        ordered = _in_order(problems, [t.name for t in tables.values()])
        raise ImportFailed(ordered, problems.dropped)
    plan = ImportPlan(counts={}, notes=[n for t in tables.values() for n in t.notes])
    plan.revision = revision
    for sheet in SHEETS:  # products first: patents link to them
        if sheet in parsed:
            _plan_sheet(session, plan, sheet, parsed[sheet])
    if "watch" in parsed:
        _plan_removals(session, plan, parsed["watch"])
    return plan


def _plan_sheet(session: Session, plan: ImportPlan, sheet: str, parsed: Parsed) -> None:
    spec = SHEETS[sheet]
    keyed = [(number, record, record_key(record, spec)) for number, record in parsed.records]
    stored = load_stored(session, sheet, (key for *_, key in keyed))
    counts = plan.counts[sheet] = {CREATED: 0, UPDATED: 0}
    plan.unchanged[sheet] = 0
    for number, record, key in keyed:
        before = stored.get(key)
        after = shown_values(sheet, record)
        fields = diff(before.values, after) if before else ()
        if before is not None and not fields:
            plan.unchanged[sheet] += 1
            continue
        action = UPDATED if before else CREATED
        change = RecordChange(sheet, " ".join(key), number, action, fields)
        plan.changes.append(change)
        plan.writes.append((change, record, before.version if before else None))
        counts[action] += 1


def _plan_removals(session: Session, plan: ImportPlan, parsed: Parsed) -> None:
    """Plan removing the saved terms of the brands the watch sheet names but leaves out."""
    keys = [record_key(record, SHEETS["watch"]) for _, record in parsed.records]
    removals = plan_removals(session, keys)
    plan.counts["watch"][REMOVED] = len(removals)
    for change, entry in removals:
        plan.changes.append(change)
        plan.writes.append((change, entry, None))


def apply_import(
    plan: ImportPlan, *, session: Session, now: dt.datetime | None = None
) -> ImportSummary:
    """Write the planned changes through `session` (not committed); ImportConflict if stale.

    `now` stamps new watch terms (default: the current UTC time).
    """
    now = now or dt.datetime.now(dt.UTC)
    with write_conflicts():
        for change, record, version in plan.writes:
            _write(session, change, record, version, now)
        if plan.writes:
            bump_revision(session)
    return ImportSummary(plan.counts, plan.notes, plan.changes, plan.unchanged)


def _write(
    session: Session, change: RecordChange, record: Any, version: int | None, now: dt.datetime
) -> None:
    options: dict[str, Any] = {
        "revise": False,
        "expected_version": version,
        "create_only": change.action == CREATED,
    }
    try:
        if change.sheet == "products":
            save_product(session, record, **options)
        elif change.sheet == "patents":
            save_patent(session, record[0], record[1], **options)
        elif change.sheet == "watch":
            _write_watch_term(session, change, record, now)
        else:
            save_trademark(session, record[0], record[1], **options)
    except DuplicateRecord:
        raise ImportConflict(_NEW_KEYS) from None
    except (StaleRecord, UnknownProduct):
        reason = msg(
            'someone changed %(sheet)s "%(key)s" a moment ago; nothing was imported: try again',
            sheet=change.sheet,
            key=change.key,
        )
        raise ImportConflict(reason) from None


def _write_watch_term(
    session: Session, change: RecordChange, entry: WatchEntry, now: dt.datetime
) -> None:
    if change.action == CREATED:
        add_watch_term(session, entry, now=now)
    elif change.action == UPDATED:
        before = next((f.before for f in change.fields if f.field == "note"), None)
        update_watch_term(session, entry, note_before=before or None)
    else:
        remove_watch_term(session, entry)


@contextmanager
def write_conflicts() -> Iterator[None]:
    """Turn a database error met while writing (or committing) an import into ImportConflict."""
    try:
        yield
    except IntegrityError:  # a key another import inserted since this one looked
        raise ImportConflict(_NEW_KEYS) from None
    except OperationalError as exc:
        text = str(exc.orig).lower()
        if "locked" in text or "busy" in text:
            raise ImportBusy(msg("the database is busy; try again in a moment")) from None
        if "deadlock" in text or "could not serialize" in text:
            raise ImportConflict(_NEW_KEYS) from None
        raise


def import_portfolio(
    path: Path, *, session: Session, geography: Geography, max_bytes: int = MAX_BYTES
) -> ImportSummary:
    """Validate every sheet of `path` and save all records, or raise ImportFailed with every problem.

    Writes through `session` without committing; on ImportFailed nothing has been written.
    """
    plan = plan_import(path, session=session, geography=geography, max_bytes=max_bytes)
    return apply_import(plan, session=session)


def _in_order(problems: Problems, sheets: list[str]) -> list[Problem]:
    def order(p: Problem) -> tuple[int, int]:
        return (sheets.index(p.sheet) if p.sheet in sheets else -1, p.row or 0)

    return sorted(dict.fromkeys(problems), key=order)
