"""The quarterly workbook (Laporan Kinerja Triwulan) of one unit.

Read in two stages: the ``Identitas`` sheet names the unit, year and quarter; the
caller's ``load_context`` then supplies what the plan says about that unit (its
indicators and targets, its budget lines), against which the realizations are checked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from lakip.domain.formatting import format_count
from lakip.domain.indicators import Agregasi, Polaritas
from lakip.domain.periods import MAX_YEAR, MIN_YEAR, parse_quarter
from lakip.domain.quality import anomalies

from .issues import Issue, IssueList, WorkbookRejected
from .numbers import format_id_number
from .tables import (
    ColumnSpec,
    Row,
    Table,
    below_blank_row,
    choice,
    code,
    integer,
    normalize_name,
    number,
    read_tables,
    required_text,
    shown_value,
    text,
)
from .xlsx import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_UNPACKED,
    SheetRows,
    Workbook,
    excel_serial_to_iso,
    open_workbook,
)

S_IDENTITAS: Final = "Identitas"
S_KINERJA: Final = "Realisasi Kinerja"
S_ANGGARAN: Final = "Realisasi Anggaran"

L_KODE_UNIT: Final = "Kode Unit"
L_TAHUN: Final = "Tahun"
L_TRIWULAN: Final = "Triwulan"
L_DISUSUN_OLEH: Final = "Disusun Oleh"
L_TANGGAL: Final = "Tanggal"
IDENTITY_LABELS: Final = (L_KODE_UNIT, L_TAHUN, L_TRIWULAN, L_DISUSUN_OLEH, L_TANGGAL)
_REQUIRED_LABELS: Final = (L_KODE_UNIT, L_TAHUN, L_TRIWULAN)
# Labels are looked for this far down the Identitas sheet (below a title or logo).
_IDENTITY_SEARCH_ROWS: Final = 50

KINERJA_COLUMNS: Final = (
    ColumnSpec("Kode Indikator"),
    ColumnSpec("Indikator", required=False),
    ColumnSpec("Satuan", required=False),
    ColumnSpec("Target TW", required=False),
    ColumnSpec("Realisasi"),
    ColumnSpec("Keterangan", required=False),
    ColumnSpec("Kendala", required=False),
    ColumnSpec("Upaya", required=False),
)
ANGGARAN_COLUMNS: Final = (
    ColumnSpec("Kode"),
    ColumnSpec("Uraian", required=False),
    ColumnSpec("Pagu", required=False),
    ColumnSpec("Realisasi"),
)

# Rows a quarterly sheet may hold in the file, empty-looking ones (a formula filled down
# past the data) included: a unit reports tens of indicators, hundreds at most.
QUARTER_MAX_ROWS: Final = 50_000
# Excel's own limit for the text of one cell: longer notes cannot come from Excel.
NOTE_MAX: Final = 32_767


@dataclass(frozen=True)
class IdentityCells:
    """Where the ``Identitas`` sheet holds each value ("B6"), for messages about them."""

    kode_unit: str = "B1"
    tahun: str = "B2"
    triwulan: str = "B3"


@dataclass(frozen=True)
class QuarterIdentity:
    """Who reports for which quarter, as the ``Identitas`` sheet says.

    ``tanggal`` is the text typed, or an ISO date (YYYY-MM-DD) for a date cell; ``cells``
    says where each value stands, so a loader's error can name its cell.
    """

    kode_unit: str
    tahun: int
    triwulan: int
    disusun_oleh: str | None
    tanggal: str | None
    cells: IdentityCells = field(default_factory=IdentityCells, compare=False)


@dataclass(frozen=True)
class IndicatorContext:
    """What the plan says about one of the unit's indicators for this quarter."""

    kode: str
    nama: str
    satuan: str
    agregasi: Agregasi
    polaritas: Polaritas
    target_tw: Decimal | None
    previous_realisasi: Decimal | None


@dataclass(frozen=True)
class UnitQuarterContext:
    """The plan's view of a unit and quarter, loaded by the caller from the database.

    ``other_indicator_codes`` and ``other_budget_codes`` are the codes of other
    units, so a misplaced row can be told apart from an unknown code.
    """

    kode_unit: str
    nama_unit: str
    tahun: int
    triwulan: int
    indicators: Mapping[str, IndicatorContext]
    other_indicator_codes: frozenset[str]
    budget_lines: Mapping[str, Decimal]
    other_budget_codes: frozenset[str]


@dataclass(frozen=True)
class RealisasiRow:
    """One indicator's realization; ``nilai`` None means not reported (never zero)."""

    kode_indikator: str
    nilai: Decimal | None
    keterangan: str | None
    kendala: str | None
    upaya: str | None
    row: int


@dataclass(frozen=True)
class AnggaranRealisasiRow:
    """One budget line's spending in the quarter (rupiah); None means not reported."""

    kode: str
    nilai: Decimal | None
    row: int


@dataclass
class QuarterReport:
    """A quarterly workbook, read and checked, with the warnings to show and store."""

    identity: QuarterIdentity
    context: UnitQuarterContext
    realisasi: list[RealisasiRow] = field(default_factory=list)
    anggaran: list[AnggaranRealisasiRow] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def _identity_rows(sheet: SheetRows | None, issues: list[Issue]) -> dict[str, Row] | None:
    if sheet is None:
        issues.append(
            Issue(
                f"Sheet '{S_IDENTITAS}' tidak ditemukan",
                expected=f"sheet '{S_IDENTITAS}' berisi {', '.join(_REQUIRED_LABELS)}",
            )
        )
        return None
    wanted = {normalize_name(label): label for label in IDENTITY_LABELS}
    found: dict[str, Row] = {}
    for number_, cells in sheet.rows:
        label_cell = next((c for c in cells if c.col == 1), None)
        if label_cell is None or not isinstance(label_cell.value, str):
            continue
        key = normalize_name(label_cell.value).rstrip(":").strip()
        if key not in wanted or wanted[key] in found:
            continue
        value_cell = next((c for c in cells if c.col == 2), None)
        found[wanted[key]] = Row(
            sheet=sheet.name,
            number=number_,
            cells={} if value_cell is None else {key: value_cell},
            columns={key: 2},
            issues=issues,
        )
    return found


def _read_identity(
    wb: Workbook, sheet: SheetRows | None, issues: list[Issue]
) -> QuarterIdentity | None:
    rows = _identity_rows(sheet, issues)
    if rows is None:
        return None

    def get(label: str) -> Row | None:
        return rows.get(label)

    kode_row, tahun_row, tw_row = get(L_KODE_UNIT), get(L_TAHUN), get(L_TRIWULAN)
    kode = (
        required_text(kode_row, L_KODE_UNIT, expected="kode unit sesuai dokumen perencanaan")
        if kode_row
        else None
    )
    tahun = integer(tahun_row, L_TAHUN, minimum=MIN_YEAR, maximum=MAX_YEAR) if tahun_row else None
    triwulan = (
        choice(tw_row, L_TRIWULAN, parse_quarter, expected="I, II, III atau IV (atau 1–4)")
        if tw_row
        else None
    )
    by_row = get(L_DISUSUN_OLEH)
    disusun_oleh = text(by_row, L_DISUSUN_OLEH, max_len=200) if by_row else None
    tanggal: str | None = None
    date_row = get(L_TANGGAL)
    cell = date_row.cell(L_TANGGAL) if date_row else None
    if cell is not None and date_row is not None:
        if isinstance(cell.value, Decimal):
            tanggal = excel_serial_to_iso(cell.value, date1904=wb.date1904) or shown_value(cell)
        else:
            tanggal = (text(date_row, L_TANGGAL, max_len=40) or "").strip() or None
    for label in _REQUIRED_LABELS:
        if label not in rows:
            issues.append(
                Issue(
                    f"Label '{label}' tidak ditemukan di kolom A",
                    sheet=wb.sheet_name(S_IDENTITAS),
                    expected=f"baris berlabel '{label}' di kolom A dengan nilainya di kolom B",
                )
            )
    if kode is None or tahun is None or triwulan is None:
        return None
    assert kode_row is not None and tahun_row is not None and tw_row is not None
    return QuarterIdentity(
        kode,
        tahun,
        triwulan,
        disusun_oleh.strip() if disusun_oleh else None,
        tanggal,
        cells=IdentityCells(
            kode_row.ref(L_KODE_UNIT), tahun_row.ref(L_TAHUN), tw_row.ref(L_TRIWULAN)
        ),
    )


@dataclass
class _Entry:
    """A row read before the context is known."""

    row: Row
    kode: str
    nilai: Decimal | None
    empty: bool
    keterangan: str | None = None
    kendala: str | None = None
    upaya: str | None = None


def _read_entries(table: Table, code_col: str, what: str) -> list[_Entry]:
    entries: list[_Entry] = []
    first_row: dict[str, int] = {}
    for row in table.rows:
        kode = code(row, code_col)
        empty = row.cell("Realisasi") is None
        nilai = number(row, "Realisasi", allow_negative=False, required=False)
        # Free text is kept exactly as typed (only the budget sheet lacks these columns).
        notes = [text(row, col, max_len=NOTE_MAX) for col in ("Keterangan", "Kendala", "Upaya")]
        if kode is None:
            continue
        first = first_row.setdefault(kode, row.number)
        if first != row.number:
            row.add(
                code_col,
                f"{what} '{kode}' muncul lebih dari sekali (baris {format_count(first)} dan baris {format_count(row.number)})",
                expected="setiap kode paling banyak satu kali",
            )
            continue
        entries.append(_Entry(row, kode, nilai, empty, *notes))
    return entries


def _not_reported(row: Row, kode: str) -> Issue:
    return row.issue(
        "Realisasi",
        f"Realisasi {kode} belum dilaporkan (sel kosong); dicatat sebagai belum ada data, "
        "bukan nol",
    )


def _check_code(
    row: Row,
    col: str,
    kode: str,
    own: Mapping[str, object],
    others: frozenset[str],
    ctx: UnitQuarterContext,
    what: str,
) -> bool:
    if kode in own:
        return True
    if kode in others:
        row.add(
            col,
            f"adalah {what} milik unit lain, bukan milik unit {ctx.kode_unit}",
            value=kode,
            expected=f"hanya {what} unit {ctx.kode_unit}",
        )
    else:
        row.add(
            col,
            f"tidak ada dalam dokumen perencanaan unit {ctx.kode_unit} tahun {ctx.tahun}",
            value=kode,
            expected=f"kode {what} dari dokumen perencanaan",
        )
    return False


def _kinerja(
    table: Table, entries: list[_Entry], ctx: UnitQuarterContext, report: QuarterReport
) -> None:
    for entry in entries:
        row = entry.row
        if not _check_code(
            row,
            "Kode Indikator",
            entry.kode,
            ctx.indicators,
            ctx.other_indicator_codes,
            ctx,
            "indikator",
        ):
            continue
        indicator = ctx.indicators[entry.kode]
        report.realisasi.append(
            RealisasiRow(
                entry.kode,
                entry.nilai,
                entry.keterangan,
                entry.kendala,
                entry.upaya,
                row.number,
            )
        )
        if entry.empty:
            report.warnings.append(_not_reported(row, entry.kode))
            continue
        if entry.nilai is None:
            continue
        for anomaly in anomalies(
            indicator.agregasi, indicator.target_tw, entry.nilai, indicator.previous_realisasi
        ):
            report.warnings.append(row.issue("Realisasi", f"{entry.kode}: {anomaly.pesan}"))
    present = {entry.kode for entry in entries}
    for kode, indicator in ctx.indicators.items():
        if kode not in present:
            report.warnings.append(
                Issue(
                    f"Indikator {kode} ({indicator.nama}) tidak ada di sheet; "
                    "dicatat sebagai belum dilaporkan",
                    sheet=table.sheet,
                    expected="satu baris untuk setiap indikator unit",
                )
            )


def _anggaran(
    table: Table | None, entries: list[_Entry], ctx: UnitQuarterContext, report: QuarterReport
) -> None:
    for entry in entries:
        row = entry.row
        if not _check_code(
            row, "Kode", entry.kode, ctx.budget_lines, ctx.other_budget_codes, ctx, "anggaran"
        ):
            continue
        report.anggaran.append(AnggaranRealisasiRow(entry.kode, entry.nilai, row.number))
        pagu = ctx.budget_lines[entry.kode]
        if entry.empty:
            report.warnings.append(_not_reported(row, entry.kode))
        elif entry.nilai is not None and entry.nilai > pagu:
            report.warnings.append(
                row.issue(
                    "Realisasi",
                    f"Realisasi anggaran {entry.kode} dalam triwulan ini "
                    f"(Rp {format_id_number(entry.nilai)}) melebihi pagu "
                    f"(Rp {format_id_number(pagu)}); periksa kembali",
                )
            )
    if not ctx.budget_lines:
        return
    if table is None:
        report.warnings.append(
            Issue(
                f"Sheet '{S_ANGGARAN}' tidak ada; realisasi anggaran triwulan ini dicatat "
                "sebagai belum dilaporkan"
            )
        )
        return
    present = {entry.kode for entry in entries}
    for kode in ctx.budget_lines:
        if kode not in present:
            report.warnings.append(
                Issue(
                    f"Baris anggaran {kode} tidak ada di sheet; dicatat sebagai belum dilaporkan",
                    sheet=table.sheet,
                    expected="satu baris untuk setiap baris anggaran unit",
                )
            )


def parse_quarter_workbook(
    data: bytes,
    load_context: Callable[[QuarterIdentity], UnitQuarterContext],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_unpacked: int = DEFAULT_MAX_UNPACKED,
) -> QuarterReport:
    """Read and check a unit's quarterly workbook.

    ``load_context`` is called once with the identity read from ``Identitas`` and
    may itself raise WorkbookRejected (unknown unit, a year without targets).
    Returns the report with its warnings; raises WorkbookRejected listing every
    error found, including the loader's.
    """
    errors = IssueList()
    with open_workbook(data, max_bytes=max_bytes, max_unpacked=max_unpacked) as wb:
        specs: dict[str, Sequence[ColumnSpec]] = {S_KINERJA: KINERJA_COLUMNS}
        if wb.has_sheet(S_ANGGARAN):
            specs[S_ANGGARAN] = ANGGARAN_COLUMNS
        tables, labelled = read_tables(
            wb,
            specs,
            max_rows=QUARTER_MAX_ROWS,
            heads={S_IDENTITAS: (_IDENTITY_SEARCH_ROWS, frozenset({1, 2}))},
        )
        identity = _read_identity(wb, labelled.get(S_IDENTITAS), errors)
    kinerja = tables[S_KINERJA]
    anggaran = tables.get(S_ANGGARAN)
    kinerja_entries = _read_entries(kinerja, "Kode Indikator", "Kode Indikator")
    anggaran_entries = _read_entries(anggaran, "Kode", "Kode anggaran") if anggaran else []
    context: UnitQuarterContext | None = None
    if identity is not None:
        try:
            context = load_context(identity)
        except WorkbookRejected as exc:
            errors.extend(exc.errors)
    if identity is None or context is None:
        for table in tables.values():
            errors.extend(table.issues)
        raise WorkbookRejected(errors)
    report = QuarterReport(identity, context)
    _kinerja(kinerja, kinerja_entries, context, report)
    _anggaran(anggaran, anggaran_entries, context, report)
    plan_codes = {
        *context.indicators,
        *context.other_indicator_codes,
        *context.budget_lines,
        *context.other_budget_codes,
    }
    for table in tables.values():
        errors.extend(table.issues)
        error, warning = below_blank_row(table, plan_codes)
        if error is not None:
            errors.append(error)
        if warning is not None:
            report.warnings.append(warning)
    if errors:
        raise WorkbookRejected(errors)
    return report
