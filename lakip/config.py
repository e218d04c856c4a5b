"""Settings, read once from ``LAKIP_*`` environment variables.

With nothing set the system runs on one machine: SQLite and an embedded broker (kombu's
SQLAlchemy transport on a SQLite file), both under ``LAKIP_DATA_DIR``. Production sets
``LAKIP_DATABASE_URL`` (PostgreSQL) and ``LAKIP_BROKER_URL`` (Redis).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timezone
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lakip.domain.formatting import ZONA_WAKTU, parse_zona_waktu

MB = 1024 * 1024


@dataclass(frozen=True)
class Settings:
    """Every setting the project reads; build with :func:`load_settings`."""

    data_dir: Path
    database_url: str
    broker_url: str
    result_backend: str
    embedded_broker: bool
    production: bool
    max_upload_bytes: int = 10 * MB
    max_unpacked_bytes: int = 200 * MB
    session_idle_minutes: int = 30
    login_max_failures: int = 5
    login_lockout_minutes: int = 15
    task_soft_time_limit: int = 600
    task_time_limit: int = 660
    # Seconds Redis waits before handing out again a task a worker received but never
    # acknowledged (its worker was killed); 0: task_time_limit + 300, so a task still running
    # is never handed out twice (see workers.celery_app.visibility_timeout). Tests shorten it
    # to watch a redelivery; production leaves it unset.
    visibility_timeout: int = 0
    heartbeat_stale_seconds: int = 30
    zona_waktu: str = "WITA"  # the agency's clock: WIB, WITA or WIT
    smtp_url: str = ""  # smtp://user:pass@host:port or smtps://…; empty: no e-mail
    smtp_from: str = "lakip@localhost"
    app_url: str = ""  # the web app's address, written into e-mails when set

    @property
    def timezone(self) -> timezone:
        """The agency's clock (``zona_waktu``) as a time zone, for times shown to users."""
        return ZONA_WAKTU[self.zona_waktu]

    @property
    def files_dir(self) -> Path:
        """Where content-addressed files (uploads, reports) live."""
        return self.data_dir / "files"


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ValueError(f"{name} harus bilangan bulat, ditemukan {raw!r}") from exc


def _zona(text: str) -> str:
    try:
        return parse_zona_waktu(text).tzname(None) or text
    except ValueError as exc:
        raise ValueError(f"LAKIP_TIMEZONE: {exc}") from exc


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read the settings from ``env`` (default: the process environment).

    Raises ValueError when a numeric setting is not a whole number.
    """
    env = os.environ if env is None else env
    data_dir = Path(env.get("LAKIP_DATA_DIR") or "./data").resolve()
    database_url = env.get("LAKIP_DATABASE_URL") or f"sqlite:///{data_dir / 'lakip.db'}"
    broker = env.get("LAKIP_BROKER_URL") or ""
    embedded = broker == ""
    if embedded:
        broker = f"sqla+sqlite:///{data_dir / 'broker.db'}"
        backend = f"db+sqlite:///{data_dir / 'results.db'}"
    else:
        backend = env.get("LAKIP_RESULT_BACKEND") or broker
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        broker_url=broker,
        result_backend=backend,
        embedded_broker=embedded,
        production=(env.get("LAKIP_ENV", "").lower() == "production"),
        max_upload_bytes=_int(env, "LAKIP_MAX_UPLOAD_MB", 10) * MB,
        max_unpacked_bytes=_int(env, "LAKIP_MAX_UNPACKED_MB", 200) * MB,
        session_idle_minutes=_int(env, "LAKIP_SESSION_IDLE_MINUTES", 30),
        login_max_failures=_int(env, "LAKIP_LOGIN_MAX_FAILURES", 5),
        login_lockout_minutes=_int(env, "LAKIP_LOGIN_LOCKOUT_MINUTES", 15),
        task_soft_time_limit=_int(env, "LAKIP_TASK_SOFT_TIME_LIMIT", 600),
        task_time_limit=_int(env, "LAKIP_TASK_TIME_LIMIT", 660),
        visibility_timeout=_int(env, "LAKIP_VISIBILITY_TIMEOUT", 0),
        heartbeat_stale_seconds=_int(env, "LAKIP_HEARTBEAT_STALE_SECONDS", 30),
        zona_waktu=_zona(env.get("LAKIP_TIMEZONE") or "WITA"),
        smtp_url=(env.get("LAKIP_SMTP_URL") or "").strip(),
        smtp_from=(env.get("LAKIP_SMTP_FROM") or "lakip@localhost").strip(),
        app_url=(env.get("LAKIP_APP_URL") or "").strip(),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process's settings, read once."""
    return load_settings()


@dataclass(frozen=True)
class SmtpServer:
    """Where e-mail goes, read from ``LAKIP_SMTP_URL``."""

    host: str
    port: int
    tls: bool  # smtps: TLS from the first byte
    starttls: bool  # smtp://…?starttls=1
    username: str | None
    password: str | None


def parse_smtp_url(url: str) -> SmtpServer:
    """``smtp://[user:pass@]host[:port][?starttls=1]`` or ``smtps://…``; raises ValueError
    naming what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise ValueError(
            f"LAKIP_SMTP_URL tidak sah: '{url}'; contoh smtp://pengguna:sandi@mail.example:587"
        )
    tls = parts.scheme == "smtps"
    return SmtpServer(
        host=parts.hostname,
        port=parts.port or (465 if tls else 25),
        tls=tls,
        starttls="starttls=1" in parts.query,
        username=unquote(parts.username) if parts.username else None,
        password=unquote(parts.password) if parts.password else None,
    )
