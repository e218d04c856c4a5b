"""First-run data every agency needs: the SOP's steps with their time standards.

The standards are data an Admin may change later; this only fills in what is missing.
"""

from __future__ import annotations

from sqlalchemy import select

from lakip.services.runtime import Runtime
from lakip.store.models import StandarSop

MENIT_PER_HARI = 24 * 60

# SOP 470/258/2023 "Pengumpulan Data Kinerja", columns 2, 3–6, 7, 8 and 9, as written
# (step 3's "2 Menit" and step 7's "120 Hari" are the document's own figures).
SOP_STEPS: tuple[tuple[int, str, str, str, int, str], ...] = (
    (
        1,
        "Mengumpulkan data laporan kinerja triwulan kepada subbag/seksi, OPD dan instansi terkait",
        "Sekretaris",
        "Perjanjian Kinerja, Rencana Aksi",
        15,
        "Disposisi",
    ),
    (
        2,
        "Merekap laporan kinerja triwulan",
        "Kasubbag Program",
        "Disposisi, Perjanjian Kinerja, Rencana Aksi",
        30,
        "Lembar Disposisi",
    ),
    (
        3,
        "Mengolah data laporan kinerja triwulan",
        "Staf Penyusun Evaluasi Kinerja",
        "Disposisi, Perjanjian Kinerja, Rencana Aksi, Laporan Progres Bulanan",
        2,
        "Draft Laporan Kinerja",
    ),
    (
        4,
        "Menyusun laporan kinerja triwulan",
        "Staf Penyusun Evaluasi Kinerja",
        "Perjanjian Kinerja, Rencana Aksi, Draft Laporan Kinerja",
        30,
        "Draft Laporan Kinerja",
    ),
    (
        5,
        "Mensosialisasikan laporan kinerja triwulan kepada pejabat terkait",
        "Kasubbag Program",
        "Perjanjian Kinerja, Rencana Aksi, Draft Laporan Kinerja",
        30,
        "Draft Laporan Kinerja",
    ),
    (
        6,
        "Merekap 2 (dua) laporan triwulan untuk menyusun laporan semester",
        "Staf Penyusun Evaluasi Kinerja",
        "Catatan Pembagian Tugas",
        2 * MENIT_PER_HARI,
        "Disposisi",
    ),
    (
        7,
        "Menyusun laporan semester dan laporan tahunan; reviu YA/TIDAK",
        "Irban Wil",
        "Data Laporan Kinerja Triwulan",
        120 * MENIT_PER_HARI,
        "Lembar Disposisi",
    ),
    (
        8,
        "Mensosialisasikan laporan semesteran",
        "Kasubbag Program",
        "Hasil Koreksi Laporan Kinerja Triwulan",
        60,
        "Draft Laporan Kinerja",
    ),
    (
        9,
        "Menyusun 2 (dua) laporan semesteran menjadi laporan kinerja tahunan",
        "Sekretaris",
        "Laporan Kinerja Triwulan",
        15,
        "Draft Laporan Kinerja",
    ),
)


def ensure_defaults(rt: Runtime) -> None:
    """Add the SOP steps that are not yet stored; existing (edited) ones are kept."""
    with rt.uow() as session:
        have = set(session.scalars(select(StandarSop.nomor)))
        for nomor, uraian, pelaksana, kelengkapan, menit, output in SOP_STEPS:
            if nomor not in have:
                session.add(
                    StandarSop(
                        nomor=nomor,
                        uraian=uraian,
                        pelaksana=pelaksana,
                        kelengkapan=kelengkapan,
                        waktu_menit=menit,
                        output=output,
                    )
                )
        session.commit()
