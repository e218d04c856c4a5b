"""Use case: the agency profile (name, address, head of agency) that reports carry."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select

from lakip.domain.roles import Izin
from lakip.services.access import Aktor, audit, require
from lakip.services.errors import InputTidakValid
from lakip.services.runtime import Runtime
from lakip.store.models import Instansi


@dataclass(frozen=True)
class DataInstansi:
    """The editable fields of the agency profile."""

    nama: str
    pemerintah_daerah: str
    singkatan: str | None = None
    provinsi: str | None = None
    alamat: str | None = None
    telepon: str | None = None
    kota_ttd: str | None = None
    kepala_nama: str | None = None
    kepala_nip: str | None = None
    kepala_pangkat: str | None = None
    tahun_aktif: int | None = None


# Stored lengths (lakip.store.models.Instansi) and the labels users see.
_BATAS: dict[str, tuple[str, int]] = {
    "nama": ("Nama instansi", 200),
    "pemerintah_daerah": ("Pemerintah daerah", 200),
    "singkatan": ("Singkatan", 50),
    "provinsi": ("Provinsi", 100),
    "telepon": ("Telepon", 100),
    "kota_ttd": ("Kota penandatanganan", 100),
    "kepala_nama": ("Nama kepala dinas", 200),
    "kepala_pangkat": ("Pangkat kepala dinas", 100),
}


def _problems(data: DataInstansi) -> list[str]:
    problems = []
    for field_name, (label, limit) in _BATAS.items():
        value = getattr(data, field_name)
        if isinstance(value, str) and len(value.strip()) > limit:
            problems.append(
                f"{label} maksimal {limit} karakter; yang diisi {len(value.strip())} karakter."
            )
    if not data.nama.strip():
        problems.append("Nama instansi wajib diisi.")
    if not data.pemerintah_daerah.strip():
        problems.append("Pemerintah daerah wajib diisi (mis. Kabupaten Balangan).")
    nip = (data.kepala_nip or "").replace(" ", "")
    if nip and (not nip.isdigit() or len(nip) != 18):
        problems.append(f"NIP kepala dinas harus 18 digit angka, ditemukan '{data.kepala_nip}'.")
    if data.tahun_aktif is not None and not 2000 <= data.tahun_aktif <= 2100:
        problems.append(f"Tahun aktif harus antara 2000 dan 2100, ditemukan {data.tahun_aktif}.")
    return problems


def simpan_profil(rt: Runtime, aktor: Aktor, data: DataInstansi) -> None:
    """Create or update the agency profile; raises InputTidakValid listing every problem."""
    require(rt, aktor, Izin.KELOLA_INSTANSI, aksi="instansi.simpan")
    problems = _problems(data)
    if problems:
        raise InputTidakValid(problems)
    with rt.uow() as session:
        inst = session.scalar(select(Instansi).order_by(Instansi.id))
        if inst is None:
            inst = Instansi(nama=data.nama, pemerintah_daerah=data.pemerintah_daerah)
            session.add(inst)
        for key, value in asdict(data).items():
            setattr(inst, key, value.strip() if isinstance(value, str) else value)
        session.flush()
        audit(
            session,
            aktor,
            "instansi.simpan",
            objek="instansi",
            objek_id=inst.id,
            detail={"nama": inst.nama},
        )
