"""Background jobs: the registry of kinds, and the record of each job in the database.

A job is a row (``Job``); the broker only carries its id. The life of a job:

- :func:`create_job` writes it ``queued`` and sends its id to the workers;
- a worker runs it with :func:`lakip.services.job_runner.run_job`, which claims it (one
  conditional UPDATE: exactly one worker wins, so a message delivered twice runs the job once),
  runs its handler, writes heartbeats while it runs, then finishes or fails it;
- a periodic :func:`lakip.services.job_sweep.sweep` sends again what a lost message or a killed
  worker left behind.

Handlers are registered by kind with :func:`register`, each with the permission it requires. A
module that registers handlers (such as :mod:`lakip.services.system_check`) must be imported by
the worker (``workers/tasks.py``) and by whoever creates the jobs.

Clocks: timestamps come from the host running the code; hosts are assumed NTP-synchronised.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, cast

from sqlalchemy import ColumnElement, CursorResult, update

from lakip.domain.roles import Izin
from lakip.services.access import Aktor, audit, refuse, require
from lakip.services.errors import TidakDitemukan
from lakip.services.runtime import Runtime
from lakip.store import models as m
from lakip.store.types import utcnow

log = logging.getLogger(__name__)

ProgressFn = Callable[[int, str], None]
"""Reports progress: a percentage (0–100) and an Indonesian message for the user."""

JobHandler = Callable[[Runtime, dict[str, Any], ProgressFn], dict[str, Any]]
"""Does a job's work from its parameters and returns its JSON-serialisable result."""

QUEUED: Final = "queued"
RUNNING: Final = "running"
SUCCEEDED: Final = "succeeded"
FAILED: Final = "failed"
TERMINAL: Final = frozenset({SUCCEEDED, FAILED})

MAX_ATTEMPTS: Final = 5
"""A job is claimed at most this many times; the sweep fails it rather than try again."""

KIND_MAX: Final = 50
"""Longest kind: it goes into audit actions (``lihat_job:<kind>``, at most 60 characters)."""

HANDLERS: dict[str, JobHandler] = {}
"""Every job kind this process knows, filled at import by :func:`register`."""

IZIN: dict[str, Izin] = {}
"""The permission each kind requires of whoever creates it, or reads another's job of it."""


def register(kind: str, *, izin: Izin) -> Callable[[JobHandler], JobHandler]:
    """Decorator registering ``fn`` as the handler of ``kind`` jobs, guarded by ``izin``.

    ``izin`` is required of the actor who creates such a job, and of anyone but its creator
    who reads it. Raises ValueError when another function or another permission is already
    registered for ``kind``, or when ``kind`` is longer than :data:`KIND_MAX`.
    """
    if len(kind) > KIND_MAX:
        raise ValueError(f"Jenis pekerjaan '{kind}' lebih dari {KIND_MAX} karakter.")

    def decorate(fn: JobHandler) -> JobHandler:
        known = HANDLERS.get(kind)
        same = known is not None and (known.__module__, known.__qualname__) == (
            fn.__module__,
            fn.__qualname__,
        )
        if known is not None and not (same and IZIN.get(kind) is izin):
            raise ValueError(
                f"Jenis pekerjaan '{kind}' sudah terdaftar untuk {known.__qualname__}."
            )
        HANDLERS[kind] = fn
        IZIN[kind] = izin
        return fn

    return decorate


@dataclass(frozen=True)
class JobView:
    """What a page or a test reads about a job."""

    id: str
    kind: str
    state: str
    progress: int
    message: str | None
    result: dict[str, Any] | None
    error: str | None
    attempts: int
    worker: str | None
    parameters: dict[str, Any]
    created_by_id: int | None
    created_at: datetime
    sent_at: datetime | None
    started_at: datetime | None
    heartbeat_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        """True once the job succeeded or failed."""
        return self.state in TERMINAL


# --- creating and reading -------------------------------------------------------------------


def create_job(
    rt: Runtime, aktor: Aktor, kind: str, parameters: dict[str, Any] | None = None
) -> str:
    """Record a new ``queued`` job, send it to the workers and return its id.

    Raises ValueError for an unknown ``kind``, a kind with no permission registered, or
    parameters that are not a JSON object, and Ditolak when ``aktor`` lacks the kind's
    permission. A failed send is logged, not raised: the job is recorded and the sweep sends
    it later.
    """
    if kind not in HANDLERS:
        raise ValueError(f"Jenis pekerjaan '{kind}' tidak dikenal.")
    izin = IZIN.get(kind)
    if izin is None:
        # Only a registry edited by hand gets here; register() always records a permission.
        raise ValueError(f"Jenis pekerjaan '{kind}' tidak mempunyai izin yang disyaratkan.")
    require(rt, aktor, izin, aksi=f"buat_job:{kind}")
    parameters = dict(parameters or {})
    try:
        json.dumps(parameters)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Parameter pekerjaan harus berupa data JSON: {exc}") from exc
    job_id = str(uuid.uuid4())
    with rt.uow() as session:
        session.add(
            m.Job(
                id=job_id,
                kind=kind,
                parameters=parameters,
                state=QUEUED,
                progress=0,
                message="Menunggu giliran diproses.",
                attempts=0,
                created_by_id=aktor.id,
                created_at=utcnow(),
            )
        )
        audit(session, aktor, "buat_job", objek="job", objek_id=job_id, detail={"jenis": kind})
        session.commit()
    dispatch(rt, job_id)
    return job_id


def get_job(rt: Runtime, aktor: Aktor, job_id: str) -> JobView:
    """The job ``job_id`` as it is now, as ``aktor`` may read it.

    A job's parameters and result may carry the agency's figures: its creator may read it;
    anyone else needs the permission its kind requires (a kind this process does not know
    is refused to all but the system). Raises TidakDitemukan when there is no such job and
    Ditolak when ``aktor`` may not read it.
    """
    with rt.uow() as session:
        job = session.get(m.Job, job_id)
        if job is None:
            raise TidakDitemukan(f"Pekerjaan {job_id} tidak ditemukan.")
        view = JobView(
            id=job.id,
            kind=job.kind,
            state=job.state,
            progress=job.progress,
            message=job.message,
            result=job.result,
            error=job.error,
            attempts=job.attempts,
            worker=job.worker,
            parameters=dict(job.parameters or {}),
            created_by_id=job.created_by_id,
            created_at=job.created_at,
            sent_at=job.sent_at,
            started_at=job.started_at,
            heartbeat_at=job.heartbeat_at,
            finished_at=job.finished_at,
        )
    # Checked after the read transaction: a refusal writes its audit row in one of its own.
    own = aktor.id is not None and aktor.id == view.created_by_id
    if not own:
        aksi = f"lihat_job:{view.kind}"
        izin = IZIN.get(view.kind)
        if izin is not None:
            require(rt, aktor, izin, aksi=aksi)
        elif not aktor.sistem:
            pesan = f"Akses ditolak: jenis pekerjaan '{view.kind}' tidak dikenal."
            raise refuse(rt, aktor, aksi, pesan, job=job_id)
    return view


# --- writing the record: shared by create_job, the runner and the sweep --------------------


def update_job(rt: Runtime, job_id: str, *where: ColumnElement[bool], **values: Any) -> bool:
    """UPDATE the job row in a transaction of its own when ``where`` holds; True when a row
    changed. Every change of a job's state is one such conditional UPDATE.

    For the system (the runner and the sweep): it checks no permission.
    """
    stmt = (
        update(m.Job)
        .where(m.Job.id == job_id, *where)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    with rt.uow() as session:
        result = cast("CursorResult[Any]", session.execute(stmt))
        session.commit()
        return result.rowcount == 1


def try_update(fn: Callable[..., bool], *args: Any, **kwargs: Any) -> bool:
    """Call a job update ``fn(rt, job_id, ...)``, logging (not raising) a database error;
    False when it failed."""
    try:
        return fn(*args, **kwargs)
    except Exception:
        log.warning("%s gagal untuk %s", fn.__name__, args[1:2], exc_info=True)
        return False


def dispatch(rt: Runtime, job_id: str, *, stamp: bool = True) -> bool:
    """Send ``job_id`` to the workers and (when ``stamp``) record when; True when sent.

    For the system (after :func:`create_job` checked, or the sweep). A failed send is logged,
    not raised, and clears the mark so the next sweep sends it again.
    """
    try:
        rt.send_job(job_id)
    except Exception:
        log.warning(
            "job %s belum terkirim ke antrean; sweep akan mengirim ulang", job_id, exc_info=True
        )
        try_update(update_job, rt, job_id, m.Job.state == QUEUED, sent_at=None)
        return False
    if stamp:
        try_update(update_job, rt, job_id, sent_at=utcnow())
    return True
