"""Every role against every service action.

The expectations below are written out by hand from the issue and the SOP (not derived from
``lakip.domain.roles.MATRIX``), so a wrong matrix fails here. An allowed action succeeds; a
refused one raises ``Ditolak`` and leaves no trace in the record but one audit row saying so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from lakip.domain.roles import Peran
from lakip.services import achievement, agency, auditlog, planning, submissions, users
from lakip.services.access import SISTEM, Aktor
from lakip.services.errors import Ditolak
from lakip.services.runtime import Runtime
from lakip.services.setup import ensure_defaults
from lakip.store.models import VersiPengiriman
from tests.fixtures.plans import small_plan
from tests.integration.helpers import fill_template, snapshot

STAF, PENYUSUN, KASUBBAG, SEKRETARIS, IRBAN, KADIS, ADMIN = (
    Peran.STAF_UNIT,
    Peran.STAF_PENYUSUN,
    Peran.KASUBBAG_PROGRAM,
    Peran.SEKRETARIS,
    Peran.IRBAN_WIL,
    Peran.KEPALA_DINAS,
    Peran.ADMIN,
)
EVERYONE = frozenset(Peran)
READERS = EVERYONE  # Staf Unit reads its own unit only (checked separately below)
PROGRAM = frozenset({PENYUSUN, KASUBBAG})


@dataclass(frozen=True)
class World:
    rt: Runtime
    filled: bytes  # a valid filled quarterly workbook of unit BID-A
    versi_id: int
    user_id: int  # an ordinary user the admin actions act on


Action = Callable[[World, Aktor], Any]

ACTIONS: dict[str, tuple[Action, frozenset[Peran]]] = {
    "impor dokumen perencanaan": (
        lambda w, a: planning.import_plan(w.rt, a, small_plan(), "rencana.xlsx"),
        PROGRAM | {ADMIN},
    ),
    "unduh template unit sendiri": (
        lambda w, a: submissions.template_for(w.rt, a, "BID-A", 2025, 1),
        PROGRAM | {STAF},
    ),
    "unggah laporan triwulan unit sendiri": (
        lambda w, a: submissions.submit_quarter(w.rt, a, w.filled, "laporan.xlsx"),
        PROGRAM | {STAF},
    ),
    "lihat capaian": (lambda w, a: achievement.compute_capaian(w.rt, a, 2025, "S1"), READERS),
    "ekspor capaian ke Excel": (
        lambda w, a: achievement.export_capaian_xlsx(w.rt, a, 2025, "TW1"),
        READERS,
    ),
    "riwayat versi unit sendiri": (
        lambda w, a: submissions.list_versions(w.rt, a, "BID-A", 2025, 1),
        READERS,
    ),
    "unduh berkas versi": (lambda w, a: submissions.version_file(w.rt, a, w.versi_id), READERS),
    "simpan profil instansi": (
        lambda w, a: agency.simpan_profil(
            w.rt, a, agency.DataInstansi(nama="Dinas Uji", pemerintah_daerah="Kabupaten Uji")
        ),
        frozenset({ADMIN}),
    ),
    "simpan logo instansi": (
        lambda w, a: agency.simpan_logo(w.rt, a, b"\x89PNG\r\n\x1a\n" + bytes(16)),
        frozenset({ADMIN}),
    ),
    "ubah standar waktu SOP": (
        lambda w, a: agency.ubah_waktu_standar(w.rt, a, {1: 20}),
        frozenset({ADMIN}),
    ),
    "daftar pengguna": (lambda w, a: users.list_users(w.rt, a), frozenset({ADMIN})),
    "buat pengguna": (
        lambda w, a: users.create_user(
            w.rt,
            a,
            username=f"baru.{a.username}",
            nama="Pengguna Baru",
            peran=Peran.KEPALA_DINAS,
            password="Sandi-Yang-Panjang-7",
        ),
        frozenset({ADMIN}),
    ),
    "reset kata sandi": (
        lambda w, a: users.reset_password(w.rt, a, w.user_id, "Sandi-Baru-Panjang-9"),
        frozenset({ADMIN}),
    ),
    "nonaktifkan pengguna": (
        lambda w, a: users.deactivate_user(w.rt, a, w.user_id),
        frozenset({ADMIN}),
    ),
    "lihat log audit": (lambda w, a: auditlog.list_audit(w.rt, a), frozenset({ADMIN, IRBAN})),
}

USERNAMES = {
    STAF: "staf.a",
    PENYUSUN: "penyusun",
    KASUBBAG: "kasubbag",
    SEKRETARIS: "sekretaris",
    IRBAN: "irban",
    KADIS: "kadis",
    ADMIN: "admin",
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    from tests.conftest import make_runtime

    rt = make_runtime(Path(tmp_path_factory.mktemp("perms")) / "data")
    planning.import_plan(rt, SISTEM, small_plan(), "rencana.xlsx")
    ensure_defaults(rt)
    agency.simpan_profil(
        rt, SISTEM, agency.DataInstansi(nama="Dinas", pemerintah_daerah="Kabupaten")
    )
    for peran, username in USERNAMES.items():
        users.create_user(
            rt,
            SISTEM,
            username=username,
            nama=f"Pengguna {peran.value}",
            peran=peran,
            password="Sandi-Uji-Panjang-1",
            unit_kode="BID-A" if peran is STAF else None,
        )
    users.create_user(
        rt,
        SISTEM,
        username="staf.b",
        nama="Staf B",
        peran=STAF,
        password="Sandi-Uji-Panjang-2",
        unit_kode="BID-B",
    )
    target = users.create_user(
        rt,
        SISTEM,
        username="sasaran.admin",
        nama="Akun Uji",
        peran=KADIS,
        password="Sandi-Uji-Panjang-3",
    )
    _name, template = submissions.template_for(rt, SISTEM, "BID-A", 2025, 1)
    filled = fill_template(template, {"IKU-01": 200, "IKU-02": 80})
    submissions.submit_quarter(rt, SISTEM, filled, "awal.xlsx")
    with rt.uow() as s:
        versi_id = s.scalar(select(VersiPengiriman.id))
    assert versi_id is not None
    return World(rt, filled, versi_id, target.id)


def aktor_for(world: World, peran: Peran) -> Aktor:
    return users.login(world.rt, USERNAMES[peran], "Sandi-Uji-Panjang-1")


def _diff(
    before: dict[str, list[tuple[object, ...]]], after: dict[str, list[tuple[object, ...]]]
) -> dict[str, list[Any]]:
    changed = {}
    for table in before:
        added = [r for r in after[table] if r not in before[table]]
        removed = [r for r in before[table] if r not in after[table]]
        if added or removed:
            changed[table] = added + removed
    return changed


CASES = [(name, peran) for name in ACTIONS for peran in Peran]


@pytest.mark.parametrize(("name", "peran"), CASES, ids=[f"{n}-{p.name}" for n, p in CASES])
def test_role_against_action(world: World, name: str, peran: Peran) -> None:
    action, allowed_roles = ACTIONS[name]
    aktor = aktor_for(world, peran)
    if peran in allowed_roles:
        action(world, aktor)
        return
    before = snapshot(world.rt)
    with pytest.raises(Ditolak, match="Akses ditolak"):
        action(world, aktor)
    changes = _diff(before, snapshot(world.rt))
    assert set(changes) == {"log_audit"}, changes
    (row,) = changes["log_audit"]
    assert aktor.username in row and "ditolak" in row


@pytest.mark.parametrize(
    "action",
    [
        lambda w, a: submissions.template_for(w.rt, a, "BID-A", 2025, 1),
        lambda w, a: submissions.list_versions(w.rt, a, "BID-A", 2025, 1),
        lambda w, a: submissions.version_file(w.rt, a, w.versi_id),
        lambda w, a: submissions.submit_quarter(w.rt, a, w.filled, "laporan.xlsx"),
    ],
    ids=["template", "riwayat", "unduh-versi", "unggah"],
)
def test_staf_unit_is_refused_another_units_data(world: World, action: Action) -> None:
    aktor = users.login(world.rt, "staf.b", "Sandi-Uji-Panjang-2")
    before = snapshot(world.rt)
    with pytest.raises(Ditolak, match="unit Anda sendiri"):
        action(world, aktor)
    assert set(_diff(before, snapshot(world.rt))) == {"log_audit"}


def test_staf_unit_sees_only_its_own_indicators(world: World) -> None:
    aktor = aktor_for(world, STAF)
    result = achievement.compute_capaian(world.rt, aktor, 2025, "TW1")
    assert {i.kode_unit for i in result.indikator} == {"BID-A"}
    everyone = achievement.compute_capaian(world.rt, aktor_for(world, KADIS), 2025, "TW1")
    assert {i.kode_unit for i in everyone.indikator} == {"BID-A", "BID-B"}
