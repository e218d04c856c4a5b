"""Laporan Kinerja (SOP steps 4, 5, 7, 8 and 9): ask the workers to build a quarterly,
semester or annual report into a new version and watch its progress; edit the annual report's
drafted analysis; send a version for review, the Irban Wil's YA/TIDAK on it, the Sekretaris's
approval of an annual one, publish an accepted one to the officials concerned; who opened it."""

from __future__ import annotations

from functools import partial

import streamlit as st

from lakip.domain.periods import ALL_PERIODS
from lakip.domain.roles import Izin, allowed
from lakip.domain.workflow import StatusLaporan, report_title
from lakip.services import publication, report_analysis, report_builds, review
from lakip.services.errors import LakipError
from ui.feedback import act, show_error, show_flash
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.tables import (
    escape_markdown,
    format_time,
    tabulate_analisis,
    tabulate_bangun,
    tabulate_laporan,
    tabulate_penerima,
)

aktor = require_page(Izin.LIHAT_LAPORAN_TERBIT, "laporan")
rt = get_runtime()
zona = rt.settings.timezone
st.title("Laporan Kinerja")
show_flash()
today = rt.clock().astimezone(zona).date()

JENIS = {
    "triwulan": "Laporan triwulan",
    "semester": "Laporan semester",
    "tahunan": "Laporan tahunan (LKjIP)",
}
LABEL_PERIODE = {p.kode: p.label for p in ALL_PERIODS}


@st.fragment(run_every=2)
def build_progress() -> None:
    """The build jobs, refreshed every 2 seconds without blocking the page; when one this
    session is watching ends, the whole page is redrawn to list its version."""
    daftar = report_builds.list_report_builds(rt, aktor, limit=10)
    watched: set[str] = st.session_state.setdefault("bangun_dipantau", set())
    for b in daftar:
        if b.state in ("queued", "running"):
            watched.add(b.job_id)
            st.progress(
                b.progress / 100, text=f"{b.judul}: {b.message or 'menunggu'} ({b.progress} %)"
            )
    ended = {b.job_id for b in daftar if b.state in ("succeeded", "failed")} & watched
    for b in daftar:
        if b.state == "failed" and b.job_id in ended | {d.job_id for d in daftar[:3]}:
            c_err, c_btn = st.columns([4, 1])
            c_err.error(f"{b.judul} gagal dibangun: {b.error or 'sebab tidak diketahui'}")
            if c_btn.button("Coba lagi", key=f"ulang_{b.job_id}"):
                act(
                    partial(report_builds.retry_report_build, rt, aktor, b.job_id),
                    f"{b.judul} diminta dibangun ulang.",
                )
    if daftar:
        with st.expander("Riwayat pembangunan laporan", expanded=False):
            st.dataframe(tabulate_bangun(daftar), hide_index=True, width="stretch")
    if ended:
        watched -= ended
        st.rerun()


def edit_analysis(tahun: int) -> None:
    """The LKjIP's analysis for ``tahun``: each paragraph's draft, and a form to rewrite one."""
    try:
        paragraf = report_analysis.annual_analysis(rt, aktor, tahun)
    except LakipError as exc:
        show_error(exc)
        return
    if not paragraf:
        st.info(f"Belum ada sasaran strategis untuk dianalisis pada Tahun {tahun}.")
        return
    st.caption(
        "Setiap sasaran dan setiap indikator yang belum mencapai target mendapat draf analisis "
        "dari angka-angkanya. Teks yang disimpan menggantikan draf pada setiap pembangunan "
        "berikutnya; menyimpan draf apa adanya menandainya sudah ditinjau."
    )
    st.dataframe(tabulate_analisis(paragraf), hide_index=True, width="stretch")
    pilihan = {p.kunci: p for p in paragraf}
    kunci = st.selectbox(
        "Bagian analisis",
        list(pilihan),
        format_func=lambda k: ("✎ " if pilihan[k].teks else "") + pilihan[k].judul,
        key=f"analisis_pilih_{tahun}",
    )
    p = pilihan[kunci]
    with st.form(f"analisis_{tahun}_{kunci}"):
        teks = st.text_area(
            "Teks analisis", value=p.dicetak, height=220, max_chars=report_analysis.PANJANG_MAKS
        )
        c_simpan, c_draf = st.columns(2)
        simpan = c_simpan.form_submit_button("Simpan analisis", type="primary")
        ke_draf = c_draf.form_submit_button("Kembalikan ke draf", disabled=p.teks is None)
    if simpan or ke_draf:
        act(
            lambda: report_analysis.save_analysis(rt, aktor, tahun, kunci, "" if ke_draf else teks),
            lambda berubah: (
                f"Analisis {p.judul} kembali ke draf otomatis."
                if ke_draf
                else f"Analisis {p.judul} disimpan; dipakai pada pembangunan LKjIP berikutnya."
                if berubah
                else f"Analisis {p.judul} tidak berubah."
            ),
        )
    if p.teks:
        with st.expander("Draf otomatis bagian ini"):
            st.text(p.draf)


if allowed(aktor.peran, Izin.SUSUN_LAPORAN):
    st.subheader("Bangun laporan")
    st.caption(
        "Laporan dibangun di latar belakang (Excel dan PDF); kemajuannya tampil di bawah ini "
        "dan halaman tetap dapat dipakai. Setiap pembangunan menjadi versi baru."
    )
    c1, c2, c3 = st.columns(3)
    jenis = c1.selectbox("Jenis", list(JENIS), format_func=JENIS.__getitem__, key="bangun_jenis")
    tahun = c2.number_input(
        "Tahun", min_value=2000, max_value=2100, value=today.year, step=1, key="bangun_tahun"
    )
    periode = c3.selectbox(
        "Periode",
        report_builds.PERIODE[jenis],
        format_func=LABEL_PERIODE.__getitem__,
        key=f"bangun_periode_{jenis}",
    )
    if st.button("Bangun laporan", type="primary", key="bangun"):
        act(
            lambda: report_builds.request_report_build(rt, aktor, jenis, int(tahun), periode),
            f"{report_title(jenis, int(tahun), periode)} sedang dibangun; "
            "kemajuannya tampil di bawah.",
        )
    if jenis == "tahunan":
        with st.expander(f"Analisis LKjIP Tahun {int(tahun)} (draf dapat disunting)"):
            edit_analysis(int(tahun))
    build_progress()

daftar = publication.list_reports(rt, aktor)
if not daftar:
    st.info("Belum ada laporan.")
    st.stop()
st.dataframe(tabulate_laporan(daftar), hide_index=True, width="stretch")
pilihan = {v.id: v for v in daftar}
vid = st.selectbox("Versi laporan", list(pilihan), format_func=lambda i: pilihan[i].judul)
v = pilihan[vid]
c_pdf, c_xlsx = st.columns(2)
for kolom, ext in ((c_pdf, "pdf"), (c_xlsx, "xlsx")):
    if (v.ada_pdf if ext == "pdf" else v.ada_xlsx) and kolom.button(
        f"Buka {ext.upper()}", key=f"buka_{ext}_{v.id}"
    ):
        try:
            nama, isi = publication.open_report(rt, aktor, v.id, ext)
        except LakipError as exc:
            show_error(exc)
        else:
            kolom.download_button(f"Unduh {nama}", isi, file_name=nama, key=f"unduh_{ext}_{v.id}")

boleh_ajukan = v.status is StatusLaporan.DRAF and allowed(aktor.peran, Izin.SUSUN_LAPORAN)
if v.kekurangan and allowed(aktor.peran, Izin.REKAP):
    # The pre-publication check of an annual report, shown before it goes for review.
    st.warning(
        "Sebelum diajukan untuk reviu, periksa kekurangan laporan ini:\n\n"
        + "\n".join(f"- {escape_markdown(k)}" for k in v.kekurangan)
    )
if boleh_ajukan and st.button("Ajukan untuk reviu", key="ajukan"):
    act(lambda: publication.submit_report(rt, aktor, v.id), f"{v.judul} diajukan kepada Irban Wil.")
if allowed(aktor.peran, Izin.SOSIALISASI) and v.status is not StatusLaporan.DITERBITKAN:
    calon = {c.id: c for c in publication.list_recipients(rt, aktor)}
    with st.form("terbitkan"):
        pilih = st.multiselect(
            "Penerima", list(calon), format_func=lambda i: f"{calon[i].nama} ({calon[i].peran})"
        )
        if st.form_submit_button("Terbitkan"):
            act(
                lambda: publication.publish_report(rt, aktor, v.id, pilih),
                f"{v.judul} diterbitkan kepada {len(pilih)} penerima.",
            )
if allowed(aktor.peran, Izin.REVIU) and v.status is StatusLaporan.DIAJUKAN:
    n = st.session_state.setdefault("reviu_laporan_form", 0)  # a new form after each decision
    with st.form(f"reviu_laporan_{n}"):
        st.subheader("Reviu laporan")
        keputusan = st.radio("Keputusan", ["YA", "TIDAK"], horizontal=True)
        catatan = st.text_area(
            "Catatan reviu", help="Wajib untuk TIDAK: apa yang harus diperbaiki."
        )
        if st.form_submit_button("Simpan keputusan", type="primary"):
            act(
                lambda: review.review_report(rt, aktor, v.id, keputusan, catatan),
                f"Keputusan {keputusan} untuk {v.judul} disimpan.",
                then=lambda: st.session_state.update(reviu_laporan_form=n + 1),
            )
if (
    allowed(aktor.peran, Izin.SETUJUI_TAHUNAN)
    and v.jenis == "tahunan"
    and v.status is StatusLaporan.DITERIMA
    and st.button("Setujui laporan tahunan", type="primary", key=f"setujui_{v.id}")
):
    act(lambda: publication.approve_annual_report(rt, aktor, v.id), f"{v.judul} disetujui.")
if allowed(aktor.peran, Izin.REKAP):
    riwayat = review.report_decisions(rt, aktor, v.id)
    if riwayat:
        st.subheader("Riwayat reviu")
        for d in riwayat:
            with st.container(border=True):
                st.markdown(
                    f"**{d.keputusan}** · {escape_markdown(d.reviewer)} · "
                    f"{format_time(d.diputuskan_pada)}"
                )
                if d.catatan:
                    st.text(d.catatan)
if v.penerima:
    st.subheader("Penerima")
    st.dataframe(tabulate_penerima(v.penerima), hide_index=True, width="stretch")
