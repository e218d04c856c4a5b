"""Writing a plan back out as the planning workbook (Dokumen Perencanaan).

The layout is FORMATS.md's: sheets ``Unit``, ``Sasaran``, ``Indikator``, ``Target``,
``Rencana Aksi`` and ``Anggaran`` with the header names and value words spelled as
there, so ``parse_plan`` reads back exactly the rows that were written. Numbers are
written as numbers (exact decimals, never through float); every text goes through
``write_string`` so a name such as ``=HYPERLINK(...)`` stays text.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any, Final

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from lakip.domain.excel import RUPIAH_FORMAT, WORKBOOK_OPTIONS
from lakip.domain.indicators import Agregasi, Polaritas

from .plan import (
    COLUMNS,
    S_ANGGARAN,
    S_INDIKATOR,
    S_RENCANA_AKSI,
    S_SASARAN,
    S_TARGET,
    S_UNIT,
    AnggaranRow,
    IndikatorRow,
    PlanDocument,
    RencanaAksiRow,
    SasaranRow,
    TargetRow,
    UnitRow,
)

# The words FORMATS.md spells for the values the domain keeps in lower case.
POLARITAS_WORDS: Final = {Polaritas.POSITIF: "Positif", Polaritas.NEGATIF: "Negatif"}
AGREGASI_WORDS: Final = {
    Agregasi.KUMULATIF: "Kumulatif",
    Agregasi.TERAKHIR: "Terakhir",
    Agregasi.RATA_RATA: "Rata-rata",
}

# Sheet captions for the optional title row.
_CAPTIONS: Final = {
    S_UNIT: "Unit Kerja",
    S_SASARAN: "Sasaran Strategis",
    S_INDIKATOR: "Indikator Kinerja",
    S_TARGET: "Target Tahunan (Perjanjian Kinerja)",
    S_RENCANA_AKSI: "Rencana Aksi (Target Triwulan)",
    S_ANGGARAN: "Anggaran (Program, Kegiatan, Sub Kegiatan)",
}

# Column widths by header name; unknown headers get the default.
_WIDTHS: Final = {
    "Kode": 22,
    "Nama": 55,
    "Jenis": 14,
    "Induk": 18,
    "Sasaran Strategis": 60,
    "Tujuan": 60,
    "Indikator": 60,
    "Kode Sasaran": 14,
    "Satuan": 16,
    "Polaritas": 11,
    "Agregasi": 12,
    "Kode Unit": 18,
    "Baseline": 14,
    "Target Akhir Renstra": 14,
    "Standar Nasional": 14,
    "Definisi Operasional": 70,
    "Sumber Data": 45,
    "Kode Indikator": 16,
    "Tahun": 8,
    "Target": 14,
    "TW I": 12,
    "TW II": 12,
    "TW III": 12,
    "TW IV": 12,
    "Uraian": 70,
    "Tingkat": 14,
    "Kode Induk": 20,
    "Pagu": 18,
}
_DEFAULT_WIDTH: Final = 16
_NUMBER_FORMAT: Final = "#,##0.##"

Value = str | int | Decimal | None


# How a column's values are written (and formatted): text, a year, a number, rupiah.
TEXT: Final = "text"
YEAR: Final = "year"
NUMBER: Final = "number"
RUPIAH: Final = "rupiah"


class _Formats:
    def __init__(self, wb: xlsxwriter.Workbook) -> None:
        base: dict[str, Any] = {"font_name": "Calibri", "font_size": 11, "valign": "top"}
        cell = {**base, "border": 1}
        self.title = wb.add_format({**base, "bold": True, "font_size": 14})
        self.header = wb.add_format(
            {
                **cell,
                "bold": True,
                "bg_color": "#D9E1F2",
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        )
        self.text = wb.add_format({**cell, "text_wrap": True})
        self.year = wb.add_format({**cell, "num_format": "0", "align": "center"})
        self.number = wb.add_format({**cell, "num_format": _NUMBER_FORMAT})
        self.rupiah = wb.add_format({**cell, "num_format": RUPIAH_FORMAT})

    def of(self, kind: str) -> Format:
        return {TEXT: self.text, YEAR: self.year, NUMBER: self.number, RUPIAH: self.rupiah}[kind]


def _exact(value: Decimal) -> Decimal:
    """The decimal in plain notation: xlsxwriter prints numbers with ``{:.16G}``, which
    keeps a Decimal's digits exactly (a float would turn 9.95 into 9.949999999999999)."""
    if not value.is_finite():
        raise ValueError(f"Angka tidak sah untuk ditulis ke workbook: {value}")
    return Decimal(format(value, "f"))


def _write(ws: Worksheet, row: int, col: int, value: Value, kind: str, fmt: Format) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif isinstance(value, str):
        ws.write_string(row, col, value, fmt)
    elif isinstance(value, bool):
        raise TypeError(f"Nilai boolean tidak bisa ditulis sebagai {kind}: {value!r}")
    elif isinstance(value, int):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_number(row, col, _exact(value), fmt)


def _sheet(
    wb: xlsxwriter.Workbook,
    fmt: _Formats,
    sheet: str,
    kinds: Sequence[str],
    rows: Sequence[Sequence[Value]],
    judul: str | None,
) -> None:
    headers = [spec.name for spec in COLUMNS[sheet]]
    if len(headers) != len(kinds):  # pragma: no cover - guards the tables below
        raise AssertionError(f"column kinds of sheet {sheet} do not match its headers")
    ws = wb.add_worksheet(sheet)
    header_row = 0
    if judul:
        ws.write_string(0, 0, f"{_CAPTIONS[sheet]} – {judul}", fmt.title)
        header_row = 2
    for col, name in enumerate(headers):
        ws.write_string(header_row, col, name, fmt.header)
        ws.set_column(col, col, _WIDTHS.get(name, _DEFAULT_WIDTH))
    for offset, values in enumerate(rows, start=1):
        for col, (value, kind) in enumerate(zip(values, kinds, strict=True)):
            _write(ws, header_row + offset, col, value, kind, fmt.of(kind))
    ws.freeze_panes(header_row + 1, 1)
    if rows:
        ws.autofilter(header_row, 0, header_row + len(rows), len(headers) - 1)


def _unit(row: UnitRow) -> list[Value]:
    return [row.kode, row.nama, row.jenis, row.induk]


def _sasaran(row: SasaranRow) -> list[Value]:
    return [row.kode, row.nama, row.tujuan]


def _indikator(row: IndikatorRow) -> list[Value]:
    return [
        row.kode,
        row.nama,
        row.kode_sasaran,
        row.satuan,
        POLARITAS_WORDS[Polaritas(row.polaritas)],
        AGREGASI_WORDS[Agregasi(row.agregasi)],
        row.kode_unit,
        str(row.jenis),
        row.baseline,
        row.target_akhir,
        row.standar_nasional,
        row.definisi_operasional,
        row.sumber_data,
    ]


def _target(row: TargetRow) -> list[Value]:
    return [row.kode_indikator, row.tahun, row.target]


def _rencana_aksi(row: RencanaAksiRow) -> list[Value]:
    return [row.kode_indikator, row.tahun, *row.tw]


def _anggaran(row: AnggaranRow) -> list[Value]:
    return [
        row.kode,
        row.uraian,
        row.tingkat,
        row.kode_induk,
        row.kode_sasaran,
        row.kode_unit,
        row.tahun,
        row.pagu,
    ]


_SHEETS: Final[tuple[tuple[str, tuple[str, ...], str, Callable[[Any], list[Value]]], ...]] = (
    (S_UNIT, (TEXT, TEXT, TEXT, TEXT), "units", _unit),
    (S_SASARAN, (TEXT, TEXT, TEXT), "sasaran", _sasaran),
    (
        S_INDIKATOR,
        (TEXT,) * 8 + (NUMBER, NUMBER, NUMBER, TEXT, TEXT),
        "indikator",
        _indikator,
    ),
    (S_TARGET, (TEXT, YEAR, NUMBER), "targets", _target),
    (S_RENCANA_AKSI, (TEXT, YEAR, NUMBER, NUMBER, NUMBER, NUMBER), "rencana_aksi", _rencana_aksi),
    (S_ANGGARAN, (TEXT,) * 6 + (YEAR, RUPIAH), "anggaran", _anggaran),
)


def write_plan_workbook(doc: PlanDocument, *, judul: str | None = None) -> bytes:
    """Write ``doc`` as a planning workbook (xlsx bytes) in the FORMATS.md layout.

    All six sheets are written, in FORMATS.md's order, each with a frozen header row;
    ``judul`` (e.g. the agency's name) adds a title row above each header. Raises
    ValueError for a NaN or infinite number and KeyError for an unknown polarity or
    aggregation.
    """
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, dict(WORKBOOK_OPTIONS))
    wb.set_properties(
        {
            "title": "Dokumen Perencanaan" + (f" – {judul}" if judul else ""),
            "subject": "Renstra, Perjanjian Kinerja, Rencana Aksi dan Anggaran",
        }
    )
    fmt = _Formats(wb)
    for sheet, kinds, attr, to_values in _SHEETS:
        rows = [to_values(row) for row in getattr(doc, attr)]
        _sheet(wb, fmt, sheet, kinds, rows, judul)
    wb.close()
    return buffer.getvalue()
