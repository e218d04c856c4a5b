"""The image the Dockerfile builds: ``pip install .`` (not editable) must carry everything the
commands need at run time (migrations, report templates, the demo agency), and the Dockerfile
must copy every part of the app. Checked without a Docker engine: the wheel is installed into
a folder of its own and run from outside the source tree."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_the_dockerfile_copies_every_part_of_the_app() -> None:
    copied = {
        src.rstrip("/")
        for line in (ROOT / "Dockerfile").read_text().splitlines()
        if (m := re.match(r"COPY\s+(.+)\s+\S+$", line))
        for src in m.group(1).split()
    }
    imported_at_run_time = {
        "pyproject.toml",
        "lakip",
        "workers",
        "app.py",
        "pages",
        "ui",
        ".streamlit",
    }
    assert imported_at_run_time <= copied, imported_at_run_time - copied
    assert all((ROOT / c).exists() for c in copied), copied


def test_the_installed_package_runs_outside_the_source_tree(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(wheels), str(ROOT)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("lakip-*.whl")
    site = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(wheel)],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert install.returncode == 0, install.stderr
    # The installed package before the venv's own (editable) one; the venv gives the
    # dependencies. Run from an empty folder, so nothing of the checkout is on the path.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LAKIP_", "PYTHON"))}
    env["PYTHONPATH"] = str(site)
    env["LAKIP_DATA_DIR"] = str(tmp_path / "data")
    elsewhere = tmp_path / "run"
    elsewhere.mkdir()

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args],
            cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip

    def lakip(*args: str) -> subprocess.CompletedProcess[str]:
        return run("-m", "lakip", *args)

    proc = run("-c", "import lakip, workers; print(lakip.__file__, workers.__file__)")
    assert proc.returncode == 0, proc.stderr
    assert all(p.startswith(str(site)) for p in proc.stdout.split()), proc.stdout
    for args in (("init",), ("seed-demo",)):
        proc = lakip(*args)
        assert proc.returncode == 0, proc.stderr
    out = tmp_path / "laporan"
    proc = lakip(
        "build-report",
        "--jenis",
        "triwulan",
        "--tahun",
        "2025",
        "--periode",
        "TW1",
        "--out",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    written = sorted(p.suffix for p in out.iterdir())
    assert written == [".pdf", ".xlsx"]
    assert (
        (out / next(p.name for p in out.iterdir() if p.suffix == ".pdf"))
        .read_bytes()
        .startswith(b"%PDF")
    )
