"""Problems found while reading a workbook: an error rejects the workbook, a warning does not."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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


class WorkbookRejected(Exception):
    """A workbook with at least one error; nothing of it may be stored."""

    def __init__(self, errors: Iterable[Issue]) -> None:
        self.errors: list[Issue] = list(errors)
        super().__init__(self.__str__())

    def __str__(self) -> str:
        return "\n".join(str(issue) for issue in self.errors)
