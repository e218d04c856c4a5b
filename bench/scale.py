"""The scale benchmark, one command: ``python -m bench.scale`` prints one table.

    python -m bench.scale [--units 40 --indicators 1500 --years 5 --jobs 200]
                          [--database-url postgresql://postgres@127.0.0.1:5432/lakip_bench]
                          [--sqlite] [--broker-url redis://127.0.0.1:6379/14] [--quick] [--keep]

A synthetic agency of the given size (bench/agency.py; default a kabupaten: 40 units, 1,500
indicators, five years) is loaded through the users' path: its plan written as a planning
workbook and imported with ``python -m lakip import-plan``; then, quarter by quarter, every
unit's quarterly workbook written by the real template writer with its realizations filled
in, and the quarter's workbooks imported by one ``python -m lakip import-quarter FILE ...``
process, as an operator would. Then the figures, each beside its target, with the peak
resident memory of the process (and its children) that did the step:

- batch import of one quarter of all units, files per second (target >= 10 at kabupaten size);
- ``capaian`` of a year in the service (target < 200 ms for 1,500 indicators), and through
  the command line in a new process;
- the Dasbor Kinerja's rerun under Streamlit's AppTest (target < 1 s);
- the quarterly and the annual report builds, Excel and PDF timed apart (annual: < 20 s,
  aim 8 s, < 500 MB);
- the demo agency's annual report (< 3 s);
- report jobs through two Celery workers on Redis: jobs per minute, none lost, none duplicated.

The default database is PostgreSQL, so the figures are for the production shape: the command
creates the database named in ``--database-url`` (its name must start with ``lakip_bench``;
one left by an earlier run is dropped first) and drops it at the end unless ``--keep``; the
demo and the jobs get a schema of their own in it. ``--sqlite`` runs everything on SQLite
files in the temporary data dir instead (the workers still use Redis). ``--quick`` is a small
agency (8 units, 300 indicators, two years, 20 jobs) for tests. Exit status: 0 when every
target is met, 1 when one is missed, 2 when a check fails (a workbook rejected, a job lost or
duplicated, a broken file).

The machine has other work to do: the load average is printed at the start and the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from bench.reports import PeakSampler
from bench.reports import measure as measure_build
from lakip.domain.formatting import format_number

PROJECT = Path(__file__).resolve().parents[1]
DEFAULT_DATABASE = "postgresql://postgres@127.0.0.1:5432/lakip_bench"
DEFAULT_BROKER = "redis://127.0.0.1:6379/14"
LAST_YEAR = 2025  # the demo agency's year; the synthetic years end there too
CAPAIAN_RUNS = 7
CLI_RUNS = 5


def fmt(x: float, decimals: int = 1) -> str:
    """A figure the Indonesian way: 1.234,5."""
    return format_number(x, decimals)


# --- what the table shows ---------------------------------------------------------------------


@dataclass
class Row:
    """One line of the table: a measured step, its figure, its target and whether it is met
    (None: a figure without a target), and the peak memory of what did it."""

    step: str
    figure: str
    target: str = "—"
    met: bool | None = None
    peak_mb: float | None = None
    note: str = ""


@dataclass
class Outcome:
    rows: list[Row] = field(default_factory=list)
    failed_checks: list[str] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row


COLUMNS = ("Langkah", "Angka", "Target", "Tercapai", "Memori puncak", "Keterangan")


def render(rows: Sequence[Row]) -> str:
    """The rows as one plain-text table, columns aligned."""
    cells = [COLUMNS] + [
        (
            r.step,
            r.figure,
            r.target,
            "—" if r.met is None else ("ya" if r.met else "TIDAK"),
            "—" if r.peak_mb is None else f"{fmt(r.peak_mb, 0)} MB",
            r.note,
        )
        for r in rows
    ]
    widths = [max(len(c[i]) for c in cells) for i in range(len(COLUMNS))]
    lines = []
    for n, c in enumerate(cells):
        lines.append("  ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


# --- the machine ------------------------------------------------------------------------------


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _ram_gb() -> float:
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{fmt(one, 2)} / {fmt(five, 2)} / {fmt(fifteen, 2)} (1/5/15 menit)"


def machine_lines(postgres_version: str | None, broker_url: str) -> list[str]:
    """The machine the figures were taken on: CPU, cores, RAM, Python, the servers' versions."""
    lines = [
        f"Mesin       : {_cpu_model()}, {os.cpu_count()} inti, RAM {fmt(_ram_gb(), 1)} GB, "
        f"{platform.system()} {platform.release()}",
        f"Python      : {platform.python_version()} ({sys.executable})",
        f"SQLite      : {sqlite3.sqlite_version}",
    ]
    if postgres_version:
        lines.append(f"PostgreSQL  : {postgres_version}")
    try:
        import redis

        client = redis.Redis.from_url(broker_url)
        lines.append(f"Redis       : {client.info('server')['redis_version']} ({broker_url})")
        client.close()
    except Exception as exc:  # shown, not fatal: the jobs row says what failed
        lines.append(f"Redis       : tidak terjangkau ({exc})")
    lines.append(f"Beban awal  : {_load()}")
    return lines


# --- databases --------------------------------------------------------------------------------


class PostgresBench:
    """The bench database on a PostgreSQL server: created fresh, dropped at the end."""

    def __init__(self, url: str) -> None:
        from sqlalchemy.engine import make_url

        from lakip.store.db import normalize_url

        self.url = make_url(normalize_url(url))
        name = self.url.database or ""
        if not name.startswith("lakip_bench"):
            raise SystemExit(
                f"Nama basis data bench harus diawali 'lakip_bench' (ditemukan '{name}'): "
                "basis data itu dibuat ulang dan dihapus oleh bench."
            )
        self.name = name

    def _admin(self):  # type: ignore[no-untyped-def]
        from sqlalchemy import create_engine

        return create_engine(
            self.url.set(database="postgres").render_as_string(hide_password=False),
            isolation_level="AUTOCOMMIT",
        )

    def server_version(self) -> str:
        from sqlalchemy import text

        admin = self._admin()
        try:
            with admin.connect() as conn:
                return str(conn.execute(text("SHOW server_version")).scalar())
        finally:
            admin.dispose()

    def create(self) -> None:
        from sqlalchemy import text

        admin = self._admin()
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
                conn.execute(text(f'CREATE DATABASE "{self.name}"'))
        finally:
            admin.dispose()

    def drop(self) -> None:
        from sqlalchemy import text

        admin = self._admin()
        try:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
        finally:
            admin.dispose()

    def main_url(self) -> str:
        return self.url.render_as_string(hide_password=False)

    def schema_url(self, schema: str) -> str:
        """A URL on a new schema ``schema`` of the bench database."""
        from sqlalchemy import create_engine, text

        engine = create_engine(self.main_url())
        try:
            with engine.begin() as conn:
                conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        finally:
            engine.dispose()
        base = self.main_url()
        return f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"


# --- running the command line -----------------------------------------------------------------


def _env(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKIP_")}
    env["LAKIP_DATA_DIR"] = str(data_dir)
    if database_url:
        env["LAKIP_DATABASE_URL"] = database_url
    return env


@dataclass(frozen=True)
class Ran:
    seconds: float
    peak_mb: float
    returncode: int
    stdout: str
    stderr: str


def run_cli(args: Sequence[str], env: dict[str, str]) -> Ran:
    """``python -m lakip ARGS`` in a new process, timed from start to exit, with the peak
    memory of the process and its children."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "lakip", *args],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    with PeakSampler(lambda: [proc.pid]) as sampler:
        out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    return Ran(seconds, sampler.peak, proc.returncode, out, err)


def _child_json(kind: str, args: Sequence[str], env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--child", kind, *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
    )
    if out.returncode != 0:
        raise RuntimeError(f"bench.scale --child {kind} gagal:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def _peak_self() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_capaian(data_dir: str, tahun: int) -> None:
    """``compute_capaian`` of the year (TAHUN), after a warm-up, timed CAPAIAN_RUNS times."""
    from lakip.config import load_settings
    from lakip.services.access import SISTEM
    from lakip.services.achievement import compute_capaian
    from lakip.services.runtime import build_runtime

    env = {
        "LAKIP_DATA_DIR": data_dir,
        **{k: v for k, v in os.environ.items() if k == "LAKIP_DATABASE_URL"},
    }
    rt = build_runtime(load_settings(env))
    with PeakSampler() as sampler:
        result = compute_capaian(rt, SISTEM, tahun, "TAHUN")
        runs = []
        for _ in range(CAPAIAN_RUNS):
            t0 = time.perf_counter()
            compute_capaian(rt, SISTEM, tahun, "TAHUN")
            runs.append(time.perf_counter() - t0)
    rt.engine.dispose()
    print(json.dumps({"median_ms": statistics.median(runs) * 1000, "best_ms": min(runs) * 1000,
                      "indikator": len(result.indikator),
                      "peak_mb": max(sampler.peak, _peak_self())}))  # fmt: skip


def child_dashboard(data_dir: str, tahun: int) -> None:
    """The Dasbor's reruns (bench/dashboard.py) on this agency."""
    from bench.dashboard import measure_dashboard

    with PeakSampler() as sampler:
        r = measure_dashboard(
            Path(data_dir), tahun=tahun, database_url=os.environ.get("LAKIP_DATABASE_URL")
        )
    print(json.dumps({"first": r.first, "median": r.median, "max": max(r.reruns),
                      "filtered": r.filtered,
                      "filtered_median": statistics.median(r.filtered_reruns), "ok": r.ok,
                      "peak_mb": max(sampler.peak, _peak_self())}))  # fmt: skip


# --- the steps --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    units: int
    indicators: int
    years: tuple[int, ...]
    sasaran: int
    budget_lines: int
    jobs: int

    @property
    def kabupaten(self) -> bool:
        return self.units >= 40 and self.indicators >= 1500


def cli_start(o: Outcome, env: dict[str, str]) -> None:
    """The command line's start: ``--help`` (imports only) and ``init`` on a database that is
    already at the newest schema (imports, settings, one query for the revision)."""
    helps = [run_cli(["--help"], env) for _ in range(CLI_RUNS)]
    o.add(Row("Start CLI: python -m lakip --help", f"{fmt(statistics.median(h.seconds for h in helps), 2)} s",
              peak_mb=max(h.peak_mb for h in helps), note=f"median {CLI_RUNS} kali"))  # fmt: skip
    first = run_cli(["init"], env)
    o.add(Row("init pada basis data kosong (buat skema)", f"{fmt(first.seconds, 2)} s",
              peak_mb=first.peak_mb))  # fmt: skip
    inits = [run_cli(["init"], env) for _ in range(CLI_RUNS)]
    if any(r.returncode for r in [first, *inits]):
        o.failed_checks.append("init gagal: " + first.stderr[-500:] + inits[0].stderr[-500:])
    o.add(Row("Start CLI: init pada basis data terkini", f"{fmt(statistics.median(r.seconds for r in inits), 2)} s",
              peak_mb=max(r.peak_mb for r in inits), note=f"median {CLI_RUNS} kali"))  # fmt: skip


def load_agency(
    o: Outcome, size: Size, work: Path, env: dict[str, str], log: Callable[[str], None]
) -> None:
    """The plan through ``import-plan``, then every quarter through one ``import-quarter``
    process per quarter, all units' workbooks in it."""
    from bench.agency import synthetic_plan, synthetic_quarter
    from lakip.intake.plan_writer import write_plan_workbook
    from lakip.intake.template import write_quarter_template

    plan = synthetic_plan(units=size.units, indicators=size.indicators, years=size.years,
                          sasaran=size.sasaran, budget_lines=size.budget_lines)  # fmt: skip
    plan_file = work / "Dokumen_Perencanaan.xlsx"
    plan_file.write_bytes(write_plan_workbook(plan, judul="Dinas Uji Skala"))
    ran = run_cli(["import-plan", str(plan_file)], env)
    if ran.returncode:
        raise SystemExit(f"import-plan ditolak:\n{ran.stderr[-3000:]}")
    o.add(Row("Impor dokumen perencanaan (import-plan)", f"{fmt(ran.seconds, 2)} s", peak_mb=ran.peak_mb,
              note=f"{size.indicators} indikator x {len(size.years)} tahun"))  # fmt: skip
    batches: list[Ran] = []
    for tahun in size.years:
        for triwulan in (1, 2, 3, 4):
            folder = work / "triwulan" / f"{tahun}-TW{triwulan}"
            folder.mkdir(parents=True)
            files = []
            for u in range(size.units):
                path = folder / f"Laporan_UNIT-{u:02d}_{tahun}_TW{triwulan}.xlsx"
                path.write_bytes(
                    write_quarter_template(synthetic_quarter(plan, u, tahun, triwulan))
                )
                files.append(str(path))
            ran = run_cli(["import-quarter", *files], env)
            accepted = sum(1 for line in ran.stdout.splitlines() if ": diterima," in line)
            if ran.returncode or accepted != len(files):
                o.failed_checks.append(f"import-quarter {tahun} TW{triwulan}: {accepted}/{len(files)} diterima\n"
                                       + ran.stderr[-2000:])  # fmt: skip
            batches.append(ran)
            log(f"  impor {tahun} TW{triwulan}: {len(files)} berkas dalam {fmt(ran.seconds, 2)} s")
    rates = sorted(size.units / b.seconds for b in batches)
    median = statistics.median(rates)
    # The target is for a kabupaten's quarter (40 files): a smaller batch spends a larger
    # share on the process's start, so it is shown but not judged.
    target = "≥ 10 berkas/s" + ("" if size.kabupaten else " (ukuran kabupaten)")
    met = median >= 10 if size.kabupaten else None
    o.add(Row(f"Impor 1 triwulan semua unit ({size.units} berkas, 1 proses import-quarter)",
              f"{fmt(median, 1)} berkas/s", target, met, max(b.peak_mb for b in batches),
              f"median {len(batches)} triwulan, paling lambat {fmt(rates[0], 1)} berkas/s; "
              f"{fmt(statistics.median(b.seconds for b in batches), 2)} s per triwulan, start termasuk"))  # fmt: skip


def capaian(o: Outcome, size: Size, data_dir: Path, env: dict[str, str]) -> None:
    tahun = size.years[-1]
    r = _child_json("capaian", [str(data_dir), str(tahun)], env)
    o.add(Row(f"capaian {tahun} TAHUN di layanan ({int(r['indikator'])} indikator)",
              f"{fmt(r['median_ms'], 0)} ms", "< 200 ms", r["median_ms"] < 200, r["peak_mb"],
              f"median {CAPAIAN_RUNS} kali setelah pemanasan, terbaik {fmt(r['best_ms'], 0)} ms"))  # fmt: skip
    runs = [
        run_cli(["capaian", "--tahun", str(tahun), "--periode", "TAHUN", "--json"], env)
        for _ in range(3)
    ]
    if any(x.returncode for x in runs):
        o.failed_checks.append("capaian CLI gagal: " + runs[0].stderr[-500:])
    o.add(Row("capaian lewat CLI (proses baru, --json)", f"{fmt(statistics.median(x.seconds for x in runs), 2)} s",
              peak_mb=max(x.peak_mb for x in runs), note="median 3 kali, start termasuk"))  # fmt: skip


def dashboard(o: Outcome, size: Size, data_dir: Path, env: dict[str, str]) -> None:
    r = _child_json("dashboard", [str(data_dir), str(size.years[-1])], env)
    o.add(Row("Dasbor Kinerja: jalan ulang (AppTest, s.d. TW III)", f"{fmt(r['median'] * 1000, 0)} ms",
              "< 1.000 ms", bool(r["ok"]), r["peak_mb"],
              f"median 10 kali, terlama {fmt(r['max'] * 1000, 0)} ms; pertama {fmt(r['first'], 2)} s; "
              f"saring sasaran: pertama {fmt(r['filtered'], 2)} s, ulang {fmt(r['filtered_median'] * 1000, 0)} ms"))  # fmt: skip


def builds(o: Outcome, size: Size, data_dir: Path, database_url: str | None) -> None:
    tahun = size.years[-1]
    for label, jenis, periode, target_s, aim in (
        (f"Laporan triwulan TW IV {tahun}", "triwulan", "TW4", 20.0, None),
        (f"LKjIP (laporan tahunan) {tahun}", "tahunan", None, 20.0, 8.0),
    ):
        r = measure_build(data_dir, jenis, tahun, periode, database_url)
        met = r["s"] < target_s and r["peak_mb"] < 500
        target = (
            f"< {fmt(target_s, 0)} s"
            + (f" (sasaran {fmt(aim, 0)} s)" if aim else "")
            + ", < 500 MB"
        )
        aim_note = (
            f"; sasaran {fmt(aim, 0)} s {'tercapai' if r['s'] < aim else 'belum'}" if aim else ""
        )
        o.add(Row(f"{label}: bangun (baca, Excel, PDF, simpan)", f"{fmt(r['s'], 2)} s", target, met,
                  r["peak_mb"], f"{r['versi']:.0f} versi sumber; PDF {fmt(r['pdf_kb'], 0)} KiB, "
                  f"Excel {fmt(r['xlsx_kb'], 0)} KiB{aim_note}"))  # fmt: skip
        o.add(Row("  - baca data", f"{fmt(r['read_s'], 2)} s"))
        o.add(Row("  - tulis Excel", f"{fmt(r['xlsx_s'], 2)} s"))
        o.add(Row("  - tulis PDF", f"{fmt(r['pdf_s'], 2)} s"))


def demo_report(o: Outcome, data_dir: Path, database_url: str | None) -> None:
    ran = run_cli(["seed-demo"], _env(data_dir, database_url))
    if ran.returncode:
        raise SystemExit(f"seed-demo gagal:\n{ran.stderr[-3000:]}")
    r = measure_build(data_dir, "tahunan", LAST_YEAR, None, database_url)
    o.add(Row(f"LKjIP instansi demo {LAST_YEAR}", f"{fmt(r['s'], 2)} s", "< 3 s", r["s"] < 3,
              r["peak_mb"], f"Excel {fmt(r['xlsx_s'], 2)} s, PDF {fmt(r['pdf_s'], 2)} s"))  # fmt: skip


def jobs(o: Outcome, size: Size, data_dir: Path, database_url: str, broker_url: str,
         log: Callable[[str], None]) -> None:  # fmt: skip
    from bench.jobs import WORKERS, run_jobs

    label = f"{size.jobs} pekerjaan laporan antre, {WORKERS} worker (Redis, instansi demo)"
    if size.jobs <= 0:
        o.add(Row(label, "dilewati"))
        return
    r = run_jobs(
        size.jobs, database_url=database_url, redis_url=broker_url, data_dir=data_dir, log=log
    )
    if not r.ok:
        o.failed_checks.append(f"pekerjaan: gagal {r.failed}, hilang {r.lost}, ganda {r.duplicated}, "
                               f"rusak {r.broken}, versi {r.versions}/{r.jobs}")  # fmt: skip
    o.add(Row(label, f"{fmt(r.per_minute, 1)} pekerjaan/menit", "tidak hilang, tidak ganda", r.ok, r.peak_mb,
              f"hilang {r.lost}, ganda {r.duplicated}, gagal {r.failed}, berkas rusak {r.broken}, "
              f"{r.versions} versi untuk {r.jobs} pekerjaan; {fmt(r.seconds, 0)} s sejak antre, "
              f"{fmt(r.jobs / r.busy_s * 60 if r.busy_s else 0, 1)}/menit sejak mulai pertama"))  # fmt: skip


# --- the command ------------------------------------------------------------------------------


def _step(o: Outcome, name: str, run: Callable[[], None]) -> None:
    """Run one measured step; one that breaks is a failed row and a failed check, and the
    steps after it still run, so the table is printed whatever happens."""
    try:
        run()
    except Exception as exc:
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[-1]
        o.add(Row(name, "GAGAL", met=False, note=f"{type(exc).__name__}: {first}"[:160]))
        o.failed_checks.append(f"{name}: {type(exc).__name__}: {exc}"[:3000])


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m bench.scale", description=__doc__.split("\n")[0])
    p.add_argument("--units", type=int, default=40)
    p.add_argument("--indicators", type=int, default=1500)
    p.add_argument("--years", type=int, default=5)
    p.add_argument("--sasaran", type=int, help="default: indikator/50, 1 s.d. 30")
    p.add_argument("--budget-lines", type=int, help="default: 15 per unit")
    p.add_argument("--jobs", type=int, default=200, help="pekerjaan laporan (0: lewati)")
    p.add_argument("--database-url", default=DEFAULT_DATABASE)
    p.add_argument("--sqlite", action="store_true", help="SQLite, bukan PostgreSQL")
    p.add_argument("--broker-url", default=DEFAULT_BROKER)
    p.add_argument(
        "--quick", action="store_true", help="8 unit, 300 indikator, 2 tahun, 20 pekerjaan"
    )
    p.add_argument("--keep", action="store_true", help="simpan basis data dan folder data")
    return p


def _size(args: argparse.Namespace) -> Size:
    if args.quick:
        args.units, args.indicators, args.years, args.jobs = 8, 300, 2, min(args.jobs, 20)
    sasaran = args.sasaran or max(1, min(30, args.indicators // 50))
    years = tuple(range(LAST_YEAR - args.years + 1, LAST_YEAR + 1))
    return Size(
        args.units, args.indicators, years, sasaran, args.budget_lines or 15 * args.units, args.jobs
    )


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--child"]:
        kind, data_dir, tahun = argv[1:4]
        {"capaian": child_capaian, "dashboard": child_dashboard}[kind](data_dir, int(tahun))
        return 0
    args = _parser().parse_args(argv)
    size = _size(args)

    def log(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    pg = None if args.sqlite else PostgresBench(args.database_url)
    print(f"Bench skala LAKIP: {size.units} unit, {size.indicators} indikator, "
          f"{len(size.years)} tahun ({size.years[0]}–{size.years[-1]}), {size.sasaran} sasaran, "
          f"{size.budget_lines} sub kegiatan; basis data {'SQLite' if pg is None else 'PostgreSQL'}")  # fmt: skip
    print("\n".join(machine_lines(None if pg is None else pg.server_version(), args.broker_url)))
    work = Path(tempfile.mkdtemp(prefix="lakip-bench-scale-"))
    o = Outcome()
    started = time.perf_counter()
    try:
        if pg is not None:
            pg.create()
        kab_url = None if pg is None else pg.main_url()
        kab_dir = work / "kabupaten"
        env = _env(kab_dir, kab_url)
        log("start CLI...")
        cli_start(o, env)
        log("memuat instansi sintetis lewat import-plan dan import-quarter...")
        load_agency(o, size, work, env, log)
        log("capaian, dasbor...")
        _step(o, "capaian", lambda: capaian(o, size, kab_dir, env))
        _step(o, "Dasbor Kinerja", lambda: dashboard(o, size, kab_dir, env))
        log("bangun laporan...")
        _step(o, "Bangun laporan", lambda: builds(o, size, kab_dir, kab_url))
        log("instansi demo...")
        demo_url = None if pg is None else pg.schema_url("demo")
        _step(o, "LKjIP instansi demo", lambda: demo_report(o, work / "demo", demo_url))
        log("pekerjaan lewat worker...")
        jobs_url = (
            f"sqlite:///{work / 'jobs' / 'lakip.db'}" if pg is None else pg.schema_url("pekerjaan")
        )
        _step(
            o,
            "Pekerjaan laporan",
            lambda: jobs(o, size, work / "jobs", jobs_url, args.broker_url, log),
        )
    finally:
        if args.keep:
            log(f"disimpan: folder {work}" + ("" if pg is None else f", basis data {pg.name}"))
        else:
            shutil.rmtree(work, ignore_errors=True)
            if pg is not None:
                pg.drop()
    print()
    print(render(o.rows))
    print()
    print(
        f"Beban akhir : {_load()}; bench berjalan {fmt((time.perf_counter() - started) / 60, 1)} menit"
    )
    for failure in o.failed_checks:
        print(f"PEMERIKSAAN GAGAL: {failure}")
    if o.failed_checks:
        return 2
    missed = [r.step for r in o.rows if r.met is False]
    if missed:
        print("Target tidak tercapai: " + "; ".join(missed))
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
