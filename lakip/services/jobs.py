"""Background jobs: the record of each job in the database, and the use cases around it.

A job is a row (``Job``); the broker only carries its id. The life of a job:

- :func:`create_job` writes it ``queued`` and sends its id to the workers;
- a worker calls :func:`run_job`, which :func:`claim`\\ s it (one conditional UPDATE: exactly one
  worker wins, so a message delivered twice runs the job once), runs its handler, writes
  heartbeats while it runs, then :func:`finish`\\ es or :func:`fail`\\ s it;
- a periodic :func:`sweep` sends again what a lost message or a killed worker left behind.

Handlers are registered by kind (``jenis``) with :func:`register`. A module that registers
handlers must be imported by the worker (``workers/tasks.py``) and by whoever creates the jobs.
Handlers should call ``progress`` outside an open write transaction: on SQLite a pending write
holds the database lock that the heartbeat needs.

Clocks: timestamps come from the host running the code; hosts are assumed NTP-synchronised.
"""

from __future__ import annotations

import json
import logging
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final, cast

from sqlalchemy import ColumnElement, CursorResult, func, or_, select, update
from sqlalchemy.exc import OperationalError

from lakip.domain.formatting import format_count
from lakip.domain.roles import Izin
from lakip.services.access import Aktor, audit, require
from lakip.services.errors import InputTidakValid, LakipError, TidakDitemukan
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

RESEND_QUEUED_AFTER: Final = 60
"""Seconds after which the sweep sends a still-queued job again (its message may be lost)."""

TRANSIENT_ERRORS: Final[tuple[type[Exception], ...]] = (OperationalError,)
"""Database errors worth retrying (connection lost, database locked); tasks retry on these."""

HANDLERS: dict[str, JobHandler] = {}
"""Every job kind this process knows, filled at import by :func:`register`."""

IZIN: dict[str, Izin] = {}
"""The permission a kind requires of whoever creates it (kinds absent here: any actor)."""


class _Superseded(Exception):
    """This run no longer owns its job (the sweep gave it to another worker)."""


def register(jenis: str, *, izin: Izin | None = None) -> Callable[[JobHandler], JobHandler]:
    """Decorator registering ``fn`` as the handler of ``jenis`` jobs.

    ``izin``, when given, is required of the actor who creates such a job. Raises ValueError
    when another function is already registered for ``jenis``.
    """

    def decorate(fn: JobHandler) -> JobHandler:
        known = HANDLERS.get(jenis)
        same = known is not None and (known.__module__, known.__qualname__) == (
            fn.__module__,
            fn.__qualname__,
        )
        if known is not None and not same:
            raise ValueError(
                f"Jenis pekerjaan '{jenis}' sudah terdaftar untuk {known.__qualname__}."
            )
        HANDLERS[jenis] = fn
        if izin is not None:
            IZIN[jenis] = izin
        return fn

    return decorate


@dataclass(frozen=True)
class JobView:
    """What a page or a test reads about a job."""

    id: str
    jenis: str
    state: str
    progress: int
    pesan: str | None
    hasil: dict[str, Any] | None
    error: str | None
    attempts: int
    worker: str | None
    parameter: dict[str, Any]
    dibuat_pada: datetime
    dikirim_pada: datetime | None
    mulai_pada: datetime | None
    heartbeat_at: datetime | None
    selesai_pada: datetime | None

    @property
    def selesai(self) -> bool:
        """True once the job succeeded or failed."""
        return self.state in TERMINAL


# --- creating and reading -------------------------------------------------------------------


def create_job(
    rt: Runtime, aktor: Aktor, jenis: str, parameter: dict[str, Any] | None = None
) -> str:
    """Record a new ``queued`` job, send it to the workers and return its id.

    Raises ValueError for an unknown ``jenis`` or parameters that are not a JSON object, and
    Ditolak when the kind requires a permission ``aktor`` lacks. A failed send is logged, not
    raised: the job is recorded and the sweep sends it later.
    """
    if jenis not in HANDLERS:
        raise ValueError(f"Jenis pekerjaan '{jenis}' tidak dikenal.")
    parameter = dict(parameter or {})
    try:
        json.dumps(parameter)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"Parameter pekerjaan harus berupa data JSON: {exc}") from exc
    if jenis in IZIN:
        require(rt, aktor, IZIN[jenis], aksi=f"buat_job:{jenis}")
    job_id = str(uuid.uuid4())
    with rt.uow() as session:
        session.add(
            m.Job(
                id=job_id,
                jenis=jenis,
                parameter=parameter,
                state=QUEUED,
                progress=0,
                pesan="Menunggu giliran diproses.",
                attempts=0,
                dibuat_oleh_id=aktor.id,
                dibuat_pada=utcnow(),
            )
        )
        audit(session, aktor, "buat_job", objek="job", objek_id=job_id, detail={"jenis": jenis})
    _send(rt, job_id)
    return job_id


def get_job(rt: Runtime, job_id: str) -> JobView:
    """The job ``job_id`` as it is now; raises TidakDitemukan when there is none."""
    with rt.uow() as session:
        job = session.get(m.Job, job_id)
        if job is None:
            raise TidakDitemukan(f"Pekerjaan {job_id} tidak ditemukan.")
        return JobView(
            id=job.id,
            jenis=job.jenis,
            state=job.state,
            progress=job.progress,
            pesan=job.pesan,
            hasil=job.hasil,
            error=job.error,
            attempts=job.attempts,
            worker=job.worker,
            parameter=dict(job.parameter or {}),
            dibuat_pada=job.dibuat_pada,
            dikirim_pada=job.dikirim_pada,
            mulai_pada=job.mulai_pada,
            heartbeat_at=job.heartbeat_at,
            selesai_pada=job.selesai_pada,
        )


# --- state transitions: each one conditional UPDATE -----------------------------------------


def _update(rt: Runtime, job_id: str, *where: ColumnElement[bool], **values: Any) -> bool:
    """UPDATE the job row when ``where`` holds; True when a row changed."""
    stmt = (
        update(m.Job)
        .where(m.Job.id == job_id, *where)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    with rt.uow() as session:
        result = cast("CursorResult[Any]", session.execute(stmt))
        return result.rowcount == 1


def _owned(attempt: int | None) -> list[ColumnElement[bool]]:
    """Conditions that the job is still running under claim number ``attempt``."""
    where = [m.Job.state == RUNNING]
    if attempt is not None:
        where.append(m.Job.attempts == attempt)
    return where


def claim(rt: Runtime, job_id: str, worker: str) -> bool:
    """Take a queued job for ``worker``; True for exactly one caller, however many race.

    A job already claimed :data:`MAX_ATTEMPTS` times is not taken (the sweep fails it).
    """
    now = utcnow()
    return _update(
        rt,
        job_id,
        m.Job.state == QUEUED,
        m.Job.attempts < MAX_ATTEMPTS,
        state=RUNNING,
        attempts=m.Job.attempts + 1,
        mulai_pada=now,
        heartbeat_at=now,
        worker=worker[:200],
        pesan="Sedang diproses.",
        error=None,
    )


def heartbeat(
    rt: Runtime, job_id: str, progress: int, pesan: str, *, attempt: int | None = None
) -> bool:
    """Record progress (0–100) and a heartbeat on a running job.

    With ``attempt`` only that claim may write. False when the job is no longer running (under
    that claim): the caller has lost it and should stop.
    """
    return _update(
        rt,
        job_id,
        *_owned(attempt),
        progress=max(0, min(100, int(progress))),
        pesan=pesan,
        heartbeat_at=utcnow(),
    )


def _touch(rt: Runtime, job_id: str, attempt: int | None) -> bool:
    """A heartbeat that leaves progress and message alone."""
    return _update(rt, job_id, *_owned(attempt), heartbeat_at=utcnow())


def finish(rt: Runtime, job_id: str, hasil: dict[str, Any], *, attempt: int | None = None) -> bool:
    """Mark a running job succeeded with its result; False when it was not running."""
    now = utcnow()
    return _update(
        rt,
        job_id,
        *_owned(attempt),
        state=SUCCEEDED,
        progress=100,
        pesan="Selesai.",
        hasil=hasil,
        error=None,
        heartbeat_at=now,
        selesai_pada=now,
    )


def fail(rt: Runtime, job_id: str, error: str, *, attempt: int | None = None) -> bool:
    """Mark a job failed with an Indonesian ``error``; False when it had already ended.

    Without ``attempt`` a queued or running job is failed; with it, only that running claim.
    """
    where = _owned(attempt) if attempt is not None else [m.Job.state.in_((QUEUED, RUNNING))]
    return _update(
        rt,
        job_id,
        *where,
        state=FAILED,
        pesan="Gagal.",
        error=error,
        selesai_pada=utcnow(),
    )


def _requeue(rt: Runtime, job_id: str, attempt: int, pesan: str) -> bool:
    """Give a running claim back to the queue (it will be sent or retried again)."""
    return _update(rt, job_id, *_owned(attempt), state=QUEUED, pesan=pesan, worker=None)


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

    Idempotent: when the job cannot be claimed (already running, finished, or claimed by
    another delivery of the same message) nothing is done. A handler's error fails the job
    with an Indonesian message. A transient database error (see :data:`TRANSIENT_ERRORS`)
    gives the job back to the queue and is re-raised so the caller can retry it, unless the
    job has used its :data:`MAX_ATTEMPTS`. Raises TidakDitemukan for an unknown id.
    """
    if not claim(rt, job_id, worker):
        return get_job(rt, job_id).state
    job = get_job(rt, job_id)
    attempt = job.attempts
    handler = HANDLERS.get(job.jenis)
    if handler is None:
        fail(
            rt, job_id, f"Jenis pekerjaan '{job.jenis}' tidak dikenal oleh worker.", attempt=attempt
        )
        return FAILED

    interval = max(1.0, rt.settings.heartbeat_stale_seconds / 3)
    with _KeepAlive(rt, job_id, attempt, interval) as keepalive:

        def progress(percent: int, pesan: str) -> None:
            if keepalive.lost:
                raise _Superseded
            try:
                owned = heartbeat(rt, job_id, percent, pesan, attempt=attempt)
            except TRANSIENT_ERRORS:
                log.warning("progres job %s gagal ditulis", job_id, exc_info=True)
                return
            if not owned:
                raise _Superseded

        try:
            hasil = handler(rt, dict(job.parameter), progress)
            if keepalive.lost or not finish(rt, job_id, hasil, attempt=attempt):
                raise _Superseded
            return SUCCEEDED
        except _Superseded:
            log.warning("job %s diambil alih sebelum %s selesai", job_id, worker)
            return get_job(rt, job_id).state
        except TRANSIENT_ERRORS as exc:
            return _after_transient(rt, job_id, attempt, exc)
        except Exception as exc:
            log.exception("job %s (%s) gagal", job_id, job.jenis)
            fail(rt, job_id, _error_text(exc), attempt=attempt)
            return FAILED
        except BaseException:
            # Shutdown or interrupt: give the job back so the next worker runs it.
            _try(_requeue, rt, job_id, attempt, "Worker berhenti; pekerjaan akan dijalankan ulang.")
            raise


def _after_transient(rt: Runtime, job_id: str, attempt: int, exc: Exception) -> str:
    """Requeue (and re-raise) after a transient error, or fail when attempts are used up."""
    log.warning(
        "job %s: gangguan sementara basis data (percobaan %d)", job_id, attempt, exc_info=True
    )
    if attempt >= MAX_ATTEMPTS:
        pesan = (
            f"Pekerjaan gagal setelah {attempt} kali percobaan karena gangguan basis data: "
            f"{type(exc).__name__}."
        )
        if _try(fail, rt, job_id, pesan, attempt=attempt):
            return FAILED
        raise exc
    # If even this write fails the row stays running; its heartbeat goes stale and the sweep
    # requeues it.
    _try(
        _requeue,
        rt,
        job_id,
        attempt,
        "Gangguan sementara pada basis data; pekerjaan akan dicoba lagi.",
    )
    raise exc


def _try(fn: Callable[..., bool], *args: Any, **kwargs: Any) -> bool:
    """Call a state transition, logging (not raising) a database error."""
    try:
        return fn(*args, **kwargs)
    except Exception:
        log.warning("%s gagal untuk %s", fn.__name__, args[1:2], exc_info=True)
        return False


# --- the sweep -------------------------------------------------------------------------------


def _send(rt: Runtime, job_id: str, *, stamp: bool = True) -> bool:
    """Send ``job_id`` and (when ``stamp``) record when; on failure clear the mark so the next
    sweep sends it again."""
    try:
        rt.send_job(job_id)
    except Exception:
        log.warning(
            "job %s belum terkirim ke antrean; sweep akan mengirim ulang", job_id, exc_info=True
        )
        _try(_update, rt, job_id, m.Job.state == QUEUED, dikirim_pada=None)
        return False
    if stamp:
        _try(_update, rt, job_id, dikirim_pada=utcnow())
    return True


def sweep(
    rt: Runtime, *, now: datetime | None = None, resend_after: int = RESEND_QUEUED_AFTER
) -> list[str]:
    """Send again the jobs a lost message or a dead worker left behind; return their ids.

    A queued job is resent when it was never sent or last sent ``resend_after`` seconds ago; a
    running job whose heartbeat is older than ``settings.heartbeat_stale_seconds`` is put back
    to queued and resent. Each is taken with a conditional UPDATE, so concurrent sweeps do not
    both send it. A job already claimed :data:`MAX_ATTEMPTS` times is failed instead.
    """
    now = now or utcnow()
    unsent = or_(
        m.Job.dikirim_pada.is_(None), m.Job.dikirim_pada < now - timedelta(seconds=resend_after)
    )
    stale_at = now - timedelta(seconds=rt.settings.heartbeat_stale_seconds)
    stale = or_(m.Job.heartbeat_at.is_(None), m.Job.heartbeat_at < stale_at)
    with rt.uow() as session:
        candidates = session.execute(
            select(m.Job.id, m.Job.state, m.Job.attempts)
            .where(or_((m.Job.state == QUEUED) & unsent, (m.Job.state == RUNNING) & stale))
            .order_by(m.Job.dibuat_pada)
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
            pesan = (
                f"Pekerjaan dihentikan setelah {attempts} kali percobaan: "
                "worker berhenti sebelum pekerjaan selesai."
            )
            if _update(
                rt, job_id, *guard, state=FAILED, pesan="Gagal.", error=pesan, selesai_pada=now
            ):
                log.warning("job %s digagalkan setelah %d percobaan", job_id, attempts)
            continue
        values: dict[str, Any] = {"dikirim_pada": now}
        if state == RUNNING:
            values |= {
                "state": QUEUED,
                "worker": None,
                "pesan": "Worker tidak merespons; pekerjaan dijadwalkan ulang.",
            }
        if _update(rt, job_id, *guard, **values) and _send(rt, job_id, stamp=False):
            resent.append(job_id)
    if resent:
        log.info("sweep mengirim ulang %d job: %s", len(resent), ", ".join(resent))
    return resent


# --- handlers --------------------------------------------------------------------------------

_TABEL_PERIKSA: Final = (
    ("unit", m.Unit),
    ("pengguna", m.Pengguna),
    ("sasaran", m.Sasaran),
    ("indikator", m.Indikator),
    ("target_tahunan", m.TargetTahunan),
    ("pengiriman", m.Pengiriman),
    ("versi_pengiriman", m.VersiPengiriman),
    ("realisasi", m.Realisasi),
    ("laporan", m.Laporan),
    ("laporan_versi", m.LaporanVersi),
    ("job", m.Job),
    ("log_audit", m.LogAudit),
)

JEDA_MAKS: Final = 2.0


@register("sistem.periksa", izin=Izin.KELOLA_INSTANSI)
def periksa_sistem(rt: Runtime, parameter: dict[str, Any], progress: ProgressFn) -> dict[str, Any]:
    """System check: count the rows of the main tables one by one, reporting after each.

    ``parameter["jeda"]`` (seconds, at most 2) pauses between tables so progress can be watched.
    Raises InputTidakValid when ``jeda`` is not a non-negative number.
    """
    jeda_raw = parameter.get("jeda", 0)
    if isinstance(jeda_raw, bool) or not isinstance(jeda_raw, int | float) or jeda_raw < 0:
        raise InputTidakValid([f"Parameter 'jeda' harus angka detik ≥ 0, ditemukan {jeda_raw!r}."])
    jeda = min(float(jeda_raw), JEDA_MAKS)
    jumlah: dict[str, int] = {}
    total = len(_TABEL_PERIKSA)
    progress(0, "Memeriksa basis data…")
    for i, (nama, model) in enumerate(_TABEL_PERIKSA, start=1):
        if jeda:
            time.sleep(jeda)
        with rt.uow() as session:
            jumlah[nama] = session.scalar(select(func.count()).select_from(model)) or 0
        progress(
            i * 100 // total, f"Tabel {nama}: {format_count(jumlah[nama])} baris ({i}/{total})."
        )
    return {"basis_data": rt.engine.dialect.name, "jumlah": jumlah}
