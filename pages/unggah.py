"""Unggah Laporan Triwulan: template download, upload, version history, the quarter's figures
(SOP step 1)."""

from __future__ import annotations

from functools import partial

import streamlit as st

from lakip.domain.filenames import quarter_version_name
from lakip.domain.formatting import format_date
from lakip.domain.periods import quarter_title
from lakip.domain.roles import Izin
from lakip.services.achievement import compute_capaian
from lakip.services.errors import InputTidakValid, LakipError, Masalah
from lakip.services.history import list_versions, version_file
from lakip.services.overview import summarize_overview
from lakip.services.rounds import unit_task
from lakip.services.submissions import HasilUnggah, submit_quarter
from lakip.services.templates import template_for, units_for
from ui.feedback import show_error, show_problems, show_rejected_workbook
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.selectors import apply_pending, choose_year_quarter
from ui.tables import (
    HasilBerkas,
    escape_markdown,
    tabulate_capaian,
    tabulate_hasil_berkas,
    tabulate_versi,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
K_UNIT, K_TAHUN, K_TW = "unggah_unit", "unggah_tahun", "unggah_tw"
K_HASIL, K_PILIH, K_BANYAK = "unggah_hasil", "unggah_pilih", "unggah_banyak"
KOLOM_CAPAIAN = {"Indikator": st.column_config.TextColumn(width="large")}

aktor = require_page(Izin.UNGGAH_REALISASI, "unggah")
rt = get_runtime()
st.title("Unggah Laporan Triwulan")

units = dict(units_for(rt, aktor))
if not units:
    st.info("Belum ada unit yang dapat Anda laporkan. Impor dokumen perencanaan terlebih dahulu.")
    st.stop()

apply_pending(K_PILIH, (K_UNIT, K_TAHUN, K_TW))
if st.session_state.get(K_UNIT) not in units:
    st.session_state[K_UNIT] = next(iter(units))
c_unit, c_tahun, c_tw = st.columns([3, 1, 1])
kode = str(
    c_unit.selectbox(
        "Unit",
        list(units),
        format_func=lambda k: f"{k} — {units[k]}",
        key=K_UNIT,
        disabled=len(units) == 1,
    )
)
tahun, tw = choose_year_quarter(
    summarize_overview(rt, aktor), key_tahun=K_TAHUN, key_tw=K_TW, kolom=(c_tahun, c_tw)
)
judul = f"{escape_markdown(units[kode])} — {quarter_title(tahun, tw)}"

try:
    tugas = unit_task(rt, aktor, kode, tahun, tw)
except LakipError as exc:
    show_error(exc)
    tugas = None
if tugas is None:
    st.caption(f"Belum ada pengumpulan yang dibuka untuk {quarter_title(tahun, tw)}.")
else:
    p = tugas.putaran
    sisa = (
        f"{tugas.sisa_hari} hari lagi"
        if tugas.sisa_hari > 0
        else "hari ini"
        if tugas.sisa_hari == 0
        else f"lewat {-tugas.sisa_hari} hari"
    )
    pesan = (
        f"Pengumpulan {p.judul}: {tugas.terisi} dari {tugas.wajib} indikator terisi · "
        f"batas waktu {format_date(p.batas_waktu)} ({sisa})."
    )
    if tugas.boleh_unggah:
        st.info(pesan, icon=":material/event:")
    else:
        st.warning(
            pesan + " Pengumpulan tidak menerima unggahan unit ini saat ini.",
            icon=":material/event_busy:",
        )
    if p.disposisi:
        st.caption(f"Disposisi: {escape_markdown(p.disposisi)}")
    for k in tugas.koreksi:
        tanda = " (sudah dijawab dengan versi baru)" if k.selesai else ""
        st.warning(
            f"Hasil koreksi Irban Wil — {k.kode_indikator} {escape_markdown(k.nama_indikator)}: "
            f"{escape_markdown(k.catatan)}{tanda}",
            icon=":material/rule:",
        )

st.subheader("1. Unduh template")
st.caption(
    "Template sudah berisi indikator dan target triwulan unit ini. Isi kolom Realisasi "
    "(kosongkan bila belum ada data, jangan isi 0), lalu unggah kembali."
)
try:
    nama_template, isi_template = template_for(rt, aktor, kode, tahun, tw)
except LakipError as exc:
    show_error(exc)
else:
    st.download_button(
        "Unduh template",
        isi_template,
        file_name=nama_template,
        mime=XLSX,
        icon=":material/download:",
    )

st.subheader("2. Unggah laporan yang sudah diisi")
st.caption(
    "Unit, tahun dan triwulan dibaca dari lembar Identitas pada berkas. Setiap unggahan yang "
    "diterima menjadi versi baru; versi sebelumnya tetap tersimpan."
)
with st.form("form_unggah", clear_on_submit=True):
    berkas = st.file_uploader(
        "Berkas laporan triwulan (.xlsx) — boleh beberapa sekaligus",
        type=["xlsx"],
        accept_multiple_files=True,
    )
    kirim = st.form_submit_button("Unggah", type="primary", icon=":material/upload:")
if kirim:
    # The previous upload's results no longer apply.
    st.session_state.pop(K_HASIL, None)
    st.session_state.pop(K_BANYAK, None)
    if not berkas:
        st.warning("Pilih berkas .xlsx terlebih dahulu, lalu tekan Unggah.")
    elif len(berkas) == 1:
        try:
            hasil = submit_quarter(rt, aktor, berkas[0].getvalue(), berkas[0].name)
        except InputTidakValid as exc:
            show_rejected_workbook(exc)
        except LakipError as exc:
            show_error(exc)
        else:
            # Show the quarter the workbook itself named, which may differ from the choice above.
            st.session_state[K_HASIL] = hasil
            st.session_state[K_PILIH] = (hasil.kode_unit, hasil.tahun, hasil.triwulan)
            st.rerun()
    else:
        # Each file on its own, all or nothing (as `import-quarter FILE ...`): a rejected one
        # keeps none of its rows and stops none of the others.
        hasil_berkas: list[HasilBerkas] = []
        for b in berkas:
            try:
                hasil_berkas.append(
                    HasilBerkas(b.name, submit_quarter(rt, aktor, b.getvalue(), b.name))
                )
            except InputTidakValid as exc:
                hasil_berkas.append(HasilBerkas(b.name, None, exc.masalah))
            except LakipError as exc:
                hasil_berkas.append(HasilBerkas(b.name, None, [Masalah("", str(exc))]))
        st.session_state[K_BANYAK] = hasil_berkas
        st.rerun()

hasil_banyak = st.session_state.get(K_BANYAK)
if isinstance(hasil_banyak, list) and hasil_banyak:
    diterima = sum(1 for h in hasil_banyak if h.hasil is not None)
    ringkas = f"{diterima} dari {len(hasil_banyak)} berkas diterima."
    if diterima == len(hasil_banyak):
        st.success(ringkas, icon=":material/check_circle:")
    else:
        st.warning(
            f"{ringkas} Berkas yang ditolak tidak menyimpan apa pun; perbaiki lalu unggah kembali.",
            icon=":material/warning:",
        )
    st.dataframe(tabulate_hasil_berkas(hasil_banyak), hide_index=True, width="stretch")
    for h in hasil_banyak:
        if h.masalah:
            judul_masalah = "Kesalahan" if h.hasil is None else "Catatan"
            with st.expander(f"{judul_masalah} pada {h.nama} ({len(h.masalah)})"):
                show_problems(h.masalah, judul_masalah)

hasil_terakhir = st.session_state.get(K_HASIL)
if isinstance(hasil_terakhir, HasilUnggah) and (
    hasil_terakhir.kode_unit,
    hasil_terakhir.tahun,
    hasil_terakhir.triwulan,
) == (kode, tahun, tw):
    h = hasil_terakhir
    st.success(
        f"Laporan {escape_markdown(h.nama_unit)} {quarter_title(h.tahun, h.triwulan)} diterima dan disimpan "
        f"sebagai versi {h.nomor}: {h.jumlah_realisasi} realisasi terisi, "
        f"{h.jumlah_kosong} belum ada data.",
        icon=":material/check_circle:",
    )
    if h.peringatan:
        st.warning(f"{len(h.peringatan)} catatan untuk diperiksa (data tetap disimpan):")
        show_problems(h.peringatan, "Catatan")

st.subheader("Riwayat versi")
st.caption(judul)
try:
    versi = list_versions(rt, aktor, kode, tahun, tw)
except LakipError as exc:
    show_error(exc)
    versi = []
if versi:
    st.dataframe(tabulate_versi(versi), hide_index=True, width="stretch")
    tombol = st.columns(6)
    for i, v in enumerate(versi):
        tombol[i % len(tombol)].download_button(
            f"Unduh versi {v.nomor}",
            data=partial(lambda vid: version_file(rt, aktor, vid)[1], v.id),
            file_name=quarter_version_name(kode, tahun, tw, v.nomor),
            mime=XLSX,
            key=f"unduh_versi_{v.id}",
            on_click="ignore",
        )
else:
    st.caption("Belum ada laporan yang diunggah untuk triwulan ini.")

st.subheader("Capaian triwulan")
if versi:
    capaian = compute_capaian(rt, aktor, tahun, f"TW{tw}")
    milik_unit = [i for i in capaian.indikator if i.kode_unit == kode]
    st.dataframe(
        tabulate_capaian(milik_unit, satu_unit_satu_triwulan=True),
        hide_index=True,
        width="stretch",
        column_config=KOLOM_CAPAIAN,
    )
    st.caption('Dihitung dari versi terbaru. "belum ada data" berarti realisasi belum diisi.')
else:
    st.caption("Capaian tampil setelah laporan triwulan ini diterima.")
