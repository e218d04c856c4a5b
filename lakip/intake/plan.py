"""The planning workbook (Dokumen Perencanaan): units, objectives, indicators, targets, budget.

``parse_plan`` reads whichever of the six sheets the workbook has, checks every
value and every code it names (against the workbook and the codes already stored),
and either returns the whole plan or raises WorkbookRejected listing every error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from lakip.domain.aggregation import quarterly_targets_mismatch
from lakip.domain.formatting import format_count
from lakip.domain.indicators import (
    Agregasi,
    JenisIndikator,
    Polaritas,
    parse_agregasi,
    parse_jenis_indikator,
    parse_polaritas,
)
from lakip.domain.periods import MAX_YEAR, MIN_YEAR, QUARTERS, quarter_short

from .issues import Issue, IssueList, WorkbookRejected
from .numbers import format_id_number
from .tables import (
    ColumnSpec,
    Row,
    Table,
    below_blank_row,
    cell_text,
    choice,
    code,
    integer,
    number,
    read_tables,
    required_text,
    text,
)
from .xlsx import DEFAULT_MAX_BYTES, DEFAULT_MAX_UNPACKED, Workbook, open_workbook

# Rows a planning sheet may hold in the file: a kabupaten's plan of 1,500 indicators over
# five years is 7,500 target rows.
PLAN_MAX_ROWS: Final = 50_000

UNIT_JENIS: Final = ("Sekretariat", "Subbagian", "Bidang", "Seksi", "OPD", "Instansi")
TINGKAT: Final = ("Program", "Kegiatan", "Sub Kegiatan")

S_UNIT: Final = "Unit"
S_SASARAN: Final = "Sasaran"
S_INDIKATOR: Final = "Indikator"
S_TARGET: Final = "Target"
S_RENCANA_AKSI: Final = "Rencana Aksi"
S_ANGGARAN: Final = "Anggaran"
PLAN_SHEETS: Final = (S_UNIT, S_SASARAN, S_INDIKATOR, S_TARGET, S_RENCANA_AKSI, S_ANGGARAN)

TW_COLUMNS: Final = tuple(quarter_short(q) for q in QUARTERS)  # "TW I" … "TW IV"

COLUMNS: Final[dict[str, tuple[ColumnSpec, ...]]] = {
    S_UNIT: (
        ColumnSpec("Kode"),
        ColumnSpec("Nama"),
        ColumnSpec("Jenis"),
        ColumnSpec("Induk", required=False),
    ),
    S_SASARAN: (
        ColumnSpec("Kode"),
        ColumnSpec("Sasaran Strategis"),
        ColumnSpec("Tujuan", required=False),
    ),
    S_INDIKATOR: (
        ColumnSpec("Kode"),
        ColumnSpec("Indikator"),
        ColumnSpec("Kode Sasaran"),
        ColumnSpec("Satuan"),
        ColumnSpec("Polaritas"),
        ColumnSpec("Agregasi"),
        ColumnSpec("Kode Unit"),
        ColumnSpec("Jenis", required=False),
        ColumnSpec("Baseline", required=False),
        ColumnSpec("Target Akhir Renstra", required=False),
        ColumnSpec("Standar Nasional", required=False),
        ColumnSpec("Definisi Operasional", required=False),
        ColumnSpec("Sumber Data", required=False),
    ),
    S_TARGET: (ColumnSpec("Kode Indikator"), ColumnSpec("Tahun"), ColumnSpec("Target")),
    S_RENCANA_AKSI: (
        ColumnSpec("Kode Indikator"),
        ColumnSpec("Tahun"),
        *(ColumnSpec(tw) for tw in TW_COLUMNS),
    ),
    S_ANGGARAN: (
        ColumnSpec("Kode"),
        ColumnSpec("Uraian"),
        ColumnSpec("Tingkat"),
        ColumnSpec("Kode Induk", required=False),
        ColumnSpec("Kode Sasaran", required=False),
        ColumnSpec("Kode Unit"),
        ColumnSpec("Tahun"),
        ColumnSpec("Pagu"),
    ),
}


@dataclass(frozen=True)
class KnownCodes:
    """Codes already in the database, which a workbook may name without defining."""

    units: frozenset[str] = frozenset()
    sasaran: frozenset[str] = frozenset()
    indikator: frozenset[str] = frozenset()
    anggaran: frozenset[tuple[str, int]] = frozenset()


@dataclass(frozen=True)
class UnitRow:
    """A unit (Sekretariat, Bidang, …); ``jenis`` is one of UNIT_JENIS as spelled there."""

    kode: str
    nama: str
    jenis: str
    induk: str | None


@dataclass(frozen=True)
class SasaranRow:
    """A strategic objective (sasaran strategis)."""

    kode: str
    nama: str
    tujuan: str | None


@dataclass(frozen=True)
class IndikatorRow:
    """A performance indicator and its attributes."""

    kode: str
    nama: str
    kode_sasaran: str
    satuan: str
    polaritas: Polaritas
    agregasi: Agregasi
    kode_unit: str
    jenis: JenisIndikator
    baseline: Decimal | None
    target_akhir: Decimal | None
    standar_nasional: Decimal | None
    definisi_operasional: str | None
    sumber_data: str | None


@dataclass(frozen=True)
class TargetRow:
    """The PK's annual target of an indicator."""

    kode_indikator: str
    tahun: int
    target: Decimal


@dataclass(frozen=True)
class RencanaAksiRow:
    """The Rencana Aksi's four quarterly targets of an indicator."""

    kode_indikator: str
    tahun: int
    tw: tuple[Decimal, Decimal, Decimal, Decimal]


@dataclass(frozen=True)
class AnggaranRow:
    """A budget line (program, kegiatan or sub kegiatan) of a year."""

    kode: str
    uraian: str
    tingkat: str
    kode_induk: str | None
    kode_sasaran: str | None
    kode_unit: str
    tahun: int
    pagu: Decimal


@dataclass
class PlanDocument:
    """A planning workbook, read and checked; ``sheets`` names the sheets it had."""

    sheets: list[str] = field(default_factory=list)
    units: list[UnitRow] = field(default_factory=list)
    sasaran: list[SasaranRow] = field(default_factory=list)
    indikator: list[IndikatorRow] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    rencana_aksi: list[RencanaAksiRow] = field(default_factory=list)
    anggaran: list[AnggaranRow] = field(default_factory=list)
    warnings: list[Issue] = field(default_factory=list)


def _word_key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _word_parser(words: Iterable[str], what: str) -> Callable[[str], str]:
    allowed = {_word_key(w): w for w in words}

    def parse(text: str) -> str:
        try:
            return allowed[_word_key(text)]
        except KeyError:
            raise ValueError(f"{what} tidak dikenal: '{text}'") from None

    return parse


def _one_of(words: Iterable[str]) -> str:
    quoted = [f"'{w}'" for w in words]
    return "salah satu dari " + ", ".join(quoted[:-1]) + " atau " + quoted[-1]


def _peek(row: Row, col: str) -> str | None:
    """A code cell's trimmed text without recording anything (for cross-references)."""
    cell = row.cell(col)
    if cell is None or cell.is_error or (cell.is_formula and not cell.has_cached_value):
        return None
    return cell_text(cell).strip() or None


def _peek_year(row: Row, col: str) -> int | None:
    raw = _peek(row, col)
    try:
        return int(raw.replace(".", "")) if raw is not None else None
    except ValueError:
        return None


class _PlanReader:
    """Holds the sheets of one workbook while its rows are checked."""

    def __init__(self, wb: Workbook, known: KnownCodes) -> None:
        self.known = known
        present = {sheet: COLUMNS[sheet] for sheet in PLAN_SHEETS if wb.has_sheet(sheet)}
        self.tables: dict[str, Table] = read_tables(wb, present, max_rows=PLAN_MAX_ROWS)[0]
        self.doc = PlanDocument(sheets=[self.tables[s].sheet for s in self.tables])
        # Codes the workbook defines, gathered first so rows may name later rows.
        self.unit_codes = self._codes(S_UNIT, "Kode")
        self.sasaran_codes = self._codes(S_SASARAN, "Kode")
        self.indikator_codes = self._codes(S_INDIKATOR, "Kode")
        self.anggaran_keys = {
            (k, y)
            for row in self._rows(S_ANGGARAN)
            if (k := _peek(row, "Kode")) is not None and (y := _peek_year(row, "Tahun")) is not None
        }

    def _rows(self, sheet: str) -> list[Row]:
        table = self.tables.get(sheet)
        return table.rows if table is not None else []

    def _codes(self, sheet: str, col: str) -> set[str]:
        return {k for row in self._rows(sheet) if (k := _peek(row, col)) is not None}

    # -- checks shared by sheets ---------------------------------------------

    @staticmethod
    def _unique(seen: dict[object, int], key: object, row: Row, col: str, what: str) -> bool:
        first = seen.setdefault(key, row.number)
        if first == row.number:
            return True
        row.add(
            col,
            f"{what} muncul lebih dari sekali (baris {format_count(first)} dan baris {format_count(row.number)})",
            expected="setiap kode hanya satu kali",
        )
        return False

    @staticmethod
    def _exists(
        row: Row, col: str, value: str | None, defined: set[str], known: frozenset[str], sheet: str
    ) -> bool:
        if value is None or value in defined or value in known:
            return True
        row.add(
            col,
            f"tidak ada di sheet {sheet} maupun di data yang sudah tersimpan",
            value=value,
            expected=f"kode yang terdaftar di sheet {sheet}",
        )
        return False

    def _year(self, row: Row) -> int | None:
        return integer(row, "Tahun", minimum=MIN_YEAR, maximum=MAX_YEAR)

    # -- sheets ----------------------------------------------------------------

    def units(self) -> None:
        parse_jenis = _word_parser(UNIT_JENIS, "Jenis unit")
        seen: dict[object, int] = {}
        parents: dict[str, tuple[str, Row]] = {}
        for row in self._rows(S_UNIT):
            kode = code(row, "Kode")
            nama = required_text(row, "Nama", max_len=200)
            jenis = choice(row, "Jenis", parse_jenis, expected=_one_of(UNIT_JENIS))
            induk = code(row, "Induk", required=False)
            ok = kode is not None and self._unique(seen, kode, row, "Kode", f"Kode unit '{kode}'")
            if induk is not None and induk == kode:
                row.add(
                    "Induk",
                    "tidak boleh unit itu sendiri",
                    value=induk,
                    expected="kode unit induknya",
                )
                ok = False
            elif not self._exists(row, "Induk", induk, self.unit_codes, self.known.units, S_UNIT):
                ok = False
            if ok and kode and nama and jenis:
                self.doc.units.append(UnitRow(kode, nama, jenis, induk))
                if induk is not None:
                    parents[kode] = (induk, row)
        self._check_cycles(parents)

    @staticmethod
    def _check_cycles(parents: dict[str, tuple[str, Row]]) -> None:
        reported: set[str] = set()
        for start in parents:
            path: list[str] = []
            node: str | None = start
            while node is not None and node in parents and node not in path:
                path.append(node)
                node = parents[node][0]
            if node is not None and node in path and node not in reported:
                cycle = path[path.index(node) :]
                reported.update(cycle)
                induk, row = parents[node]
                row.add(
                    "Induk",
                    "membentuk lingkaran induk (" + " → ".join([*cycle, node]) + ")",
                    value=induk,
                    expected="susunan unit bertingkat tanpa lingkaran",
                )

    def sasaran(self) -> None:
        seen: dict[object, int] = {}
        for row in self._rows(S_SASARAN):
            kode = code(row, "Kode")
            nama = required_text(row, "Sasaran Strategis")
            tujuan = text(row, "Tujuan")
            ok = kode is not None and self._unique(
                seen, kode, row, "Kode", f"Kode sasaran '{kode}'"
            )
            if ok and kode and nama:
                self.doc.sasaran.append(SasaranRow(kode, nama, tujuan))

    def indikator(self) -> None:
        seen: dict[object, int] = {}
        for row in self._rows(S_INDIKATOR):
            kode = code(row, "Kode")
            nama = required_text(row, "Indikator")
            kode_sasaran = code(row, "Kode Sasaran")
            satuan = required_text(row, "Satuan", max_len=50)
            polaritas = choice(
                row, "Polaritas", parse_polaritas, expected="'Positif' atau 'Negatif'"
            )
            agregasi = choice(
                row, "Agregasi", parse_agregasi, expected="'Kumulatif', 'Terakhir' atau 'Rata-rata'"
            )
            kode_unit = code(row, "Kode Unit")
            jenis = choice(
                row, "Jenis", parse_jenis_indikator, expected="'IKU' atau 'IKK'", required=False
            )
            values = [
                number(row, col, allow_negative=False, required=False)
                for col in ("Baseline", "Target Akhir Renstra", "Standar Nasional")
            ]
            definisi = text(row, "Definisi Operasional")
            sumber = text(row, "Sumber Data")
            ok = kode is not None and self._unique(
                seen, kode, row, "Kode", f"Kode indikator '{kode}'"
            )
            ok &= self._exists(
                row, "Kode Sasaran", kode_sasaran, self.sasaran_codes, self.known.sasaran, S_SASARAN
            )
            ok &= self._exists(
                row, "Kode Unit", kode_unit, self.unit_codes, self.known.units, S_UNIT
            )
            if (
                ok
                and kode
                and nama
                and kode_sasaran
                and satuan
                and polaritas
                and agregasi
                and kode_unit
            ):
                self.doc.indikator.append(
                    IndikatorRow(
                        kode,
                        nama,
                        kode_sasaran,
                        satuan,
                        polaritas,
                        agregasi,
                        kode_unit,
                        jenis or JenisIndikator.IKU,
                        values[0],
                        values[1],
                        values[2],
                        definisi,
                        sumber,
                    )
                )

    def _indicator_year(
        self, row: Row, seen: dict[object, int]
    ) -> tuple[str | None, int | None, bool]:
        kode = code(row, "Kode Indikator")
        tahun = self._year(row)
        ok = self._exists(
            row, "Kode Indikator", kode, self.indikator_codes, self.known.indikator, S_INDIKATOR
        )
        if kode is not None and tahun is not None:
            ok &= self._unique(
                seen,
                (kode, tahun),
                row,
                "Kode Indikator",
                f"Kode Indikator '{kode}' tahun {tahun}",
            )
        return kode, tahun, ok

    def targets(self) -> None:
        seen: dict[object, int] = {}
        for row in self._rows(S_TARGET):
            kode, tahun, ok = self._indicator_year(row, seen)
            target = number(row, "Target", allow_negative=False, required=True)
            if ok and kode and tahun is not None and target is not None:
                self.doc.targets.append(TargetRow(kode, tahun, target))

    def rencana_aksi(self) -> None:
        seen: dict[object, int] = {}
        rows: list[tuple[RencanaAksiRow, Row]] = []
        for row in self._rows(S_RENCANA_AKSI):
            kode, tahun, ok = self._indicator_year(row, seen)
            tw = [number(row, col, allow_negative=False, required=True) for col in TW_COLUMNS]
            if ok and kode and tahun is not None:
                a, b, c, d = tw
                if a is not None and b is not None and c is not None and d is not None:
                    item = RencanaAksiRow(kode, tahun, (a, b, c, d))
                    self.doc.rencana_aksi.append(item)
                    rows.append((item, row))
        self._warn_cumulative_sums(rows)

    def _warn_cumulative_sums(self, rows: list[tuple[RencanaAksiRow, Row]]) -> None:
        agregasi = {i.kode: i.agregasi for i in self.doc.indikator}
        annual = {(t.kode_indikator, t.tahun): t.target for t in self.doc.targets}
        for item, row in rows:
            target = annual.get((item.kode_indikator, item.tahun))
            kind = agregasi.get(item.kode_indikator)
            if kind is None:
                continue
            difference = quarterly_targets_mismatch(
                kind, dict(zip(QUARTERS, item.tw, strict=True)), target
            )
            if difference is not None and target is not None:
                total = target + difference
                self.doc.warnings.append(
                    row.issue(
                        "Kode Indikator",
                        f"Jumlah target TW I–IV indikator kumulatif {item.kode_indikator} "
                        f"tahun {item.tahun} ({format_id_number(total)}) tidak sama dengan "
                        f"target tahunan di sheet Target ({format_id_number(target)})",
                        expected="jumlah empat target triwulan sama dengan target tahunan",
                    )
                )

    def anggaran(self) -> None:
        parse_tingkat = _word_parser(TINGKAT, "Tingkat")
        seen: dict[object, int] = {}
        for row in self._rows(S_ANGGARAN):
            kode = code(row, "Kode", max_len=60)
            uraian = required_text(row, "Uraian")
            tingkat = choice(row, "Tingkat", parse_tingkat, expected=_one_of(TINGKAT))
            induk = code(row, "Kode Induk", required=False, max_len=60)
            kode_sasaran = code(row, "Kode Sasaran", required=False)
            kode_unit = code(row, "Kode Unit")
            tahun = self._year(row)
            pagu = number(row, "Pagu", allow_negative=False, required=True)
            ok = True
            if kode is not None and tahun is not None:
                ok = self._unique(
                    seen, (kode, tahun), row, "Kode", f"Kode anggaran '{kode}' tahun {tahun}"
                )
            if induk is not None and induk == kode:
                row.add(
                    "Kode Induk",
                    "tidak boleh baris anggaran itu sendiri",
                    value=induk,
                    expected="kode program/kegiatan induknya",
                )
                ok = False
            elif (
                induk is not None
                and tahun is not None
                and not (
                    (induk, tahun) in self.anggaran_keys or (induk, tahun) in self.known.anggaran
                )
            ):
                row.add(
                    "Kode Induk",
                    f"tidak ada di sheet Anggaran tahun {tahun} maupun di data yang sudah tersimpan",
                    value=induk,
                    expected=f"kode program/kegiatan tahun {tahun} yang terdaftar",
                )
                ok = False
            ok &= self._exists(
                row, "Kode Sasaran", kode_sasaran, self.sasaran_codes, self.known.sasaran, S_SASARAN
            )
            ok &= self._exists(
                row, "Kode Unit", kode_unit, self.unit_codes, self.known.units, S_UNIT
            )
            if (
                ok
                and kode
                and uraian
                and tingkat
                and kode_unit
                and tahun is not None
                and pagu is not None
            ):
                self.doc.anggaran.append(
                    AnggaranRow(kode, uraian, tingkat, induk, kode_sasaran, kode_unit, tahun, pagu)
                )

    def plan_codes(self) -> set[str]:
        """Every code of the plan, in the workbook or already stored (the blank-row rule)."""
        known = self.known
        return {
            *self.unit_codes,
            *self.sasaran_codes,
            *self.indikator_codes,
            *(k for k, _y in self.anggaran_keys),
            *known.units,
            *known.sasaran,
            *known.indikator,
            *(k for k, _y in known.anggaran),
        }

    def errors(self) -> IssueList:
        found = IssueList()
        for table in self.tables.values():
            found.extend(table.issues)
        return found


def parse_plan(
    data: bytes,
    known: KnownCodes,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_unpacked: int = DEFAULT_MAX_UNPACKED,
) -> PlanDocument:
    """Read and check a planning workbook.

    Returns the plan with its warnings. Raises WorkbookRejected listing every error
    (of every sheet) if there is any, or if the file is not a safe, readable xlsx.
    """
    with open_workbook(data, max_bytes=max_bytes, max_unpacked=max_unpacked) as wb:
        reader = _PlanReader(wb, known)
        if not reader.tables:
            raise WorkbookRejected(
                [
                    Issue(
                        "File tidak berisi satu pun sheet dokumen perencanaan "
                        f"(sheet yang ada: {', '.join(wb.sheet_names) or '-'})",
                        expected="sheet " + _one_of(PLAN_SHEETS),
                    )
                ]
            )
        reader.units()
        reader.sasaran()
        reader.indikator()
        reader.targets()
        reader.rencana_aksi()
        reader.anggaran()
    errors = reader.errors()
    codes = reader.plan_codes()
    doc = reader.doc
    for table in reader.tables.values():
        error, warning = below_blank_row(table, codes)
        if error is not None:
            errors.append(error)
        if warning is not None:
            doc.warnings.append(warning)
    if errors:
        raise WorkbookRejected(errors)
    return doc
