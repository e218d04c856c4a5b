"""``rekap``: a quarter's recap per unit (FORMATS.md), through the service and the command line."""

from __future__ import annotations

import io
import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select, update

from lakip.domain.workflow import StatusPengiriman
from lakip.services import setup
from lakip.services.access import SISTEM
from lakip.services.errors import InputTidakValid, LangkahTidakSah
from lakip.services.planning import import_plan
from lakip.services.recap import export_recap_xlsx, finish_recap, recap_quarter
from lakip.services.runtime import Runtime
from lakip.services.submissions import submit_quarter
from lakip.services.templates import template_for
from lakip.store.models import (
    LangkahSop,
    LogAudit,
    Pengiriman,
    PutaranPengumpulan,
    Unit,
    VersiPengiriman,
)
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


def test_the_consolidated_table_names_each_realizations_file_and_version(planned: Runtime) -> None:
    rt = planned
    _upload(rt, "BID-A", 2, {"IKU-01": 240})
    _uploaded_at(rt, "BID-A", 2, datetime(2025, 7, 3, 1, 0, tzinfo=UTC))
    _name, template = template_for(rt, SISTEM, "BID-A", 2025, 2)
    submit_quarter(
        rt, SISTEM, fill_template(template, {"IKU-01": 250, "IKU-02": 84}), "bid-a perbaikan.xlsx"
    )
    rekap = recap_quarter(rt, SISTEM, 2025, 2)
    bid_a = rekap.unit[0]
    assert (bid_a.kode, bid_a.versi, bid_a.terisi) == ("BID-A", 2, 2)
    assert bid_a.unggah_pertama == datetime(2025, 7, 3, 1, 0, tzinfo=UTC).replace(
        tzinfo=bid_a.unggah_pertama.tzinfo if bid_a.unggah_pertama else None
    )
    assert bid_a.unggah_terakhir is not None and bid_a.unggah_terakhir > bid_a.unggah_pertama
    rows = {(b.kode_unit, b.kode_indikator): b for b in rekap.realisasi}
    # Every indicator of the plan has a row: the four of BID-A and BID-B's one.
    assert sorted(rows) == [("BID-A", f"IKU-0{i}") for i in range(1, 5)] + [("BID-B", "IKU-05")]
    first = rows[("BID-A", "IKU-01")]
    assert (first.realisasi, first.versi, first.nama_berkas) == (250, 2, "bid-a perbaikan.xlsx")
    # IKU-03 was left empty in the counting version: no value, but the source is still named.
    assert rows[("BID-A", "IKU-03")].realisasi is None
    assert rows[("BID-A", "IKU-03")].versi in (2, None)
    # BID-B sent nothing: no value and no source.
    nothing = rows[("BID-B", "IKU-05")]
    assert (nothing.realisasi, nothing.nama_berkas, nothing.versi) == (None, None, None)
    assert rekap.jumlah() == {
        StatusPengiriman.BELUM: 1,
        StatusPengiriman.MASUK: 1,
        StatusPengiriman.TERLAMBAT: 0,
        StatusPengiriman.DIKEMBALIKAN: 0,
    }


def test_the_recap_exports_to_excel_with_both_tables(planned: Runtime) -> None:
    from openpyxl import load_workbook

    rt = planned
    _upload(rt, "BID-A", 2, {"IKU-01": 240})
    name, data = export_recap_xlsx(rt, SISTEM, 2025, 2)
    assert name == "Rekap_2025_TW2.xlsx"
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Rekap Unit", "Realisasi"]
    assert wb["Rekap Unit"]["A1"].value == "Rekap Triwulan II Tahun 2025"
    assert wb["Rekap Unit"]["A3"].value == "Status unit"
    # The table's header is on row 5 (below title, subtitle, section title and a gap).
    units = [r for r in wb["Rekap Unit"].iter_rows(min_row=6, values_only=True)]
    assert [r[:6] for r in units] == [
        ("BID-A", "Bidang Pelayanan A", "Masuk", 4, 1, 1),
        ("BID-B", "Bidang Pelayanan B", "Belum", 1, 0, 0),
    ]
    assert isinstance(units[0][6], datetime) and units[1][6] is None
    # A note on row 5, then the table with its header on row 7.
    assert wb["Realisasi"]["A5"].value.startswith("Dari versi terbaru laporan tiap unit")
    header = [c.value for c in wb["Realisasi"][7]]
    assert header[:6] == ["Unit", "Kode", "Indikator", "Satuan", "Target triwulan", "Realisasi"]
    real = {r[1]: r for r in wb["Realisasi"].iter_rows(min_row=8, values_only=True)}
    assert (
        real["IKU-01"][5] == 240 and real["IKU-01"][9] == "laporan.xlsx" and real["IKU-01"][10] == 1
    )
    assert real["IKU-05"][5] == "belum ada data" and real["IKU-05"][9] is None
    assert wb["Realisasi"].freeze_panes == "A8"
    assert wb["Realisasi"].auto_filter.ref == f"A7:L{7 + len(real)}"
    assert wb["Realisasi"].oddFooter.center.text == "Halaman &P dari &N"


def test_the_recap_ends_once_and_only_after_the_round_closed(planned: Runtime) -> None:
    rt = planned
    setup.ensure_defaults(rt)
    _upload(rt, "BID-A", 2, {"IKU-01": 240})
    with pytest.raises(LangkahTidakSah, match="pengumpulannya belum dibuka"):
        finish_recap(rt, SISTEM, 2025, 2)
    with rt.uow() as session:
        session.add(
            PutaranPengumpulan(
                tahun=2025, triwulan=2, batas_waktu=date(2025, 7, 10), status="dibuka"
            )
        )
        session.commit()
    with pytest.raises(LangkahTidakSah, match="pengumpulannya masih dibuka"):
        finish_recap(rt, SISTEM, 2025, 2)
    with rt.uow() as session:
        session.execute(update(PutaranPengumpulan).values(status="ditutup"))
        session.commit()
    done = finish_recap(rt, SISTEM, 2025, 2)
    assert done.rekap_selesai and done.langkah_rekap is not None
    # BID-A's report came today, long after the 10 July 2025 deadline: late.
    assert done.langkah_rekap.hasil == (
        "Rekap selesai: 1 belum, 0 masuk, 1 terlambat, 0 dikembalikan"
    )
    with rt.uow() as session:
        steps = session.execute(
            select(LangkahSop.nomor, LangkahSop.selesai_pada.is_not(None)).order_by(LangkahSop.id)
        ).all()
        refused = session.scalars(
            select(LogAudit.hasil).where(LogAudit.aksi == "rekap.selesai").order_by(LogAudit.id)
        ).all()
    assert [tuple(s) for s in steps] == [(2, True), (3, False)]
    with pytest.raises(LangkahTidakSah, match="sudah dinyatakan selesai"):
        finish_recap(rt, SISTEM, 2025, 2)
    assert refused == ["ditolak", "ditolak", "berhasil"]
