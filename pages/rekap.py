"""Rekap Triwulan (SOP step 2): which units sent their quarterly report, late or returned,
every realization of the quarter with its source file and version, the Excel export, and
"rekap selesai", which hands the quarter to processing (step 3)."""

from __future__ import annotations

import streamlit as st

from lakip.domain.filenames import recap_export_name
from lakip.domain.formatting import format_local_datetime
from lakip.domain.roles import Izin
from lakip.domain.workflow import StatusPutaran
from lakip.services import recap
from lakip.services.overview import summarize_overview
from ui.feedback import act, read_or_stop, show_flash
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.selectors import choose_quarter_row
from ui.tables import STATUS_PUTARAN, tabulate_rekap_realisasi, tabulate_rekap_unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

aktor = require_page(Izin.REKAP, "rekap")
rt = get_runtime()
zona = rt.settings.timezone
st.title("Rekap Triwulan")
st.caption(
    "Langkah 2 SOP: rekap laporan triwulan unit — siapa yang sudah mengirim, terlambat, "
    "dikembalikan atau belum — dan seluruh realisasi dalam satu tabel beserta berkas sumbernya."
)
show_flash()
info = summarize_overview(rt, aktor)
tahun, tw = choose_quarter_row(info, "rekap")
rekap = read_or_stop(lambda: recap.recap_quarter(rt, aktor, tahun, tw))

if not rekap.unit:
    st.info(f"Belum ada indikator dengan target untuk tahun {tahun}.")
    st.stop()

if rekap.status_putaran is None:
    st.warning(f"Pengumpulan {rekap.judul} belum dibuka; status dihitung tanpa batas waktu.")
else:
    batas = format_local_datetime(rekap.batas_waktu, zona) if rekap.batas_waktu else "—"
    st.markdown(
        f"**{rekap.judul}** · pengumpulan: {STATUS_PUTARAN[rekap.status_putaran]} · "
        f"batas waktu {batas}"
    )

kolom = st.columns(4)
for k, (status, n) in zip(kolom, rekap.jumlah().items(), strict=True):
    k.metric(recap.STATUS_LABEL[status], n)

st.subheader("Status unit")
st.dataframe(tabulate_rekap_unit(rekap), hide_index=True, width="stretch")

st.subheader("Realisasi seluruh unit")
st.dataframe(
    tabulate_rekap_realisasi(rekap),
    hide_index=True,
    width="stretch",
    column_config={"Indikator": st.column_config.TextColumn(width="medium")},
)
st.download_button(
    "Unduh rekap (Excel)",
    data=lambda: recap.export_recap_xlsx(rt, aktor, tahun, tw)[1],
    file_name=recap_export_name(tahun, tw),
    mime=XLSX,
    icon=":material/download:",
    on_click="ignore",
)

st.subheader("Penyelesaian rekap")
langkah = rekap.langkah_rekap
if rekap.rekap_selesai and langkah is not None and langkah.selesai is not None:
    st.success(
        f"Rekap dinyatakan selesai oleh {langkah.oleh or 'sistem'} pada "
        f"{format_local_datetime(langkah.selesai, zona)}. {langkah.hasil or ''} "
        "Lanjutkan ke Olah Data."
    )
elif rekap.status_putaran in (None, StatusPutaran.DRAF, StatusPutaran.DIBUKA):
    st.info("Rekap dapat dinyatakan selesai setelah pengumpulan ditutup.")
elif st.button("Rekap selesai", type="primary", key="rekap_selesai"):
    act(
        lambda: recap.finish_recap(rt, aktor, tahun, tw),
        f"Rekap {rekap.judul} selesai; langkah Olah Data dimulai.",
    )
