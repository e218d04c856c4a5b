"""Workbooks under the size limits built to exhaust the server are read or rejected in under
10 s and 512 MB (FORMATS.md), through the real services, and a rejection changes nothing.

Each file of ``tests/fixtures/hostile.py`` is sent by a child process whose address space is
limited to 512 MB (RLIMIT_AS, so a reader that tried to hold the file would fail there with
a MemoryError, not pass); the child times the service call itself.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lakip.services.access import SISTEM
from lakip.services.planning import import_plan
from lakip.services.runtime import Runtime
from tests.fixtures.hostile import KINDS, Kind
from tests.fixtures.plans import workbook
from tests.integration.helpers import snapshot
from tests.integration.test_rejections import DB_PLAN

pytestmark = pytest.mark.slow

MEMORY_MB = 512
SECONDS = 10.0
ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> tuple[Runtime, Path]:
    from tests.conftest import make_runtime

    data_dir = tmp_path_factory.mktemp("hostile") / "data"
    rt = make_runtime(data_dir)
    import_plan(rt, SISTEM, workbook(DB_PLAN), "rencana.xlsx")
    return rt, data_dir


def _run_child(data_dir: Path, file: Path, memory_mb: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.integration.intake_child",
            str(data_dir),
            str(file),
            "quarter",
            str(memory_mb),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def _send(data_dir: Path, file: Path) -> dict[str, Any]:
    done = _run_child(data_dir, file, MEMORY_MB)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_hostile_workbook_is_read_or_rejected_within_bounds(
    planned: tuple[Runtime, Path], tmp_path: Path, kind: Kind
) -> None:
    rt, data_dir = planned
    file = tmp_path / f"{kind.name}.xlsx"
    file.write_bytes(kind.make())
    before = snapshot(rt)
    result = _send(data_dir, file)
    print(f"{kind.name}: {result}")
    assert result["outcome"] != "memory", f"{kind.name} hit the {MEMORY_MB} MB limit"
    assert result["seconds"] < SECONDS, f"{kind.name} took {result['seconds']} s"
    assert result["outcome"] == ("accepted" if kind.accepted else "rejected"), result
    message = "\n".join(result["messages"])
    for expected in kind.expect:
        assert expected in message, f"{expected!r} not in {message!r}"
    if not kind.accepted:
        assert result["count"] <= 101
        assert snapshot(rt) == before


def test_the_child_does_fail_when_a_file_needs_more_than_the_limit(
    planned: tuple[Runtime, Path], tmp_path: Path
) -> None:
    """The memory limit is real: under 110 MB the same child takes an ordinary workbook but
    cannot take a 30 MB text (110 MB, not 150: the command line now starts lighter)."""
    from tests.fixtures.hostile import huge_text_node

    _rt, data_dir = planned
    ordinary = tmp_path / "biasa.xlsx"
    ordinary.write_bytes(next(k for k in KINDS if k.accepted).make())
    done = _run_child(data_dir, ordinary, 110)
    assert done.returncode == 0, done.stderr[-3000:]
    assert json.loads(done.stdout.splitlines()[-1])["outcome"] == "accepted", done.stdout
    file = tmp_path / "huge.xlsx"
    file.write_bytes(huge_text_node())
    done = _run_child(data_dir, file, 110)
    failed = done.returncode != 0 or json.loads(done.stdout.splitlines()[-1])["outcome"] == "memory"
    assert failed, done.stdout
