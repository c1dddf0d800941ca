"""An import's outcome as JSON for its job's row, and back: the counts, the first changes, the
notes and the problem report, with every domain Message kept translatable (template and
parameters), so that the result page speaks the language of whoever opens it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from coverage.imports import limits
from coverage.imports.changes import FieldChange, RecordChange
from coverage.imports.importer import ImportSummary
from coverage.imports.report import ProblemReport
from coverage.imports.tabular import Problem
from coverage.messages import Message, Text


@dataclass(frozen=True)
class StoredSummary:
    """What an import did (or would do): the shape the import page's templates read."""

    counts: dict[str, dict[str, int]]
    unchanged: dict[str, int]
    notes: list[Message]
    changes: list[RecordChange]  # the first `limits.CHANGES_SHOWN`
    changes_total: int
    revision: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


def encode_message(value: object) -> object:
    """A Message (or Text) as JSON: its template and its parameters, themselves encoded."""
    if isinstance(value, Message):
        kind = "text" if isinstance(value, Text) else "message"
        params = {k: encode_message(v) for k, v in value.params.items()}
        return {kind: value.template, "params": params}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def decode_message(value: object) -> Any:
    """The Message (or plain value) `encode_message` gave `value` for."""
    if isinstance(value, dict) and ("message" in value or "text" in value):
        params = {k: decode_message(v) for k, v in value.get("params", {}).items()}
        if "text" in value:
            return Text(str(value["text"]), params)
        return Message(str(value["message"]), params)
    return value


def encode_summary(summary: ImportSummary, *, revision: int = 0) -> dict[str, Any]:
    """The counts, notes and first changes of an import's summary or plan."""
    shown = summary.changes[: limits.CHANGES_SHOWN]
    return {
        "counts": summary.counts,
        "unchanged": summary.unchanged,
        "notes": [encode_message(n) for n in summary.notes],
        "changes": [_encode_change(c) for c in shown],
        "changes_total": len(summary.changes),
        "revision": revision,
    }


def decode_summary(data: dict[str, Any]) -> StoredSummary:
    """The StoredSummary `encode_summary` gave `data` for."""
    return StoredSummary(
        counts=data.get("counts", {}),
        unchanged=data.get("unchanged", {}),
        notes=[decode_message(n) for n in data.get("notes", [])],
        changes=[_decode_change(c) for c in data.get("changes", [])],
        changes_total=int(data.get("changes_total", 0)),
        revision=int(data.get("revision", 0)),
    )


def _encode_change(change: RecordChange) -> dict[str, Any]:
    fields = [[f.field, f.before, f.after] for f in change.fields]
    return {"sheet": change.sheet, "key": change.key, "row": change.row, "action": change.action,
            "fields": fields}  # fmt: skip


def _decode_change(data: dict[str, Any]) -> RecordChange:
    fields = tuple(FieldChange(*f) for f in data.get("fields", []))
    return RecordChange(data["sheet"], data["key"], data.get("row"), data["action"], fields)


def encode_report(report: ProblemReport) -> dict[str, Any]:
    """The problems a person reads (first of each kind, counts of the rest) and their total."""
    return {
        "shown": [_encode_problem(p) for p in report.shown],
        "more": [[_encode_problem(p), n] for p, n in report.more],
        "total": report.total,
    }


def decode_report(data: dict[str, Any]) -> ProblemReport:
    """The ProblemReport `encode_report` gave `data` for."""
    shown = tuple(_decode_problem(p) for p in data.get("shown", []))
    more = tuple((_decode_problem(p), int(n)) for p, n in data.get("more", []))
    return ProblemReport(shown, more, int(data.get("total", 0)))


def _encode_problem(problem: Problem) -> dict[str, Any]:
    return {"sheet": problem.sheet, "row": problem.row, "column": problem.column,
            "reason": encode_message(problem.reason)}  # fmt: skip


def _decode_problem(data: dict[str, Any]) -> Problem:
    reason = decode_message(data.get("reason"))
    if not isinstance(reason, Message):
        reason = Message(str(reason))
    return Problem(str(data.get("sheet", "")), data.get("row"), data.get("column"), reason)
