from __future__ import annotations

from decimal import Decimal

import pytest

from lakip.domain.indicators import Agregasi, JenisIndikator, Polaritas
from lakip.intake.issues import WorkbookRejected
from lakip.intake.plan import (
    AnggaranRow,
    IndikatorRow,
    KnownCodes,
    RencanaAksiRow,
    TargetRow,
    UnitRow,
    parse_plan,
)
from tests.fixtures.bad_workbooks.context import KNOWN, plan_sheets
from tests.fixtures.bad_workbooks.xlsxbuild import build_xlsx


def rejected(sheets: dict[str, list[list[object] | None]], known: KnownCodes = KNOWN) -> list[str]:
    with pytest.raises(WorkbookRejected) as info:
        parse_plan(build_xlsx(sheets), known)
    return [str(e) for e in info.value.errors]


def test_good_workbook_is_read_whole() -> None:
    doc = parse_plan(build_xlsx(plan_sheets()), KNOWN)
    assert doc.sheets == ["Unit", "Sasaran", "Indikator", "Target", "Rencana Aksi", "Anggaran"]
    assert doc.warnings == []
    assert doc.units[0] == UnitRow("SEKRETARIAT", "Sekretariat", "Sekretariat", "DISDUKCAPIL")
    assert [u.jenis for u in doc.units] == ["Sekretariat", "Bidang", "Seksi"]
    assert doc.sasaran[1].tujuan is None
    assert doc.indikator[0] == IndikatorRow(
        "IKU-01",
        "Jumlah akta kelahiran",
        "SS-01",
        "dokumen",
        Polaritas.POSITIF,
        Agregasi.KUMULATIF,
        "BID-PDD",
        JenisIndikator.IKU,
        Decimal(350),
        Decimal(2000),
        None,
        "Akta terbit",
        "SIAK",
    )
    second, third = doc.indikator[1:]
    assert second.jenis is JenisIndikator.IKU  # empty Jenis defaults to IKU
    assert second.baseline == Decimal("90.5")
    assert third.agregasi is Agregasi.RATA_RATA and third.jenis is JenisIndikator.IKK
    assert third.kode_sasaran == "SS-00"  # known from the database
    assert doc.targets[2] == TargetRow("IKU-03", 2025, Decimal(10))
    assert doc.targets[3].kode_indikator == "IKU-00"
    assert doc.rencana_aksi[1] == RencanaAksiRow(
        "IKU-02", 2025, (Decimal(80), Decimal(85), Decimal(90), Decimal(95))
    )
    assert doc.anggaran[1] == AnggaranRow(
        "1.01.01",
        "Pelayanan pendaftaran penduduk",
        "Kegiatan",
        "1.01",
        "SS-01",
        "BID-PDD",
        2025,
        Decimal(100_000_000),
    )
    assert doc.anggaran[2].tingkat == "Sub Kegiatan"
    assert doc.anggaran[3].kode_induk == "1.00"  # (1.00, 2025) is known


def test_any_subset_of_sheets_may_be_imported() -> None:
    sheets = plan_sheets()
    doc = parse_plan(
        build_xlsx({"Target": sheets["Target"]}),
        KnownCodes(indikator=frozenset({"IKU-00", "IKU-01", "IKU-02", "IKU-03"})),
    )
    assert doc.sheets == ["Target"] and len(doc.targets) == 4 and doc.units == []


def test_codes_must_exist_in_workbook_or_database() -> None:
    sheets = plan_sheets()
    messages = rejected({"Target": sheets["Target"]})
    assert messages == [
        f"Target!A{n}: nilai '{k}' tidak ada di sheet Indikator maupun di data yang sudah "
        "tersimpan (diharapkan kode yang terdaftar di sheet Indikator)"
        for n, k in ((2, "IKU-01"), (3, "IKU-02"), (4, "IKU-03"))
    ]


def test_numeric_code_cells_become_text() -> None:
    sheets = {"Sasaran": [["Kode", "Sasaran Strategis"], [1, "Satu"], [Decimal("2.0"), "Dua"]]}
    doc = parse_plan(build_xlsx(sheets), KNOWN)
    assert [s.kode for s in doc.sasaran] == ["1", "2"]


def test_kumulatif_quarters_not_adding_up_is_a_warning_naming_the_row() -> None:
    sheets = plan_sheets()
    sheets["Rencana Aksi"][1] = ["IKU-01", 2025, 100, 100, 100, "99,5"]
    sheets["Rencana Aksi"][2] = ["IKU-02", 2025, 1, 1, 1, 1]  # terakhir: no sum rule
    doc = parse_plan(build_xlsx(sheets), KNOWN)
    (warning,) = doc.warnings
    assert warning.location == "Rencana Aksi!A2"
    assert "399,5" in str(warning) and "400" in str(warning) and "IKU-01" in str(warning)


def test_unit_rules() -> None:
    sheets = plan_sheets()
    sheets["Unit"][3] = ["SEKRETARIAT", "Sekretariat", "Divisi", "SEKRETARIAT"]
    sheets["Unit"].append(["A", "Unit A", "Bidang", "B"])
    sheets["Unit"].append(["B", "Unit B", "Bidang", "A"])
    sheets["Unit"].append(["C", "Unit C", "Bidang", "TIDAK-ADA"])
    messages = rejected(sheets)
    assert any(m.startswith("Unit!C4: nilai 'Divisi'") for m in messages)
    assert any(
        m.startswith("Unit!D4: nilai 'SEKRETARIAT' tidak boleh unit itu sendiri") for m in messages
    )
    assert any("lingkaran induk (A → B → A)" in m for m in messages)
    assert any(m.startswith("Unit!D9: nilai 'TIDAK-ADA' tidak ada di sheet Unit") for m in messages)


def test_years_targets_and_duplicates() -> None:
    sheets = plan_sheets()
    sheets["Target"] += [
        ["IKU-01", 2025, 1],
        ["IKU-01", 2026, 1],
        ["IKU-02", 1999, 1],
        ["IKU-02", "2025,5", 1],
        ["IKU-03", 2030, -1],
        ["IKU-03", 2031, None],
    ]
    messages = rejected(sheets)
    assert messages == [
        "Target!A6: Kode Indikator 'IKU-01' tahun 2025 muncul lebih dari sekali (baris 2 dan "
        "baris 6) (diharapkan setiap kode hanya satu kali)",
        "Target!B8: nilai '1999' tidak sah untuk Tahun (diharapkan bilangan bulat 2000–2100)",
        "Target!B9: nilai '2025,5' tidak sah untuk Tahun (diharapkan bilangan bulat 2000–2100)",
        "Target!C10: nilai '-1' di bawah nol; Target tidak boleh negatif (diharapkan angka 0 "
        "atau lebih)",
        "Target!C11: Target kosong, padahal wajib diisi (diharapkan angka dengan koma sebagai "
        "pemisah desimal dan titik sebagai pemisah ribuan, mis. 1.234,5)",
    ]


def test_anggaran_parent_must_exist_in_the_same_year() -> None:
    sheets = plan_sheets()
    sheets["Anggaran"].append(
        ["1.01.02", "Kegiatan lain", "Kegiatan", "1.01", None, "BID-PDD", 2026, 1]
    )
    sheets["Anggaran"].append(["1.01", "Program lagi", "Program", None, None, "BID-PDD", 2025, 1])
    sheets["Anggaran"].append(["X", "Tingkat salah", "Urusan", None, None, "BID-PDD", 2025, -1])
    messages = rejected(sheets)
    assert messages[0].startswith(
        "Anggaran!D8: nilai '1.01' tidak ada di sheet Anggaran tahun 2026"
    )
    assert messages[1].startswith("Anggaran!A9: Kode anggaran '1.01' tahun 2025 muncul lebih")
    assert messages[2].startswith("Anggaran!C10: nilai 'Urusan' bukan pilihan yang sah")
    assert messages[3].startswith("Anggaran!H10: nilai '-1' di bawah nol")


def test_all_errors_of_all_sheets_are_reported_in_sheet_order() -> None:
    sheets = plan_sheets()
    sheets["Unit"][3][2] = "Divisi"  # type: ignore[index]
    sheets["Indikator"][3][4] = "Naik"  # type: ignore[index]
    sheets["Anggaran"][3][7] = "n/a"  # type: ignore[index]
    messages = rejected(sheets)
    assert [m.split(":")[0] for m in messages] == ["Unit!C4", "Indikator!E4", "Anggaran!H4"]


def test_workbook_without_plan_sheets_is_rejected() -> None:
    messages = rejected({"Lembar1": [["Kode"]]})
    assert (
        "tidak berisi satu pun sheet dokumen perencanaan (sheet yang ada: Lembar1)" in messages[0]
    )


def test_sheet_names_and_headers_are_case_insensitive() -> None:
    sheets = {
        "sasaran ": [["KODE", "sasaran strategis"], ["SS-09", "Sembilan"]],
    }
    doc = parse_plan(build_xlsx(sheets), KNOWN)
    assert doc.sasaran[0].kode == "SS-09"
