"""Dokumen Perencanaan: import the planning workbook (Renstra, PK, Rencana Aksi, budget)."""

from __future__ import annotations

import streamlit as st

from lakip.domain.roles import Izin
from lakip.services.errors import InputTidakValid, LakipError
from lakip.services.planning import import_plan
from ui.feedback import show_error, show_problems, show_rejected_workbook
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.tables import escape_markdown, tabulate_import

aktor = require_page(Izin.IMPOR_PERENCANAAN, "perencanaan")
rt = get_runtime()
st.title("Dokumen Perencanaan")
st.caption(
    "Unggah workbook perencanaan (Unit, Sasaran, Indikator, Target, Rencana Aksi, Anggaran). "
    "Baris dengan kode yang sudah ada diperbarui; realisasi yang sudah dilaporkan tetap "
    "tersimpan. Berkas dengan kesalahan apa pun ditolak seluruhnya."
)

with st.form("form_perencanaan", clear_on_submit=True):
    berkas = st.file_uploader("Berkas dokumen perencanaan (.xlsx)", type=["xlsx"])
    kirim = st.form_submit_button("Impor", type="primary", icon=":material/upload:")

if kirim:
    if berkas is None:
        st.warning("Pilih berkas .xlsx terlebih dahulu, lalu tekan Impor.")
    else:
        try:
            ringkas = import_plan(rt, aktor, berkas.getvalue(), berkas.name)
        except InputTidakValid as exc:
            show_rejected_workbook(exc)
        except LakipError as exc:
            show_error(exc)
        else:
            dibuat = sum(ringkas.dibuat.values())
            diperbarui = sum(ringkas.diperbarui.values())
            st.success(
                f"Dokumen perencanaan {escape_markdown(berkas.name)} berhasil diimpor: {dibuat} baris dibuat, "
                f"{diperbarui} baris diperbarui.",
                icon=":material/check_circle:",
            )
            st.dataframe(
                tabulate_import(ringkas.dibuat, ringkas.diperbarui),
                hide_index=True,
                width="content",
            )
            if ringkas.peringatan:
                st.warning(f"{len(ringkas.peringatan)} catatan untuk diperiksa:")
                show_problems(ringkas.peringatan, "Catatan")
