"""``rekap``: a quarter's recap per unit (FORMATS.md), through the service and the command line."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from lakip.services.access import SISTEM
from lakip.services.errors import InputTidakValid
from lakip.services.planning import import_plan
from lakip.services.recap import recap_quarter
from lakip.services.runtime import Runtime
from lakip.services.submissions import submit_quarter
from lakip.services.templates import template_for
from lakip.store.models import Pengiriman, PutaranPengumpulan, Unit, VersiPengiriman
from tests.fixtures.plans import small_plan
from tests.integration.helpers import fill_template
from tests.integration.test_cli import lakip


def _upload(rt: Runtime, unit: str, tw: int, values: dict[str, object]) -> None:
    _name, template = template_for(rt, SISTEM, unit, 2025, tw)
    submit_quarter(rt, SISTEM, fill_template(template, values), "laporan.xlsx")


def _uploaded_at(rt: Runtime, unit: str, tw: int, moment: datetime) -> None:
    """Move a unit's versions of a quarter to ``moment`` (as if sent then)."""
    with rt.uow() as session:
        unit_id = session.scalar(select(Unit.id).where(Unit.kode == unit))
        ids = select(Pengiriman.id).where(Pengiriman.unit_id == unit_id, Pengiriman.triwulan == tw)
        session.execute(
            update(VersiPengiriman)
            .where(VersiPengiriman.pengiriman_id.in_(ids))
            .values(diunggah_pada=moment)
        )
        session.commit()


@pytest.fixture
def planned(any_rt: Runtime) -> Runtime:
    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    return any_rt


def test_units_owing_what_they_filled_their_versions_and_lateness(planned: Runtime) -> None:
    rt = planned
    # BID-A owes IKU-01..04: two versions, the newest with three of the four filled.
    _upload(rt, "BID-A", 2, {"IKU-01": 240})
    _upload(rt, "BID-A", 2, {"IKU-01": 250, "IKU-02": 84, "IKU-04": 0})
    # BID-B owes IKU-05: one version, its value filled.
    _upload(rt, "BID-B", 2, {"IKU-05": 0})
    # No round yet: every report that came is "masuk".
    first = recap_quarter(rt, SISTEM, 2025, 2)
    assert [(u.kode, u.wajib, u.terisi, u.versi, u.status.value) for u in first.unit] == [
        ("BID-A", 4, 3, 2, "masuk"),
        ("BID-B", 1, 1, 1, "masuk"),
    ]
    # The round's deadline is 10 July (WITA): BID-A came on 9 July, BID-B on 11 July.
    with rt.uow() as session:
        session.add(PutaranPengumpulan(tahun=2025, triwulan=2, batas_waktu=date(2025, 7, 10)))
        session.commit()
    _uploaded_at(rt, "BID-A", 2, datetime(2025, 7, 10, 15, 59, tzinfo=UTC))  # 23:59 WITA
    _uploaded_at(rt, "BID-B", 2, datetime(2025, 7, 10, 16, 0, tzinfo=UTC))  # 00:00 WITA
    late = recap_quarter(rt, SISTEM, 2025, 2)
    assert [(u.kode, u.status.value) for u in late.unit] == [
        ("BID-A", "masuk"),
        ("BID-B", "terlambat"),
    ]
    # A quarter nobody sent: every unit "belum", nothing filled.
    empty = recap_quarter(rt, SISTEM, 2025, 3).to_json()
    assert empty == {
        "tahun": 2025,
        "triwulan": 3,
        "unit": [
            {"kode": "BID-A", "wajib": 4, "terisi": 0, "versi": 0, "status": "belum"},
            {"kode": "BID-B", "wajib": 1, "terisi": 0, "versi": 0, "status": "belum"},
        ],
    }


def test_bad_arguments_are_refused(planned: Runtime) -> None:
    with pytest.raises(InputTidakValid, match="Triwulan harus 1–4"):
        recap_quarter(planned, SISTEM, 2025, 5)
    with pytest.raises(InputTidakValid, match="Tahun harus antara"):
        recap_quarter(planned, SISTEM, 1999, 1)


def test_rekap_json_on_the_command_line(tmp_path: object) -> None:
    from pathlib import Path

    data_dir = Path(str(tmp_path)) / "data"
    plan = Path(str(tmp_path)) / "rencana.xlsx"
    plan.write_bytes(small_plan())
    assert lakip(data_dir, "import-plan", str(plan)).returncode == 0
    proc = lakip(data_dir, "rekap", "--tahun", "2025", "--triwulan", "1", "--json")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "tahun": 2025,
        "triwulan": 1,
        "unit": [
            {"kode": "BID-A", "wajib": 4, "terisi": 0, "versi": 0, "status": "belum"},
            {"kode": "BID-B", "wajib": 1, "terisi": 0, "versi": 0, "status": "belum"},
        ],
    }
    bad = lakip(data_dir, "rekap", "--tahun", "2025", "--triwulan", "7", "--json")
    assert bad.returncode == 2 and "Triwulan" in bad.stderr
    assert bad.stdout == ""
