"""Olah Data (SOP step 3) through the service: the quarter's and the year-to-date
achievements, every data-quality check on real uploads, kendala/upaya per indicator, and
the step's end after the recap's."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select, update

from lakip.services import setup
from lakip.services.access import SISTEM
from lakip.services.errors import LangkahTidakSah
from lakip.services.planning import import_plan
from lakip.services.processing import finish_processing, process_quarter
from lakip.services.recap import finish_recap
from lakip.services.runtime import Runtime
from lakip.services.submissions import submit_quarter
from lakip.services.templates import template_for
from lakip.store.models import Indikator, LangkahSop, PutaranPengumpulan, RencanaAksi
from tests.fixtures.plans import plan_for_year, small_plan
from tests.integration.helpers import fill_template


def _upload(
    rt: Runtime,
    unit: str,
    tahun: int,
    tw: int,
    values: dict[str, object],
    texts: dict[str, dict[str, str]] | None = None,
) -> None:
    name, template = template_for(rt, SISTEM, unit, tahun, tw)
    submit_quarter(rt, SISTEM, fill_template(template, values, texts=texts), name)


@pytest.fixture
def quarter(any_rt: Runtime) -> Runtime:
    """2025 up to Triwulan III, with one finding of each kind (see the test), and 2024's
    Triwulan III for the year-on-year comparison."""
    rt = any_rt
    setup.ensure_defaults(rt)
    import_plan(rt, SISTEM, plan_for_year(2024), "rencana-2024.xlsx")
    import_plan(rt, SISTEM, small_plan(), "rencana-2025.xlsx")
    _upload(rt, "BID-A", 2024, 3, {"IKU-03": 2})
    _upload(rt, "BID-A", 2025, 1, {"IKU-01": 200, "IKU-04": 10})
    _upload(rt, "BID-A", 2025, 2, {"IKU-02": 84, "IKU-03": 3, "IKU-04": 10})
    _upload(
        rt,
        "BID-A",
        2025,
        3,
        {"IKU-01": 260, "IKU-02": 40, "IKU-03": 4},
        texts={"IKU-02": {"Kendala": "Server SIAK gangguan", "Upaya": "Koordinasi ke pusat"}},
    )
    with rt.uow() as session:  # IKU-04's quarterly targets now add up to 35, not 40
        ind = session.scalar(select(Indikator.id).where(Indikator.kode == "IKU-04"))
        session.execute(
            update(RencanaAksi)
            .where(RencanaAksi.indikator_id == ind, RencanaAksi.tahun == 2025)
            .values(tw4=Decimal(5))
        )
        session.commit()
    return rt


def test_every_check_finds_what_the_uploads_hold(quarter: Runtime) -> None:
    data = process_quarter(quarter, SISTEM, 2025, 3)
    found = [(m.kode_indikator, m.kode) for m in data.masalah]
    assert found == [
        # Q2 missing: the year to date of a kumulatif indicator is incomplete.
        ("IKU-01", "KUMULATIF_BELUM_LENGKAP"),
        # 84 → 40 is 52,38 % off (a kendala is written, so the drop is explained).
        ("IKU-02", "SIMPANGAN_TRIWULAN_SEBELUMNYA"),
        # 4 days against 2 a year earlier; achievement fell from 100 % to 66,67 %, no kendala.
        ("IKU-03", "SIMPANGAN_TAHUN_LALU"),
        ("IKU-03", "MEMBURUK_TANPA_KENDALA"),
        # Not reported this quarter; 10 + 10 + 10 + 5 ≠ 40.
        ("IKU-04", "REALISASI_BELUM_ADA"),
        ("IKU-04", "KUMULATIF_BELUM_LENGKAP"),
        ("IKU-04", "TARGET_TRIWULAN_TIDAK_SESUAI"),
        # BID-B sent nothing.
        ("IKU-05", "REALISASI_BELUM_ADA"),
    ]
    pesan = {(m.kode_indikator, m.kode): m.pesan for m in data.masalah}
    assert "2 dari 3 triwulan" in pesan[("IKU-01", "KUMULATIF_BELUM_LENGKAP")]
    assert "52,38 %" in pesan[("IKU-02", "SIMPANGAN_TRIWULAN_SEBELUMNYA")]
    assert "100,00 %" in pesan[("IKU-03", "SIMPANGAN_TAHUN_LALU")]
    assert "66,67 %" in pesan[("IKU-03", "MEMBURUK_TANPA_KENDALA")]
    assert "35" in pesan[("IKU-04", "TARGET_TRIWULAN_TIDAK_SESUAI")]

    by_code = {i.kode: i for i in data.triwulan_ini.indikator}
    assert by_code["IKU-02"].capaian is not None
    assert round(by_code["IKU-02"].capaian, 2) == Decimal("44.44")  # 40 of 90
    assert by_code["IKU-04"].realisasi is None
    ytd = {i.kode: i for i in data.sampai_triwulan.indikator}
    # Kumulatif with a missing quarter: no realization and no achievement for the period.
    assert (ytd["IKU-01"].realisasi, ytd["IKU-01"].capaian) == (None, None)
    assert (ytd["IKU-01"].triwulan_berdata, ytd["IKU-01"].jumlah_triwulan) == (2, 3)
    # Terakhir: the period's value is its latest quarter with data.
    assert ytd["IKU-02"].realisasi == 40
    assert [(c.kode, c.kendala, c.upaya) for c in data.catatan] == [
        ("IKU-02", ("Server SIAK gangguan",), ("Koordinasi ke pusat",))
    ]


def test_processing_ends_after_the_recap_and_only_once(quarter: Runtime) -> None:
    rt = quarter
    with rt.uow() as session:
        session.add(
            PutaranPengumpulan(
                tahun=2025, triwulan=3, batas_waktu=rt.clock().date(), status="ditutup"
            )
        )
        session.commit()
    with pytest.raises(LangkahTidakSah, match="rekapnya belum dinyatakan selesai"):
        finish_processing(rt, SISTEM, 2025, 3)
    finish_recap(rt, SISTEM, 2025, 3)
    done = finish_processing(rt, SISTEM, 2025, 3)
    assert done.olah_selesai and done.langkah_olah is not None
    assert done.langkah_olah.hasil == "Olah data selesai: 5 indikator, 8 catatan kualitas data"
    with pytest.raises(LangkahTidakSah, match="sudah dinyatakan selesai"):
        finish_processing(rt, SISTEM, 2025, 3)
    with rt.uow() as session:
        steps = session.execute(
            select(LangkahSop.nomor, LangkahSop.hasil).order_by(LangkahSop.id)
        ).all()
    assert [n for n, _h in steps] == [2, 3]
    assert all(h is not None for _n, h in steps)
