"""Pengguna: the Admin manages accounts (create, role and unit, password, status, lock)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import cast

import streamlit as st

from lakip.domain.roles import Izin, Peran
from lakip.services.templates import units_for
from lakip.services.users import (
    PenggunaView,
    activate_user,
    create_user,
    deactivate_user,
    list_users,
    reset_password,
    set_role,
    unlock_user,
)
from ui.feedback import act, show_flash
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.tables import tabulate_pengguna

TANPA_UNIT = ""

aktor = require_page(Izin.KELOLA_PENGGUNA, "pengguna")
rt = get_runtime()
st.title("Pengguna")
show_flash()


def jalankan(
    aksi: Callable[[], PenggunaView], berhasil: str, bersihkan: tuple[str, ...] = ()
) -> None:
    """Call a service; on success keep the message, empty the form and redraw, else show
    its error (the form keeps what was typed)."""

    def empty_form() -> None:
        for key in bersihkan:
            st.session_state.pop(key, None)

    act(aksi, berhasil, then=empty_form)


units = dict(units_for(rt, aktor))
pilihan_unit = [TANPA_UNIT, *units]


def nama_unit(kode: str) -> str:
    return f"{kode} — {units[kode]}" if kode else "(tanpa unit)"


sekarang = datetime.now(UTC)
daftar = list_users(rt, aktor)
st.dataframe(tabulate_pengguna(daftar, sekarang), hide_index=True, width="stretch")

tab_baru, tab_ubah = st.tabs(["Tambah pengguna", "Ubah pengguna"])

with tab_baru, st.form("form_pengguna_baru", clear_on_submit=False):
    c1, c2 = st.columns(2)
    username = c1.text_input(
        "Nama pengguna", key="baru_username", help="3–40 huruf kecil, angka, titik, _ atau -"
    )
    nama = c2.text_input("Nama lengkap", key="baru_nama")
    nip = c1.text_input("NIP", key="baru_nip", help="18 digit, boleh dikosongkan")
    jabatan = c2.text_input("Jabatan", key="baru_jabatan")
    peran = cast(Peran, c1.selectbox("Peran", list(Peran), format_func=lambda p: p.value))
    unit = c2.selectbox("Unit kerja", pilihan_unit, format_func=nama_unit)
    sandi = c1.text_input(
        "Kata sandi awal", type="password", key="baru_sandi", help="Minimal 10 karakter"
    )
    if st.form_submit_button("Simpan pengguna", type="primary"):
        jalankan(
            lambda: create_user(
                rt,
                aktor,
                username=username,
                nama=nama,
                peran=peran,
                password=sandi,
                unit_kode=unit or None,
                nip=nip or None,
                jabatan=jabatan or None,
            ),
            f"Pengguna {username.strip().lower()} berhasil dibuat.",
            ("baru_username", "baru_nama", "baru_nip", "baru_jabatan", "baru_sandi"),
        )

with tab_ubah:
    if not daftar:
        st.caption("Belum ada pengguna.")
        st.stop()
    per_id = {u.id: u for u in daftar}
    uid = st.selectbox(
        "Pilih pengguna",
        list(per_id),
        format_func=lambda i: f"{per_id[i].username} — {per_id[i].nama}",
        key="pengguna_pilih",
    )
    u = per_id[uid]

    with st.form(f"form_peran_{u.id}"):
        st.markdown("**Peran dan unit kerja**")
        c1, c2 = st.columns(2)
        peran_baru = cast(
            Peran,
            c1.selectbox(
                "Peran",
                list(Peran),
                index=list(Peran).index(u.peran),
                format_func=lambda p: p.value,
            ),
        )
        kode_lama = u.unit_kode if u.unit_kode in units else TANPA_UNIT
        unit_baru = c2.selectbox(
            "Unit kerja", pilihan_unit, index=pilihan_unit.index(kode_lama), format_func=nama_unit
        )
        if st.form_submit_button("Simpan peran dan unit"):
            jalankan(
                lambda: set_role(rt, aktor, u.id, peran_baru, unit_baru or None),
                f"Peran {u.username} sekarang {peran_baru.value}.",
            )

    with st.form(f"form_sandi_{u.id}", clear_on_submit=True):
        st.markdown("**Reset kata sandi**")
        sandi_baru = st.text_input("Kata sandi baru", type="password")
        st.caption("Pengguna wajib mengganti kata sandi ini saat masuk berikutnya.")
        if st.form_submit_button("Reset kata sandi"):
            jalankan(
                lambda: reset_password(rt, aktor, u.id, sandi_baru),
                f"Kata sandi {u.username} telah direset.",
            )

    st.markdown("**Status akun**")
    c1, c2 = st.columns(2)
    if u.aktif:
        if c1.button("Nonaktifkan", key=f"nonaktif_{u.id}"):
            jalankan(lambda: deactivate_user(rt, aktor, u.id), f"{u.username} dinonaktifkan.")
    elif c1.button("Aktifkan", key=f"aktif_{u.id}"):
        jalankan(lambda: activate_user(rt, aktor, u.id), f"{u.username} diaktifkan kembali.")
    if u.terkunci(sekarang) and c2.button("Buka kunci", key=f"buka_{u.id}"):
        jalankan(lambda: unlock_user(rt, aktor, u.id), f"Kunci akun {u.username} dibuka.")
