"""Optional single sign-on through ``st.login`` (OpenID Connect), off by default.

It is on only when ``.streamlit/secrets.toml`` has an ``[auth]`` section (Streamlit's own
format: ``redirect_uri`` ending in ``/oauth2callback``, ``cookie_secret``, ``client_id``,
``client_secret``, ``server_metadata_url``; ``pip install "streamlit[auth]"``). The provider
proves who the person is; what they may do still comes from a *local* account: the identity's
verified e-mail must equal the ``email`` of an active user, whose role and unit then apply.
No account is created from a sign-in. Without ``[auth]`` nothing here touches ``st.user``.
"""

from __future__ import annotations

import streamlit as st

from lakip.services.access import SISTEM, Aktor, audit_now
from lakip.services.runtime import Runtime
from lakip.services.users import list_users


def oidc_aktif() -> bool:
    """True when secrets.toml configures ``[auth]``; never raises when it does not exist."""
    try:
        return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)
    except Exception:  # a malformed secrets file must not lock everyone out of the login form
        return False


def identitas_sso() -> bool:
    """True when an OIDC identity is signed in (``st.user`` may lack the key otherwise)."""
    return oidc_aktif() and bool(st.user.get("is_logged_in", False))


def aktor_dari_identitas(rt: Runtime) -> Aktor | None:
    """The local actor for the signed-in OIDC identity, or None.

    Stopgap until ``lakip.services.users`` offers a login by e-mail (which should also honour
    locks): the lookup reads the account list as the system and records the sign-in.
    """
    if not identitas_sso():
        return None
    email = str(st.user.get("email") or "").strip().lower()
    if not email or st.user.get("email_verified") is False:
        return None
    for u in list_users(rt, SISTEM):
        if u.aktif and (u.email or "").strip().lower() == email:
            aktor = Aktor(u.id, u.username, u.nama, u.peran, u.unit_id)
            audit_now(rt, aktor, "login", objek="pengguna", objek_id=u.id, detail={"cara": "oidc"})
            return aktor
    return None


def tombol_masuk_sso() -> None:
    """The single sign-on button under the login form (only when configured)."""
    if not oidc_aktif():
        return
    st.divider()
    if identitas_sso():
        st.warning(
            "Akun SSO Anda belum terhubung dengan pengguna aktif di sistem ini. "
            "Hubungi Admin untuk mendaftarkan alamat email Anda."
        )
        if st.button("Keluar dari SSO"):
            st.logout()
    elif st.button("Masuk dengan akun SSO instansi", icon=":material/key:"):
        st.login()
