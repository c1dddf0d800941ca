"""A case deadline's note in the reader's language.

The deadline rules (`infringement.cases.deadline_rules.NOTES`) store their notes in English, as
the API and the history read them. `word_note` recognises a stored note from the same templates
and returns a Message to translate, its parameters (dates, filings) as they are; a note entered
by hand, or one no template knows, is returned as it is.
"""

from __future__ import annotations

import re

from coverage.messages import Message
from infringement.cases.deadline_rules import NOTES


def _pattern(template: str) -> re.Pattern[str]:
    """A template's text with each `%(name)s` as a group that takes what stands there."""
    pieces = re.split(r"%\((\w+)\)s", template.replace("%%", "%"))
    return re.compile(
        "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(pieces))
    )


ROLLED = re.compile(r"(?P<rest>.+); " + _pattern(NOTES["rolled"].template).pattern)
PATTERNS = [(_pattern(m.template), m) for key, m in NOTES.items() if key != "rolled"]


def word_note(note: str | None) -> Message | str | None:
    """A stored note as a Message to translate where a rule's template knows it."""
    if not note:
        return note
    rolled = ROLLED.fullmatch(note)
    if rolled is not None:
        rest = word_note(rolled["rest"])
        if isinstance(rest, Message):
            return Message("%(p0)s; %(p1)s", {"p0": rest, "p1": _known("rolled", rolled)})
    for pattern, template in PATTERNS:
        found = pattern.fullmatch(note)
        if found is not None:
            params: dict[str, object] = dict(found.groupdict())
            if "note" in params:  # an opposition's own note: the stored default is known
                params["note"] = word_note(str(params["note"]))
            return Message(template.template, params)
    return note


def _known(key: str, found: re.Match[str]) -> Message:
    return Message(NOTES[key].template, {"raw": found["raw"]})
