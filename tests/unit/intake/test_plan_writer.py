"""The planning workbook writer: what it writes, parse_plan reads back unchanged."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from lakip.domain.indicators import Agregasi, JenisIndikator, Polaritas
from lakip.intake.plan import (
    PLAN_SHEETS,
    AnggaranRow,
    IndikatorRow,
    KnownCodes,
    PlanDocument,
    RencanaAksiRow,
    SasaranRow,
    TargetRow,
    UnitRow,
    parse_plan,
)
from lakip.intake.plan_writer import write_plan_workbook


def _doc() -> PlanDocument:
    return PlanDocument(
        units=[
            UnitRow("SEKR", "Sekretariat", "Sekretariat", None),
            UnitRow("SUB-PK", "Subbagian Perencanaan dan Keuangan", "Subbagian", "SEKR"),
            UnitRow("BID-1", '=HYPERLINK("http://contoh.test")', "Bidang", None),
            UnitRow("RS", "RSUD", "Instansi", None),
        ],
        sasaran=[
            SasaranRow("SS-01", "Meningkatnya cakupan dokumen", "Tertib administrasi"),
            SasaranRow("SS-02", "+62 811 sasaran tanpa tujuan", None),
        ],
        indikator=[
            IndikatorRow(
                "IKU-01",
                "Persentase penduduk ber-KTP-el",
                "SS-01",
                "%",
                Polaritas.POSITIF,
                Agregasi.TERAKHIR,
                "BID-1",
                JenisIndikator.IKU,
                Decimal("97.12"),
                Decimal("99.95"),
                Decimal("100"),
                "Jumlah ber-KTP-el / wajib KTP × 100 %",
                "SIAK",
            ),
            IndikatorRow(
                "IKU-02",
                "Rata-rata waktu layanan",
                "SS-02",
                "hari",
                Polaritas.NEGATIF,
                Agregasi.RATA_RATA,
                "SUB-PK",
                JenisIndikator.IKK,
                None,
                None,
                None,
                None,
                None,
            ),
            IndikatorRow(
                "007",
                "Jumlah akta",
                "SS-02",
                "akta",
                Polaritas.POSITIF,
                Agregasi.KUMULATIF,
                "RS",
                JenisIndikator.IKU,
                Decimal("0"),
                Decimal("1234567.891"),
                None,
                "@sum bukan rumus",
                "-",
            ),
        ],
        targets=[
            TargetRow("IKU-01", 2024, Decimal("97.60")),
            TargetRow("IKU-01", 2025, Decimal("9.95")),
            TargetRow("IKU-02", 2025, Decimal("2.5")),
            TargetRow("007", 2025, Decimal("760")),
        ],
        rencana_aksi=[
            RencanaAksiRow(
                "IKU-01", 2025, (Decimal("8.03"), Decimal("8.2"), Decimal("0.07"), Decimal("9.95"))
            ),
            RencanaAksiRow("007", 2025, (Decimal(190), Decimal(190), Decimal(190), Decimal(190))),
        ],
        anggaran=[
            AnggaranRow(
                "2.12.02",
                "Program Pendaftaran Penduduk",
                "Program",
                None,
                "SS-01",
                "BID-1",
                2025,
                Decimal("935000000"),
            ),
            AnggaranRow(
                "2.12.02.2.01",
                "Pelayanan Pendaftaran Penduduk",
                "Kegiatan",
                "2.12.02",
                None,
                "BID-1",
                2025,
                Decimal("935000000"),
            ),
            AnggaranRow(
                "2.12.02.2.01.0001",
                "Penyediaan Dokumen Kependudukan",
                "Sub Kegiatan",
                "2.12.02.2.01",
                "SS-01",
                "BID-1",
                2025,
                Decimal("935000000.50"),
            ),
        ],
    )


def _assert_same_rows(read: PlanDocument, written: PlanDocument) -> None:
    assert read.units == written.units
    assert read.sasaran == written.sasaran
    assert read.indikator == written.indikator
    assert read.targets == written.targets
    assert read.rencana_aksi == written.rencana_aksi
    assert read.anggaran == written.anggaran


@pytest.mark.parametrize("judul", [None, "Disdukcapil Kabupaten Balangan"])
def test_written_plan_reads_back_as_the_same_rows(judul: str | None) -> None:
    doc = _doc()
    read = parse_plan(write_plan_workbook(doc, judul=judul), KnownCodes())
    _assert_same_rows(read, doc)
    assert read.sheets == list(PLAN_SHEETS)
    assert read.warnings == []


def test_decimals_are_written_exactly_not_through_float() -> None:
    # 9.95 and 8.03 become 9.949999999999999 / 8.029999999999999 through a float.
    read = parse_plan(write_plan_workbook(_doc()), KnownCodes())
    assert read.targets[1].target == Decimal("9.95")
    assert read.rencana_aksi[0].tw == (
        Decimal("8.03"),
        Decimal("8.2"),
        Decimal("0.07"),
        Decimal("9.95"),
    )


def test_empty_plan_reads_back_empty() -> None:
    read = parse_plan(write_plan_workbook(PlanDocument()), KnownCodes())
    _assert_same_rows(read, PlanDocument())
    assert read.sheets == list(PLAN_SHEETS)


def _sheet(data: bytes, name: str) -> openpyxl.worksheet.worksheet.Worksheet:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    return wb[name]


def test_headers_value_words_and_cell_types_follow_formats_md() -> None:
    data = write_plan_workbook(_doc(), judul="Contoh")
    ws = _sheet(data, "Indikator")
    assert ws["A1"].value == "Indikator Kinerja – Contoh"
    assert [c.value for c in ws[3]] == [
        "Kode",
        "Indikator",
        "Kode Sasaran",
        "Satuan",
        "Polaritas",
        "Agregasi",
        "Kode Unit",
        "Jenis",
        "Baseline",
        "Target Akhir Renstra",
        "Standar Nasional",
        "Definisi Operasional",
        "Sumber Data",
    ]
    assert [ws[f"E{r}"].value for r in (4, 5)] == ["Positif", "Negatif"]
    assert [ws[f"F{r}"].value for r in (4, 5, 6)] == ["Terakhir", "Rata-rata", "Kumulatif"]
    assert [ws[f"H{r}"].value for r in (4, 5)] == ["IKU", "IKK"]
    assert ws["I4"].data_type == "n"
    assert ws["A6"].value == "007" and ws["A6"].data_type == "s"
    assert ws.freeze_panes == "B4"

    anggaran = _sheet(data, "Anggaran")
    assert [c.value for c in anggaran[3]] == [
        "Kode",
        "Uraian",
        "Tingkat",
        "Kode Induk",
        "Kode Sasaran",
        "Kode Unit",
        "Tahun",
        "Pagu",
    ]
    assert [anggaran[f"C{r}"].value for r in (4, 5, 6)] == ["Program", "Kegiatan", "Sub Kegiatan"]
    assert anggaran["G4"].value == 2025 and anggaran["H4"].data_type == "n"

    ra = _sheet(data, "Rencana Aksi")
    assert [c.value for c in ra[3]] == [
        "Kode Indikator",
        "Tahun",
        "TW I",
        "TW II",
        "TW III",
        "TW IV",
    ]


def test_text_that_looks_like_a_formula_stays_text() -> None:
    data = write_plan_workbook(_doc())
    units = _sheet(data, "Unit")
    assert units.freeze_panes == "B2"
    assert units["B4"].value == '=HYPERLINK("http://contoh.test")'
    assert units["B4"].data_type == "s"
    assert _sheet(data, "Sasaran")["B3"].data_type == "s"
