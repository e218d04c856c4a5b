"""Beranda: what the system holds, at a glance."""

from __future__ import annotations

import streamlit as st

from lakip.services.overview import summarize_overview
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.tables import bilangan, daftar_tahun, tabel_putaran, teks_polos, waktu

aktor = require_page(None, "beranda")
data = summarize_overview(get_runtime(), aktor)

st.title("Beranda")
if data.profil is not None:
    st.markdown(f"**{teks_polos(data.profil.nama)}** — {teks_polos(data.profil.pemerintah_daerah)}")
    if data.profil.alamat:
        st.caption(teks_polos(data.profil.alamat))
else:
    st.info("Profil instansi belum diatur. Admin dapat mengaturnya lewat baris perintah.")
st.markdown(f"Selamat datang, **{teks_polos(aktor.nama)}** ({aktor.peran.value}).")

st.subheader("Perencanaan")
c1, c2, c3, c4 = st.columns(4)
tahun_aktif = data.profil.tahun_aktif if data.profil else None
c1.metric("Tahun aktif", str(tahun_aktif) if tahun_aktif else "—", border=True)
c2.metric("Tahun perencanaan", daftar_tahun(data.tahun_rencana), border=True)
c3.metric("Sasaran strategis", bilangan(data.jumlah_sasaran), border=True)
c4.metric("Indikator kinerja", bilangan(data.jumlah_indikator), border=True)

st.subheader("Pengumpulan data")
c1, c2, c3, c4 = st.columns(4)
c1.metric("Unit pelapor", bilangan(data.jumlah_unit), border=True)
c2.metric("Laporan triwulan", bilangan(data.jumlah_pengiriman), border=True)
c3.metric("Versi diunggah", bilangan(data.jumlah_versi), border=True)
c4.metric("Pengguna", bilangan(data.jumlah_pengguna), border=True)

c1, c2 = st.columns(2)
c1.metric("Unggahan terakhir", waktu(data.unggahan_terakhir), border=True)
c2.metric("Pekerjaan latar belakang aktif", bilangan(data.job_aktif), border=True)

st.subheader("Putaran pengumpulan")
if data.putaran:
    st.dataframe(tabel_putaran(data.putaran), hide_index=True, width="content")
else:
    st.caption("Belum ada putaran pengumpulan yang dibuka.")
