"""The README's run command: Streamlit answers with the demo agency, a worker is ready and
does real work through the embedded broker, and Ctrl-C (SIGINT to the group) stops both."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from lakip.config import load_settings
from lakip.services import jobs, system_check
from lakip.services.access import SISTEM
from lakip.services.runtime import build_runtime

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_run_command_serves_the_app_and_a_worker_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    port = free_port()
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKIP_")}
    env.update(
        LAKIP_DATA_DIR=str(data), PORT=str(port), LAKIP_VENV=str(Path(sys.executable).parents[1])
    )
    proc = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "run")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    lines: list[str] = []
    reader = threading.Thread(
        target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True
    )  # type: ignore[union-attr]
    reader.start()
    try:
        deadline = time.monotonic() + 120
        health = f"http://127.0.0.1:{port}/_stcore/health"
        while time.monotonic() < deadline:
            assert proc.poll() is None, "".join(lines)
            try:
                if urllib.request.urlopen(health, timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("Streamlit did not answer:\n" + "".join(lines))
        while time.monotonic() < deadline and not any("ready." in line for line in lines):
            time.sleep(0.5)
        assert any("ready." in line for line in lines), "".join(lines)
        assert any("Laporan triwulan demo" in line for line in lines)

        # The worker beside the app takes a real job from the embedded broker.
        rt = build_runtime(load_settings({"LAKIP_DATA_DIR": str(data)}))
        from workers.celery_app import make_app
        from workers.sender import make_sender

        rt.send_job = make_sender(make_app(rt.settings))
        job_id = jobs.create_job(rt, SISTEM, system_check.KIND, {})
        while time.monotonic() < deadline and not jobs.get_job(rt, SISTEM, job_id).finished:
            time.sleep(0.5)
        view = jobs.get_job(rt, SISTEM, job_id)
        assert view.state == "succeeded" and view.result and view.result["jumlah"]["unit"] == 10
        rt.engine.dispose()
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            pytest.fail("Ctrl-C did not stop the app and the worker:\n" + "".join(lines))
    # Celery's embedded beat finishes its warm shutdown just after the worker.
    for _ in range(40):
        leftover = subprocess.run(
            ["pgrep", "-g", str(proc.pid)], capture_output=True, text=True, check=False
        )
        if not leftover.stdout.strip():
            break
        time.sleep(0.5)
    assert leftover.stdout.strip() == "", f"processes left running: {leftover.stdout}"
