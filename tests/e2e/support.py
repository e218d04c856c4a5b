"""Helpers for driving the real app in Debian's Chromium: a Streamlit server on a free port
against a seeded temporary data dir, and the few gestures the tests and screenshots share.

Playwright is used only as a driver: its own browser downloads are never installed
(``playwright install`` is not run); Chromium comes from Debian's ``chromium`` package.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page, Playwright, ViewportSize

ROOT: Final = Path(__file__).resolve().parents[2]
CHROMIUM: Final = os.environ.get("LAKIP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS: Final = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STAF_UNIT: Final = ("staf.capil", "demo-staf.capil")
PIMPINAN: Final = ("kadis", "demo-kadis")
XLSX: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def chromium_available() -> bool:
    """True when Debian's Chromium and the Playwright driver are both installed."""
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        return False
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def seed_demo_data(data_dir: Path) -> None:
    """Load the demo agency into ``data_dir`` through the services (as ``lakip seed-demo``)."""
    from lakip.config import load_settings
    from lakip.services.demo import seed_demo
    from lakip.services.runtime import build_runtime

    rt = build_runtime(load_settings({"LAKIP_DATA_DIR": str(data_dir)}))
    seed_demo(rt)
    rt.engine.dispose()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]
    log: Path


@contextmanager
def streamlit_server(data_dir: Path, log_dir: Path, *, timeout: float = 60) -> Iterator[Server]:
    """``streamlit run app.py`` on a free loopback port against ``data_dir``; stopped after."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKIP_")}
    env |= {"LAKIP_DATA_DIR": str(data_dir), "PYTHONUNBUFFERED": "1"}
    log = log_dir / f"streamlit-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "streamlit",
                "run",
                "app.py",
                "--server.port",
                str(port),
                "--server.address",
                "127.0.0.1",
                "--server.headless",
                "true",
                "--server.fileWatcherType",
                "none",
                "--browser.gatherUsageStats",
                "false",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit stopped early:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.read().strip() == b"ok":
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit did not answer in {timeout} s:\n{log.read_text()}")
            time.sleep(0.3)
        yield Server(url, process, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def launch(playwright: Playwright) -> Browser:
    """Debian's Chromium, headless."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def wait_idle(page: Page, timeout: float = 30_000) -> None:
    """Wait until Streamlit is connected and has finished the current script run (the app
    root carries both states as data attributes)."""
    page.wait_for_timeout(300)  # let a rerun that was just requested begin
    page.locator(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"]'
        '[data-test-script-state="notRunning"]'
    ).wait_for(timeout=timeout)


def full_page_screenshot(page: Page, path: Path) -> None:
    """A screenshot of the whole page: Streamlit scrolls inside its main area, so the window
    is first made as tall as that area's content."""
    wait_idle(page)
    width = page.viewport_size["width"] if page.viewport_size else 1440
    height = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=\"stMain\"]');"
        " return m ? m.scrollHeight : document.body.scrollHeight; }"
    )
    page.set_viewport_size({"width": width, "height": max(int(height), 700)})
    wait_idle(page)
    page.screenshot(path=str(path), full_page=True)


def login(page: Page, url: str, username: str, password: str) -> None:
    """Open the app and log in through the form; wait for the first page (the Dasbor for the
    Kepala Dinas and the Sekretaris, the Beranda for everyone else)."""
    page.goto(url)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    first = re.compile(r"^(Beranda|Dasbor Kinerja)$")
    page.get_by_role("heading", name=first).first.wait_for(timeout=30_000)
    wait_idle(page)


def open_menu(page: Page, title: str) -> None:
    """Follow a sidebar menu entry and wait for the page's heading."""
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=30_000)
    wait_idle(page)


def download_template(page: Page, target: Path) -> Path:
    """Click "Unduh template" and save the workbook the browser receives."""
    with page.expect_download(timeout=30_000) as info:
        page.get_by_role("button", name="Unduh template").click()
    download = info.value
    path = target / download.suggested_filename
    download.save_as(path)
    return path


def fill_first_realization(workbook: Path, value: float | str, prefix: str = "diisi") -> Path:
    """Type ``value`` into the first indicator's Realisasi cell, as a user would in Excel;
    saved beside ``workbook`` as ``<prefix>_<name>``."""
    from tests.integration.helpers import fill_template, indicator_codes

    data = workbook.read_bytes()
    filled = workbook.with_name(f"{prefix}_{workbook.name}")
    filled.write_bytes(fill_template(data, {indicator_codes(data)[0]: value}))
    return filled


def upload(page: Page, workbook: Path) -> None:
    """Choose ``workbook`` in the page's file input and press "Unggah"."""
    uploader = page.get_by_test_id("stFileUploader")
    uploader.locator('input[type="file"]').set_input_files(str(workbook))
    # The chip appears once the browser has sent the file to the server.
    uploader.get_by_test_id("stFileChip").wait_for(timeout=30_000)
    page.get_by_role("button", name="Unggah").click()
    wait_idle(page)


def copy_tree(src: Path, dst: Path) -> Path:
    """A fresh copy of a seeded data dir (each server gets its own)."""
    shutil.copytree(src, dst)
    return dst


# --- The SOP walk: a round from opening to the reviewer's YA, shared by the browser tests
# (embedded and production topology) and the screenshots (recap, review, monitoring). ---

KASUBBAG: Final = ("kasubbag", "demo-kasubbag")
SEKRETARIS: Final = ("sekretaris", "demo-sekretaris")
IRBAN: Final = ("irban", "demo-irban")
UNIT_STAF: Final = "BID-CAPIL"  # STAF_UNIT's unit
SOP_TAHUN, SOP_TRIWULAN = 2025, 4  # the demo plans 2025 TW IV but opens no round for it
SOP_JUDUL: Final = "Triwulan IV Tahun 2025"
DISPOSISI: Final = "Mohon unggah laporan kinerja Triwulan IV beserta kendala dan upayanya"
KOREKSI: Final = "Realisasi belum sesuai data SIAK akhir Desember; periksa kembali"
# The first indicator's realization, first sent and then corrected, as the pages show them.
NILAI_AWAL, NILAI_PERBAIKAN = 96.1, 96.4
TAMPIL_AWAL, TAMPIL_PERBAIKAN = "96,1", "96,4"


def tanggal(d: date) -> str:
    """A date as the pages write it: "20 Desember 2026"."""
    from lakip.domain.formatting import format_date

    return format_date(d)


def choose(page: Page, label: str, option: str | re.Pattern[str]) -> None:
    """Pick ``option`` (its whole text, or a pattern) in the selectbox labelled ``label``."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    box = page.get_by_role("combobox", name=label, exact=True)
    item = page.get_by_role("option", name=option, exact=isinstance(option, str) or None)
    # From the keyboard: a pointer press on the field or its chevron may land as the focus
    # that opens the list and the press that closes it again. A press that comes while the
    # script is still redrawing the widget can be lost too, hence a few tries.
    for attempt in range(3):
        box.focus()
        box.press("ArrowDown")
        try:
            item.wait_for(timeout=5_000)
            break
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            wait_idle(page)
    item.click()
    wait_idle(page)


def choose_quarter(page: Page, tahun: int, triwulan_romawi: str) -> None:
    """The "Tahun" and "Triwulan" selectboxes of the unit and recap pages."""
    choose(page, "Tahun", str(tahun))
    choose(page, "Triwulan", f"Triwulan {triwulan_romawi}")


def success(page: Page) -> Locator:
    """The page's success boxes (``st.success``)."""
    return page.get_by_test_id("stAlertContentSuccess")


def grid_row(page: Page, column: str, text: str) -> Locator:
    """The row containing ``text`` of the ``st.dataframe`` that has a column ``column``.

    The grid is drawn on a canvas; its cells are read from the accessibility table the grid
    keeps inside it for screen readers (rendered a moment after the canvas, so use it with
    ``expect``; inside a canvas it counts as hidden, hence ``include_hidden``)."""
    grid = page.get_by_test_id("stDataFrame").filter(
        has=page.get_by_role("columnheader", name=column, exact=True, include_hidden=True)
    )
    return grid.get_by_role("row", include_hidden=True).filter(has_text=text)


def open_round(page: Page, tahun: int, triwulan: int, batas: date, disposisi: str) -> None:
    """Fill and send the "Buka pengumpulan" form of Pengumpulan Data."""
    from lakip.domain.periods import quarter_label

    year = page.get_by_label("Tahun", exact=True)
    year.fill(str(tahun))
    year.press("Tab")  # Enter would send the form
    choose(page, "Triwulan", quarter_label(triwulan))
    for part, value in (("day", batas.day), ("month", batas.month), ("year", batas.year)):
        page.get_by_role("spinbutton", name=f"{part}, Batas waktu unggah").click()
        page.keyboard.type(f"{value:02d}")
    page.get_by_label("Disposisi kepada unit").fill(disposisi)
    page.get_by_role("button", name="Buka pengumpulan").click()
    wait_idle(page)


def decide_review(
    page: Page, keputusan: str, catatan: str, koreksi: tuple[str, str] | None = None
) -> None:
    """Fill the Reviu page's decision form (``koreksi``: an indicator code and its note) and
    save it."""
    form = page.get_by_test_id("stForm")
    form.get_by_test_id("stRadio").get_by_text(keputusan, exact=True).click()
    form.get_by_label("Catatan reviu").fill(catatan)
    if koreksi is not None:
        kode, teks = koreksi
        choose(page, "Indikator 1", re.compile(f"^{re.escape(kode)} — "))
        form.get_by_label("Koreksi 1", exact=True).fill(teks)
    form.get_by_role("button", name="Simpan keputusan").click()
    wait_idle(page)


def _no_shot(page: Page, name: str) -> None:
    """The walk without screenshots."""


def walk_sop_round(
    browser: Browser,
    url: str,
    workdir: Path,
    *,
    viewport: ViewportSize,
    shot: Callable[[Page, str], None] = _no_shot,
    opener: tuple[str, str] = KASUBBAG,
) -> str:
    """One collection round through the SOP in the real app, each role in its own browser
    context, checking what each screen says; returns the code of the indicator filled.
    ``shot(page, name)`` is called on the opened round ("pengumpulan"), the accepted upload
    ("unggah"), the recap ("rekap"), the review showing old → new before YA ("reviu") and the
    monitoring ("pemantauan") screens.

    1. ``opener`` (the Kasubbag Program, or the Sekretaris) opens the round of 2025 TW IV
       (deadline, disposisi).
    2. Staf Unit sees the round and the disposisi, downloads the template, sends version 1.
    3. ``opener`` closes the round; the Kasubbag's Rekap Triwulan shows the unit "Masuk",
       with file and version.
    4. Irban Wil says TIDAK with a correction on the indicator filled.
    5. Staf Unit sees the correction and sends version 2 with another figure.
    6. Irban Wil sees the figure old → new and says YA.
    7. Kasubbag sees the round's SOP steps in Pemantauan SOP.
    """
    from playwright.sync_api import expect

    from tests.integration.helpers import indicator_codes

    def signed_in(user: tuple[str, str]) -> Page:
        page = browser.new_context(viewport=viewport, accept_downloads=True).new_page()
        login(page, url, *user)
        return page

    batas = date.today() + timedelta(days=10)
    tw = "IV"
    main = "stMain"

    # 1. The opener (Kasubbag Program or Sekretaris) opens the round.
    pembuka = signed_in(opener)
    open_menu(pembuka, "Pengumpulan Data")
    open_round(pembuka, SOP_TAHUN, SOP_TRIWULAN, batas, DISPOSISI)
    expect(success(pembuka)).to_have_text(
        f"Pengumpulan {SOP_JUDUL} dibuka; batas waktu {tanggal(batas)}."
    )
    row = grid_row(pembuka, "Periode", SOP_JUDUL)
    expect(row).to_contain_text("Dibuka")
    expect(row).to_contain_text(tanggal(batas))
    shot(pembuka, "pengumpulan")

    # 2. Staf Unit sees the round, downloads the quarter's template and sends version 1.
    staf = signed_in(STAF_UNIT)
    open_menu(staf, "Unggah Laporan Triwulan")
    choose_quarter(staf, SOP_TAHUN, tw)
    body = staf.get_by_test_id(main)
    expect(body).to_contain_text(f"Pengumpulan {SOP_JUDUL}: 0 dari")
    expect(body).to_contain_text(f"batas waktu {tanggal(batas)}")
    expect(body).to_contain_text(f"Disposisi: {DISPOSISI}")
    template = download_template(staf, workdir)
    assert template.name == f"Laporan_Kinerja_{UNIT_STAF}_{SOP_TAHUN}_TW{tw}.xlsx", template
    kode = indicator_codes(template.read_bytes())[0]
    first = fill_first_realization(template, NILAI_AWAL)
    upload(staf, first)
    expect(body).to_contain_text(f"{SOP_JUDUL} diterima dan disimpan sebagai versi 1")
    shot(staf, "unggah")

    # 3. The opener closes the round; the Kasubbag looks at the recap.
    choose(pembuka, "Pengumpulan", f"{SOP_JUDUL} (Dibuka)")
    pembuka.get_by_role("button", name="Tutup pengumpulan").click()
    wait_idle(pembuka)
    expect(success(pembuka)).to_have_text(f"Pengumpulan {SOP_JUDUL} ditutup.")
    expect(grid_row(pembuka, "Periode", SOP_JUDUL)).to_contain_text("Ditutup")
    kasubbag = pembuka if opener == KASUBBAG else signed_in(KASUBBAG)
    open_menu(kasubbag, "Rekap Triwulan")
    choose_quarter(kasubbag, SOP_TAHUN, tw)
    expect(kasubbag.get_by_test_id(main)).to_contain_text(f"{SOP_JUDUL} · pengumpulan: Ditutup")
    expect(grid_row(kasubbag, "Indikator wajib", UNIT_STAF)).to_contain_text("Masuk")
    masuk = kasubbag.get_by_test_id("stMetric").filter(has_text="Masuk")
    expect(masuk.get_by_test_id("stMetricValue")).to_have_text("1")
    source = grid_row(kasubbag, "Berkas sumber", kode)
    expect(source).to_contain_text(first.name)
    expect(source).to_contain_text(TAMPIL_AWAL)
    shot(kasubbag, "rekap")
    kasubbag.get_by_role("button", name="Rekap selesai").click()
    wait_idle(kasubbag)
    expect(success(kasubbag).first).to_have_text(
        f"Rekap {SOP_JUDUL} selesai; langkah Olah Data dimulai."
    )
    open_menu(kasubbag, "Olah Data")
    choose_quarter(kasubbag, SOP_TAHUN, tw)
    kasubbag.get_by_role("button", name="Olah data selesai").click()
    wait_idle(kasubbag)
    expect(success(kasubbag).first).to_have_text(f"Olah data {SOP_JUDUL} selesai.")

    # 4. Irban Wil returns the round with a correction on the indicator filled.
    irban = signed_in(IRBAN)
    open_menu(irban, "Reviu")
    choose(irban, "Pengumpulan", SOP_JUDUL)
    expect(irban.get_by_test_id(main)).to_contain_text(f"{SOP_JUDUL} · status: ditutup")
    decide_review(irban, "TIDAK", "Satu indikator perlu diperbaiki.", (kode, KOREKSI))
    expect(success(irban)).to_have_text(f"Keputusan TIDAK untuk {SOP_JUDUL} disimpan.")
    history = irban.get_by_test_id(main)
    expect(history).to_contain_text(f"{SOP_JUDUL} · status: dikembalikan")
    expect(history).to_contain_text(f"{kode} ({UNIT_STAF}): {KOREKSI} — belum diperbaiki")

    # 5. Staf Unit sees the correction and sends version 2.
    open_menu(staf, "Unggah Laporan Triwulan")
    choose_quarter(staf, SOP_TAHUN, tw)
    expect(body).to_contain_text(f"Hasil koreksi Irban Wil — {kode}")
    expect(body).to_contain_text(KOREKSI)
    upload(staf, fill_first_realization(template, NILAI_PERBAIKAN, prefix="perbaikan"))
    expect(body).to_contain_text(f"{SOP_JUDUL} diterima dan disimpan sebagai versi 2")
    expect(body).to_contain_text("(sudah dijawab dengan versi baru)")

    # 6. Irban Wil sees the figure old → new and accepts.
    open_menu(irban, "Reviu")
    choose(irban, "Pengumpulan", SOP_JUDUL)
    change = grid_row(irban, "Nilai lama", kode)
    expect(change).to_contain_text("1 → 2")
    expect(change).to_contain_text(TAMPIL_AWAL)
    expect(change).to_contain_text(TAMPIL_PERBAIKAN)
    expect(change.get_by_role("gridcell", include_hidden=True).nth(4)).to_have_text(TAMPIL_AWAL)
    expect(change.get_by_role("gridcell", include_hidden=True).nth(5)).to_have_text(
        TAMPIL_PERBAIKAN
    )
    shot(irban, "reviu")
    decide_review(irban, "YA", "Perbaikan sesuai; data diterima.")
    expect(success(irban)).to_have_text(f"Keputusan YA untuk {SOP_JUDUL} disimpan.")
    expect(history).to_contain_text(f"{SOP_JUDUL} · status: diterima")
    expect(history).to_contain_text(f"{kode} ({UNIT_STAF}): {KOREKSI} — dijawab versi 2")

    # 7. Kasubbag follows the round's SOP steps.
    open_menu(kasubbag, "Pemantauan SOP")
    choose(kasubbag, "Pengumpulan", SOP_JUDUL)
    steps = kasubbag.get_by_test_id("stDataFrame")
    for nomor, uraian in (
        (1, "Mengumpulkan data laporan kinerja triwulan"),
        (2, "Merekap laporan kinerja triwulan"),
        (3, "Mengolah data laporan kinerja triwulan"),
        (7, "reviu YA/TIDAK"),
    ):
        row = grid_row(kasubbag, "Langkah", uraian)
        expect(row.first).to_contain_text(str(nomor))
        expect(row.first).not_to_contain_text("berjalan")  # each of these steps has ended
    # Step 7 twice: the TIDAK and the YA; the report (step 4) is now being composed.
    expect(grid_row(kasubbag, "Langkah", "reviu YA/TIDAK")).to_have_count(2)
    expect(grid_row(kasubbag, "Langkah", "Menyusun laporan kinerja triwulan")).to_contain_text(
        "berjalan"
    )
    expect(steps).to_have_count(1)
    shot(kasubbag, "pemantauan")
    for page in dict.fromkeys((pembuka, kasubbag, staf, irban)):
        page.context.close()
    return kode


# --- The report of that round: built by the workers, reviewed, published, read. It needs
# running workers (tests/e2e/topology.py); the embedded server of streamlit_server has none. ---

PENYUSUN: Final = ("penyusun", "demo-penyusun")
LAPORAN_JUDUL: Final = f"Laporan Triwulan IV Tahun {SOP_TAHUN} — versi 1"
BUILD_TIMEOUT: Final = 180_000  # ms: the job waits for a worker, then lays out Excel and PDF


@dataclass(frozen=True)
class LaporanDiunduh:
    """The files of the published quarterly report as the browser received them."""

    judul: str
    xlsx: Path  # downloaded by the Staf Penyusun
    pdf: Path  # downloaded by the Staf Penyusun
    pdf_pimpinan: Path  # downloaded by the Kepala Dinas once published


def download_report_file(page: Page, ext: str, target: Path) -> Path:
    """On Laporan Kinerja: "Buka PDF"/"Buka XLSX" for the chosen version, then its
    "Unduh …" button; saves the file the browser receives into ``target``."""
    page.get_by_role("button", name=f"Buka {ext.upper()}", exact=True).click()
    wait_idle(page)
    button = page.get_by_test_id("stDownloadButton").filter(has_text=f".{ext}")
    with page.expect_download(timeout=30_000) as info:
        button.get_by_role("button").click()
    download = info.value
    path = target / download.suggested_filename
    download.save_as(path)
    wait_idle(page)  # the download button's click reruns the page
    return path


def pdf_page_png(pdf: Path, target: Path, page: int = 1) -> Path:
    """Page ``page`` of ``pdf`` as a PNG at 80 dpi (pdftoppm, Debian's poppler-utils)."""
    stem = target.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(stem)],
        check=True,
    )  # fmt: skip
    return stem.with_suffix(".png")


def walk_report(
    browser: Browser,
    url: str,
    workdir: Path,
    *,
    viewport: ViewportSize,
    shot: Callable[[Page, str], None] = _no_shot,
) -> LaporanDiunduh:
    """The quarterly report of the round :func:`walk_sop_round` walked, from its build in
    the workers to the Kepala Dinas reading it, each role in its own browser context;
    ``shot(page, name)`` is called on each step's screen ("laporan_bangun",
    "laporan_reviu", "laporan_terbit", "dasbor", "laporan").

    1. Staf Penyusun asks for the 2025 TW IV quarterly report on Laporan Kinerja (a job for
       the workers), waits until its version is listed, downloads its Excel and PDF and
       sends it for review.
    2. Irban Wil accepts it (YA) on the same page.
    3. Kasubbag Program publishes it to the Kepala Dinas.
    4. Kepala Dinas opens the Dasbor Kinerja, then the published report, and downloads its PDF.
    """
    from playwright.sync_api import expect

    from lakip.demo.agency import demo_users
    from lakip.domain.periods import quarter_label

    def signed_in(user: tuple[str, str]) -> Page:
        page = browser.new_context(viewport=viewport, accept_downloads=True).new_page()
        login(page, url, *user)
        return page

    def version(page: Page) -> Locator:
        return grid_row(page, "Disusun", LAPORAN_JUDUL)

    judul = LAPORAN_JUDUL
    kepala = next(u for u in demo_users() if u.username == PIMPINAN[0])
    tw = quarter_label(SOP_TRIWULAN)

    # 1. Staf Penyusun builds the report in the workers, downloads both files, submits it.
    penyusun = signed_in(PENYUSUN)
    open_menu(penyusun, "Laporan Kinerja")
    year = penyusun.get_by_label("Tahun", exact=True)
    year.fill(str(SOP_TAHUN))
    year.press("Tab")
    wait_idle(penyusun)
    choose(penyusun, "Periode", tw)
    penyusun.get_by_role("button", name="Bangun laporan").click()
    wait_idle(penyusun)
    # The page's fragment follows the job every 2 s and redraws the page when it ends.
    expect(version(penyusun)).to_contain_text("Draf", timeout=BUILD_TIMEOUT)
    penyusun.get_by_test_id("stExpander").get_by_text("Riwayat pembangunan laporan").click()
    build = grid_row(penyusun, "Kemajuan", f"Laporan Triwulan IV Tahun {SOP_TAHUN}")
    expect(build.first).to_contain_text("Selesai")
    expect(build.first).to_contain_text("100 %")
    choose(penyusun, "Versi laporan", judul)
    xlsx = download_report_file(penyusun, "xlsx", workdir)
    pdf = download_report_file(penyusun, "pdf", workdir)
    shot(penyusun, "laporan_bangun")
    penyusun.get_by_role("button", name="Ajukan untuk reviu").click()
    wait_idle(penyusun)
    expect(success(penyusun).first).to_have_text(f"{judul} diajukan kepada Irban Wil.")
    expect(version(penyusun)).to_contain_text("Diajukan untuk reviu")

    # 2. Irban Wil accepts it.
    irban = signed_in(IRBAN)
    open_menu(irban, "Laporan Kinerja")
    choose(irban, "Versi laporan", judul)
    form = irban.get_by_test_id("stForm").filter(has_text="Reviu laporan")
    form.get_by_test_id("stRadio").get_by_text("YA", exact=True).click()
    form.get_by_role("textbox", name="Catatan reviu").fill(
        "Laporan sesuai dengan data yang diterima."
    )
    form.get_by_role("button", name="Simpan keputusan").click()
    wait_idle(irban)
    expect(success(irban).first).to_have_text(f"Keputusan YA untuk {judul} disimpan.")
    expect(version(irban)).to_contain_text("Diterima Irban")
    expect(irban.get_by_test_id("stMain")).to_contain_text("Riwayat reviu")
    shot(irban, "laporan_reviu")

    # 3. Kasubbag Program publishes it to the Kepala Dinas.
    kasubbag = signed_in(KASUBBAG)
    open_menu(kasubbag, "Laporan Kinerja")
    choose(kasubbag, "Versi laporan", judul)
    choose(kasubbag, "Penerima", f"{kepala.nama} ({kepala.peran})")
    kasubbag.keyboard.press("Escape")  # the multiselect's list stays open after a pick
    kasubbag.get_by_test_id("stForm").get_by_role("button", name="Terbitkan").click()
    wait_idle(kasubbag)
    expect(success(kasubbag).first).to_have_text(f"{judul} diterbitkan kepada 1 penerima.")
    expect(version(kasubbag)).to_contain_text("Diterbitkan")
    expect(grid_row(kasubbag, "Dikirim", kepala.nama)).to_contain_text("belum")
    shot(kasubbag, "laporan_terbit")

    # 4. Kepala Dinas: the dashboard first (the page a Kepala Dinas lands on), then the report.
    kadis = signed_in(PIMPINAN)
    expect(kadis.get_by_role("heading", name="Dasbor Kinerja")).to_be_visible()
    expect(kadis.get_by_text("Peringatan dini")).to_be_visible(timeout=30_000)
    kadis.get_by_test_id("stVegaLiteChart").nth(3).wait_for(timeout=30_000)
    shot(kadis, "dasbor")
    open_menu(kadis, "Laporan Kinerja")
    expect(version(kadis)).to_contain_text("Diterbitkan")
    choose(kadis, "Versi laporan", judul)
    (workdir / "pimpinan").mkdir(exist_ok=True)
    pdf_pimpinan = download_report_file(kadis, "pdf", workdir / "pimpinan")
    # Opening it is recorded: the recipients' table shows when.
    expect(grid_row(kadis, "Dikirim", kepala.nama)).not_to_contain_text("belum")
    shot(kadis, "laporan")
    for page in (penyusun, irban, kasubbag, kadis):
        page.context.close()
    return LaporanDiunduh(judul, xlsx, pdf, pdf_pimpinan)
