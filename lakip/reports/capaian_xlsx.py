"""The achievement table of a period as an Excel workbook (an export users take away)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

import xlsxwriter

from lakip.domain.formatting import BELUM_ADA_DATA

WORKBOOK_OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


@dataclass(frozen=True)
class BarisCapaian:
    """One indicator row of the export."""

    kode: str
    indikator: str
    satuan: str
    unit: str
    sasaran: str
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    predikat: str | None
    keterangan: str
    kendala: str
    upaya: str


@dataclass(frozen=True)
class TabelCapaian:
    """Everything the export shows."""

    judul: str
    subjudul: str
    baris: Sequence[BarisCapaian]
    sasaran: Sequence[tuple[str, str, Decimal | None, str | None]]


def write_capaian_xlsx(tabel: TabelCapaian) -> bytes:
    """The workbook bytes; every text is written as a string cell (no formula injection)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, WORKBOOK_OPTIONS)
    title = wb.add_format({"bold": True, "font_size": 14})
    head = wb.add_format(
        {
            "bold": True,
            "bg_color": "#1F4E79",
            "font_color": "#FFFFFF",
            "border": 1,
            "text_wrap": True,
            "valign": "vcenter",
        }
    )
    text = wb.add_format({"border": 1, "text_wrap": True, "valign": "top"})
    num = wb.add_format({"border": 1, "num_format": "#,##0.00", "valign": "top"})
    pct = wb.add_format({"border": 1, "num_format": '0.00" %"', "valign": "top"})
    missing = wb.add_format({"border": 1, "italic": True, "font_color": "#7F7F7F", "valign": "top"})

    ws = wb.add_worksheet("Capaian Indikator")
    ws.write_string(0, 0, tabel.judul, title)
    ws.write_string(1, 0, tabel.subjudul)
    headers = [
        "Kode",
        "Indikator",
        "Satuan",
        "Unit",
        "Sasaran",
        "Target",
        "Realisasi",
        "Capaian (%)",
        "Predikat",
        "Keterangan",
        "Kendala",
        "Upaya",
    ]
    widths = [12, 50, 12, 28, 12, 14, 14, 14, 16, 35, 45, 45]
    for col, (h, w) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(3, col, h, head)
        ws.set_column(col, col, w)
    for r, b in enumerate(tabel.baris, start=4):
        for col, label in enumerate((b.kode, b.indikator, b.satuan, b.unit, b.sasaran)):
            ws.write_string(r, col, label, text)
        for col, figure, fmt in ((5, b.target, num), (6, b.realisasi, num), (7, b.capaian, pct)):
            if figure is None:
                ws.write_string(r, col, BELUM_ADA_DATA, missing)
            else:
                ws.write_number(r, col, float(figure), fmt)
        ws.write_string(r, 8, b.predikat or BELUM_ADA_DATA, text if b.predikat else missing)
        ws.write_string(r, 9, b.keterangan, text)
        ws.write_string(r, 10, b.kendala, text)
        ws.write_string(r, 11, b.upaya, text)
    ws.freeze_panes(4, 2)

    ws2 = wb.add_worksheet("Capaian Sasaran")
    ws2.write_string(0, 0, tabel.judul, title)
    for col, (h, w) in enumerate(
        zip(["Kode", "Sasaran Strategis", "Capaian (%)", "Predikat"], [12, 70, 14, 16], strict=True)
    ):
        ws2.write_string(2, col, h, head)
        ws2.set_column(col, col, w)
    for r, (kode, nama, capaian, predikat) in enumerate(tabel.sasaran, start=3):
        ws2.write_string(r, 0, kode, text)
        ws2.write_string(r, 1, nama, text)
        if capaian is None:
            ws2.write_string(r, 2, BELUM_ADA_DATA, missing)
        else:
            ws2.write_number(r, 2, float(capaian), pct)
        ws2.write_string(r, 3, predikat or BELUM_ADA_DATA, text if predikat else missing)
    wb.close()
    return buf.getvalue()
