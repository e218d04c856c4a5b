"""Beranda: what the system holds, at a glance."""

from __future__ import annotations

import streamlit as st

from lakip.services.overview import summarize_overview
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.tables import (
    escape_markdown,
    format_count,
    format_time,
    format_years,
    tabulate_putaran,
)

aktor = require_page(None, "beranda")
data = summarize_overview(get_runtime(), aktor)

st.title("Beranda")
if data.profil is not None:
    st.markdown(
        f"**{escape_markdown(data.profil.nama)}** — {escape_markdown(data.profil.pemerintah_daerah)}"
    )
    if data.profil.alamat:
        st.caption(escape_markdown(data.profil.alamat))
else:
    st.info("Profil instansi belum diatur. Admin dapat mengaturnya lewat baris perintah.")
st.markdown(f"Selamat datang, **{escape_markdown(aktor.nama)}** ({aktor.peran.value}).")

st.subheader("Perencanaan")
c1, c2, c3, c4 = st.columns(4)
tahun_aktif = data.profil.tahun_aktif if data.profil else None
c1.metric("Tahun aktif", str(tahun_aktif) if tahun_aktif else "—", border=True)
c2.metric("Tahun perencanaan", format_years(data.tahun_rencana), border=True)
c3.metric("Sasaran strategis", format_count(data.jumlah_sasaran), border=True)
c4.metric("Indikator kinerja", format_count(data.jumlah_indikator), border=True)

st.subheader("Pengumpulan data")
c1, c2, c3, c4 = st.columns(4)
c1.metric("Unit pelapor", format_count(data.jumlah_unit), border=True)
c2.metric("Laporan triwulan", format_count(data.jumlah_pengiriman), border=True)
c3.metric("Versi diunggah", format_count(data.jumlah_versi), border=True)
c4.metric("Pengguna", format_count(data.jumlah_pengguna), border=True)

c1, c2 = st.columns(2)
c1.metric("Unggahan terakhir", format_time(data.unggahan_terakhir), border=True)
c2.metric("Pekerjaan latar belakang aktif", format_count(data.job_aktif), border=True)

st.subheader("Putaran pengumpulan")
if data.putaran:
    st.dataframe(tabulate_putaran(data.putaran), hide_index=True, width="content")
else:
    st.caption("Belum ada putaran pengumpulan yang dibuka.")
