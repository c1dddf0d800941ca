"""How a run ended, in the reader's words: a code and its parameters stored in
`CrawlRun.message` (JSON), worded when shown as a translatable Message (the run page in the UI
language, the command line in English).

The counts of a finished run are columns of its record: its summary is worded from them, not
stored. A technical detail (an error from another program, the path of a log) stays as it was
written and is shown apart, as code. Rows stored before the codes hold English text: a line
that we wrote ourselves is recognised and worded again; any other text is shown as stored.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from coverage.messages import Message, msg
from infringement.models import CrawlRun

_ = msg  # the templates below are extracted like every other domain message

CRAWL_SUMMARY = "crawl_summary"
GAZETTE_SUMMARY = "gazette_summary"
DEMO_HISTORY = "demo_history"
BUSY = "busy"
NO_LIVE_MARKS = "no_live_marks"
TIME_LIMIT = "time_limit"
EXIT_CODE = "exit_code"
CANNOT_START = "cannot_start"
NOTHING_IMPORTED = "nothing_imported"
FAILED = "failed"

LEADS: dict[str, Message] = {
    BUSY: _("source %(source)s is already running"),
    NO_LIVE_MARKS: _("nothing to search for: no live marks"),
    TIME_LIMIT: _("stopped: the crawl ran past its time limit"),
    EXIT_CODE: _("the crawl process exited with code %(code)s; its log:"),
    CANNOT_START: _("the crawl could not start:"),
    NOTHING_IMPORTED: _("nothing imported:"),
    FAILED: _("the run could not go on:"),
}
# The lines written before the codes (English), as (pattern, code): groups are parameters.
OLD_LINES = [
    (re.compile(p), code)
    for p, code in (
        (r"\d+ pages, \d+ items, \d+ new alerts, \d+ failures, \d+ gone", CRAWL_SUMMARY),
        (r"\d+ records, \d+ new, \d+ new alerts", GAZETTE_SUMMARY),
        (r"\d+ listings \(demo history\)", DEMO_HISTORY),
        (r"source '(?P<source>.+)' is already running", BUSY),
        (r"nothing to search for: no live marks", NO_LIVE_MARKS),
        (r"stopped: the crawl ran past its time limit", TIME_LIMIT),
        (r"the crawl process exited with code (?P<code>-?\d+); see (?P<detail>.+)", EXIT_CODE),
        (r"the crawl could not start: (?P<detail>.+)", CANNOT_START),
        (r"nothing imported: (?P<detail>.+)", NOTHING_IMPORTED),
    )
]


@dataclass(frozen=True)
class RunNote:
    """A run's note: what a person reads (`text`) and a technical `detail` shown as written."""

    text: Message | str
    detail: str | None = None

    def __str__(self) -> str:
        """The note in English, on one line (the command line's)."""
        return f"{self.text} {self.detail}" if self.detail else str(self.text)


def note(code: str, detail: object = None, /, **params: object) -> str:
    """The stored form of a run's note: its code, its parameters and an optional detail
    (`{"code": …, "params": {…}, "detail": …}`)."""
    stored: dict[str, object] = {"code": code, "params": params}
    if detail is not None:
        stored["detail"] = str(detail)
    return json.dumps(stored, ensure_ascii=False, sort_keys=True)


def describe(run: CrawlRun) -> RunNote | None:
    """The note of `run` to show, None when it has none."""
    if not run.message:
        return None
    stored = _parse(run.message)
    if stored is None:
        return RunNote(run.message)  # an old row's text that no code stands for
    code, detail = str(stored["code"]), stored.get("detail")
    params = stored.get("params") or {}
    if code == CRAWL_SUMMARY:
        summary = _crawl_summary(run)
        if isinstance(params, dict) and params.get("stopped"):
            return RunNote(_("%(summary)s (stopped at the time limit)", summary=summary))
        return RunNote(summary)
    if code == GAZETTE_SUMMARY:
        return RunNote(
            _(
                "%(items)s records, %(new)s new, %(alerts)s new alerts",
                items=run.items,
                new=run.observations_new,
                alerts=run.alerts_new,
            )
        )
    if code == DEMO_HISTORY:
        return RunNote(_("%(items)s listings (demo history)", items=run.items))
    lead = LEADS.get(code)
    if lead is None:
        return RunNote(str(detail or code))
    values = dict(params) if isinstance(params, dict) else {}
    return RunNote(Message(lead.template, values), None if detail is None else str(detail))


def _crawl_summary(run: CrawlRun) -> Message:
    return _(
        "%(pages)s pages, %(items)s items, %(alerts)s new alerts, %(failures)s failures, "
        "%(gone)s gone",
        pages=run.pages,
        items=run.items,
        alerts=run.alerts_new,
        failures=run.failures,
        gone=run.gone,
    )


def _parse(message: str) -> dict[str, object] | None:
    """The code and parameters of a stored note, from its JSON or from an old English line."""
    if message.startswith("{"):
        try:
            stored = json.loads(message)
        except ValueError:
            return None
        return stored if isinstance(stored, dict) and "code" in stored else None
    for pattern, code in OLD_LINES:
        found = pattern.fullmatch(message.strip())
        if found:
            groups = found.groupdict()
            detail = groups.pop("detail", None)
            return {"code": code, "params": groups, "detail": detail}
    return None
