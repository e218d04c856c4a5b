"""Optional single sign-on through ``st.login`` (OpenID Connect), off by default.

It is on only when ``.streamlit/secrets.toml`` has an ``[auth]`` section (Streamlit's own
format: ``redirect_uri`` ending in ``/oauth2callback``, ``cookie_secret``, ``client_id``,
``client_secret``, ``server_metadata_url``; ``pip install "streamlit[auth]"``). The provider
proves who the person is; what they may do still comes from a *local* account: the identity's
e-mail, which the provider must say is verified (``email_verified`` true; a missing claim is
refused), must equal the ``email`` of an active user, whose role and unit then apply.
No account is created from a sign-in. Without ``[auth]`` nothing here touches ``st.user``.
"""

from __future__ import annotations

import streamlit as st

from lakip.services.access import Aktor
from lakip.services.runtime import Runtime
from lakip.services.signin import PESAN_SSO_TIDAK_TERHUBUNG, LoginGagal, login_sso

# Why the last SSO identity was refused, for the login page (per user, in session_state).
_PESAN: str = "sso_pesan"


def oidc_enabled() -> bool:
    """True when secrets.toml configures ``[auth]``; never raises when it does not exist."""
    try:
        return bool(st.secrets.load_if_toml_exists() and "auth" in st.secrets)
    except Exception:  # a malformed secrets file must not lock everyone out of the login form
        return False


def has_sso_identity() -> bool:
    """True when an OIDC identity is signed in (``st.user`` may lack the key otherwise)."""
    return oidc_enabled() and bool(st.user.get("is_logged_in", False))


def aktor_from_identity(rt: Runtime) -> Aktor | None:
    """The local actor for the signed-in OIDC identity, or None (the refusal is audited by
    the service and the login page explains it)."""
    if not has_sso_identity():
        return None
    try:
        return login_sso(rt, st.user.to_dict())
    except LoginGagal as exc:
        st.session_state[_PESAN] = str(exc)
        return None


def show_sso_button() -> None:
    """The single sign-on button under the login form (only when configured)."""
    if not oidc_enabled():
        return
    st.divider()
    if has_sso_identity():
        st.warning(st.session_state.get(_PESAN, PESAN_SSO_TIDAK_TERHUBUNG))
        if st.button("Keluar dari SSO"):
            st.logout()
    elif st.button("Masuk dengan akun SSO instansi", icon=":material/key:"):
        st.login()
