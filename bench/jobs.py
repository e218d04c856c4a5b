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
digest (the same data gives the same figures). :func:`run_jobs` also serves bench/scale.py.
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
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench.reports import PeakSampler

PROJECT = Path(__file__).resolve().parents[1]
JOBS = 200
WORKERS = 2
KINDS = [("triwulan", f"TW{q}") for q in (1, 2, 3, 4)] + [
    ("semester", "S1"),
    ("semester", "S2"),
    ("tahunan", "TAHUN"),
]
DEADLINE_S = 1800


@dataclass(frozen=True)
class JobsResult:
    """What a run of report jobs did, checked from the database and the files."""

    jobs: int
    workers: int
    seconds: float  # from the first request to the last job finished
    queued_s: float  # spent requesting them all
    busy_s: float  # from the first job started to the last finished (workers up)
    versions: int
    reports: int
    failed: int
    lost: int
    duplicated: int
    broken: int
    gaps: int
    unstable: int
    retried: int
    peak_mb: float  # both workers with their pool processes, at one time

    @property
    def per_minute(self) -> float:
        return self.jobs / self.seconds * 60

    @property
    def ok(self) -> bool:
        return (
            not (self.failed or self.lost or self.duplicated or self.broken)
            and not (self.gaps or self.unstable)
            and self.versions == self.jobs
        )


def run_jobs(
    n: int,
    *,
    database_url: str,
    redis_url: str,
    data_dir: Path,
    workers: int = WORKERS,
    log: Callable[[str], None] = print,
) -> JobsResult:
    """Seed the demo agency into the empty database at ``database_url``, start ``workers``
    Celery workers on Redis (under a key prefix of this run, removed afterwards), request
    ``n`` report builds cycling over every kind, wait for them all and check the outcome."""
    from lakip.config import load_settings
    from lakip.services import demo, report_builds
    from lakip.services.access import SISTEM
    from lakip.services.runtime import build_runtime
    from workers.celery_app import make_app
    from workers.sender import make_sender

    prefix = f"bench-{uuid.uuid4().hex[:8]}:"
    env_vars = {
        "LAKIP_DATA_DIR": str(data_dir),
        "LAKIP_DATABASE_URL": database_url,
        "LAKIP_BROKER_URL": redis_url,
    }
    rt = build_runtime(load_settings(env_vars))
    celery = make_app(rt.settings)
    options = {**celery.conf.broker_transport_options, "global_keyprefix": prefix}
    celery.conf.broker_transport_options = options
    # The results under the prefix too, so that the run leaves nothing behind in Redis.
    results = {**celery.conf.result_backend_transport_options, "global_keyprefix": prefix}
    rt.send_job = make_sender(celery)
    procs: list[subprocess.Popen[bytes]] = []
    try:
        demo.seed_demo(rt)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LAKIP_")}
        env |= env_vars
        for w in range(workers):
            cmd = [
                sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker",
                "--loglevel=WARNING", "--concurrency=1", "-Q", "lakip",
                "--hostname", f"bench{w}-{prefix[6:-1]}@%h", "--without-mingle",
                "--without-gossip", "--",
                "broker.transport_options=(json)" + json.dumps(options),
                "result.backend_transport_options=(json)" + json.dumps(results),
            ]  # fmt: skip
            out = (data_dir / f"worker{w}.log").open("wb")
            procs.append(
                subprocess.Popen(
                    cmd, cwd=PROJECT, env=env, stdout=out, stderr=out, start_new_session=True
                )
            )
        log(f"{n} pekerjaan bangun laporan, {workers} worker, Redis + {rt.engine.dialect.name}")
        with PeakSampler(lambda: [p.pid for p in procs]) as sampler:
            t0 = time.perf_counter()
            ids = [
                report_builds.request_report_build(rt, SISTEM, jenis, 2025, periode)
                for jenis, periode in (KINDS[k % len(KINDS)] for k in range(n))
            ]
            queued_s = time.perf_counter() - t0
            states = _wait(rt, ids, t0, log)
            seconds = time.perf_counter() - t0
        return _check(rt, ids, states, seconds, queued_s, workers, sampler.peak)
    finally:
        for proc in procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
        celery.close()
        rt.engine.dispose()
        import redis

        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


def _wait(rt, ids: list[str], t0: float, log: Callable[[str], None]) -> dict[str, str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from lakip.store.models import Job

    last = -1
    step = max(1, len(ids) // 10)
    while True:
        with rt.uow() as s:
            states = dict(s.execute(select(Job.id, Job.state).where(Job.id.in_(ids))).all())
        done = sum(st in ("succeeded", "failed") for st in states.values())
        if done != last and (done % step == 0 or done == len(ids)):
            log(f"  {done}/{len(ids)} selesai setelah {time.perf_counter() - t0:.0f} s")
            last = done
        if done == len(ids) or time.perf_counter() - t0 > DEADLINE_S:
            return states
        time.sleep(0.5)


def _check(
    rt, ids, states, seconds: float, queued_s: float, workers: int, peak_mb: float
) -> JobsResult:  # type: ignore[no-untyped-def]
    import pypdf
    from openpyxl import load_workbook
    from sqlalchemy import func, select

    from lakip.store.models import Job, Laporan, LaporanVersi

    with rt.uow() as s:
        attempts = dict(s.execute(select(Job.id, Job.attempts).where(Job.id.in_(ids))).all())
        first, last = s.execute(
            select(func.min(Job.started_at), func.max(Job.finished_at)).where(Job.id.in_(ids))
        ).one()
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
    return JobsResult(
        jobs=len(ids), workers=workers, seconds=seconds, queued_s=queued_s,
        busy_s=(last - first).total_seconds() if first and last else seconds,
        versions=len(rows), reports=len(numbers), failed=len(failed), lost=len(lost),
        duplicated=len(duplicated), broken=broken,
        gaps=sum(1 for v in numbers.values() if sorted(v) != list(range(1, len(v) + 1))),
        unstable=sum(1 for v in digests.values() if len(v) != 1),
        retried=sum(1 for a in attempts.values() if a > 1), peak_mb=peak_mb,
    )  # fmt: skip


def main() -> int:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else JOBS
    from sqlalchemy import create_engine, text

    from lakip.store.db import normalize_url

    base = normalize_url(
        os.environ.get("LAKIP_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/test")
    )
    redis_url = os.environ.get("LAKIP_BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(base)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    url = f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    try:
        with tempfile.TemporaryDirectory(prefix="lakip-bench-jobs-") as tmp:
            r = run_jobs(n, database_url=url, redis_url=redis_url, data_dir=Path(tmp) / "data")
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    print(
        f"{r.jobs} pekerjaan dalam {r.seconds:.1f} s ({r.per_minute:.1f} pekerjaan/menit; "
        f"{r.queued_s:.1f} s untuk mengantrekan); {r.versions} versi laporan untuk "
        f"{r.reports} laporan; puncak memori worker {r.peak_mb:.0f} MB"
    )
    print(
        f"gagal {r.failed}, hilang {r.lost}, ganda {r.duplicated}, berkas rusak {r.broken}, "
        f"nomor versi berlubang {r.gaps}, angka berbeda antarversi {r.unstable}, "
        f"diulang {r.retried}"
    )
    print("OK" if r.ok else "GAGAL")
    return 0 if r.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
