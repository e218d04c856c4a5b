"""The production topology of docker-compose.yml from local processes on this machine.

    scripts/topology --demo                      # a human: Ctrl-C stops everything
    python scripts/topology.py --demo --port 8600 --database lakip_coba --redis-db 3

The services of docker-compose.yml, one process each (two workers by default), all on one
file store (``LAKIP_DATA_DIR``) and with ``LAKIP_DATABASE_URL`` / ``LAKIP_BROKER_URL`` set:

- postgres: the machine's PostgreSQL; the database named by ``--database`` is created if missing;
- redis:    the machine's Redis, the database number ``--redis-db``;
- migrate:  ``python -m lakip init`` once (then ``python -m lakip seed-demo`` with ``--demo``);
- web:      ``streamlit run app.py``, headless, on ``--address``:``--port``;
- worker:   ``celery -A workers.celery_app worker -Q lakip -n lakipN@<host>``, ``--workers`` of them;
- beat:     ``celery -A workers.celery_app beat -s <data dir>/celerybeat-schedule``, exactly one.

It waits until the web app answers ``/_stcore/health`` and every worker answers
``celery inspect ping``, prints where everything is and the line :data:`READY`, then runs until
Ctrl-C or SIGTERM, which stop the web app and beat first, then the workers (a warm shutdown:
a running task finishes), each killed only after its grace period. A service that stops by
itself stops the others too (exit status 1). Children die with this process even if it is
killed (``PR_SET_PDEATHSIG``), so no orphan worker keeps consuming the queue.

Every option has an environment default (``LAKIP_TOPOLOGY_*``; the port and the worker
concurrency read the same variables as docker-compose.yml). Other ``LAKIP_*`` settings in
the environment (time zone, e-mail, limits) reach every service unchanged.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import IO, Final
from urllib.parse import urlsplit, urlunsplit

ROOT: Final = Path(__file__).resolve().parents[1]
READY: Final = "Semua layanan siap."
"""Printed once the web app and every worker answer (what a test waits for)."""
QUEUE: Final = "lakip"
WEB_GRACE: Final = 15.0
WORKER_GRACE: Final = 60.0  # docker-compose.yml's stop_grace_period for the workers
PR_SET_PDEATHSIG: Final = 1


class Stop(Exception):
    """A signal (Ctrl-C, SIGTERM) asked the topology to stop."""


class Failed(Exception):
    """The topology could not start or a service stopped by itself; the message says why."""


@dataclass
class Child:
    """A long-running service process; its own process group (so the terminal's Ctrl-C
    reaches only this script, which stops the services in order)."""

    name: str
    process: subprocess.Popen[bytes]
    grace: float
    log: Path | None


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    return int(raw) if raw else default


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    env = os.environ.get
    p = argparse.ArgumentParser(
        prog="scripts/topology",
        description="Topologi produksi (docker-compose.yml) dari proses lokal: PostgreSQL, "
        "Redis, migrasi, aplikasi web, dua pekerja Celery dan satu beat.",
    )
    p.add_argument(
        "--postgres",
        default=env("LAKIP_TOPOLOGY_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres"),
        help="server PostgreSQL; nama basis data di URL ini hanya dipakai untuk membuat "
        "basis data aplikasi (bawaan: %(default)s)",
    )
    p.add_argument(
        "--database",
        default=env("LAKIP_TOPOLOGY_DATABASE", "lakip"),
        help="basis data aplikasi, dibuat bila belum ada (bawaan: %(default)s)",
    )
    p.add_argument(
        "--redis",
        default=env("LAKIP_TOPOLOGY_REDIS", "redis://127.0.0.1:6379"),
        help="server Redis (bawaan: %(default)s)",
    )
    p.add_argument(
        "--redis-db",
        type=int,
        default=_env_int("LAKIP_TOPOLOGY_REDIS_DB", 0),
        help="nomor basis data Redis untuk broker (bawaan: %(default)s)",
    )
    p.add_argument(
        "--data-dir",
        type=Path,
        default=Path(env("LAKIP_TOPOLOGY_DATA_DIR", str(ROOT / "data" / "topology"))),
        help="LAKIP_DATA_DIR bersama semua layanan: berkas unggahan dan laporan "
        "(bawaan: %(default)s)",
    )
    p.add_argument(
        "--address",
        default=env("LAKIP_TOPOLOGY_ADDRESS", "127.0.0.1"),
        help="alamat aplikasi web; 0.0.0.0 untuk jaringan (bawaan: %(default)s)",
    )
    p.add_argument(
        "--port",
        type=int,
        default=_env_int("LAKIP_WEB_PORT", 8501),
        help="port aplikasi web (bawaan: %(default)s)",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=_env_int("LAKIP_TOPOLOGY_WORKERS", 2),
        help="jumlah proses pekerja Celery (bawaan: %(default)s)",
    )
    p.add_argument(
        "--concurrency",
        type=int,
        default=_env_int("LAKIP_WORKER_CONCURRENCY", 2),
        help="proses anak per pekerja (bawaan: %(default)s)",
    )
    p.add_argument(
        "--demo",
        action="store_true",
        help="muat instansi demo (python -m lakip seed-demo) setelah migrasi",
    )
    p.add_argument(
        "--log-dir",
        type=Path,
        default=env("LAKIP_TOPOLOGY_LOG_DIR") or None,
        help="tulis keluaran setiap layanan ke <log-dir>/<layanan>.log",
    )
    p.add_argument(
        "--with-parent",
        action="store_true",
        help="berhenti bila proses yang menjalankan skrip ini berhenti (untuk pengujian)",
    )
    p.add_argument(
        "--quiet",
        action="store_true",
        help="jangan tampilkan keluaran layanan di terminal (hanya di --log-dir)",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=float(env("LAKIP_TOPOLOGY_TIMEOUT", "180")),
        help="detik menunggu semua layanan siap (bawaan: %(default)s)",
    )
    args = p.parse_args(argv)
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,62}", args.database):
        p.error(f"--database: nama '{args.database}' tidak sah (huruf, angka, garis bawah)")
    if not 0 <= args.redis_db <= 15:
        p.error("--redis-db harus 0–15")
    if args.workers < 1 or args.concurrency < 1:
        p.error("--workers dan --concurrency harus sedikitnya 1")
    args.data_dir = args.data_dir.resolve()
    if args.log_dir is not None:
        args.log_dir = args.log_dir.resolve()
    return args


# --- The servers: PostgreSQL and Redis, the machine's own. ---


def with_database(server_url: str, name: str) -> str:
    """``server_url`` pointing at database ``name`` (its query string kept)."""
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def without_password(url: str) -> str:
    """``url`` safe to print."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urlunsplit(parts._replace(netloc=netloc))


def ensure_database(server_url: str, name: str) -> bool:
    """Create database ``name`` on the server unless it exists; True when it was created.
    Raises Failed when the server cannot be reached."""
    import psycopg
    from psycopg import sql

    try:
        with psycopg.connect(server_url, autocommit=True, connect_timeout=5) as conn:
            if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
                return False
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            return True
    except psycopg.Error as exc:
        raise Failed(
            f"PostgreSQL tidak dapat dipakai di {without_password(server_url)}: {exc}".strip()
        ) from exc


def check_redis(url: str) -> str | None:
    """Ping Redis; returns a warning when it may evict keys (the broker must not lose a
    task: docker-compose.yml runs it with ``--maxmemory-policy noeviction``). Raises Failed
    when it cannot be reached."""
    import redis

    client = redis.Redis.from_url(url, socket_connect_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        raise Failed(f"Redis tidak dapat dipakai di {without_password(url)}: {exc}") from exc
    try:
        policy = client.config_get("maxmemory-policy").get("maxmemory-policy")
    except redis.RedisError:
        return None  # CONFIG may be disabled; nothing to say then
    finally:
        client.close()
    if policy and policy != "noeviction":
        return (
            f"Peringatan: Redis memakai maxmemory-policy {policy}; broker sebaiknya "
            "noeviction agar tidak ada tugas yang hilang."
        )
    return None


def port_is_free(address: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((address, port))
        except OSError:
            return False
    return True


# --- The services: processes started from this checkout's Python. ---


def service_env(args: argparse.Namespace, database_url: str, broker_url: str) -> dict[str, str]:
    """The environment of every service: this one's, with docker-compose.yml's settings."""
    env = dict(os.environ)
    env.update(
        LAKIP_ENV="production",
        LAKIP_DATA_DIR=str(args.data_dir),
        LAKIP_DATABASE_URL=database_url,
        LAKIP_BROKER_URL=broker_url,
        PYTHONUNBUFFERED="1",
    )
    env.pop("LAKIP_RESULT_BACKEND", None)  # as in docker-compose.yml: the broker's Redis
    return env


def _libc_prctl() -> Callable[[int, int], int] | None:
    try:
        prctl: Callable[[int, int], int] = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None  # not Linux: children then outlive a killed parent
    return prctl


_PRCTL = _libc_prctl()
_PARENT = os.getpid()


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when this script dies, even by SIGKILL."""
    if _PRCTL is not None:
        _PRCTL(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != _PARENT:  # the parent died before prctl took effect
            os._exit(1)


class Output:
    """Where the services' output goes: ``name | line`` on the terminal (unless quiet) and
    each service's own file in the log dir."""

    def __init__(self, log_dir: Path | None, quiet: bool) -> None:
        self.log_dir = log_dir
        self.quiet = quiet
        self.lock = threading.Lock()
        if log_dir is not None:
            log_dir.mkdir(parents=True, exist_ok=True)

    def log_path(self, name: str) -> Path | None:
        return None if self.log_dir is None else self.log_dir / f"{name}.log"

    def say(self, text: str) -> None:
        """A line of this script's own (always shown)."""
        with self.lock:
            print(text, flush=True)

    def relay(self, name: str, stream: IO[bytes]) -> None:
        """Copy ``stream`` line by line until it closes (run in a thread)."""
        path = self.log_path(name)
        with open(path, "ab") if path else open(os.devnull, "wb") as log:
            for raw in iter(stream.readline, b""):
                log.write(raw)
                log.flush()
                if not self.quiet:
                    line = raw.decode(errors="replace").rstrip("\n")
                    with self.lock:
                        print(f"{name:<8}| {line}", flush=True)


def run_once(name: str, argv: list[str], env: dict[str, str], out: Output) -> None:
    """A one-shot service (the migration, the seed); raises Failed when it fails."""
    out.say(f"» {name}: python {' '.join(argv[1:])}")
    proc = subprocess.Popen(
        argv, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    assert proc.stdout is not None
    try:
        out.relay(name, proc.stdout)
        code = proc.wait()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    if code != 0:
        raise Failed(f"{name} gagal (kode keluar {code}); lihat keluarannya di atas.")


def spawn(name: str, argv: list[str], env: dict[str, str], out: Output, grace: float) -> Child:
    """Start a long-running service; its output is relayed by a thread."""
    proc = subprocess.Popen(
        argv,
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        process_group=0,
        preexec_fn=_die_with_parent,  # safe: every service starts before any relay thread
    )
    return Child(name, proc, grace, out.log_path(name))


def web_answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
            return bool(r.read().strip() == b"ok")
    except OSError:
        return False


_PONG = re.compile(r"->\s+(\S+):\s+OK")


def workers_answering(env: dict[str, str], names: Sequence[str]) -> set[str]:
    """The workers among ``names`` that answer ``celery inspect ping`` (the workers'
    health check in docker-compose.yml)."""
    argv = [sys.executable, "-m", "celery", "-A", "workers.celery_app", "inspect", "ping"]
    argv += ["--timeout", "3", "-d", ",".join(names)]
    try:
        done = subprocess.run(
            argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=30, check=False
        )
    except subprocess.TimeoutExpired:
        return set()
    return set(_PONG.findall(done.stdout)) & set(names)


# --- Running and stopping. ---


def _raise_stop(signum: int, _frame: FrameType | None) -> None:
    raise Stop(signal.Signals(signum).name)


def check_alive(children: Sequence[Child]) -> None:
    for c in children:
        code = c.process.poll()
        if code is not None:
            where = f"; lihat {c.log}" if c.log else ""
            raise Failed(f"Layanan {c.name} berhenti sendiri (kode keluar {code}){where}.")


def wait_ready(
    children: Sequence[Child], url: str, env: dict[str, str], workers: Sequence[str], timeout: float
) -> None:
    """Until the web app and every worker answer; raises Failed after ``timeout`` seconds or
    when a service stops."""
    deadline = time.monotonic() + timeout
    web_ok = False
    answered: set[str] = set()
    while True:
        check_alive(children)
        web_ok = web_ok or web_answers(url)
        if web_ok and answered != set(workers):
            answered |= workers_answering(env, [w for w in workers if w not in answered])
        if web_ok and answered == set(workers):
            return
        if time.monotonic() > deadline:
            waiting = ([] if web_ok else ["web"]) + [w for w in workers if w not in answered]
            raise Failed(f"Tidak siap dalam {timeout:.0f} detik: {', '.join(waiting)}.")
        time.sleep(0.5)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def stop_all(children: Sequence[Child], out: Output) -> None:
    """Web and beat first (no new jobs, no sweeps), then the workers (warm shutdown);
    SIGKILL to a service's whole group after its grace, or at once on a second signal."""
    hurry = threading.Event()
    signal.signal(signal.SIGINT, lambda *_: hurry.set())
    signal.signal(signal.SIGTERM, lambda *_: hurry.set())
    first = [c for c in children if c.grace < WORKER_GRACE]
    later = [c for c in children if c.grace >= WORKER_GRACE]
    for batch in (first, later):
        live = [c for c in batch if c.process.poll() is None]
        if live:
            out.say("» menghentikan " + ", ".join(c.name for c in live))
        for c in live:
            c.process.terminate()
        for c in batch:
            deadline = time.monotonic() + c.grace
            while c.process.poll() is None and time.monotonic() < deadline and not hurry.is_set():
                time.sleep(0.2)
            if c.process.poll() is None:
                out.say(f"» {c.name} tidak berhenti dalam {c.grace:.0f} detik; dimatikan paksa")
            if _group_alive(c.process.pid):  # the main process, or its pool left behind
                os.killpg(c.process.pid, signal.SIGKILL)
            c.process.wait()


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    parent = os.getppid()
    out = Output(args.log_dir, args.quiet)
    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    signal.signal(signal.SIGHUP, _raise_stop)

    py = sys.executable
    host = socket.gethostname()
    url = f"http://{'127.0.0.1' if args.address in ('0.0.0.0', '') else args.address}:{args.port}"
    database_url = with_database(args.postgres, args.database)
    broker_url = urlunsplit(urlsplit(args.redis)._replace(path=f"/{args.redis_db}"))
    schedule = args.data_dir / "celerybeat-schedule"
    workers = [f"lakip{i}@{host}" for i in range(1, args.workers + 1)]
    env = service_env(args, database_url, broker_url)
    children: list[Child] = []
    try:
        if not port_is_free(args.address, args.port):
            raise Failed(f"Port {args.port} di {args.address} sudah dipakai; pilih --port lain.")
        created = ensure_database(args.postgres, args.database)
        out.say(
            f"» postgres: basis data {args.database} "
            + ("dibuat" if created else "sudah ada")
            + f" ({without_password(database_url)})"
        )
        warning = check_redis(broker_url)
        out.say(f"» redis: {without_password(broker_url)} menjawab")
        if warning:
            out.say(warning)
        args.data_dir.mkdir(parents=True, exist_ok=True)

        run_once("migrate", [py, "-m", "lakip", "init"], env, out)
        if args.demo:
            run_once("seed", [py, "-m", "lakip", "seed-demo"], env, out)

        streamlit = [py, "-m", "streamlit", "run", "app.py"]
        streamlit += ["--server.port", str(args.port), "--server.address", args.address]
        streamlit += ["--server.headless", "true", "--server.fileWatcherType", "none"]
        streamlit += ["--browser.gatherUsageStats", "false"]
        celery = [py, "-m", "celery", "-A", "workers.celery_app"]
        children.append(spawn("web", streamlit, env, out, WEB_GRACE))
        for i, name in enumerate(workers, start=1):
            worker = [*celery, "worker", "--loglevel=INFO", f"--concurrency={args.concurrency}"]
            worker += ["-Q", QUEUE, "-n", name]
            children.append(spawn(f"worker{i}", worker, env, out, WORKER_GRACE))
        beat = [*celery, "beat", "--loglevel=INFO", "-s", str(schedule)]
        children.append(spawn("beat", beat, env, out, WEB_GRACE))
        # The relays start after every fork: a fork while another thread runs may copy a
        # held lock into the child (preexec_fn's warning).
        for c in children:
            assert c.process.stdout is not None
            threading.Thread(target=out.relay, args=(c.name, c.process.stdout), daemon=True).start()

        out.say(f"» menunggu aplikasi web dan {len(workers)} pekerja menjawab…")
        wait_ready(children, url, env, workers, args.timeout)
        where = [
            "",
            "LAKIP berjalan: topologi produksi dari proses lokal",
            f"  Aplikasi web : {url}",
            f"  PostgreSQL   : {without_password(database_url)}",
            f"  Redis        : {without_password(broker_url)} (broker dan hasil)",
            f"  Berkas data  : {args.data_dir}",
            f"  Pekerja      : {', '.join(workers)} (antrean {QUEUE}, "
            f"{args.concurrency} proses masing-masing)",
            f"  Penjadwal    : beat, jadwal di {schedule}",
            "  Proses       : " + ", ".join(f"{c.name} {c.process.pid}" for c in children),
            f"  Log          : {args.log_dir or 'terminal ini'}",
        ]
        if args.demo:
            where.append("  Akun demo    : kadis / demo-kadis, kasubbag / demo-kasubbag, …")
        out.say("\n".join([*where, "Tekan Ctrl-C untuk menghentikan semuanya.", READY]))
        while True:
            check_alive(children)
            if args.with_parent and os.getppid() != parent:
                # The test that started us was killed before its teardown: no orphan
                # topology may go on consuming the shared Redis queue.
                raise Stop("proses induk berhenti")
            time.sleep(0.5)
    except Stop as stop:
        out.say(f"\n» {stop}: menghentikan semua layanan")
        code = 0
    except Failed as exc:
        out.say(f"Gagal: {exc}")
        code = 1
    finally:
        stop_all(children, out)
    if children:
        out.say("» semua layanan berhenti")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
