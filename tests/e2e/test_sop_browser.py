"""A collection round through the SOP in the real app and Debian's Chromium, each role in its
own browser context: the Kasubbag Program opens the round, the Staf Unit sends its workbook,
the Kasubbag closes the round and reads the recap, the Irban Wil returns it (TIDAK) with a
correction, the unit sends the correction, the Irban Wil sees old → new and accepts (YA), and
the SOP monitoring shows the round's steps. The walk itself is in ``support.walk_sop_round``,
which the screenshots of those screens follow too."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.support import (
    KASUBBAG,
    SOP_JUDUL,
    grid_row,
    launch,
    login,
    open_menu,
    streamlit_server,
    walk_sop_round,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_a_round_goes_from_opening_through_review_to_acceptance(
    data_dir: Path, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    viewport = {"width": 1600, "height": 1000}
    with streamlit_server(data_dir, tmp_path) as server, sync_playwright() as pw:
        browser = launch(pw)
        walk_sop_round(browser, server.url, tmp_path, viewport=viewport)

        # Afterwards a fresh session of the Kasubbag sees the round accepted.
        page = browser.new_page(viewport=viewport)
        login(page, server.url, *KASUBBAG)
        open_menu(page, "Pengumpulan Data")
        expect(grid_row(page, "Periode", SOP_JUDUL)).to_contain_text("Diterima Irban")
        browser.close()
