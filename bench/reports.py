"""Report build benchmarks: ``python -m bench.reports`` prints each figure beside its target.

1. The annual LKjIP of the demo agency (target < 3 s).
2. The annual LKjIP of a synthetic kabupaten-scale agency: 40 units, 1,500 indicators, five
   years of quarterly data, 600 budget lines (target < 20 s and < 500 MB peak).
3. The quarterly report of the same agency, for scale.

Each build is the one the workers run (``report_builds.compose_report``: read, lay out Excel
and PDF, store, record), on SQLite in a temporary data dir, timed after one warm-up build; the
peak is the resident memory of the build process and the processes it starts (Typst, the
charts), summed while they run and sampled every 5 ms, in a fresh process per build, so one
build's memory does not hide another's. :func:`measure` also serves bench/scale.py, on any
database.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.agency import seed_synthetic

PROJECT = Path(__file__).resolve().parents[1]
UNITS = 40
INDICATORS = 1500
YEARS = (2021, 2022, 2023, 2024, 2025)
SASARAN = 30
BUDGET_LINES = 600


def _runtime(data_dir: Path, database_url: str | None = None):  # type: ignore[no-untyped-def]
    from lakip.config import load_settings
    from lakip.services.runtime import build_runtime

    env = {"LAKIP_DATA_DIR": str(data_dir)}
    if database_url:
        env["LAKIP_DATABASE_URL"] = database_url
    return build_runtime(load_settings(env))


def seed_kabupaten(data_dir: Path) -> None:
    """The synthetic agency, written straight into the store (the intake path is benchmarked
    in bench.run and bench.scale; here only the report build is measured)."""
    rt = _runtime(data_dir)
    seed_synthetic(rt, units=UNITS, indicators=INDICATORS, years=YEARS, sasaran=SASARAN,
                   budget_lines=BUDGET_LINES)  # fmt: skip
    rt.engine.dispose()


def seed_demo(data_dir: Path) -> None:
    from lakip.services.demo import seed_demo as seed

    rt = _runtime(data_dir)
    seed(rt)
    rt.engine.dispose()


def tree_rss_mb(pid: int) -> float:
    """The resident memory of ``pid`` and all its descendants now, in MB (Linux /proc)."""
    total = 0
    stack = [pid]
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                total += next(int(x.split()[1]) for x in f if x.startswith("VmRSS:"))
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as f:
                    stack += [int(c) for c in f.read().split()]
        except (FileNotFoundError, ProcessLookupError, StopIteration):
            continue  # it ended meanwhile
    return total / 1024


class PeakSampler(threading.Thread):
    """Samples every 5 ms the memory of some processes and all their children (Typst, the
    charts, a worker's pool): the peak of what they hold at one time, children running at once
    included. ``pids`` (called at each sample, so processes may come and go) defaults to this
    process. Use as a context manager around the measured step."""

    def __init__(self, pids: Callable[[], Sequence[int]] | None = None) -> None:
        super().__init__(daemon=True)
        self.pids = pids or (lambda: [os.getpid()])
        self.peak = 0.0
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(0.005):
            self.peak = max(self.peak, sum(tree_rss_mb(p) for p in self.pids()))

    def __enter__(self) -> PeakSampler:
        self.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stopped.set()
        self.join()


def _child(data_dir: str, jenis: str, tahun: int, periode: str | None) -> None:
    """Build twice (a warm-up, then the timed one) and print the figures as JSON: the whole
    build and its steps (read, Excel, PDF, store) apart, by the build's own progress calls."""
    from lakip.services import report_builds
    from lakip.services.access import SISTEM

    rt = _runtime(Path(data_dir), os.environ.get("LAKIP_DATABASE_URL"))
    report_builds.compose_report(rt, SISTEM, jenis, tahun, periode)
    marks: dict[int, float] = {}

    def progress(percent: int, _message: str) -> None:
        marks[percent] = time.perf_counter()

    with PeakSampler() as sampler:
        t0 = time.perf_counter()
        built = report_builds.compose_report(rt, SISTEM, jenis, tahun, periode, progress=progress)
        seconds = time.perf_counter() - t0
    # The sampled peak, and never less than this process's own high-water mark.
    peak_mb = max(sampler.peak, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    pdf = rt.files.get(built.pdf_sha256)
    xlsx = rt.files.get(built.xlsx_sha256)
    print(json.dumps({
        "s": seconds, "read_s": marks[40] - t0, "xlsx_s": marks[60] - marks[40],
        "pdf_s": marks[90] - marks[60], "peak_mb": peak_mb, "pdf_kb": len(pdf) / 1024,
        "xlsx_kb": len(xlsx) / 1024, "versi": len(built.sumber_versi),
    }))  # fmt: skip
    rt.engine.dispose()


def measure(
    data_dir: Path, jenis: str, tahun: int, periode: str | None, database_url: str | None = None
) -> dict[str, float]:
    """One report build timed in a fresh process (after a warm-up build there), on the data
    dir's SQLite database or on ``database_url``: seconds in all and per step, peak MB, sizes."""
    args = [sys.executable, "-m", "bench.reports", "--child", str(data_dir), jenis, str(tahun),
            periode or ""]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKIP_")}
    if database_url:
        env["LAKIP_DATABASE_URL"] = database_url
    out = subprocess.run(args, capture_output=True, text=True, cwd=PROJECT, env=env)
    if out.returncode != 0:
        raise RuntimeError(f"bench.reports --child {jenis} failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _line(label: str, r: dict[str, float], target_s: float, target_mb: float | None) -> bool:
    ok = r["s"] < target_s and (target_mb is None or r["peak_mb"] < target_mb)
    mb = f" dan < {target_mb:.0f} MB" if target_mb else ""
    print(
        f"{label}: {r['s']:.2f} s (Excel {r['xlsx_s']:.2f} s, PDF {r['pdf_s']:.2f} s), puncak "
        f"memori {r['peak_mb']:.0f} MB, PDF {r['pdf_kb']:.0f} KiB, "
        f"Excel {r['xlsx_kb']:.0f} KiB, {r['versi']:.0f} versi sumber  "
        f"[target < {target_s:.0f} s{mb}] {'OK' if ok else 'GAGAL'}"
    )
    return ok


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        _, _, data_dir, jenis, tahun, periode = sys.argv
        _child(data_dir, jenis, int(tahun), periode or None)
        return 0
    ok = True
    with tempfile.TemporaryDirectory(prefix="lakip-bench-") as tmp:
        demo = Path(tmp) / "demo"
        seed_demo(demo)
        ok &= _line("LKjIP instansi demo", measure(demo, "tahunan", 2025, None), 3, None)
        kab = Path(tmp) / "kabupaten"
        t0 = time.perf_counter()
        seed_kabupaten(kab)
        print(f"(data sintetis {UNITS} unit, {INDICATORS} indikator, {len(YEARS)} tahun: "
              f"{time.perf_counter() - t0:.0f} s untuk mengisi)")  # fmt: skip
        ok &= _line("LKjIP skala kabupaten", measure(kab, "tahunan", YEARS[-1], None), 20, 500)
        _line(
            "Laporan triwulan skala kabupaten", measure(kab, "triwulan", YEARS[-1], "TW4"), 20, 500
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
