"""A quarterly workbook saved by LibreOffice Calc is accepted with exactly the figures it shows.

The prefilled template is downloaded through the service and filled with openpyxl the way a
user fills it in Excel: percents typed as ``98,5%`` (stored 0.985, formatted ``0.0%``), plain
numbers, a Keterangan formula filled down to row 20005, merged title cells, hidden data rows.
LibreOffice then saves it again (``soffice --convert-to xlsx``; also through ``.ods`` and back),
which recomputes the formulas and stores their results as cached values (an empty string
below the data), and writes its own styles and number-format codes. That file is uploaded
through ``submit_quarter`` and read back from the database and the achievements service.

LibreOffice comes from the Debian package ``libreoffice-calc-nogui`` (``scripts/test``
installs it); ``LAKIP_SOFFICE`` names another binary. Without it the tests are skipped, or
fail when ``LAKIP_REQUIRE_SERVICES=1`` (CI).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import openpyxl
import pytest

from lakip.services.access import SISTEM
from lakip.services.achievement import compute_capaian
from lakip.services.planning import import_plan
from lakip.services.runtime import Runtime
from lakip.services.submissions import submit_quarter
from lakip.services.templates import template_for
from lakip.store.queries import counting_realizations
from tests.fixtures.plans import INDIKATOR, RENCANA_AKSI, SHEETS, TARGET, workbook

pytestmark = pytest.mark.slow

REQUIRE = os.environ.get("LAKIP_REQUIRE_SERVICES") == "1"
CONVERT_TIMEOUT = 180  # the first start of a fresh profile can take ~20 s
LAST_FORMULA_ROW = 20005
SHEET = "Realisasi Kinerja"
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}

# The small plan with more indicators for unit BID-A, so that several kinds of cell occur.
PLAN_SHEETS = {
    **SHEETS,
    "Indikator": [
        *INDIKATOR,
        ["IKU-06", "Persentase layanan tepat waktu", "SS-02", "%", "Positif", "Terakhir", "BID-A"],
        ["IKU-07", "Persentase pengaduan selesai", "SS-02", "%", "Positif", "Rata-rata", "BID-A"],
        ["IKU-08", "Jumlah inovasi layanan", "SS-02", "inovasi", "Positif", "Kumulatif", "BID-A"],
        ["IKU-09", "Jumlah pemohon dilayani", "SS-01", "orang", "Positif", "Kumulatif", "BID-A"],
        ["IKU-10", "Persentase keluhan berulang", "SS-02", "%", "Negatif", "Terakhir", "BID-A"],
    ],
    "Target": [
        *TARGET,
        ["IKU-06", 2025, 80],
        ["IKU-07", 2025, 40],
        ["IKU-08", 2025, 4],
        ["IKU-09", 2025, 5000],
        ["IKU-10", 2025, 10],
    ],
    "Rencana Aksi": [
        *RENCANA_AKSI,
        ["IKU-06", 2025, 70, 75, 78, 80],
        ["IKU-07", 2025, 30, 35, 38, 40],
        ["IKU-08", 2025, 1, 1, 1, 1],
        ["IKU-09", 2025, 1200, 1250, 1250, 1300],
        ["IKU-10", 2025, 10, 10, 10, 10],
    ],
}


@dataclass(frozen=True)
class Entry:
    """What the user puts into an indicator's Realisasi cell, and what must be stored."""

    value: float | int | None
    number_format: str | None  # None: the template's own format
    expected: Decimal | None
    hidden: bool = False


ENTRIES: dict[str, Entry] = {
    "IKU-01": Entry(210, None, Decimal("210")),
    "IKU-02": Entry(0.985, "0.0%", Decimal("98.5")),  # typed 98,5%
    "IKU-03": Entry(2.5, None, Decimal("2.5")),
    "IKU-04": Entry(12, None, Decimal("12"), hidden=True),
    "IKU-06": Entry(0.7525, "0.00%", Decimal("75.25")),  # typed 75,25%
    "IKU-07": Entry(0.333, "0.0%", Decimal("33.3"), hidden=True),  # typed 33,3%
    "IKU-08": Entry(None, None, None),  # not reported
    "IKU-09": Entry(1234.56, None, Decimal("1234.56")),
    "IKU-10": Entry(0.07, "0%", Decimal("7")),  # typed 7%
}


# -- LibreOffice ---------------------------------------------------------------------------


def _soffice_binary() -> str | None:
    given = os.environ.get("LAKIP_SOFFICE")
    if given:
        return given if Path(given).is_file() else shutil.which(given)
    found = shutil.which("soffice")
    if found:
        return found
    return "/usr/bin/soffice" if Path("/usr/bin/soffice").is_file() else None


Convert = Callable[[Path, str, Path], Path]


@pytest.fixture(scope="session")
def soffice(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Convert]:
    """Convert a file with LibreOffice: ``convert(src, "xlsx" | "ods", outdir) -> path``.

    Each test session runs LibreOffice on a fresh user profile of its own."""
    binary = _soffice_binary()
    if binary is None:
        message = (
            "LibreOffice (soffice; Debian package 'libreoffice-calc-nogui', or LAKIP_SOFFICE) "
            "is missing"
        )
        if REQUIRE:
            pytest.fail(message + " and LAKIP_REQUIRE_SERVICES=1 forbids skipping", pytrace=False)
        pytest.skip(message)
    profile = (tmp_path_factory.mktemp("soffice") / "lo-profile").as_uri()

    def convert(src: Path, fmt: str, outdir: Path) -> Path:
        outdir.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            [
                binary,
                f"-env:UserInstallation={profile}",
                "--headless",
                "--norestore",
                "--convert-to",
                fmt,
                "--outdir",
                str(outdir),
                str(src),
            ],
            capture_output=True,
            text=True,
            timeout=CONVERT_TIMEOUT,
            check=False,
        )
        out = outdir / f"{src.stem}.{fmt}"
        assert proc.returncode == 0 and out.is_file(), (
            f"soffice failed ({proc.returncode}) converting {src} to {fmt}:\n"
            f"{proc.stdout}\n{proc.stderr}"
        )
        return out

    yield convert


# -- filling the template as a user does ---------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """Where the template put things: header row, columns, each indicator's row."""

    header_row: int
    realisasi_col: str
    keterangan_col: str
    last_col: str
    rows: dict[str, int]


def fill_like_a_user(template: bytes) -> tuple[bytes, Layout]:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb[SHEET]
    header_row = next(
        r
        for r in range(1, 11)
        if str(ws.cell(r, 1).value or "").strip().casefold() == "kode indikator"
    )
    cols = {str(c.value).strip(): c for c in ws[header_row] if c.value}
    real, ket = cols["Realisasi"].column_letter, cols["Keterangan"].column_letter
    last = max(cols.values(), key=lambda c: c.column).column_letter
    rows = {
        str(ws.cell(r, 1).value).strip(): r
        for r in range(header_row + 1, ws.max_row + 1)
        if ws.cell(r, 1).value
    }
    assert set(rows) == set(ENTRIES), rows
    for kode, entry in ENTRIES.items():
        cell = ws[f"{real}{rows[kode]}"]
        cell.value = entry.value
        if entry.number_format:
            cell.number_format = entry.number_format
        if entry.hidden:
            ws.row_dimensions[rows[kode]].hidden = True
    first = header_row + 1
    for r in range(first, LAST_FORMULA_ROW + 1):
        ws[f"{ket}{r}"] = f'=IF({real}{r}="","",{real}{r}&" catatan")'
    if not any(str(m) == f"A1:{last}1" for m in ws.merged_cells.ranges):
        ws.merge_cells(f"A1:{last}1")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), Layout(header_row, real, ket, last, rows)


# -- what LibreOffice wrote ----------------------------------------------------------------


@dataclass(frozen=True)
class XmlCell:
    t: str | None
    style: int
    formula: str | None
    shared: bool
    v: str | None  # the <v> text; "" for an empty <v/>, None when there is no <v>


@dataclass(frozen=True)
class Written:
    cells: dict[str, XmlCell]
    hidden_rows: set[int]
    merged: set[str]
    format_codes: list[str]  # per cellXfs index: the format code, or "builtin:<id>"


def _sheet_part(zf: zipfile.ZipFile, name: str) -> str:
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    rid = next(s.get(rel_ns) for s in wb.iterfind("m:sheets/m:sheet", NS) if s.get("name") == name)
    target = next(r.get("Target") for r in rels if r.get("Id") == rid)
    assert target
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def read_written(data: bytes) -> Written:
    """The cells, hidden rows, merges and number formats of the sheet, straight from the XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        sheet = ET.fromstring(zf.read(_sheet_part(zf, SHEET)))
        styles = ET.fromstring(zf.read("xl/styles.xml"))
    codes = {
        int(f.get("numFmtId", "0")): f.get("formatCode", "")
        for f in styles.iterfind("m:numFmts/m:numFmt", NS)
    }
    format_codes = []
    for xf in styles.iterfind("m:cellXfs/m:xf", NS):
        fmt_id = int(xf.get("numFmtId", "0"))
        format_codes.append(codes.get(fmt_id, f"builtin:{fmt_id}"))
    cells: dict[str, XmlCell] = {}
    hidden: set[int] = set()
    for row in sheet.iterfind("m:sheetData/m:row", NS):
        if row.get("hidden") in ("1", "true"):
            hidden.add(int(row.get("r", "0")))
        for c in row.iterfind("m:c", NS):
            f = c.find("m:f", NS)
            v = c.find("m:v", NS)
            cells[c.get("r", "")] = XmlCell(
                t=c.get("t"),
                style=int(c.get("s", "0")),
                formula=None if f is None else (f.text or ""),
                shared=f is not None and f.get("t") == "shared",
                v=None if v is None else (v.text or ""),
            )
    merged = {m.get("ref", "") for m in sheet.iterfind("m:mergeCells/m:mergeCell", NS)}
    return Written(cells, hidden, merged, format_codes)


def check_libreoffice_output(data: bytes, layout: Layout) -> Written:
    """Prove that the file holds what this test is about, as LibreOffice wrote it."""
    written = read_written(data)
    real, ket = layout.realisasi_col, layout.keterangan_col
    for kode, entry in ENTRIES.items():
        r = layout.rows[kode]
        cell = written.cells[f"{real}{r}"]
        if entry.value is None:
            assert cell.v in (None, ""), (kode, cell)
            continue
        assert cell.t in (None, "n") and cell.v is not None, (kode, cell)
        assert Decimal(cell.v) == Decimal(repr(entry.value)), (kode, cell)
        code = written.format_codes[cell.style]
        if entry.number_format == "0%":
            assert code in ("0%", "builtin:9"), (kode, code)
        elif entry.number_format:
            assert code == entry.number_format, (kode, code)
        else:
            assert "%" not in code, (kode, code)
        assert (r in written.hidden_rows) == entry.hidden, (kode, r, written.hidden_rows)
    # The Keterangan formula, filled down to row 20005, recomputed by LibreOffice: a text
    # result beside a value, an empty cached string everywhere else (shared or not).
    formulas = {
        r: written.cells[f"{ket}{r}"] for r in range(layout.header_row + 1, LAST_FORMULA_ROW + 1)
    }
    assert all(c.formula is not None for c in formulas.values())
    by_row = {r: kode for kode, r in layout.rows.items()}
    for r, c in formulas.items():
        entry = ENTRIES.get(by_row.get(r, ""))
        assert c.t == "str", (r, c)
        if entry is not None and entry.value is not None:
            assert c.v and c.v.endswith(" catatan"), (r, c)
        else:
            assert c.v == "", (r, c)
    assert f"A1:{layout.last_col}1" in written.merged
    return written


# -- the test ------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["xlsx", "ods"], ids=["xlsx-to-xlsx", "via-ods"])
def test_libreoffice_saved_quarter_is_read_exactly(
    rt: Runtime, soffice: Convert, tmp_path: Path, route: str
) -> None:
    import_plan(rt, SISTEM, workbook(PLAN_SHEETS), "plan.xlsx")
    _name, template = template_for(rt, SISTEM, "BID-A", 2025, 1)
    filled, layout = fill_like_a_user(template)
    src = tmp_path / "laporan.xlsx"
    src.write_bytes(filled)
    if route == "ods":
        src = soffice(soffice(src, "ods", tmp_path / "ods"), "xlsx", tmp_path / "back")
    else:
        src = soffice(src, "xlsx", tmp_path / "lo")
    data = src.read_bytes()
    written = check_libreoffice_output(data, layout)

    started = time.perf_counter()
    result = submit_quarter(rt, SISTEM, data, "laporan-libreoffice.xlsx")
    elapsed = time.perf_counter() - started
    print(f"\n{route}: {len(data):,} bytes, submit_quarter (parse + store) {elapsed:.2f} s")
    assert elapsed < 5.0, f"parsing took {elapsed:.2f} s; FORMATS.md allows 10 s at most"

    reported = {k for k, e in ENTRIES.items() if e.value is not None}
    assert (result.nomor, result.kode_unit, result.tahun, result.triwulan) == (1, "BID-A", 2025, 1)
    assert result.jumlah_realisasi == len(reported)
    assert result.jumlah_kosong == len(ENTRIES) - len(reported)

    # Stored rows, straight from the database: exact figures, Keterangan as computed, and the
    # hidden rows are there like the others.
    ket = layout.keterangan_col
    with rt.uow() as session:
        stored = {r.kode_indikator: r for r in counting_realizations(session, 2025, triwulan=1)}
        assert set(stored) == set(ENTRIES)
        for kode, entry in ENTRIES.items():
            row = stored[kode]
            assert row.baris == layout.rows[kode]
            if entry.expected is None:
                assert row.nilai is None, kode
                assert not row.keterangan, (kode, row.keterangan)
                continue
            assert isinstance(row.nilai, Decimal) and row.nilai == entry.expected, (
                kode,
                row.nilai,
            )
            computed = written.cells[f"{ket}{layout.rows[kode]}"].v
            assert row.keterangan == computed, (kode, row.keterangan, computed)
        keterangan = {kode: row.keterangan for kode, row in stored.items()}
    assert keterangan["IKU-01"] == "210 catatan"
    assert keterangan["IKU-04"] == "12 catatan"  # a hidden row

    # The achievements service gives the same figures (TW I: the quarter's own value).
    capaian = compute_capaian(rt, SISTEM, 2025, "TW1")
    by_kode = {i.kode: i for i in capaian.indikator}
    as_json = {i["kode"]: i for i in capaian.to_json()["indikator"]}
    for kode, entry in ENTRIES.items():
        assert by_kode[kode].realisasi == entry.expected, (kode, by_kode[kode].realisasi)
        shown = None if entry.expected is None else float(entry.expected)
        assert as_json[kode]["realisasi"] == shown, (kode, as_json[kode])
        if entry.expected is None:
            assert by_kode[kode].keterangan == ()
        else:
            assert by_kode[kode].keterangan == (keterangan[kode],)
