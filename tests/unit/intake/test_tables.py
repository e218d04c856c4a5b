from __future__ import annotations

from decimal import Decimal

import pytest

from lakip.domain.indicators import Polaritas, parse_polaritas
from lakip.intake.tables import (
    ColumnSpec,
    Table,
    below_blank_row,
    choice,
    code,
    integer,
    number,
    read_table,
    required_text,
    text,
)
from lakip.intake.xlsx import open_workbook
from tests.fixtures.bad_workbooks.xlsxbuild import Formula, RawCell, build_xlsx

SPECS = [
    ColumnSpec("Kode Indikator"),
    ColumnSpec("Realisasi"),
    ColumnSpec("Keterangan", required=False),
]


def table_of(rows: list[object], sheet: str = "Realisasi Kinerja") -> Table:
    wb = open_workbook(build_xlsx({sheet: rows}))  # type: ignore[dict-item]
    return read_table(wb, sheet, SPECS)


def test_header_found_below_title_rows_columns_in_any_order_extras_ignored() -> None:
    table = table_of(
        [
            ["Dinas Kependudukan"],
            ["Laporan Triwulan III"],
            None,
            [" kode indikator ", "Catatan lain", "KETERANGAN", "Realisasi"],
            ["IKU-01", "abaikan", "ok", 12],
            ["IKU-02", None, None, "3,5"],
        ]
    )
    assert table.issues == []
    assert table.header_row == 4
    assert table.columns == {"kode indikator": 1, "keterangan": 3, "realisasi": 4}
    first, second = table.rows
    assert first.number == 5
    assert first.ref("Realisasi") == "D5"
    assert first.cell("realisasi") is not None
    assert second.cell("Keterangan") is None
    assert second.ref("Keterangan") == "C6"


def test_reading_stops_at_first_empty_row_and_warns_when_data_follows() -> None:
    table = table_of(
        [
            ["Kode Indikator", "Realisasi"],
            ["IKU-01", 1],
            ["IKU-02", 2],
            [None, "   "],  # blank cells only: an empty row
            ["IKU-03", 3],
        ]
    )
    assert [r.number for r in table.rows] == [2, 3]
    assert table.stopped_at == 4
    error, warning = below_blank_row(table, {"IKU-09"})
    assert error is None
    assert warning is not None and warning.location == "Realisasi Kinerja!A4"


def test_a_plan_code_below_an_empty_row_is_an_error_naming_its_cell() -> None:
    table = table_of(
        [
            ["Kode Indikator", "Realisasi"],
            ["IKU-01", 1],
            [None, None, None, "catatan di kolom D"],  # not empty: read as a row
            [None, ""],
            ["catatan", None],
            ["IKU-03", 3],
            ["IKU-04", 4],
        ]
    )
    assert [r.number for r in table.rows] == [2, 3]
    error, warning = below_blank_row(table, {"IKU-01", "IKU-03", "IKU-04"})
    assert warning is None and error is not None
    assert error.location == "Realisasi Kinerja!A6"
    assert "Baris 4 kosong" in error.message and "IKU-03" in error.message


def test_a_missing_row_number_is_an_empty_row() -> None:
    table = table_of([["Kode Indikator", "Realisasi"], ["IKU-01", 1], None, ["IKU-03", 3]])
    assert [r.number for r in table.rows] == [2]
    assert table.stopped_at == 3


def test_trailing_empty_rows_give_no_warning() -> None:
    table = table_of([["Kode Indikator", "Realisasi"], ["IKU-01", 1], [None, ""], None])
    assert len(table.rows) == 1
    assert table.stopped_at is None and below_blank_row(table, {"IKU-01"}) == (None, None)


def test_header_must_be_in_column_a_within_ten_rows() -> None:
    table = table_of([["Judul"], [None, "Kode Indikator", "Realisasi"], [None, "IKU-01", 1]])
    assert table.header_row is None and table.rows == []
    (issue,) = table.issues
    assert "B2" in str(issue) and "kolom A" in str(issue)
    late = table_of([[f"judul {i}"] for i in range(10)] + [["Kode Indikator", "Realisasi"]])
    assert late.header_row is None
    assert "10 baris pertama" in str(late.issues[0])


def test_missing_required_column_and_duplicate_header() -> None:
    table = table_of([["Kode Indikator", "Keterangan", "Keterangan"], ["IKU-01", "a", "b"]])
    messages = [str(i) for i in table.issues]
    assert any("Kolom wajib 'Realisasi'" in m for m in messages)
    assert any("muncul lebih dari sekali (B1 dan C1)" in m for m in messages)
    # Rows are still read; readers say nothing more about the absent column.
    (row,) = table.rows
    assert number(row, "Realisasi", allow_negative=False, required=True) is None
    assert row.ref("Realisasi") == ""
    assert len(table.issues) == 2


def test_missing_sheet_names_the_sheets_present() -> None:
    wb = open_workbook(build_xlsx({"Lain": [["x"]]}))
    table = read_table(wb, "Realisasi Kinerja", SPECS)
    assert "Sheet 'Realisasi Kinerja' tidak ditemukan (sheet yang ada: Lain)" in str(
        table.issues[0]
    )


def _row_table() -> Table:
    return table_of(
        [
            ["Kode Indikator", "Realisasi", "Keterangan"],
            [1, "12,5", "  teks apa adanya  "],
            [" IKU-02 ", "12.5", Decimal("3.50")],
            [None, -2, None],
            ["IKU-04", Formula("B2*2"), RawCell('t="e"', "<v>#N/A</v>")],
            ["IKU-05", True, None],
        ]
    )


def test_value_readers_collect_issues_with_sheet_cell_value_and_expectation() -> None:
    table = _row_table()
    r2, r3, r4, r5, r6 = table.rows
    assert code(r2, "Kode Indikator") == "1"
    assert number(r2, "Realisasi", allow_negative=False, required=True) == Decimal("12.5")
    assert text(r2, "Keterangan") == "  teks apa adanya  "
    assert code(r3, "Kode Indikator") == "IKU-02"
    assert text(r3, "Keterangan") == "3.5"
    assert number(r3, "Realisasi", allow_negative=False, required=True) is None
    assert code(r4, "Kode Indikator") is None
    assert number(r4, "Realisasi", allow_negative=False, required=True) is None
    assert number(r4, "Realisasi", allow_negative=True, required=True) == Decimal(-2)
    assert number(r5, "Realisasi", allow_negative=False, required=True) is None
    assert text(r5, "Keterangan") is None
    assert number(r6, "Realisasi", allow_negative=False, required=True) is None
    messages = [str(i) for i in table.issues]
    assert messages == [
        "Realisasi Kinerja!B3: nilai '12.5' bukan angka yang sah "
        "(diharapkan angka dengan koma sebagai pemisah desimal, mis. 12,5)",
        "Realisasi Kinerja!A4: Kode Indikator kosong, padahal wajib diisi "
        "(diharapkan kode pada kolom Kode Indikator)",
        "Realisasi Kinerja!B4: nilai '-2' di bawah nol; Realisasi tidak boleh negatif "
        "(diharapkan angka 0 atau lebih)",
        "Realisasi Kinerja!B5: Realisasi berisi rumus tanpa nilai tersimpan "
        "(diharapkan nilai yang diketik, atau rumus yang hasilnya tersimpan "
        "(buka dan simpan ulang file di Excel))",
        "Realisasi Kinerja!C5: nilai '#N/A' adalah galat rumus pada Keterangan "
        "(diharapkan nilai yang sah)",
        "Realisasi Kinerja!B6: nilai 'TRUE' bukan angka (diharapkan angka dengan koma sebagai "
        "pemisah desimal dan titik sebagai pemisah ribuan, mis. 1.234,5)",
    ]
    for issue in table.issues:
        assert issue.sheet == "Realisasi Kinerja" and issue.cell and issue.expected


def test_empty_number_is_an_issue_only_when_required() -> None:
    table = table_of([["Kode Indikator", "Realisasi"], ["IKU-01", None]])
    (row,) = table.rows
    assert row.cell("Realisasi") is None and row.ref("Realisasi") == "B2"
    assert number(row, "Realisasi", allow_negative=False, required=False) is None
    assert table.issues == []
    assert required_text(row, "Realisasi") is None
    assert "Realisasi kosong, padahal wajib diisi" in str(table.issues[0])


def test_choice_and_integer() -> None:
    table = table_of(
        [
            ["Kode Indikator", "Realisasi", "Keterangan"],
            ["positif", "2025", "Naik"],
            ["NEGATIF", "2.025,5", None],
        ]
    )
    r2, r3 = table.rows
    assert choice(r2, "Kode Indikator", parse_polaritas) is Polaritas.POSITIF
    assert choice(r3, "Kode Indikator", parse_polaritas) is Polaritas.NEGATIF
    assert choice(r2, "Keterangan", parse_polaritas, expected="'Positif' atau 'Negatif'") is None
    assert choice(r3, "Keterangan", parse_polaritas, required=False) is None
    assert integer(r2, "Realisasi", minimum=2000, maximum=2100) == 2025
    assert integer(r3, "Realisasi", minimum=2000, maximum=2100) is None
    messages = [str(i) for i in table.issues]
    assert messages[0] == (
        "Realisasi Kinerja!C2: nilai 'Naik' bukan pilihan yang sah untuk Keterangan "
        "(diharapkan 'Positif' atau 'Negatif')"
    )
    assert "Realisasi Kinerja!B3: nilai '2.025,5' tidak sah untuk Realisasi" in messages[1]
    assert len(messages) == 2


@pytest.mark.parametrize("blank", [None, "", "   "])
def test_blank_cells_read_as_none(blank: object) -> None:
    table = table_of([["Kode Indikator", "Realisasi", "Keterangan"], ["IKU-01", 1, blank]])
    (row,) = table.rows
    assert text(row, "Keterangan") is None
    assert row.cell("Keterangan") is None
