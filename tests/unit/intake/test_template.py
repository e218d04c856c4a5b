from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from decimal import Decimal

import openpyxl
import pytest

from lakip.intake.quarter import QuarterIdentity, UnitQuarterContext, parse_quarter_workbook
from lakip.intake.template import (
    TemplateBudget,
    TemplateData,
    TemplateIndicator,
    write_quarter_template,
)
from tests.fixtures.bad_workbooks.context import CONTEXT

DANGEROUS = ['=HYPERLINK("http://x","klik")', "+62 811 000", "-1+1", "@SUM(A1)", "{=1+1}"]

DATA = TemplateData(
    nama_instansi="Dinas Kependudukan dan Pencatatan Sipil Kabupaten Balangan",
    kode_unit="BID-PDD",
    nama_unit="Bidang Pelayanan Pendaftaran Penduduk",
    tahun=2025,
    triwulan=3,
    disusun_oleh="=cmd|' /C calc'!A0",
    indikator=[
        TemplateIndicator("IKU-01", DANGEROUS[0], "dokumen", Decimal(100)),
        TemplateIndicator(
            "IKU-02",
            DANGEROUS[1],
            "%",
            Decimal("80.5"),
            Decimal("78.25"),
            DANGEROUS[2],
            DANGEROUS[3],
            DANGEROUS[4],
        ),
        TemplateIndicator("IKU-03", "Rata-rata waktu layanan", "hari", None),
    ],
    anggaran=[TemplateBudget("1.01.01", "Pelayanan pendaftaran", Decimal(100_000_000))],
)


def load(identity: QuarterIdentity) -> UnitQuarterContext:
    assert (identity.kode_unit, identity.tahun, identity.triwulan) == ("BID-PDD", 2025, 3)
    return CONTEXT


def test_template_reads_back_without_errors() -> None:
    report = parse_quarter_workbook(write_quarter_template(DATA), load)
    assert report.identity.disusun_oleh == DATA.disusun_oleh
    assert report.identity.tanggal is None
    assert [(r.kode_indikator, r.nilai) for r in report.realisasi] == [
        ("IKU-01", None),
        ("IKU-02", Decimal("78.25")),
        ("IKU-03", None),
    ]
    second = report.realisasi[1]
    assert (second.keterangan, second.kendala, second.upaya) == tuple(DANGEROUS[2:5])
    assert report.anggaran[0].kode == "1.01.01" and report.anggaran[0].nilai is None
    assert {w.location for w in report.warnings} == {
        "Realisasi Kinerja!E6",
        "Realisasi Kinerja!E8",
        "Realisasi Anggaran!D6",
    }
    assert all("belum dilaporkan" in str(w) for w in report.warnings)


def test_filled_template_gives_exactly_the_numbers_typed() -> None:
    book = openpyxl.load_workbook(io.BytesIO(write_quarter_template(DATA)))
    ws = book["Realisasi Kinerja"]
    assert [ws.cell(row=6 + i, column=1).value for i in range(3)] == ["IKU-01", "IKU-02", "IKU-03"]
    ws["E6"] = 97
    ws["E7"] = "81,75"
    ws["E8"] = 9.1
    ws["F8"] = "tepat waktu"
    book["Realisasi Anggaran"]["D6"] = 25_000_000.5
    book["Identitas"]["B10"] = "30/09/2025"
    buffer = io.BytesIO()
    book.save(buffer)
    report = parse_quarter_workbook(buffer.getvalue(), load)
    assert [r.nilai for r in report.realisasi] == [Decimal(97), Decimal("81.75"), Decimal("9.1")]
    assert report.realisasi[2].keterangan == "tepat waktu"
    assert report.anggaran[0].nilai == Decimal("25000000.5")
    assert report.identity.tanggal == "30/09/2025"
    assert report.warnings == []


def _raw_cells(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return "".join(zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/"))


def test_user_text_is_never_a_formula_or_link() -> None:
    data = write_quarter_template(DATA)
    assert "<f>" not in _raw_cells(data) and "hyperlink" not in _raw_cells(data).lower()
    book = openpyxl.load_workbook(io.BytesIO(data))
    ws = book["Realisasi Kinerja"]
    assert ws["B6"].value == DANGEROUS[0] and ws["B6"].data_type == "s"
    assert ws["B7"].value == DANGEROUS[1] and ws["B7"].data_type == "s"
    assert [ws[c].value for c in ("F7", "G7", "H7")] == DANGEROUS[2:5]
    assert all(ws[c].data_type == "s" for c in ("F7", "G7", "H7"))
    assert book["Identitas"]["B9"].value == DATA.disusun_oleh


def test_layout_labels_header_protection_and_validation() -> None:
    book = openpyxl.load_workbook(io.BytesIO(write_quarter_template(DATA)))
    assert book.sheetnames == ["Identitas", "Realisasi Kinerja", "Realisasi Anggaran", "Petunjuk"]
    ident = book["Identitas"]
    labels = {
        ident.cell(row=r, column=1).value: ident.cell(row=r, column=2).value for r in range(1, 12)
    }
    assert labels["Kode Unit"] == "BID-PDD"
    assert labels["Tahun"] == 2025
    assert labels["Triwulan"] == "III"
    assert "Disusun Oleh" in labels and "Tanggal" in labels
    ws = book["Realisasi Kinerja"]
    assert "Laporan Kinerja Triwulan III Tahun 2025" in [
        ws.cell(row=r, column=1).value for r in range(1, 5)
    ]
    assert [c.value for c in ws[5]] == [
        "Kode Indikator",
        "Indikator",
        "Satuan",
        "Target TW",
        "Realisasi",
        "Keterangan",
        "Kendala",
        "Upaya",
    ]
    assert ws.freeze_panes == "C6"
    assert ws.protection.sheet
    for row in range(6, 9):
        assert all(ws.cell(row=row, column=c).protection.locked for c in range(1, 5))
        assert not any(ws.cell(row=row, column=c).protection.locked for c in range(5, 9))
    assert ws["D6"].value == 100 and ws["D6"].number_format == "#,##0.00"
    # Realization cells, empty ones too, are plain numbers (Excel shows them the Indonesian
    # way, 1.234,50), so a typed 1/2 is not silently taken as a date by a General cell.
    assert {ws.cell(row=r, column=5).number_format for r in range(6, 9)} == {"#,##0.00"}
    (validation,) = ws.data_validations.dataValidation
    assert validation.type == "decimal" and validation.operator == "greaterThanOrEqual"
    assert str(validation.sqref) == "E6:E8"
    assert "koma" in validation.prompt and "koma" in validation.error
    budget = book["Realisasi Anggaran"]
    assert [c.value for c in budget[5]] == ["Kode", "Uraian", "Pagu", "Realisasi"]
    assert not budget["D6"].protection.locked and budget["C6"].protection.locked
    text = " ".join(str(c.value) for row in book["Petunjuk"].iter_rows() for c in row if c.value)
    for needle in ("koma", "kosong", "Kode", "Kendala", "Upaya", "Keterangan", "98,5%", "31/12"):
        assert needle in text


def test_no_budget_sheet_without_budget_lines() -> None:
    data = write_quarter_template(replace(DATA, anggaran=[]))
    assert "Realisasi Anggaran" not in openpyxl.load_workbook(io.BytesIO(data)).sheetnames


@pytest.mark.parametrize("tw", [0, 5])
def test_quarter_out_of_range_is_refused(tw: int) -> None:
    with pytest.raises(ValueError, match="Triwulan"):
        write_quarter_template(replace(DATA, triwulan=tw))
