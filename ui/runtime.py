"""The process-wide runtime (settings, database engine, file store, job sender)."""

from __future__ import annotations

import importlib
import logging

import streamlit as st

from lakip.services.runtime import JobSender, Runtime, build_runtime

log = logging.getLogger(__name__)


def _job_sender() -> JobSender | None:
    """Celery's sender when ``workers.sender`` is importable; None leaves jobs queued for
    the workers' sweep (the database is the record, so nothing is lost)."""
    try:
        module = importlib.import_module("workers.sender")
    except ImportError:
        log.warning("workers.sender tidak tersedia; pekerjaan menunggu sapuan pekerja")
        return None
    sender: JobSender | None = getattr(module, "send_job", None)
    return sender


@st.cache_resource(show_spinner=False)
def get_runtime() -> Runtime:
    """The runtime, built once per process (an engine is a pool shared by all sessions)."""
    rt = build_runtime()
    sender = _job_sender()
    if sender is not None:
        rt.send_job = sender
    return rt
