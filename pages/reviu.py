"""Reviu (SOP step 7): the Irban Wil reviews a closed round's data: YA accepts it, TIDAK
returns it with corrections per indicator; what changed since the last TIDAK, old → new;
every decision kept, newest first."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lakip.domain.formatting import format_local_datetime
from lakip.domain.roles import Izin, allowed
from lakip.domain.workflow import StatusPutaran, TahapPengiriman
from lakip.services import review, rounds
from ui.feedback import act, show_flash
from ui.guard import require_page
from ui.runtime import get_runtime
from ui.tables import tabulate_perubahan

TAHAP = {
    TahapPengiriman.BELUM: "Belum",
    TahapPengiriman.MASUK: "Masuk",
    TahapPengiriman.TERLAMBAT: "Terlambat",
    TahapPengiriman.DIKEMBALIKAN: "Dikembalikan",
    TahapPengiriman.DIPERBAIKI: "Diperbaiki",
    TahapPengiriman.DITERIMA: "Diterima",
}
BARIS_KOREKSI = 3

aktor = require_page(Izin.REKAP, "reviu")
rt = get_runtime()
zona = rt.settings.timezone
st.title("Reviu Data Triwulan")
st.caption(
    "Langkah 7 SOP: Irban Wil mereviu data pengumpulan yang telah ditutup. YA menerima; "
    "TIDAK mengembalikan dengan hasil koreksi per indikator kepada unit."
)
show_flash()
daftar = [p for p in rounds.list_rounds(rt, aktor) if p.status is not StatusPutaran.DRAF]
if not daftar:
    st.info("Belum ada pengumpulan.")
    st.stop()
pilihan = {p.id: p for p in daftar}
pid = st.selectbox(
    "Pengumpulan", list(pilihan), format_func=lambda i: pilihan[i].judul, key="reviu_putaran"
)
data = review.round_review(rt, aktor, int(pid))
st.markdown(f"**{data.judul}** · status: {data.status.value}")

st.subheader("Unit")
st.dataframe(
    pd.DataFrame(
        [
            {"Kode": u.kode, "Unit": u.nama, "Tahap": TAHAP[u.tahap], "Versi": u.versi}
            for u in data.unit
        ]
    ),
    hide_index=True,
    width="stretch",
)

if data.perubahan:
    st.subheader("Perubahan sejak keputusan TIDAK terakhir")
    st.dataframe(tabulate_perubahan(data.perubahan), hide_index=True, width="stretch")

if allowed(aktor.peran, Izin.REVIU) or aktor.sistem:
    st.subheader("Keputusan")
    n = st.session_state.setdefault("reviu_form", 0)  # a new form after each saved decision
    with st.form(f"keputusan_reviu_{n}"):
        keputusan = st.radio("Keputusan", ["YA", "TIDAK"], horizontal=True)
        catatan = st.text_area("Catatan reviu")
        kode = {k: f"{k} — {n}" for k, n in data.indikator}
        koreksi = []
        st.caption(
            "Hasil koreksi (untuk TIDAK): pilih indikator dan tuliskan yang harus diperbaiki."
        )
        for i in range(BARIS_KOREKSI):
            c1, c2 = st.columns([2, 3])
            k = c1.selectbox(
                f"Indikator {i + 1}",
                ["", *kode],
                format_func=lambda x: kode.get(x, "(tidak ada)"),
                key=f"koreksi_kode_{i}_{n}",
            )
            t = c2.text_input(f"Koreksi {i + 1}", key=f"koreksi_teks_{i}_{n}")
            if k:
                koreksi.append(review.KoreksiInput(k, t))
        if st.form_submit_button("Simpan keputusan", type="primary"):
            act(
                lambda: review.review_round(
                    rt, aktor, data.putaran_id, keputusan, catatan, koreksi
                ),
                f"Keputusan {keputusan} untuk {data.judul} disimpan.",
                then=lambda: st.session_state.update(reviu_form=n + 1),
            )

st.subheader("Riwayat keputusan")
if not data.keputusan:
    st.caption("Belum ada keputusan.")
for d in data.keputusan:
    with st.container(border=True):
        st.markdown(
            f"**{d.keputusan}** · {d.reviewer} · {format_local_datetime(d.diputuskan_pada, zona)}"
        )
        if d.catatan:
            st.text(d.catatan)
        for c in d.koreksi:
            status = f"dijawab versi {c.dijawab_versi}" if c.dijawab_versi else "belum diperbaiki"
            st.caption(f"{c.kode_indikator} ({c.kode_unit or '-'}): {c.catatan} — {status}")
