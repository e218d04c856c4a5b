"""Pemantauan SOP: per round, each step's elapsed time against its standard, the steps that
ran over, and a timeline."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from lakip.domain.formatting import format_duration, format_local_datetime
from lakip.domain.roles import Izin
from lakip.services import rounds, sop_monitoring
from ui.guard import require_page
from ui.runtime import get_runtime

aktor = require_page(Izin.REKAP, "pemantauan")
rt = get_runtime()
zona = rt.settings.timezone
st.title("Pemantauan SOP")
st.caption("Waktu tiap langkah SOP dibandingkan dengan waktu baku (Profil Instansi).")
daftar = rounds.list_rounds(rt, aktor)
if not daftar:
    st.info("Belum ada pengumpulan.")
    st.stop()
pilihan = {p.id: p for p in daftar}
pid = st.selectbox("Pengumpulan", list(pilihan), format_func=lambda i: pilihan[i].judul)
data = sop_monitoring.monitor_round(rt, aktor, int(pid))
if not data.langkah:
    st.info("Belum ada langkah SOP tercatat untuk pengumpulan ini.")
    st.stop()
c1, c2 = st.columns(2)
c1.metric("Langkah tercatat", len(data.langkah))
c2.metric("Melebihi waktu baku", len(data.melebihi))
st.dataframe(
    pd.DataFrame(
        [
            {
                "No": s.nomor,
                "Langkah": s.uraian,
                "Pelaksana": s.oleh or s.pelaksana,
                "Mulai": format_local_datetime(s.mulai, zona),
                "Selesai": format_local_datetime(s.selesai, zona) if s.selesai else "berjalan",
                "Waktu": format_duration(s.menit),
                "Waktu baku": format_duration(s.standar_menit),
                "Status": "Melebihi" if s.lewat else "Sesuai",
            }
            for s in data.langkah
        ]
    ),
    hide_index=True,
    width="stretch",
)
now = rt.clock()
timeline = pd.DataFrame(
    [
        {
            "Langkah": f"{s.nomor}. {s.uraian[:40]}",
            "Mulai": s.mulai.astimezone(zona).replace(tzinfo=None),
            "Selesai": (s.selesai or now).astimezone(zona).replace(tzinfo=None),
            "Status": "Melebihi" if s.lewat else "Sesuai",
        }
        for s in data.langkah
    ]
)
st.altair_chart(
    alt.Chart(timeline)
    .mark_bar()
    .encode(
        x=alt.X("Mulai:T", title="Waktu"),
        x2="Selesai:T",
        y=alt.Y("Langkah:N", sort=None, title=None),
        color=alt.Color(
            "Status:N",
            scale=alt.Scale(domain=["Sesuai", "Melebihi"], range=["#2e7d32", "#c62828"]),
        ),
    ),
    width="stretch",
)
