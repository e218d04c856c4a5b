"""What a cell's number format makes of its number: a percent, a date or time, or neither.

FORMATS.md reads a numeric cell with a percent format as the percent it shows (0.985
formatted ``0.0%`` is 98.5) and refuses a date or time where a number belongs. Excel and
LibreOffice store the format as a built-in id or a format code; this module tells the two
kinds apart from either.
"""

from __future__ import annotations

from enum import Enum
from typing import Final


class NumberFormat(Enum):
    """The kinds of number format that change how a number is read."""

    PERCENT = "persen"
    DATE = "tanggal"


# ECMA-376 Part 1, 18.8.30: built-in formats. 9 and 10 are 0% and 0.00%; 14–22 and 45–47
# are dates and times; 27–36 and 50–58 are the East Asian dates (and 71–81 the Thai ones)
# that Excel writes by id without a format code.
_BUILTIN_PERCENT: Final = frozenset({9, 10})
_BUILTIN_DATE: Final = frozenset(
    {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)}
)
_DATE_LETTERS: Final = frozenset("ymdhsYMDHS")
# [h], [mm], [ss]: elapsed time, still a time. Other brackets are colours, conditions
# and locales ([Red], [>=100], [$-421]).
_ELAPSED: Final = frozenset({"h", "hh", "m", "mm", "s", "ss"})


def _sections(code: str) -> tuple[str, bool]:
    """The code's literal-free text, and whether an elapsed-time bracket occurred."""
    out: list[str] = []
    elapsed = False
    i, n = 0, len(code)
    while i < n:
        ch = code[i]
        if ch == '"':
            end = code.find('"', i + 1)
            i = n if end < 0 else end + 1
        elif ch in "\\_*":
            i += 2  # an escaped character, a space as wide as one, or a fill character
        elif ch == "[":
            end = code.find("]", i + 1)
            inner = code[i + 1 : n if end < 0 else end]
            elapsed = elapsed or inner.lower() in _ELAPSED
            i = n if end < 0 else end + 1
        else:
            out.append(ch)
            i += 1
    return "".join(out), elapsed


def classify_format_code(code: str) -> NumberFormat | None:
    """The kind of a format code ("0.0%" → PERCENT, "dd/mm/yyyy" → DATE, "#,##0" → None).

    Letters inside quotes, after a backslash and inside brackets are literals, colours or
    locales, not date parts; "General" is no date although it holds the letters.
    """
    text, elapsed = _sections(code)
    if elapsed:
        return NumberFormat.DATE
    bare = text.replace("General", "").replace("general", "").replace("GENERAL", "")
    # "E+"/"e-" are the exponent of a scientific format, not a date part.
    bare = bare.replace("E+", "").replace("E-", "").replace("e+", "").replace("e-", "")
    if any(ch in _DATE_LETTERS for ch in bare):
        return NumberFormat.DATE
    if "%" in bare:
        return NumberFormat.PERCENT
    return None


def classify_number_format(format_id: int, code: str | None) -> NumberFormat | None:
    """The kind of a cell's number format, from its format code when the file has one,
    else from the built-in id."""
    if code is not None:
        return classify_format_code(code)
    if format_id in _BUILTIN_PERCENT:
        return NumberFormat.PERCENT
    if format_id in _BUILTIN_DATE:
        return NumberFormat.DATE
    return None
