"""The names of the files users download, in one place: the service that builds a file and
the page that offers it name it the same way."""

from __future__ import annotations

from .periods import ROMAN


def quarter_workbook_name(kode_unit: str, tahun: int, triwulan: int) -> str:
    """The prefilled quarterly workbook: "Laporan_Kinerja_BID-CAPIL_2025_TWIII.xlsx"."""
    return f"Laporan_Kinerja_{kode_unit}_{tahun}_TW{ROMAN[triwulan]}.xlsx"


def quarter_version_name(kode_unit: str, tahun: int, triwulan: int, nomor: int) -> str:
    """One stored version of a unit's quarterly report: "BID-CAPIL_2025_TWIII_v2.xlsx"."""
    return f"{kode_unit}_{tahun}_TW{ROMAN[triwulan]}_v{nomor}.xlsx"


def capaian_export_name(tahun: int, kode_periode: str, ext: str) -> str:
    """The achievement table of a period: "Capaian_2025_S1.xlsx" (``ext`` "xlsx" or "pdf")."""
    return f"Capaian_{tahun}_{kode_periode}.{ext}"


def report_version_name(jenis: str, tahun: int, periode: str, nomor: int, ext: str) -> str:
    """A report version's file: "Laporan_triwulan_2025_TW2_v3.pdf"."""
    return f"Laporan_{jenis}_{tahun}_{periode}_v{nomor}.{ext}"


def recap_export_name(tahun: int, triwulan: int) -> str:
    """A quarter's recap as an Excel workbook: "Rekap_2025_TW3.xlsx"."""
    return f"Rekap_{tahun}_TW{triwulan}.xlsx"
