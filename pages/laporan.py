"""Laporan Kinerja (SOP steps 4, 5 and 8): compose a quarter's report into a new version,
send it for review, publish an accepted one to the officials concerned; who opened it."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lakip.domain.formatting import format_local_datetime
from lakip.domain.periods import QUARTERS
from lakip.domain.roles import Izin, allowed
from lakip.domain.workflow import StatusLaporan
from lakip.services import publication
from lakip.services.errors import LakipError
from ui.feedback import flash, show_error, show_flash
from ui.guard import require_page
from ui.runtime import get_runtime

STATUS = {
    StatusLaporan.DRAF: "Draf",
    StatusLaporan.DIAJUKAN: "Diajukan untuk reviu",
    StatusLaporan.DIKEMBALIKAN: "Dikembalikan",
    StatusLaporan.DITERIMA: "Diterima Irban",
    StatusLaporan.DISETUJUI: "Disetujui Sekretaris",
    StatusLaporan.DITERBITKAN: "Diterbitkan",
}

aktor = require_page(Izin.LIHAT_LAPORAN_TERBIT, "laporan")
rt = get_runtime()
zona = rt.settings.timezone
st.title("Laporan Kinerja")
show_flash()
today = rt.clock().astimezone(zona).date()

if allowed(aktor.peran, Izin.SUSUN_LAPORAN):
    with st.form("susun_laporan"):
        st.subheader("Susun laporan triwulan")
        c1, c2 = st.columns(2)
        tahun = c1.number_input("Tahun", min_value=2000, max_value=2100, value=today.year, step=1)
        tw = c2.selectbox("Triwulan", QUARTERS, format_func=lambda t: f"Triwulan {t}")
        if st.form_submit_button("Susun versi baru", type="primary"):
            try:
                v = publication.compose_quarter_report(rt, aktor, int(tahun), int(tw))
            except LakipError as exc:
                show_error(exc)
            else:
                flash(f"{v.judul} disusun.")
                st.rerun()

daftar = publication.list_reports(rt, aktor)
if not daftar:
    st.info("Belum ada laporan.")
    st.stop()
st.dataframe(
    pd.DataFrame(
        [
            {
                "Laporan": v.judul,
                "Status": STATUS[v.status],
                "Disusun": format_local_datetime(v.dibuat_pada, zona),
                "Oleh": v.dibuat_oleh or "",
                "Penerima": len(v.penerima),
                "Dibuka": sum(1 for p in v.penerima if p.dibuka_pada),
            }
            for v in daftar
        ]
    ),
    hide_index=True,
    width="stretch",
)
pilihan = {v.id: v for v in daftar}
vid = st.selectbox("Versi laporan", list(pilihan), format_func=lambda i: pilihan[i].judul)
v = pilihan[vid]
c_pdf, c_xlsx = st.columns(2)
for kolom, ext in ((c_pdf, "pdf"), (c_xlsx, "xlsx")):
    if (v.ada_pdf if ext == "pdf" else v.ada_xlsx) and kolom.button(
        f"Buka {ext.upper()}", key=f"buka_{ext}_{v.id}"
    ):
        try:
            nama, isi = publication.open_report(rt, aktor, v.id, ext)
        except LakipError as exc:
            show_error(exc)
        else:
            kolom.download_button(f"Unduh {nama}", isi, file_name=nama, key=f"unduh_{ext}_{v.id}")

boleh_ajukan = v.status is StatusLaporan.DRAF and allowed(aktor.peran, Izin.SUSUN_LAPORAN)
if boleh_ajukan and st.button("Ajukan untuk reviu", key="ajukan"):
    try:
        publication.submit_report(rt, aktor, v.id)
    except LakipError as exc:
        show_error(exc)
    else:
        flash(f"{v.judul} diajukan kepada Irban Wil.")
        st.rerun()
if allowed(aktor.peran, Izin.SOSIALISASI) and v.status is not StatusLaporan.DITERBITKAN:
    calon = {c.id: c for c in publication.list_recipients(rt, aktor)}
    with st.form("terbitkan"):
        pilih = st.multiselect(
            "Penerima", list(calon), format_func=lambda i: f"{calon[i].nama} ({calon[i].peran})"
        )
        if st.form_submit_button("Terbitkan"):
            try:
                publication.publish_report(rt, aktor, v.id, pilih)
            except LakipError as exc:
                show_error(exc)
            else:
                flash(f"{v.judul} diterbitkan kepada {len(pilih)} penerima.")
                st.rerun()
if v.penerima:
    st.subheader("Penerima")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Nama": p.nama,
                    "Peran": p.peran,
                    "Dikirim": format_local_datetime(p.dikirim_pada, zona),
                    "Dibuka": format_local_datetime(p.dibuka_pada, zona)
                    if p.dibuka_pada
                    else "belum",
                }
                for p in v.penerima
            ]
        ),
        hide_index=True,
        width="stretch",
    )
