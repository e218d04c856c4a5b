"""The whole SOP in Debian's Chromium against the production topology of docker-compose.yml
run from local processes (``scripts/topology``: PostgreSQL, Redis, the migration, the web
app, two Celery workers and beat), each role in its own browser context:

1. the Sekretaris opens the collection round and closes it; the unit's staff download the
   template, fill it (openpyxl) and upload it; the Kasubbag Program reads the recap; the
   Irban Wil returns it with a correction, the unit answers, the Irban Wil accepts it
   (``support.walk_sop_round``);
2. the Staf Penyusun builds the quarterly report, a job one of the real workers runs, and
   downloads its Excel and PDF, read back here (openpyxl, pypdf); the Irban Wil accepts the
   report, the Kasubbag Program publishes it to the Kepala Dinas, who opens the Dasbor
   Kinerja and then the published report (``support.walk_report``).

A full-page screenshot of every step (``STEPS``), and the PDF's first page as a PNG, are saved
into the test's directory, or into ``LAKIP_SCREENSHOT_DIR`` when set: the screens the README
shows keep its names, so ``LAKIP_SCREENSHOT_DIR=docs/screenshots`` refreshes them.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.e2e.support import (
    NILAI_PERBAIKAN,
    SEKRETARIS,
    SOP_JUDUL,
    TAMPIL_PERBAIKAN,
    full_page_screenshot,
    launch,
    pdf_page_png,
    walk_report,
    walk_sop_round,
)
from tests.e2e.topology import production_topology

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.postgres,
    pytest.mark.redis,
    pytest.mark.worker,
    pytest.mark.timeout(600),  # about 100 s here: the topology's start is a third of it
]

REQUIRE = os.environ.get("LAKIP_REQUIRE_SERVICES") == "1"
VIEWPORT: ViewportSize = {"width": 1440, "height": 900}
STEPS = (
    "pengumpulan",  # the Sekretaris has opened the round
    "unggah",  # the unit's upload accepted
    "rekap",  # the Kasubbag's recap
    "reviu",  # the Irban Wil's review: old → new before YA
    "pemantauan",  # the SOP monitoring
    "laporan_bangun",  # the report built by a worker, both files downloaded
    "laporan_reviu",  # the Irban Wil accepted the report
    "laporan_terbit",  # the Kasubbag published it
    "dasbor",  # the Kepala Dinas's dashboard
    "laporan",  # the Kepala Dinas reads the published report
)
PDF_PAGE = "laporan_pdf_halaman.png"
INSTANSI = "Dinas Kependudukan dan Pencatatan Sipil Kabupaten Balangan"
JUDUL_LAPORAN = f"Laporan Kinerja {SOP_JUDUL}"


@pytest.fixture
def pdftoppm() -> None:
    if shutil.which("pdftoppm"):
        return
    message = "pdftoppm (Debian package 'poppler-utils') is missing"
    if REQUIRE:
        pytest.fail(message + " and LAKIP_REQUIRE_SERVICES=1 forbids skipping", pytrace=False)
    pytest.skip(message)


def screenshot_dir(tmp_path: Path) -> Path:
    chosen = os.environ.get("LAKIP_SCREENSHOT_DIR")
    path = Path(chosen).resolve() if chosen else tmp_path / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


def test_the_sop_runs_on_the_production_topology_from_round_to_published_report(
    tmp_path: Path, chromium: None, pdftoppm: None, postgres_base_url: str, redis_url: str
) -> None:
    from playwright.sync_api import sync_playwright
    from sqlalchemy import create_engine, text

    from lakip.store.db import normalize_url
    from lakip.store.files import FileStore

    shots = screenshot_dir(tmp_path)
    taken: list[str] = []

    def shot(page: Page, name: str) -> None:
        full_page_screenshot(page, shots / f"{name}.png")
        page.set_viewport_size(VIEWPORT)
        taken.append(name)

    with (
        production_topology(
            tmp_path / "topologi", postgres_url=postgres_base_url, redis_url=redis_url
        ) as topo,
        sync_playwright() as pw,
    ):
        browser = launch(pw)
        kode = walk_sop_round(
            browser, topo.url, tmp_path, viewport=VIEWPORT, shot=shot, opener=SEKRETARIS
        )
        files = walk_report(browser, topo.url, tmp_path, viewport=VIEWPORT, shot=shot)
        browser.close()

        # The build was a job that one of the topology's workers ran (its row says which)...
        engine = create_engine(normalize_url(topo.database_url))
        with engine.connect() as conn:
            jobs = conn.execute(
                text("SELECT state, worker FROM job WHERE kind = 'laporan.bangun'")
            ).all()
        engine.dispose()
        assert len(jobs) == 1 and jobs[0].state == "succeeded", jobs
        assert jobs[0].worker.split("@")[0] in {"lakip1", "lakip2"}, jobs
        # ... and wrote both files into the file store the web app serves them from.
        store = FileStore(topo.data_dir / "files")
        for path in (files.xlsx, files.pdf):
            assert store.path_for(hashlib.sha256(path.read_bytes()).hexdigest()).is_file()

    assert taken == list(STEPS)
    assert files.xlsx.name == "Laporan_triwulan_2025_TW4_v1.xlsx"
    assert files.pdf.name == "Laporan_triwulan_2025_TW4_v1.pdf"
    # The Kepala Dinas received the very file the Staf Penyusun downloaded.
    assert files.pdf_pimpinan.read_bytes() == files.pdf.read_bytes()
    check_workbook(files.xlsx, kode)
    check_pdf(files.pdf, kode)

    png = pdf_page_png(files.pdf, shots / PDF_PAGE)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    for name in (*STEPS, PDF_PAGE.removesuffix(".png")):
        assert (shots / f"{name}.png").stat().st_size > 10_000, name


def check_workbook(path: Path, kode: str) -> None:
    """The report's Excel: every sheet is titled with the quarter and the agency, and the
    indicator the unit corrected carries the accepted figure (version 2) as a number."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True, data_only=True)
    sheet = book["Capaian Periode"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == JUDUL_LAPORAN and rows[1][0] == INSTANSI, rows[:2]
    header = next(r for r in rows if "Kode" in r and "Realisasi" in r)
    found = [dict(zip(header, r, strict=True)) for r in rows if r[0] == kode]
    assert len(found) == 1, found
    assert found[0]["Realisasi"] == NILAI_PERBAIKAN, found  # a number, not text
    assert found[0]["Unit"] == "Bidang Pelayanan Pencatatan Sipil", found
    book.close()


def check_pdf(path: Path, kode: str) -> None:
    """The report's PDF: its first page names the agency and the quarter; the corrected
    indicator's row shows the accepted figure as the pages write it."""
    from pypdf import PdfReader

    reader = PdfReader(path)
    assert len(reader.pages) >= 2
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    assert JUDUL_LAPORAN in pages[0] and INSTANSI in pages[0], pages[0][:500]
    # From the code to the figure without crossing into another indicator's row.
    figure = rf"{re.escape(kode)} (?:(?!IK[UK]-\d).){{0,200}}? {re.escape(TAMPIL_PERBAIKAN)} "
    assert re.search(figure, " ".join(pages)), f"{kode} … {TAMPIL_PERBAIKAN} not in the PDF"
