"""Quarters (triwulan) and reporting periods: TW1–TW4, S1, S2, SD1–SD4, TAHUN."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType
from typing import Final

QUARTERS: Final = (1, 2, 3, 4)

# The years a plan, a report or an agency profile may name.
MIN_YEAR: Final = 2000
MAX_YEAR: Final = 2100


def year_error(tahun: int) -> str | None:
    """The Indonesian message for a year outside MIN_YEAR–MAX_YEAR, or None when it is valid."""
    if MIN_YEAR <= tahun <= MAX_YEAR:
        return None
    return f"Tahun harus antara {MIN_YEAR} dan {MAX_YEAR}, ditemukan {tahun}."


# A read-only view: a plain dict here would be shared, mutable module state.
ROMAN: Final = MappingProxyType({1: "I", 2: "II", 3: "III", 4: "IV"})

_QUARTER_WORDS: Final = MappingProxyType(
    {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}
)
# Prefixes users write before the quarter number ("TW III", "Triwulan 2").
_QUARTER_PREFIXES: Final = ("TRIWULAN", "TW")


def _quarter_error(value: object) -> ValueError:
    return ValueError(f"Triwulan harus I–IV atau 1–4, ditemukan '{value}'")


def parse_quarter(value: object) -> int:
    """Read a quarter number 1–4 from text, an int, or an integral float/Decimal.

    Accepts "I"–"IV" (any case), "1"–"4", "TW I", "TW 3", "Triwulan II", the
    ints 1–4 and floats/Decimals equal to them (Excel gives 3.0).
    Raises ValueError with an Indonesian message for anything else.
    """
    # bool is an int subclass; True is not a quarter.
    if isinstance(value, bool):
        raise _quarter_error(value)
    if isinstance(value, int):
        if value in QUARTERS:
            return value
        raise _quarter_error(value)
    if isinstance(value, float | Decimal):
        # Comparing a Decimal signalling NaN raises, so NaNs are turned away
        # before 3.0 == 3 (and Decimal("3.0") == 3) is tried.
        if isinstance(value, Decimal) and value.is_nan():
            raise _quarter_error(value)
        if value in QUARTERS:
            return int(value)
        raise _quarter_error(value)
    if isinstance(value, str):
        word = "".join(value.split()).upper()
        for prefix in _QUARTER_PREFIXES:
            if word.startswith(prefix):
                word = word[len(prefix) :]
                break
        if word in _QUARTER_WORDS:
            return _QUARTER_WORDS[word]
        raise _quarter_error(value.strip())
    raise _quarter_error(value)


def quarter_label(q: int) -> str:
    """Return the full Indonesian name of a quarter, e.g. "Triwulan I".

    Raises ValueError if ``q`` is not 1–4.
    """
    return f"Triwulan {_roman(q)}"


def quarter_title(tahun: int, triwulan: int) -> str:
    """Return a quarter of a year as a title, e.g. "Triwulan III Tahun 2025".

    Raises ValueError if ``triwulan`` is not 1–4.
    """
    return f"{quarter_label(triwulan)} Tahun {tahun}"


def quarter_short(q: int) -> str:
    """Return the short Indonesian name of a quarter, e.g. "TW I".

    Raises ValueError if ``q`` is not 1–4.
    """
    return f"TW {_roman(q)}"


def _roman(q: int) -> str:
    if isinstance(q, bool) or q not in ROMAN:
        raise _quarter_error(q)
    return ROMAN[q]


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period: the quarters it covers and which target it uses.

    ``uses_annual_target`` is true only for the whole year, which is measured
    against the PK's annual target rather than the Rencana Aksi's quarters.
    """

    kode: str
    quarters: tuple[int, ...]
    label: str
    uses_annual_target: bool

    @property
    def last_quarter(self) -> int:
        """The last quarter the period covers (4 for S2 and TAHUN)."""
        return self.quarters[-1]


def _build_periods() -> tuple[Period, ...]:
    quarterly = tuple(Period(f"TW{q}", (q,), quarter_label(q), False) for q in QUARTERS)
    semesters = (
        Period("S1", (1, 2), "Semester I", False),
        Period("S2", (3, 4), "Semester II", False),
    )
    to_date = tuple(
        Period(f"SD{q}", tuple(range(1, q + 1)), f"s.d. {quarter_label(q)}", False)
        for q in QUARTERS
    )
    year = (Period("TAHUN", QUARTERS, "Tahun", True),)
    return quarterly + semesters + to_date + year


ALL_PERIODS: Final[tuple[Period, ...]] = _build_periods()

_BY_KODE: Final = MappingProxyType({p.kode: p for p in ALL_PERIODS})


def parse_period(text: str) -> Period:
    """Return the period named by its code (TW1–TW4, S1, S2, SD1–SD4, TAHUN).

    Case-insensitive; spaces anywhere are ignored ("tw 3" is TW3).
    Raises ValueError with an Indonesian message listing the valid codes.
    """
    kode = "".join(str(text).split()).upper()
    period = _BY_KODE.get(kode)
    if period is None:
        valid = ", ".join(p.kode for p in ALL_PERIODS)
        raise ValueError(
            f"Periode '{str(text).strip()}' tidak dikenal; gunakan salah satu dari: {valid}"
        )
    return period
