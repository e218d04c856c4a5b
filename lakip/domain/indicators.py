"""Indicator attributes: polarity, how quarters aggregate, and indicator kind."""

from __future__ import annotations

from enum import StrEnum


class Polaritas(StrEnum):
    """Whether a higher (positif) or a lower (negatif) realization is better."""

    POSITIF = "positif"
    NEGATIF = "negatif"


class Agregasi(StrEnum):
    """How an indicator's quarters combine into a period's value."""

    KUMULATIF = "kumulatif"
    TERAKHIR = "terakhir"
    RATA_RATA = "rata-rata"


class JenisIndikator(StrEnum):
    """Key performance indicator (IKU) or activity-level indicator (IKK)."""

    IKU = "IKU"
    IKK = "IKK"


_DASHES = frozenset("-–—")


def _normalize(text: str) -> str:
    # Spaces and hyphens are dropped so "Rata-rata", "rata rata" and "ratarata" agree.
    return "".join(ch for ch in str(text).casefold() if not ch.isspace() and ch not in _DASHES)


def _shown(text: str) -> str:
    return str(text).strip()


def parse_polaritas(text: str) -> Polaritas:
    """Read a polarity word ("Positif"/"Negatif", any case).

    Raises ValueError with an Indonesian message naming the allowed words.
    """
    word = _normalize(text)
    for member in Polaritas:
        if word == member.value:
            return member
    raise ValueError(f"Polaritas harus 'Positif' atau 'Negatif', ditemukan '{_shown(text)}'")


def parse_agregasi(text: str) -> Agregasi:
    """Read an aggregation word ("Kumulatif", "Terakhir", "Rata-rata"; any case).

    "rata rata" and "ratarata" are accepted for Rata-rata.
    Raises ValueError with an Indonesian message naming the allowed words.
    """
    word = _normalize(text)
    for member in Agregasi:
        if word == _normalize(member.value):
            return member
    raise ValueError(
        f"Agregasi harus 'Kumulatif', 'Terakhir' atau 'Rata-rata', ditemukan '{_shown(text)}'"
    )


def parse_jenis_indikator(text: str) -> JenisIndikator:
    """Read an indicator kind ("IKU" or "IKK", any case).

    Raises ValueError with an Indonesian message naming the allowed words; an
    empty cell is an error here (defaulting to IKU is the reader's decision).
    """
    word = _normalize(text).upper()
    for member in JenisIndikator:
        if word == member.value:
            return member
    raise ValueError(f"Jenis indikator harus 'IKU' atau 'IKK', ditemukan '{_shown(text)}'")
