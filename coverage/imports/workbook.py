"""Read the wanted sheets of an .xlsx workbook (or the CSV files of a folder) into Tables.

A workbook is checked before it is opened (old .xls, password, damage, zip bombs), then read in
openpyxl's read-only mode one row at a time (coverage.imports.worksheet), so that memory is
bounded by `limits` whatever the file declares.
"""

from __future__ import annotations

import warnings
import zipfile
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Any

import openpyxl

from coverage.imports.tabular import (
    Problem,
    Table,
    TooLarge,
    check_size,
    describe_size,
    fold_name,
    read_folder,
)
from coverage.imports.worksheet import SheetXml, read_sheet, scan_sheet_xml, sheet_member
from coverage.messages import Message, msg

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls and of encrypted .xlsx
_ZIP = b"PK\x03\x04"
# How much bigger than the file the unpacked XML may be (guards against zip bombs).
UNPACK_FACTOR = 25


def read_tables(
    path: Path,
    names: Mapping[str, Sequence[str]],
    *,
    max_bytes: int,
    optional: Collection[str] = (),
) -> tuple[dict[str, Table], list[Problem]]:
    """Read the wanted sheets (canonical name -> accepted names) from a workbook or CSV folder.

    A missing sheet is a problem, unless its canonical name is in `optional`.
    """
    if path.is_dir():
        return read_folder(path, names, max_bytes=max_bytes, optional=optional)
    if not path.exists():
        reason = msg("no such file or folder: %(path)s", path=str(path))
        return {}, [Problem(path.name, None, None, reason)]
    return _read_workbook(path, names, max_bytes=max_bytes, optional=optional)


def _not_xlsx(path: Path, head: bytes) -> Message | None:
    """Say why `path` cannot be an .xlsx workbook, or None when it looks like one."""
    if head.startswith(_OLE):
        if "EncryptionInfo".encode("utf-16-le") in path.read_bytes():
            return msg("the workbook is password-protected; save it without a password")
        return msg(
            "this is an old Excel 97-2003 (.xls) file; open it in Excel and save it as "
            "Excel Workbook (.xlsx)"
        )
    if path.suffix.lower() not in {".xlsx", ".xlsm"}:
        return msg(
            'cannot read "%(kind)s" files: give an .xlsx workbook or a '
            "folder with products.csv, patents.csv and trademarks.csv",
            kind=path.suffix or path.name,
        )
    if not head.startswith(_ZIP):
        return msg(
            "the file is not an Excel workbook (.xlsx) or it is damaged; save it again in Excel"
        )
    return None


def _read_workbook(
    path: Path, names: Mapping[str, Sequence[str]], *, max_bytes: int, optional: Collection[str]
) -> tuple[dict[str, Table], list[Problem]]:
    problem = check_size(path, max_bytes)
    if problem is not None:
        return {}, [problem]
    try:
        return _read_sheets(path, names, max_bytes, optional)
    except _Unreadable as exc:
        return {}, [Problem(path.name, None, None, exc.reason)]


def _read_sheets(
    path: Path, names: Mapping[str, Sequence[str]], max_bytes: int, optional: Collection[str]
) -> tuple[dict[str, Table], list[Problem]]:
    """Read the wanted sheets one row at a time; raise _Unreadable when the file cannot be read."""
    tables: dict[str, Table] = {}
    problems: list[Problem] = []
    with zipfile.ZipFile(_checked(path, max_bytes)) as archive:
        books = _Books(path)
        try:
            for canonical, accepted in names.items():
                missing = [] if canonical in optional else problems
                title = _title(books.values.sheetnames, canonical, accepted, missing)
                if title is None:
                    continue
                try:
                    tables[canonical] = _read_one(archive, books, title)
                except TooLarge as exc:  # nothing else matters until the sheet is smaller
                    return {}, [Problem(title, None, None, exc.reason)]
        finally:
            books.close()
    return tables, problems


class _Books:
    """The workbook opened read-only for its saved values, and for its formulas when needed."""

    def __init__(self, path: Path) -> None:
        self.path, self.values, self._formulas = path, _load(path, data_only=True), None

    def formulas(self) -> Any:
        if self._formulas is None:
            self._formulas = _load(self.path, data_only=False)
        return self._formulas

    def close(self) -> None:
        for book in (self.values, self._formulas):
            if book is not None:
                book.close()


def _title(
    sheetnames: list[str], canonical: str, accepted: Sequence[str], problems: list[Problem]
) -> str | None:
    """The title of the sheet that is `canonical`, or None with a problem saying it is missing."""
    titles = {fold_name(t): t for t in sheetnames}
    title = next((titles[fold_name(n)] for n in accepted if fold_name(n) in titles), None)
    if title is None:
        found = ", ".join(f'"{t}"' for t in sheetnames)
        reason = msg(
            'the workbook has no sheet "%(sheet)s" (its sheets: %(found)s)',
            sheet=canonical,
            found=found,
        )
        problems.append(Problem(canonical, None, None, reason))
    return title


def _read_one(archive: zipfile.ZipFile, books: _Books, title: str) -> Table:
    """Read sheet `title`, in step with its formulas when its XML has any."""
    sheet = books.values[title]
    member = sheet_member(sheet)
    try:
        xml = scan_sheet_xml(archive, member, title) if member else SheetXml(formulas=True)
        formulas = books.formulas()[title] if xml.formulas else None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return read_sheet(sheet, formulas, xml.merges)
    except (TooLarge, _Unreadable):
        raise
    except Exception as exc:  # a read-only sheet is parsed only now: damage shows here
        raise _Unreadable(_damaged(exc)) from None


def _checked(path: Path, max_bytes: int) -> Path:
    """`path` when it looks like an .xlsx that does not unpack far beyond `max_bytes`."""
    with path.open("rb") as f:
        head = f.read(8)
    reason = _not_xlsx(path, head)
    if reason is not None:
        raise _Unreadable(reason)
    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise _Unreadable(_damaged(exc)) from None
    if unpacked > UNPACK_FACTOR * max_bytes:
        raise _Unreadable(
            msg(
                "the workbook unpacks to %(size)s; the limit is %(limit)s",
                size=describe_size(unpacked),
                limit=describe_size(UNPACK_FACTOR * max_bytes),
            )
        )
    return path


def _load(path: Path, *, data_only: bool) -> Any:
    """Open the workbook in read-only mode (cells are read as they stream, never all at once)."""
    try:
        with warnings.catch_warnings():  # unsupported Excel extensions only warn
            warnings.simplefilter("ignore")
            return openpyxl.load_workbook(path, read_only=True, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds of error on a damaged file
        raise _Unreadable(_damaged(exc)) from None


def _damaged(exc: Exception) -> Message:
    return msg(
        "the workbook is damaged and cannot be read (%(error)s); "
        "open it in Excel and save it again",
        error=type(exc).__name__,
    )


class _Unreadable(Exception):
    """The workbook cannot be opened; `reason` says what to do."""

    def __init__(self, reason: Message) -> None:
        super().__init__(reason)
        self.reason = reason
