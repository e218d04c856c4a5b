"""The real app in a real browser: Streamlit's own server, Debian's Chromium, a real file
input. What AppTest cannot show: the websocket round trip, the menu as rendered, a file
chosen in the browser's file input and the download of the template."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.e2e.support import (
    STAF_UNIT,
    download_template,
    fill_first_realization,
    launch,
    login,
    open_menu,
    streamlit_server,
    upload,
    wait_idle,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_staf_unit_downloads_fills_and_uploads_the_quarterly_workbook(
    data_dir: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    with streamlit_server(data_dir, tmp_path) as server, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(accept_downloads=True, viewport={"width": 1400, "height": 1000})
        login(page, server.url, *STAF_UNIT)
        nav = page.get_by_test_id("stSidebarNav")
        expect(nav).to_contain_text("Unggah Laporan Triwulan")
        expect(nav).not_to_contain_text("Pengguna")
        expect(nav).not_to_contain_text("Log Audit")

        open_menu(page, "Unggah Laporan Triwulan")
        template = download_template(page, tmp_path)
        assert template.name.startswith("Laporan_Kinerja_")
        upload(page, fill_first_realization(template, 123.45))
        expect(
            page.get_by_text(re.compile("diterima dan disimpan sebagai versi \\d+"))
        ).to_be_visible(timeout=30_000)
        expect(page.get_by_text("Riwayat versi")).to_be_visible()
        browser.close()


def test_bad_workbook_shows_the_error_table(data_dir: Path, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    bad = tmp_path / "rusak.xlsx"
    bad.write_bytes(b"bukan excel")
    with streamlit_server(data_dir, tmp_path) as server, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        login(page, server.url, *STAF_UNIT)
        open_menu(page, "Unggah Laporan Triwulan")
        upload(page, bad)
        expect(page.get_by_text("Berkas ditolak; tidak ada data yang disimpan.")).to_be_visible()
        browser.close()


@pytest.mark.parametrize("path", ["pengguna", "audit", "unggah"])
def test_first_request_of_a_fresh_server_to_a_guarded_url_gets_the_login_form(
    data_dir: Path, tmp_path: Path, path: str
) -> None:
    """Until a process's first st.navigation call, Streamlit takes its legacy ``pages/`` path
    and runs a requested page file without app.py (listing every file of pages/ in the
    sidebar); the page's guard sends that run to app.py, so the visitor sees the login form
    and nothing of the page or of the menu."""
    from playwright.sync_api import expect, sync_playwright

    with streamlit_server(data_dir, tmp_path) as server, sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page()
        page.goto(f"{server.url}/{path}")
        expect(page.get_by_role("button", name="Masuk")).to_be_visible(timeout=30_000)
        wait_idle(page)
        expect(page.get_by_test_id("stSidebarNav")).to_have_count(0)
        body = page.locator("body").inner_text()
        for content in ("perencanaan", "beranda", "Tambah pengguna", "Log Audit", "Keluar"):
            assert content not in body, content
        browser.close()
