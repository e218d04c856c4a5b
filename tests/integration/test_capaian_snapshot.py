"""``python -m lakip capaian --json`` for every year and period of the demo agency prints
exactly what is stored in ``tests/fixtures/snapshots/capaian_demo.json``.

The snapshot was taken before the services and store were restructured (issue 14), so a
refactor that changes a single figure, rounding or null fails here. Regenerate it only for a
deliberate change of a rule: ``LAKIP_WRITE_SNAPSHOT=1 pytest tests/integration/test_capaian_snapshot.py``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from lakip import cli
from lakip.config import get_settings
from tests.e2e.support import seed_demo_data

SNAPSHOT = Path(__file__).parents[1] / "fixtures" / "snapshots" / "capaian_demo.json"
YEARS = (2024, 2025, 2026)
PERIODS = ("TW1", "TW2", "TW3", "TW4", "S1", "S2", "SD1", "SD2", "SD3", "SD4", "TAHUN")


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("capaian-snapshot") / "data"
    seed_demo_data(data_dir)
    return data_dir


def test_capaian_json_of_the_demo_is_unchanged(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("LAKIP_DATA_DIR", str(demo_dir))
    monkeypatch.delenv("LAKIP_DATABASE_URL", raising=False)
    get_settings.cache_clear()  # the CLI reads the settings once per process
    printed: dict[str, str] = {}
    for year in YEARS:
        for period in PERIODS:
            assert cli.main(["capaian", "--tahun", str(year), "--periode", period, "--json"]) == 0
            printed[f"{year} {period}"] = capsys.readouterr().out
    get_settings.cache_clear()
    if os.environ.get("LAKIP_WRITE_SNAPSHOT") == "1":
        SNAPSHOT.write_text(json.dumps(printed, ensure_ascii=False, indent=1) + "\n")
    stored = json.loads(SNAPSHOT.read_text())
    assert stored.keys() == printed.keys()
    for key, text in printed.items():
        assert text == stored[key], key
    # The snapshot is not vacuous: the demo has figures, and periods without data print nulls.
    tahun_2025 = json.loads(stored["2025 SD3"])
    assert len(tahun_2025["indikator"]) == 14
    assert any(i["capaian"] is not None for i in tahun_2025["indikator"])
    assert all(i["realisasi"] is None for i in json.loads(stored["2026 TAHUN"])["indikator"])
