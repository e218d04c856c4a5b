"""The Admin's agency profile, logo and SOP time standards."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lakip.domain.roles import Peran
from lakip.services.access import SISTEM, Aktor
from lakip.services.agency import (
    DataInstansi,
    list_sop_standards,
    read_logo,
    read_profile,
    save_logo,
    save_profile,
    set_sop_standard_times,
)
from lakip.services.errors import Ditolak, InputTidakValid
from lakip.services.runtime import Runtime
from lakip.services.setup import ensure_defaults
from lakip.store.models import LogAudit
from tests.fixtures.images import tiny_image
from tests.integration.helpers import snapshot

PNG = tiny_image("PNG")
ADMIN = Aktor(None, "admin", "Admin", Peran.ADMIN)
PROFIL = DataInstansi(
    nama="Dinas Kependudukan dan Pencatatan Sipil",
    pemerintah_daerah="Kabupaten Balangan",
    kepala_nama="H. Ahmad",
    kepala_nip="19700101 199003 1 001",
    tahun_aktif=2025,
)


def test_profile_is_saved_read_back_and_audited(any_rt: Runtime) -> None:
    assert read_profile(any_rt, ADMIN) is None
    save_profile(any_rt, ADMIN, PROFIL)
    got = read_profile(any_rt, ADMIN)
    assert got is not None and got.nama == PROFIL.nama and got.tahun_aktif == 2025
    with any_rt.uow() as s:
        assert s.scalar(select(LogAudit.aksi).where(LogAudit.aksi == "instansi.simpan")) is not None


def test_profile_problems_are_all_listed_and_nothing_saved(any_rt: Runtime) -> None:
    with pytest.raises(InputTidakValid) as info:
        save_profile(
            any_rt,
            ADMIN,
            DataInstansi(nama=" ", pemerintah_daerah="", kepala_nip="123", tahun_aktif=1990),
        )
    assert len(info.value.errors) == 4
    assert read_profile(any_rt, ADMIN) is None


def test_logo_is_judged_by_content_not_name(any_rt: Runtime) -> None:
    save_profile(any_rt, ADMIN, PROFIL)
    before = snapshot(any_rt)
    with pytest.raises(InputTidakValid, match="bukan gambar"):
        save_logo(any_rt, ADMIN, b"<svg onload=alert(1)>")
    # Bytes that only start like a PNG, or a truncated one, are not an image.
    with pytest.raises(InputTidakValid, match="bukan gambar atau rusak"):
        save_logo(any_rt, ADMIN, b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    with pytest.raises(InputTidakValid, match="bukan gambar atau rusak"):
        save_logo(any_rt, ADMIN, PNG[: len(PNG) // 2])
    with pytest.raises(InputTidakValid, match="melebihi batas 1 MB"):
        save_logo(any_rt, ADMIN, PNG + b"\0" * (1024 * 1024))
    assert snapshot(any_rt) == before
    sha = save_logo(any_rt, ADMIN, PNG)
    assert read_logo(any_rt) == PNG and any_rt.files.path_for(sha).name == sha
    jpeg = tiny_image("JPEG")
    assert read_logo(any_rt) != jpeg and save_logo(any_rt, ADMIN, jpeg) != sha


def test_sop_time_standards_are_data_an_admin_changes(any_rt: Runtime) -> None:
    ensure_defaults(any_rt)
    steps = {s.nomor: s for s in list_sop_standards(any_rt, SISTEM)}
    assert len(steps) == 9 and steps[1].waktu_menit == 15 and steps[6].waktu_menit == 2 * 24 * 60
    assert set_sop_standard_times(any_rt, ADMIN, {3: 120, 1: 15}) == 1  # step 1 unchanged
    assert {s.nomor: s.waktu_menit for s in list_sop_standards(any_rt, SISTEM)}[3] == 120
    before = snapshot(any_rt)
    with pytest.raises(InputTidakValid) as info:
        set_sop_standard_times(any_rt, ADMIN, {2: 0, 12: 10, 4: 60})
    assert len(info.value.errors) == 2
    assert snapshot(any_rt) == before


@pytest.mark.parametrize("peran", [p for p in Peran if p is not Peran.ADMIN])
def test_only_the_admin_manages_the_agency(rt: Runtime, peran: Peran) -> None:
    ensure_defaults(rt)
    aktor = Aktor(None, "bukan.admin", "Bukan Admin", peran)
    for action in (
        lambda: save_profile(rt, aktor, PROFIL),
        lambda: save_logo(rt, aktor, PNG),
        lambda: set_sop_standard_times(rt, aktor, {1: 30}),
        lambda: read_profile(rt, aktor),
    ):
        with pytest.raises(Ditolak):
            action()
