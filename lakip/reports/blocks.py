"""Blocks more than one report prints the same way: the budget table with its total, the
table of the submission versions a report was built from, and the budget's absorption."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from lakip.domain.budget import absorption
from lakip.reports.document import Kolom, Sel, Tabel
from lakip.reports.report_model import BarisAnggaranLaporan, SumberVersi

KOLOM_ANGGARAN = (
    Kolom("Kode", 18),
    Kolom("Uraian", 50),
    Kolom("Unit", 14),
    Kolom("Pagu (Rp)", 18, "angka"),
    Kolom("Realisasi (Rp)", 18, "angka"),
    Kolom("Serapan", 12, "persen"),
)
KOLOM_SUMBER = (
    Kolom("Unit", 16),
    Kolom("Triwulan", 10, "bilangan"),
    Kolom("Versi", 8, "bilangan"),
    Kolom("Berkas", 44),
    Kolom("Diunggah", 24),
)


def budget_totals(
    anggaran: Sequence[BarisAnggaranLaporan],
) -> tuple[Decimal, Decimal | None, Decimal | None]:
    """(pagu, realisasi, serapan) of all lines; realisasi None when no line has spending."""
    pagu = sum((a.pagu for a in anggaran), Decimal(0))
    spent = [a.realisasi for a in anggaran if a.realisasi is not None]
    total = sum(spent, Decimal(0)) if spent else None
    return pagu, total, absorption(total, pagu)


def budget_table(anggaran: Sequence[BarisAnggaranLaporan]) -> Tabel:
    """Every budget line and a "Jumlah" row."""
    rows: list[tuple[Sel, ...]] = [
        (a.kode, a.uraian, a.kode_unit, a.pagu, a.realisasi, a.serapan) for a in anggaran
    ]
    rows.append(("", "Jumlah", "", *budget_totals(anggaran)))
    return Tabel(KOLOM_ANGGARAN, rows)


def sources_table(sumber: Sequence[SumberVersi]) -> Tabel:
    """The submission versions a report was built from."""
    return Tabel(
        KOLOM_SUMBER, [(s.kode_unit, s.triwulan, s.versi, s.berkas, s.diunggah) for s in sumber]
    )
