"""Working days of trademark offices, and rolling a deadline past the days an office is closed.

A deadline that falls on a day the office's country does not work moves to the next working day
(CN: Implementing Regulations of the Trademark Law art. 12; US: 37 CFR 2.196; JP: Patent Act
art. 3(2) via Trademark Act art. 77; GB, KR and EM alike by their offices' practice: the
provisions for those three are not yet cited here, and EM's calendar is an approximation).
Holiday data comes from `chinesecalendar` (CN, with make-up working days, 调休), from the table
`data/infringement/cn_workdays.csv` for the CN years chinesecalendar does not know yet (2027:
statutory holidays, days in lieu unverified, make-up working days unknown until the State
Council's notice is entered), and from the `holidays` package (everything else and later CN
years); nothing here reads the clock.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import chinese_calendar
import holidays

CN_TABLE = Path(__file__).resolve().parent.parent / "data" / "infringement" / "cn_workdays.csv"
"""The shipped table of CN holidays and make-up working days beyond chinesecalendar's years."""
_CN_KINDS = frozenset({"holiday", "workday"})
_CN_STATUSES = frozenset({"confirmed", "statutory", "unverified"})

MAX_ROLL_DAYS = 60
"""Longest run of closed days (calendar days) `roll_forward` will skip before giving up."""

_HOLIDAY_COUNTRIES: dict[str, tuple[str, str | None]] = {
    # office -> (country, subdivision) in the `holidays` package
    "EM": ("ES", "VC"),  # EUIPO sits in Alicante (Valencian Community); see calendar_info
    "US": ("US", None),
    "GB": ("GB", "ENG"),
    "JP": ("JP", None),
    "KR": ("KR", None),
    "CN": ("CN", None),  # only outside the years chinesecalendar knows
}


@dataclass(frozen=True)
class CalendarInfo:
    """Which calendar decides an office's working days on a date, and whether it is exact."""

    office: str
    source: str
    exact: bool
    note: str = ""


def _office(office: str) -> str:
    return office.strip().upper()


@dataclass(frozen=True)
class CnDay:
    """A row of the CN table: a holiday, or a weekend day worked (make-up working day)."""

    day: date
    kind: str  # holiday | workday
    name: str
    source: str
    status: str  # confirmed | statutory | unverified


@dataclass(frozen=True)
class CnTable:
    """China's holidays and make-up working days for the years the table covers."""

    days: dict[date, CnDay]

    @property
    def years(self) -> frozenset[int]:
        """The years with at least one row: the table decides every day of them."""
        return frozenset(d.year for d in self.days)

    def is_working_day(self, day: date) -> bool:
        """Tell whether China works on `day` (a year the table covers)."""
        row = self.days.get(day)
        if row is not None:
            return row.kind == "workday"
        return day.weekday() < 5

    def confirmed(self, year: int) -> bool:
        """Tell whether every row of `year` comes from the State Council's notice."""
        rows = [r for r in self.days.values() if r.day.year == year]
        return bool(rows) and all(r.status == "confirmed" for r in rows)


def load_cn_workdays(path: Path) -> CnTable:
    """Read the CN table (CSV: date, kind, name, source, status; `#` lines are comments)."""
    days: dict[date, CnDay] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    for number, row in enumerate(csv.DictReader(lines), start=2):
        try:
            day = date.fromisoformat((row.get("date") or "").strip())
        except ValueError:
            raise ValueError(f"{path}: row {number}: date {row.get('date')!r}") from None
        kind = (row.get("kind") or "").strip()
        status = (row.get("status") or "").strip()
        if kind not in _CN_KINDS or status not in _CN_STATUSES:
            raise ValueError(f"{path}: row {number}: kind {kind!r} or status {status!r}")
        if day in days:
            raise ValueError(f"{path}: row {number}: {day} appears twice")
        name, source = (row.get("name") or "").strip(), (row.get("source") or "").strip()
        days[day] = CnDay(day, kind, name, source, status)
    return CnTable(days)


@lru_cache(maxsize=1)
def _cn_table() -> CnTable:
    return load_cn_workdays(CN_TABLE) if CN_TABLE.is_file() else CnTable({})


def _chinese_calendar_knows(day: date) -> bool:
    """Tell whether chinesecalendar has the State Council's calendar for the year of `day`."""
    try:
        chinese_calendar.is_workday(day)
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=256)
def _holiday_dates(office: str, year: int) -> frozenset[date]:
    """Return the public holidays (observed days included) of an office's country in `year`."""
    country, subdiv = _HOLIDAY_COUNTRIES[office]
    days = set(holidays.country_holidays(country, subdiv=subdiv, years=year))
    if office == "JP":
        # The JPO is closed 29 December - 3 January (Patent Act art. 3(2)).
        days.update(date(year, 12, d) for d in (29, 30, 31))
        days.update(date(year, 1, d) for d in (1, 2, 3))
    return frozenset(days)


def calendar_info(office: str, day: date) -> CalendarInfo:
    """Say which calendar decides `office`'s working days around `day`, and how exact it is."""
    code = _office(office)
    if code == "CN":
        table = _cn_table()
        if day.year in table.years:
            exact = table.confirmed(day.year)
            note = (
                ""
                if exact
                else (
                    f"{day.year}: statutory holidays, days in lieu unverified (holidays package), "
                    "make-up working days unknown until the State Council's notice is entered"
                )
            )
            return CalendarInfo(code, f"{CN_TABLE.name} (State Council calendar)", exact, note)
        if _chinese_calendar_knows(day):
            return CalendarInfo(code, "chinesecalendar (State Council holidays and 调休)", True)
        return CalendarInfo(
            code,
            "holidays CN + weekends",
            False,
            f"chinesecalendar has no data for {day.year}: make-up working days are unknown",
        )
    if code == "EM":
        return CalendarInfo(
            code,
            "holidays ES-VC + weekends",
            False,
            "EUIPO publishes its own closing days; Spanish (Valencian) holidays approximate them",
        )
    if code in _HOLIDAY_COUNTRIES:
        country, subdiv = _HOLIDAY_COUNTRIES[code]
        name = f"{country}-{subdiv}" if subdiv else country
        return CalendarInfo(code, f"holidays {name} + weekends", True)
    return CalendarInfo(code, "weekends only", False, f"no holiday calendar for office {code!r}")


def is_working_day(day: date, office: str) -> bool:
    """Tell whether `office` (WIPO ST.3 code) works on `day`; unknown offices: Monday-Friday."""
    code = _office(office)
    if code == "CN" and day.year in _cn_table().years:
        return _cn_table().is_working_day(day)
    if code == "CN" and _chinese_calendar_knows(day):
        # Covers make-up Saturdays/Sundays (调休) as working days and weekday holidays as closed.
        return bool(chinese_calendar.is_workday(day))
    if day.weekday() >= 5:
        return False
    if code in _HOLIDAY_COUNTRIES:
        return day not in _holiday_dates(code, day.year)
    return True


def roll_forward(day: date, office: str) -> date:
    """Return `day` if `office` works on it, else the next day it works (calendar date)."""
    for offset in range(MAX_ROLL_DAYS + 1):
        candidate = day + timedelta(days=offset)
        if is_working_day(candidate, office):
            return candidate
    raise ValueError(f"no working day for {office!r} within {MAX_ROLL_DAYS} days of {day}")
