"""Reading a sheet as a table by header names, and reading its values into Issues.

The header row is the first of the sheet's first 10 rows whose column A holds the
sheet's first column name; columns are then found by name in any order. The value
readers (``text``, ``required_text``, ``code``, ``number``, ``choice``) never raise:
they append an Issue to the table's list and return None.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain, islice
from typing import Final, TypeVar

from .issues import Issue
from .numbers import EXPECTED_NUMBER, NumberFormatError, format_id_number, parse_id_number
from .xlsx import Cell, Workbook, cell_ref

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
    """A cell's value for a message: numbers in Indonesian notation ("1.234,5")."""
    if isinstance(cell.value, Decimal):
        return format_id_number(cell.value.normalize() if cell.value else cell.value)
    return cell_text(cell)


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
    required column) and every error the value readers found. ``stopped_at`` is
    the empty row that ended the table when more data follows it (rows after it
    are not read, as FORMATS.md says; the caller may warn).
    """

    sheet: str
    header_row: int | None = None
    columns: dict[str, int] = field(default_factory=dict)
    rows: list[Row] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    stopped_at: int | None = None

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


def read_table(wb: Workbook, sheet: str, columns: Sequence[ColumnSpec]) -> Table:
    """Read a sheet as a table of the given columns (the first one anchors the header).

    Never raises for content: problems are in ``Table.issues``. Raises
    WorkbookRejected only if the file itself is damaged.
    """
    actual = wb.sheet_name(sheet)
    table = Table(sheet=actual or sheet)
    if actual is None:
        present = ", ".join(wb.sheet_names) or "-"
        table.issues.append(
            Issue(
                f"Sheet '{sheet}' tidak ditemukan (sheet yang ada: {present})",
                expected=f"sheet bernama '{sheet}'",
            )
        )
        return table
    first = normalize_name(columns[0].name)
    rows = wb.iter_numbered_rows(actual)
    head: list[tuple[int, list[Cell]]] = []
    for item in rows:
        head.append(item)
        if item[0] >= HEADER_SEARCH_ROWS:
            break
    header_row, hint = _find_header([h for h in head if h[0] <= HEADER_SEARCH_ROWS], first)
    if header_row is None:
        where = f"; ditemukan di {hint}, padahal harus di kolom A" if hint else ""
        table.issues.append(
            Issue(
                f"Baris judul kolom tidak ditemukan{where}",
                sheet=actual,
                expected=(
                    f"'{columns[0].name}' di kolom A pada salah satu dari "
                    f"{HEADER_SEARCH_ROWS} baris pertama"
                ),
            )
        )
        return table
    table.header_row = header_row
    _match_columns(table, next(cells for n, cells in head if n == header_row), columns)
    by_col = {col: name for name, col in table.columns.items()}
    source = chain((h for h in head if h[0] > header_row), rows)
    expected_number = header_row + 1
    for number, cells in source:
        blank = all(cell.is_blank for cell in cells)
        if number != expected_number or blank:
            # A row number skipped in the file is an empty row too: the table ends.
            if not blank or _any_data_after(source):
                table.stopped_at = expected_number
            break
        table.rows.append(
            Row(
                sheet=actual,
                number=number,
                cells={by_col[c.col]: c for c in cells if c.col in by_col},
                columns=table.columns,
                issues=table.issues,
            )
        )
        expected_number += 1
    return table


# How many stored rows past the end of a table are searched for stray data: enough for
# a forgotten empty row, without parsing a huge sheet to its end just to warn.
_LOOK_AHEAD_ROWS: Final = 1000


def _any_data_after(rows: Iterator[tuple[int, list[Cell]]]) -> bool:
    for _number, cells in islice(rows, _LOOK_AHEAD_ROWS):
        if any(not cell.is_blank for cell in cells):
            return True
    return False


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
                    f"(baris {table.header_row})",
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
        f"{col} terlalu panjang ({len(value)} karakter)",
        value=value,
        expected=f"paling banyak {max_len} karakter",
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
    try:
        value = parse_id_number(cell.value)
    except NumberFormatError as exc:
        row.add(col, exc.reason, value=shown_value(cell), expected=exc.expected)
        return None
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


def stopped_warning(table: Table) -> Issue | None:
    """A warning when an empty row ended the table while data follows it."""
    if table.stopped_at is None:
        return None
    return Issue(
        f"Baris {table.stopped_at} kosong sehingga pembacaan berhenti; "
        "data di bawah baris kosong itu tidak dibaca",
        sheet=table.sheet,
        cell=f"A{table.stopped_at}",
        expected="tidak ada baris kosong di antara baris data",
    )
