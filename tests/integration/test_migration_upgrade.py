"""An upgrade keeps the data: a database filled at the previous migration head (the demo
agency, its uploads, a built report) is upgraded to the newest head, on SQLite and on
PostgreSQL, and everything it held is still there and still computes the same figures; what
the new migration adds then works on it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select

from lakip.config import load_settings
from lakip.services import report_analysis
from lakip.services.access import SISTEM
from lakip.services.achievement import compute_capaian
from lakip.services.demo import seed_demo
from lakip.services.runtime import Runtime, build_runtime
from lakip.store import models as m
from lakip.store.db import alembic_config

KEPT = (m.Unit, m.Indikator, m.TargetTahunan, m.VersiPengiriman, m.Realisasi, m.Anggaran,
        m.Pengguna, m.PutaranPengumpulan, m.LogAudit, m.Berkas)  # fmt: skip


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'lakip.db'}"
    else:
        yield request.getfixturevalue("postgres_url")


def _runtime(url: str, data: Path, *, migrate: bool) -> Runtime:
    settings = load_settings({"LAKIP_DATA_DIR": str(data), "LAKIP_DATABASE_URL": url})
    return build_runtime(settings, migrate=migrate)


def _counts(rt: Runtime) -> dict[str, int]:
    with rt.uow() as s:
        return {t.__tablename__: s.scalar(select(func.count()).select_from(t)) or 0 for t in KEPT}


def test_a_database_at_the_previous_head_upgrades_with_its_data(
    database_url: str, tmp_path: Path
) -> None:
    cfg = alembic_config(database_url)
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    assert head is not None
    previous = script.get_revision(head).down_revision
    assert isinstance(previous, str)
    data = tmp_path / "data"
    data.mkdir(parents=True, exist_ok=True)
    command.upgrade(cfg, previous)

    old = _runtime(database_url, data, migrate=False)
    seed_demo(old)  # the plan, accounts, rounds and every demo upload, through the services
    before = _counts(old)
    figures = compute_capaian(old, SISTEM, 2025, "SD3").to_json()
    with old.uow() as s:
        assert "analisis_laporan" not in inspect(s.connection()).get_table_names()
    old.engine.dispose()
    assert before["versi_pengiriman"] > 0 and before["realisasi"] > 0

    new = _runtime(database_url, data, migrate=True)  # as the app and the workers start
    with new.uow() as s:
        version = s.connection().exec_driver_sql("SELECT version_num FROM alembic_version")
        assert [r[0] for r in version] == [head]
    assert _counts(new) == before
    assert compute_capaian(new, SISTEM, 2025, "SD3").to_json() == figures
    # What the newest migration added works on the upgraded data.
    kunci = report_analysis.annual_analysis(new, SISTEM, 2025)[0].kunci
    assert report_analysis.save_analysis(new, SISTEM, 2025, kunci, "Ditulis sesudah upgrade.")
    assert report_analysis.annual_analysis(new, SISTEM, 2025)[0].teks == "Ditulis sesudah upgrade."
    new.engine.dispose()
