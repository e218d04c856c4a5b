"""Capaian Kinerja: achievement per indicator and objective for a named period (SOP step 3)."""

from __future__ import annotations

import streamlit as st

from lakip.domain.filenames import capaian_export_name
from lakip.domain.roles import Izin
from lakip.services.achievement import (
    compute_capaian,
    draw_capaian_chart,
    export_capaian_pdf,
    export_capaian_xlsx,
)
from lakip.services.errors import LakipError
from lakip.services.overview import summarize_overview
from ui.feedback import show_error
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.selectors import choose_period, initial_quarter, year_choices
from ui.tables import tabulate_capaian, tabulate_sasaran

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

aktor = require_page(Izin.LIHAT_CAPAIAN, "capaian")
rt = get_runtime()
st.title("Capaian Kinerja")

info = summarize_overview(rt, aktor)
format_years = year_choices(info)
tahun_awal, tw_awal = initial_quarter(info, format_years)
if st.session_state.get("capaian_tahun") not in format_years:
    st.session_state["capaian_tahun"] = tahun_awal
c_tahun, c_periode, _ = st.columns([1, 2, 3])
with c_tahun:
    tahun = int(st.selectbox("Tahun", format_years, key="capaian_tahun"))
with c_periode:
    periode = choose_period("Periode", key="capaian_periode", awal=f"SD{tw_awal}")

try:
    hasil = compute_capaian(rt, aktor, tahun, periode)
except LakipError as exc:
    show_error(exc)
    st.stop()

judul = f"{hasil.periode.label} Tahun {tahun}"
if not hasil.indikator:
    st.info(f"Belum ada indikator dengan target untuk tahun {tahun}.")
    st.stop()

c_xlsx, c_pdf, _ = st.columns([1, 1, 4])
c_xlsx.download_button(
    "Unduh Excel",
    data=lambda: export_capaian_xlsx(rt, aktor, tahun, periode)[1],
    file_name=capaian_export_name(tahun, hasil.periode.kode, "xlsx"),
    mime=XLSX,
    icon=":material/download:",
    on_click="ignore",
)
c_pdf.download_button(
    "Unduh PDF",
    data=lambda: export_capaian_pdf(rt, aktor, tahun, periode)[1],
    file_name=capaian_export_name(tahun, hasil.periode.kode, "pdf"),
    mime="application/pdf",
    icon=":material/picture_as_pdf:",
    on_click="ignore",
)

st.subheader(f"Capaian indikator — {judul}")
st.dataframe(
    tabulate_capaian(hasil.indikator),
    hide_index=True,
    width="stretch",
    height="content",
    column_config={
        "Indikator": st.column_config.TextColumn(width="medium"),
        "Unit": st.column_config.TextColumn(width="medium"),
    },
)
st.caption(
    "Capaian = realisasi ÷ target × 100 (indikator negatif: (2 − realisasi ÷ target) × 100). "
    '"belum ada data" berarti realisasi belum dilaporkan; tidak pernah dihitung sebagai 0.'
)

grafik = draw_capaian_chart(hasil)
if grafik is not None:
    st.altair_chart(grafik, width="stretch")

st.subheader(f"Capaian sasaran strategis — {judul}")
st.dataframe(
    tabulate_sasaran(hasil.sasaran),
    hide_index=True,
    width="stretch",
    column_config={"Sasaran": st.column_config.TextColumn(width="large")},
)
st.caption(
    f"Dihitung dari {len(hasil.sumber_versi)} versi laporan triwulan terbaru. Capaian sasaran "
    "adalah rata-rata capaian indikatornya yang sudah ada."
)
