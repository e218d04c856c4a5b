"""The menu: every page, its group and the permission it needs.

``app.py`` gives ``st.navigation`` only the pages the user's role allows, so Streamlit never
lists a page the user may not open (and does not auto-list ``pages/``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import streamlit as st

from lakip.domain.roles import Izin, Peran, allowed

BERANDA: Final = "Beranda"
DATA_KINERJA: Final = "Data Kinerja"
SOP: Final = "Alur SOP"
ADMINISTRASI: Final = "Administrasi"


@dataclass(frozen=True)
class Halaman:
    """A page of the app; ``izin`` None means any logged-in user."""

    path: str
    judul: str
    ikon: str
    kelompok: str
    izin: Izin | None
    awal: frozenset[Peran] = frozenset()  # the roles that land here after signing in


HALAMAN: Final = (
    Halaman("pages/beranda.py", "Beranda", ":material/home:", BERANDA, None),
    Halaman(
        "pages/dasbor.py",
        "Dasbor Kinerja",
        ":material/dashboard:",
        BERANDA,
        Izin.LIHAT_DASBOR,
        awal=frozenset({Peran.KEPALA_DINAS, Peran.SEKRETARIS}),
    ),
    Halaman("pages/akun.py", "Akun Saya", ":material/person:", BERANDA, None),
    Halaman("pages/pemberitahuan.py", "Pemberitahuan", ":material/notifications:", BERANDA, None),
    Halaman(
        "pages/unggah.py",
        "Unggah Laporan Triwulan",
        ":material/upload_file:",
        DATA_KINERJA,
        Izin.UNGGAH_REALISASI,
    ),
    Halaman(
        "pages/capaian.py",
        "Capaian Kinerja",
        ":material/monitoring:",
        DATA_KINERJA,
        Izin.LIHAT_CAPAIAN,
    ),
    Halaman(
        "pages/perencanaan.py",
        "Dokumen Perencanaan",
        ":material/description:",
        DATA_KINERJA,
        Izin.IMPOR_PERENCANAAN,
    ),
    Halaman(
        "pages/pengumpulan.py",
        "Pengumpulan Data",
        ":material/campaign:",
        SOP,
        Izin.BUKA_PENGUMPULAN,
    ),
    Halaman("pages/rekap.py", "Rekap Triwulan", ":material/table_view:", SOP, Izin.REKAP),
    Halaman("pages/olah.py", "Olah Data", ":material/analytics:", SOP, Izin.REKAP),
    Halaman("pages/reviu.py", "Reviu", ":material/fact_check:", SOP, Izin.REKAP),
    Halaman("pages/pemantauan.py", "Pemantauan SOP", ":material/timer:", SOP, Izin.REKAP),
    Halaman(
        "pages/laporan.py", "Laporan Kinerja", ":material/article:", SOP, Izin.LIHAT_LAPORAN_TERBIT
    ),
    Halaman(
        "pages/pengguna.py", "Pengguna", ":material/group:", ADMINISTRASI, Izin.KELOLA_PENGGUNA
    ),
    Halaman(
        "pages/instansi.py",
        "Profil Instansi",
        ":material/account_balance:",
        ADMINISTRASI,
        Izin.KELOLA_INSTANSI,
    ),
    Halaman("pages/audit.py", "Log Audit", ":material/history:", ADMINISTRASI, Izin.LIHAT_AUDIT),
)


def pages_for(peran: Peran, *, hanya_akun: bool = False) -> list[Halaman]:
    """The pages ``peran`` may open, in menu order; only "Akun Saya" while the user must
    first replace a password the Admin reset."""
    if hanya_akun:
        return [h for h in HALAMAN if h.path == "pages/akun.py"]
    return [h for h in HALAMAN if h.izin is None or allowed(peran, h.izin)]


def menu(peran: Peran, *, hanya_akun: bool = False) -> dict[str, list[st.Page]]:
    """``st.navigation``'s argument: the allowed pages, grouped; the first one a role opens
    after signing in is its ``awal`` page, else the first it may open."""
    groups: dict[str, list[st.Page]] = {}
    pages = pages_for(peran, hanya_akun=hanya_akun)
    first = next((h for h in pages if peran in h.awal), pages[0])
    for h in pages:
        page = st.Page(h.path, title=h.judul, icon=h.ikon, default=h is first)
        groups.setdefault(h.kelompok, []).append(page)
    return groups
