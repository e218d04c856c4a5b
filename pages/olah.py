"""Olah Data (SOP step 3): a quarter's achievements per indicator and objective, for the
quarter and the year to date, the data-quality findings, the units' kendala and upaya per
indicator, and "olah data selesai"."""

from __future__ import annotations

import streamlit as st

from lakip.domain.formatting import format_local_datetime
from lakip.domain.periods import quarter_label
from lakip.domain.roles import Izin
from lakip.services import processing
from lakip.services.achievement import CapaianPeriode, draw_capaian_chart
from lakip.services.overview import summarize_overview
from ui.feedback import act, read_or_stop, show_flash
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.selectors import choose_quarter_row
from ui.tables import tabulate_capaian, tabulate_catatan, tabulate_masalah_data, tabulate_sasaran

aktor = require_page(Izin.REKAP, "olah")
rt = get_runtime()
zona = rt.settings.timezone
st.title("Olah Data Triwulan")
st.caption(
    "Langkah 3 SOP: capaian per indikator dan sasaran untuk triwulan ini dan s.d. triwulan ini, "
    "pemeriksaan kualitas data, serta kendala dan upaya unit."
)
show_flash()
info = summarize_overview(rt, aktor)
tahun, tw = choose_quarter_row(info, "olah")
data = read_or_stop(lambda: processing.process_quarter(rt, aktor, tahun, tw))
if not data.triwulan_ini.indikator:
    st.info(f"Belum ada indikator dengan target untuk tahun {tahun}.")
    st.stop()

indikator = data.triwulan_ini.indikator
m1, m2, m3, m4 = st.columns(4)
m1.metric("Indikator", len(indikator))
m2.metric(
    f"Realisasi {quarter_label(tw)} masuk", sum(1 for i in indikator if i.realisasi is not None)
)
m3.metric("Catatan kualitas data", len(data.masalah))
m4.metric("Indikator dengan kendala/upaya", len(data.catatan))


def show_achievements(hasil: CapaianPeriode, key: str) -> None:
    st.dataframe(
        tabulate_capaian(hasil.indikator),
        hide_index=True,
        width="stretch",
        column_config={"Indikator": st.column_config.TextColumn(width="medium")},
        key=f"capaian_{key}",
    )
    grafik = draw_capaian_chart(hasil)
    if grafik is not None:
        st.altair_chart(grafik, width="stretch", key=f"grafik_{key}")
    st.markdown("**Capaian sasaran strategis**")
    st.dataframe(
        tabulate_sasaran(hasil.sasaran), hide_index=True, width="stretch", key=f"sasaran_{key}"
    )


t_tw, t_sd, t_mutu, t_catatan = st.tabs(
    [
        f"Capaian {quarter_label(tw)}",
        f"Capaian s.d. {quarter_label(tw)}",
        f"Kualitas data ({len(data.masalah)})",
        "Kendala dan upaya",
    ]
)
with t_tw:
    show_achievements(data.triwulan_ini, "tw")
with t_sd:
    show_achievements(data.sampai_triwulan, "sd")
    st.caption(
        "Indikator kumulatif dijumlahkan hanya bila semua triwulannya sudah berdata; bila belum, "
        'ditulis "belum lengkap, n dari m triwulan" dan capaiannya belum dihitung.'
    )
with t_mutu:
    if data.masalah:
        st.dataframe(tabulate_masalah_data(data.masalah), hide_index=True, width="stretch")
    else:
        st.success("Tidak ada catatan kualitas data untuk triwulan ini.")
with t_catatan:
    if data.catatan:
        st.dataframe(tabulate_catatan(data.catatan), hide_index=True, width="stretch")
    else:
        st.info("Unit belum menulis kendala atau upaya untuk triwulan ini.")

st.subheader("Penyelesaian olah data")
langkah = data.langkah_olah
if data.olah_selesai and langkah is not None and langkah.selesai is not None:
    st.success(
        f"Olah data dinyatakan selesai oleh {langkah.oleh or 'sistem'} pada "
        f"{format_local_datetime(langkah.selesai, zona)}. {langkah.hasil or ''}"
    )
elif not data.rekap_selesai:
    st.info("Olah data dapat dinyatakan selesai setelah rekap selesai di halaman Rekap Triwulan.")
elif st.button("Olah data selesai", type="primary", key="olah_selesai"):
    act(
        lambda: processing.finish_processing(rt, aktor, tahun, tw),
        f"Olah data {data.judul} selesai.",
    )
