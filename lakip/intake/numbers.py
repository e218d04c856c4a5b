"""Numbers as users type them in Indonesian workbooks: "1.234,5", "95,5 %"."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

EXPECTED_NUMBER: Final = (
    "angka dengan koma sebagai pemisah desimal dan titik sebagai pemisah ribuan, mis. 1.234,5"
)

# Either plain digits ("1234,5") or groups of three after a first group of one to
# three digits ("1.234.567,5"); an optional minus in front, decimals after a comma.
_ID_NUMBER: Final = re.compile(
    r"(?P<sign>-)?(?P<int>[0-9]+|[0-9]{1,3}(?:\.[0-9]{3})+)(?:,(?P<frac>[0-9]+))?",
    re.ASCII,
)
# "12.5" or "0.75": most likely typed with a point as the decimal mark.
_POINT_DECIMAL: Final = re.compile(r"-?[0-9]+\.[0-9]+", re.ASCII)


class NumberFormatError(ValueError):
    """A value that is not a number in Indonesian notation.

    ``value`` is the text found, ``reason`` and ``expected`` are Indonesian.
    """

    def __init__(
        self, value: str, reason: str = "bukan angka yang sah", expected: str = ""
    ) -> None:
        self.value = value
        self.reason = reason
        self.expected = expected or EXPECTED_NUMBER
        super().__init__(f"nilai '{value}' {reason} (diharapkan {self.expected})")


def _checked(number: Decimal, shown: str) -> Decimal:
    if not number.is_finite():
        raise NumberFormatError(shown)
    return number


def _hint(text: str) -> str:
    if _POINT_DECIMAL.fullmatch(text):
        return f"angka dengan koma sebagai pemisah desimal, mis. {text.replace('.', ',')}"
    return EXPECTED_NUMBER


def parse_id_number(value: object) -> Decimal:
    """Read a cell value as a number following FORMATS.md.

    A numeric cell (int, Decimal, float) is taken as it is; text is read in
    Indonesian notation ("1.234,5" → 1234.5, "95,5 %" → 95.5). Raises
    NumberFormatError (a ValueError, Indonesian message) for anything else.
    """
    if isinstance(value, bool):
        raise NumberFormatError("BENAR" if value else "SALAH", "bukan angka")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        return _checked(value, str(value))
    if isinstance(value, float):
        return _checked(Decimal(repr(value)), repr(value))
    if not isinstance(value, str):
        raise NumberFormatError("" if value is None else str(value), "bukan angka")
    text = value.strip()
    if text.endswith("%"):
        text = text[:-1].strip()
    match = _ID_NUMBER.fullmatch(text)
    if match is None:
        if not value.strip():
            raise NumberFormatError(value, "kosong, bukan angka")
        raise NumberFormatError(value.strip(), expected=_hint(text))
    digits = match["int"].replace(".", "")
    if match["frac"]:
        digits = f"{digits}.{match['frac']}"
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only digits
        raise NumberFormatError(value.strip()) from None
    return -number if match["sign"] else number


def format_id_number(number: Decimal) -> str:
    """Write a Decimal exactly in Indonesian notation ("-1.234,5"), no rounding.

    Used to show a numeric cell's value in messages as the user sees it.
    """
    if not number.is_finite():
        return str(number)
    text = format(number, ",f")
    return text.translate(str.maketrans(",.", ".,"))
