"""Plain tables as an Excel workbook: one sheet per table, typed columns, frozen header,
autofilter and print setup. The services turn a result into :class:`Lembar` values; this
module only lays them out, so an export of a new screen is a new mapping, never a new writer.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Literal

import xlsxwriter

from lakip.domain.excel import WORKBOOK_OPTIONS
from lakip.domain.formatting import BELUM_ADA_DATA
from lakip.reports._xlsx import Styles, print_setup, table_styles, write_header_row

Sel = str | int | Decimal | datetime | None
JenisKolom = Literal["teks", "angka", "bilangan", "persen", "waktu"]


@dataclass(frozen=True)
class Kolom:
    """A column: its header, width in characters, and how its cells are written. An empty
    ``angka``/``persen`` cell reads "belum ada data"; an empty ``teks``/``waktu`` one is blank."""

    judul: str
    lebar: int
    jenis: JenisKolom = "teks"


@dataclass(frozen=True)
class Lembar:
    """One sheet: a title, a subtitle line, the columns and the rows (naive datetimes are
    written as they are: the caller converts to the agency's clock)."""

    nama: str
    judul: str
    subjudul: str
    kolom: Sequence[Kolom]
    baris: Sequence[Sequence[Sel]]


HEADER_ROW = 3  # below the title, the subtitle and a blank row


def write_tables_xlsx(lembar: Sequence[Lembar], instansi: str) -> bytes:
    """The workbook bytes; every text is written as a string cell (no formula injection)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, dict(WORKBOOK_OPTIONS))
    st = table_styles(wb)
    for sheet in lembar:
        ws = wb.add_worksheet(sheet.nama[:31])
        ws.write_string(0, 0, sheet.judul, st.title)
        ws.write_string(1, 0, sheet.subjudul)
        top = HEADER_ROW
        write_header_row(
            ws, top, [k.judul for k in sheet.kolom], [k.lebar for k in sheet.kolom], st.head
        )
        for r, row in enumerate(sheet.baris, start=top + 1):
            for c, (kolom, value) in enumerate(zip(sheet.kolom, row, strict=True)):
                _write(ws, r, c, kolom.jenis, value, st)
        ws.freeze_panes(top + 1, 0)
        ws.autofilter(top, 0, top + max(len(sheet.baris), 1), len(sheet.kolom) - 1)
        print_setup(ws, instansi, landscape=sum(k.lebar for k in sheet.kolom) > 100)
        ws.repeat_rows(top)
    wb.close()
    return buf.getvalue()


def _write(
    ws: xlsxwriter.worksheet.Worksheet, r: int, c: int, jenis: str, v: Sel, st: Styles
) -> None:
    if v is None:
        if jenis in ("angka", "persen"):
            ws.write_string(r, c, BELUM_ADA_DATA, st.missing)
        else:
            ws.write_blank(r, c, None, st.text)
    elif jenis == "waktu" and isinstance(v, datetime):
        ws.write_datetime(r, c, v.replace(tzinfo=None), st.when)
    elif jenis in ("angka", "bilangan", "persen") and isinstance(v, int | Decimal):
        fmt = {"angka": st.num, "bilangan": st.count, "persen": st.pct}[jenis]
        ws.write_number(r, c, float(v), fmt)
    else:
        ws.write_string(r, c, str(v), st.text)
