"""The collaborators every use case needs, built once per process from the settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from lakip.config import Settings, get_settings
from lakip.store.db import make_engine, session_factory, unit_of_work, upgrade
from lakip.store.files import FileStore
from lakip.store.types import utcnow

JobSender = Callable[[str], None]
"""Sends a job (by id) to the workers; the web app and CLI pass Celery's, tests a fake."""


def _no_sender(job_id: str) -> None:
    """Default sender: jobs stay queued until a sweep or a worker picks them up."""


@dataclass
class Runtime:
    """Settings, database, file store and job sender, passed to every service."""

    settings: Settings
    engine: Engine
    sessions: sessionmaker[Session]
    files: FileStore
    send_job: JobSender = field(default=_no_sender)
    clock: Callable[[], datetime] = field(default=utcnow)
    """The current time (aware, UTC); tests pass a clock they move."""

    @contextmanager
    def uow(self) -> Iterator[Session]:
        """One transaction: commit on success, roll back everything on error."""
        with unit_of_work(self.sessions) as session:
            yield session


def build_runtime(settings: Settings | None = None, *, migrate: bool = True) -> Runtime:
    """A runtime for ``settings`` (default: the environment's); creates or upgrades the
    database first when ``migrate`` is true."""
    settings = settings or get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(settings.database_url)
    if migrate and upgrade(settings.database_url, engine):
        engine.dispose()  # connections opened before the migration start afresh
    return Runtime(
        settings=settings,
        engine=engine,
        sessions=session_factory(engine),
        files=FileStore(settings.files_dir),
    )
