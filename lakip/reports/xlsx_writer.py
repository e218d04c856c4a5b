"""Any :class:`~lakip.reports.document.Dokumen` as an Excel workbook (xlsxwriter).

One sheet per section; tables with a frozen, repeated header and an autofilter (the sheet's
first table: Excel allows one filter per sheet), Indonesian number formats, A4 print setup
with the agency in the header and page numbers in the footer, native Excel charts drawn from
the chart's own figures (kept on a sheet "Data Grafik"). Every text is written as a string
cell, never as a formula.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Final

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from lakip.domain.excel import WORKBOOK_OPTIONS
from lakip.domain.formatting import BELUM_ADA_DATA
from lakip.reports._xlsx import Styles, print_setup, table_styles
from lakip.reports.charts import WARNA_PREDIKAT
from lakip.reports.document import (
    AngkaKunci,
    Bagian,
    Blok,
    Dokumen,
    Grafik,
    Judul,
    Paragraf,
    PisahHalaman,
    Sel,
    Tabel,
    TandaTangan,
)

DATA_GRAFIK = "Data Grafik"
FIRST_BLOCK_ROW = 4  # below the document's title and subtitle, the section's title, a gap
_CHART_ROWS = 20  # rows a chart occupies below its anchor
_TEXT_COLUMNS = 8  # a paragraph is merged across this many columns


@dataclass
class _Sheet:
    """Where the writer is on a sheet, and what it learnt about its columns."""

    ws: Worksheet
    row: int = 0
    widths: dict[int, int] = field(default_factory=dict)
    filtered: bool = False
    breaks: list[int] = field(default_factory=list)


@dataclass
class _Book:
    wb: Workbook
    st: Styles
    bold: Format
    h2: Format
    h3: Format
    note: Format
    para: Format
    key_label: Format
    key_value: Format
    sign: Format
    sign_name: Format
    predikat: dict[str, Format]
    charts: list[tuple[int, Grafik]] = field(
        default_factory=list
    )  # (first row, chart) on DATA_GRAFIK
    data_row: int = 0


_STAMP: Final = datetime(2000, 1, 1)


def write_xlsx(doc: Dokumen) -> bytes:
    """The workbook bytes of ``doc``."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, dict(WORKBOOK_OPTIONS))
    wb.set_properties(
        {"title": doc.judul, "subject": doc.subjudul, "company": doc.instansi, **doc.info}
        # Fixed, as in the PDF, so the same document gives the same bytes; the build time is
        # printed in the text. Left out, xlsxwriter stamps the current second.
        | {"created": _STAMP}
    )
    st = table_styles(wb)
    book = _Book(
        wb=wb,
        st=st,
        bold=wb.add_format({"bold": True}),
        h2=wb.add_format({"bold": True, "font_size": 12, "font_color": "#1F4E79"}),
        h3=wb.add_format({"bold": True, "font_size": 11}),
        note=wb.add_format({"italic": True, "font_color": "#595959", "text_wrap": True}),
        para=wb.add_format({"text_wrap": True, "valign": "top"}),
        key_label=wb.add_format({"font_color": "#595959", "border": 1, "text_wrap": True}),
        key_value=wb.add_format({"bold": True, "font_size": 14, "border": 1}),
        sign=wb.add_format({"align": "center"}),
        sign_name=wb.add_format({"align": "center", "bold": True, "underline": 1}),
        predikat={
            p: wb.add_format({"border": 1, "bold": True, "font_color": color, "valign": "top"})
            for p, color in WARNA_PREDIKAT.items()
        },
    )
    used = {DATA_GRAFIK.lower()}  # reserved for the charts' figures
    for bagian in doc.bagian:
        _write_section(book, doc, bagian, _unique(bagian.nama_lembar, used))
    if book.charts:
        _write_chart_data(book)
    wb.close()
    return buf.getvalue()


def _unique(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts and no other sheet has (names are case-insensitive)."""
    clean = "".join("-" if ch in "[]:*?/\\" else ch for ch in name).strip("'") or "Lembar"
    candidate, n = clean[:31], 2
    while candidate.lower() in used:
        suffix = f" ({n})"
        candidate, n = clean[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.lower())
    return candidate


def _write_section(book: _Book, doc: Dokumen, bagian: Bagian, name: str) -> None:
    ws = book.wb.add_worksheet(name)
    sheet = _Sheet(ws)
    ws.write_string(0, 0, doc.judul, book.st.title)
    if doc.subjudul:
        ws.write_string(1, 0, doc.subjudul)
    ws.write_string(2, 0, bagian.judul, book.h2)
    sheet.row = FIRST_BLOCK_ROW
    for blok in bagian.blok:
        _write_block(book, sheet, blok)
    for col, width in sheet.widths.items():
        ws.set_column(col, col, width)
    if not sheet.widths:
        ws.set_column(0, 0, 100)
    if sheet.breaks:
        ws.set_h_pagebreaks(sheet.breaks)
    total = sum(sheet.widths.values())
    print_setup(ws, doc.instansi, landscape=bagian.lanskap or total > 110)


def _write_block(book: _Book, sheet: _Sheet, blok: Blok) -> None:
    ws = sheet.ws
    match blok:
        case Judul(teks=teks, tingkat=tingkat):
            ws.write_string(sheet.row, 0, teks, book.h2 if tingkat <= 2 else book.h3)
            sheet.row += 1
        case Paragraf(teks=teks, catatan=catatan):
            last = max(_TEXT_COLUMNS, len(sheet.widths)) - 1
            style = book.note if catatan else book.para
            ws.merge_range(sheet.row, 0, sheet.row, last, "", style)
            ws.write_string(sheet.row, 0, teks, style)
            width = sum(sheet.widths.get(c, 14) for c in range(last + 1))
            lines = sum(max(1, -(-len(part) // max(width, 1))) for part in teks.split("\n"))
            ws.set_row(sheet.row, 15 * max(lines, 1))
            sheet.row += 2
        case Tabel():
            _write_table(book, sheet, blok)
        case Grafik():
            _write_chart(book, sheet, blok)
        case AngkaKunci(butir=butir):
            for c, (label, value) in enumerate(butir):
                ws.write_string(sheet.row, c, label, book.key_label)
                ws.write_string(sheet.row + 1, c, value, book.key_value)
                sheet.widths[c] = max(sheet.widths.get(c, 0), 22)
            sheet.row += 3
        case TandaTangan():
            col = max(len(sheet.widths), 4) - 2
            signature = [
                (blok.tempat_tanggal, book.sign),
                (blok.jabatan, book.sign),
                ("", book.sign),
                ("", book.sign),
                (blok.nama, book.sign_name),
                (blok.pangkat, book.sign),
                (f"NIP. {blok.nip}" if blok.nip else "", book.sign),
            ]
            for text, style in signature:
                ws.merge_range(sheet.row, col, sheet.row, col + 1, "", style)
                if text:
                    ws.write_string(sheet.row, col, text, style)
                sheet.row += 1
            sheet.row += 1
        case PisahHalaman():
            sheet.breaks.append(sheet.row)


def _write_table(book: _Book, sheet: _Sheet, tabel: Tabel) -> None:
    ws, st = sheet.ws, book.st
    if tabel.judul:
        ws.write_string(sheet.row, 0, tabel.judul, book.h3)
        sheet.row += 1
    top = sheet.row
    for c, kolom in enumerate(tabel.kolom):
        ws.write_string(top, c, kolom.judul, st.head)
        sheet.widths[c] = max(sheet.widths.get(c, 0), kolom.lebar)
    for r, row in enumerate(tabel.baris, start=top + 1):
        for c, (kolom, value) in enumerate(zip(tabel.kolom, row, strict=True)):
            _cell(book, ws, r, c, kolom.jenis, value)
    if not sheet.filtered:
        # The sheet's first table: its header stays in view and prints on every page.
        ws.freeze_panes(top + 1, 0)
        ws.autofilter(top, 0, top + max(len(tabel.baris), 1), len(tabel.kolom) - 1)
        ws.repeat_rows(top)
        sheet.filtered = True
    sheet.row = top + len(tabel.baris) + 2


def _cell(book: _Book, ws: Worksheet, r: int, c: int, jenis: str, v: Sel) -> None:
    st = book.st
    if v is None:
        if jenis in ("angka", "persen", "predikat"):
            ws.write_string(r, c, BELUM_ADA_DATA, st.missing)
        else:
            ws.write_blank(r, c, None, st.text)
    elif jenis == "waktu" and isinstance(v, datetime):
        ws.write_datetime(r, c, v.replace(tzinfo=None), st.when)
    elif jenis in ("angka", "bilangan", "persen") and isinstance(v, int | Decimal):
        fmt = {"angka": st.num, "bilangan": st.count, "persen": st.pct}[jenis]
        ws.write_number(r, c, float(v), fmt)
    elif jenis == "predikat":
        ws.write_string(r, c, str(v), book.predikat.get(str(v), st.text))
    else:
        ws.write_string(r, c, str(v), st.text)


def _write_chart(book: _Book, sheet: _Sheet, grafik: Grafik) -> None:
    """A native column chart anchored where the chart stands in the section, drawn from the
    chart's figures, which go on the "Data Grafik" sheet (written last, as the last sheet)."""
    top = book.data_row
    book.charts.append((top, grafik))
    first, last = top + 2, top + 1 + len(grafik.kategori)
    book.data_row = last + 3
    chart = book.wb.add_chart({"type": "column"})
    for s_i, seri in enumerate(grafik.seri, start=1):
        chart.add_series(
            {
                "name": seri.nama,
                "categories": [DATA_GRAFIK, first, 0, last, 0],
                "values": [DATA_GRAFIK, first, s_i, last, s_i],
                "gap": 80,
            }
        )
    chart.set_title({"name": grafik.judul, "name_font": {"size": 11}})
    chart.set_y_axis(
        {"name": grafik.sumbu, "num_format": '0" %"', "major_gridlines": {"visible": True}}
    )
    chart.set_legend({"position": "bottom"} if len(grafik.seri) > 1 else {"none": True})
    chart.set_size({"width": max(640, 28 * len(grafik.kategori)), "height": 360})
    sheet.ws.insert_chart(sheet.row, 0, chart)
    sheet.row += _CHART_ROWS


def _write_chart_data(book: _Book) -> None:
    data, st = book.wb.add_worksheet(DATA_GRAFIK), book.st
    data.set_column(0, 0, 40)
    for top, grafik in book.charts:
        data.write_string(top, 0, grafik.judul, book.bold)
        data.write_string(top + 1, 0, "Kategori", st.head)
        for s_i, seri in enumerate(grafik.seri, start=1):
            data.write_string(top + 1, s_i, seri.nama, st.head)
            data.set_column(s_i, s_i, 16)
        for k_i, kategori in enumerate(grafik.kategori):
            r = top + 2 + k_i
            data.write_string(r, 0, kategori, st.text)
            for s_i, seri in enumerate(grafik.seri, start=1):
                value = seri.nilai[k_i]
                if value is None:
                    data.write_blank(r, s_i, None, st.text)  # a gap, never a zero bar
                else:
                    data.write_number(r, s_i, float(value), st.pct)
