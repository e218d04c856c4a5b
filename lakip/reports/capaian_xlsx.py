"""The achievement table of a period as an Excel workbook (an export users take away)."""

from __future__ import annotations

import io

import xlsxwriter

from lakip.domain.excel import WORKBOOK_OPTIONS
from lakip.domain.formatting import BELUM_ADA_DATA
from lakip.reports._xlsx import table_styles
from lakip.reports.capaian_model import TabelCapaian


def write_capaian_xlsx(tabel: TabelCapaian) -> bytes:
    """The workbook bytes; every text is written as a string cell (no formula injection)."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, dict(WORKBOOK_OPTIONS))
    st = table_styles(wb)
    title, head, text, num, pct, missing = st.title, st.head, st.text, st.num, st.pct, st.missing

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
        for col, texts in ((9, b.keterangan), (10, b.kendala), (11, b.upaya)):
            ws.write_string(r, col, "\n".join(texts), text)
    ws.freeze_panes(4, 2)

    ws2 = wb.add_worksheet("Capaian Sasaran")
    ws2.write_string(0, 0, tabel.judul, title)
    for col, (h, w) in enumerate(
        zip(["Kode", "Sasaran Strategis", "Capaian (%)", "Predikat"], [12, 70, 14, 16], strict=True)
    ):
        ws2.write_string(2, col, h, head)
        ws2.set_column(col, col, w)
    for r, s in enumerate(tabel.sasaran, start=3):
        ws2.write_string(r, 0, s.kode, text)
        ws2.write_string(r, 1, s.nama, text)
        if s.capaian is None:
            ws2.write_string(r, 2, BELUM_ADA_DATA, missing)
        else:
            ws2.write_number(r, 2, float(s.capaian), pct)
        ws2.write_string(r, 3, s.predikat or BELUM_ADA_DATA, text if s.predikat else missing)
    wb.close()
    return buf.getvalue()
