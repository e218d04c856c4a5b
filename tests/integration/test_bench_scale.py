"""The scale benchmark (bench/scale.py) runs end to end in its quick variant, on PostgreSQL and
Redis, and prints the machine and one table with every row and a figure in each; its jobs come
out none lost and none duplicated."""

from __future__ import annotations

import re
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy.engine import make_url

from lakip.store.db import normalize_url

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.redis, pytest.mark.worker]

PROJECT = Path(__file__).resolve().parents[2]
ROWS = (
    "Start CLI: python -m lakip --help",
    "init pada basis data kosong",
    "Start CLI: init pada basis data terkini",
    "Impor dokumen perencanaan",
    "Impor 1 triwulan semua unit",
    "capaian 2025 TAHUN di layanan",
    "capaian lewat CLI",
    "Dasbor Kinerja: jalan ulang",
    "Laporan triwulan TW IV 2025: bangun",
    "LKjIP (laporan tahunan) 2025: bangun",
    "- tulis Excel",
    "- tulis PDF",
    "LKjIP instansi demo 2025",
    "20 pekerjaan laporan antre",
)


def _table(out: str) -> list[dict[str, str]]:
    """The printed table's rows as {column: cell}, cut at the dashes under the header."""
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Langkah"))
    spans = [m.span() for m in re.finditer(r"-+", lines[at + 1])]
    names = [lines[at][a:b].strip() for a, b in spans]
    rows = []
    for line in lines[at + 2 :]:
        if not line.strip():
            break
        cells = [line[a : (spans[i + 1][0] if i + 1 < len(spans) else None)].strip()
                 for i, (a, _b) in enumerate(spans)]  # fmt: skip
        rows.append(dict(zip(names, cells, strict=True)))
    return rows


@pytest.mark.timeout(1500)
def test_the_quick_scale_benchmark_prints_every_row_with_its_figure(
    postgres_base_url: str, redis_url: str
) -> None:
    database = make_url(normalize_url(postgres_base_url)).set(
        database=f"lakip_bench_t{uuid.uuid4().hex[:8]}"
    )
    broker = urlsplit(redis_url)._replace(path="/14").geturl()  # not the tests' db: they flush it
    proc = subprocess.run(
        [sys.executable, "-m", "bench.scale", "--quick", "--broker-url", broker,
         "--database-url", database.render_as_string(hide_password=False)],
        cwd=PROJECT, capture_output=True, text=True, timeout=1400,
    )  # fmt: skip
    out = proc.stdout
    assert proc.returncode in (0, 1), out + proc.stderr[-5000:]  # 2: a check failed
    for label in ("Mesin", "Python", "PostgreSQL", "Redis", "Beban awal"):
        assert re.search(rf"^{label}\s*: \S", out, re.M), out
    rows = _table(out)
    steps = [r["Langkah"] for r in rows]
    for wanted in ROWS:
        row = next((r for r in rows if r["Langkah"].startswith(wanted)), None)
        assert row is not None, f"{wanted!r} not in {steps}"
        assert re.match(r"\d[\d.]*(,\d+)? \S", row["Angka"]), row
    measured = [r for r in rows if not r["Langkah"].startswith("- ")]
    assert all(re.match(r"\d[\d.]* MB$", r["Memori puncak"]) for r in measured), measured
    jobs = next(r for r in rows if r["Langkah"].startswith("20 pekerjaan"))
    assert jobs["Tercapai"] == "ya" and "hilang 0, ganda 0" in jobs["Keterangan"], jobs
