"""Why a change to a case was refused: each error carries a translatable message for people."""

from __future__ import annotations

from coverage.messages import Message


class CaseRefused(Exception):
    """A change to a case that was refused; `message` says why (nothing was written)."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message


class StageRefused(CaseRefused):
    """The route does not allow the transition; `allowed` names the stages it does allow."""

    def __init__(self, message: Message, allowed: tuple[str, ...]) -> None:
        super().__init__(message)
        self.allowed = allowed


class NeedsRegistrations(CaseRefused):
    """The route needs at least one registration relied on before the case leaves draft."""


class RegistrationRefused(CaseRefused):
    """A registration that cannot be relied on: not ours, unknown or not live."""


class FileRefused(CaseRefused):
    """An attachment refused for its size or type; `filename` names it."""

    def __init__(self, message: Message, filename: str) -> None:
        super().__init__(message)
        self.filename = filename


class UnknownAlerts(CaseRefused):
    """Alert ids that name no alert."""
