"""Problems found while reading a workbook: an error rejects the workbook, a warning does not."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, SupportsIndex

from lakip.domain.formatting import format_count

# Long cell texts are cut in messages so one bad cell cannot flood the error list.
_MAX_SHOWN = 80


def _shorten(text: str) -> str:
    if len(text) <= _MAX_SHOWN:
        return text
    return text[: _MAX_SHOWN - 1] + "…"


@dataclass(frozen=True)
class Issue:
    """One error or warning, located at a sheet and cell where possible.

    ``message`` is Indonesian; ``value`` is the text found (None when it does not
    apply) and ``expected`` says what was wanted.
    """

    message: str
    sheet: str | None = None
    cell: str | None = None
    value: str | None = None
    expected: str | None = None

    @property
    def location(self) -> str:
        """Where the issue is: "Realisasi Kinerja!E7", the sheet alone, or ""."""
        if self.sheet and self.cell:
            return f"{self.sheet}!{self.cell}"
        return self.sheet or self.cell or ""

    @property
    def body(self) -> str:
        """The problem without its location: the value found, the message, the expectation."""
        body = self.message
        if self.value is not None:
            body = f"nilai '{_shorten(self.value)}' {body}"
        if self.expected:
            body = f"{body} (diharapkan {self.expected})"
        return body

    def __str__(self) -> str:
        location = self.location
        return f"{location}: {self.body}" if location else self.body


# FORMATS.md: a rejection lists at most this many errors, then how many more there are.
MAX_LISTED: Final = 100


class IssueList(list[Issue]):
    """A list of issues that keeps the first ``MAX_LISTED`` and only counts the rest.

    A sheet of 50,000 bad rows must not hold 400,000 messages in memory; ``more`` is how
    many were found beyond those kept.
    """

    def __init__(self, issues: Iterable[Issue] = ()) -> None:
        super().__init__()
        self.more = 0
        self.extend(issues)

    def append(self, issue: Issue) -> None:
        if len(self) < MAX_LISTED:
            super().append(issue)
        else:
            self.more += 1

    def extend(self, issues: Iterable[Issue]) -> None:
        for issue in issues:
            self.append(issue)
        self.more += getattr(issues, "more", 0)

    def insert(self, index: SupportsIndex, issue: Issue) -> None:
        super().insert(index, issue)
        if len(self) > MAX_LISTED:
            self.pop()
            self.more += 1


class WorkbookRejected(Exception):
    """A workbook with at least one error; nothing of it may be stored.

    ``errors`` holds at most ``MAX_LISTED`` errors, followed, when more were found, by one
    line saying how many more there are.
    """

    def __init__(self, errors: Iterable[Issue]) -> None:
        kept = IssueList(errors)
        self.more = kept.more
        self.errors: list[Issue] = list(kept)
        if kept.more:
            self.errors.append(
                Issue(
                    f"… dan {format_count(kept.more)} kesalahan lain tidak ditampilkan; "
                    f"perbaiki {MAX_LISTED} kesalahan di atas lalu unggah lagi"
                )
            )
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(str(issue) for issue in self.errors)
