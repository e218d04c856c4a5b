"""Login, lockout, sessions and user administration against a real database."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from argon2 import PasswordHasher, Type
from sqlalchemy import func, select

from lakip.domain.lockout import replay_failures
from lakip.domain.roles import Peran
from lakip.services.access import SISTEM, Aktor
from lakip.services.account import change_own_password, own_profile
from lakip.services.errors import Ditolak, InputTidakValid, TidakDitemukan
from lakip.services.passwords import verify_password
from lakip.services.runtime import Runtime
from lakip.services.signin import (
    PESAN_LOGIN_GAGAL,
    LoginGagal,
    login,
    refresh_aktor,
    session_expired,
)
from lakip.services.users import (
    PenggunaView,
    activate_user,
    create_user,
    deactivate_user,
    ensure_no_default_passwords_in_production,
    list_users,
    reset_password,
    set_role,
    unlock_user,
)
from lakip.store.models import LogAudit, Pengguna, Unit

ADMIN_PW = "Kalimantan-Selatan-1"
USER_PW = "Sungai-Balangan-77"
T0 = datetime(2025, 3, 3, 2, 0, tzinfo=UTC)  # 10:00 WITA


# --- helpers ------------------------------------------------------------------------------


def add_unit(rt: Runtime, kode: str = "BID-SDA", nama: str = "Bidang Sumber Daya Air") -> int:
    with rt.uow() as session:
        unit = Unit(kode=kode, nama=nama, jenis="bidang")
        session.add(unit)
        session.flush()
        session.commit()
        return unit.id


def make_admin(rt: Runtime, username: str = "admin.utama") -> Aktor:
    view = create_user(
        rt, SISTEM, username=username, nama="Admin Utama", peran=Peran.ADMIN, password=ADMIN_PW
    )
    return aktor_of(view)


def make_user(
    rt: Runtime,
    username: str = "budi.santoso",
    peran: Peran = Peran.STAF_PENYUSUN,
    unit_kode: str | None = None,
) -> PenggunaView:
    return create_user(
        rt,
        SISTEM,
        username=username,
        nama="Budi Santoso",
        peran=peran,
        password=USER_PW,
        unit_kode=unit_kode,
    )


def aktor_of(view: PenggunaView) -> Aktor:
    return Aktor(view.id, view.username, view.nama, view.peran, view.unit_id)


def with_settings(rt: Runtime, **changes: Any) -> Runtime:
    return dataclasses.replace(rt, settings=dataclasses.replace(rt.settings, **changes))


def audit_rows(rt: Runtime, aksi: str | None = None) -> list[LogAudit]:
    with rt.uow() as session:
        stmt = select(LogAudit).order_by(LogAudit.id)
        if aksi is not None:
            stmt = stmt.where(LogAudit.aksi == aksi)
        return list(session.scalars(stmt))


def pengguna_snapshot(rt: Runtime) -> list[tuple[Any, ...]]:
    with rt.uow() as session:
        rows = session.execute(select(*Pengguna.__table__.c).order_by(Pengguna.id)).all()
        return [tuple(row) for row in rows]


def login_message(rt: Runtime, username: str, password: str, now: datetime) -> str:
    with pytest.raises(LoginGagal) as info:
        login(rt, username, password, now=now)
    return str(info.value)


def stored(rt: Runtime, user_id: int) -> Pengguna:
    with rt.uow() as session:
        user = session.get(Pengguna, user_id)
        assert user is not None
        return user


# --- login --------------------------------------------------------------------------------


def test_login_succeeds_case_insensitively_and_is_recorded(any_rt: Runtime) -> None:
    user = make_user(any_rt)
    aktor = login(any_rt, "  Budi.SANTOSO ", USER_PW, now=T0)
    assert aktor == Aktor(user.id, "budi.santoso", "Budi Santoso", Peran.STAF_PENYUSUN, None)
    assert stored(any_rt, user.id).login_terakhir == T0
    [row] = audit_rows(any_rt, "login")
    assert (row.hasil, row.pengguna_id, row.username, row.waktu) == (
        "berhasil",
        user.id,
        "budi.santoso",
        T0,
    )


def test_wrong_password_and_unknown_user_get_the_same_message(any_rt: Runtime) -> None:
    make_user(any_rt)
    wrong = login_message(any_rt, "budi.santoso", "Salah-Sekali-123", T0)
    unknown = login_message(any_rt, "tidak.ada", "Salah-Sekali-123", T0)
    assert wrong == unknown == "Nama pengguna atau kata sandi salah."


def test_empty_fields_are_refused_before_any_check(rt: Runtime) -> None:
    assert login_message(rt, "  ", "apa saja", T0) == "Nama pengguna dan kata sandi wajib diisi."
    assert login_message(rt, "budi", "", T0) == "Nama pengguna dan kata sandi wajib diisi."
    assert audit_rows(rt) == []


def test_account_locks_after_max_failures_and_opens_after_the_lockout(rt: Runtime) -> None:
    small = with_settings(rt, login_max_failures=3, login_lockout_minutes=15)
    user = make_user(small)
    minute = timedelta(minutes=1)
    assert login_message(small, "budi.santoso", "salah-1-xxxx", T0) == PESAN_LOGIN_GAGAL
    assert login_message(small, "budi.santoso", "salah-2-xxxx", T0 + minute) == PESAN_LOGIN_GAGAL
    locked = (
        "Akun terkunci sementara karena terlalu banyak percobaan gagal. "
        "Coba lagi setelah 10:17 WITA."
    )
    # The third failure (10:02 WITA) locks until 10:17 WITA.
    assert login_message(small, "budi.santoso", "salah-3-xxxx", T0 + 2 * minute) == locked
    assert stored(small, user.id).terkunci_sampai == T0 + 17 * minute

    # While locked the password is not checked: right and wrong get the same answer,
    # and these attempts do not extend the lock.
    assert login_message(small, "budi.santoso", USER_PW, T0 + 3 * minute) == locked
    assert login_message(small, "budi.santoso", "salah-4-xxxx", T0 + 16 * minute) == locked
    assert stored(small, user.id).terkunci_sampai == T0 + 17 * minute

    aktor = login(small, "budi.santoso", USER_PW, now=T0 + 17 * minute)
    assert aktor.id == user.id
    after = stored(small, user.id)
    assert (after.gagal_login, after.terkunci_sampai) == (0, None)


def test_lock_message_names_the_date_when_the_lock_ends_another_day(rt: Runtime) -> None:
    small = with_settings(rt, login_max_failures=1, login_lockout_minutes=60)
    make_user(small)
    late = datetime(2025, 3, 3, 15, 30, tzinfo=UTC)  # 23:30 WITA
    message = login_message(small, "budi.santoso", "salah-1-xxxx", late)
    assert message.endswith("Coba lagi setelah 4 Maret 2025 00:30 WITA.")


def test_unknown_name_locks_exactly_like_a_real_account(any_rt: Runtime) -> None:
    small = with_settings(any_rt, login_max_failures=3, login_lockout_minutes=15)
    make_user(small)
    times = [T0 + timedelta(minutes=m) for m in (0, 1, 2, 5, 16, 17, 18, 19, 20)]
    real = [login_message(small, "budi.santoso", "salah-xxxxxx", t) for t in times]
    ghost = [login_message(small, "hantu.saja", "salah-xxxxxx", t) for t in times]
    assert real == ghost
    assert real[0] == PESAN_LOGIN_GAGAL
    assert real[2].startswith("Akun terkunci sementara")
    assert real[3] == real[2]  # still locked at 10:05
    assert real[5] == PESAN_LOGIN_GAGAL  # the lock ended at 10:17


def test_a_success_resets_the_failure_count(rt: Runtime) -> None:
    small = with_settings(rt, login_max_failures=3)
    make_user(small)
    for minute in (0, 1):
        login_message(small, "budi.santoso", "salah-xxxxxx", T0 + timedelta(minutes=minute))
    login(small, "budi.santoso", USER_PW, now=T0 + timedelta(minutes=2))
    for minute in (3, 4):
        message = login_message(small, "budi.santoso", "salah-x", T0 + timedelta(minutes=minute))
        assert message == PESAN_LOGIN_GAGAL


def test_deactivated_user_gets_the_generic_message_even_with_the_right_password(
    any_rt: Runtime,
) -> None:
    admin = make_admin(any_rt)
    user = make_user(any_rt)
    deactivate_user(any_rt, admin, user.id)
    assert login_message(any_rt, "budi.santoso", USER_PW, T0) == PESAN_LOGIN_GAGAL
    row = audit_rows(any_rt, "login")[-1]
    assert (row.hasil, (row.detail or {})["alasan"]) == ("gagal", "akun_nonaktif")


def test_every_attempt_is_audited_and_no_audit_row_holds_a_password(any_rt: Runtime) -> None:
    small = with_settings(any_rt, login_max_failures=2)
    admin = make_admin(small)
    user = make_user(small)
    tried = ["Tebakan-Pertama-1", "Tebakan-Kedua-22", "Tebakan-Ketiga-333"]
    login(small, "budi.santoso", USER_PW, now=T0)
    for i, guess in enumerate(tried):
        login_message(small, "budi.santoso", guess, T0 + timedelta(minutes=i + 1))
    login_message(small, "orang.asing", "Tebakan-Asing-4444", T0)
    reset_password(small, admin, user.id, "Sandi-Baru-Reset-5")
    change_own_password(small, aktor_of(user), "Sandi-Baru-Reset-5", "Sandi-Milik-Sendiri-6")

    rows = audit_rows(small, "login")
    assert [(r.username, r.hasil) for r in rows] == [
        ("budi.santoso", "berhasil"),
        ("budi.santoso", "gagal"),
        ("budi.santoso", "gagal"),
        ("budi.santoso", "gagal"),
        ("orang.asing", "gagal"),
    ]
    assert [(r.detail or {})["alasan"] for r in rows[1:]] == [
        "kata_sandi_salah",
        "kata_sandi_salah",
        "terkunci",
        "pengguna_tidak_dikenal",
    ]
    secrets = [
        USER_PW,
        ADMIN_PW,
        *tried,
        "Tebakan-Asing-4444",
        "Sandi-Baru-Reset-5",
        "Sandi-Milik-Sendiri-6",
    ]
    with small.uow() as session:
        dumped = json.dumps(
            [tuple(r) for r in session.execute(select(*LogAudit.__table__.c)).all()],
            default=str,
        )
    for secret in secrets:
        assert secret not in dumped


def test_login_rehashes_a_hash_made_with_old_parameters(rt: Runtime) -> None:
    user = make_user(rt)
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1, type=Type.ID)
    with rt.uow() as session:
        row = session.get(Pengguna, user.id)
        assert row is not None
        row.password_hash = weak.hash(USER_PW)
        session.commit()
    login(rt, "budi.santoso", USER_PW, now=T0)
    new_hash = stored(rt, user.id).password_hash
    assert new_hash is not None and new_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert verify_password(new_hash, USER_PW)
    assert audit_rows(rt, "login")[-1].detail == {"hash_diperbarui": True}


def test_parallel_failures_are_all_counted(any_rt: Runtime) -> None:
    small = with_settings(any_rt, login_max_failures=4)
    user = make_user(small)
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def guess(i: int) -> None:
        barrier.wait()
        try:
            login(small, "budi.santoso", f"tebakan-{i}-xxxx", now=T0)
        except LoginGagal:
            pass
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert stored(small, user.id).terkunci_sampai is not None


# --- sessions -----------------------------------------------------------------------------


def test_session_expires_exactly_at_the_idle_limit() -> None:
    last = T0
    assert not session_expired(last, T0 + timedelta(minutes=29, seconds=59), 30)
    assert session_expired(last, T0 + timedelta(minutes=30), 30)
    assert session_expired(last, T0 + timedelta(hours=5), 30)


def test_session_idle_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="lebih dari 0 menit"):
        session_expired(T0, T0, 0)


def test_refresh_aktor_follows_role_changes_and_ends_a_deactivated_session(rt: Runtime) -> None:
    admin = make_admin(rt)
    add_unit(rt)
    user = make_user(rt)
    aktor = login(rt, "budi.santoso", USER_PW, now=T0)
    set_role(rt, admin, user.id, Peran.STAF_UNIT, "BID-SDA")
    refreshed = refresh_aktor(rt, aktor)
    assert refreshed is not None and refreshed.peran is Peran.STAF_UNIT
    deactivate_user(rt, admin, user.id)
    assert refresh_aktor(rt, aktor) is None
    assert refresh_aktor(rt, SISTEM) is SISTEM


def test_replay_failures_follows_the_account_rule() -> None:
    lockout = timedelta(minutes=15)
    attempts = [(T0, True), (T0 + timedelta(minutes=1), True), (T0 + timedelta(minutes=2), False)]
    assert replay_failures(attempts, 3, lockout) == (2, None)
    attempts.append((T0 + timedelta(minutes=3), True))
    assert replay_failures(attempts, 3, lockout) == (0, T0 + timedelta(minutes=18))


# --- administration -----------------------------------------------------------------------


def test_create_user_with_a_unit_and_list_users(any_rt: Runtime) -> None:
    admin = make_admin(any_rt)
    unit_id = add_unit(any_rt)
    view = create_user(
        any_rt,
        admin,
        username="Siti.Aminah",
        nama="  Siti   Aminah ",
        peran="staf unit",
        password="Padi-Menguning-88",
        unit_kode="bid-sda",
        nip="19800101 200501 2 001",
        jabatan="Pengelola Data",
        email="siti@balangankab.go.id",
    )
    assert (view.username, view.nama, view.peran, view.unit_id, view.unit_kode) == (
        "siti.aminah",
        "Siti Aminah",
        Peran.STAF_UNIT,
        unit_id,
        "BID-SDA",
    )
    assert view.nip == "198001012005012001"
    assert [u.username for u in list_users(any_rt, admin)] == ["admin.utama", "siti.aminah"]
    row = audit_rows(any_rt, "pengguna.buat")[-1]
    assert (row.pengguna_id, row.objek_id, (row.detail or {})["unit"]) == (
        admin.id,
        str(view.id),
        "BID-SDA",
    )


def test_create_user_lists_every_problem_in_indonesian(rt: Runtime) -> None:
    with pytest.raises(InputTidakValid) as info:
        create_user(
            rt,
            SISTEM,
            username="a b",
            nama="   ",
            peran="Bupati",
            password="12345",
            nip="123",
            email="bukan-email",
        )
    errors = info.value.errors
    assert errors[0].startswith("Nama pengguna hanya boleh berisi huruf kecil a–z")
    assert "Nama lengkap wajib diisi." in errors
    assert "NIP harus 18 digit angka; yang diisi '123'." in errors
    assert any(e.startswith("Alamat email 'bukan-email' tidak valid") for e in errors)
    assert any(e.startswith("Peran 'Bupati' tidak dikenal") for e in errors)
    assert "Kata sandi minimal 10 karakter; yang diisi baru 5 karakter." in errors
    assert "Kata sandi tidak boleh hanya berisi angka; tambahkan huruf atau simbol." in errors
    assert str(info.value) == "\n".join(errors)
    assert pengguna_snapshot(rt) == []


def test_create_user_refuses_taken_names_short_names_and_missing_units(rt: Runtime) -> None:
    make_user(rt)
    with pytest.raises(InputTidakValid) as info:
        create_user(
            rt, SISTEM, username="BUDI.santoso", nama="Budi", peran="Admin", password=USER_PW
        )
    assert info.value.errors == ["Nama pengguna 'budi.santoso' sudah dipakai; pilih nama lain."]

    with pytest.raises(InputTidakValid) as info:
        create_user(rt, SISTEM, username="ab", nama="A B", peran=Peran.STAF_UNIT, password=USER_PW)
    assert info.value.errors == [
        "Nama pengguna harus 3–40 karakter; yang diisi 2 karakter.",
        "Peran Staf Unit wajib memilih unit kerja.",
    ]

    with pytest.raises(InputTidakValid) as info:
        make_user(rt, "andi", Peran.STAF_UNIT, unit_kode="BID-TIDAK-ADA")
    assert info.value.errors == ["Unit dengan kode 'BID-TIDAK-ADA' tidak ditemukan."]


@pytest.mark.parametrize(
    "role", [p for p in Peran if p is not Peran.ADMIN], ids=lambda p: p.name.lower()
)
def test_non_admins_are_refused_every_admin_action_and_change_nothing(
    rt: Runtime, role: Peran
) -> None:
    admin = make_admin(rt)
    add_unit(rt)
    target = make_user(rt, "target.user")
    small = with_settings(rt, login_max_failures=1)
    login_message(small, "target.user", "salah-xxxxxx", T0)  # locked, so unlock has work to do
    outsider = make_user(rt, "orang.dalam", role, "BID-SDA" if role is Peran.STAF_UNIT else None)
    aktor = aktor_of(outsider)

    actions: dict[str, Callable[[], object]] = {
        "pengguna.daftar": lambda: list_users(rt, aktor),
        "pengguna.buat": lambda: create_user(
            rt, aktor, username="baru", nama="Baru", peran=Peran.ADMIN, password=USER_PW
        ),
        "pengguna.nonaktifkan": lambda: deactivate_user(rt, aktor, admin.id or 0),
        "pengguna.aktifkan": lambda: activate_user(rt, aktor, target.id),
        "pengguna.reset_sandi": lambda: reset_password(rt, aktor, target.id, "Sandi-Baru-Sekali-9"),
        "pengguna.ubah_peran": lambda: set_role(rt, aktor, outsider.id, Peran.ADMIN),
        "pengguna.buka_kunci": lambda: unlock_user(rt, aktor, target.id),
    }
    for aksi, action in actions.items():
        before_users = pengguna_snapshot(rt)
        before_audit = len(audit_rows(rt))
        with pytest.raises(Ditolak, match=r"^Akses ditolak: peran .* tidak berwenang mengelola"):
            action()
        after = audit_rows(rt)
        assert len(after) == before_audit + 1, aksi
        assert (after[-1].aksi, after[-1].hasil, after[-1].pengguna_id) == (
            aksi,
            "ditolak",
            outsider.id,
        )
        assert pengguna_snapshot(rt) == before_users, aksi


def test_command_line_actor_has_no_password_to_change(rt: Runtime) -> None:
    with pytest.raises(Ditolak, match="tidak memiliki kata sandi"):
        change_own_password(rt, SISTEM, "apa", "Sandi-Baru-Sekali-9")
    assert [r.hasil for r in audit_rows(rt)] == ["ditolak"]


def test_the_last_active_admin_cannot_be_deactivated_or_demoted(any_rt: Runtime) -> None:
    admin = make_admin(any_rt)
    last = (
        "Tidak dapat menonaktifkan admin.utama: ini satu-satunya Admin yang aktif. "
        "Tunjuk atau aktifkan Admin lain lebih dulu."
    )
    with pytest.raises(InputTidakValid) as info:
        deactivate_user(any_rt, SISTEM, admin.id or 0)
    assert info.value.errors == [last]
    with pytest.raises(InputTidakValid, match=r"Tidak dapat mengubah peran admin\.utama"):
        set_role(any_rt, SISTEM, admin.id or 0, Peran.KEPALA_DINAS)
    with pytest.raises(InputTidakValid, match="akun Anda sendiri"):
        deactivate_user(any_rt, admin, admin.id or 0)

    second = make_admin(any_rt, "admin.kedua")
    deactivate_user(any_rt, second, admin.id or 0)
    assert not stored(any_rt, admin.id or 0).aktif
    with pytest.raises(InputTidakValid, match="satu-satunya Admin"):
        deactivate_user(any_rt, SISTEM, second.id or 0)
    activate_user(any_rt, second, admin.id or 0)
    assert stored(any_rt, admin.id or 0).aktif


def test_two_admins_deactivating_each_other_at_once_leave_one_admin(any_rt: Runtime) -> None:
    first, second = make_admin(any_rt, "admin.satu"), make_admin(any_rt, "admin.dua")
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def act(who: Aktor, whom: Aktor) -> None:
        barrier.wait()
        try:
            deactivate_user(any_rt, who, whom.id or 0)
            outcomes.append("ok")
        except InputTidakValid:
            outcomes.append("ditolak")

    threads = [
        threading.Thread(target=act, args=(first, second)),
        threading.Thread(target=act, args=(second, first)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ditolak", "ok"]
    with any_rt.uow() as session:
        active = session.scalar(
            select(func.count()).where(Pengguna.peran == "Admin", Pengguna.aktif.is_(True))
        )
    assert active == 1


def test_set_role_validates_like_create_and_refuses_changing_ones_own_role(rt: Runtime) -> None:
    admin = make_admin(rt)
    add_unit(rt)
    user = make_user(rt)
    with pytest.raises(InputTidakValid) as info:
        set_role(rt, admin, user.id, Peran.STAF_UNIT)
    assert info.value.errors == ["Peran Staf Unit wajib memilih unit kerja."]
    with pytest.raises(InputTidakValid) as info:
        set_role(rt, admin, user.id, "Raja", "XYZ")
    assert info.value.errors[0].startswith("Peran 'Raja' tidak dikenal")
    assert info.value.errors[1] == "Unit dengan kode 'XYZ' tidak ditemukan."
    with pytest.raises(InputTidakValid, match="peran akun Anda sendiri"):
        set_role(rt, admin, admin.id or 0, Peran.KEPALA_DINAS)

    view = set_role(rt, admin, user.id, "Staf Unit", "BID-SDA")
    assert (view.peran, view.unit_kode) == (Peran.STAF_UNIT, "BID-SDA")
    row = audit_rows(rt, "pengguna.ubah_peran")[-1]
    assert (row.detail or {})["sebelumnya"] == {
        "peran": "Staf Penyusun Evaluasi Kinerja",
        "unit": None,
    }


def test_unknown_user_id_is_reported(rt: Runtime) -> None:
    admin = make_admin(rt)
    with pytest.raises(TidakDitemukan) as info:
        unlock_user(rt, admin, 999)
    assert str(info.value) == "Pengguna dengan id 999 tidak ditemukan."


def test_reset_password_forces_a_change_and_lifts_the_lock(rt: Runtime) -> None:
    small = with_settings(rt, login_max_failures=1)
    admin = make_admin(small)
    user = make_user(small)
    login_message(small, "budi.santoso", "salah-xxxxxx", T0)
    with pytest.raises(InputTidakValid) as info:
        reset_password(small, admin, user.id, "password123")
    assert info.value.errors == [
        "Kata sandi terlalu umum dan mudah ditebak; pilih kata sandi lain."
    ]

    view = reset_password(small, admin, user.id, "Sandi-Sementara-42")
    assert view.harus_ganti_password and view.terkunci_sampai is None
    aktor = login(small, "budi.santoso", "Sandi-Sementara-42", now=T0 + timedelta(minutes=1))
    assert own_profile(small, aktor).harus_ganti_password

    change_own_password(small, aktor, "Sandi-Sementara-42", "Sandi-Pilihan-Sendiri-7")
    assert not own_profile(small, aktor).harus_ganti_password
    login(small, "budi.santoso", "Sandi-Pilihan-Sendiri-7", now=T0 + timedelta(minutes=2))


def test_change_own_password_checks_the_current_one_and_the_policy(rt: Runtime) -> None:
    user = make_user(rt)
    aktor = aktor_of(user)
    with pytest.raises(InputTidakValid) as info:
        change_own_password(rt, aktor, "bukan-sandi-lama", "budi.santoso")
    assert info.value.errors == [
        "Kata sandi saat ini salah.",
        "Kata sandi tidak boleh sama dengan nama pengguna.",
    ]
    with pytest.raises(InputTidakValid) as info:
        change_own_password(rt, aktor, USER_PW, USER_PW)
    assert info.value.errors == ["Kata sandi baru harus berbeda dari kata sandi saat ini."]
    assert verify_password(stored(rt, user.id).password_hash or "", USER_PW)


def test_wrong_current_passwords_lock_the_account_too(rt: Runtime) -> None:
    small = with_settings(rt, login_max_failures=2)
    user = make_user(small)
    aktor = aktor_of(user)
    for _ in range(2):
        with pytest.raises(InputTidakValid):
            change_own_password(small, aktor, "tebak-tebak-xx", "Sandi-Baru-Sekali-9", now=T0)
    with pytest.raises(LoginGagal, match="Akun terkunci sementara"):
        change_own_password(small, aktor, USER_PW, "Sandi-Baru-Sekali-9", now=T0)


def test_unlock_user_lets_the_owner_in_before_the_lock_ends(rt: Runtime) -> None:
    small = with_settings(rt, login_max_failures=1)
    admin = make_admin(small)
    user = make_user(small)
    login_message(small, "budi.santoso", "salah-xxxxxx", T0)
    assert stored(small, user.id).terkunci_sampai is not None
    view = unlock_user(small, admin, user.id)
    assert view.terkunci_sampai is None and not view.terkunci(T0)
    assert login(small, "budi.santoso", USER_PW, now=T0).id == user.id


def test_an_account_made_by_an_admin_must_change_its_password(rt: Runtime) -> None:
    admin = make_admin(rt)
    assert not own_profile(rt, admin).harus_ganti_password  # made by the command line
    view = create_user(
        rt, admin, username="andi", nama="Andi", peran=Peran.SEKRETARIS, password=USER_PW
    )
    assert view.harus_ganti_password


def test_only_the_command_line_may_skip_the_policy_for_demo_accounts(rt: Runtime) -> None:
    admin = make_admin(rt)
    before = pengguna_snapshot(rt)
    with pytest.raises(Ditolak, match="hanya baris perintah"):
        create_user(
            rt,
            admin,
            username="kadis",
            nama="Kepala Dinas",
            peran=Peran.KEPALA_DINAS,
            password="demo-kadis",
            skip_password_policy=True,
        )
    assert pengguna_snapshot(rt) == before
    assert audit_rows(rt)[-1].hasil == "ditolak"
    view = create_user(
        rt,
        SISTEM,
        username="kadis",
        nama="Kepala Dinas",
        peran=Peran.KEPALA_DINAS,
        password="demo-kadis",
        skip_password_policy=True,
    )
    assert login(rt, "kadis", "demo-kadis", now=T0).id == view.id
    assert (audit_rows(rt, "pengguna.buat")[-1].detail or {})["kebijakan_sandi_dilewati"]


def test_demo_passwords_are_reported_in_production_only(rt: Runtime) -> None:
    make_admin(rt)
    make_user(rt)
    for username, peran in (("kadis", Peran.KEPALA_DINAS), ("lama", Peran.STAF_PENYUSUN)):
        create_user(
            rt,
            SISTEM,
            username=username,
            nama=username.title(),
            peran=peran,
            password=f"demo-{username}",
            skip_password_policy=True,
        )
    with rt.uow() as session:  # a deactivated account cannot log in: no warning for it
        lama = session.scalars(select(Pengguna).where(Pengguna.username == "lama")).one()
        lama.aktif = False
        session.commit()
    assert ensure_no_default_passwords_in_production(rt) == []
    production = with_settings(rt, production=True)
    assert ensure_no_default_passwords_in_production(production) == ["kadis"]


def test_lock_message_uses_the_agencys_time_zone(rt: Runtime) -> None:
    wib = with_settings(rt, login_max_failures=1, login_lockout_minutes=15, zona_waktu="WIB")
    make_user(wib)
    # 02:00 UTC is 09:00 WIB; locked for 15 minutes.
    assert login_message(wib, "budi.santoso", "salah-1-xxxx", T0).endswith(
        "Coba lagi setelah 09:15 WIB."
    )


def test_timezone_setting_is_checked() -> None:
    from lakip.config import load_settings

    assert load_settings({"LAKIP_TIMEZONE": "wit"}).zona_waktu == "WIT"
    with pytest.raises(ValueError, match="LAKIP_TIMEZONE"):
        load_settings({"LAKIP_TIMEZONE": "Asia/Jakarta"})


def _sso_user(rt: Runtime) -> PenggunaView:
    return create_user(
        rt,
        SISTEM,
        username="sari",
        nama="Sari",
        peran=Peran.KEPALA_DINAS,
        password=USER_PW,
        email="Sari@Balangan.go.id",
    )


def test_sso_login_maps_a_verified_email_to_its_local_account(any_rt: Runtime) -> None:
    from lakip.services.signin import login_sso

    user = _sso_user(any_rt)
    claims = {"email": " sari@balangan.GO.ID ", "email_verified": True}
    aktor = login_sso(any_rt, claims, now=T0)
    assert (aktor.id, aktor.peran) == (user.id, Peran.KEPALA_DINAS)
    (row,) = audit_rows(any_rt, "login")
    assert (row.hasil, row.username, row.detail) == ("berhasil", "sari", {"cara": "oidc"})


@pytest.mark.parametrize("case", ["unknown", "deactivated", "locked"])
def test_sso_login_refuses_and_audits(any_rt: Runtime, case: str) -> None:
    from lakip.services.signin import PESAN_SSO_TIDAK_TERHUBUNG, login_sso

    user = _sso_user(any_rt)
    email = "sari@balangan.go.id"
    if case == "unknown":
        email = "orang.lain@balangan.go.id"
    if case == "deactivated":
        admin = make_user(any_rt, "admin.satu", Peran.ADMIN)
        deactivate_user(any_rt, aktor_of(admin), user.id)
    if case == "locked":
        with any_rt.uow() as s:
            s.get(Pengguna, user.id).terkunci_sampai = T0 + timedelta(minutes=10)  # type: ignore[union-attr]
            s.commit()
    with pytest.raises(LoginGagal) as info:
        login_sso(any_rt, {"email": email, "email_verified": True}, now=T0)
    expected = "Akun terkunci sementara" if case == "locked" else PESAN_SSO_TIDAK_TERHUBUNG
    assert str(info.value).startswith(expected)
    assert [r.hasil for r in audit_rows(any_rt, "login")] == ["gagal"]


@pytest.mark.parametrize(
    "claims",
    [
        {"email": "sari@balangan.go.id"},
        {"email": "sari@balangan.go.id", "email_verified": False},
        {"email": "sari@balangan.go.id", "email_verified": None},
        {"email": "sari@balangan.go.id", "email_verified": "false"},
        {"email": "sari@balangan.go.id", "email_verified": 1},
        {"email_verified": True},
    ],
    ids=["no claim", "false", "null", "text false", "number", "no email"],
)
def test_sso_identity_without_a_verified_email_is_refused_and_audited(
    any_rt: Runtime, claims: dict[str, object]
) -> None:
    """The Admin's own address must not sign in on a token that merely carries it."""
    from lakip.services.signin import PESAN_SSO_BELUM_TERVERIFIKASI, login_sso

    _sso_user(any_rt)
    with pytest.raises(LoginGagal) as info:
        login_sso(any_rt, claims, now=T0)
    assert str(info.value) == PESAN_SSO_BELUM_TERVERIFIKASI
    (row,) = audit_rows(any_rt, "login")
    assert row.hasil == "gagal"
    assert row.detail == {"cara": "oidc", "email_terverifikasi": False}
    assert row.username == (str(claims.get("email")) if "email" in claims else "(tanpa email)")


def test_sso_accepts_the_text_true_some_providers_send(any_rt: Runtime) -> None:
    from lakip.services.signin import login_sso, verified_email

    user = _sso_user(any_rt)
    assert verified_email({"email": "A@B.go.id", "email_verified": "TRUE"}) == "a@b.go.id"
    claims = {"email": "sari@balangan.go.id", "email_verified": "true"}
    assert login_sso(any_rt, claims, now=T0).id == user.id
