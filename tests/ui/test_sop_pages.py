"""The SOP's screens: Pengumpulan Data Triwulan and Pemberitahuan, with the sidebar count."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from lakip.domain.formatting import format_date
from lakip.services import notifications, rounds
from lakip.services.runtime import Runtime
from tests.ui.conftest import aktor_of
from tests.ui.seed import TAHUN
from tests.ui.test_pages import open_page
from tests.ui.test_unggah import button, frame

ROUNDS = [
    "Periode",
    "Status",
    "Batas waktu",
    "Dibuka ulang sampai",
    "Dibuka",
    "Ditutup",
    "Disposisi",
]


def _today(rt: Runtime):  # type: ignore[no-untyped-def]
    return rt.clock().astimezone(rt.settings.timezone).date()


def test_kasubbag_opens_closes_and_reopens_a_round(app: AppTest, rt: Runtime) -> None:
    open_page(app, rt, "kasubbag", "pages/pengumpulan.py")
    assert app.title[0].value == "Pengumpulan Data Triwulan"
    assert app.info[0].value == "Belum ada pengumpulan yang dibuka."
    app.number_input[0].set_value(TAHUN)
    app.selectbox[0].set_value(1)
    app.text_area[0].set_value("Mohon unggah laporan TW I paling lambat batas waktu.")
    button(app, "Buka pengumpulan").click().run()
    assert not app.exception, app.exception
    batas = _today(rt) + timedelta(days=14)
    assert app.success[0].value == (
        f"Pengumpulan Triwulan I Tahun {TAHUN} dibuka; batas waktu {format_date(batas)}."
    )
    table = frame(app, ROUNDS)
    assert table.loc[0, "Status"] == "Dibuka"
    assert table.loc[0, "Batas waktu"] == format_date(batas)
    assert table.loc[0, "Disposisi"].startswith("Mohon unggah laporan TW I")
    # Both units' staff and the Kasubbag were noticed.
    for username in ("stafa", "stafb", "kasubbag"):
        assert notifications.count_unread(rt, aktor_of(rt, username)) == 1

    button(app, "Tutup pengumpulan").click().run()
    assert frame(app, ROUNDS).loc[0, "Status"] == "Ditutup"
    assert frame(app, ROUNDS).loc[0, "Ditutup"].endswith("WITA")

    # A reopening needs a reason: refused with a message, nothing changed.
    button(app, "Buka ulang").click().run()
    assert "alasan" in app.error[0].value.lower()
    assert frame(app, ROUNDS).loc[0, "Status"] == "Ditutup"
    app.text_input[0].set_value("Unit BID-B terkendala jaringan")
    button(app, "Buka ulang").click().run()
    assert not app.exception, app.exception
    table = frame(app, ROUNDS)
    assert table.loc[0, "Status"] == "Dibuka"
    assert table.loc[0, "Dibuka ulang sampai"] == format_date(_today(rt) + timedelta(days=3))
    assert any(
        "Dibuka ulang oleh Karim Kasubbag" in c.value and "terkendala jaringan" in c.value
        for c in app.caption
    )
    (p,) = rounds.list_rounds(rt, aktor_of(rt, "kasubbag"))
    assert [b.alasan for b in p.pembukaan_ulang] == ["Unit BID-B terkendala jaringan"]


def test_a_past_deadline_is_refused_on_screen(app: AppTest, rt: Runtime) -> None:
    open_page(app, rt, "sekretaris", "pages/pengumpulan.py")
    app.number_input[0].set_value(TAHUN)
    app.date_input[0].set_value(_today(rt) - timedelta(days=1))
    app.text_area[0].set_value("Mohon unggah.")
    button(app, "Buka pengumpulan").click().run()
    assert "sudah lewat" in app.error[0].value
    assert rounds.list_rounds(rt, aktor_of(rt, "sekretaris")) == []


def test_notices_page_and_the_sidebar_count(app: AppTest, rt: Runtime) -> None:
    rounds.open_round(
        rt, aktor_of(rt, "kasubbag"), TAHUN, 2, _today(rt) + timedelta(days=10), "Mohon unggah."
    )
    open_page(app, rt, "stafa", "pages/pemberitahuan.py")
    assert app.title[0].value == "Pemberitahuan"
    assert any(c.value == "1 pemberitahuan belum dibaca" for c in app.sidebar.caption)
    assert "1 belum dibaca." in [c.value for c in app.caption]
    assert any(f"Pengumpulan Triwulan II Tahun {TAHUN} dibuka" in m.value for m in app.markdown)
    assert any("Batas waktu unggah:" in t.value for t in app.text)
    button(app, "Tandai semua sudah dibaca").click().run()
    assert "0 belum dibaca." in [c.value for c in app.caption]
    assert not any("belum dibaca" in c.value for c in app.sidebar.caption)
    assert notifications.count_unread(rt, aktor_of(rt, "stafa")) == 0
    # Another user's notices are their own.
    assert notifications.count_unread(rt, aktor_of(rt, "stafb")) == 1


REVIEW_UNITS = ["Kode", "Unit", "Tahap", "Versi"]
CHANGES = ["Unit", "Kode", "Indikator", "Versi", "Nilai lama", "Nilai baru", "Dikoreksi"]


def test_irban_returns_a_round_with_a_correction_then_accepts_it(app: AppTest, rt: Runtime) -> None:
    from dataclasses import replace
    from datetime import datetime

    from lakip.services.access import SISTEM
    from tests.ui.seed import UNIT_A, UNIT_B
    from tests.ui.test_pages import submit

    kasubbag = aktor_of(rt, "kasubbag")
    # A round of the seed's year, uploads before its deadline, closed.
    opened_at = datetime(TAHUN, 3, 25, 2, tzinfo=rt.settings.timezone)
    early = replace(rt, clock=lambda: opened_at)
    p = rounds.open_round(
        early, kasubbag, TAHUN, 1, opened_at.date() + timedelta(days=10), "Unggah."
    )
    submit(early, UNIT_A, 1, {"IK-01": 90, "IK-02": 3})
    submit(early, UNIT_B, 1, {"IK-03": 70})
    rounds.close_round(rt, kasubbag, p.id)

    open_page(app, rt, "irban", "pages/reviu.py")
    assert app.title[0].value == "Reviu Data Triwulan"
    units = frame(app, REVIEW_UNITS)
    assert units[["Kode", "Tahap", "Versi"]].values.tolist() == [
        [UNIT_A, "Masuk", 1],
        [UNIT_B, "Masuk", 1],
    ]
    app.radio[0].set_value("TIDAK")
    app.text_area[0].set_value("IK-01 belum sesuai register.")
    app.selectbox(key="koreksi_kode_0_0").set_value("IK-01")
    app.text_input(key="koreksi_teks_0_0").set_value("Periksa ulang: register mencatat 95.")
    button(app, "Simpan keputusan").click().run()
    assert not app.exception, app.exception
    assert app.success[0].value == f"Keputusan TIDAK untuk Triwulan I Tahun {TAHUN} disimpan."
    units = frame(app, REVIEW_UNITS)
    assert units["Tahap"].tolist() == ["Dikembalikan", "Masuk"]
    assert any("Periksa ulang: register mencatat 95." in c.value for c in app.caption)

    # YA is refused while BID-A still owes its correction.
    app.radio[0].set_value("YA")
    button(app, "Simpan keputusan").click().run()
    assert app.error, "YA must be refused while a correction is owed"

    # The unit uploads again; the reviewer sees 90 → 95 and accepts.
    submit(rt, UNIT_A, 1, {"IK-01": 95, "IK-02": 3})
    app.run()
    changes = frame(app, CHANGES)
    assert changes[["Kode", "Versi", "Nilai lama", "Nilai baru", "Dikoreksi"]].values.tolist() == [
        ["IK-01", "1 → 2", "90", "95", "Ya"]
    ]
    app.radio[0].set_value("YA")
    button(app, "Simpan keputusan").click().run()
    assert not app.error, [e.value for e in app.error]
    assert app.success[0].value == f"Keputusan YA untuk Triwulan I Tahun {TAHUN} disimpan."
    decided = [m.value.split(" · ")[0] for m in app.markdown]
    assert [d for d in decided if d in ("**YA**", "**TIDAK**")] == ["**YA**", "**TIDAK**"]
    (after,) = rounds.list_rounds(rt, SISTEM)
    assert after.status.value == "diterima"


def test_the_upload_page_shows_the_round_and_the_reviewers_correction(
    app: AppTest, rt: Runtime
) -> None:
    from dataclasses import replace
    from datetime import datetime

    from lakip.services import review
    from tests.ui.seed import UNIT_A, UNIT_B
    from tests.ui.test_pages import submit

    kasubbag = aktor_of(rt, "kasubbag")
    opened_at = datetime(TAHUN, 3, 25, 2, tzinfo=rt.settings.timezone)
    early = replace(rt, clock=lambda: opened_at)
    p = rounds.open_round(
        early, kasubbag, TAHUN, 1, opened_at.date() + timedelta(days=10), "Unggah TW I."
    )
    submit(early, UNIT_A, 1, {"IK-01": 90})
    submit(early, UNIT_B, 1, {"IK-03": 70})
    rounds.close_round(rt, kasubbag, p.id)
    review.review_round(
        rt,
        aktor_of(rt, "irban"),
        p.id,
        "TIDAK",
        "Belum sesuai.",
        [review.KoreksiInput("IK-01", "Register mencatat 95 akta.")],
    )
    open_page(app, rt, "stafa", "pages/unggah.py")
    infos = [i.value for i in app.info]
    assert any(
        v.startswith(f"Pengumpulan Triwulan I Tahun {TAHUN}: 1 dari 2 indikator terisi")
        for v in infos
    ), infos
    assert "Disposisi: Unggah TW I." in [c.value for c in app.caption]
    warnings = [w.value for w in app.warning]
    assert (
        "Hasil koreksi Irban Wil — IK-01" in warnings[0]
        and "Register mencatat 95 akta." in warnings[0]
    )
    # BID-B was not asked to correct anything: it may not upload into the returned round.
    app2 = AppTest.from_file(app._script_path, default_timeout=30)
    open_page(app2, rt, "stafb", "pages/unggah.py")
    assert any("tidak menerima unggahan unit ini" in w.value for w in app2.warning)


MONITOR = ["No", "Langkah", "Pelaksana", "Waktu", "Waktu baku", "Status", "Mulai", "Selesai"]


def test_sop_monitoring_shows_elapsed_time_against_the_standard(app: AppTest, rt: Runtime) -> None:
    from dataclasses import replace
    from datetime import UTC, datetime

    from lakip.services.setup import ensure_defaults

    ensure_defaults(rt)  # the SOP's steps and their time standards, as at start-up
    kasubbag = aktor_of(rt, "kasubbag")
    prepared = datetime(TAHUN, 3, 1, 2, tzinfo=UTC)
    early = replace(rt, clock=lambda: prepared)
    rounds.open_round(
        early, kasubbag, TAHUN, 1, prepared.date() + timedelta(days=30), "Disiapkan.", draf=True
    )
    p = rounds.open_round(rt, kasubbag, TAHUN, 1, _today(rt) + timedelta(days=10), "Mohon unggah.")
    rounds.close_round(rt, kasubbag, p.id)
    days = (rt.clock() - prepared).days

    open_page(app, rt, "kasubbag", "pages/pemantauan.py")
    assert app.title[0].value == "Pemantauan SOP"
    assert not app.info, [i.value for i in app.info]
    metrics = {m.label: m.value for m in app.metric}
    assert metrics == {"Langkah tercatat": "3", "Melebihi waktu baku": "1"}
    table = frame(app, MONITOR)
    assert table["No"].tolist() == [1, 2, 7]
    first = table.iloc[0]
    # Step 1 ran from the draft to the opening: over a year, read in days, never in minutes.
    assert first["Status"] == "Melebihi" and first["Waktu"].startswith(f"{days} hari")
    assert "menit" not in first["Waktu"] and first["Pelaksana"] == "Karim Kasubbag"
    assert table["Selesai"].tolist()[1:] == ["berjalan", "berjalan"]
    assert table["Status"].tolist()[1:] == ["Sesuai", "Sesuai"]
    # The step that ran over is named above the table, with its time and its standard.
    assert [w.value for w in app.warning] == [
        f"Langkah 1 ({first['Langkah']}) melebihi waktu baku: {first['Waktu']}, baku 15 menit."
    ]
    assert len(app.get("vega_lite_chart")) == 1  # the timeline


REPORTS = ["Laporan", "Status", "Disusun", "Oleh", "Penerima", "Dibuka"]


def test_reports_are_composed_sent_published_and_their_opening_recorded(
    app: AppTest, rt: Runtime
) -> None:
    from lakip.services import job_runner, publication, report_builds, review
    from lakip.services.access import SISTEM

    open_page(app, rt, "penyusun", "pages/laporan.py")
    assert app.title[0].value == "Laporan Kinerja"
    assert app.info[0].value == "Belum ada laporan."
    app.number_input(key="bangun_tahun").set_value(TAHUN)
    button(app, "Bangun laporan").click().run()
    assert not app.exception, app.exception
    assert app.success[0].value == (
        f"Laporan Triwulan I Tahun {TAHUN} sedang dibangun; kemajuannya tampil di bawah."
    )
    # Queued (no worker in this test): the page shows it waiting, then the build runs here as
    # a worker would run it, and the page lists the version it recorded.
    (queued,) = report_builds.list_report_builds(rt, SISTEM)
    assert queued.state == "queued"
    assert [p.text for p in app.get("progress")] == [
        f"Laporan Triwulan I Tahun {TAHUN}: Menunggu giliran diproses. (0 %)"
    ]
    assert job_runner.run_job(rt, queued.job_id, "uji") == "succeeded"
    app.run()
    assert not app.exception, app.exception
    assert not app.get("progress")
    table = frame(app, REPORTS)
    assert table[["Status", "Oleh", "Penerima"]].values.tolist() == [["Draf", "Putri Penyusun", 0]]
    button(app, "Ajukan untuk reviu").click().run()
    assert frame(app, REPORTS).loc[0, "Status"] == "Diajukan untuk reviu"

    # Publishing before the Irban Wil accepted it is refused on screen.
    app2 = AppTest.from_file(app._script_path, default_timeout=30)
    open_page(app2, rt, "kasubbag", "pages/laporan.py")
    kepala = next(
        c.id for c in publication.list_recipients(rt, aktor_of(rt, "kasubbag"))
        if c.nama == "Kurnia Kepala"
    )  # fmt: skip
    app2.multiselect[0].set_value([kepala])
    button(app2, "Terbitkan").click().run()
    assert (app2.error and "Irban" in app2.error[0].value) or "diterima" in app2.error[0].value

    # The Irban Wil decides on the report page: TIDAK needs a note; YA accepts it.
    app_irban = AppTest.from_file(app._script_path, default_timeout=30)
    open_page(app_irban, rt, "irban", "pages/laporan.py")
    assert [s.value for s in app_irban.subheader] == ["Reviu laporan"]
    app_irban.radio[0].set_value("TIDAK")
    button(app_irban, "Simpan keputusan").click().run()
    assert app_irban.error and "catatan" in app_irban.error[0].value.lower()
    app_irban.radio[0].set_value("YA")
    app_irban.text_area[0].set_value("Sesuai data triwulan yang diterima.")
    button(app_irban, "Simpan keputusan").click().run()
    assert not app_irban.error, [e.value for e in app_irban.error]
    judul = f"Laporan Triwulan I Tahun {TAHUN} — versi 1"
    assert app_irban.success[0].value == f"Keputusan YA untuk {judul} disimpan."
    assert frame(app_irban, REPORTS).loc[0, "Status"] == "Diterima Irban"
    assert "Reviu laporan" not in [s.value for s in app_irban.subheader]  # decided: no form
    assert "Riwayat reviu" in [s.value for s in app_irban.subheader]
    assert app_irban.markdown[0].value.startswith("**YA** · ")
    assert [t.value for t in app_irban.text] == ["Sesuai data triwulan yang diterima."]
    (versi,) = publication.list_reports(rt, aktor_of(rt, "kasubbag"))
    # The refused TIDAK left no decision behind.
    assert [d.keputusan for d in review.report_decisions(rt, SISTEM, versi.id)] == ["YA"]
    app2.run()
    app2.multiselect[0].set_value([kepala])
    button(app2, "Terbitkan").click().run()
    assert app2.success[0].value.endswith("diterbitkan kepada 1 penerima.")
    assert frame(app2, REPORTS)[["Status", "Penerima", "Dibuka"]].values.tolist() == [
        ["Diterbitkan", 1, 0]
    ]

    # The Kepala Dinas opens the PDF: the opening is recorded.
    app3 = AppTest.from_file(app._script_path, default_timeout=30)
    open_page(app3, rt, "kepala", "pages/laporan.py")
    button(app3, "Buka PDF").click().run()
    assert not app3.exception, app3.exception
    (after,) = publication.list_reports(rt, aktor_of(rt, "kasubbag"))
    assert [(p.nama, p.dibuka_pada is not None) for p in after.penerima] == [
        ("Kurnia Kepala", True)
    ]


def test_the_sekretaris_approves_an_accepted_annual_report_on_the_report_page(
    app: AppTest, rt: Runtime
) -> None:
    from lakip.services import publication
    from lakip.store.models import Laporan, LaporanVersi

    with rt.uow() as s:  # annual reports are built by issue 16: one accepted, stored by hand
        lap = Laporan(jenis="tahunan", tahun=TAHUN, periode="TAHUN", versi_terakhir=1)
        s.add(lap)
        s.flush()
        s.add(LaporanVersi(laporan_id=lap.id, nomor=1, status="diterima", sumber_versi=[]))
        s.commit()
    app_kasubbag = AppTest.from_file(app._script_path, default_timeout=30)
    open_page(app_kasubbag, rt, "kasubbag", "pages/laporan.py")
    assert not [b for b in app_kasubbag.button if b.label == "Setujui laporan tahunan"]

    open_page(app, rt, "sekretaris", "pages/laporan.py")
    assert frame(app, REPORTS).loc[0, "Status"] == "Diterima Irban"
    button(app, "Setujui laporan tahunan").click().run()
    assert not app.error, [e.value for e in app.error]
    assert app.success[0].value == f"LKjIP Tahun {TAHUN} — versi 1 disetujui."
    assert frame(app, REPORTS).loc[0, "Status"] == "Disetujui Sekretaris"
    assert not [b for b in app.button if b.label == "Setujui laporan tahunan"]
    (versi,) = publication.list_reports(rt, aktor_of(rt, "sekretaris"))
    assert versi.status.value == "disetujui"


def test_a_failed_build_shows_its_error_and_is_built_again_on_retry(
    app: AppTest, rt: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    from lakip.services import job_runner, report_builds
    from lakip.services.access import SISTEM

    def broken(_doc: object) -> bytes:
        raise RuntimeError("typst tidak tersedia")

    open_page(app, rt, "kasubbag", "pages/laporan.py")
    app.selectbox(key="bangun_jenis").set_value("semester").run()
    app.number_input(key="bangun_tahun").set_value(TAHUN)
    app.selectbox(key="bangun_periode_semester").set_value("S1")
    button(app, "Bangun laporan").click().run()
    (first,) = report_builds.list_report_builds(rt, SISTEM)
    with monkeypatch.context() as m:
        m.setattr(report_builds, "write_pdf", broken)
        assert job_runner.run_job(rt, first.job_id, "uji") == "failed"
    app.run()
    assert [e.value for e in app.error] == [
        f"Laporan Semester I Tahun {TAHUN} gagal dibangun: Pekerjaan gagal karena kesalahan tak "
        "terduga (RuntimeError: typst tidak tersedia)."
    ]
    button(app, "Coba lagi").click().run()
    assert not app.exception, app.exception
    again, failed = report_builds.list_report_builds(rt, SISTEM)
    assert (failed.job_id, failed.state, again.state) == (first.job_id, "failed", "queued")
    assert (again.jenis, again.tahun, again.periode) == ("semester", TAHUN, "S1")
    assert job_runner.run_job(rt, again.job_id, "uji") == "succeeded"
    app.run()
    assert frame(app, REPORTS)[["Laporan", "Status"]].values.tolist() == [
        [f"Laporan Semester I Tahun {TAHUN} — versi 1", "Draf"]
    ]
    # Only the failed request is left with an error; nothing was built by it.
    (history,) = [d for d in app.dataframe if "Keterangan" in d.value.columns]
    assert history.value["Status"].tolist() == ["Selesai", "Gagal"]
    assert history.value["Versi"].tolist() == ["1", "—"]


def test_an_annual_report_shows_what_it_still_lacks_before_review(
    app: AppTest, rt: Runtime
) -> None:
    from lakip.services import job_runner, report_builds
    from lakip.services.access import SISTEM

    open_page(app, rt, "penyusun", "pages/laporan.py")
    app.selectbox(key="bangun_jenis").set_value("tahunan").run()
    app.number_input(key="bangun_tahun").set_value(TAHUN)
    button(app, "Bangun laporan").click().run()
    assert app.success[0].value.startswith(f"LKjIP Tahun {TAHUN} sedang dibangun")
    (job,) = report_builds.list_report_builds(rt, SISTEM)
    assert job_runner.run_job(rt, job.job_id, "uji") == "succeeded"
    app.run()
    assert frame(app, REPORTS).loc[0, "Laporan"] == f"LKjIP Tahun {TAHUN} — versi 1"
    (warning,) = app.warning
    shown = re.sub(r"\\(.)", r"\1", warning.value)  # as read, Markdown escapes removed
    # The seed has no uploads: every indicator lacks its realization, there is no budget
    # spending and no earlier year to compare with.
    assert shown.startswith("Sebelum diajukan untuk reviu, periksa kekurangan")
    assert f"- Indikator tanpa realisasi tahun {TAHUN}: IK-01, IK-02, IK-03." in shown
    assert f"- Belum ada data realisasi anggaran Tahun {TAHUN}." in shown
    assert f"- Belum ada data tahun sebelumnya untuk perbandingan dengan Tahun {TAHUN}." in shown
    assert [b.label for b in app.button if b.label == "Ajukan untuk reviu"]


def test_staff_rewrite_a_drafted_analysis_paragraph_and_put_the_draft_back(
    app: AppTest, rt: Runtime
) -> None:
    from lakip.services import report_analysis
    from lakip.services.access import SISTEM

    open_page(app, rt, "penyusun", "pages/laporan.py")
    app.selectbox(key="bangun_jenis").set_value("tahunan").run()
    app.number_input(key="bangun_tahun").set_value(TAHUN).run()
    assert not app.exception, app.exception
    drafts = report_analysis.annual_analysis(rt, SISTEM, TAHUN)
    table = frame(app, ["Bagian", "Status", "Diubah oleh", "Pada"])
    assert table["Bagian"].tolist() == [p.judul for p in drafts]
    assert set(table["Status"]) == {"Draf otomatis"}
    first = drafts[0]
    (area,) = [t for t in app.text_area if t.label == "Teks analisis"]
    assert area.value == first.draf  # the draft, ready to edit

    area.set_value("Analisis yang ditulis penyusun untuk sasaran pertama.")
    button(app, "Simpan analisis").click().run()
    assert not app.exception, app.exception
    assert app.success[0].value == (
        f"Analisis {first.judul} disimpan; dipakai pada pembangunan LKjIP berikutnya."
    )
    table = frame(app, ["Bagian", "Status", "Diubah oleh", "Pada"])
    assert table.loc[0, ["Status", "Diubah oleh"]].tolist() == ["Disunting", "Putri Penyusun"]
    (area,) = [t for t in app.text_area if t.label == "Teks analisis"]
    assert area.value == "Analisis yang ditulis penyusun untuk sasaran pertama."
    stored = report_analysis.annual_analysis(rt, SISTEM, TAHUN)[0]
    assert stored.teks == "Analisis yang ditulis penyusun untuk sasaran pertama."

    button(app, "Kembalikan ke draf").click().run()
    assert app.success[0].value == f"Analisis {first.judul} kembali ke draf otomatis."
    assert frame(app, ["Bagian", "Status", "Diubah oleh", "Pada"]).loc[0, "Status"] == (
        "Draf otomatis"
    )
    assert report_analysis.annual_analysis(rt, SISTEM, TAHUN)[0].teks is None
