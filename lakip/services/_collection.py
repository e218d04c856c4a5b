"""What the round, upload and review use cases share: the round of a quarter, the units that
owe it, whether an upload may go in, and how a refused move is recorded."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy.orm import Session

from lakip.domain.periods import QUARTERS, year_error
from lakip.domain.workflow import (
    AksiPutaran,
    LangkahDitolak,
    StatusPutaran,
    deadline_end,
    move_round,
)
from lakip.services.access import Aktor, audit_now
from lakip.services.errors import InputTidakValid, LangkahTidakSah
from lakip.services.runtime import Runtime
from lakip.store.models import PutaranPengumpulan
from lakip.store.queries import indicators_with_targets


def owing_units(session: Session, tahun: int) -> dict[int, list[int]]:
    """Unit id → the ids of its indicators with a target in the year's plan."""
    owed: dict[int, list[int]] = {}
    for ind in indicators_with_targets(session, tahun):
        if ind.direncanakan:
            owed.setdefault(ind.unit_id, []).append(ind.id)
    return owed


def closes_at(putaran: PutaranPengumpulan, zona: timezone) -> datetime:
    """When uploads stop going in: the deadline's end, or a reopening's, whichever is later."""
    last: date = max(putaran.batas_waktu, putaran.dibuka_ulang_sampai or putaran.batas_waktu)
    return deadline_end(last, zona)


def is_late(putaran: PutaranPengumpulan, when: datetime, zona: timezone) -> bool:
    """True when an upload at ``when`` comes after the round's own deadline."""
    return when >= deadline_end(putaran.batas_waktu, zona)


def check_round_move(
    rt: Runtime,
    aktor: Aktor,
    aksi_audit: str,
    status: StatusPutaran,
    aksi: AksiPutaran,
    *,
    alasan: str | None = None,
    **detail: Any,
) -> StatusPutaran:
    """The round's next state, or LangkahTidakSah (audited in its own transaction)."""
    try:
        return move_round(status, aksi, alasan=alasan)
    except LangkahDitolak as exc:
        raise refuse_move(rt, aktor, aksi_audit, exc, **detail) from exc


def refuse_move(
    rt: Runtime, aktor: Aktor, aksi_audit: str, exc: LangkahDitolak | str, **detail: Any
) -> LangkahTidakSah:
    """Record a move the SOP refused (one audit row, ``ditolak``) and return the error."""
    pesan = str(exc)
    audit_now(rt, aktor, aksi_audit, hasil="ditolak", detail={"pesan": pesan, **detail})
    return LangkahTidakSah(pesan)


def check_quarter(tahun: int, triwulan: int) -> None:
    """Raise InputTidakValid naming every problem of a year and quarter given by a user."""
    problems = [p for p in [year_error(tahun)] if p]
    if triwulan not in QUARTERS:
        problems.append(f"Triwulan harus 1–4, ditemukan {triwulan}.")
    if problems:
        raise InputTidakValid(problems)
