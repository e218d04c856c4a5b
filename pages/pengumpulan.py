"""Pengumpulan Data (SOP step 1): open a quarter's round with a deadline and a disposisi,
close it, reopen it with a reason; every round with its state and reopenings."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from lakip.domain.formatting import format_date, format_local_datetime
from lakip.domain.periods import QUARTERS, quarter_label, quarter_title
from lakip.domain.roles import Izin
from lakip.domain.workflow import StatusPutaran
from lakip.services import rounds
from ui.feedback import act, show_flash
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.tables import STATUS_PUTARAN

aktor = require_page(Izin.BUKA_PENGUMPULAN, "pengumpulan")
rt = get_runtime()
zona = rt.settings.timezone
st.title("Pengumpulan Data Triwulan")
st.caption(
    "Langkah 1 SOP: buka pengumpulan dengan batas waktu dan disposisi kepada unit. "
    "Pengumpulan ditutup otomatis pada batas waktu; unggahan terlambat perlu pembukaan ulang."
)
show_flash()
today = rt.clock().astimezone(zona).date()

with st.form("buka_putaran"):
    st.subheader("Buka pengumpulan")
    c1, c2, c3 = st.columns(3)
    tahun = c1.number_input("Tahun", min_value=2000, max_value=2100, value=today.year, step=1)
    triwulan = c2.selectbox("Triwulan", QUARTERS, format_func=quarter_label)
    batas = c3.date_input(
        "Batas waktu unggah", value=today + timedelta(days=14), format="DD/MM/YYYY"
    )
    disposisi = st.text_area(
        "Disposisi kepada unit", placeholder="Mohon unggah laporan kinerja triwulan …"
    )
    if st.form_submit_button("Buka pengumpulan", type="primary"):
        act(
            lambda: rounds.open_round(rt, aktor, int(tahun), int(triwulan), batas, disposisi),
            lambda p: f"Pengumpulan {p.judul} dibuka; batas waktu {format_date(p.batas_waktu)}.",
        )

daftar = rounds.list_rounds(rt, aktor)
st.subheader("Daftar pengumpulan")
if not daftar:
    st.info("Belum ada pengumpulan yang dibuka.")
    st.stop()
st.dataframe(
    pd.DataFrame(
        [
            {
                "Periode": p.judul,
                "Status": STATUS_PUTARAN[p.status],
                "Batas waktu": format_date(p.batas_waktu),
                "Dibuka ulang sampai": format_date(p.dibuka_ulang_sampai)
                if p.dibuka_ulang_sampai
                else "",
                "Dibuka": format_local_datetime(p.dibuka_pada, zona) if p.dibuka_pada else "",
                "Ditutup": format_local_datetime(p.ditutup_pada, zona) if p.ditutup_pada else "",
                "Disposisi": p.disposisi or "",
            }
            for p in daftar
        ]
    ),
    hide_index=True,
    width="stretch",
)

pilihan = {p.id: p for p in daftar}
pid = st.selectbox(
    "Pengumpulan",
    list(pilihan),
    format_func=lambda i: f"{pilihan[i].judul} ({STATUS_PUTARAN[pilihan[i].status]})",
)
p = pilihan[pid]
for b in p.pembukaan_ulang:
    st.caption(
        f"Dibuka ulang oleh {b.oleh or '-'} pada {format_local_datetime(b.pada, zona)} "
        f"sampai {format_date(b.sampai)}: {b.alasan}"
    )
if p.status is StatusPutaran.DIBUKA:
    if st.button("Tutup pengumpulan", key="tutup"):
        act(lambda: rounds.close_round(rt, aktor, p.id), f"Pengumpulan {p.judul} ditutup.")
elif p.status is StatusPutaran.DITUTUP:
    with st.form("buka_ulang"):
        st.markdown(f"**Buka ulang {quarter_title(p.tahun, p.triwulan)}** untuk unggahan terlambat")
        alasan = st.text_input("Alasan pembukaan ulang")
        sampai = st.date_input(
            "Dibuka sampai", value=today + timedelta(days=3), format="DD/MM/YYYY"
        )
        if st.form_submit_button("Buka ulang"):
            act(
                lambda: rounds.reopen_round(rt, aktor, p.id, alasan, sampai),
                f"Pengumpulan {p.judul} dibuka ulang sampai {format_date(sampai)}.",
            )
