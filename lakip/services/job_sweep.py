"""The periodic sweep: sends again the jobs a lost message or a killed worker left behind.

The brokers alone do not cover a killed worker (DESIGN.md, invariants); the database, which is
the record, does.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import or_, select

from lakip.services.jobs import FAILED, MAX_ATTEMPTS, QUEUED, RUNNING, dispatch, update_job
from lakip.services.runtime import Runtime
from lakip.store import models as m
from lakip.store.types import utcnow

log = logging.getLogger(__name__)

RESEND_QUEUED_AFTER: Final = 60
"""Seconds after which the sweep sends a still-queued job again (its message may be lost)."""


def sweep(
    rt: Runtime, *, now: datetime | None = None, resend_after: int = RESEND_QUEUED_AFTER
) -> list[str]:
    """Send again the jobs a lost message or a dead worker left behind; return their ids.

    For the system (workers' periodic task only). A queued job is resent when it was never
    sent or last sent ``resend_after`` seconds ago; a running job whose heartbeat is older
    than ``settings.heartbeat_stale_seconds`` is put back to queued and resent. Each is taken
    with a conditional UPDATE, so concurrent sweeps do not both send it. A job already claimed
    :data:`~lakip.services.jobs.MAX_ATTEMPTS` times is failed instead.
    """
    now = now or utcnow()
    unsent = or_(m.Job.sent_at.is_(None), m.Job.sent_at < now - timedelta(seconds=resend_after))
    stale_at = now - timedelta(seconds=rt.settings.heartbeat_stale_seconds)
    stale = or_(m.Job.heartbeat_at.is_(None), m.Job.heartbeat_at < stale_at)
    with rt.uow() as session:
        candidates = session.execute(
            select(m.Job.id, m.Job.state, m.Job.attempts)
            .where(or_((m.Job.state == QUEUED) & unsent, (m.Job.state == RUNNING) & stale))
            .order_by(m.Job.created_at)
        ).all()

    resent: list[str] = []
    for job_id, state, attempts in candidates:
        taken = (
            (m.Job.state == QUEUED) & unsent
            if state == QUEUED
            else (m.Job.state == RUNNING) & stale
        )
        guard = (taken, m.Job.attempts == attempts)
        if attempts >= MAX_ATTEMPTS:
            error = (
                f"Pekerjaan dihentikan setelah {attempts} kali percobaan: "
                "worker berhenti sebelum pekerjaan selesai."
            )
            if update_job(
                rt, job_id, *guard, state=FAILED, message="Gagal.", error=error, finished_at=now
            ):
                log.warning("job %s digagalkan setelah %d percobaan", job_id, attempts)
            continue
        values: dict[str, Any] = {"sent_at": now}
        if state == RUNNING:
            values |= {
                "state": QUEUED,
                "worker": None,
                "message": "Worker tidak merespons; pekerjaan dijadwalkan ulang.",
            }
        if update_job(rt, job_id, *guard, **values) and dispatch(rt, job_id, stamp=False):
            resent.append(job_id)
    if resent:
        log.info("sweep mengirim ulang %d job: %s", len(resent), ", ".join(resent))
    return resent
