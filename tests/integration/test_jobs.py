"""The job record and its use cases, on SQLite and PostgreSQL, without a worker."""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any, TypeVar

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import OperationalError

from lakip.domain.roles import Izin, Peran
from lakip.services import job_runner, job_sweep, jobs, system_check
from lakip.services.access import SISTEM, Aktor
from lakip.services.errors import Ditolak, InputTidakValid, TidakDitemukan
from lakip.services.runtime import Runtime
from lakip.store.models import Job, LogAudit, Pengguna
from lakip.store.types import utcnow

T = TypeVar("T")


class Outbox:
    """A job sender that records what it sent, or fails when told to."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.broken = False
        self._lock = threading.Lock()

    def __call__(self, job_id: str) -> None:
        if self.broken:
            raise ConnectionError("broker mati")
        with self._lock:
            self.sent.append(job_id)


@pytest.fixture
def outbox(any_rt: Runtime) -> Outbox:
    box = Outbox()
    any_rt.send_job = box
    return box


@pytest.fixture
def handler(monkeypatch: pytest.MonkeyPatch) -> Callable[[jobs.JobHandler], str]:
    """Register a handler for the test only (the Admin's to create); returns its kind."""

    def install(fn: jobs.JobHandler) -> str:
        monkeypatch.setitem(jobs.HANDLERS, "uji.tugas", fn)
        monkeypatch.setitem(jobs.IZIN, "uji.tugas", Izin.KELOLA_INSTANSI)
        return "uji.tugas"

    return install


def race(n: int, fn: Callable[[int], T]) -> list[T]:
    """Run ``fn(i)`` in ``n`` threads released together by a barrier; return the results."""
    barrier = threading.Barrier(n)
    results: list[T] = []
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            results.append(fn(i))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert errors == [] and len(results) == n
    return results


def _set(rt: Runtime, job_id: str, **values: Any) -> None:
    with rt.uow() as session:
        session.execute(update(Job).where(Job.id == job_id).values(**values))
        session.commit()


# --- creating ------------------------------------------------------------------------------


def test_create_job_records_it_queued_sends_it_and_audits(any_rt: Runtime, outbox: Outbox) -> None:
    job_id = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {"jeda": 0})

    view = jobs.get_job(any_rt, SISTEM, job_id)
    assert outbox.sent == [job_id]
    assert (view.state, view.progress, view.attempts, view.kind) == (
        "queued",
        0,
        0,
        "sistem.periksa",
    )
    assert view.parameters == {"jeda": 0}
    assert view.sent_at is not None and not view.finished
    with any_rt.uow() as session:
        row = session.scalars(select(LogAudit).where(LogAudit.objek_id == job_id)).one()
    assert (row.aksi, row.username, row.detail) == (
        "buat_job",
        "sistem",
        {"jenis": "sistem.periksa"},
    )


def test_create_job_of_unknown_kind_raises_and_records_nothing(
    any_rt: Runtime, outbox: Outbox
) -> None:
    with pytest.raises(ValueError, match="tidak dikenal"):
        jobs.create_job(any_rt, SISTEM, "tidak.ada", {})
    with any_rt.uow() as session:
        assert session.scalars(select(Job)).all() == []
    assert outbox.sent == []


def test_create_job_refuses_an_actor_without_the_kinds_permission(
    any_rt: Runtime, outbox: Outbox
) -> None:
    staf = Aktor(None, "staf", "Staf", Peran.STAF_UNIT)
    with pytest.raises(Ditolak):
        jobs.create_job(any_rt, staf, "sistem.periksa", {})
    with any_rt.uow() as session:
        assert session.scalars(select(Job)).all() == []
        assert session.scalars(select(LogAudit.hasil)).all() == ["ditolak"]


def test_create_job_with_parameters_that_are_not_json_raises(
    any_rt: Runtime, outbox: Outbox
) -> None:
    with pytest.raises(ValueError, match="JSON"):
        jobs.create_job(any_rt, SISTEM, "sistem.periksa", {"jeda": object()})


def test_a_failed_send_leaves_the_job_queued_unsent_for_the_sweep(
    any_rt: Runtime, outbox: Outbox
) -> None:
    outbox.broken = True
    job_id = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})
    view = jobs.get_job(any_rt, SISTEM, job_id)
    assert (view.state, view.sent_at) == ("queued", None)

    outbox.broken = False
    assert job_sweep.sweep(any_rt) == [job_id]
    assert outbox.sent == [job_id]
    assert jobs.get_job(any_rt, SISTEM, job_id).sent_at is not None


def test_get_job_of_unknown_id_raises_tidak_ditemukan(any_rt: Runtime) -> None:
    with pytest.raises(TidakDitemukan, match="tidak ditemukan"):
        jobs.get_job(any_rt, SISTEM, "00000000-0000-0000-0000-000000000000")


def test_a_kind_cannot_be_registered_without_a_permission() -> None:
    def work(rt: Runtime, parameters: dict[str, Any], progress: jobs.ProgressFn) -> dict[str, Any]:
        return {}

    with pytest.raises(TypeError, match="izin"):
        jobs.register("uji.tanpa_izin")(work)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="lebih dari 50 karakter"):
        jobs.register("uji." + "x" * 47, izin=Izin.KELOLA_INSTANSI)
    assert "uji.tanpa_izin" not in jobs.HANDLERS


def test_create_job_refuses_a_kind_with_no_permission_and_records_nothing(
    any_rt: Runtime, outbox: Outbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def work(rt: Runtime, parameters: dict[str, Any], progress: jobs.ProgressFn) -> dict[str, Any]:
        return {}

    monkeypatch.setitem(jobs.HANDLERS, "uji.tanpa_izin", work)  # a registry edited by hand
    with pytest.raises(ValueError, match="tidak mempunyai izin"):
        jobs.create_job(any_rt, SISTEM, "uji.tanpa_izin", {})
    with any_rt.uow() as session:
        assert session.scalars(select(Job)).all() == []
    assert outbox.sent == []


def _user(rt: Runtime, username: str, peran: Peran) -> Aktor:
    """An actor backed by a stored user (a job's creator is a row of ``pengguna``)."""
    with rt.uow() as session:
        user = Pengguna(username=username, nama=username.title(), peran=peran.value)
        session.add(user)
        session.flush()
        session.commit()
        return Aktor.from_pengguna(user)


def test_get_job_lets_its_creator_and_the_kinds_role_read_it_and_refuses_others(
    any_rt: Runtime, outbox: Outbox
) -> None:
    admin = _user(any_rt, "admin", Peran.ADMIN)
    other_admin = _user(any_rt, "admin.dua", Peran.ADMIN)
    kadis = _user(any_rt, "kadis", Peran.KEPALA_DINAS)
    job_id = jobs.create_job(any_rt, admin, "sistem.periksa", {"jeda": 0})

    assert jobs.get_job(any_rt, admin, job_id).created_by_id == admin.id
    assert jobs.get_job(any_rt, other_admin, job_id).id == job_id
    with any_rt.uow() as session:
        audit_rows = len(session.scalars(select(LogAudit)).all())
    with pytest.raises(Ditolak, match="Akses ditolak"):
        jobs.get_job(any_rt, kadis, job_id)
    with any_rt.uow() as session:
        rows = session.scalars(select(LogAudit).order_by(LogAudit.id)).all()
    assert len(rows) == audit_rows + 1
    assert (rows[-1].username, rows[-1].aksi, rows[-1].hasil) == (
        "kadis",
        "lihat_job:sistem.periksa",
        "ditolak",
    )


def test_get_job_of_a_kind_this_process_does_not_know_is_refused_to_all_but_its_creator(
    any_rt: Runtime, outbox: Outbox
) -> None:
    admin = _user(any_rt, "admin", Peran.ADMIN)
    other_admin = _user(any_rt, "admin.dua", Peran.ADMIN)
    job_id = jobs.create_job(any_rt, admin, "sistem.periksa", {})
    _set(any_rt, job_id, kind="laporan.entah")

    assert jobs.get_job(any_rt, admin, job_id).kind == "laporan.entah"
    assert jobs.get_job(any_rt, SISTEM, job_id).kind == "laporan.entah"
    with pytest.raises(Ditolak, match="tidak dikenal"):
        jobs.get_job(any_rt, other_admin, job_id)
    with any_rt.uow() as session:
        refused = session.scalars(select(LogAudit).where(LogAudit.hasil == "ditolak")).all()
    assert [(r.username, r.aksi) for r in refused] == [("admin.dua", "lihat_job:laporan.entah")]


# --- claiming and finishing ----------------------------------------------------------------


def test_claim_heartbeat_finish(any_rt: Runtime, outbox: Outbox) -> None:
    job_id = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})

    assert job_runner.claim(any_rt, job_id, "w1") is True
    assert job_runner.claim(any_rt, job_id, "w2") is False
    running = jobs.get_job(any_rt, SISTEM, job_id)
    assert (running.state, running.attempts, running.worker) == ("running", 1, "w1")
    assert running.started_at is not None and running.heartbeat_at is not None

    assert job_runner.heartbeat(any_rt, job_id, 40, "Setengah jalan", attempt=1) is True
    mid = jobs.get_job(any_rt, SISTEM, job_id)
    assert (mid.progress, mid.message) == (40, "Setengah jalan")
    assert mid.heartbeat_at is not None and mid.heartbeat_at >= running.heartbeat_at
    assert job_runner.heartbeat(any_rt, job_id, 50, "klaim lama", attempt=0) is False

    assert job_runner.finish(any_rt, job_id, {"ok": True}) is True
    done = jobs.get_job(any_rt, SISTEM, job_id)
    assert (done.state, done.progress, done.result, done.error) == (
        "succeeded",
        100,
        {"ok": True},
        None,
    )
    assert done.finished and done.finished_at is not None
    assert job_runner.fail(any_rt, job_id, "terlambat") is False
    assert job_runner.heartbeat(any_rt, job_id, 10, "terlambat") is False


def test_claim_is_won_by_exactly_one_of_two_racing_workers(any_rt: Runtime, outbox: Outbox) -> None:
    for _ in range(10):
        job_id = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})

        def claim_as(i: int, job_id: str = job_id) -> bool:
            return job_runner.claim(any_rt, job_id, f"w{i}")

        won = race(2, claim_as)
        assert sorted(won) == [False, True]
        assert jobs.get_job(any_rt, SISTEM, job_id).attempts == 1


# --- running -------------------------------------------------------------------------------


def test_run_job_runs_the_system_check_and_stores_the_counts(
    any_rt: Runtime, outbox: Outbox
) -> None:
    job_id = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {"jeda": 0})

    assert job_runner.run_job(any_rt, job_id, "w1") == "succeeded"

    view = jobs.get_job(any_rt, SISTEM, job_id)
    assert (view.state, view.progress, view.attempts, view.error) == ("succeeded", 100, 1, None)
    assert view.result is not None
    assert view.result["basis_data"] == any_rt.engine.dialect.name
    counts = view.result["jumlah"]
    assert counts["job"] == 1 and counts["log_audit"] == 1 and counts["unit"] == 0
    assert set(counts) >= {"unit", "pengguna", "indikator", "versi_pengiriman", "realisasi"}


def test_get_job_reads_progress_while_the_handler_runs(
    any_rt: Runtime, outbox: Outbox, handler: Callable[[jobs.JobHandler], str]
) -> None:
    seen: list[tuple[str, int, str | None]] = []
    ids: list[str] = []

    def work(rt: Runtime, parameters: dict[str, Any], progress: jobs.ProgressFn) -> dict[str, Any]:
        for pct in (25, 60):
            progress(pct, f"Langkah {pct}")
            view = jobs.get_job(rt, SISTEM, ids[0])
            seen.append((view.state, view.progress, view.message))
        return {"selesai": True}

    ids.append(jobs.create_job(any_rt, SISTEM, handler(work), {}))
    assert job_runner.run_job(any_rt, ids[0], "w1") == "succeeded"
    assert seen == [("running", 25, "Langkah 25"), ("running", 60, "Langkah 60")]


def test_run_job_on_a_job_already_claimed_does_nothing(
    any_rt: Runtime, outbox: Outbox, handler: Callable[[jobs.JobHandler], str]
) -> None:
    calls: list[str] = []

    def work(rt: Runtime, parameters: dict[str, Any], progress: jobs.ProgressFn) -> dict[str, Any]:
        calls.append("run")
        return {}

    job_id = jobs.create_job(any_rt, SISTEM, handler(work), {})
    assert job_runner.claim(any_rt, job_id, "w1")

    assert job_runner.run_job(any_rt, job_id, "w2") == "running"
    view = jobs.get_job(any_rt, SISTEM, job_id)
    assert (calls, view.worker, view.attempts) == ([], "w1", 1)


def test_run_job_twice_runs_the_handler_once(
    any_rt: Runtime, outbox: Outbox, handler: Callable[[jobs.JobHandler], str]
) -> None:
    calls: list[str] = []

    def work(rt: Runtime, parameters: dict[str, Any], progress: jobs.ProgressFn) -> dict[str, Any]:
        calls.append("run")
        return {"n": len(calls)}

    job_id = jobs.create_job(any_rt, SISTEM, handler(work), {})
    assert job_runner.run_job(any_rt, job_id, "w1") == "succeeded"
    assert job_runner.run_job(any_rt, job_id, "w1") == "succeeded"
    assert calls == ["run"]
    assert jobs.get_job(any_rt, SISTEM, job_id).result == {"n": 1}


def test_a_failing_handler_leaves_the_job_failed_with_its_error(
    any_rt: Runtime, outbox: Outbox, handler: Callable[[jobs.JobHandler], str]
) -> None:
    def work(rt: Runtime, parameters: dict[str, Any], progress: jobs.ProgressFn) -> dict[str, Any]:
        progress(30, "Sedang bekerja")
        raise RuntimeError("kolom target kosong")

    job_id = jobs.create_job(any_rt, SISTEM, handler(work), {})
    assert job_runner.run_job(any_rt, job_id, "w1") == "failed"

    view = jobs.get_job(any_rt, SISTEM, job_id)
    assert view.state == "failed" and view.finished_at is not None and view.result is None
    assert view.error == (
        "Pekerjaan gagal karena kesalahan tak terduga (RuntimeError: kolom target kosong)."
    )


def test_a_user_error_is_stored_as_its_own_message(any_rt: Runtime, outbox: Outbox) -> None:
    job_id = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {"jeda": "lama"})
    assert job_runner.run_job(any_rt, job_id, "w1") == "failed"
    error = jobs.get_job(any_rt, SISTEM, job_id).error
    assert error == str(
        InputTidakValid(["Parameter 'jeda' harus angka detik ≥ 0, ditemukan 'lama'."])
    )


def test_a_transient_database_error_requeues_the_job_and_is_raised_for_retry(
    any_rt: Runtime, outbox: Outbox, handler: Callable[[jobs.JobHandler], str]
) -> None:
    calls: list[int] = []

    def work(rt: Runtime, parameters: dict[str, Any], progress: jobs.ProgressFn) -> dict[str, Any]:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("UPDATE x", {}, Exception("database is locked"))
        return {"percobaan": len(calls)}

    job_id = jobs.create_job(any_rt, SISTEM, handler(work), {})
    with pytest.raises(OperationalError):
        job_runner.run_job(any_rt, job_id, "w1")
    requeued = jobs.get_job(any_rt, SISTEM, job_id)
    assert (requeued.state, requeued.worker, requeued.attempts) == ("queued", None, 1)
    assert requeued.message is not None and "dicoba lagi" in requeued.message

    assert job_runner.run_job(any_rt, job_id, "w1") == "succeeded"
    done = jobs.get_job(any_rt, SISTEM, job_id)
    assert (done.attempts, done.result) == (2, {"percobaan": 2})


def test_a_transient_error_on_the_last_attempt_fails_the_job(
    any_rt: Runtime, outbox: Outbox, handler: Callable[[jobs.JobHandler], str]
) -> None:
    def work(rt: Runtime, parameters: dict[str, Any], progress: jobs.ProgressFn) -> dict[str, Any]:
        raise OperationalError("UPDATE x", {}, Exception("server closed the connection"))

    job_id = jobs.create_job(any_rt, SISTEM, handler(work), {})
    _set(any_rt, job_id, attempts=jobs.MAX_ATTEMPTS - 1)

    assert job_runner.run_job(any_rt, job_id, "w1") == "failed"
    view = jobs.get_job(any_rt, SISTEM, job_id)
    assert view.error is not None and f"{jobs.MAX_ATTEMPTS} kali percobaan" in view.error


def test_a_run_that_lost_its_job_to_the_sweep_stops_without_finishing(
    any_rt: Runtime, outbox: Outbox, handler: Callable[[jobs.JobHandler], str]
) -> None:
    ids: list[str] = []
    reached: list[int] = []

    def work(rt: Runtime, parameters: dict[str, Any], progress: jobs.ProgressFn) -> dict[str, Any]:
        progress(10, "mulai")
        reached.append(10)
        # Meanwhile the sweep judged this worker dead and gave the job back to the queue.
        _set(rt, ids[0], state="queued", worker=None)
        progress(50, "tengah")
        reached.append(50)
        return {}

    ids.append(jobs.create_job(any_rt, SISTEM, handler(work), {}))
    assert job_runner.run_job(any_rt, ids[0], "w1") == "queued"
    view = jobs.get_job(any_rt, SISTEM, ids[0])
    assert reached == [10]
    assert (view.state, view.progress, view.result) == ("queued", 10, None)


def test_a_long_step_without_progress_keeps_its_heartbeat_fresh(
    any_rt: Runtime, outbox: Outbox, handler: Callable[[jobs.JobHandler], str]
) -> None:
    rt = dataclasses.replace(
        any_rt, settings=dataclasses.replace(any_rt.settings, heartbeat_stale_seconds=2)
    )
    swept: list[list[str]] = []

    def work(rt: Runtime, parameters: dict[str, Any], progress: jobs.ProgressFn) -> dict[str, Any]:
        time.sleep(3)  # longer than the stale threshold, and no progress reported
        swept.append(job_sweep.sweep(rt))
        return {}

    job_id = jobs.create_job(rt, SISTEM, handler(work), {})
    assert job_runner.run_job(rt, job_id, "w1") == "succeeded"
    assert swept == [[]]


def test_registering_a_second_handler_for_a_kind_raises() -> None:
    def other(rt: Runtime, parameters: dict[str, Any], progress: jobs.ProgressFn) -> dict[str, Any]:
        return {}

    with pytest.raises(ValueError, match="sudah terdaftar"):
        jobs.register("sistem.periksa", izin=Izin.KELOLA_INSTANSI)(other)
    with pytest.raises(ValueError, match="sudah terdaftar"):
        jobs.register("sistem.periksa", izin=Izin.LIHAT_AUDIT)(system_check.check_system)
    assert jobs.HANDLERS["sistem.periksa"] is system_check.check_system
    assert jobs.IZIN["sistem.periksa"] is Izin.KELOLA_INSTANSI


def test_a_job_of_a_kind_the_worker_does_not_know_fails(any_rt: Runtime, outbox: Outbox) -> None:
    job_id = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})
    _set(any_rt, job_id, kind="laporan.entah")
    assert job_runner.run_job(any_rt, job_id, "w1") == "failed"
    assert jobs.get_job(any_rt, SISTEM, job_id).error == (
        "Jenis pekerjaan 'laporan.entah' tidak dikenal oleh worker."
    )


# --- the sweep -----------------------------------------------------------------------------


def test_sweep_resends_a_queued_job_never_sent_and_one_sent_long_ago(
    any_rt: Runtime, outbox: Outbox
) -> None:
    never = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})
    _set(any_rt, never, sent_at=None)
    fresh = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})
    old = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})
    _set(any_rt, old, sent_at=utcnow() - timedelta(seconds=job_sweep.RESEND_QUEUED_AFTER + 5))
    outbox.sent.clear()

    assert job_sweep.sweep(any_rt) == [never, old]
    assert outbox.sent == [never, old]
    assert fresh not in outbox.sent
    assert job_sweep.sweep(any_rt) == []  # just sent: not again


def test_sweep_resends_a_running_job_with_a_stale_heartbeat_and_not_a_fresh_one(
    any_rt: Runtime, outbox: Outbox
) -> None:
    stale = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})
    fresh = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})
    for job_id in (stale, fresh):
        assert job_runner.claim(any_rt, job_id, "w-mati")
    old = utcnow() - timedelta(seconds=any_rt.settings.heartbeat_stale_seconds + 1)
    _set(any_rt, stale, heartbeat_at=old)
    outbox.sent.clear()

    assert job_sweep.sweep(any_rt) == [stale]
    assert outbox.sent == [stale]
    view = jobs.get_job(any_rt, SISTEM, stale)
    assert (view.state, view.worker, view.attempts) == ("queued", None, 1)
    assert jobs.get_job(any_rt, SISTEM, fresh).state == "running"

    # The resent message is run by a new worker; the old claim can no longer write.
    assert job_runner.run_job(any_rt, stale, "w-baru") == "succeeded"
    assert jobs.get_job(any_rt, SISTEM, stale).attempts == 2
    assert job_runner.heartbeat(any_rt, stale, 5, "dari worker lama", attempt=1) is False


def test_sweep_fails_a_job_that_has_used_all_its_attempts(any_rt: Runtime, outbox: Outbox) -> None:
    job_id = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})
    assert job_runner.claim(any_rt, job_id, "w1")
    _set(
        any_rt,
        job_id,
        attempts=jobs.MAX_ATTEMPTS,
        heartbeat_at=utcnow() - timedelta(hours=1),
    )
    outbox.sent.clear()

    assert job_sweep.sweep(any_rt) == []
    view = jobs.get_job(any_rt, SISTEM, job_id)
    assert view.state == "failed" and outbox.sent == []
    assert view.error == (
        f"Pekerjaan dihentikan setelah {jobs.MAX_ATTEMPTS} kali percobaan: "
        "worker berhenti sebelum pekerjaan selesai."
    )


def test_a_queued_job_out_of_attempts_is_not_claimed_and_the_sweep_fails_it(
    any_rt: Runtime, outbox: Outbox
) -> None:
    job_id = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})
    _set(any_rt, job_id, attempts=jobs.MAX_ATTEMPTS, sent_at=None)

    assert job_runner.run_job(any_rt, job_id, "w1") == "queued"
    assert job_sweep.sweep(any_rt) == []
    view = jobs.get_job(any_rt, SISTEM, job_id)
    assert (view.state, view.attempts) == ("failed", jobs.MAX_ATTEMPTS)


def test_two_sweeps_racing_resend_a_stale_job_once(any_rt: Runtime, outbox: Outbox) -> None:
    job_id = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})
    assert job_runner.claim(any_rt, job_id, "w-mati")
    _set(any_rt, job_id, heartbeat_at=utcnow() - timedelta(hours=1))
    outbox.sent.clear()
    results = race(2, lambda _i: job_sweep.sweep(any_rt))
    assert sorted(results) == [[], [job_id]]
    assert outbox.sent == [job_id]


def test_sweep_ignores_finished_jobs(any_rt: Runtime, outbox: Outbox) -> None:
    job_id = jobs.create_job(any_rt, SISTEM, "sistem.periksa", {})
    assert job_runner.run_job(any_rt, job_id, "w1") == "succeeded"
    _set(any_rt, job_id, heartbeat_at=utcnow() - timedelta(hours=1), sent_at=None)
    assert job_sweep.sweep(any_rt) == []
