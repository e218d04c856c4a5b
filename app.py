"""Entry point: ``streamlit run app.py``.

Page config, session checks, the login form, and ``st.navigation`` with only the pages the
user's role allows (Streamlit then does not auto-list ``pages/``). Each page checks again
(``ui.guard``), and every service checks the actor's permission once more.
"""

from __future__ import annotations

import streamlit as st

from lakip.domain.roles import Peran
from lakip.services import notifications
from lakip.services.agency import read_logo
from lakip.services.users import ensure_no_default_passwords_in_production
from ui import navigation, oidc, session
from ui.login import agency_name, show_login_page
from ui.runtime import get_runtime
from ui.tables import escape_markdown

rt = get_runtime()


@st.cache_data(ttl=600, show_spinner=False)
def accounts_on_demo_passwords() -> list[str]:
    """Accounts still on a demo password (one Argon2 check each, so cached)."""
    return ensure_no_default_passwords_in_production(get_runtime())


instansi = agency_name()
st.set_page_config(
    page_title=f"LAKIP — {instansi}", page_icon=":material/assessment:", layout="wide"
)
session.init_state()

sebelumnya = session.current_aktor()
aktor = session.check_session(rt)
if aktor is None and oidc.has_sso_identity():
    if sebelumnya is not None:
        st.logout()  # expired or deactivated: the identity cookie must not sign them back in
    else:
        # Optional OIDC sign-in, only with an [auth] section in secrets.toml (ui/oidc.py).
        aktor = oidc.aktor_from_identity(rt)
        if aktor is not None:
            session.start_session(aktor)

if aktor is None:
    # Logged out: one hidden page, the login form, and nothing else.
    st.navigation(
        [st.Page(show_login_page, title="Masuk", icon=":material/login:", url_path="masuk")],
        position="hidden",
    ).run()
    st.stop()

gambar_logo = read_logo(rt)
if gambar_logo:
    st.logo(gambar_logo, size="large")
with st.sidebar:
    st.markdown(f"**{escape_markdown(instansi)}**")
    st.caption(f"{escape_markdown(aktor.nama)}  \n{aktor.peran.value}")
    belum_dibaca = notifications.count_unread(get_runtime(), aktor)
    if belum_dibaca:
        st.caption(f"{belum_dibaca} pemberitahuan belum dibaca")
    if st.button("Keluar", icon=":material/logout:", width="stretch", key="keluar"):
        session.end_session("Anda telah keluar.")
        if oidc.has_sso_identity():
            st.logout()
        st.rerun()

if aktor.peran is Peran.ADMIN and rt.settings.production:
    demo = accounts_on_demo_passwords()
    if demo:
        st.warning(
            "Mode produksi: akun berikut masih memakai kata sandi demo dan harus segera "
            f"direset atau dinonaktifkan: {', '.join(demo)}.",
            icon=":material/warning:",
        )

hanya_akun = session.must_change_password()
if hanya_akun:
    st.warning(
        "Kata sandi Anda baru direset oleh Admin. Ganti kata sandi terlebih dahulu "
        "untuk membuka menu lainnya.",
        icon=":material/lock_reset:",
    )
# expanded: every allowed page listed (collapsed, Streamlit hides those after the tenth).
st.navigation(navigation.menu(aktor.peran, hanya_akun=hanya_akun), expanded=True).run()
