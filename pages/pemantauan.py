"""Pemantauan SOP: per round, each step's elapsed time against its standard, the steps that
ran over, and a timeline."""

from __future__ import annotations

import altair as alt
import streamlit as st

from lakip.domain.formatting import format_duration
from lakip.domain.roles import Izin
from lakip.services import rounds, sop_monitoring
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.tables import tabulate_langkah_sop, timeline_langkah_sop

aktor = require_page(Izin.REKAP, "pemantauan")
rt = get_runtime()
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
for s in data.melebihi:
    st.warning(
        f"Langkah {s.nomor} ({s.uraian}) melebihi waktu baku: {format_duration(s.menit)}, "
        f"baku {format_duration(s.standar_menit)}."
    )
st.dataframe(
    tabulate_langkah_sop(data.langkah),
    hide_index=True,
    width="stretch",
    column_config={"Langkah": st.column_config.TextColumn(width="medium")},
)
now = rt.clock()
timeline = timeline_langkah_sop(data.langkah, now)
st.altair_chart(
    alt.Chart(timeline)
    .mark_bar()
    .encode(
        x=alt.X("Mulai:T", title="Waktu", axis=alt.Axis(format="%d/%m %H:%M", labelAngle=0)),
        x2="Selesai:T",
        y=alt.Y("Langkah:N", sort=None, title=None, axis=alt.Axis(labelLimit=420)),
        color=alt.Color(
            "Status:N",
            scale=alt.Scale(domain=["Sesuai", "Melebihi"], range=["#2e7d32", "#c62828"]),
        ),
        tooltip=["Langkah", "Mulai:T", "Selesai:T", "Status"],
    ),
    width="stretch",
)
