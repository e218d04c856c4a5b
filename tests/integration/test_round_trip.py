"""Template → filled as a user would → uploaded → ``capaian --json`` gives the hand-computed figures.

Plan (tests/fixtures/plans.py), year 2025, unit BID-A:

| kode   | polaritas | agregasi  | RA TW I–IV          | PK   |
|--------|-----------|-----------|---------------------|------|
| IKU-01 | positif   | kumulatif | 200 250 250 300     | 1000 |
| IKU-02 | positif   | terakhir  | 80 85 90 95         | 95   |
| IKU-03 | negatif   | rata-rata | 3 3 3 3             | 3    |
| IKU-04 | negatif   | kumulatif | 10 10 10 10         | 40   |
| IKU-05 | negatif   | terakhir  | 0 0 0 0 (unit BID-B)| 0    |
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from lakip.services.access import SISTEM
from lakip.services.history import list_versions
from lakip.services.planning import import_plan
from lakip.services.runtime import Runtime
from lakip.services.submissions import submit_quarter
from lakip.services.templates import template_for
from tests.conftest import make_runtime
from tests.fixtures.plans import small_plan
from tests.integration.helpers import cli_env, fill_template


def capaian(data_dir: Path, periode: str) -> dict[str, Any]:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "lakip",
            "capaian",
            "--tahun",
            "2025",
            "--periode",
            periode,
            "--json",
        ],
        env=cli_env(data_dir),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def upload(rt: Runtime, unit: str, tw: int, values: dict[str, object], **kw: Any) -> int:
    _name, template = template_for(rt, SISTEM, unit, 2025, tw)
    result = submit_quarter(
        rt, SISTEM, fill_template(template, values, **kw), f"{unit}-tw{tw}.xlsx"
    )
    return result.nomor


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    d = tmp_path / "data"
    rt = make_runtime(d)
    import_plan(rt, SISTEM, small_plan(), "plan.xlsx")
    # TW I, first version with a typo in IKU-01, then corrected: the newest version counts.
    assert (
        upload(rt, "BID-A", 1, {"IKU-01": 2100, "IKU-02": "82,5", "IKU-03": 2.5, "IKU-04": 12}) == 1
    )
    assert (
        upload(rt, "BID-A", 1, {"IKU-01": 210, "IKU-02": "82,5", "IKU-03": 2.5, "IKU-04": 12}) == 2
    )
    # TW II: IKU-03 left empty = not reported, never zero.
    assert upload(rt, "BID-A", 2, {"IKU-01": 240, "IKU-02": 86, "IKU-04": 8}) == 1
    assert upload(rt, "BID-B", 1, {"IKU-05": 2}) == 1
    versions = list_versions(rt, SISTEM, "BID-A", 2025, 1)
    assert [v.nomor for v in versions] == [2, 1] and versions[0].terbaru
    rt.engine.dispose()
    return d


def by_kode(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["kode"]: r for r in rows}


def test_quarter_one_uses_the_newest_version_and_each_rule(data_dir: Path) -> None:
    out = capaian(data_dir, "TW1")
    assert out["tahun"] == 2025 and out["periode"] == "TW1"
    ind = by_kode(out["indikator"])
    assert [r["kode"] for r in out["indikator"]] == [
        "IKU-01",
        "IKU-02",
        "IKU-03",
        "IKU-04",
        "IKU-05",
    ]
    # 210 / 200 × 100 (version 2, not the typo 2100 of version 1)
    assert ind["IKU-01"] == {
        "kode": "IKU-01",
        "target": 200.0,
        "realisasi": 210.0,
        "capaian": 105.0,
        "predikat": "Sangat Tinggi",
    }
    # "82,5" typed as Indonesian text: 82,5 / 80 × 100 = 103,125 → 103,13 (half up)
    assert ind["IKU-02"]["realisasi"] == 82.5 and ind["IKU-02"]["capaian"] == 103.13
    # negative: (2 − 2,5/3) × 100 = 116,666… → 116,67
    assert ind["IKU-03"]["capaian"] == 116.67
    # negative: (2 − 12/10) × 100 = 80 → Tinggi
    assert ind["IKU-04"]["capaian"] == 80.0 and ind["IKU-04"]["predikat"] == "Tinggi"
    # negative with target 0 and realization 2 > 0: not met → 0
    assert ind["IKU-05"]["target"] == 0.0 and ind["IKU-05"]["capaian"] == 0.0
    assert ind["IKU-05"]["predikat"] == "Sangat Rendah"


def test_semester_one_combines_quarters_by_aggregation(data_dir: Path) -> None:
    out = capaian(data_dir, "S1")
    ind = by_kode(out["indikator"])
    # kumulatif: target 200+250, realization 210+240 → 100,00
    assert (ind["IKU-01"]["target"], ind["IKU-01"]["realisasi"], ind["IKU-01"]["capaian"]) == (
        450.0,
        450.0,
        100.0,
    )
    # terakhir: TW II's target 85 and status 86 → 101,18
    assert (ind["IKU-02"]["target"], ind["IKU-02"]["realisasi"], ind["IKU-02"]["capaian"]) == (
        85.0,
        86.0,
        101.18,
    )
    # rata-rata: only TW I has data → 2,5 against mean target 3 → 116,67
    assert (ind["IKU-03"]["realisasi"], ind["IKU-03"]["capaian"]) == (2.5, 116.67)
    # kumulatif negative: 12+8 = 20 against 20 → 100
    assert ind["IKU-04"]["capaian"] == 100.0
    sas = by_kode(out["sasaran"])
    # SS-01 = mean(100,00; 101,18) = 100,59; SS-02 = mean(116,67; 100,00; 0,00) = 72,22
    assert sas["SS-01"] == {"kode": "SS-01", "capaian": 100.59, "predikat": "Sangat Tinggi"}
    assert sas["SS-02"]["capaian"] == 72.22 and sas["SS-02"]["predikat"] == "Sedang"


def test_year_counts_missing_quarters_as_missing_never_zero(data_dir: Path) -> None:
    out = capaian(data_dir, "TAHUN")
    ind = by_kode(out["indikator"])
    # kumulatif with TW III and TW IV not reported: no realization, no achievement, no predicate
    assert ind["IKU-01"] == {
        "kode": "IKU-01",
        "target": 1000.0,
        "realisasi": None,
        "capaian": None,
        "predikat": None,
    }
    # terakhir: latest quarter with data (86) against the PK target 95 → 90,53 Tinggi
    assert (ind["IKU-02"]["target"], ind["IKU-02"]["capaian"], ind["IKU-02"]["predikat"]) == (
        95.0,
        90.53,
        "Tinggi",
    )
    sas = by_kode(out["sasaran"])
    assert sas["SS-01"]["capaian"] == 90.53  # only IKU-02 has an achievement


def test_year_to_date_through_quarter_two(data_dir: Path) -> None:
    ind = by_kode(capaian(data_dir, "SD2")["indikator"])
    assert ind["IKU-01"]["capaian"] == 100.0
    assert ind["IKU-04"]["target"] == 20.0


def test_template_prefills_what_was_already_reported(data_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tw1.xlsx"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "lakip",
            "template",
            "--unit",
            "BID-A",
            "--tahun",
            "2025",
            "--triwulan",
            "I",
            "--out",
            str(out),
        ],
        env=cli_env(data_dir),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    import openpyxl

    ws = openpyxl.load_workbook(out)["Realisasi Kinerja"]
    values = {
        row[0].value: row[4].value for row in ws.iter_rows() if str(row[0].value).startswith("IKU")
    }
    assert values == {"IKU-01": 210, "IKU-02": 82.5, "IKU-03": 2.5, "IKU-04": 12}
