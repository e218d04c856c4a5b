"""Any :class:`~lakip.reports.document.Dokumen` as a PDF, typeset with Typst.

The layout is in the templates (``templates/*.typ``); this module only turns the document into
their JSON (figures written the Indonesian way) and its images: charts drawn as SVG by
vl-convert from the same Vega-Lite specs the screens draw, and the agency's logo. Data reach
the templates only as JSON placed as text, so no user-typed string becomes markup or code.

Typst keeps every page of a document in memory until the document is done, about 16 KB a table
cell: a kabupaten's LKjIP (ten tables of 1,500 rows) would need 3 GB in one piece. So the body
is typeset in parts of at most :data:`CELLS_PER_PART` cells, cut before a heading (or, for a
table bigger than a part, between its rows: the next piece starts a page, header repeated).
Then the front (cover and contents, with the page numbers the parts reported) and the footers
("Halaman n dari m", once the page count is known) are typeset, and the parts are joined, the
footers laid over their pages and the bookmarks written. Each of these steps runs in a
short-lived process (``_pdf_child.py`` says why), one at a time, so a build's memory is this
process's plus one step's, whatever the report's length; a short report (one part) runs them
all in one process.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from lakip.domain.formatting import (
    BELUM_ADA_DATA,
    format_count,
    format_datetime,
    format_number,
    format_percent,
)
from lakip.reports.charts import WARNA_PREDIKAT
from lakip.reports.document import (
    AngkaKunci,
    Blok,
    Dokumen,
    Grafik,
    Judul,
    Kolom,
    Paragraf,
    PisahHalaman,
    Sel,
    Tabel,
    TandaTangan,
)

TEMPLATES: Final = Path(__file__).with_name("templates")
_CHILD: Final = Path(__file__).with_name("_pdf_child.py")
CELLS_PER_PART: Final = 15_000  # about 200 MB of Typst (see _cost)
_CELLS_PER_CHART: Final = 300  # a chart of fifty bars weighs about as much as 300 cells
_CHARS_PER_CELL: Final = 40
# Typst stamps this as the PDF's creation time: fixed, so the same document gives the same
# bytes (the build time is printed in the text, where readers look for it).
_STAMP: Final = datetime(2000, 1, 1, tzinfo=UTC)
_FIXED_UPTO: Final = 14  # text columns this narrow (codes, units) have a fixed width
_STEP_TIMEOUT: Final = 600  # seconds for one step (the charts, a part, the join)
_CHARTS_TO_SHARE: Final = 8  # from this many charts on, two processes draw them
_TMP_PREFIX: Final = "lakip-pdf-"
ABANDONED_AFTER: Final = 6 * 3600
"""Seconds after which a build's working folder left in the temporary directory belongs to no
live build (a worker killed mid-PDF cannot clean up; the hard time limit is minutes)."""


def write_pdf(doc: Dokumen) -> bytes:
    """The PDF bytes of ``doc``: the same document gives the same bytes."""
    remove_abandoned()
    with tempfile.TemporaryDirectory(prefix=_TMP_PREFIX) as tmp:
        root = Path(tmp)
        for template in TEMPLATES.glob("*.typ"):
            shutil.copyfile(template, root / template.name)
        charts: list[tuple[str, Mapping[str, Any]]] = []
        payload = _payload(doc, root, charts)
        stamp = str(int(_STAMP.timestamp()))
        # Charts are drawn by two processes at once where there are enough to share.
        halves = [charts[k::2] for k in range(2)] if len(charts) >= _CHARTS_TO_SHARE else [charts]
        drawing = [["charts", str(root), _write_json(root, "grafik", h)] for h in halves if h]
        typesetting = []
        parts = []
        drawn = 0
        for part in _parts(payload.pop("bagian"), kop=not doc.sampul):
            data = _write_json(root, "isi", payload | {"bagian": part, "grafik_awal": drawn})
            pdf = data.removesuffix(".json") + ".pdf"
            typesetting.append(["typeset", str(root), "dokumen.typ", data, pdf, stamp])
            parts.append({"berkas": Path(pdf).name, "judul": list(_headings(part))})
            drawn += sum(x["jenis"] == "grafik" for b in part for x in b["blok"])
        info = {"/Title": doc.judul, "/Author": doc.instansi, "/Creator": "lakip"}
        if "keywords" in doc.info:
            info["/Keywords"] = doc.info["keywords"]
        plan = {
            "bagian": parts,
            "depan": payload if doc.sampul or doc.daftar_isi else None,
            "kaki": {"instansi": doc.instansi, "judul": doc.judul},
            "info": info,
            "stempel": int(stamp),
        }
        out = root / "laporan.pdf"
        finishing = ["finish", str(root), _write_json(root, "selesai", plan), str(out)]
        if len(typesetting) == 1 and len(drawing) <= 1:
            # A short report: every step in one process (its memory is small), one start.
            _run([*drawing, *typesetting, finishing])
        else:
            _run(*[[step] for step in drawing])
            for step in typesetting:
                _run([step])
            _run([finishing])
        return out.read_bytes()


def remove_abandoned(now: float | None = None, tmp: Path | None = None) -> list[Path]:
    """Remove the working folders of builds killed mid-PDF (older than ``ABANDONED_AFTER``,
    by their newest file) from the temporary directory; returns what it removed."""
    now = time.time() if now is None else now
    removed = []
    for folder in (tmp or Path(tempfile.gettempdir())).glob(f"{_TMP_PREFIX}*"):
        try:
            newest = max([folder.stat().st_mtime, *(p.stat().st_mtime for p in folder.iterdir())])
        except OSError:  # another build removed it meanwhile, or it is not ours to read
            continue
        if folder.is_dir() and now - newest > ABANDONED_AFTER:
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _write_json(root: Path, stem: str, data: Any) -> str:
    n = len(list(root.glob(f"{stem}-*.json")))
    path = root / f"{stem}-{n + 1}.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def _run(*processes: list[list[str]]) -> None:
    """Start a process for each list of steps (which it runs one after the other), all at
    once, and wait for them all."""
    running = []
    for steps in processes:
        args = [arg for step in steps for arg in (*step, "--")][:-1]
        name = "+".join(step[0] for step in steps)
        running.append((name, subprocess.Popen([sys.executable, str(_CHILD), *args],
                                               stderr=subprocess.PIPE)))  # fmt: skip
    failed = []
    try:
        for name, proc in running:
            try:
                _, err = proc.communicate(timeout=_STEP_TIMEOUT)
            except subprocess.TimeoutExpired:
                proc.kill()
                _, err = proc.communicate()
                failed.append(f"{name}: melewati {_STEP_TIMEOUT} detik")
                continue
            if proc.returncode != 0:
                failed.append(f"{name}: {err.decode(errors='replace').strip()}")
    finally:
        # Interrupted (the task's soft time limit, a shutdown): no step outlives the build.
        for _, proc in running:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    if failed:
        raise RuntimeError("Penyusunan PDF gagal (" + "; ".join(failed) + ")")


def _cost(x: Mapping[str, Any]) -> int:
    """What typesetting ``x`` weighs, in table cells (about 13 KB of Typst each, plus what
    their text adds: a page of justified text weighs as much as 100 cells)."""
    if x["jenis"] == "tabel":
        chars = sum(len(c) if isinstance(c, str) else 5 for c in x["sel"])
        return len(x["sel"]) + len(x["kolom"]) + chars // _CHARS_PER_CELL
    if x["jenis"] == "paragraf":
        return 1 + len(x["teks"]) // _CHARS_PER_CELL
    return _CELLS_PER_CHART if x["jenis"] == "grafik" else 1


def _units(blok: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    """A section's blocks in the runs a part may end after: each block with the headings just
    above it (a heading never ends a part, alone at the foot of a page), and a table too big
    for a part cut into pieces of rows that each fit, the pieces after the first without a
    title (they start a page, their header repeated)."""
    headings: list[dict[str, Any]] = []
    for x in blok:
        if x["jenis"] == "judul":
            headings.append(x)
            continue
        if x["jenis"] == "tabel" and _cost(x) > CELLS_PER_PART:
            width = len(x["kolom"])
            step = max(1, (CELLS_PER_PART - width) // width) * width
            for start in range(0, len(x["sel"]), step):
                piece = x | {"sel": x["sel"][start : start + step]}
                yield [*headings, piece if start == 0 else piece | {"judul": ""}]
                headings = []
            continue
        yield [*headings, x]
        headings = []
    if headings:
        yield headings


def _parts(bagian: list[dict[str, Any]], *, kop: bool) -> list[list[dict[str, Any]]]:
    """The sections grouped into parts of at most CELLS_PER_PART cells. A section cut across
    parts goes on in the next part without its title (``lanjutan``); ``kop`` puts the
    letterhead above the first section."""
    parts: list[list[dict[str, Any]]] = [[]]
    cost = 0
    for i, b in enumerate(bagian):
        units = list(_units(b["blok"])) or [[]]
        for j, unit in enumerate(units):
            c = sum(_cost(x) for x in unit)
            if parts[-1] and cost + c > CELLS_PER_PART:
                parts.append([])
                cost = 0
            if j == 0 or not parts[-1]:
                parts[-1].append(b | {"blok": [], "lanjutan": j > 0, "kop": kop and i == 0})
            parts[-1][-1]["blok"].extend(unit)
            cost += c
    return parts


def _headings(part: list[dict[str, Any]]) -> Iterator[tuple[int, str]]:
    """The headings of a part in the order Typst bookmarks them."""
    for b in part:
        if not b["lanjutan"]:
            yield 1, b["judul"]
        for x in b["blok"]:
            if x["jenis"] == "judul":
                yield x["tingkat"], x["teks"]


def _payload(
    doc: Dokumen, root: Path, charts: list[tuple[str, Mapping[str, Any]]]
) -> dict[str, Any]:
    """The template's data; the logo written in ``root`` and each chart's file name and spec
    added to ``charts``."""

    def chart_file(g: Grafik) -> str:
        name = f"grafik-{len(charts) + 1}.svg"
        charts.append((name, g.spec))
        return name

    kop = None
    if doc.kop is not None:
        k = doc.kop
        logo = None
        if k.logo:
            logo = f"logo.{k.logo_jenis}"
            (root / logo).write_bytes(k.logo)
        kop = {"pemerintah": k.pemerintah, "instansi": k.instansi, "alamat": k.alamat, "logo": logo}
    return {
        "instansi": doc.instansi,
        "judul": doc.judul,
        "subjudul": doc.subjudul,
        "dibuat": doc.dibuat,
        "sampul": doc.sampul,
        "daftar_isi": doc.daftar_isi,
        "kop": kop,
        "kosong": BELUM_ADA_DATA,
        "warna": WARNA_PREDIKAT,
        "bagian": [
            {
                "judul": b.judul,
                "lanskap": b.lanskap,
                "blok": [_block(x, chart_file) for x in b.blok],
            }
            for b in doc.bagian
        ],
    }


def _block(b: Blok, chart_file: Callable[[Grafik], str]) -> dict[str, Any]:
    match b:
        case Judul():
            return {"jenis": "judul", "teks": b.teks, "tingkat": min(max(b.tingkat, 2), 3)}
        case Paragraf():
            return {"jenis": "paragraf", "teks": b.teks, "catatan": b.catatan}
        case Tabel():
            return {
                "jenis": "tabel",
                "judul": b.judul,
                "kolom": [
                    {
                        "judul": k.judul,
                        # No column is measured (that would double the work per cell):
                        # figures and short codes get their workbook width in character
                        # widths, long texts share the rest in proportion to theirs.
                        "lebar": k.lebar,
                        "lentur": k.jenis == "teks" and k.lebar > _FIXED_UPTO,
                        "kanan": k.jenis in ("angka", "bilangan", "persen"),
                    }
                    for k in b.kolom
                ],
                "sel": [_cell(k, v) for row in b.baris for k, v in zip(b.kolom, row, strict=True)],
            }
        case Grafik():
            return {"jenis": "grafik", "judul": b.judul, "gambar": chart_file(b)}
        case AngkaKunci():
            return {"jenis": "angka", "butir": [list(x) for x in b.butir]}
        case TandaTangan():
            return {
                "jenis": "ttd",
                "tempat_tanggal": b.tempat_tanggal,
                "jabatan": b.jabatan,
                "nama": b.nama,
                "pangkat": b.pangkat,
                "nip": b.nip,
            }
        case PisahHalaman():
            return {"jenis": "pisah"}
    raise TypeError(f"unknown block {b!r}")  # pragma: no cover


def _cell(k: Kolom, v: Sel) -> str | dict[str, str] | None:
    """A cell as the PDF prints it: text; a predicate with its colour; None only where
    "belum ada data" is meant."""
    if v is None:
        return None if k.jenis in ("angka", "persen", "predikat") else ""
    if k.jenis == "predikat":
        return {"t": str(v), "w": WARNA_PREDIKAT.get(str(v), "#000000")}
    if k.jenis == "angka" and isinstance(v, int | Decimal):
        return format_number(v, strip=True)
    if k.jenis == "bilangan" and isinstance(v, int | Decimal):
        return format_count(int(v))
    if k.jenis == "persen" and isinstance(v, int | Decimal):
        return format_percent(v)
    if k.jenis == "waktu" and isinstance(v, datetime):
        return format_datetime(v)
    return str(v)
