"""Redelivery on Redis: the late copy of a finished job's message changes nothing.

A worker killed on Redis leaves the message it was running unacknowledged: kombu keeps it in
the ``unacked`` hash, stamped (in ``unacked_index``) when it was delivered, and a live
consumer's ``restore_visible`` puts it back on the queue once it is older than
``visibility_timeout``. In production that is long after the sweep has had the job run again
and finished. This test shortens the timeout (``LAKIP_VISIBILITY_TIMEOUT``), watches the copy
come back to a live worker and run, and checks that the record (every row, every stored file)
is as the finished job left it.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import redis

from lakip.config import load_settings
from lakip.services import demo, job_sweep, jobs, report_builds
from lakip.services.access import SISTEM
from lakip.services.runtime import build_runtime
from tests.integration.helpers import snapshot
from tests.integration.test_worker import DEADLINE, Setup, Worker, _pdf_steps_of, wait_for_job
from workers.celery_app import RUN_JOB, celery_config, make_app
from workers.sender import make_sender

VISIBILITY_S = 20
"""This test's visibility timeout: longer than killing the worker, sweeping and finishing the
job again take (under 10 s here), so the copy can only come back after the job is finished."""
STALE_S = 3
"""Heartbeat age after which the sweep gives a running job to another worker."""


@pytest.fixture
def setup(tmp_path: Path, redis_url: str, postgres_url: str) -> Iterator[Setup]:
    """The production shape (PostgreSQL + Redis) with a visibility timeout of seconds."""
    data_dir = tmp_path / "data"
    lakip_env = {
        "LAKIP_DATA_DIR": str(data_dir),
        "LAKIP_DATABASE_URL": postgres_url,
        "LAKIP_BROKER_URL": redis_url,
        "LAKIP_VISIBILITY_TIMEOUT": str(VISIBILITY_S),
        "LAKIP_HEARTBEAT_STALE_SECONDS": str(STALE_S),
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKIP_")} | lakip_env
    rt = build_runtime(load_settings(lakip_env))
    celery = make_app(rt.settings)
    rt.send_job = make_sender(celery)
    prefix = f"uji-{uuid.uuid4().hex[:8]}:"
    options = {
        **celery.conf.broker_transport_options,
        # As in test_worker: this test's keys live under a prefix of their own.
        "global_keyprefix": prefix,
        # kombu looks for expired unacknowledged messages every interval × throttle seconds
        # (100 by default, against an hour's timeout); against this test's, every second.
        "unacked_restore_interval": 1,
        "unacked_restore_throttle": 1,
    }
    celery.conf.broker_transport_options = options
    config_args = ["--", "broker.transport_options=(json)" + json.dumps(options)]
    yield Setup(data_dir, env, rt, config_args, celery)
    celery.close()
    rt.engine.dispose()
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


@dataclass(frozen=True)
class Unacked:
    """A message Redis handed to a consumer that has not acknowledged it."""

    task_id: str
    task: str
    args: list[object]
    delivered_at: float  # epoch seconds


class Broker:
    """Reads kombu's bookkeeping of unacknowledged messages in this test's Redis keys."""

    def __init__(self, url: str, prefix: str) -> None:
        self.client = redis.Redis.from_url(url)
        self.prefix = prefix

    def unacked(self) -> dict[str, Unacked]:
        """The unacknowledged messages by task id."""
        out = {}
        for tag, raw in self.client.hgetall(self.prefix + "unacked").items():
            message, _exchange, _routing_key = json.loads(raw)
            body = message["body"]
            if message["properties"].get("body_encoding") == "base64":
                body = base64.b64decode(body)
            args, _kwargs, _embed = json.loads(body)
            score = self.client.zscore(self.prefix + "unacked_index", tag)
            headers = message["headers"]
            out[headers["id"]] = Unacked(headers["id"], headers["task"], args, score or 0.0)
        return out


@pytest.fixture
def broker(setup: Setup, redis_url: str) -> Iterator[Broker]:
    b = Broker(redis_url, setup.celery.conf.broker_transport_options["global_keyprefix"])
    yield b
    b.client.close()


def test_the_visibility_timeout_defaults_above_the_hard_time_limit_and_can_be_shortened() -> None:
    redis_env = {"LAKIP_DATA_DIR": "/tmp/lakip-uji", "LAKIP_BROKER_URL": "redis://h:6379/0"}
    default = celery_config(load_settings(redis_env))
    assert default["task_time_limit"] == 660
    short = celery_config(load_settings(redis_env | {"LAKIP_VISIBILITY_TIMEOUT": "7"}))
    for config, seconds in ((default, 960), (short, 7)):
        # The same value in the broker's and the result backend's options (DESIGN.md).
        assert config["broker_transport_options"]["visibility_timeout"] == seconds
        assert config["result_backend_transport_options"]["visibility_timeout"] == seconds


@pytest.mark.worker
@pytest.mark.slow
@pytest.mark.redis
@pytest.mark.postgres
@pytest.mark.timeout(240)
def test_a_late_copy_of_a_finished_jobs_message_from_redis_changes_nothing(
    setup: Setup,
    start_worker: Callable[[str], Worker],
    broker: Broker,
    record_property: Callable[[str, object], None],
) -> None:
    rt = setup.rt
    # The setting reaches the broker's transport options, which the workers get too.
    assert setup.celery.conf.broker_transport_options["visibility_timeout"] == VISIBILITY_S
    demo.seed_demo(rt)
    first = start_worker("pertama")
    first.wait_ready()
    job_id = report_builds.request_report_build(rt, SISTEM, "triwulan", 2025, "TW2")
    start = time.monotonic()
    while not _pdf_steps_of(first):  # the worker is laying out the PDF
        assert time.monotonic() - start < DEADLINE, first.text()[-3000:]
        assert jobs.get_job(rt, SISTEM, job_id).state in ("queued", "running")
        time.sleep(0.01)
    first.kill(signal.SIGKILL)  # the machine dies mid-job: nobody acknowledges its message
    first.proc.wait(timeout=10)
    killed = jobs.get_job(rt, SISTEM, job_id)
    assert (killed.state, killed.attempts) == ("running", 1), killed

    (held,) = [u for u in broker.unacked().values() if u.task == RUN_JOB]
    assert held.args == [job_id]
    received = f"Task {RUN_JOB}[{held.task_id}] received"
    assert received in first.text()

    # The sweep (here called as the beat task calls it) resends the job once its heartbeat is
    # stale, and the live worker finishes it.
    second = start_worker("kedua")
    second.wait_ready()
    while (view := jobs.get_job(rt, SISTEM, job_id)).state == "running" and view.attempts == 1:
        assert time.monotonic() - start < 2 * DEADLINE, second.text()[-3000:]
        job_sweep.sweep(rt)
        time.sleep(0.2)
    done = wait_for_job(rt, job_id, lambda v: v.finished)[-1]
    assert (done.state, done.attempts) == ("succeeded", 2), (done, second.text()[-3000:])
    assert done.worker is not None and done.worker.startswith(second.hostname.split("@")[0])
    before = snapshot(rt)
    assert done.result is not None
    assert [row[0] for row in before["laporan_versi"]] == [done.result["laporan_versi_id"]]
    # The killed worker's message is still out: what comes back now comes after the finish.
    assert held.task_id in broker.unacked(), "redelivered before the job was finished"
    finished_at = time.time()

    succeeded = f"Task {RUN_JOB}[{held.task_id}] succeeded"
    while succeeded not in second.text() or held.task_id in broker.unacked():
        assert time.time() - held.delivered_at < VISIBILITY_S + DEADLINE, second.text()[-3000:]
        time.sleep(0.1)
    redelivered_at = time.time()
    late_s = redelivered_at - finished_at
    record_property("redelivered_after_finish_s", round(late_s, 2))
    print(f"\nthe killed worker's message came back {late_s:.2f} s after the job was finished")

    # Redis handed the same message out again, after its visibility timeout...
    log = second.text()
    assert log.count(received) == 1, log[-3000:]
    assert redelivered_at - held.delivered_at >= VISIBILITY_S
    # ...and the live worker ran it, which found the job finished and did nothing.
    (line,) = [x for x in log.splitlines() if succeeded in x]
    assert line.endswith(": 'succeeded'"), line
    assert jobs.get_job(rt, SISTEM, job_id) == done
    assert snapshot(rt) == before
    assert [u for u in broker.unacked().values() if u.task == RUN_JOB] == []
