"""What the database cannot hold is refused up front with a clear message, on PostgreSQL too
(SQLite would silently accept over-long text), and the models match the migrations."""

from __future__ import annotations

import io

import openpyxl
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from lakip.services.access import SISTEM
from lakip.services.agency import DataInstansi, save_profile
from lakip.services.errors import InputTidakValid
from lakip.services.planning import import_plan
from lakip.services.runtime import Runtime
from lakip.services.submissions import submit_quarter
from lakip.services.templates import template_for
from lakip.store.models import Base
from tests.fixtures.plans import SHEETS, UNIT, small_plan, workbook
from tests.integration.helpers import snapshot


def test_models_and_migrations_agree(any_rt: Runtime) -> None:
    with any_rt.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata
        )
    assert diff == []


def test_over_long_plan_codes_and_names_are_refused(any_rt: Runtime) -> None:
    units = [list(r) for r in UNIT]
    units[2][0] = "B" * 51
    units[3][1] = "N" * 201
    before = snapshot(any_rt)
    with pytest.raises(InputTidakValid) as info:
        import_plan(any_rt, SISTEM, workbook({**SHEETS, "Unit": units}), "rencana.xlsx")
    lokasi = {m.lokasi: m.pesan for m in info.value.masalah}
    assert "terlalu panjang (51 karakter)" in lokasi["Unit!A4"]
    assert "paling banyak 200 karakter" in lokasi["Unit!B5"]
    assert snapshot(any_rt) == before


def test_over_long_author_in_a_quarterly_report_is_refused(any_rt: Runtime) -> None:
    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    _n, template = template_for(any_rt, SISTEM, "BID-A", 2025, 1)
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["Identitas"]
    row = next(r for r in range(1, 30) if ws.cell(r, 1).value == "Disusun Oleh")
    ws.cell(row, 2).value = "Nama " * 60
    out = io.BytesIO()
    wb.save(out)
    before = snapshot(any_rt)
    with pytest.raises(InputTidakValid, match="paling banyak 200 karakter"):
        submit_quarter(any_rt, SISTEM, out.getvalue(), "laporan.xlsx")
    assert snapshot(any_rt) == before


def test_over_long_agency_profile_is_refused(any_rt: Runtime) -> None:
    with pytest.raises(InputTidakValid, match="Singkatan maksimal 50 karakter"):
        save_profile(
            any_rt, SISTEM, DataInstansi(nama="Dinas", pemerintah_daerah="Kab", singkatan="S" * 51)
        )


@pytest.mark.parametrize("typed", ["1.000.000.000.000.000.000", "0,12345678901"])
def test_numbers_the_database_cannot_hold_exactly_are_refused(any_rt: Runtime, typed: str) -> None:
    from tests.integration.helpers import fill_template

    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    _n, template = template_for(any_rt, SISTEM, "BID-A", 2025, 1)
    before = snapshot(any_rt)
    with pytest.raises(InputTidakValid, match="di luar jangkauan") as info:
        submit_quarter(any_rt, SISTEM, fill_template(template, {"IKU-01": typed}), "laporan.xlsx")
    assert info.value.masalah[0].lokasi == "Realisasi Kinerja!E6"
    assert snapshot(any_rt) == before


def test_largest_allowed_number_round_trips_exactly(any_rt: Runtime) -> None:
    from lakip.services.achievement import compute_capaian
    from tests.integration.helpers import fill_template

    import_plan(any_rt, SISTEM, small_plan(), "rencana.xlsx")
    _n, template = template_for(any_rt, SISTEM, "BID-A", 2025, 1)
    submit_quarter(
        any_rt, SISTEM, fill_template(template, {"IKU-01": "999.999.999.999,1234567891"}), "a.xlsx"
    )
    ind = {i.kode: i for i in compute_capaian(any_rt, SISTEM, 2025, "TW1").indikator}
    assert str(ind["IKU-01"].realisasi) == "999999999999.1234567891"
