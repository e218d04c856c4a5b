"""The quarterly workbook a unit downloads, prefilled with its indicators and targets.

What ``write_quarter_template`` writes, ``parse_quarter_workbook`` reads back without
error. Every text from users or the database goes through ``write_string``, so a name
such as ``=HYPERLINK(...)`` or ``+62 811`` stays text and never becomes a formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from lakip.domain.excel import NUMBER_FORMAT, RUPIAH_FORMAT, WORKBOOK_OPTIONS
from lakip.domain.periods import ROMAN, year_error

from .quarter import (
    ANGGARAN_COLUMNS,
    KINERJA_COLUMNS,
    L_DISUSUN_OLEH,
    L_KODE_UNIT,
    L_TAHUN,
    L_TANGGAL,
    L_TRIWULAN,
    S_ANGGARAN,
    S_IDENTITAS,
    S_KINERJA,
)

S_PETUNJUK: Final = "Petunjuk"

# Header on row 5 (index 4): below a three-line title, within the first 10 rows.
_HEADER_INDEX: Final = 4
_PROTECTION: Final = {
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "format_columns": True,
    "format_rows": True,
}


@dataclass(frozen=True)
class TemplateIndicator:
    """One indicator row: what the plan says, and what was already reported."""

    kode: str
    nama: str
    satuan: str
    target_tw: Decimal | None
    realisasi: Decimal | None = None
    keterangan: str | None = None
    kendala: str | None = None
    upaya: str | None = None


@dataclass(frozen=True)
class TemplateBudget:
    """One budget line of the unit, with its spending already reported if any."""

    kode: str
    uraian: str
    pagu: Decimal
    realisasi: Decimal | None = None


@dataclass(frozen=True)
class TemplateData:
    """Everything the quarterly template of one unit shows."""

    nama_instansi: str
    kode_unit: str
    nama_unit: str
    tahun: int
    triwulan: int
    disusun_oleh: str | None = None
    indikator: list[TemplateIndicator] = field(default_factory=list)
    anggaran: list[TemplateBudget] = field(default_factory=list)


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        base: dict[str, Any] = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        cell = {**base, "border": 1, "text_wrap": True}
        entry = {**cell, "locked": False, "bg_color": "#FFF2CC"}
        self.title = wb.add_format({**base, "bold": True, "font_size": 14})
        self.subtitle = wb.add_format({**base, "bold": True})
        self.note = wb.add_format({**base, "italic": True, "font_color": "#595959"})
        self.header = wb.add_format(
            {**cell, "bold": True, "bg_color": "#D9E1F2", "align": "center", "valign": "vcenter"}
        )
        self.label = wb.add_format({**cell, "bold": True})
        self.text = wb.add_format(cell)
        self.number = wb.add_format({**cell, "num_format": NUMBER_FORMAT})
        self.rupiah = wb.add_format({**cell, "num_format": RUPIAH_FORMAT})
        self.input_text = wb.add_format(entry)
        self.input_number = wb.add_format({**entry, "num_format": NUMBER_FORMAT})
        self.input_rupiah = wb.add_format({**entry, "num_format": RUPIAH_FORMAT})
        self.input_date = wb.add_format({**entry, "num_format": "dd/mm/yyyy"})
        self.wrap = wb.add_format({**base, "text_wrap": True})


def _text(ws: Worksheet, row: int, col: int, value: str | None, fmt: Format) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_string(row, col, value, fmt)


def _number(ws: Worksheet, row: int, col: int, value: Decimal | None, fmt: Format) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt)
    else:
        ws.write_number(row, col, float(value), fmt)


def _title_block(ws: Worksheet, data: TemplateData, fmt: _Formats, heading: str) -> None:
    quarter = ROMAN[data.triwulan]
    ws.write_string(0, 0, data.nama_instansi, fmt.title)
    ws.write_string(1, 0, f"{heading} – {data.nama_unit} ({data.kode_unit})", fmt.subtitle)
    ws.write_string(2, 0, f"Laporan Kinerja Triwulan {quarter} Tahun {data.tahun}", fmt.subtitle)
    ws.write_string(
        3,
        0,
        "Isi hanya sel berwarna kuning. Sel Realisasi yang kosong berarti belum dilaporkan. "
        "Lihat sheet Petunjuk.",
        fmt.note,
    )


def _realization_validation(ws: Worksheet, first: int, last: int, col: int, what: str) -> None:
    ws.data_validation(
        first,
        col,
        last,
        col,
        {
            "validate": "decimal",
            "criteria": ">=",
            "value": 0,
            "ignore_blank": True,
            "input_title": f"Realisasi {what}",
            "input_message": (
                "Isi angka realisasi triwulan ini (0 atau lebih), koma sebagai pemisah "
                "desimal, mis. 12,5. Kosongkan jika belum ada data."
            ),
            "error_title": "Nilai tidak sah",
            "error_message": (
                "Realisasi harus berupa angka 0 atau lebih, dengan koma sebagai pemisah "
                "desimal (mis. 12,5). Kosongkan sel jika belum ada data."
            ),
            "error_type": "stop",
        },
    )


def _identitas(wb: xlsxwriter.Workbook, data: TemplateData, fmt: _Formats) -> None:
    ws = wb.add_worksheet(S_IDENTITAS)
    ws.write_string(0, 0, "Identitas Laporan Kinerja Triwulan", fmt.title)
    ws.write_string(1, 0, data.nama_instansi, fmt.subtitle)
    ws.write_string(2, 0, f"{data.nama_unit} ({data.kode_unit})", fmt.subtitle)
    ws.write_string(3, 0, "Jangan ubah Kode Unit, Tahun dan Triwulan.", fmt.note)
    # Exactly FORMATS.md's labels in A and values in B, nothing else in those columns.
    rows: list[tuple[str, object, Format]] = [
        (L_KODE_UNIT, data.kode_unit, fmt.text),
        (L_TAHUN, data.tahun, fmt.text),
        (L_TRIWULAN, ROMAN[data.triwulan], fmt.text),
        (L_DISUSUN_OLEH, data.disusun_oleh, fmt.input_text),
        (L_TANGGAL, None, fmt.input_date),
    ]
    for index, (label, value, value_fmt) in enumerate(rows, start=5):
        ws.write_string(index, 0, label, fmt.label)
        if isinstance(value, int):
            ws.write_number(index, 1, value, value_fmt)
        else:
            _text(ws, index, 1, value if isinstance(value, str) else None, value_fmt)
    ws.set_column(0, 0, 18)
    ws.set_column(1, 1, 50)
    ws.protect("", _PROTECTION)


def _kinerja(wb: xlsxwriter.Workbook, data: TemplateData, fmt: _Formats) -> Worksheet:
    ws = wb.add_worksheet(S_KINERJA)
    _title_block(ws, data, fmt, "Realisasi Kinerja")
    for col, spec in enumerate(KINERJA_COLUMNS):
        ws.write_string(_HEADER_INDEX, col, spec.name, fmt.header)
    for i, item in enumerate(data.indikator, start=_HEADER_INDEX + 1):
        ws.write_string(i, 0, item.kode, fmt.text)
        ws.write_string(i, 1, item.nama, fmt.text)
        _text(ws, i, 2, item.satuan, fmt.text)
        _number(ws, i, 3, item.target_tw, fmt.number)
        _number(ws, i, 4, item.realisasi, fmt.input_number)
        _text(ws, i, 5, item.keterangan, fmt.input_text)
        _text(ws, i, 6, item.kendala, fmt.input_text)
        _text(ws, i, 7, item.upaya, fmt.input_text)
    if data.indikator:
        last = _HEADER_INDEX + len(data.indikator)
        _realization_validation(ws, _HEADER_INDEX + 1, last, 4, "kinerja")
    for col, width in enumerate((16, 50, 12, 14, 14, 30, 30, 30)):
        ws.set_column(col, col, width)
    ws.freeze_panes(_HEADER_INDEX + 1, 2)
    ws.protect("", _PROTECTION)
    return ws


def _anggaran(wb: xlsxwriter.Workbook, data: TemplateData, fmt: _Formats) -> None:
    ws = wb.add_worksheet(S_ANGGARAN)
    _title_block(ws, data, fmt, "Realisasi Anggaran")
    for col, spec in enumerate(ANGGARAN_COLUMNS):
        ws.write_string(_HEADER_INDEX, col, spec.name, fmt.header)
    for i, line in enumerate(data.anggaran, start=_HEADER_INDEX + 1):
        ws.write_string(i, 0, line.kode, fmt.text)
        ws.write_string(i, 1, line.uraian, fmt.text)
        _number(ws, i, 2, line.pagu, fmt.rupiah)
        _number(ws, i, 3, line.realisasi, fmt.input_rupiah)
    last = _HEADER_INDEX + len(data.anggaran)
    _realization_validation(ws, _HEADER_INDEX + 1, last, 3, "anggaran")
    for col, width in enumerate((18, 60, 20, 20)):
        ws.set_column(col, col, width)
    ws.freeze_panes(_HEADER_INDEX + 1, 2)
    ws.protect("", _PROTECTION)


PETUNJUK: Final = (
    "Petunjuk pengisian Laporan Kinerja Triwulan",
    "",
    "1. Isi hanya sel berwarna kuning. Sel lain dikunci agar kode dan target tidak berubah.",
    "2. Jangan mengubah, menambah atau menghapus Kode Indikator maupun Kode anggaran; "
    "kode menghubungkan baris dengan dokumen perencanaan.",
    "3. Jangan menyisipkan baris kosong di antara baris data: pembacaan berhenti "
    "pada baris kosong pertama, dan file ditolak bila di bawahnya masih ada kode.",
    "",
    "Sheet Identitas: Kode Unit, Tahun dan Triwulan sudah terisi, jangan diubah. "
    "Isi Disusun Oleh (nama penyusun) dan Tanggal penyusunan.",
    "",
    "Sheet Realisasi Kinerja:",
    "- Kode Indikator, Indikator, Satuan: indikator unit Anda menurut dokumen perencanaan.",
    "- Target TW: target triwulan ini menurut Rencana Aksi.",
    "- Realisasi: capaian nyata triwulan ini. Untuk indikator kumulatif isi jumlah "
    "triwulan ini saja; untuk indikator terakhir isi keadaan pada akhir triwulan; "
    "untuk indikator rata-rata isi hasil pengukuran triwulan ini.",
    "- Keterangan: penjelasan singkat bila perlu.",
    "- Kendala: hambatan yang dihadapi.",
    "- Upaya: langkah yang diambil untuk mengatasi kendala.",
    "",
    "Sheet Realisasi Anggaran: isi Realisasi dengan belanja triwulan ini saja dalam "
    "rupiah (bukan jumlah sejak awal tahun).",
    "",
    "Angka:",
    "- Gunakan koma sebagai pemisah desimal dan titik sebagai pemisah ribuan, "
    "mis. 1.234,5 atau 95,5. Penulisan 12.5 ditolak.",
    "- Persentase: tulis angkanya saja, mis. 98,5 untuk 98,5 %. Bila Anda mengetik 98,5% "
    "(Excel lalu memformat sel sebagai persen), sistem membacanya sebagai 98,5, seperti "
    "yang tampak di layar.",
    "- Jangan mengetik tanggal atau pecahan seperti 31/12 atau 1/2 di kolom Realisasi: "
    "Excel mengubahnya menjadi tanggal dan file akan ditolak. Tulis 0,5 untuk setengah.",
    "- Realisasi tidak boleh di bawah nol.",
    "- Sel Realisasi yang kosong berarti belum dilaporkan, bukan nol. Tulis 0 bila "
    "realisasinya memang nol.",
    "- Bila memakai rumus, simpan file di Excel sebelum diunggah agar hasil rumus ikut tersimpan.",
    "",
    "Unggah file ini kembali dalam format .xlsx (paling besar 10 MB). Setiap unggahan "
    "disimpan sebagai versi baru; versi terbaru yang berlaku.",
)


def _petunjuk(wb: xlsxwriter.Workbook, fmt: _Formats) -> None:
    ws = wb.add_worksheet(S_PETUNJUK)
    for i, line in enumerate(PETUNJUK):
        if line:
            ws.write_string(i, 0, line, fmt.title if i == 0 else fmt.wrap)
    ws.set_column(0, 0, 110)


def write_quarter_template(data: TemplateData) -> bytes:
    """Write the prefilled quarterly workbook of one unit and quarter as xlsx bytes.

    Raises ValueError for a quarter outside 1–4 or a year outside MIN_YEAR–MAX_YEAR.
    """
    if data.triwulan not in (1, 2, 3, 4):
        raise ValueError(f"Triwulan harus 1–4, ditemukan {data.triwulan}")
    problem = year_error(data.tahun)
    if problem is not None:
        raise ValueError(problem)
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, dict(WORKBOOK_OPTIONS))
    wb.set_properties(
        {
            "title": f"Laporan Kinerja Triwulan {ROMAN[data.triwulan]} Tahun {data.tahun}",
            "subject": f"{data.nama_unit} ({data.kode_unit})",
            "company": data.nama_instansi,
        }
    )
    fmt = _Formats(wb)
    _identitas(wb, data, fmt)
    kinerja = _kinerja(wb, data, fmt)
    if data.anggaran:
        _anggaran(wb, data, fmt)
    _petunjuk(wb, fmt)
    kinerja.activate()
    wb.close()
    return buffer.getvalue()
