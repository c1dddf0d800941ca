"""The reports kept under the instance directory: `reports/YYYY-MM/ipwatch-YYYY-MM-<lang>.<fmt>`.

A report file is written once per month, language and format (a new one replaces the old one
atomically); `list_reports` lists them newest month first for the reports page.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from monitor.reports.months import Month

FORMATS = ("pdf", "html")
LANGS = ("zh", "en")
_NAME = re.compile(r"ipwatch-(\d{4}-\d{2})-(zh|en)\.(pdf|html)")


@dataclass(frozen=True)
class StoredReport:
    """A report file: its month, language, format, path, size and when it was written (UTC)."""

    month: str
    lang: str
    fmt: str
    path: Path
    bytes: int
    written_at: dt.datetime

    @property
    def filename(self) -> str:
        return self.path.name


def reports_dir(instance: Path) -> Path:
    return Path(instance) / "reports"


def report_path(instance: Path, month: Month, lang: str, fmt: str) -> Path:
    """Where the report of `month` in `lang` and `fmt` is kept."""
    if lang not in LANGS or fmt not in FORMATS:
        raise ValueError(f"report language {lang!r} / format {fmt!r}: one of {LANGS} / {FORMATS}")
    return reports_dir(instance) / str(month) / f"ipwatch-{month}-{lang}.{fmt}"


def save_report(instance: Path, month: Month, lang: str, fmt: str, body: bytes) -> Path:
    """Write the report atomically (a reader never sees half a file); return its path."""
    path = report_path(instance, month, lang, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=f".{fmt}")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(body)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def list_reports(instance: Path) -> list[StoredReport]:
    """Every kept report, newest month first, then language and format."""
    root = reports_dir(instance)
    found: list[StoredReport] = []
    if not root.is_dir():
        return found
    for path in root.glob("*/ipwatch-*"):
        name = _NAME.fullmatch(path.name)
        if not name or not path.is_file() or path.parent.name != name[1]:
            continue
        stat = path.stat()
        found.append(
            StoredReport(
                month=name[1],
                lang=name[2],
                fmt=name[3],
                path=path,
                bytes=stat.st_size,
                written_at=dt.datetime.fromtimestamp(stat.st_mtime, dt.UTC).replace(tzinfo=None),
            )
        )
    found.sort(key=lambda r: (r.month, r.lang, r.fmt))
    found.sort(key=lambda r: r.month, reverse=True)
    return found


def find_report(instance: Path, month: str, lang: str, fmt: str) -> StoredReport | None:
    """The kept report of that month, language and format, if any (names checked, no paths)."""
    for report in list_reports(instance):
        if (report.month, report.lang, report.fmt) == (month, lang, fmt):
            return report
    return None
