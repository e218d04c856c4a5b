"""Indonesian display formats: numbers, percentages, rupiah and dates."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from types import MappingProxyType
from typing import Final

from ._numeric import round_half_up_in_context, working_context

BELUM_ADA_DATA: Final = "belum ada data"

_MONTHS: Final = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

# Python groups with "," and marks decimals with "."; Indonesian is the reverse.
_SWAP_SEPARATORS: Final = str.maketrans(",.", ".,")


def _to_decimal(x: Decimal | int | float) -> Decimal:
    if isinstance(x, bool):
        raise TypeError(f"Nilai harus berupa angka, ditemukan {x!r}")
    if isinstance(x, float):
        # repr is the shortest text that reads back as the same float, so 2.675
        # rounds as the 2.675 the user typed, not as its binary approximation.
        return Decimal(repr(x))
    return Decimal(x)


def format_number(
    x: Decimal | int | float | None, decimals: int = 2, *, strip: bool = False
) -> str:
    """Format a number in Indonesian notation: "1.234,50" (half-up rounding).

    ``strip=True`` drops trailing zeros of the fraction ("12", "12,5").
    None gives "belum ada data". Raises ValueError on NaN, infinity or negative
    ``decimals``, and TypeError on a bool.
    """
    if x is None:
        return BELUM_ADA_DATA
    value = _to_decimal(x)
    with working_context():
        rounded = round_half_up_in_context(value, decimals)
    if rounded == 0:
        # -0.001 rounds to -0.00; a minus sign on zero would only confuse.
        rounded = abs(rounded)
    text = format(rounded, ",f").translate(_SWAP_SEPARATORS)
    if strip and "," in text:
        text = text.rstrip("0").rstrip(",")
    return text


def format_count(n: int) -> str:
    """A whole number the Indonesian way, thousands grouped with a point: "50.000"."""
    return format_number(n, 0)


_MB: Final = 1024 * 1024


def format_size(n_bytes: int) -> str:
    """A file size in megabytes the Indonesian way, one decimal at most: "10,1 MB", "10 MB"."""
    return f"{format_number(Decimal(n_bytes) / _MB, 1, strip=True)} MB"


def format_percent(x: Decimal | int | float | None, decimals: int = 2) -> str:
    """Format a percentage in Indonesian notation: "95,25 %".

    None gives "belum ada data". Raises as ``format_number``.
    """
    if x is None:
        return BELUM_ADA_DATA
    return f"{format_number(x, decimals)} %"


def format_rupiah(x: Decimal | int | float | None) -> str:
    """Format an amount of money: "Rp 1.250.000.000" (whole rupiah, half-up).

    A negative amount is shown as "-Rp 1.000". None gives "belum ada data".
    Raises as ``format_number``.
    """
    if x is None:
        return BELUM_ADA_DATA
    text = format_number(x, 0)
    if text.startswith("-"):
        return f"-Rp {text[1:]}"
    return f"Rp {text}"


def format_date(d: date) -> str:
    """Format a date with the Indonesian month name: "15 Agustus 2023"."""
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def format_datetime(dt: datetime) -> str:
    """Format a date and time: "15 Agustus 2023 14:05".

    Shown as given; converting to the agency's local time zone is the caller's job.
    """
    return f"{format_date(dt)} {dt.hour:02d}:{dt.minute:02d}"


ZONA_WAKTU: Final[Mapping[str, timezone]] = MappingProxyType(
    {
        "WIB": timezone(timedelta(hours=7), "WIB"),
        "WITA": timezone(timedelta(hours=8), "WITA"),
        "WIT": timezone(timedelta(hours=9), "WIT"),
    }
)


def parse_zona_waktu(text: str) -> timezone:
    """Indonesia's time zone named WIB, WITA or WIT (case-insensitive); raises ValueError."""
    zona = ZONA_WAKTU.get(text.strip().upper())
    if zona is None:
        raise ValueError(f"Zona waktu '{text}' tidak dikenal; gunakan WIB, WITA atau WIT")
    return zona


def format_local_datetime(dt: datetime, zona: timezone) -> str:
    """A stored (aware) time as the agency reads it: "15 Agustus 2023 14:05 WITA"."""
    return f"{format_datetime(dt.astimezone(zona))} {zona.tzname(None)}"


def format_duration(menit: float) -> str:
    """A duration the way people say it: "30 menit", "3 jam 15 menit", "2 hari", "120 hari 4 jam"
    (never 172.800 menit); under a minute reads "kurang dari 1 menit"."""
    total = int(menit)
    if total < 1:
        return "kurang dari 1 menit"
    hari, sisa = divmod(total, 24 * 60)
    jam, mnt = divmod(sisa, 60)
    if hari:
        return f"{format_count(hari)} hari" + (f" {jam} jam" if jam else "")
    if jam:
        return f"{jam} jam" + (f" {mnt} menit" if mnt else "")
    return f"{mnt} menit"


def format_incomplete(berdata: int, jumlah: int) -> str:
    """A kumulatif period with quarters missing (DOMAIN.md): "belum lengkap, 3 dari 4 triwulan".

    Raises ValueError unless 0 ≤ ``berdata`` < ``jumlah``.
    """
    if jumlah < 1 or not 0 <= berdata < jumlah:
        raise ValueError(f"Jumlah triwulan tidak sah: {berdata} dari {jumlah}")
    return f"belum lengkap, {berdata} dari {jumlah} triwulan"
