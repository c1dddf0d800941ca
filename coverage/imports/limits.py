"""How much of a file an import reads and how much of its problem list it shows, in one place.

Read these as `limits.NAME` at call time (not `from ... import NAME`), so that a test or a caller
can lower them.
"""

from __future__ import annotations

# A sheet or CSV file with more data rows, or more cells in all, is refused before it fills memory.
MAX_ROWS = 200_000
MAX_CELLS = 5_000_000
# Problems kept in memory for the full list (CSV download, `--problems FILE`); the rest are counted.
MAX_LISTED = 20_000
# The report a person reads: at most this many problems of one kind (same sheet and reason) ...
SHOWN_PER_KIND = 20
# ... and this many in all; the rest are counted and in the full list.
SHOWN_IN_ALL = 200
# A key repeated on many rows names this many of its rows, then says how many more.
ROWS_NAMED = 20
# Changes listed on the preview and report pages; the full list is a CSV download.
CHANGES_SHOWN = 500
