"""Use case: what the system holds, for the home page and the app header."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lakip.services.access import Aktor
from lakip.services.runtime import Runtime
from lakip.store.models import (
    Indikator,
    Job,
    Pengguna,
    Pengiriman,
    PutaranPengumpulan,
    Sasaran,
    TargetTahunan,
    Unit,
    VersiPengiriman,
)
from lakip.store.queries import agency_profile


@dataclass(frozen=True)
class ProfilInstansi:
    """The agency's name and place, shown in the header and on the login page."""

    nama: str
    pemerintah_daerah: str
    alamat: str | None
    tahun_aktif: int | None


@dataclass(frozen=True)
class PutaranView:
    """A collection round as the home page lists it."""

    tahun: int
    triwulan: int
    status: str
    batas_waktu: date
    unit_melapor: int


@dataclass(frozen=True)
class Ringkasan:
    """Counts of what the system holds."""

    profil: ProfilInstansi | None
    tahun_rencana: list[int]
    jumlah_unit: int
    jumlah_sasaran: int
    jumlah_indikator: int
    jumlah_pengguna: int
    putaran: list[PutaranView]  # newest first
    jumlah_pengiriman: int
    jumlah_versi: int
    unggahan_terakhir: datetime | None
    job_aktif: int


def _profil(session: Session) -> ProfilInstansi | None:
    inst = agency_profile(session)
    if inst is None:
        return None
    return ProfilInstansi(inst.nama, inst.pemerintah_daerah, inst.alamat, inst.tahun_aktif)


def read_agency_identity(rt: Runtime) -> ProfilInstansi | None:
    """The agency profile, or None before one is set (readable without login)."""
    with rt.uow() as session:
        return _profil(session)


def summarize_overview(rt: Runtime, aktor: Aktor) -> Ringkasan:
    """What the system holds, read in one transaction; any logged-in user may see these
    counts."""
    with rt.uow() as session:

        def count(model: type) -> int:
            return int(session.scalar(select(func.count()).select_from(model)) or 0)

        reported: dict[tuple[int, int], int] = {
            (t, q): n
            for t, q, n in session.execute(
                select(Pengiriman.tahun, Pengiriman.triwulan, func.count()).group_by(
                    Pengiriman.tahun, Pengiriman.triwulan
                )
            )
        }
        return Ringkasan(
            profil=_profil(session),
            tahun_rencana=list(
                session.scalars(
                    select(TargetTahunan.tahun).distinct().order_by(TargetTahunan.tahun)
                )
            ),
            jumlah_unit=count(Unit),
            jumlah_sasaran=count(Sasaran),
            jumlah_indikator=count(Indikator),
            jumlah_pengguna=count(Pengguna),
            putaran=[
                PutaranView(
                    p.tahun,
                    p.triwulan,
                    p.status,
                    p.batas_waktu,
                    reported.get((p.tahun, p.triwulan), 0),
                )
                for p in session.scalars(
                    select(PutaranPengumpulan).order_by(
                        PutaranPengumpulan.tahun.desc(), PutaranPengumpulan.triwulan.desc()
                    )
                )
            ],
            jumlah_pengiriman=count(Pengiriman),
            jumlah_versi=count(VersiPengiriman),
            unggahan_terakhir=session.scalar(select(func.max(VersiPengiriman.diunggah_pada))),
            job_aktif=int(
                session.scalar(
                    select(func.count())
                    .select_from(Job)
                    .where(Job.state.in_(("queued", "running")))
                )
                or 0
            ),
        )
