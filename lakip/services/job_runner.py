"""Running a job in a worker: its state changes (claim, heartbeat, finish, fail) and the runner.

Every function here is called by workers only and acts for the system, so none takes an actor:
the permission was checked when the job was created (:func:`lakip.services.jobs.create_job`).
Each state change is one conditional UPDATE (:func:`lakip.services.jobs.update_job`).

Handlers should call ``progress`` outside an open write transaction: on SQLite a pending write
holds the database lock that the heartbeat needs.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Final

from sqlalchemy import ColumnElement
from sqlalchemy.exc import OperationalError

from lakip.services.access import SISTEM
from lakip.services.errors import LakipError
from lakip.services.jobs import (
    FAILED,
    HANDLERS,
    MAX_ATTEMPTS,
    QUEUED,
    RUNNING,
    SUCCEEDED,
    get_job,
    try_update,
    update_job,
)
from lakip.services.runtime import Runtime
from lakip.store import models as m
from lakip.store.types import utcnow

log = logging.getLogger(__name__)

TRANSIENT_ERRORS: Final[tuple[type[Exception], ...]] = (OperationalError,)
"""Database errors worth retrying (connection lost, database locked); tasks retry on these."""


class _Superseded(Exception):
    """This run no longer owns its job (the sweep gave it to another worker)."""


# --- state changes: each one conditional UPDATE ---------------------------------------------


def _owned(attempt: int | None) -> list[ColumnElement[bool]]:
    """Conditions that the job is still running under claim number ``attempt``."""
    where = [m.Job.state == RUNNING]
    if attempt is not None:
        where.append(m.Job.attempts == attempt)
    return where


def claim(rt: Runtime, job_id: str, worker: str) -> bool:
    """Take a queued job for ``worker``; True for exactly one caller, however many race.

    For the system (workers only). A job already claimed :data:`MAX_ATTEMPTS` times is not
    taken (the sweep fails it).
    """
    now = utcnow()
    return update_job(
        rt,
        job_id,
        m.Job.state == QUEUED,
        m.Job.attempts < MAX_ATTEMPTS,
        state=RUNNING,
        attempts=m.Job.attempts + 1,
        started_at=now,
        heartbeat_at=now,
        worker=worker[:200],
        message="Sedang diproses.",
        error=None,
    )


def heartbeat(
    rt: Runtime, job_id: str, progress: int, message: str, *, attempt: int | None = None
) -> bool:
    """Record progress (0–100), an Indonesian ``message`` and a heartbeat on a running job.

    For the system (workers only). With ``attempt`` only that claim may write. False when the
    job is no longer running (under that claim): the caller has lost it and should stop.
    """
    return update_job(
        rt,
        job_id,
        *_owned(attempt),
        progress=max(0, min(100, int(progress))),
        message=message,
        heartbeat_at=utcnow(),
    )


def _touch(rt: Runtime, job_id: str, attempt: int | None) -> bool:
    """A heartbeat that leaves progress and message alone."""
    return update_job(rt, job_id, *_owned(attempt), heartbeat_at=utcnow())


def finish(rt: Runtime, job_id: str, result: dict[str, Any], *, attempt: int | None = None) -> bool:
    """Mark a running job succeeded with its ``result``; False when it was not running.

    For the system (workers only).
    """
    now = utcnow()
    return update_job(
        rt,
        job_id,
        *_owned(attempt),
        state=SUCCEEDED,
        progress=100,
        message="Selesai.",
        result=result,
        error=None,
        heartbeat_at=now,
        finished_at=now,
    )


def fail(rt: Runtime, job_id: str, error: str, *, attempt: int | None = None) -> bool:
    """Mark a job failed with an Indonesian ``error``; False when it had already ended.

    For the system (workers only). Without ``attempt`` a queued or running job is failed;
    with it, only that running claim.
    """
    where = _owned(attempt) if attempt is not None else [m.Job.state.in_((QUEUED, RUNNING))]
    return update_job(
        rt,
        job_id,
        *where,
        state=FAILED,
        message="Gagal.",
        error=error,
        finished_at=utcnow(),
    )


def _requeue(rt: Runtime, job_id: str, attempt: int, message: str) -> bool:
    """Give a running claim back to the queue (it will be sent or retried again)."""
    return update_job(rt, job_id, *_owned(attempt), state=QUEUED, message=message, worker=None)


# --- running ---------------------------------------------------------------------------------


def _error_text(exc: BaseException) -> str:
    """The Indonesian message a user sees for a failed job."""
    if isinstance(exc, LakipError):
        return str(exc)
    # Celery's soft limit; matched by name because lakip does not import celery.
    if type(exc).__name__ == "SoftTimeLimitExceeded":
        return "Pekerjaan dihentikan karena melebihi batas waktu."
    detail = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
    return f"Pekerjaan gagal karena kesalahan tak terduga ({detail})."


class _KeepAlive:
    """Writes a heartbeat every ``interval`` seconds while a handler runs, so a long step
    without progress reports is not mistaken for a dead worker."""

    def __init__(self, rt: Runtime, job_id: str, attempt: int, interval: float) -> None:
        self._rt, self._job_id, self._attempt, self._interval = rt, job_id, attempt, interval
        self._stop = threading.Event()
        self.lost = False
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{job_id}", daemon=True)

    def __enter__(self) -> _KeepAlive:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                if not _touch(self._rt, self._job_id, self._attempt):
                    self.lost = True
                    return
            except Exception:
                log.warning("heartbeat job %s gagal ditulis", self._job_id, exc_info=True)


def run_job(rt: Runtime, job_id: str, worker: str) -> str:
    """Run job ``job_id`` once, as ``worker``, and return its state afterwards.

    For the system (workers only). Idempotent: when the job cannot be claimed (already
    running, finished, or claimed by another delivery of the same message) nothing is done. A
    handler's error fails the job with an Indonesian message. A transient database error (see
    :data:`TRANSIENT_ERRORS`) gives the job back to the queue and is re-raised so the caller
    can retry it, unless the job has used its :data:`MAX_ATTEMPTS`. Raises TidakDitemukan for
    an unknown id.
    """
    if not claim(rt, job_id, worker):
        return get_job(rt, SISTEM, job_id).state
    job = get_job(rt, SISTEM, job_id)
    attempt = job.attempts
    handler = HANDLERS.get(job.kind)
    if handler is None:
        fail(
            rt, job_id, f"Jenis pekerjaan '{job.kind}' tidak dikenal oleh worker.", attempt=attempt
        )
        return FAILED

    interval = max(1.0, rt.settings.heartbeat_stale_seconds / 3)
    with _KeepAlive(rt, job_id, attempt, interval) as keepalive:

        def progress(percent: int, message: str) -> None:
            if keepalive.lost:
                raise _Superseded
            try:
                owned = heartbeat(rt, job_id, percent, message, attempt=attempt)
            except TRANSIENT_ERRORS:
                log.warning("progres job %s gagal ditulis", job_id, exc_info=True)
                return
            if not owned:
                raise _Superseded

        try:
            # Handlers find their job's id beside its parameters (to be idempotent by it).
            result = handler(rt, {**job.parameters, "job_id": job_id}, progress)
            if keepalive.lost or not finish(rt, job_id, result, attempt=attempt):
                raise _Superseded
            return SUCCEEDED
        except _Superseded:
            log.warning("job %s diambil alih sebelum %s selesai", job_id, worker)
            return get_job(rt, SISTEM, job_id).state
        except TRANSIENT_ERRORS as exc:
            return _after_transient(rt, job_id, attempt, exc)
        except Exception as exc:
            log.exception("job %s (%s) gagal", job_id, job.kind)
            fail(rt, job_id, _error_text(exc), attempt=attempt)
            return FAILED
        except BaseException:
            # Shutdown or interrupt: give the job back so the next worker runs it.
            try_update(
                _requeue, rt, job_id, attempt, "Worker berhenti; pekerjaan akan dijalankan ulang."
            )
            raise


def _after_transient(rt: Runtime, job_id: str, attempt: int, exc: Exception) -> str:
    """Requeue (and re-raise) after a transient error, or fail when attempts are used up."""
    log.warning(
        "job %s: gangguan sementara basis data (percobaan %d)", job_id, attempt, exc_info=True
    )
    if attempt >= MAX_ATTEMPTS:
        error = (
            f"Pekerjaan gagal setelah {attempt} kali percobaan karena gangguan basis data: "
            f"{type(exc).__name__}."
        )
        if try_update(fail, rt, job_id, error, attempt=attempt):
            return FAILED
        raise exc
    # If even this write fails the row stays running; its heartbeat goes stale and the sweep
    # requeues it.
    try_update(
        _requeue,
        rt,
        job_id,
        attempt,
        "Gangguan sementara pada basis data; pekerjaan akan dicoba lagi.",
    )
    raise exc
