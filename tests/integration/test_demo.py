"""The demo agency loads through the users' import path, once, with what the issue names."""

from __future__ import annotations

from datetime import timedelta

from lakip.services.access import SISTEM
from lakip.services.achievement import compute_capaian
from lakip.services.demo import seed_demo
from lakip.services.overview import summarize_overview
from lakip.services.runtime import Runtime
from lakip.services.signin import login
from lakip.services.users import list_users


def test_seed_demo_loads_the_agency_through_the_workbooks_and_is_repeatable(rt: Runtime) -> None:
    seed_demo(rt)
    info = summarize_overview(rt, SISTEM)
    assert info.profil is not None
    assert info.profil.nama == "Dinas Kependudukan dan Pencatatan Sipil"
    assert info.profil.pemerintah_daerah == "Kabupaten Balangan"
    assert info.tahun_rencana == [2024, 2025, 2026]
    assert (info.jumlah_unit, info.jumlah_sasaran, info.jumlah_indikator) == (10, 4, 14)
    assert info.jumlah_versi == 56  # every unit's quarters of 2024 and 2025 TW I–III
    newest = info.putaran[0]
    assert (newest.tahun, newest.triwulan, newest.status) == (2025, 3, "dibuka")
    # The demo's current round stays open two weeks from the day the demo is loaded.
    today = rt.clock().astimezone(rt.settings.timezone).date()
    assert newest.batas_waktu == today + timedelta(days=14) and newest.unit_melapor == 8

    # The workbooks users would take are on disk and were the path the data came in by.
    demo = rt.settings.data_dir / "demo"
    assert (demo / "Dokumen_Perencanaan_Demo.xlsx").is_file()
    assert len(list(demo.glob("Laporan_Kinerja_*.xlsx"))) == 56

    # One account per role, each able to log in with its documented demo password.
    roles = {u.peran.value for u in list_users(rt, SISTEM)}
    assert roles == {
        "Admin",
        "Kepala Dinas",
        "Sekretaris",
        "Kasubbag Program",
        "Staf Penyusun Evaluasi Kinerja",
        "Irban Wil",
        "Staf Unit",
    }
    assert login(rt, "staf.dafduk", "demo-staf.dafduk").unit_id is not None

    # 2024 is complete; 2025 TW III has the one deliberately missing realization.
    year = compute_capaian(rt, SISTEM, 2024, "TAHUN")
    assert all(i.capaian is not None for i in year.indikator)
    tw3 = {i.kode: i for i in compute_capaian(rt, SISTEM, 2025, "TW3").indikator}
    assert tw3["IKU-06"].realisasi is None and tw3["IKU-06"].predikat is None

    seed_demo(rt)  # again: nothing twice
    again = summarize_overview(rt, SISTEM)
    assert (again.jumlah_versi, again.jumlah_pengguna, len(again.putaran)) == (56, 10, 7)
