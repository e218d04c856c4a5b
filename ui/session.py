"""What a browser session remembers: the logged-in actor and its last activity.

``app.py`` calls :func:`init_state` once per run, then :func:`check_session`, which ends a
session that has been idle too long or whose account was deactivated, and otherwise re-reads
the actor (role and unit) from the database so a change by the Admin applies at once.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

import streamlit as st

from lakip.services.access import Aktor
from lakip.services.runtime import Runtime
from lakip.services.signin import refresh_aktor, session_expired

AKTOR: Final = "aktor"
AKTIVITAS: Final = "aktivitas_terakhir"
HARUS_GANTI_SANDI: Final = "harus_ganti_sandi"
PESAN: Final = "pesan_sesi"

PESAN_KEDALUWARSA: Final = "Sesi berakhir karena tidak aktif; silakan masuk kembali."
PESAN_AKUN_BERUBAH: Final = "Sesi Anda telah berakhir; silakan masuk kembali."


def init_state() -> None:
    """Give every session key its default (called once per run, in the entry file)."""
    st.session_state.setdefault(AKTOR, None)
    st.session_state.setdefault(AKTIVITAS, None)
    st.session_state.setdefault(HARUS_GANTI_SANDI, False)
    st.session_state.setdefault(PESAN, None)


def current_aktor() -> Aktor | None:
    """The logged-in actor, or None."""
    aktor = st.session_state.get(AKTOR)
    return aktor if isinstance(aktor, Aktor) else None


def start_session(aktor: Aktor, *, harus_ganti_sandi: bool = False) -> None:
    """Remember ``aktor`` as logged in from now on."""
    st.session_state[AKTOR] = aktor
    st.session_state[AKTIVITAS] = datetime.now(UTC)
    st.session_state[HARUS_GANTI_SANDI] = harus_ganti_sandi
    st.session_state[PESAN] = None


def end_session(pesan: str | None = None) -> None:
    """Forget everything this session held; ``pesan`` is shown on the login form."""
    st.session_state.clear()
    init_state()
    st.session_state[PESAN] = pesan


def pop_message() -> str | None:
    """The message left for the login form by :func:`end_session`, once."""
    pesan = st.session_state.get(PESAN)
    st.session_state[PESAN] = None
    return pesan if isinstance(pesan, str) else None


def check_session(rt: Runtime, now: datetime | None = None) -> Aktor | None:
    """The actor of this session after the idle and account checks, or None (logged out)."""
    aktor = current_aktor()
    if aktor is None:
        return None
    moment = now or datetime.now(UTC)
    last = st.session_state.get(AKTIVITAS)
    if not isinstance(last, datetime) or session_expired(
        last, moment, rt.settings.session_idle_minutes
    ):
        end_session(PESAN_KEDALUWARSA)
        return None
    fresh = refresh_aktor(rt, aktor)
    if fresh is None:
        end_session(PESAN_AKUN_BERUBAH)
        return None
    st.session_state[AKTOR] = fresh
    st.session_state[AKTIVITAS] = moment
    return fresh


def must_change_password() -> bool:
    """True until a user whose password the Admin reset has chosen a new one."""
    return bool(st.session_state.get(HARUS_GANTI_SANDI))


def password_changed() -> None:
    """Lift :func:`must_change_password` after a successful change."""
    st.session_state[HARUS_GANTI_SANDI] = False
