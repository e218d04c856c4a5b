"""200 report build jobs through two Celery workers on Redis and PostgreSQL:
``python -m bench.jobs [JOBS]`` prints the throughput and checks that every job finished once.

The demo agency is seeded into a schema of its own on the machine's PostgreSQL
(``LAKIP_BENCH_DATABASE_URL``, default the local server's ``test`` database); the jobs go
through the machine's Redis (``LAKIP_BENCH_REDIS_URL``) under a key prefix of their own. The
requests cycle over every kind and period (quarterly TW1–TW4, semester S1–S2, the LKjIP), so
many builds race for the next version of the same report. Checked at the end, from the
database and the files: every job succeeded exactly once; there is exactly one report version
per job (none lost, none duplicated); each report's version numbers run 1..n without a gap;
every version's Excel and PDF open whole; every version of a report has the same figures'
digest (the same data gives the same figures).
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

PROJECT = Path(__file__).resolve().parents[1]
JOBS = 200
WORKERS = 2
KINDS = [("triwulan", f"TW{q}") for q in (1, 2, 3, 4)] + [
    ("semester", "S1"),
    ("semester", "S2"),
    ("tahunan", "TAHUN"),
]
DEADLINE_S = 1800


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else JOBS
    from sqlalchemy import create_engine, text

    from lakip.config import load_settings
    from lakip.services import demo, report_builds
    from lakip.services.access import SISTEM
    from lakip.services.runtime import build_runtime
    from lakip.store.db import normalize_url
    from workers.celery_app import make_app
    from workers.sender import make_sender

    base = normalize_url(
        os.environ.get("LAKIP_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    )
    redis_url = os.environ.get("LAKIP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    prefix = f"bench-{uuid.uuid4().hex[:8]}:"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    workers: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="lakip-bench-jobs-") as tmp:
        env_vars = {
            "LAKIP_DATA_DIR": str(Path(tmp) / "data"),
            "LAKIP_DATABASE_URL": url,
            "LAKIP_BROKER_URL": redis_url,
        }
        rt = build_runtime(load_settings(env_vars))
        celery = make_app(rt.settings)
        options = {**celery.conf.broker_transport_options, "global_keyprefix": prefix}
        celery.conf.broker_transport_options = options
        rt.send_job = make_sender(celery)
        try:
            demo.seed_demo(rt)
            env = {k: v for k, v in os.environ.items() if not k.startswith("LAKIP_")}
            env |= env_vars
            for w in range(WORKERS):
                cmd = [
                    sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker",
                    "--loglevel=WARNING", "--concurrency=1", "-Q", "lakip",
                    "--hostname", f"bench{w}-{prefix[6:-1]}@%h", "--without-mingle",
                    "--without-gossip", "--",
                    "broker.transport_options=(json)" + json.dumps(options),
                ]  # fmt: skip
                log = (Path(tmp) / f"worker{w}.log").open("wb")
                proc = subprocess.Popen(
                    cmd, cwd=PROJECT, env=env, stdout=log, stderr=log, start_new_session=True
                )
                workers.append(proc)
            print(f"{n} pekerjaan bangun laporan, {WORKERS} worker, Redis + PostgreSQL")
            t0 = time.perf_counter()
            ids = [
                report_builds.request_report_build(rt, SISTEM, jenis, 2025, periode)
                for jenis, periode in (KINDS[k % len(KINDS)] for k in range(n))
            ]
            queued_s = time.perf_counter() - t0
            states = _wait(rt, ids, t0)
            seconds = time.perf_counter() - t0
            return _report(rt, ids, states, seconds, queued_s)
        finally:
            for proc in workers:
                if proc.poll() is None:
                    os.killpg(proc.pid, signal.SIGTERM)
            for proc in workers:
                try:
                    proc.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
            celery.close()
            rt.engine.dispose()
            with admin.begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
            import redis

            client = redis.Redis.from_url(redis_url)
            keys = list(client.scan_iter(match=f"{prefix}*"))
            if keys:
                client.delete(*keys)


def _wait(rt, ids: list[str], t0: float) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from lakip.store.models import Job

    last = -1
    while True:
        with rt.uow() as s:
            states = dict(s.execute(select(Job.id, Job.state).where(Job.id.in_(ids))).all())
        done = sum(st in ("succeeded", "failed") for st in states.values())
        if done != last and (done % 20 == 0 or done == len(ids)):
            print(f"  {done}/{len(ids)} selesai setelah {time.perf_counter() - t0:.0f} s")
            last = done
        if done == len(ids) or time.perf_counter() - t0 > DEADLINE_S:
            return states
        time.sleep(0.5)


def _report(rt, ids, states, seconds: float, queued_s: float) -> int:  # type: ignore[no-untyped-def]
    import pypdf
    from openpyxl import load_workbook
    from sqlalchemy import select

    from lakip.store.models import Job, Laporan, LaporanVersi

    with rt.uow() as s:
        attempts = dict(s.execute(select(Job.id, Job.attempts).where(Job.id.in_(ids))).all())
        rows = s.execute(
            select(Laporan.jenis, Laporan.periode, LaporanVersi.nomor, LaporanVersi.job_id,
                   LaporanVersi.xlsx_sha256, LaporanVersi.pdf_sha256, LaporanVersi.sha256_angka)
            .join(Laporan, LaporanVersi.laporan_id == Laporan.id)
        ).all()  # fmt: skip
    failed = [j for j in ids if states.get(j) != "succeeded"]
    per_job = Counter(r.job_id for r in rows)
    lost = [j for j in ids if per_job[j] == 0]
    duplicated = [j for j, c in per_job.items() if c > 1]
    numbers: dict[tuple[str, str], list[int]] = defaultdict(list)
    digests: dict[tuple[str, str], set[str | None]] = defaultdict(set)
    broken = 0
    for r in rows:
        numbers[(r.jenis, r.periode)].append(r.nomor)
        digests[(r.jenis, r.periode)].add(r.sha256_angka)
        try:
            load_workbook(io.BytesIO(rt.files.get(r.xlsx_sha256)), read_only=True).close()
            pypdf.PdfReader(io.BytesIO(rt.files.get(r.pdf_sha256)), strict=True).pages[-1]
        except Exception:
            broken += 1
    gaps = [k for k, v in numbers.items() if sorted(v) != list(range(1, len(v) + 1))]
    unstable = [k for k, v in digests.items() if len(v) != 1]
    retried = sum(1 for a in attempts.values() if a > 1)
    per_min = len(ids) / seconds * 60
    print(
        f"{len(ids)} pekerjaan dalam {seconds:.1f} s ({per_min:.1f} pekerjaan/menit; "
        f"{queued_s:.1f} s untuk mengantrekan); {len(rows)} versi laporan untuk "
        f"{len(numbers)} laporan"
    )
    print(
        f"gagal {len(failed)}, hilang {len(lost)}, ganda {len(duplicated)}, berkas rusak {broken}, "
        f"nomor versi berlubang {len(gaps)}, angka berbeda antarversi {len(unstable)}, "
        f"diulang {retried}"
    )
    ok = not (failed or lost or duplicated or broken or gaps or unstable) and len(rows) == len(ids)
    print("OK" if ok else "GAGAL")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
