"""The login screen: the only thing a visitor who is not logged in can see."""

from __future__ import annotations

import streamlit as st

from lakip.services.account import own_profile
from lakip.services.overview import read_agency_identity
from lakip.services.signin import LoginGagal, login
from ui import oidc, session
from ui.runtime import get_runtime
from ui.tables import escape_markdown


def agency_name() -> str:
    """The agency's full name for titles ("Dinas … Kabupaten …")."""
    profil = read_agency_identity(get_runtime())
    if profil is None:
        return "Instansi belum diatur"
    return f"{profil.nama} {profil.pemerintah_daerah}".strip()


def show_login_page() -> None:
    """Render the login form; on success remember the actor and rerun into the app."""
    rt = get_runtime()
    _, tengah, _ = st.columns([1, 2, 1])
    with tengah:
        st.title("LAKIP")
        st.subheader(escape_markdown(agency_name()))
        st.caption("Pengumpulan Data Kinerja dan Laporan Kinerja Instansi Pemerintah")
        pesan = session.pop_message()
        if pesan:
            st.info(pesan, icon=":material/info:")
        with st.form("masuk", clear_on_submit=True):
            username = st.text_input("Nama pengguna", autocomplete="username")
            password = st.text_input("Kata sandi", type="password", autocomplete="current-password")
            kirim = st.form_submit_button("Masuk", type="primary")
        if kirim:
            try:
                aktor = login(rt, username, password)
            except LoginGagal as exc:
                st.error(escape_markdown(str(exc)))
            else:
                harus_ganti = own_profile(rt, aktor).harus_ganti_password
                session.start_session(aktor, harus_ganti_sandi=harus_ganti)
                st.rerun()
        oidc.show_sso_button()
