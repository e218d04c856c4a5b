"""Pemberitahuan: the signed-in user's own notices (rounds opened, deadlines, corrections,
corrected versions, reports published), newest first; mark them read."""

from __future__ import annotations

import streamlit as st

from lakip.domain.formatting import format_count, format_local_datetime
from lakip.services import notifications
from ui.guard import require_page
from ui.runtime import get_runtime

EMAIL = {"menunggu": "menunggu dikirim", "terkirim": "terkirim", "gagal": "gagal dikirim"}

aktor = require_page(None, "pemberitahuan")
rt = get_runtime()
zona = rt.settings.timezone
st.title("Pemberitahuan")
hanya_baru = st.toggle("Hanya yang belum dibaca", key="hanya_baru")
daftar = notifications.list_notices(rt, aktor, belum_dibaca=hanya_baru)
belum = notifications.count_unread(rt, aktor)
st.caption(f"{format_count(belum)} belum dibaca.")
if belum and st.button("Tandai semua sudah dibaca", key="baca_semua"):
    notifications.mark_read(rt, aktor)
    st.rerun()
if not daftar:
    st.info("Tidak ada pemberitahuan.")
for n in daftar:
    with st.container(border=True):
        tanda = "" if n.dibaca else "🔵 "
        st.markdown(f"**{tanda}{n.judul}**")
        st.caption(
            format_local_datetime(n.dibuat, zona)
            + (f" · e-mail {EMAIL[n.email_status]}" if n.email_status in EMAIL else "")
        )
        st.text(n.isi)
        if not n.dibaca and st.button("Tandai dibaca", key=f"baca_{n.id}"):
            notifications.mark_read(rt, aktor, [n.id])
            st.rerun()
