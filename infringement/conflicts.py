"""The error every edit of an alert or a case raises when someone else changed it first."""

from __future__ import annotations


class Conflict(Exception):
    """The record changed since the user read it (its version moved on): nothing was written.

    `current` is the version now stored, for the message and for a retry.
    """

    def __init__(self, what: str, current: int | None) -> None:
        super().__init__(f"{what} was changed by someone else meanwhile; reload and try again")
        self.what = what
        self.current = current
