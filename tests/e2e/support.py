"""Helpers for driving the real app in Debian's Chromium: a Streamlit server on a free port
against a seeded temporary data dir, and the few gestures the tests and screenshots share.

Playwright is used only as a driver: its own browser downloads are never installed
(``playwright install`` is not run); Chromium comes from Debian's ``chromium`` package.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Playwright

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
    """Open the app and log in through the form."""
    page.goto(url)
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("heading", name="Beranda").wait_for(timeout=30_000)
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
