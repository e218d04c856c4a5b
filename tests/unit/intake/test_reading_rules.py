"""FORMATS.md's reading rules that the outside probe found broken: percent cells, dates,
filled-down formulas, the error cap, and a reader bounded by what it keeps."""

from __future__ import annotations

import tracemalloc
from decimal import Decimal

import pytest

from lakip.intake.issues import MAX_LISTED, WorkbookRejected
from lakip.intake.numfmt import NumberFormat, classify_format_code, classify_number_format
from lakip.intake.quarter import QUARTER_MAX_ROWS, parse_quarter_workbook
from lakip.intake.xlsx import open_workbook
from tests.fixtures.bad_workbooks.context import kinerja_rows, load_context, quarter_sheets
from tests.fixtures.bad_workbooks.xlsxbuild import (
    NS,
    S_DATE_CUSTOM,
    S_NUMBER,
    S_PERCENT1,
    S_PERCENT2,
    STYLES,
    Formula,
    RawCell,
    build_xlsx,
    package,
    shared_strings_xml,
    sheet_xml,
    zip_parts,
)


def _styled(style: int, value: str) -> RawCell:
    return RawCell(f's="{style}"', f"<v>{value}</v>")


def _parse(kinerja: list[list[object]], **kw: object) -> dict[str, Decimal | None]:
    data = build_xlsx(quarter_sheets(kinerja=kinerja_rows(kinerja)), styles=STYLES)
    report = parse_quarter_workbook(data, load_context)
    return {r.kode_indikator: r.nilai for r in report.realisasi}


@pytest.mark.parametrize(
    ("code", "kind"),
    [
        ("0.0%", NumberFormat.PERCENT),
        ("0%", NumberFormat.PERCENT),
        ('#,##0.00" %"', None),  # a literal percent sign in quotes is no percent format
        ("dd/mm/yyyy", NumberFormat.DATE),
        ("[$-421]d mmmm yyyy", NumberFormat.DATE),
        ("[h]:mm", NumberFormat.DATE),
        ("h:mm AM/PM", NumberFormat.DATE),
        ("#,##0.00", None),
        ("#,##0;[Red]-#,##0", None),
        ("0.00E+00", None),
        ("General", None),
        ('"hari "0', None),
        ("\\d0", None),
        ("@", None),
    ],
)
def test_format_codes_are_classified(code: str, kind: NumberFormat | None) -> None:
    assert classify_format_code(code) is kind


def test_built_in_format_ids_are_classified() -> None:
    assert classify_number_format(9, None) is NumberFormat.PERCENT
    assert classify_number_format(10, None) is NumberFormat.PERCENT
    assert classify_number_format(14, None) is NumberFormat.DATE
    assert classify_number_format(22, None) is NumberFormat.DATE
    assert classify_number_format(4, None) is None
    assert classify_number_format(0, None) is None
    # A file's own code for an id wins over the built-in meaning.
    assert classify_number_format(10, "0.00") is None


def test_percent_cells_are_read_as_the_percent_they_show() -> None:
    values = _parse(
        [
            ["IKU-01", "Akta", "dokumen", 100, _styled(S_NUMBER, "90")],
            ["IKU-02", "KTP-el", "%", 80, _styled(S_PERCENT1, "0.985")],  # typed 98,5%
            ["IKU-03", "Waktu", "hari", 10, _styled(S_PERCENT2, "0.0825")],  # 8,25%
        ]
    )
    assert values == {"IKU-01": Decimal(90), "IKU-02": Decimal("98.5"), "IKU-03": Decimal("8.25")}
    assert str(values["IKU-02"]) == "98.5"  # exact, no exponent form


def test_a_percent_of_one_hundred_is_written_plainly() -> None:
    values = _parse(
        [
            ["IKU-01", "Akta", "dokumen", 100, 90],
            ["IKU-02", "KTP-el", "%", 80, _styled(S_PERCENT1, "1")],
            ["IKU-03", "Waktu", "hari", 10, 8],
        ]
    )
    assert str(values["IKU-02"]) == "100"


def test_a_date_where_a_number_belongs_names_the_cell_and_shows_the_date() -> None:
    data = build_xlsx(
        quarter_sheets(
            kinerja=kinerja_rows(
                [
                    ["IKU-01", "Akta", "dokumen", 100, 90],
                    ["IKU-02", "KTP-el", "%", 80, _styled(S_DATE_CUSTOM, "46022")],
                    ["IKU-03", "Waktu", "hari", 10, 8],
                ]
            )
        ),
        styles=STYLES,
    )
    with pytest.raises(WorkbookRejected) as info:
        parse_quarter_workbook(data, load_context)
    (error,) = info.value.errors
    assert error.location == "Realisasi Kinerja!E6"
    assert error.value == "2025-12-31"
    assert "tanggal atau waktu, bukan angka" in error.message


def test_a_formula_filled_down_showing_nothing_counts_as_empty() -> None:
    rows: list[list[object]] = [
        ["IKU-01", "Akta", "dokumen", 100, 90, Formula('IF(E5="","",E5&" dok")', "90 dok", True)],
        ["IKU-02", "KTP-el", "%", 80, 70, Formula('IF(E6="","",E6&" dok")', "70 dok", True)],
        ["IKU-03", "Waktu", "hari", 10, 8, Formula('IF(E7="","",E7&" dok")', "8 dok", True)],
    ]
    rows += [
        [None, None, None, None, None, Formula(f'IF(E{r}="","",E{r}&" dok")', "", True)]
        for r in range(8, 20_006)
    ]
    data = build_xlsx(quarter_sheets(kinerja=kinerja_rows(rows)))
    report = parse_quarter_workbook(data, load_context)
    assert [(r.kode_indikator, r.nilai, r.keterangan) for r in report.realisasi] == [
        ("IKU-01", Decimal(90), "90 dok"),
        ("IKU-02", Decimal(70), "70 dok"),
        ("IKU-03", Decimal(8), "8 dok"),
    ]
    assert not [w for w in report.warnings if "kosong sehingga" in w.message]


def test_an_empty_looking_formula_row_still_ends_the_table_before_a_plan_code() -> None:
    rows: list[list[object]] = [
        ["IKU-01", "Akta", "dokumen", 100, 90],
        ["IKU-02", "KTP-el", "%", 80, 70],
        [None, None, None, None, None, Formula("X", "", True)],
        ["IKU-03", "Waktu", "hari", 10, 8],
    ]
    with pytest.raises(WorkbookRejected) as info:
        parse_quarter_workbook(build_xlsx(quarter_sheets(kinerja=kinerja_rows(rows))), load_context)
    assert [e.location for e in info.value.errors] == ["Realisasi Kinerja!A8"]


def test_errors_are_capped_at_one_hundred_with_a_count_of_the_rest() -> None:
    rows: list[list[object]] = [
        [f"IKU-X{i:04}", "Tidak dikenal", "%", 1, "n/a"] for i in range(400)
    ]
    data = build_xlsx(quarter_sheets(kinerja=kinerja_rows(rows)))
    with pytest.raises(WorkbookRejected) as info:
        parse_quarter_workbook(data, load_context)
    errors = info.value.errors
    assert len(errors) == MAX_LISTED + 1
    # Two errors a row (the text, the unknown code): 800, of which 100 are listed.
    assert info.value.more == 700
    assert errors[-1].message.startswith("… dan 700 kesalahan lain tidak ditampilkan")


def test_a_sheet_with_more_rows_than_a_workbook_can_have_is_stopped_and_says_so() -> None:
    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>Kode Indikator</t></is></c>'
    header += '<c r="B1" t="inlineStr"><is><t>Realisasi</t></is></c></row>'
    rows = header + "".join(
        f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(2, 60_001)
    )
    sheet = f'<worksheet xmlns="{NS}"><sheetData>{rows}</sheetData></worksheet>'
    identitas = sheet_xml(quarter_sheets()["Identitas"], None)
    data = zip_parts(package({"Identitas": identitas, "Realisasi Kinerja": sheet}))
    with pytest.raises(WorkbookRejected) as info:
        parse_quarter_workbook(data, load_context)
    message = str(info.value)
    assert f"lebih dari {QUARTER_MAX_ROWS:,}".replace(",", ".") + " baris" in message
    assert "baris 50.001" in message


def test_elements_outside_rows_are_not_kept() -> None:
    junk = "".join(f'<x i="{i}"/>' for i in range(100_000))
    sheet = (
        f'<worksheet xmlns="{NS}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
        f"{junk}</sheetData><extLst>{junk}</extLst></worksheet>"
    )
    wb = open_workbook(zip_parts(package({"S": sheet})))
    tracemalloc.start()
    rows = list(wb.iter_rows("S"))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [[c.value for c in r] for r in rows] == [[Decimal(1)]]
    # Kept, the 200,000 elements would take over 40 MB.
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_only_the_shared_strings_the_kept_cells_use_are_read() -> None:
    # Strings 0 and 1 are used; what follows them is never parsed (here: broken XML).
    sheet = sheet_xml([[RawCell('t="s"', "<v>1</v>"), RawCell('t="s"', "<v>0</v>")]], None)
    shared = f'<sst xmlns="{NS}"><si><t>a</t></si><si><t>b</t></si><si><t>c</t><broken'
    wb = open_workbook(zip_parts(package({"S": sheet}, shared=shared)))
    (row,) = wb.iter_rows("S")
    assert [c.value for c in row] == ["b", "a"]


def test_cells_of_columns_not_asked_for_are_not_kept_but_keep_the_row_alive() -> None:
    wb = open_workbook(build_xlsx({"S": [["a", "b", "c"], [None, None, "only C"], ["x"]]}))
    sheet = wb.read_rows({"S": (None, frozenset({1}))})["S"]
    assert [[c.value for c in cells] for _n, cells in sheet.rows] == [["a"], [], ["x"]]
    assert sheet.filled_elsewhere == {1, 2}


def test_an_unused_huge_shared_string_table_is_not_read() -> None:
    used = ["Kode Indikator", "Realisasi"]
    sheet = sheet_xml([[RawCell('t="s"', "<v>0</v>"), RawCell('t="s"', "<v>1</v>")]], None)
    shared = shared_strings_xml(used + [f"tidak dipakai {i}" for i in range(300_000)])
    wb = open_workbook(zip_parts(package({"S": sheet}, shared=shared)))
    tracemalloc.start()
    (row,) = wb.iter_rows("S")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert [c.value for c in row] == used
    assert peak < 5 * 1024 * 1024
