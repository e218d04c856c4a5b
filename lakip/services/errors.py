"""Errors the services raise; their messages are shown to users as they are."""

from __future__ import annotations

from collections.abc import Sequence


class LakipError(Exception):
    """Base of every error a user may see; ``str()`` is an Indonesian message."""


class Ditolak(LakipError):
    """The actor's role does not allow the action (already written to the audit log)."""


class TidakDitemukan(LakipError):
    """What was asked for does not exist."""


class InputTidakValid(LakipError):
    """Input was rejected; ``errors`` lists every problem, one Indonesian line each."""

    def __init__(self, errors: Sequence[str]) -> None:
        self.errors = list(errors)
        super().__init__("\n".join(self.errors))
