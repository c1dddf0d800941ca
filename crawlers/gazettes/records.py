"""The record every gazette parser yields, the one error they raise, and shared value parsers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# A calendar date, then nothing, a time, or a time-zone offset: USPTO's ST.66/ST.96 exports
# write xs:date with its offset ("2000-05-09-04:00"); the date stays the civil date as written.
_DATE = re.compile(r"^(\d{4})[-.]?(\d{2})[-.]?(\d{2})(?:$|[T ]|Z$|[-+]\d{2}:?\d{2}$)")
_DIGITS = re.compile(r"\d+")


class GazetteError(Exception):
    """A gazette file that cannot be read: which file, where in it, and why."""

    def __init__(self, file: str | Path, where: str, reason: str) -> None:
        self.file = str(file)
        self.where = where
        self.reason = reason
        super().__init__(f"{self.file}: {where}: {reason}" if where else f"{self.file}: {reason}")


@dataclass(frozen=True)
class GazetteRecord:
    """One trademark announcement as observed in a gazette, values kept verbatim."""

    format: str
    office: str
    application_number: str | None
    registration_number: str | None
    mark_text: str
    classes: tuple[int, ...]
    goods: str | None
    applicant_name: str | None
    applicant_country: str | None
    filing_date: date | None
    publication_date: date | None
    status: str | None
    kind: str | None
    image_url: str | None
    raw: str

    @property
    def number(self) -> str:
        """Return the application number, or the registration number when there is none."""
        return self.application_number or self.registration_number or ""


def clean(value: str | None) -> str | None:
    """Return the text stripped of surrounding whitespace, or None when empty."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def parse_date(value: str | None, *, file: str | Path, where: str, field: str) -> date | None:
    """Read a date written YYYYMMDD, YYYY-MM-DD or YYYY.MM.DD (a time or zone part is ignored)."""
    text = clean(value)
    if text is None or text.strip("0") == "":
        return None
    match = _DATE.match(text)
    if match:
        try:
            return date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise GazetteError(
        file, where, f"{field} {text!r} is not a date in YYYYMMDD, YYYY-MM-DD or YYYY.MM.DD form"
    )


def parse_classes(*values: str | None) -> tuple[int, ...]:
    """Collect the Nice classes (1 to 45) written in the values, in order, without repeats."""
    found: list[int] = []
    for value in values:
        for digits in _DIGITS.findall(value or ""):
            number = int(digits)
            if 1 <= number <= 45 and number not in found:
                found.append(number)
    return tuple(found)
