"""Use cases on a unit's version history: every upload of a quarterly report is a version,
kept with its original file; the newest counts and older ones stay readable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from lakip.domain.filenames import quarter_version_name
from lakip.domain.roles import Izin
from lakip.services.access import Aktor, audit, require, require_unit
from lakip.services.errors import Masalah, TidakDitemukan
from lakip.services.runtime import Runtime
from lakip.store.models import CatatanVersi, VersiPengiriman
from lakip.store.queries import unit_by_code, version_history


@dataclass(frozen=True)
class VersiView:
    """One version of a unit's quarterly report, for the history table."""

    id: int
    nomor: int
    terbaru: bool
    diunggah_pada: datetime
    diunggah_oleh: str | None
    nama_berkas: str
    berkas_sha256: str
    ukuran: int
    jumlah_realisasi: int
    jumlah_catatan: int
    catatan: list[Masalah]


def _catatan(c: CatatanVersi) -> Masalah:
    lokasi = f"{c.lembar}!{c.sel}" if c.lembar and c.sel else (c.lembar or c.sel or "")
    return Masalah(lokasi, c.pesan)


def list_versions(
    rt: Runtime, aktor: Aktor, kode_unit: str, tahun: int, triwulan: int
) -> list[VersiView]:
    """Every version of a unit's report for a quarter, newest first.

    Raises TidakDitemukan for an unknown unit, Ditolak when the actor may not read it.
    """
    require(rt, aktor, Izin.LIHAT_CAPAIAN, aksi="laporan_triwulan.riwayat")
    with rt.uow() as session:
        unit = unit_by_code(session, kode_unit)
        if unit is None:
            raise TidakDitemukan(f"Unit dengan kode '{kode_unit}' tidak ditemukan.")
        require_unit(rt, aktor, Izin.LIHAT_CAPAIAN, unit, aksi="laporan_triwulan.riwayat")
        return [
            VersiView(
                id=v.id,
                nomor=v.nomor,
                terbaru=v.terbaru,
                diunggah_pada=v.diunggah_pada,
                diunggah_oleh="Sistem" if v.diunggah_oleh is None else v.diunggah_oleh,
                nama_berkas=v.nama_berkas,
                berkas_sha256=v.berkas_sha256,
                ukuran=v.ukuran,
                jumlah_realisasi=v.jumlah_realisasi,
                jumlah_catatan=len(v.catatan),
                catatan=[_catatan(c) for c in v.catatan],
            )
            for v in version_history(session, unit.id, tahun, triwulan)
        ]


def version_file(rt: Runtime, aktor: Aktor, versi_id: int) -> tuple[str, bytes]:
    """The original uploaded file of a version, as (download name, bytes).

    Raises TidakDitemukan for an unknown version, Ditolak when the actor may not read it.
    """
    require(rt, aktor, Izin.LIHAT_CAPAIAN, aksi="laporan_triwulan.unduh_versi")
    with rt.uow() as session:
        versi = session.get(VersiPengiriman, versi_id)
        if versi is None:
            raise TidakDitemukan(f"Versi laporan {versi_id} tidak ditemukan.")
        sub = versi.pengiriman
        require_unit(rt, aktor, Izin.LIHAT_CAPAIAN, sub.unit, aksi="laporan_triwulan.unduh_versi")
        name = quarter_version_name(sub.unit.kode, sub.tahun, sub.triwulan, versi.nomor)
        audit(
            session,
            aktor,
            "laporan_triwulan.unduh_versi",
            objek="versi_pengiriman",
            objek_id=versi.id,
        )
        session.commit()
        return name, rt.files.get(versi.berkas_sha256)
