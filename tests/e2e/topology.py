"""The production topology (``scripts/topology``: PostgreSQL, Redis, the web app, two Celery
workers and beat, as local processes) for one test: a fresh PostgreSQL database and a
flushed Redis database, the demo agency seeded, every service's log in the test's directory.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit, urlunsplit

from tests.e2e.support import ROOT, _free_port

SCRIPT: Final = ROOT / "scripts" / "topology.py"
READY: Final = "Semua layanan siap."  # scripts/topology.py's READY
REDIS_DB: Final = 13
"""The Redis database the topology tests use: not the other tests' (15, flushed by them)."""
TAIL_LINES: Final = 60


@dataclass(frozen=True)
class Topology:
    """A running topology: where the web app answers and the services' shared file store."""

    url: str
    data_dir: Path
    database_url: str
    broker_url: str
    log_dir: Path
    process: subprocess.Popen[bytes]

    def logs(self, lines: int = TAIL_LINES) -> str:
        """The last ``lines`` lines of every service's log, for a failure report."""
        parts = []
        for log in sorted(self.log_dir.glob("*.log")):
            tail = log.read_text(errors="replace").splitlines()[-lines:]
            parts.append(f"----- {log.name} (last {len(tail)} lines) -----\n" + "\n".join(tail))
        return "\n".join(parts)


def _with_path(url: str, path: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path=path))


def _flush_redis(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=5)
    try:
        client.flushdb()
    finally:
        client.close()


def _drop_database(server_url: str, name: str) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(server_url, autocommit=True, connect_timeout=5) as conn:
        # FORCE: a connection a killed service left open must not keep the database alive.
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def _stop(process: subprocess.Popen[bytes], timeout: float) -> None:
    """SIGTERM (the script stops its services in order), SIGKILL after ``timeout``: the
    services then get SIGTERM from the kernel (the script's PR_SET_PDEATHSIG)."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@contextmanager
def production_topology(
    workdir: Path,
    *,
    postgres_url: str,
    redis_url: str,
    redis_db: int = REDIS_DB,
    timeout: float = 180,
) -> Iterator[Topology]:
    """``scripts/topology.py --demo`` on a free port against a new PostgreSQL database
    (``lakip_e2e_<random>`` on ``postgres_url``'s server, dropped afterwards) and Redis
    database ``redis_db`` on ``redis_url``'s server (flushed before and after), one worker
    process each (concurrency 1); data in ``workdir/data``, logs in ``workdir/logs``. An
    error inside the block prints the tail of every log on stderr (shown with the failure).
    """
    name = f"lakip_e2e_{uuid.uuid4().hex[:10]}"
    broker = _with_path(redis_url, f"/{redis_db}")
    data, logs = workdir / "data", workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    _flush_redis(broker)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKIP_")}
    env["PYTHONUNBUFFERED"] = "1"
    argv = [sys.executable, str(SCRIPT), "--demo", "--quiet", "--with-parent"]
    argv += ["--concurrency", "1"]
    argv += ["--postgres", postgres_url, "--database", name]
    argv += ["--redis", redis_url, "--redis-db", str(redis_db)]
    argv += ["--port", str(port), "--data-dir", str(data), "--log-dir", str(logs)]
    argv += ["--timeout", str(timeout)]
    own = logs / "topology.log"
    with own.open("wb") as out:
        process = subprocess.Popen(
            argv, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    topo = Topology(
        url=f"http://127.0.0.1:{port}",
        data_dir=data,
        database_url=_with_path(postgres_url, f"/{name}"),
        broker_url=broker,
        log_dir=logs,
        process=process,
    )
    try:
        deadline = time.monotonic() + timeout + 30
        while READY not in own.read_text(errors="replace"):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"scripts/topology.py did not get ready:\n{topo.logs()}")
            time.sleep(0.3)
        try:
            yield topo
        except BaseException:
            print(f"Topology logs ({logs}):\n{topo.logs()}", file=sys.stderr)
            raise
    finally:
        _stop(process, timeout=90)
        _drop_database(postgres_url, name)
        _flush_redis(broker)
