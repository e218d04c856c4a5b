"""Celery tasks: parse ids and call :mod:`lakip.services.job_runner`,
:mod:`lakip.services.job_sweep` and :mod:`lakip.services.notifications`, nothing more.

A module that registers job handlers (``@jobs.register``) must be imported here so the worker
knows its kinds.
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from functools import lru_cache

from celery import Task

from lakip.services import job_runner, job_sweep, jobs, notifications, report_builds, system_check
from lakip.services.runtime import Runtime, build_runtime
from workers.celery_app import RUN_JOB, SEND_REMINDERS, SWEEP_JOBS, app
from workers.housekeeping import purge_fetched_messages
from workers.sender import make_sender

JOB_MODULES = (system_check, report_builds)
"""The modules whose import registers the job kinds this worker runs."""


@lru_cache(maxsize=1)
def get_runtime() -> Runtime:
    """This worker process's runtime, built once (after the fork), sending through this app."""
    return dataclasses.replace(build_runtime(), send_job=make_sender(app))


@app.task(
    name=RUN_JOB,
    bind=True,
    autoretry_for=job_runner.TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=30,
    retry_jitter=True,
    max_retries=jobs.MAX_ATTEMPTS,
)
def run_job(self: Task, job_id: str) -> str:
    """Run job ``job_id`` (idempotent: a second delivery does nothing); return its state."""
    parsed = str(uuid.UUID(str(job_id)))
    worker = f"{self.request.hostname}:{os.getpid()}"
    return job_runner.run_job(get_runtime(), parsed, worker)


@app.task(name=SWEEP_JOBS)
def sweep_jobs() -> list[str]:
    """Send again the jobs left queued without a message or running without a heartbeat;
    on the embedded broker, also drop the messages it keeps after delivering them."""
    rt = get_runtime()
    if rt.settings.embedded_broker:
        purge_fetched_messages(rt.settings.broker_url)
    return job_sweep.sweep(rt)


@app.task(name=SEND_REMINDERS)
def send_reminders() -> dict[str, int]:
    """Close the rounds past their deadline, make the deadline reminders due (each once: a
    notice is a row keyed by its event) and e-mail the notices waiting for it."""
    rt = get_runtime()
    made = notifications.send_due_reminders(rt)
    return {"dibuat": made, "terkirim": notifications.deliver_emails(rt)}
