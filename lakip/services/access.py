"""Who is acting, whether they may, and the audit log that records both.

Every service calls :func:`require` before it touches data. A refusal raises
:class:`~lakip.services.errors.Ditolak` and leaves exactly one audit row, written in its own
transaction so that the caller's rollback cannot erase it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lakip.domain.roles import Izin, Peran, allowed
from lakip.services.errors import Ditolak
from lakip.services.runtime import Runtime
from lakip.store.models import LogAudit, Pengguna, Unit


@dataclass(frozen=True)
class Aktor:
    """The person (or the command line) on whose behalf a service acts."""

    id: int | None
    username: str
    nama: str
    peran: Peran
    unit_id: int | None = None
    sistem: bool = False  # the command line / seeding: trusted operator on the server

    @classmethod
    def dari_pengguna(cls, user: Pengguna) -> Aktor:
        """The actor for a stored user."""
        return cls(user.id, user.username, user.nama, Peran(user.peran), user.unit_id)


SISTEM = Aktor(None, "sistem", "Sistem (baris perintah)", Peran.ADMIN, None, sistem=True)


def audit(
    session: Session,
    aktor: Aktor | None,
    aksi: str,
    *,
    objek: str | None = None,
    objek_id: object = None,
    hasil: str = "berhasil",
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit row to ``session`` (committed with the caller's transaction)."""
    session.add(
        LogAudit(
            pengguna_id=aktor.id if aktor else None,
            username=aktor.username if aktor else None,
            aksi=aksi,
            objek=objek,
            objek_id=None if objek_id is None else str(objek_id),
            hasil=hasil,
            detail=detail,
        )
    )


def audit_now(rt: Runtime, aktor: Aktor | None, aksi: str, **kwargs: Any) -> None:
    """Write an audit row in a transaction of its own (survives the caller's rollback)."""
    with rt.uow() as session:
        audit(session, aktor, aksi, **kwargs)


def refuse(rt: Runtime, aktor: Aktor, aksi: str, pesan: str, **detail: Any) -> Ditolak:
    """Record a refusal and return the error to raise."""
    audit_now(
        rt,
        aktor,
        aksi,
        hasil="ditolak",
        detail={"pesan": pesan, **detail} if detail else {"pesan": pesan},
    )
    return Ditolak(pesan)


def require(rt: Runtime, aktor: Aktor, izin: Izin, *, aksi: str | None = None) -> None:
    """Raise Ditolak (and audit it) unless ``aktor``'s role allows ``izin``."""
    if aktor.sistem or allowed(aktor.peran, izin):
        return
    pesan = f"Akses ditolak: peran {aktor.peran.value} tidak berwenang {izin.value}."
    raise refuse(rt, aktor, aksi or izin.name.lower(), pesan, izin=izin.name)


def require_unit(rt: Runtime, aktor: Aktor, izin: Izin, unit: Unit, *, aksi: str) -> None:
    """Like :func:`require`, and a Staf Unit may act only on its own unit."""
    require(rt, aktor, izin, aksi=aksi)
    if aktor.sistem or aktor.peran is not Peran.STAF_UNIT or aktor.unit_id == unit.id:
        return
    pesan = (
        f"Akses ditolak: Anda hanya dapat {izin.value} untuk unit Anda sendiri, "
        f"bukan {unit.kode} ({unit.nama})."
    )
    raise refuse(rt, aktor, aksi, pesan, unit=unit.kode)


def visible_unit_ids(session: Session, aktor: Aktor) -> set[int] | None:
    """Units whose data ``aktor`` may read: None means all of them."""
    if aktor.sistem or allowed(aktor.peran, Izin.LIHAT_SEMUA_UNIT):
        return None
    if aktor.unit_id is None:
        return set()
    return set(session.scalars(select(Unit.id).where(Unit.id == aktor.unit_id)))
