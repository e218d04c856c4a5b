"""Reading a sheet as a table by header names, and reading its values into Issues.

The header row is the first of the sheet's first 10 rows whose column A holds the
sheet's first column name; columns are then found by name in any order. The value
readers (``text``, ``required_text``, ``code``, ``number``, ``choice``) never raise:
they append an Issue to the table's list and return None.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final, TypeVar

from lakip.domain.formatting import format_count

from .issues import Issue, IssueList
from .numbers import EXPECTED_NUMBER, NumberFormatError, format_id_number, parse_id_number
from .numfmt import NumberFormat
from .xlsx import Cell, SheetRows, Workbook, cell_ref, excel_serial_to_iso

HEADER_SEARCH_ROWS: Final = 10

T = TypeVar("T")


def normalize_name(name: str) -> str:
    """Header or label as compared: case-folded, inner spaces collapsed, trimmed."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True, slots=True)
class ColumnSpec:
    """A column a sheet may have; ``required`` ones must be in the header row."""

    name: str
    required: bool = True


def cell_text(cell: Cell) -> str:
    """A cell's value as the user sees it: text as typed, numbers without exponent."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, Decimal):
        if value == value.to_integral_value():
            return str(value.quantize(Decimal(1)))
        return format(value.normalize(), "f")
    return value


def shown_value(cell: Cell) -> str:
    """A cell's value for a message as the user sees it: numbers in Indonesian notation
    ("1.234,5"), a percent cell as its percent ("98,5%"), a date cell as its date."""
    value = cell.value
    if isinstance(value, Decimal):
        if cell.number_format is NumberFormat.DATE:
            return excel_serial_to_iso(value) or format_id_number(_plain(value))
        if cell.number_format is NumberFormat.PERCENT:
            return format_id_number(_plain(value * 100)) + "%"
        return format_id_number(_plain(value))
    return cell_text(cell)


def _plain(number: Decimal) -> Decimal:
    """The number without trailing zeros, never in exponent form (100, not 1E+2)."""
    if not number:
        return Decimal(0)
    normal = number.normalize()
    return normal.quantize(Decimal(1)) if normal.as_tuple().exponent > 0 else normal  # type: ignore[operator]


@dataclass(frozen=True)
class Row:
    """One data row: its Excel row number and its cells by column name.

    ``issues`` is the table's shared list that the value readers append to.
    """

    sheet: str
    number: int
    cells: Mapping[str, Cell]
    columns: Mapping[str, int]
    issues: list[Issue] = field(repr=False, compare=False)

    def has_column(self, colname: str) -> bool:
        """True if the sheet has this column."""
        return normalize_name(colname) in self.columns

    def cell(self, colname: str) -> Cell | None:
        """The cell in that column, or None when the column is absent or the cell empty."""
        cell = self.cells.get(normalize_name(colname))
        if cell is None or cell.is_blank:
            return None
        return cell

    def ref(self, colname: str) -> str:
        """The A1 reference of this row's cell in that column ("E7"), even when empty.

        "" when the sheet has no such column.
        """
        col = self.columns.get(normalize_name(colname))
        return "" if col is None else cell_ref(self.number, col)

    def issue(
        self,
        colname: str,
        message: str,
        *,
        value: str | None = None,
        expected: str | None = None,
    ) -> Issue:
        """An Issue located at this row's cell in that column."""
        return Issue(message, self.sheet, self.ref(colname) or None, value, expected)

    def add(
        self,
        colname: str,
        message: str,
        *,
        value: str | None = None,
        expected: str | None = None,
    ) -> None:
        """Record an error at this row's cell in that column."""
        self.issues.append(self.issue(colname, message, value=value, expected=expected))


@dataclass
class Table:
    """A sheet read by header names.

    ``issues`` holds structural errors (no sheet, no header row, a missing
    required column) and every error the value readers found (the first
    ``MAX_LISTED``, and a count of the rest). ``stopped_at`` is the empty row that
    ended the table when something follows it, and ``below`` the filled cells of
    column A after it: rows there are not read, as FORMATS.md says, and the caller
    rejects the workbook when one of them holds a code of the plan.
    """

    sheet: str
    header_row: int | None = None
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    issues: IssueList = field(default_factory=IssueList)
    stopped_at: int | None = None
    below: list[Cell] = field(default_factory=list)

    def has_column(self, name: str) -> bool:
        """True if the header row has this column."""
        return normalize_name(name) in self.columns


def _find_header(rows: list[tuple[int, list[Cell]]], first: str) -> tuple[int | None, str | None]:
    """Header row number, or a hint where the first column name was found elsewhere."""
    hint: str | None = None
    for number, cells in rows:
        for cell in cells:
            if isinstance(cell.value, str) and normalize_name(cell.value) == first:
                if cell.col == 1:
                    return number, None
                hint = hint or cell.ref
    return None, hint


def read_tables(
    wb: Workbook,
    specs: Mapping[str, Sequence[ColumnSpec]],
    *,
    max_rows: int,
    heads: Mapping[str, tuple[int, frozenset[int]]] | None = None,
) -> tuple[dict[str, Table], dict[str, SheetRows]]:
    """Read sheets as tables of the given columns (the first one anchors the header).

    Two passes keep the reading bounded by what is used: the first reads each sheet's
    first rows, where the header is, and ``heads`` (sheet → (last row, columns), for
    sheets read by labels rather than as tables); the second reads the rest of each table,
    keeping only the columns its header names. Only a sheet present in the workbook is
    read; a missing one gives a table with the issue. Never raises for content: problems
    are in ``Table.issues``. Raises WorkbookRejected if the file is damaged or a sheet has
    more than ``max_rows`` rows.
    """
    tables: dict[str, Table] = {}
    first_pass: dict[str, tuple[int | None, frozenset[int] | None]] = {}
    for sheet in specs:
        actual = wb.sheet_name(sheet)
        tables[sheet] = Table(sheet=actual or sheet)
        if actual is None:
            present = ", ".join(wb.sheet_names) or "-"
            tables[sheet].issues.append(
                Issue(
                    f"Sheet '{sheet}' tidak ditemukan (sheet yang ada: {present})",
                    expected=f"sheet bernama '{sheet}'",
                )
            )
        else:
            first_pass[actual] = (HEADER_SEARCH_ROWS, None)
    for sheet, (last, cols) in (heads or {}).items():
        actual = wb.sheet_name(sheet)
        if actual is not None:
            first_pass[actual] = (last, cols)
    read_heads = wb.read_rows(first_pass, max_rows=max_rows)
    second_pass: dict[str, tuple[int | None, frozenset[int] | None]] = {}
    for sheet, columns in specs.items():
        table = tables[sheet]
        if table.sheet in read_heads:
            head = read_heads[table.sheet].rows
            if _header(table, head, columns):
                second_pass[table.sheet] = (None, frozenset({1, *table.columns.values()}))
    bodies = wb.read_rows(second_pass, max_rows=max_rows) if second_pass else {}
    for table in tables.values():
        if table.sheet in bodies:
            _fill(table, bodies[table.sheet])
    labelled = {s: read_heads[a] for s in heads or {} if (a := wb.sheet_name(s)) in read_heads}
    return tables, labelled


def read_table(
    wb: Workbook, sheet: str, columns: Sequence[ColumnSpec], *, max_rows: int = 100_000
) -> Table:
    """One sheet read as a table (``read_tables`` for a single sheet)."""
    return read_tables(wb, {sheet: columns}, max_rows=max_rows)[0][sheet]


def _header(
    table: Table, head: list[tuple[int, list[Cell]]], columns: Sequence[ColumnSpec]
) -> bool:
    """Find the header row among the first rows and match its columns; False if none."""
    first = normalize_name(columns[0].name)
    header_row, hint = _find_header(head, first)
    if header_row is None:
        where = f"; ditemukan di {hint}, padahal harus di kolom A" if hint else ""
        table.issues.append(
            Issue(
                f"Baris judul kolom tidak ditemukan{where}",
                sheet=table.sheet,
                expected=(
                    f"'{columns[0].name}' di kolom A pada salah satu dari "
                    f"{HEADER_SEARCH_ROWS} baris pertama"
                ),
            )
        )
        return False
    table.header_row = header_row
    _match_columns(table, next(cells for n, cells in head if n == header_row), columns)
    return True


def _fill(table: Table, sheet: SheetRows) -> None:
    """The data rows after the header, up to the first empty row; then column A below it."""
    assert table.header_row is not None
    by_col = {col: name for name, col in table.columns.items()}
    expected_number = table.header_row + 1
    source = iter(r for r in sheet.rows if r[0] > table.header_row)
    follows = False
    for number, cells in source:
        blank = number not in sheet.filled_elsewhere and all(c.is_blank for c in cells)
        if number != expected_number or blank:
            # A row number skipped in the file is an empty row too: the table ends.
            table.stopped_at = expected_number
            if not blank:
                follows = True
                table.below.extend(c for c in cells if c.col == 1 and not c.is_blank)
            break
        table.rows.append(
            Row(
                sheet=table.sheet,
                number=number,
                cells={by_col[c.col]: c for c in cells if c.col in by_col},
                columns=table.columns,
                issues=table.issues,
            )
        )
        expected_number += 1
    for number, cells in source:
        if number in sheet.filled_elsewhere or not all(c.is_blank for c in cells):
            follows = True
            table.below.extend(c for c in cells if c.col == 1 and not c.is_blank)
    if not follows:
        table.stopped_at = None


def _match_columns(table: Table, header: list[Cell], columns: Sequence[ColumnSpec]) -> None:
    wanted = {normalize_name(spec.name): spec for spec in columns}
    for cell in header:
        if not isinstance(cell.value, str):
            continue
        key = normalize_name(cell.value)
        if key not in wanted:
            continue
        if key in table.columns:
            table.issues.append(
                Issue(
                    f"Kolom '{wanted[key].name}' muncul lebih dari sekali "
                    f"({cell_ref(cell.row, table.columns[key])} dan {cell.ref})",
                    sheet=table.sheet,
                    cell=cell.ref,
                    expected="setiap judul kolom hanya satu kali",
                )
            )
            continue
        table.columns[key] = cell.col
    for key, spec in wanted.items():
        if spec.required and key not in table.columns:
            table.issues.append(
                Issue(
                    f"Kolom wajib '{spec.name}' tidak ada pada baris judul "
                    f"(baris {format_count(table.header_row or 0)})",
                    sheet=table.sheet,
                    expected=f"judul kolom '{spec.name}'",
                )
            )


# -- value readers -------------------------------------------------------------


def _usable(row: Row, col: str, cell: Cell, label: str) -> bool:
    """False (with an Issue) for a formula without a result or an error result."""
    if cell.is_formula and not cell.has_cached_value:
        row.add(
            col,
            f"{label} berisi rumus tanpa nilai tersimpan",
            expected=(
                "nilai yang diketik, atau rumus yang hasilnya tersimpan "
                "(buka dan simpan ulang file di Excel)"
            ),
        )
        return False
    if cell.is_error:
        row.add(
            col,
            f"adalah galat rumus pada {label}",
            value=cell_text(cell),
            expected="nilai yang sah",
        )
        return False
    return True


def _within(row: Row, col: str, value: str | None, max_len: int | None) -> str | None:
    """``value`` when it fits the column's stored length; otherwise an Issue and None."""
    if value is None or max_len is None or len(value) <= max_len:
        return value
    row.add(
        col,
        f"{col} terlalu panjang ({format_count(len(value))} karakter)",
        value=value,
        expected=f"paling banyak {format_count(max_len)} karakter",
    )
    return None


def text(row: Row, col: str, *, max_len: int | None = None) -> str | None:
    """The cell's text exactly as typed (numbers as their text), None if empty; an Issue
    when longer than ``max_len``."""
    cell = row.cell(col)
    if cell is None or not _usable(row, col, cell, col):
        return None
    return _within(row, col, cell_text(cell), max_len)


def required_text(
    row: Row, col: str, *, expected: str | None = None, max_len: int | None = None
) -> str | None:
    """The cell's text with surrounding spaces trimmed; an Issue if empty or too long."""
    cell = row.cell(col)
    if cell is None:
        if row.has_column(col):
            row.add(col, f"{col} kosong, padahal wajib diisi", expected=expected)
        return None
    if not _usable(row, col, cell, col):
        return None
    return _within(row, col, cell_text(cell).strip(), max_len)


CODE_MAX: Final = 50
# What NUMERIC(38, 10) holds on PostgreSQL, so SQLite and PostgreSQL store the same figure.
NUMBER_LIMIT: Final = Decimal(10) ** 18
NUMBER_DECIMALS: Final = 10


def code(row: Row, col: str, *, required: bool = True, max_len: int = CODE_MAX) -> str | None:
    """A code cell (trimmed text; a numeric cell 1 gives "1"); an Issue if required and
    empty, or longer than ``max_len``."""
    if required:
        return required_text(row, col, expected=f"kode pada kolom {col}", max_len=max_len)
    value = text(row, col)
    return _within(row, col, value.strip(), max_len) if value is not None else None


def number(
    row: Row,
    col: str,
    *,
    allow_negative: bool,
    required: bool,
    label: str | None = None,
) -> Decimal | None:
    """The cell as a number (FORMATS.md rules), None if empty or wrong (with an Issue).

    Empty is an Issue only when ``required``; below zero is one unless ``allow_negative``.
    """
    label = label or col
    cell = row.cell(col)
    if cell is None:
        if required and row.has_column(col):
            row.add(col, f"{label} kosong, padahal wajib diisi", expected=EXPECTED_NUMBER)
        return None
    if not _usable(row, col, cell, label):
        return None
    if cell.number_format is NumberFormat.DATE:
        row.add(
            col,
            f"adalah tanggal atau waktu, bukan angka; {label} harus berupa angka",
            value=shown_value(cell),
            expected=f"{EXPECTED_NUMBER} (format sel sebagai angka, bukan tanggal)",
        )
        return None
    try:
        value = parse_id_number(cell.value)
    except NumberFormatError as exc:
        row.add(col, exc.reason, value=shown_value(cell), expected=exc.expected)
        return None
    if cell.number_format is NumberFormat.PERCENT:
        value = _plain(value * 100)  # 0,985 shown as 98,5% is read as 98,5
    if abs(value) >= NUMBER_LIMIT or -value.as_tuple().exponent > NUMBER_DECIMALS:  # type: ignore[operator]
        row.add(
            col,
            f"{label} di luar jangkauan yang dapat disimpan",
            value=shown_value(cell),
            expected=f"angka di bawah 10^18 dengan paling banyak {NUMBER_DECIMALS} angka desimal",
        )
        return None
    if value < 0 and not allow_negative:
        row.add(
            col,
            f"di bawah nol; {label} tidak boleh negatif",
            value=shown_value(cell),
            expected="angka 0 atau lebih",
        )
        return None
    return value


def choice(
    row: Row,
    col: str,
    parser: Callable[[str], T],
    *,
    expected: str | None = None,
    required: bool = True,
) -> T | None:
    """The cell's trimmed text passed through ``parser`` (which raises ValueError).

    A parser's failure becomes an Issue carrying its (Indonesian) message.
    """
    raw = required_text(row, col, expected=expected) if required else text(row, col)
    if raw is None:
        return None
    raw = raw.strip()
    try:
        return parser(raw)
    except ValueError as exc:
        row.add(
            col, f"bukan pilihan yang sah untuk {col}", value=raw, expected=expected or str(exc)
        )
        return None


def integer(
    row: Row,
    col: str,
    *,
    minimum: int,
    maximum: int,
    required: bool = True,
    label: str | None = None,
) -> int | None:
    """The cell as a whole number within [minimum, maximum]; an Issue otherwise."""
    label = label or col
    value = number(row, col, allow_negative=True, required=required, label=label)
    if value is None:
        return None
    if value != value.to_integral_value() or not minimum <= value <= maximum:
        cell = row.cell(col)
        row.add(
            col,
            f"tidak sah untuk {label}",
            value=cell_text(cell) if cell is not None else None,
            expected=f"bilangan bulat {minimum}–{maximum}",
        )
        return None
    return int(value)


def below_blank_row(table: Table, plan_codes: Collection[str]) -> tuple[Issue | None, Issue | None]:
    """The blank-row rule of FORMATS.md for a table that ended at an empty row.

    Returns (error, warning): an error naming the first cell of column A below the empty
    row that holds a code of the plan (those rows would be silently left unread); else a
    warning when other text stands there; (None, None) when nothing follows the table.
    """
    if table.stopped_at is None:
        return None, None
    first = next((c for c in table.below if cell_text(c).strip() in plan_codes), None)
    if first is not None:
        kode = cell_text(first).strip()
        return Issue(
            f"Baris {format_count(table.stopped_at)} kosong, padahal di bawahnya masih ada "
            f"kode {kode}; "
            "baris di bawah baris kosong tidak akan terbaca",
            sheet=table.sheet,
            cell=first.ref,
            value=kode,
            expected=f"tidak ada baris kosong di antara baris data (hapus baris {format_count(table.stopped_at)})",
        ), None
    return None, Issue(
        f"Baris {format_count(table.stopped_at)} kosong sehingga pembacaan berhenti; "
        "data di bawah baris kosong itu tidak dibaca",
        sheet=table.sheet,
        cell=f"A{table.stopped_at}",
        expected="tidak ada baris kosong di antara baris data",
    )
