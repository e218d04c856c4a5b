"""The Celery application, configured from :mod:`lakip.config`.

Start a worker (one machine: SQLite and the embedded broker, beat inside the worker)::

    celery -A workers.celery_app worker -B --loglevel=INFO --concurrency=1 -Q lakip

``-B`` runs beat (the job sweep every 20 s, the SOP's reminders and e-mail every 5 min) inside the worker; its schedule file lives in the
data dir (``beat_schedule_filename``), not in the current folder, so no ``-s`` is needed. Run
exactly one beat. In production (``LAKIP_BROKER_URL`` = Redis) drop ``-B`` and run it apart::

    celery -A workers.celery_app worker --loglevel=INFO --concurrency=2 -Q lakip
    celery -A workers.celery_app beat --loglevel=INFO

The database, not Celery's result backend, is the record of a job: tasks only carry a job id.

The embedded broker (kombu's SQLAlchemy transport) polls its table once a second, so a job
starts up to a second after it is sent; it has no broadcast, so ``celery inspect`` and
``app.control.ping`` get no answer from its workers (their log says "ready.").
"""

from __future__ import annotations

from typing import Any

from celery import Celery

from lakip.config import Settings, get_settings

RUN_JOB = "lakip.run_job"
SWEEP_JOBS = "lakip.sweep_jobs"
SEND_REMINDERS = "lakip.send_reminders"
REMIND_EVERY = 300.0  # reminders are per day; five minutes is prompt enough and cheap
QUEUE = "lakip"
SWEEP_EVERY = 20.0
# Seconds a SQLite connection waits for the lock: the web app, the worker and beat share it.
SQLITE_TIMEOUT = 30


def visibility_timeout(settings: Settings) -> int:
    """Seconds Redis waits before handing an unacknowledged task to another worker:
    ``settings.visibility_timeout`` (``LAKIP_VISIBILITY_TIMEOUT``) when set, else above the hard
    time limit, so a task still running is never delivered twice."""
    if settings.visibility_timeout > 0:
        return settings.visibility_timeout
    return settings.task_time_limit + 300


def celery_config(settings: Settings) -> dict[str, Any]:
    """Celery settings for ``settings``'s broker and limits."""
    timeouts = {"visibility_timeout": visibility_timeout(settings)}
    if settings.embedded_broker:
        # kombu's SQLAlchemy transport hands its transport options to create_engine(), which
        # rejects visibility_timeout (the transport has no such notion: a message is hidden
        # when fetched and only a warm shutdown restores it; the job sweep covers the rest).
        broker_options: dict[str, Any] = {"connect_args": {"timeout": SQLITE_TIMEOUT}}
    else:
        broker_options = dict(timeouts)
    return {
        "broker_url": settings.broker_url,
        "result_backend": settings.result_backend,
        "broker_transport_options": broker_options,
        "result_backend_transport_options": dict(timeouts),
        "database_engine_options": {"connect_args": {"timeout": SQLITE_TIMEOUT}}
        if settings.result_backend.startswith("db+sqlite")
        else {},
        "broker_connection_retry_on_startup": True,
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_soft_time_limit": settings.task_soft_time_limit,
        "task_time_limit": settings.task_time_limit,
        "task_track_started": True,
        "worker_send_task_events": True,
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "result_accept_content": ["json"],
        "task_default_queue": QUEUE,
        "timezone": "UTC",
        "enable_utc": True,
        "beat_schedule": {
            "sweep-jobs": {
                "task": SWEEP_JOBS,
                "schedule": SWEEP_EVERY,
                # A busy worker (concurrency 1) must not pile up sweeps to run later.
                "options": {"expires": SWEEP_EVERY - 2},
            },
            "send-reminders": {
                "task": SEND_REMINDERS,
                "schedule": REMIND_EVERY,
                "options": {"expires": REMIND_EVERY - 10},
            },
        },
        "beat_schedule_filename": str(settings.data_dir / "celerybeat-schedule"),
    }


def make_app(settings: Settings | None = None) -> Celery:
    """A Celery app for ``settings`` (default: the environment's).

    With the embedded broker the data dir is created first: SQLite cannot create the broker,
    result and beat-schedule files in a folder that does not exist.
    """
    settings = settings or get_settings()
    if settings.embedded_broker:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    celery = Celery("lakip", include=["workers.tasks"])
    celery.conf.update(celery_config(settings))
    return celery


app = make_app()
