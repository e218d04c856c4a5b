"""A real Celery worker process runs jobs end to end, on the embedded broker and on Redis.

The test reads the job's state from the database (the record), never from Celery's results.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from celery import Celery

from lakip.services import jobs, notifications, planning, rounds, system_check, users
from lakip.services.access import SISTEM, Aktor
from lakip.services.runtime import Runtime
from tests.conftest import make_runtime
from workers.celery_app import SEND_REMINDERS, make_app
from workers.sender import make_sender

pytestmark = pytest.mark.worker

PROJECT = Path(__file__).resolve().parents[2]
DEADLINE = 60.0  # seconds: the worker must be ready, and a job done, within this


@dataclass
class Setup:
    """Where a worker and the test meet: data dir, database and broker."""

    data_dir: Path
    env: dict[str, str]
    rt: Runtime
    config_args: list[str]  # Celery settings given on the worker's command line
    celery: Celery  # this test's app, configured as the worker's, for sending tasks by name


@pytest.fixture(
    params=[
        pytest.param("embedded", id="embedded-sqlite"),
        pytest.param(
            "redis", id="redis-postgresql", marks=[pytest.mark.redis, pytest.mark.postgres]
        ),
    ]
)
def setup(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Setup]:
    """One machine (SQLite + embedded broker) or the production shape (PostgreSQL + Redis)."""
    data_dir = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKIP_")}
    env["LAKIP_DATA_DIR"] = str(data_dir)
    database_url = broker_url = None
    if request.param == "redis":
        broker_url = request.getfixturevalue("redis_url")
        database_url = request.getfixturevalue("postgres_url")
        env["LAKIP_BROKER_URL"] = broker_url
        env["LAKIP_DATABASE_URL"] = database_url
    rt = make_runtime(data_dir, database_url=database_url, broker_url=broker_url)
    # This process's settings are cached from its own environment: build the sender's Celery
    # app from the same explicit settings the worker reads from its environment.
    celery = make_app(rt.settings)
    rt.send_job = make_sender(celery)
    config_args: list[str] = []
    prefix = f"uji-{uuid.uuid4().hex[:8]}:"
    if broker_url:
        # Other runs of this suite may share the Redis database at the same time: rather than
        # flush it under them, this test's queues live under a key prefix of their own.
        options = {**celery.conf.broker_transport_options, "global_keyprefix": prefix}
        celery.conf.broker_transport_options = options
        config_args = ["--", "broker.transport_options=(json)" + json.dumps(options)]
    yield Setup(data_dir, env, rt, config_args, celery)
    celery.close()
    rt.engine.dispose()
    if broker_url:
        import redis

        client = redis.Redis.from_url(broker_url)
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)
        client.close()


class Worker:
    """A `celery worker -B` process in its own process group, logging to a file."""

    def __init__(self, setup: Setup, name: str) -> None:
        self.log = setup.data_dir.parent / f"{name}.log"
        self.hostname = f"{name}-{uuid.uuid4().hex[:6]}@%h"
        cmd = [
            sys.executable, "-m", "celery", "-A", "workers.celery_app", "worker", "-B",
            "--loglevel=INFO", "--concurrency=1", "-Q", "lakip",
            "--hostname", self.hostname, "--without-mingle", "--without-gossip",
            *setup.config_args,
        ]  # fmt: skip
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                cmd, cwd=PROJECT, env=setup.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )  # fmt: skip

    def text(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_ready(self) -> float:
        """Seconds until the worker logs that it is ready; fails the test after DEADLINE."""
        start = time.monotonic()
        while time.monotonic() - start < DEADLINE:
            if " ready." in self.text():
                return time.monotonic() - start
            if self.proc.poll() is not None:
                pytest.fail(f"worker exited with {self.proc.returncode}:\n{self.text()[-3000:]}")
            time.sleep(0.1)
        pytest.fail(f"worker not ready after {DEADLINE:.0f} s:\n{self.text()[-3000:]}")

    def kill(self, sig: signal.Signals) -> None:
        """Send ``sig`` to the worker, its pool child and its beat (the whole group)."""
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, sig)

    def stop(self) -> None:
        """Warm shutdown (SIGTERM to the main process), then SIGKILL if it does not stop."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill(signal.SIGKILL)
            self.proc.wait(timeout=15)
        with contextlib.suppress(ProcessLookupError):  # a pool child or beat may outlive it
            os.killpg(self.proc.pid, signal.SIGKILL)


def wait_for_job(
    rt: Runtime, job_id: str, until: Callable[[jobs.JobView], bool]
) -> list[jobs.JobView]:
    """Poll the database until ``until(view)``; return every distinct view seen."""
    seen: list[jobs.JobView] = []
    start = time.monotonic()
    while time.monotonic() - start < DEADLINE:
        view = jobs.get_job(rt, SISTEM, job_id)
        if not seen or (view.state, view.progress) != (seen[-1].state, seen[-1].progress):
            seen.append(view)
        if until(view):
            return seen
        time.sleep(0.02)
    pytest.fail(f"job {job_id} stuck after {DEADLINE:.0f} s: {seen[-1]}")


@pytest.mark.timeout(180)
def test_a_real_worker_runs_a_job_and_reports_progress_in_the_database(
    setup: Setup,
    start_worker: Callable[[str], Worker],
    record_property: Callable[[str, object], None],
) -> None:
    worker = start_worker("uji")
    ready_s = worker.wait_ready()

    start = time.monotonic()
    job_id = jobs.create_job(setup.rt, SISTEM, system_check.KIND, {"jeda": 0.1})
    seen = wait_for_job(setup.rt, job_id, lambda v: v.finished)
    round_trip_s = time.monotonic() - start
    record_property("worker_ready_s", round(ready_s, 2))
    record_property("round_trip_s", round(round_trip_s, 2))
    print(f"\nworker ready in {ready_s:.2f} s; job round trip {round_trip_s:.2f} s")

    done = seen[-1]
    assert done.state == "succeeded", (done, worker.text()[-3000:])
    assert (done.progress, done.attempts, done.error) == (100, 1, None)
    assert done.worker is not None and done.worker.startswith(worker.hostname.split("@")[0])
    assert done.result is not None
    assert done.result["basis_data"] == setup.rt.engine.dialect.name
    assert done.result["jumlah"]["job"] == 1 and done.result["jumlah"]["log_audit"] == 1
    running = [v.progress for v in seen if v.state == "running"]
    assert len({p for p in running if 0 < p < 100}) >= 3, seen
    assert running == sorted(running)

    # A second delivery of the same job (a resent message) changes nothing.
    setup.rt.send_job(job_id)
    time.sleep(2)
    again = jobs.get_job(setup.rt, SISTEM, job_id)
    assert (again.state, again.attempts, again.finished_at) == ("succeeded", 1, done.finished_at)


@pytest.mark.slow
@pytest.mark.timeout(240)
def test_a_job_whose_worker_was_killed_is_finished_by_the_next_worker(
    setup: Setup,
    start_worker: Callable[[str], Worker],
    record_property: Callable[[str, object], None],
) -> None:
    stale_s = 3
    setup.env["LAKIP_HEARTBEAT_STALE_SECONDS"] = str(stale_s)
    first = start_worker("pertama")
    first.wait_ready()
    job_id = jobs.create_job(setup.rt, SISTEM, system_check.KIND, {"jeda": 0.5})
    wait_for_job(setup.rt, job_id, lambda v: v.state == "running" and v.progress >= 16)

    first.kill(signal.SIGKILL)  # the machine dies: worker, pool child and beat at once
    first.proc.wait(timeout=10)
    killed_at = time.monotonic()
    orphan = jobs.get_job(setup.rt, SISTEM, job_id)
    time.sleep(stale_s + 1)
    still = jobs.get_job(setup.rt, SISTEM, job_id)
    assert still.state == "running" and still.heartbeat_at == orphan.heartbeat_at
    assert still.progress < 100

    # The next worker's beat sweeps (every 20 s), finds the stale heartbeat and resends the job.
    second = start_worker("kedua")
    second.wait_ready()
    seen = wait_for_job(setup.rt, job_id, lambda v: v.finished)
    recovered_s = time.monotonic() - killed_at
    record_property("recovered_after_kill_s", round(recovered_s, 2))
    print(f"\njob finished {recovered_s:.2f} s after its worker was killed")

    done = seen[-1]
    assert done.state == "succeeded", (done, second.text()[-3000:])
    assert done.attempts == 2 and done.progress == 100
    assert done.worker is not None and done.worker.startswith(second.hostname.split("@")[0])
    assert recovered_s < 60


@pytest.mark.timeout(240)
def test_the_reminder_task_makes_each_reminder_once_across_worker_restarts(
    setup: Setup, start_worker: Callable[[str], Worker]
) -> None:
    from datetime import timedelta

    from lakip.domain.roles import Peran
    from lakip.services.setup import ensure_defaults
    from tests.fixtures.plans import small_plan

    rt = setup.rt
    planning.import_plan(rt, SISTEM, small_plan(), "rencana.xlsx")
    ensure_defaults(rt)
    for username, peran, unit in [
        ("staf.b", Peran.STAF_UNIT, "BID-B"),
        ("kasubbag", Peran.KASUBBAG_PROGRAM, None),
    ]:
        users.create_user(
            rt, SISTEM, username=username, nama=username, peran=peran,
            password="Sandi-Uji-Panjang-1", unit_kode=unit, skip_password_policy=True,
        )  # fmt: skip
    tomorrow = rt.clock().astimezone(rt.settings.timezone).date() + timedelta(days=1)
    rounds.open_round(rt, SISTEM, 2025, 1, tomorrow, "Mohon unggah.")

    def reminders() -> list[tuple[str, str]]:
        out = []
        for username in ("staf.b", "kasubbag"):
            me = users_actor(rt, username)
            out += [(username, n.judul) for n in notifications.list_notices(rt, me)
                    if n.jenis == "pengingat_batas_waktu"]  # fmt: skip
        return sorted(out)

    def run_task_once(worker: Worker) -> None:
        result = setup.celery.send_task(SEND_REMINDERS, queue="lakip")
        start = time.monotonic()
        while time.monotonic() - start < DEADLINE:
            if f"{result.id}] succeeded" in worker.text():
                return
            time.sleep(0.1)
        pytest.fail(f"reminder task not done:\n{worker.text()[-3000:]}")

    first = start_worker("pengingat-1")
    first.wait_ready()
    run_task_once(first)
    made = reminders()
    judul = "Batas waktu Triwulan I Tahun 2025: 1 hari lagi"
    assert made == [("kasubbag", judul), ("staf.b", judul)]
    first.kill(signal.SIGKILL)  # the worker dies; the next one runs the schedule again
    second = start_worker("pengingat-2")
    second.wait_ready()
    run_task_once(second)
    run_task_once(second)
    assert reminders() == made


def users_actor(rt: Runtime, username: str) -> Aktor:
    """The signed-in actor of ``username``."""
    from lakip.services import signin

    return signin.login(rt, username, "Sandi-Uji-Panjang-1")


BUILDS = [
    # kind, period, the sheet whose first table holds the period's figures, the PDF's title
    pytest.param("triwulan", "TW2", "Capaian Periode", "Laporan Kinerja Triwulan II Tahun 2025",
                 id="triwulan"),
    pytest.param("semester", "S1", "Capaian Periode", "Laporan Kinerja Semester I Tahun 2025",
                 id="semester"),
    pytest.param("tahunan", "TAHUN", "Bab III Akuntabilitas",
                 "Laporan Kinerja Instansi Pemerintah Tahun 2025", id="tahunan"),
]  # fmt: skip


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.parametrize(("jenis", "periode", "sheet", "title"), BUILDS)
def test_a_real_worker_builds_each_kind_of_report_from_the_demo_data(
    setup: Setup,
    start_worker: Callable[[str], Worker],
    jenis: str,
    periode: str,
    sheet: str,
    title: str,
) -> None:
    from lakip.domain.formatting import format_percent
    from lakip.services import demo, report_builds
    from lakip.services.achievement import compute_capaian
    from lakip.store.models import LaporanVersi
    from tests.integration.test_report_builds import _expected, _pdf_text, _sheet_figures

    rt = setup.rt
    demo.seed_demo(rt)
    worker = start_worker("laporan")
    worker.wait_ready()
    job_id = report_builds.request_report_build(rt, SISTEM, jenis, 2025, periode)
    seen = wait_for_job(rt, job_id, lambda v: v.finished)
    done = seen[-1]
    assert done.state == "succeeded", (done, worker.text()[-3000:])
    assert (done.progress, done.attempts, done.error) == (100, 1, None)
    running = [v.progress for v in seen if v.state == "running"]
    assert running == sorted(running)
    assert done.result is not None
    assert done.result["xlsx"] == f"Laporan_{jenis}_2025_{periode}_v1.xlsx"

    with rt.uow() as s:
        versi = s.get(LaporanVersi, done.result["laporan_versi_id"])
        assert versi is not None and versi.job_id == job_id and versi.nomor == 1
        assert versi.xlsx_sha256 is not None and versi.pdf_sha256 is not None
        xlsx_sha, pdf_sha = versi.xlsx_sha256, versi.pdf_sha256
        sources = len(versi.sumber_versi)
    xlsx = rt.files.get(xlsx_sha)
    assert _sheet_figures(xlsx, sheet) == _expected(rt, periode)
    text = _pdf_text(rt.files.get(pdf_sha))
    assert title in text
    # Its figures the Indonesian way, and the submission versions it was built from.
    hasil = compute_capaian(rt, SISTEM, 2025, periode)
    shown = [format_percent(i.capaian) for i in hasil.indikator if i.capaian is not None]
    assert shown and all(x in text for x in shown), [x for x in shown if x not in text]
    assert sources > 0 and f"{sources} versi laporan triwulan" in text
    if jenis == "tahunan":
        for chapter in (
            "Daftar Isi",
            "Bab I Pendahuluan",
            "Bab II Perencanaan Kinerja",
            "Bab III Akuntabilitas Kinerja",
            "Bab IV Penutup",
            "Lampiran 3",
        ):
            assert chapter in text, chapter  # fmt: skip

    # The same job delivered again records no second version.
    setup.rt.send_job(job_id)
    time.sleep(2)
    with rt.uow() as s:
        assert s.query(LaporanVersi).count() == 1


def _pdf_steps_of(worker: Worker) -> list[int]:
    """The PDF steps (lakip/reports/_pdf_child.py) running in ``worker``'s process group."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            if b"_pdf_child.py" in cmdline and os.getpgid(int(entry.name)) == worker.proc.pid:
                found.append(int(entry.name))
        except (FileNotFoundError, ProcessLookupError, PermissionError):
            continue
    return found


def _alive(pid: int) -> bool:
    """Whether ``pid`` still runs (a killed process nobody has reaped yet is a zombie: dead)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def _complete_outputs(rt: Runtime) -> list[tuple[int, str | None, int]]:
    """Each recorded report version (id, job, pages), its files read back whole: a version is
    only ever recorded with both its files complete."""
    import io

    import pypdf
    from openpyxl import load_workbook

    from lakip.store.models import LaporanVersi

    out = []
    with rt.uow() as s:
        versions = [(v.id, v.job_id, v.xlsx_sha256, v.pdf_sha256) for v in s.query(LaporanVersi)]
    for vid, job, xlsx_sha, pdf_sha in versions:
        assert xlsx_sha is not None and pdf_sha is not None
        load_workbook(io.BytesIO(rt.files.get(xlsx_sha)), read_only=True).close()
        pages = len(pypdf.PdfReader(io.BytesIO(rt.files.get(pdf_sha)), strict=True).pages)
        out.append((vid, job, pages))
    return out


@pytest.mark.slow
@pytest.mark.timeout(300)
def test_an_annual_build_whose_worker_is_killed_mid_pdf_is_finished_once_by_the_next_worker(
    setup: Setup,
    start_worker: Callable[[str], Worker],
    record_property: Callable[[str, object], None],
) -> None:
    import hashlib

    from bench.agency import seed_synthetic
    from lakip.services import publication, report_builds

    stale_s = 3
    setup.env["LAKIP_HEARTBEAT_STALE_SECONDS"] = str(stale_s)
    rt = setup.rt
    # Big enough that typesetting the PDF takes a few seconds: 400 indicators over two years.
    seed_synthetic(rt, units=8, indicators=400, years=(2024, 2025), sasaran=8, budget_lines=40)
    first = start_worker("pertama")
    first.wait_ready()
    job_id = report_builds.request_report_build(rt, SISTEM, "tahunan", 2025, "TAHUN")
    start = time.monotonic()
    while not (steps := _pdf_steps_of(first)):  # the worker is laying out the PDF
        assert time.monotonic() - start < DEADLINE, first.text()[-3000:]
        assert jobs.get_job(rt, SISTEM, job_id).state in ("queued", "running")
        time.sleep(0.01)
    first.kill(signal.SIGKILL)  # the machine dies: worker, pool child, beat and PDF steps
    first.proc.wait(timeout=10)
    killed_at = time.monotonic()
    killed = jobs.get_job(rt, SISTEM, job_id)
    assert killed.state == "running" and 60 <= killed.progress < 90, killed
    time.sleep(0.5)
    assert not [p for p in steps if _alive(p)]  # none lives on to write
    assert _complete_outputs(rt) == []  # nothing recorded, so nothing to list or download
    assert publication.list_reports(rt, SISTEM) == []

    second = start_worker("kedua")
    second.wait_ready()
    while not (view := jobs.get_job(rt, SISTEM, job_id)).finished:
        # Whenever the page looks, a version it lists has its files whole.
        for _vid, job, pages in _complete_outputs(rt):
            assert job == job_id and pages > 20
        assert time.monotonic() - killed_at < DEADLINE, second.text()[-3000:]
        time.sleep(0.05)
    recovered_s = time.monotonic() - killed_at
    record_property("annual_recovered_after_kill_s", round(recovered_s, 2))
    print(f"\nLKjIP finished {recovered_s:.2f} s after its worker was killed mid-PDF")

    assert view.state == "succeeded", (view, second.text()[-3000:])
    assert view.attempts == 2 and recovered_s < 60
    assert view.worker is not None and view.worker.startswith(second.hostname.split("@")[0])
    ((vid, job, pages),) = _complete_outputs(rt)  # exactly one output
    assert job == job_id and pages > 20
    (listed,) = publication.list_reports(rt, SISTEM)
    assert listed.id == vid and listed.ada_pdf and listed.ada_xlsx
    # The store holds only whole files, each under its own hash: no partial or temporary one.
    stored = [p for p in (setup.data_dir / "files").rglob("*") if p.is_file()]
    assert stored and all(hashlib.sha256(p.read_bytes()).hexdigest() == p.name for p in stored)
