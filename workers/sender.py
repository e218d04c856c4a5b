"""Sending jobs to the workers: what the web app and the CLI put into ``Runtime.send_job``.

    rt = dataclasses.replace(build_runtime(), send_job=send_job)

The task is sent by name, so a sender does not import the tasks (nor build their runtime).
"""

from __future__ import annotations

from celery import Celery

from lakip.services.runtime import JobSender
from workers.celery_app import RUN_JOB, app


def make_sender(celery: Celery) -> JobSender:
    """A job sender publishing ``lakip.run_job`` through ``celery``'s broker."""

    def send(job_id: str) -> None:
        celery.send_task(RUN_JOB, args=[job_id])

    return send


send_job: JobSender = make_sender(app)
"""Send a job id to the workers through the configured broker."""
