"""The report model of a period's achievement table: what every writer (Excel, PDF) shows.

Built once by the services from the computed figures; the writers only lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class BarisCapaian:
    """One indicator row: figures as computed (None = no data), texts as the units wrote."""

    kode: str
    indikator: str
    satuan: str
    unit: str
    sasaran: str
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    predikat: str | None
    keterangan: tuple[str, ...] = ()
    kendala: tuple[str, ...] = ()
    upaya: tuple[str, ...] = ()


@dataclass(frozen=True)
class BarisSasaran:
    """One objective row."""

    kode: str
    nama: str
    capaian: Decimal | None
    predikat: str | None


@dataclass(frozen=True)
class TabelCapaian:
    """Everything an achievement report shows."""

    instansi: str
    judul: str
    subjudul: str
    baris: Sequence[BarisCapaian]
    sasaran: Sequence[BarisSasaran]
