"""Use case: read the audit log (who did what, when, on what, with what result).

The log is written by every service through :mod:`lakip.services.access`; this module only
reads it, newest first, for the Admin and the internal auditor (Irban Wil).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import func, select

from lakip.domain.roles import Izin
from lakip.services.access import Aktor, require
from lakip.services.runtime import Runtime
from lakip.store.models import LogAudit

MAX_LIMIT: Final = 5000
"""The most rows one call returns, whatever the caller asks for."""


@dataclass(frozen=True)
class AuditView:
    """One audit row as pages show it."""

    id: int
    waktu: datetime
    username: str | None
    aksi: str
    objek: str | None
    objek_id: str | None
    hasil: str
    detail: dict[str, Any] | None


def list_audit(
    rt: Runtime,
    aktor: Aktor,
    *,
    limit: int = 500,
    aksi: str | None = None,
    username: str | None = None,
) -> list[AuditView]:
    """The newest ``limit`` audit rows (at most :data:`MAX_LIMIT`), newest first.

    ``aksi`` keeps the actions starting with it ("login", "pengguna." …); ``username`` keeps the
    rows of that user name (case-insensitive). Empty filters are ignored. Raises Ditolak unless
    the actor may read the audit log.
    """
    require(rt, aktor, Izin.LIHAT_AUDIT, aksi="audit.lihat")
    size = max(1, min(int(limit), MAX_LIMIT))
    stmt = select(LogAudit).order_by(LogAudit.waktu.desc(), LogAudit.id.desc()).limit(size)
    wanted_aksi = (aksi or "").strip()
    if wanted_aksi:
        stmt = stmt.where(LogAudit.aksi.startswith(wanted_aksi, autoescape=True))
    wanted_user = (username or "").strip().lower()
    if wanted_user:
        stmt = stmt.where(func.lower(LogAudit.username) == wanted_user)
    with rt.uow() as session:
        return [
            AuditView(
                id=row.id,
                waktu=row.waktu,
                username=row.username,
                aksi=row.aksi,
                objek=row.objek,
                objek_id=row.objek_id,
                hasil=row.hasil,
                detail=row.detail,
            )
            for row in session.scalars(stmt)
        ]


def audit_actions(rt: Runtime, aktor: Aktor) -> list[str]:
    """Every distinct action name in the log, sorted (for a filter's choices).

    Raises Ditolak unless the actor may read the audit log.
    """
    require(rt, aktor, Izin.LIHAT_AUDIT, aksi="audit.lihat")
    with rt.uow() as session:
        return list(session.scalars(select(LogAudit.aksi).distinct().order_by(LogAudit.aksi)))
