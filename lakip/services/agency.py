"""Use cases of the Admin: the agency profile (name, address, head of agency, logo) that
reports carry, and the SOP's time standards (mutu baku), which are data."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import select

from lakip.domain.formatting import format_count, format_size
from lakip.domain.periods import year_error
from lakip.domain.roles import Izin
from lakip.reports.images import image_format
from lakip.services.access import Aktor, audit, require
from lakip.services.errors import InputTidakValid
from lakip.services.runtime import Runtime
from lakip.services.storage import store_file
from lakip.store.models import Instansi, StandarSop


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
    if data.tahun_aktif is not None and (problem := year_error(data.tahun_aktif)) is not None:
        problems.append(f"Tahun aktif: {problem}")
    return problems


def save_profile(rt: Runtime, aktor: Aktor, data: DataInstansi) -> None:
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
        session.commit()


LOGO_MAX_BYTES = 1024 * 1024


def read_profile(rt: Runtime, aktor: Aktor) -> DataInstansi | None:
    """The agency profile as the Admin edits it; None before one exists."""
    require(rt, aktor, Izin.KELOLA_INSTANSI, aksi="instansi.lihat")
    with rt.uow() as session:
        inst = session.scalar(select(Instansi).order_by(Instansi.id))
        if inst is None:
            return None
        return DataInstansi(**{f: getattr(inst, f) for f in DataInstansi.__dataclass_fields__})


def save_logo(rt: Runtime, aktor: Aktor, data: bytes) -> str:
    """Store the agency's logo (PNG or JPEG, judged by content, at most 1 MB); returns its
    hash. Raises InputTidakValid for anything else, before anything is stored."""
    require(rt, aktor, Izin.KELOLA_INSTANSI, aksi="instansi.logo")
    kind = image_format(data) if len(data) <= LOGO_MAX_BYTES else None
    problems = []
    if len(data) > LOGO_MAX_BYTES:
        problems.append(
            f"Logo {format_size(len(data))} melebihi batas {format_size(LOGO_MAX_BYTES)}."
        )
    if kind is None:
        problems.append(
            "Logo harus berupa gambar PNG atau JPEG yang utuh (isi berkas bukan gambar atau rusak)."
        )
    if problems:
        raise InputTidakValid(problems)
    with rt.uow() as session:
        inst = session.scalar(select(Instansi).order_by(Instansi.id))
        if inst is None:
            raise InputTidakValid(["Simpan profil instansi terlebih dahulu, lalu unggah logo."])
        inst.logo_sha256 = store_file(session, rt.files, data, str(kind))
        audit(session, aktor, "instansi.logo", objek="berkas", objek_id=inst.logo_sha256)
        session.commit()
        return inst.logo_sha256


def read_logo(rt: Runtime) -> bytes | None:
    """The agency's logo bytes (shown on every page and report), or None."""
    with rt.uow() as session:
        sha = session.scalar(select(Instansi.logo_sha256).order_by(Instansi.id))
    return rt.files.get(sha) if sha and rt.files.exists(sha) else None


@dataclass(frozen=True)
class StandarView:
    """One SOP step and its time standard."""

    nomor: int
    uraian: str
    pelaksana: str
    kelengkapan: str | None
    waktu_menit: int
    output: str | None


def list_sop_standards(rt: Runtime, aktor: Aktor) -> list[StandarView]:
    """The SOP's steps with their time standards, in order (any logged-in user may read)."""
    with rt.uow() as session:
        return [
            StandarView(s.nomor, s.uraian, s.pelaksana, s.kelengkapan, s.waktu_menit, s.output)
            for s in session.scalars(select(StandarSop).order_by(StandarSop.nomor))
        ]


MENIT_MAKS = 366 * 24 * 60


def set_sop_standard_times(rt: Runtime, aktor: Aktor, waktu: dict[int, int]) -> int:
    """Set the time standard (minutes) of SOP steps by number; returns how many changed.

    Raises InputTidakValid listing every unknown step or time outside 1 minute–366 days
    (nothing is changed then), Ditolak unless the actor is an Admin.
    """
    require(rt, aktor, Izin.KELOLA_INSTANSI, aksi="sop.ubah_standar")
    with rt.uow() as session:
        steps = {s.nomor: s for s in session.scalars(select(StandarSop))}
        problems = [f"Langkah SOP nomor {n} tidak ada." for n in waktu if n not in steps]
        problems += [
            f"Waktu langkah {n} harus 1 menit sampai 366 hari, ditemukan {format_count(m)} menit."
            for n, m in waktu.items()
            if not 1 <= m <= MENIT_MAKS
        ]
        if problems:
            raise InputTidakValid(problems)
        changed = {
            n: (steps[n].waktu_menit, m) for n, m in waktu.items() if steps[n].waktu_menit != m
        }
        for n, (_old, new) in changed.items():
            steps[n].waktu_menit = new
        if changed:
            audit(
                session,
                aktor,
                "sop.ubah_standar",
                objek="standar_sop",
                detail={str(n): {"dari": old, "menjadi": new} for n, (old, new) in changed.items()},
            )
        session.commit()
        return len(changed)
