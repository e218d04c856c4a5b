"""The first line of every page: who is asking, and may they see this page.

A page reached by URL or ``st.switch_page`` renders nothing of its own until this passes; the
services check again on every call.
"""

from __future__ import annotations

from contextlib import suppress
from typing import Final, NoReturn

import streamlit as st
from streamlit.errors import StreamlitAPIException

from lakip.domain.roles import Izin
from lakip.services.access import Aktor, require
from lakip.services.errors import Ditolak
from ui.runtime import get_runtime
from ui.session import AKTOR, current_aktor

PESAN_BELUM_MASUK: Final = "Anda belum masuk. Silakan masuk terlebih dahulu."
_DIULANG: Final = "_halaman_diulang_lewat_app"


def _refuse(pesan: str) -> NoReturn:
    st.error(pesan, icon=":material/block:")
    st.stop()


def require_page(izin: Izin | None, halaman: str) -> Aktor:
    """The session's actor when it may open ``halaman``; otherwise shows a refusal in
    Indonesian and stops the script before the page renders anything else.

    A refusal by role goes through :func:`lakip.services.access.require`, so it is audited.
    """
    if AKTOR not in st.session_state and not st.session_state.get(_DIULANG):
        # app.py has not run in this session. Until the first st.navigation call of a
        # Streamlit process, a request for a page URL takes Streamlit's legacy ``pages/``
        # path, which runs that page file alone and lists every file of pages/ in the
        # sidebar. Go to app.py instead (registered there as the main page); its
        # st.navigation ends the legacy mode for the whole process.
        st.session_state[_DIULANG] = True
        # No app.py beside the script (a page run on its own, as in tests): refuse below.
        with suppress(StreamlitAPIException):
            st.switch_page("app.py")
    aktor = current_aktor()
    if aktor is None:
        _refuse(PESAN_BELUM_MASUK)
    if izin is not None:
        try:
            require(get_runtime(), aktor, izin, aksi=f"halaman.{halaman}")
        except Ditolak as exc:
            _refuse(str(exc))
    return aktor
