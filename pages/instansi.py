"""Profil Instansi: the agency profile and logo that reports carry, and the SOP's time
standards (Admin)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lakip.domain.periods import MAX_YEAR, MIN_YEAR
from lakip.domain.roles import Izin
from lakip.services.agency import (
    DataInstansi,
    list_sop_standards,
    read_logo,
    read_profile,
    save_logo,
    save_profile,
    set_sop_standard_times,
)
from lakip.services.errors import LakipError
from ui.feedback import act, flash, show_error, show_flash
from ui.guard import require_page
from ui.runtime import get_runtime

aktor = require_page(Izin.KELOLA_INSTANSI, "instansi")
rt = get_runtime()
st.title("Profil Instansi")
show_flash()

p = read_profile(rt, aktor) or DataInstansi(nama="", pemerintah_daerah="")
with st.form("form_instansi"):
    c1, c2 = st.columns(2)
    nama = c1.text_input("Nama instansi", p.nama, max_chars=200)
    pemda = c2.text_input(
        "Pemerintah daerah", p.pemerintah_daerah, max_chars=200, placeholder="Kabupaten …"
    )
    singkatan = c1.text_input("Singkatan", p.singkatan or "", max_chars=50)
    provinsi = c2.text_input("Provinsi", p.provinsi or "", max_chars=100)
    alamat = st.text_area("Alamat", p.alamat or "", height=70)
    telepon = c1.text_input("Telepon / faks", p.telepon or "", max_chars=100)
    kota = c2.text_input("Kota penandatanganan", p.kota_ttd or "", max_chars=100)
    kepala = c1.text_input("Nama kepala dinas", p.kepala_nama or "", max_chars=200)
    nip = c2.text_input("NIP kepala dinas", p.kepala_nip or "", max_chars=21)
    pangkat = c1.text_input("Pangkat / golongan", p.kepala_pangkat or "", max_chars=100)
    tahun = c2.number_input("Tahun aktif", MIN_YEAR, MAX_YEAR, p.tahun_aktif or 2025, step=1)
    kirim = st.form_submit_button("Simpan profil", type="primary")
if kirim:
    data = DataInstansi(
        nama=nama,
        pemerintah_daerah=pemda,
        singkatan=singkatan or None,
        provinsi=provinsi or None,
        alamat=alamat or None,
        telepon=telepon or None,
        kota_ttd=kota or None,
        kepala_nama=kepala or None,
        kepala_nip=nip or None,
        kepala_pangkat=pangkat or None,
        tahun_aktif=int(tahun),
    )
    act(lambda: save_profile(rt, aktor, data), "Profil instansi tersimpan.")

st.subheader("Logo")
gambar = read_logo(rt)
if gambar:
    st.image(gambar, width=120)
with st.form("form_logo", clear_on_submit=True):
    berkas = st.file_uploader(
        "Logo (PNG atau JPEG, paling besar 1 MB)", type=["png", "jpg", "jpeg"]
    )
    if st.form_submit_button("Simpan logo") and berkas is not None:
        logo = berkas.getvalue()
        act(lambda: save_logo(rt, aktor, logo), "Logo tersimpan.")

st.subheader("Standar waktu SOP")
st.caption("SOP Pengumpulan Data Kinerja: waktu baku tiap langkah (mutu baku), dalam menit.")
langkah = list_sop_standards(rt, aktor)
tabel = pd.DataFrame(
    [
        {
            "No": s.nomor,
            "Uraian": s.uraian,
            "Pelaksana": s.pelaksana,
            "Waktu (menit)": s.waktu_menit,
            "Output": s.output or "",
        }
        for s in langkah
    ]
)
with st.form("form_sop"):
    diubah = st.data_editor(
        tabel,
        hide_index=True,
        disabled=["No", "Uraian", "Pelaksana", "Output"],
        column_config={
            "Waktu (menit)": st.column_config.NumberColumn(min_value=1, step=1, format="%d")
        },
        width="stretch",
        key="editor_sop",
    )
    simpan = st.form_submit_button("Simpan standar waktu")
if simpan:
    try:
        n = set_sop_standard_times(
            rt, aktor, {int(r["No"]): int(r["Waktu (menit)"]) for _, r in diubah.iterrows()}
        )
    except (LakipError, ValueError, TypeError) as exc:
        show_error(
            exc
            if isinstance(exc, LakipError)
            else LakipError("Waktu harus berupa bilangan bulat menit.")
        )
    else:
        flash(f"{n} standar waktu diperbarui.")
        st.rerun()
