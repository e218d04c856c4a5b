"""Screenshots of the main screens, from the real app in Debian's Chromium.

    .venv/bin/python tests/e2e/screenshots.py [--out docs/screenshots]

Seeds the demo agency into a temporary data dir, starts ``streamlit run app.py`` on a free
loopback port, and saves login, beranda, unggah (after an accepted and a rejected upload), capaian,
and, from a round walked through the SOP, rekap, reviu and pemantauan as PNG files; then builds
a quarterly, a semester and an annual report and renders a page of each PDF (pdftoppm).

The whole SOP against the production topology (the round opened by the Sekretaris, the upload,
recap and review, a report built by the workers, reviewed, published and read by the Kepala
Dinas on the dashboard and the report page, and the first page of its PDF) is shot by its
test, into the README's folder when asked::

    LAKIP_SCREENSHOT_DIR=docs/screenshots .venv/bin/python -m pytest \
        tests/e2e/test_production_topology.py
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.e2e.support import (  # noqa: E402
    PIMPINAN,
    STAF_UNIT,
    chromium_available,
    download_template,
    fill_first_realization,
    full_page_screenshot,
    launch,
    login,
    open_menu,
    seed_demo_data,
    streamlit_server,
    upload,
    walk_sop_round,
)

if TYPE_CHECKING:
    from playwright.sync_api import Page, ViewportSize


VIEWPORT: ViewportSize = {"width": 1440, "height": 900}
WALK_SHOTS = frozenset({"rekap", "reviu", "pemantauan"})


def take(out: Path) -> list[Path]:
    """Drive the app and write the screenshots into ``out``; returns their paths."""
    from playwright.sync_api import expect, sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    saved: list[Path] = []
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        data = tmp / "data"
        seed_demo_data(data)
        with streamlit_server(data, tmp) as server, sync_playwright() as pw:
            browser = launch(pw)

            def shot(page: Page, name: str) -> None:
                path = out / f"{name}.png"
                full_page_screenshot(page, path)
                page.set_viewport_size(VIEWPORT)
                saved.append(path)

            page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
            page.goto(server.url)
            expect(page.get_by_role("button", name="Masuk")).to_be_visible(timeout=30_000)
            shot(page, "login")

            login(page, server.url, *STAF_UNIT)
            expect(page.get_by_text("Putaran pengumpulan")).to_be_visible(timeout=30_000)
            shot(page, "beranda")

            open_menu(page, "Unggah Laporan Triwulan")
            template = download_template(page, tmp)
            upload(page, fill_first_realization(template, 97.1))
            expect(
                page.get_by_text("diterima dan disimpan sebagai versi", exact=False)
            ).to_be_visible()
            shot(page, "unggah")

            bad = fill_first_realization(template, "seratus", prefix="salah")
            upload(page, bad)
            expect(page.get_by_text("Berkas ditolak", exact=False)).to_be_visible()
            shot(page, "unggah_ditolak")
            page.close()

            page = browser.new_page(viewport=VIEWPORT)
            login(page, server.url, *PIMPINAN)  # the Kepala Dinas lands on the dashboard
            expect(page.get_by_text("Peringatan dini")).to_be_visible(timeout=30_000)
            page.get_by_test_id("stVegaLiteChart").nth(3).wait_for(timeout=30_000)
            shot(page, "dasbor")
            open_menu(page, "Capaian Kinerja")
            page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=30_000)
            shot(page, "capaian")
            page.close()

            # A round through the SOP: the recap, the review (old → new) and the monitoring
            # (its other screens are taken above, or by tests/e2e/test_production_topology.py).
            walk_sop_round(
                browser,
                server.url,
                tmp,
                viewport=VIEWPORT,
                shot=lambda page, name: shot(page, name) if name in WALK_SHOTS else None,
            )
            browser.close()
        saved += report_pages(data, out)
    return saved


# A page of each report kind, rendered from its PDF: (kind, period, page number, file name).
REPORT_PAGES = (
    ("triwulan", "TW2", 2, "laporan_triwulan.png"),
    ("semester", "S1", 4, "laporan_semester.png"),
    ("tahunan", None, 1, "lkjip_sampul.png"),
    ("tahunan", None, 9, "lkjip_bab3.png"),
)


def report_pages(data: Path, out: Path) -> list[Path]:
    """Build each report kind from the demo data (the workers' build) and render one page of
    each PDF to PNG with pdftoppm (Debian's poppler-utils)."""
    import shutil
    import subprocess

    from lakip.config import load_settings
    from lakip.services import report_builds
    from lakip.services.access import SISTEM
    from lakip.services.runtime import build_runtime

    if shutil.which("pdftoppm") is None:
        raise SystemExit("pdftoppm tidak tersedia: apt-get install poppler-utils")
    rt = build_runtime(load_settings({"LAKIP_DATA_DIR": str(data)}))
    saved = []
    built: dict[tuple[str, str | None], bytes] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        for jenis, periode, page, name in REPORT_PAGES:
            if (jenis, periode) not in built:
                h = report_builds.compose_report(rt, SISTEM, jenis, 2025, periode)
                built[jenis, periode] = rt.files.get(h.pdf_sha256)
            pdf = Path(tmp_name) / f"{jenis}.pdf"
            pdf.write_bytes(built[jenis, periode])
            stem = Path(tmp_name) / name.removesuffix(".png")
            subprocess.run(
                ["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                 str(pdf), str(stem)],
                check=True,
            )  # fmt: skip
            target = out / name
            shutil.move(f"{stem}.png", target)
            saved.append(target)
    rt.engine.dispose()
    return saved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args()
    if not chromium_available():
        print("Chromium (/usr/bin/chromium) atau playwright tidak tersedia.", file=sys.stderr)
        return 1
    for path in take(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
