"""Showing the services' Indonesian messages: errors in a table, results across a rerun."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import streamlit as st

from lakip.services.errors import InputTidakValid, LakipError, Masalah
from ui.tables import tabel_masalah, teks_polos, untuk_tabel_statis

_FLASH: Final = "pesan_halaman"


def ringkasan_tolak(jumlah: int) -> str:
    """The summary above a rejected workbook's error table."""
    return (
        "Berkas ditolak; tidak ada data yang disimpan. "
        f"Perbaiki {jumlah} kesalahan berikut lalu unggah kembali."
    )


def show_error(exc: LakipError) -> None:
    """A service error: one line in a box, or every problem when there are several."""
    if isinstance(exc, InputTidakValid) and len(exc.errors) > 1:
        st.error("Periksa kembali isian berikut:")
        for line in exc.errors:
            st.markdown(f"- {teks_polos(line)}")
    else:
        st.error(teks_polos(str(exc)))


def show_problems(baris: Sequence[Masalah | str], judul: str = "Masalah") -> None:
    """Errors or warnings as a static table ("Lokasi", ``judul``) whose long texts wrap."""
    st.table(untuk_tabel_statis(tabel_masalah(baris, judul)), hide_index=True)


def show_rejected_workbook(exc: InputTidakValid) -> None:
    """Every error of a rejected workbook, with the sheet and cell where it is."""
    st.error(ringkasan_tolak(len(exc.errors)))
    show_problems(exc.masalah)


def flash(pesan: str) -> None:
    """Keep a success message (plain text) for the next run (shown by :func:`show_flash`)."""
    st.session_state[_FLASH] = pesan


def show_flash() -> None:
    """Show, once, the message kept by :func:`flash`."""
    pesan = st.session_state.pop(_FLASH, None)
    if isinstance(pesan, str):
        st.success(teks_polos(pesan))
