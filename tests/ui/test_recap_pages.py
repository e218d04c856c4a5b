"""The SOP's steps 2 and 3 on screen: Rekap Triwulan and Olah Data, figures as shown."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import datetime, timedelta

from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from lakip.domain.filenames import quarter_workbook_name
from lakip.services import rounds, setup
from lakip.services.runtime import Runtime
from tests.ui.conftest import aktor_of
from tests.ui.seed import TAHUN, UNIT_A, UNIT_B
from tests.ui.test_pages import open_page, submit
from tests.ui.test_unggah import CAPAIAN, button, frame

UNITS = [
    "Kode",
    "Unit",
    "Status",
    "Indikator wajib",
    "Indikator terisi",
    "Versi",
    "Unggah pertama",
    "Unggah terakhir",
]
REALIZATIONS = [
    "Unit",
    "Kode",
    "Indikator",
    "Satuan",
    "Target TW",
    "Realisasi",
    "Kendala",
    "Upaya",
    "Berkas sumber",
    "Versi",
    "Diunggah",
]


def _round_with_one_late_unit(rt: Runtime) -> int:
    """Triwulan I of the seed's year: BID-A sends twice before the deadline, BID-B once after
    it (during a reopening); the round is closed."""
    setup.ensure_defaults(rt)
    kasubbag = aktor_of(rt, "kasubbag")
    zona = rt.settings.timezone
    opened = datetime(TAHUN, 3, 25, 10, tzinfo=zona)
    p = rounds.open_round(
        replace(rt, clock=lambda: opened),
        kasubbag,
        TAHUN,
        1,
        opened.date() + timedelta(days=10),
        "Unggah.",
    )
    early = replace(rt, clock=lambda: datetime(TAHUN, 4, 2, 9, tzinfo=zona))
    submit(early, UNIT_A, 1, {"IK-01": 90, "IK-02": 3})
    submit(early, UNIT_A, 1, {"IK-01": 96, "IK-02": 3})
    late = replace(rt, clock=lambda: datetime(TAHUN, 4, 7, 14, tzinfo=zona))
    rounds.close_round(late, kasubbag, p.id)
    rounds.reopen_round(
        late, kasubbag, p.id, "BID-B terkendala jaringan", opened.date() + timedelta(days=14)
    )
    submit(late, UNIT_B, 1, {"IK-03": 70})
    rounds.close_round(late, kasubbag, p.id)
    return p.id


def test_the_recap_shows_each_units_status_and_every_realizations_source(
    app: AppTest, rt: Runtime
) -> None:
    _round_with_one_late_unit(rt)
    open_page(app, rt, "kasubbag", "pages/rekap.py")
    assert app.title[0].value == "Rekap Triwulan"
    app.selectbox(key="rekap_tw").set_value(1).run()
    assert not app.exception, app.exception
    assert {m.label: m.value for m in app.metric} == {
        "Belum": "0",
        "Masuk": "1",
        "Terlambat": "1",
        "Dikembalikan": "0",
    }
    units = frame(app, UNITS)
    assert units[UNITS[:6]].values.tolist() == [
        [UNIT_A, "Bidang Pelayanan", "Masuk", 2, 2, 2],
        [UNIT_B, "Bidang Data", "Terlambat", 1, 1, 1],
    ]
    assert units["Unggah pertama"].tolist()[0].startswith(f"2 April {TAHUN} 09:00")
    assert units["Unggah terakhir"].tolist()[1].startswith(f"7 April {TAHUN} 14:00")
    table = frame(app, REALIZATIONS)
    shown = table[["Unit", "Kode", "Target TW", "Realisasi", "Versi"]].values.tolist()
    assert shown == [
        [UNIT_A, "IK-01", "100", "96", "2"],
        [UNIT_A, "IK-02", "10", "3", "2"],
        [UNIT_B, "IK-03", "80", "70", "1"],
    ]
    assert table["Berkas sumber"].tolist() == [
        quarter_workbook_name(UNIT_A, TAHUN, 1),
        quarter_workbook_name(UNIT_A, TAHUN, 1),
        quarter_workbook_name(UNIT_B, TAHUN, 1),
    ]

    assert [d.proto.label for d in app.get("download_button")] == ["Unduh rekap (Excel)"]

    button(app, "Rekap selesai").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    flashed, done = app.success
    assert flashed.value == f"Rekap Triwulan I Tahun {TAHUN} selesai; langkah Olah Data dimulai."
    assert done.value.startswith("Rekap dinyatakan selesai oleh Karim Kasubbag")
    assert "0 belum, 1 masuk, 1 terlambat, 0 dikembalikan" in done.value
    assert not [b for b in app.button if b.label == "Rekap selesai"]


def test_the_recap_workbook_holds_the_figures_the_page_shows(rt: Runtime) -> None:
    from lakip.services.recap import export_recap_xlsx

    _round_with_one_late_unit(rt)
    name, data = export_recap_xlsx(rt, aktor_of(rt, "kasubbag"), TAHUN, 1)
    assert name == f"Rekap_{TAHUN}_TW1.xlsx"
    book = load_workbook(io.BytesIO(data))
    units = list(book["Rekap Unit"].iter_rows(min_row=6, max_col=6, values_only=True))
    assert units == [
        (UNIT_A, "Bidang Pelayanan", "Masuk", 2, 2, 2),
        (UNIT_B, "Bidang Data", "Terlambat", 1, 1, 1),
    ]
    real = [(r[1], r[5], r[10]) for r in book["Realisasi"].iter_rows(min_row=8, values_only=True)]
    assert real == [("IK-01", 96, 2), ("IK-02", 3, 2), ("IK-03", 70, 1)]


def test_the_recap_cannot_end_while_the_round_is_open(app: AppTest, rt: Runtime) -> None:
    setup.ensure_defaults(rt)
    kasubbag = aktor_of(rt, "kasubbag")
    today = rt.clock().astimezone(rt.settings.timezone).date()
    rounds.open_round(rt, kasubbag, TAHUN, 2, today + timedelta(days=5), "Unggah.")
    open_page(app, rt, "kasubbag", "pages/rekap.py")
    app.selectbox(key="rekap_tw").set_value(2).run()
    assert {m.label: m.value for m in app.metric}["Belum"] == "2"
    assert [i.value for i in app.info] == [
        "Rekap dapat dinyatakan selesai setelah pengumpulan ditutup."
    ]
    assert not [b for b in app.button if b.label == "Rekap selesai"]


QUALITY = ["Kode", "Indikator", "Unit", "Pemeriksaan", "Temuan"]
CAPAIAN_TABLE = [*CAPAIAN, "Triwulan berdata", "Unit"]


def test_processing_shows_achievements_findings_and_ends_after_the_recap(
    app: AppTest, rt: Runtime
) -> None:
    from lakip.services.recap import finish_recap

    _round_with_one_late_unit(rt)
    open_page(app, rt, "penyusun", "pages/olah.py")
    assert app.title[0].value == "Olah Data Triwulan"
    app.selectbox(key="olah_tw").set_value(1).run()
    assert not app.exception, app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Indikator"] == "3" and metrics["Realisasi Triwulan I masuk"] == "3"
    quarter = frame(app, CAPAIAN_TABLE)
    # IK-01 96 of 100 (positive); IK-02 3 of 10, negative: (2 − 0,3) × 100 = 170; IK-03 70 of 80.
    assert quarter[["Kode", "Realisasi", "Capaian", "Predikat"]].values.tolist()[:3] == [
        ["IK-01", "96", "96,00 %", "Sangat Tinggi"],
        ["IK-02", "3", "170,00 %", "Sangat Tinggi"],
        ["IK-03", "70", "87,50 %", "Tinggi"],
    ]
    # Triwulan I: nothing to compare with and every target adds up: no findings.
    assert any(
        s.value == "Tidak ada catatan kualitas data untuk triwulan ini." for s in app.success
    )
    assert [i.value for i in app.info][-1].startswith("Olah data dapat dinyatakan selesai setelah")

    finish_recap(rt, aktor_of(rt, "kasubbag"), TAHUN, 1)
    app.run()
    button(app, "Olah data selesai").click().run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    assert any(
        s.value.startswith("Olah data dinyatakan selesai oleh")
        and "3 indikator, 0 catatan kualitas data" in s.value
        for s in app.success
    )


def test_processing_lists_a_missing_realization(app: AppTest, rt: Runtime) -> None:
    setup.ensure_defaults(rt)
    submit(rt, UNIT_A, 2, {"IK-01": 100, "IK-02": 4})
    open_page(app, rt, "kasubbag", "pages/olah.py")
    app.selectbox(key="olah_tw").set_value(2).run()
    findings = frame(app, QUALITY)
    assert findings[["Kode", "Unit", "Pemeriksaan"]].values.tolist() == [
        ["IK-01", UNIT_A, "Kumulatif belum lengkap"],
        ["IK-03", UNIT_B, "Realisasi belum ada"],
    ]
    assert "1 dari 2 triwulan" in findings["Temuan"].tolist()[0]
