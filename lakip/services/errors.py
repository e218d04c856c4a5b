"""Errors the services raise; their messages are shown to users as they are."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from lakip.intake.issues import Issue


@dataclass(frozen=True)
class Masalah:
    """One problem for a user: where it is (``Realisasi Kinerja!E7``, a sheet, or "") and
    what is wrong, in Indonesian."""

    lokasi: str
    pesan: str

    def __str__(self) -> str:
        return f"{self.lokasi}: {self.pesan}" if self.lokasi else self.pesan

    @classmethod
    def from_issue(cls, issue: Issue) -> Masalah:
        """The user-facing form of a workbook issue."""
        return cls(issue.location, issue.body)


def masalah_from_issues(issues: Iterable[Issue]) -> list[Masalah]:
    """Workbook issues as problems for the user."""
    return [Masalah.from_issue(i) for i in issues]


class LakipError(Exception):
    """Base of every error a user may see; ``str()`` is an Indonesian message."""


class Ditolak(LakipError):
    """The actor's role does not allow the action (already written to the audit log)."""


class LangkahTidakSah(LakipError):
    """The SOP does not allow the move from the current state (already audited; nothing
    else changed)."""


class TidakDitemukan(LakipError):
    """What was asked for does not exist."""


class InputTidakValid(LakipError):
    """Input was rejected and nothing was stored. ``masalah`` lists every problem with its
    location; ``errors`` gives the same as one Indonesian line each."""

    def __init__(self, errors: Sequence[str | Masalah]) -> None:
        self.masalah = [e if isinstance(e, Masalah) else Masalah("", e) for e in errors]
        self.errors = [str(m) for m in self.masalah]
        super().__init__("\n".join(self.errors))
