"""The SOP step log (DOMAIN.md: every step leaves a record): a step starts when the event
that makes it possible happens and ends with the action that completes it.

Step numbers are the SOP's: 1 open the round, 2 recap, 3 process, 4 compose the quarterly
report, 5 disseminate it, 6 compose the semester report, 7 review, 8 disseminate the semester
report, 9 the annual report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lakip.domain.formatting import format_local_datetime
from lakip.services._collection import refuse_move
from lakip.services.access import Aktor
from lakip.services.runtime import Runtime
from lakip.store.models import LangkahSop, Pengguna, StandarSop


def start_step(
    session: Session,
    nomor: int,
    now: datetime,
    *,
    putaran_id: int | None = None,
    laporan_versi_id: int | None = None,
    objek: str | None = None,
) -> None:
    """Log that step ``nomor`` may begin, unless the same step is already under way."""
    if session.get(StandarSop, nomor) is None:
        return  # an agency that deleted the step's standard does not track it
    if _open_step(session, nomor, putaran_id, laporan_versi_id) is not None:
        return
    session.add(
        LangkahSop(
            nomor=nomor,
            putaran_id=putaran_id,
            laporan_versi_id=laporan_versi_id,
            mulai_pada=now,
            objek=objek,
        )
    )


def finish_step(
    session: Session,
    nomor: int,
    now: datetime,
    aktor: Aktor | None,
    hasil: str,
    *,
    putaran_id: int | None = None,
    laporan_versi_id: int | None = None,
    objek: str | None = None,
) -> None:
    """End step ``nomor`` (the open one, or a new one that starts and ends now)."""
    if session.get(StandarSop, nomor) is None:
        return
    step = _open_step(session, nomor, putaran_id, laporan_versi_id)
    if step is None:
        step = LangkahSop(
            nomor=nomor,
            putaran_id=putaran_id,
            laporan_versi_id=laporan_versi_id,
            mulai_pada=now,
            objek=objek,
        )
        session.add(step)
    step.selesai_pada = now
    step.pengguna_id = aktor.id if aktor else None
    step.hasil = hasil
    if objek:
        step.objek = objek


def _open_step(
    session: Session, nomor: int, putaran_id: int | None, laporan_versi_id: int | None
) -> LangkahSop | None:
    return session.scalar(
        select(LangkahSop)
        .where(
            LangkahSop.nomor == nomor,
            LangkahSop.putaran_id.is_(None)
            if putaran_id is None
            else LangkahSop.putaran_id == putaran_id,
            LangkahSop.laporan_versi_id.is_(None)
            if laporan_versi_id is None
            else LangkahSop.laporan_versi_id == laporan_versi_id,
            LangkahSop.selesai_pada.is_(None),
        )
        .order_by(LangkahSop.id.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class CatatanLangkah:
    """The newest log row of one step of a round, as the recap and processing pages show it."""

    mulai: datetime
    selesai: datetime | None  # None: under way
    oleh: str | None
    hasil: str | None


def last_step(session: Session, nomor: int, putaran_id: int) -> CatatanLangkah | None:
    """The newest row of step ``nomor`` for a round, or None when it never started."""
    row = session.execute(
        select(LangkahSop, Pengguna.nama)
        .outerjoin(Pengguna, Pengguna.id == LangkahSop.pengguna_id)
        .where(LangkahSop.nomor == nomor, LangkahSop.putaran_id == putaran_id)
        .order_by(LangkahSop.id.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    step, nama = row
    return CatatanLangkah(step.mulai_pada, step.selesai_pada, nama, step.hasil)


def refuse_if_finished(
    rt: Runtime,
    session: Session,
    aktor: Aktor,
    nomor: int,
    putaran_id: int,
    *,
    aksi: str,
    apa: str,
) -> None:
    """Raise LangkahTidakSah (after its audit row) when step ``nomor`` of the round has
    already been declared finished: "<apa> sudah dinyatakan selesai oleh … pada …"."""
    langkah = last_step(session, nomor, putaran_id)
    if langkah is not None and langkah.selesai is not None:
        raise refuse_move(
            rt,
            aktor,
            aksi,
            f"{apa} sudah dinyatakan selesai oleh {langkah.oleh or 'sistem'} pada "
            f"{format_local_datetime(langkah.selesai, rt.settings.timezone)}.",
            putaran=putaran_id,
        )
