"""Akun Saya: the logged-in user's own account and password."""

from __future__ import annotations

import streamlit as st

from lakip.services.account import change_own_password, own_profile
from ui import session
from ui.feedback import act, show_flash
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.tables import escape_markdown, format_time

aktor = require_page(None, "akun")
rt = get_runtime()
st.title("Akun Saya")
show_flash()

profil = own_profile(rt, aktor)
c1, c2 = st.columns(2)
c1.markdown(f"**Nama pengguna**  \n{escape_markdown(profil.username)}")
c1.markdown(f"**Nama**  \n{escape_markdown(profil.nama)}")
c1.markdown(f"**NIP**  \n{escape_markdown(profil.nip or '—')}")
c2.markdown(f"**Peran**  \n{profil.peran.value}")
c2.markdown(f"**Unit kerja**  \n{escape_markdown(profil.unit_nama or '—')}")
c2.markdown(f"**Jabatan**  \n{escape_markdown(profil.jabatan or '—')}")
st.caption(f"Login terakhir: {format_time(profil.login_terakhir)}")

st.subheader("Ganti kata sandi")
with st.form("form_ganti_sandi", clear_on_submit=True):
    lama = st.text_input("Kata sandi saat ini", type="password", autocomplete="current-password")
    baru = st.text_input("Kata sandi baru", type="password", autocomplete="new-password")
    ulang = st.text_input("Ulangi kata sandi baru", type="password", autocomplete="new-password")
    st.caption("Minimal 10 karakter, tidak memuat nama pengguna, dan tidak hanya angka.")
    kirim = st.form_submit_button("Simpan kata sandi", type="primary")

if kirim:
    if baru != ulang:
        st.error("Kata sandi baru dan ulangannya tidak sama.")
    else:
        act(
            lambda: change_own_password(rt, aktor, lama, baru),
            "Kata sandi berhasil diganti.",
            then=session.password_changed,
        )
