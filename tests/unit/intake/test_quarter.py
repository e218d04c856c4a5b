from __future__ import annotations

import io
from dataclasses import replace
from decimal import Decimal

import pytest
import xlsxwriter

from lakip.domain.indicators import Agregasi, Polaritas
from lakip.intake.issues import Issue, WorkbookRejected
from lakip.intake.quarter import (
    AnggaranRealisasiRow,
    IndicatorContext,
    QuarterIdentity,
    RealisasiRow,
    UnitQuarterContext,
    excel_serial_to_iso,
    parse_quarter_workbook,
)
from tests.fixtures.bad_workbooks.context import (
    CONTEXT,
    anggaran_rows,
    identitas_rows,
    kinerja_rows,
    load_context,
    quarter_sheets,
)
from tests.fixtures.bad_workbooks.xlsxbuild import build_xlsx


def parse(**sheets: object) -> object:
    return parse_quarter_workbook(build_xlsx(quarter_sheets(**sheets)), load_context)  # type: ignore[arg-type]


def rejected(data: bytes) -> list[str]:
    with pytest.raises(WorkbookRejected) as info:
        parse_quarter_workbook(data, load_context)
    return [str(e) for e in info.value.errors]


def test_good_workbook() -> None:
    report = parse_quarter_workbook(build_xlsx(quarter_sheets()), load_context)
    assert report.identity == QuarterIdentity("BID-PDD", 2025, 3, "Siti Rahmah", "2025-09-30")
    assert report.context is CONTEXT
    assert report.realisasi == [
        RealisasiRow("IKU-01", Decimal(90), "sesuai jadwal", None, None, 5),
        RealisasiRow("IKU-02", Decimal("78.5"), None, "jaringan lambat", "jemput bola", 6),
        RealisasiRow("IKU-03", Decimal(8), None, None, None, 7),
    ]
    assert report.anggaran == [AnggaranRealisasiRow("1.01.01", Decimal(25_000_000), 4)]
    assert report.warnings == []


def test_empty_realisasi_is_a_warning_and_none_never_zero() -> None:
    rows = kinerja_rows(
        [
            ["IKU-01", "a", "dokumen", 100, None, "belum rekap"],
            ["IKU-02", "b", "%", 80, "   "],
            ["IKU-03", "c", "hari", 10, 0],
        ]
    )
    report = parse_quarter_workbook(build_xlsx(quarter_sheets(kinerja=rows)), load_context)
    assert [r.nilai for r in report.realisasi] == [None, None, Decimal(0)]
    assert report.realisasi[0].keterangan == "belum rekap"
    assert [w.location for w in report.warnings] == [
        "Realisasi Kinerja!E5",
        "Realisasi Kinerja!E6",
    ]
    assert all("belum dilaporkan" in str(w) for w in report.warnings)


def test_anomalies_become_warnings_naming_the_cell() -> None:
    rows = kinerja_rows(
        [
            ["IKU-01", "a", "dokumen", 100, 301],  # more than three times the target
            ["IKU-02", "b", "%", 80, "70,5"],  # terakhir, lower than last quarter's 75
            ["IKU-03", "c", "hari", 10, 9],
        ]
    )
    report = parse_quarter_workbook(build_xlsx(quarter_sheets(kinerja=rows)), load_context)
    assert [(w.location, w.message[:6]) for w in report.warnings] == [
        ("Realisasi Kinerja!E5", "IKU-01"),
        ("Realisasi Kinerja!E6", "IKU-02"),
    ]
    assert "tiga kali" in report.warnings[0].message
    assert "lebih rendah" in report.warnings[1].message


def test_indicators_missing_from_the_sheet_are_warned_each() -> None:
    rows = kinerja_rows([["IKU-02", "b", "%", 80, 78]])
    report = parse_quarter_workbook(build_xlsx(quarter_sheets(kinerja=rows)), load_context)
    assert [r.kode_indikator for r in report.realisasi] == ["IKU-02"]
    texts = [str(w) for w in report.warnings]
    assert len(texts) == 2
    assert texts[0].startswith("Realisasi Kinerja: Indikator IKU-01 (Jumlah akta kelahiran ")
    assert "IKU-03" in texts[1]


def test_free_text_is_kept_exactly_and_formula_text_stays_text() -> None:
    rows = kinerja_rows(
        [
            ["IKU-01", "a", "x", 1, 1, "  spasi di depan", '=HYPERLINK("x")', "baris\nbaru"],
            ["IKU-02", "b", "x", 1, 1, 12, None, None],
            ["IKU-03", "c", "x", 1, 1],
        ]
    )
    report = parse_quarter_workbook(build_xlsx(quarter_sheets(kinerja=rows)), load_context)
    first, second, _ = report.realisasi
    assert (first.keterangan, first.kendala, first.upaya) == (
        "  spasi di depan",
        '=HYPERLINK("x")',
        "baris\nbaru",
    )
    assert second.keterangan == "12"


def test_identity_labels_are_flexible() -> None:
    identitas = [
        ["IDENTITAS"],
        ["kode unit:", " BID-PDD "],
        ["TAHUN", "2025"],
        ["Triwulan", 3],
        ["Tanggal", "30 September 2025"],
    ]
    report = parse_quarter_workbook(build_xlsx(quarter_sheets(identitas=identitas)), load_context)
    assert report.identity == QuarterIdentity("BID-PDD", 2025, 3, None, "30 September 2025")


def test_identity_errors_are_all_reported_with_sheet_errors() -> None:
    identitas = [["Kode Unit", None], ["Tahun", "dua ribu"]]
    rows = kinerja_rows([["IKU-01", "a", "x", 1, "12.5"]])
    messages = rejected(build_xlsx(quarter_sheets(identitas=identitas, kinerja=rows)))
    assert messages == [
        "Identitas!B1: Kode Unit kosong, padahal wajib diisi (diharapkan kode unit sesuai "
        "dokumen perencanaan)",
        "Identitas!B2: nilai 'dua ribu' bukan angka yang sah (diharapkan angka dengan koma "
        "sebagai pemisah desimal dan titik sebagai pemisah ribuan, mis. 1.234,5)",
        "Identitas: Label 'Triwulan' tidak ditemukan di kolom A (diharapkan baris berlabel "
        "'Triwulan' di kolom A dengan nilainya di kolom B)",
        "Realisasi Kinerja!E5: nilai '12.5' bukan angka yang sah (diharapkan angka dengan koma "
        "sebagai pemisah desimal, mis. 12,5)",
    ]


def test_missing_identitas_sheet() -> None:
    sheets = quarter_sheets()
    del sheets["Identitas"]
    assert rejected(build_xlsx(sheets))[0].startswith("Sheet 'Identitas' tidak ditemukan")


def test_loader_rejection_is_combined_with_the_workbook_errors() -> None:
    rows = kinerja_rows([["IKU-01", "a", "x", 1, -1]])
    data = build_xlsx(quarter_sheets(identitas=identitas_rows(kode_unit="X"), kinerja=rows))
    messages = rejected(data)
    assert messages[0].startswith("Identitas!B3: Kode Unit 'X' tidak terdaftar")
    assert messages[1].startswith("Realisasi Kinerja!E5: nilai '-1' di bawah nol")


def test_loader_receives_the_identity_once() -> None:
    seen: list[QuarterIdentity] = []

    def loader(identity: QuarterIdentity) -> UnitQuarterContext:
        seen.append(identity)
        return CONTEXT

    parse_quarter_workbook(build_xlsx(quarter_sheets()), loader)
    assert len(seen) == 1 and seen[0].triwulan == 3


def test_budget_sheet_is_optional_and_checked() -> None:
    sheets = quarter_sheets()
    del sheets["Realisasi Anggaran"]
    report = parse_quarter_workbook(build_xlsx(sheets), load_context)
    assert report.anggaran == []
    (warning,) = report.warnings
    assert "Realisasi Anggaran" in str(warning) and "belum dilaporkan" in str(warning)

    over = anggaran_rows([["1.01.01", "x", 100_000_000, "150.000.000"]])
    report = parse_quarter_workbook(build_xlsx(quarter_sheets(anggaran=over)), load_context)
    (warning,) = report.warnings
    assert warning.location == "Realisasi Anggaran!D4" and "melebihi pagu" in warning.message

    empty = anggaran_rows([["1.01.01", "x", 100_000_000, None]])
    report = parse_quarter_workbook(build_xlsx(quarter_sheets(anggaran=empty)), load_context)
    assert report.anggaran == [AnggaranRealisasiRow("1.01.01", None, 4)]
    assert "belum dilaporkan" in str(report.warnings[0])

    messages = rejected(
        build_xlsx(
            quarter_sheets(
                anggaran=anggaran_rows(
                    [["1.01.01", "x", 1, 1], ["1.01.01", "x", 1, 1], ["9.99", "x", 1, 1]]
                )
            )
        )
    )
    assert messages[0].startswith("Realisasi Anggaran!A5: Kode anggaran '1.01.01' muncul")
    assert "baris 4 dan baris 5" in messages[0]
    assert messages[1].startswith("Realisasi Anggaran!A6: nilai '9.99' tidak ada dalam")


def test_excel_serial_dates() -> None:
    assert excel_serial_to_iso(Decimal(45930)) == "2025-09-30"
    assert excel_serial_to_iso(Decimal("45930.75")) == "2025-09-30"
    assert excel_serial_to_iso(Decimal(1)) == "1900-01-01"
    assert excel_serial_to_iso(Decimal(61)) == "1900-03-01"
    assert excel_serial_to_iso(Decimal(0), date1904=True) is None
    assert excel_serial_to_iso(Decimal(1), date1904=True) == "1904-01-02"
    assert excel_serial_to_iso(Decimal(-5)) is None


# -- speed -----------------------------------------------------------------------------

N = 2000


def _big_context() -> UnitQuarterContext:
    indicators = {
        f"IKU-{i:04d}": IndicatorContext(
            f"IKU-{i:04d}",
            f"Indikator {i}",
            "%",
            (Agregasi.KUMULATIF, Agregasi.TERAKHIR, Agregasi.RATA_RATA)[i % 3],
            Polaritas.POSITIF,
            Decimal(100),
            Decimal(50),
        )
        for i in range(N)
    }
    return replace(CONTEXT, indicators=indicators)


def _big_workbook() -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ident = book.add_worksheet("Identitas")
    for r, (label, value) in enumerate(
        [("Kode Unit", "BID-PDD"), ("Tahun", 2025), ("Triwulan", "III")]
    ):
        ident.write_string(r, 0, label)
        ident.write(r, 1, value)
    ws = book.add_worksheet("Realisasi Kinerja")
    ws.write_string(0, 0, "Laporan Kinerja Triwulan III Tahun 2025")
    ws.write_row(
        2,
        0,
        [
            "Kode Indikator",
            "Indikator",
            "Satuan",
            "Target TW",
            "Realisasi",
            "Keterangan",
            "Kendala",
            "Upaya",
        ],
    )
    for i in range(N):
        realisasi: object = f"{i % 97},5" if i % 2 else 60 + i % 40
        ws.write_row(
            3 + i,
            0,
            [
                f"IKU-{i:04d}",
                f"Indikator nomor {i} dengan nama yang agak panjang",
                "%",
                100,
                realisasi,
                f"keterangan {i}",
                "kendala anggaran dan SDM",
                "upaya koordinasi",
            ],
        )
    book.close()
    return buffer.getvalue()


def test_2000_rows_are_all_read_and_checked() -> None:
    """The figures of a large workbook come through (its speed is measured in bench/)."""
    report = parse_quarter_workbook(_big_workbook(), lambda _identity: _big_context())
    assert len(report.realisasi) == N
    assert report.realisasi[1].nilai == Decimal("1.5")


def test_issue_is_a_plain_value() -> None:
    issue = Issue("x", "S", "A1")
    assert issue == Issue("x", "S", "A1")
