"""Shared fixtures: a fresh runtime per test on SQLite, and the real servers when asked.

Redis and PostgreSQL come from ``LAKIP_TEST_REDIS_URL`` / ``LAKIP_TEST_DATABASE_URL``; without
them the tests try the local defaults. When ``LAKIP_REQUIRE_SERVICES=1`` (CI sets it) a server
that cannot be reached is an error, never a skip.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

from lakip.config import load_settings
from lakip.services.runtime import Runtime, build_runtime

REQUIRE = os.environ.get("LAKIP_REQUIRE_SERVICES") == "1"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/test"


def _reachable(url: str, default_port: int) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def _need(url: str, port: int, what: str) -> str:
    if _reachable(url, port):
        return url
    message = f"{what} is not reachable at {url}"
    if REQUIRE:
        pytest.fail(message + " and LAKIP_REQUIRE_SERVICES=1 forbids skipping", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def redis_url() -> str:
    """A real Redis database for tests (flushed by the tests that use it)."""
    return _need(os.environ.get("LAKIP_TEST_REDIS_URL", DEFAULT_REDIS), 6379, "Redis")


@pytest.fixture(scope="session")
def postgres_base_url() -> str:
    """A real PostgreSQL server for tests."""
    return _need(os.environ.get("LAKIP_TEST_DATABASE_URL", DEFAULT_PG), 5432, "PostgreSQL")


@pytest.fixture
def postgres_url(postgres_base_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL schema for one test, dropped afterwards."""
    from sqlalchemy import create_engine, text

    from lakip.store.db import normalize_url

    schema = f"t_{uuid.uuid4().hex[:12]}"
    base = normalize_url(postgres_base_url)
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in base else "?"
    yield f"{base}{sep}options=-csearch_path%3D{schema}"
    with admin.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


def make_runtime(
    data_dir: Path, database_url: str | None = None, broker_url: str | None = None
) -> Runtime:
    """A migrated runtime on its own data dir (SQLite unless ``database_url``)."""
    env = {"LAKIP_DATA_DIR": str(data_dir)}
    if database_url:
        env["LAKIP_DATABASE_URL"] = database_url
    if broker_url:
        env["LAKIP_BROKER_URL"] = broker_url
    return build_runtime(load_settings(env))


@pytest.fixture
def rt(tmp_path: Path) -> Iterator[Runtime]:
    """A fresh runtime on SQLite in a temporary data dir."""
    runtime = make_runtime(tmp_path / "data")
    yield runtime
    runtime.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def any_rt(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Runtime]:
    """The same test on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        runtime = make_runtime(tmp_path / "data")
    else:
        url = request.getfixturevalue("postgres_url")
        runtime = make_runtime(tmp_path / "data", database_url=url)
    yield runtime
    runtime.engine.dispose()
