"""Making notices (page "Pemberitahuan", and e-mail when SMTP is configured).

Each notice names its event with a key unique per user, so an event is noticed at most once
however many times (or on however many workers) the code that notices it runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lakip.domain.roles import Peran
from lakip.store.models import Pemberitahuan, Pengguna

EMAIL_MENUNGGU = "menunggu"


def notify(
    session: Session,
    pengguna_ids: Iterable[int],
    kunci: str,
    jenis: str,
    judul: str,
    isi: str,
    now: datetime,
    *,
    email: bool,
) -> int:
    """Add a notice for each user who does not have this event yet; returns how many.

    ``email`` marks each new notice as waiting for the mailer (only users with an address).
    """
    wanted = set(pengguna_ids)
    if not wanted:
        return 0
    have = set(
        session.scalars(
            select(Pemberitahuan.pengguna_id).where(
                Pemberitahuan.kunci == kunci, Pemberitahuan.pengguna_id.in_(wanted)
            )
        )
    )
    addresses = dict(
        session.execute(select(Pengguna.id, Pengguna.email).where(Pengguna.id.in_(wanted))).all()
    )
    made = 0
    for pid in sorted(wanted - have):
        session.add(
            Pemberitahuan(
                pengguna_id=pid,
                kunci=kunci,
                jenis=jenis,
                judul=judul,
                isi=isi,
                dibuat=now,
                email_status=EMAIL_MENUNGGU if email and addresses.get(pid) else None,
            )
        )
        made += 1
    return made


def active_users(
    session: Session, *, peran: Iterable[Peran] = (), unit_ids: Iterable[int] = ()
) -> list[int]:
    """Active users holding one of ``peran``, or (Staf Unit) belonging to one of ``unit_ids``."""
    roles = [p.value for p in peran]
    units = list(unit_ids)
    found: set[int] = set()
    if roles:
        found |= set(
            session.scalars(
                select(Pengguna.id).where(Pengguna.aktif.is_(True), Pengguna.peran.in_(roles))
            )
        )
    if units:
        found |= set(
            session.scalars(
                select(Pengguna.id).where(
                    Pengguna.aktif.is_(True),
                    Pengguna.peran == Peran.STAF_UNIT.value,
                    Pengguna.unit_id.in_(units),
                )
            )
        )
    return sorted(found)
