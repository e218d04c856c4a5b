"""Showing the services' Indonesian messages: errors in a table, results across a rerun."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final, TypeVar

import streamlit as st

from lakip.services.errors import InputTidakValid, LakipError, Masalah
from ui.tables import escape_frame, escape_markdown, tabulate_masalah

_FLASH: Final = "pesan_halaman"
T = TypeVar("T")


def summarize_rejection(jumlah: int) -> str:
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
            st.markdown(f"- {escape_markdown(line)}")
    else:
        st.error(escape_markdown(str(exc)))


def read_or_stop(read: Callable[[], T]) -> T:
    """What a service read returns; when it refuses, its message is shown and the page stops."""
    try:
        return read()
    except LakipError as exc:
        show_error(exc)
        st.stop()


def show_problems(baris: Sequence[Masalah | str], judul: str = "Masalah") -> None:
    """Errors or warnings as a static table ("Lokasi", ``judul``) whose long texts wrap."""
    st.table(escape_frame(tabulate_masalah(baris, judul)), hide_index=True)


def show_rejected_workbook(exc: InputTidakValid) -> None:
    """Every error of a rejected workbook, with the sheet and cell where it is."""
    st.error(summarize_rejection(len(exc.errors)))
    show_problems(exc.masalah)


def act(
    call: Callable[[], T],
    pesan: str | Callable[[T], str],
    *,
    then: Callable[[], None] | None = None,
) -> None:
    """A button's or a form's service call: on success do ``then`` (empty a form, say),
    keep ``pesan`` (a text, or made from the call's result) for the next run and redraw;
    when the service refuses, show its message here (the form keeps what was typed)."""
    try:
        result = call()
    except LakipError as exc:
        show_error(exc)
        return
    if then is not None:
        then()
    flash(pesan(result) if callable(pesan) else pesan)
    st.rerun()


def flash(pesan: str) -> None:
    """Keep a success message (plain text) for the next run (shown by :func:`show_flash`)."""
    st.session_state[_FLASH] = pesan


def show_flash() -> None:
    """Show, once, the message kept by :func:`flash`."""
    pesan = st.session_state.pop(_FLASH, None)
    if isinstance(pesan, str):
        st.success(escape_markdown(pesan))
