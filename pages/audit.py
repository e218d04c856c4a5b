"""Log Audit: who did what, when, on what, with what result."""

from __future__ import annotations

import streamlit as st

from lakip.domain.roles import Izin
from lakip.services.auditlog import audit_actions, list_audit
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.tables import format_count, tabulate_audit

SEMUA = ""
BATAS = (100, 500, 1000, 5000)

aktor = require_page(Izin.LIHAT_AUDIT, "audit")
rt = get_runtime()
st.title("Log Audit")
st.caption(
    "Setiap tindakan tercatat: siapa, kapan, pada apa, dan hasilnya. Catatan tidak pernah diubah atau dihapus."
)

c_aksi, c_user, c_batas = st.columns([2, 2, 1])
aksi = c_aksi.selectbox(
    "Aksi",
    [SEMUA, *audit_actions(rt, aktor)],
    format_func=lambda a: a or "(semua aksi)",
    key="audit_aksi",
)
username = c_user.text_input("Nama pengguna", key="audit_username", placeholder="semua pengguna")
batas = c_batas.selectbox("Jumlah baris", BATAS, index=1, key="audit_batas")

baris = list_audit(rt, aktor, limit=int(batas), aksi=aksi or None, username=username or None)
st.caption(f"{format_count(len(baris))} catatan terbaru ditampilkan.")
st.dataframe(tabulate_audit(baris), hide_index=True, width="stretch")
