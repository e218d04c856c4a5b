from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import openpyxl
import pytest
import xlsxwriter

from lakip.intake.issues import WorkbookRejected
from lakip.intake.xlsx import Cell, _BoundedReader, column_letter, open_workbook
from tests.fixtures.bad_workbooks.xlsxbuild import (
    Formula,
    RawCell,
    build_xlsx,
    package,
    sheet_xml,
    zip_parts,
)

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def values(row: list[Cell]) -> list[object]:
    return [c.value for c in row]


def test_shared_and_inline_strings_numbers_and_booleans() -> None:
    rows = [["Kode", "Nilai", True, 12, Decimal("0.1"), "  spasi  "]]
    for inline in (False, True):
        wb = open_workbook(build_xlsx({"Data": rows}, inline_strings=inline))
        (row,) = wb.iter_rows("Data")
        assert values(row) == ["Kode", "Nilai", True, Decimal(12), Decimal("0.1"), "  spasi  "]
        assert [c.ref for c in row] == ["A1", "B1", "C1", "D1", "E1", "F1"]
        assert all(c.has_cached_value and not c.is_formula for c in row)


def test_numbers_are_read_from_the_xml_text_at_excel_precision() -> None:
    texts = [
        "0.30000000000000004",
        "1.5E-3",
        "82.59999999999999",
        "82.599999999999994",
        "123456789.123456",
        "12345678901234567",
        "0.1",
        "-2.2000000000000002",
    ]
    raw = [RawCell("", f"<v>{t}</v>") for t in texts]
    (row,) = open_workbook(build_xlsx({"S": [raw]})).iter_rows("S")
    assert values(row) == [
        Decimal("0.3"),
        Decimal("0.0015"),
        Decimal("82.6"),
        Decimal("82.6"),
        Decimal("123456789.123456"),
        Decimal("12345678901234600"),
        Decimal("0.1"),
        Decimal("-2.2"),
    ]


def test_xlsxwriter_floats_come_back_as_typed() -> None:
    samples = [82.6, 0.1, 78.25, 1234567.89, 99.99, 1e-7, 33.333333333333336]
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("S").write_row(0, 0, samples)
    book.close()
    (row,) = open_workbook(buffer.getvalue()).iter_rows("S")
    assert values(row) == [
        Decimal(repr(f)) if f != 33.333333333333336 else Decimal("33.3333333333333")
        for f in samples
    ]


def test_rich_text_runs_are_joined_and_phonetic_runs_skipped() -> None:
    shared = (
        f'<sst {NS}><si><r><rPr><b/></rPr><t>Jumlah </t></r><r><t xml:space="preserve">akta</t></r>'
        "<rPh sb='0' eb='1'><t>FURIGANA</t></rPh></si>"
        "<si><t>baris_x000D_baru</t></si></sst>"
    )
    sheet = sheet_xml([[RawCell('t="s"', "<v>0</v>"), RawCell('t="s"', "<v>1</v>")]], None)
    wb = open_workbook(zip_parts(package({"S": sheet}, shared=shared)))
    (row,) = wb.iter_rows("S")
    assert values(row) == ["Jumlah akta", "baris\rbaru"]


def test_inline_rich_text() -> None:
    cell = RawCell('t="inlineStr"', "<is><r><t>IKU</t></r><r><t>-01</t></r></is>")
    (row,) = open_workbook(build_xlsx({"S": [[cell]]})).iter_rows("S")
    assert values(row) == ["IKU-01"]


def test_formula_cells_with_and_without_cached_value() -> None:
    rows = [
        [
            Formula("1+1", cached=2),
            Formula("A1*3"),
            Formula("A1*3", cached=""),
            Formula('"a"&"b"', cached="ab", text_result=True),
            Formula('""', cached="", text_result=True),
            RawCell('t="e"', "<f>1/0</f><v>#DIV/0!</v>"),
        ]
    ]
    (row,) = open_workbook(build_xlsx({"S": rows})).iter_rows("S")
    assert all(c.is_formula for c in row)
    assert [c.has_cached_value for c in row] == [True, False, False, True, True, True]
    assert values(row) == [Decimal(2), None, None, "ab", "", "#DIV/0!"]
    assert row[5].is_error and not row[0].is_error
    assert not row[1].is_blank  # a formula is never an empty cell


def test_openpyxl_formula_has_no_cached_value() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "S"
    ws["A1"] = 5
    ws["B1"] = "=A1*2"
    buffer = io.BytesIO()
    book.save(buffer)
    (row,) = open_workbook(buffer.getvalue()).iter_rows("S")
    assert row[0].value == Decimal(5)
    assert row[1].is_formula and not row[1].has_cached_value


def test_xlsxwriter_formula_keeps_its_given_cached_value() -> None:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet("S")
    ws.write_formula(0, 0, "=1+1", None, 2)
    book.close()
    (row,) = open_workbook(buffer.getvalue()).iter_rows("S")
    assert row[0].is_formula and row[0].has_cached_value and row[0].value == Decimal(2)


def test_sparse_rows_and_cells_keep_their_positions() -> None:
    rows = [None, None, ["a", None, "c"], None, [None, None, None, "d"]]
    wb = open_workbook(build_xlsx({"S": rows}))
    got = list(wb.iter_rows("S"))
    assert len(got) == 5
    assert got[0] == [] and got[1] == [] and got[3] == []
    assert [(c.ref, c.col, c.row) for c in got[2]] == [("A3", 1, 3), ("C3", 3, 3)]
    assert [c.ref for c in got[4]] == ["D5"]
    assert [n for n, _ in wb.iter_numbered_rows("S")] == [3, 5]


def test_cells_and_rows_without_r_attribute_are_counted() -> None:
    rows = [["a", None, "c"], ["x"]]
    wb = open_workbook(build_xlsx({"S": rows}, with_refs=False))
    first, second = wb.iter_rows("S")
    assert [(c.ref, c.value) for c in first] == [("A1", "a"), ("B1", None), ("C1", "c")]
    assert [(c.ref, c.value) for c in second] == [("A2", "x")]


def test_sheet_names_resolve_relative_and_absolute_targets() -> None:
    # xlsxbuild alternates "worksheets/sheetN.xml" and "/xl/worksheets/sheetN.xml".
    data = build_xlsx({"Satu": [["1"]], "Dua": [["2"]], "Tiga": [["3"]]})
    wb = open_workbook(data)
    assert wb.sheet_names == ["Satu", "Dua", "Tiga"]
    assert [values(next(wb.iter_rows(n))) for n in wb.sheet_names] == [["1"], ["2"], ["3"]]


def test_parent_relative_target() -> None:
    parts = package({"S": sheet_xml([["ok"]], None)})
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b'Target="worksheets/sheet1.xml"', b'Target="../xl/worksheets/sheet1.xml"'
    )
    assert values(next(open_workbook(zip_parts(parts)).iter_rows("S"))) == ["ok"]


def test_has_sheet_ignores_case_and_surrounding_spaces() -> None:
    wb = open_workbook(build_xlsx({" Realisasi Kinerja ": [["x"]]}))
    assert wb.has_sheet("realisasi kinerja")
    assert wb.has_sheet("REALISASI KINERJA ")
    assert not wb.has_sheet("Realisasi")
    assert wb.sheet_name("realisasi kinerja") == " Realisasi Kinerja "
    assert list(wb.iter_rows("Realisasi kinerja"))
    with pytest.raises(KeyError):
        list(wb.iter_rows("Tidak Ada"))


def test_reads_an_openpyxl_workbook() -> None:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = "Data"
    ws.append(["Kode", "Nilai"])
    ws.append(["IKU-01", 12.5])
    ws["A5"] = "jauh"
    buffer = io.BytesIO()
    book.save(buffer)
    rows = list(open_workbook(buffer.getvalue()).iter_rows("Data"))
    assert values(rows[0]) == ["Kode", "Nilai"]
    assert values(rows[1]) == ["IKU-01", Decimal("12.5")]
    assert rows[2] == [] and rows[3] == []
    assert values(rows[4]) == ["jauh"]


def test_date1904_flag_is_read() -> None:
    parts = package({"S": sheet_xml([["x"]], None)})
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"<sheets>", b'<workbookPr date1904="1"/><sheets>'
    )
    assert open_workbook(zip_parts(parts)).date1904


def test_column_letters() -> None:
    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703, 16384)] == [
        "A",
        "Z",
        "AA",
        "AZ",
        "BA",
        "ZZ",
        "AAA",
        "XFD",
    ]


# -- limits and hostile files --------------------------------------------------------


def _rejected(data: bytes, **limits: int) -> str:
    with pytest.raises(WorkbookRejected) as info:
        wb = open_workbook(data, **limits)
        for name in wb.sheet_names:
            list(wb.iter_rows(name))
    return str(info.value)


def test_size_limit_is_checked_first() -> None:
    data = build_xlsx({"S": [["x"]]})
    message = _rejected(data, max_bytes=len(data) - 1)
    assert "File melebihi batas" in message


def test_size_message_in_megabytes() -> None:
    message = _rejected(b"x" * (12 * 1024 * 1024 + 300_000))
    assert message == "File melebihi batas 10 MB (ukuran 12,3 MB)"


def test_not_a_zip_and_zip_without_workbook() -> None:
    assert "bukan file Excel .xlsx yang sah" in _rejected(b"hello")
    assert "Excel lama (.xls)" in _rejected(b"\xd0\xcf\x11\xe0" + b"\0" * 600)
    parts = package({"S": sheet_xml([["x"]], None)}, drop=["xl/workbook.xml"])
    assert "bukan file Excel .xlsx yang sah" in _rejected(zip_parts(parts))
    parts = package({"S": sheet_xml([["x"]], None)}, drop=["[Content_Types].xml"])
    assert "bukan file Excel .xlsx yang sah" in _rejected(zip_parts(parts))


def test_declared_unpacked_size_limit() -> None:
    data = build_xlsx({"S": [["x" * 5000]]})
    assert "melebihi batas" in _rejected(data, max_unpacked=4000)


def test_compression_ratio_limit() -> None:
    padding = " " * (3 * 1024 * 1024)
    parts = package({"S": sheet_xml([["x"]], None, padding=padding)})
    assert "Rasio kompresi" in _rejected(zip_parts(parts))


def test_bounded_reader_refuses_more_than_declared() -> None:
    reader = _BoundedReader(io.BytesIO(b"a" * 100), "xl/x.xml", declared=50, limit=1000)
    with pytest.raises(WorkbookRejected) as info:
        while reader.read(16):
            pass
    assert "lebih besar daripada ukuran yang tercatat" in str(info.value)
    reader = _BoundedReader(io.BytesIO(b"a" * 100), "xl/x.xml", declared=1000, limit=60)
    with pytest.raises(WorkbookRejected) as info:
        while reader.read(16):
            pass
    assert "melebihi batas" in str(info.value)


def test_dtd_in_a_sheet_is_refused() -> None:
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY x "y">]>'
        f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t>'
        "</is></c></row></sheetData></worksheet>"
    )
    message = _rejected(zip_parts(package({"S": sheet})))
    assert "DTD" in message and "bukan file Excel .xlsx yang sah" in message


def test_external_entity_is_refused() -> None:
    sheet = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        f"<worksheet {NS}><sheetData/></worksheet>"
    )
    assert "DTD" in _rejected(zip_parts(package({"S": sheet})))


def test_a_dtd_hidden_in_utf16_is_refused() -> None:
    sheet = (
        '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE w [<!ENTITY x "y">]>'
        f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t>'
        "</is></c></row></sheetData></worksheet>"
    )
    parts = package({"S": ""})
    parts["xl/worksheets/sheet1.xml"] = sheet.encode("utf-16")
    message = _rejected(zip_parts(parts))
    assert "UTF-8" in message and "bukan file Excel .xlsx yang sah" in message


def test_malformed_xml_is_an_invalid_file() -> None:
    message = _rejected(zip_parts(package({"S": f"<worksheet {NS}><sheetData><row>"})))
    assert "bukan file Excel .xlsx yang sah" in message


def test_shared_string_index_out_of_range() -> None:
    sheet = sheet_xml([[RawCell('t="s"', "<v>7</v>")]], None)
    shared = f"<sst {NS}><si><t>a</t></si></sst>"
    assert "bukan file Excel" in _rejected(zip_parts(package({"S": sheet}, shared=shared)))


def test_encrypted_member_is_refused() -> None:
    data = bytearray(build_xlsx({"S": [["x"]]}))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    data[info.header_offset + 6] |= 1  # local header: encrypted flag
    eocd = bytes(data).rindex(b"PK\x05\x06")
    central = int.from_bytes(data[eocd + 16 : eocd + 20], "little")
    while bytes(data[central : central + 4]) == b"PK\x01\x02":
        name_len = int.from_bytes(data[central + 28 : central + 30], "little")
        extra = int.from_bytes(data[central + 30 : central + 32], "little")
        comment = int.from_bytes(data[central + 32 : central + 34], "little")
        data[central + 8] |= 1
        central += 46 + name_len + extra + comment
    assert "dienkripsi" in _rejected(bytes(data))
