"""Roles from the SOP and what each may do.

The matrix is data: services ask :func:`allowed` before acting, pages only use it to decide what
to show. Own-unit scoping (a Staf Unit sees and uploads only its own unit) is checked by the
services on top of this matrix.
"""

from __future__ import annotations

from enum import StrEnum


class Peran(StrEnum):
    """A user's role; the values are the labels users see."""

    STAF_UNIT = "Staf Unit"
    STAF_PENYUSUN = "Staf Penyusun Evaluasi Kinerja"
    KASUBBAG_PROGRAM = "Kasubbag Program"
    SEKRETARIS = "Sekretaris"
    IRBAN_WIL = "Irban Wil"
    KEPALA_DINAS = "Kepala Dinas"
    ADMIN = "Admin"


class Izin(StrEnum):
    """An action a service guards; the values are Indonesian descriptions for refusals."""

    UNGGAH_REALISASI = "mengunggah laporan triwulan"
    UNDUH_TEMPLATE = "mengunduh template laporan triwulan"
    LIHAT_SEMUA_UNIT = "melihat data semua unit"
    LIHAT_CAPAIAN = "melihat capaian kinerja"
    IMPOR_PERENCANAAN = "mengimpor dokumen perencanaan"
    BUKA_PENGUMPULAN = "membuka pengumpulan data triwulan"
    REKAP = "merekap dan mengolah laporan triwulan"
    SUSUN_LAPORAN = "menyusun laporan kinerja"
    SOSIALISASI = "menyosialisasikan laporan"
    REVIU = "mereviu laporan (YA/TIDAK)"
    SETUJUI_TAHUNAN = "menyetujui laporan tahunan"
    LIHAT_DASBOR = "melihat dasbor capaian"
    LIHAT_LAPORAN_TERBIT = "melihat laporan yang diterbitkan"
    KELOLA_PENGGUNA = "mengelola pengguna"
    KELOLA_INSTANSI = "mengelola profil instansi, unit dan standar SOP"
    LIHAT_AUDIT = "melihat log audit"
    CADANGKAN = "mencadangkan dan memulihkan seluruh data"


_ALL_READERS = frozenset(
    {
        Peran.STAF_PENYUSUN,
        Peran.KASUBBAG_PROGRAM,
        Peran.SEKRETARIS,
        Peran.IRBAN_WIL,
        Peran.KEPALA_DINAS,
        Peran.ADMIN,
    }
)
_PROGRAM = frozenset({Peran.STAF_PENYUSUN, Peran.KASUBBAG_PROGRAM})

MATRIX: dict[Izin, frozenset[Peran]] = {
    # Program staff upload on behalf of units and related agencies that do not use the system.
    Izin.UNGGAH_REALISASI: frozenset({Peran.STAF_UNIT}) | _PROGRAM,
    Izin.UNDUH_TEMPLATE: frozenset({Peran.STAF_UNIT}) | _PROGRAM,
    Izin.LIHAT_SEMUA_UNIT: _ALL_READERS,
    Izin.LIHAT_CAPAIAN: _ALL_READERS | {Peran.STAF_UNIT},
    Izin.IMPOR_PERENCANAAN: _PROGRAM | {Peran.ADMIN},
    Izin.BUKA_PENGUMPULAN: _PROGRAM | {Peran.SEKRETARIS},
    Izin.REKAP: _PROGRAM | {Peran.SEKRETARIS, Peran.IRBAN_WIL},
    Izin.SUSUN_LAPORAN: _PROGRAM,
    Izin.SOSIALISASI: frozenset({Peran.KASUBBAG_PROGRAM}),
    Izin.REVIU: frozenset({Peran.IRBAN_WIL}),
    Izin.SETUJUI_TAHUNAN: frozenset({Peran.SEKRETARIS}),
    Izin.LIHAT_DASBOR: _ALL_READERS,
    Izin.LIHAT_LAPORAN_TERBIT: _ALL_READERS,
    Izin.KELOLA_PENGGUNA: frozenset({Peran.ADMIN}),
    Izin.KELOLA_INSTANSI: frozenset({Peran.ADMIN}),
    Izin.LIHAT_AUDIT: frozenset({Peran.ADMIN, Peran.IRBAN_WIL}),
    Izin.CADANGKAN: frozenset({Peran.ADMIN}),
}


def allowed(peran: Peran, izin: Izin) -> bool:
    """True when ``peran`` may perform ``izin``."""
    return peran in MATRIX[izin]


def parse_peran(text: str) -> Peran:
    """The role named by ``text`` (case-insensitive); raises ValueError in Indonesian."""
    wanted = " ".join(text.split()).casefold()
    for peran in Peran:
        if peran.value.casefold() == wanted or peran.name.casefold() == wanted:
            return peran
    names = ", ".join(p.value for p in Peran)
    raise ValueError(f"Peran '{text}' tidak dikenal; pilih salah satu: {names}")
