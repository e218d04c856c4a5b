"""Account administration: listing, creating, (de)activating, resetting, roles and locks.

Sign-in and lockout are in :mod:`lakip.services.signin`, one's own account in
:mod:`lakip.services.account`. Admin changes that must keep one active Admin lock the Admins'
rows (the whole database on SQLite) until they commit, so two such changes cannot both remove
the last one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from lakip.domain.accounts import (
    clean_optional,
    normalize_username,
    profile_problems,
    username_problems,
)
from lakip.domain.roles import Izin, Peran, parse_peran
from lakip.services._accounts import begin_write, get_user
from lakip.services.access import Aktor, audit, refuse, require
from lakip.services.errors import InputTidakValid
from lakip.services.passwords import check_password_policy, hash_password, verify_password
from lakip.services.runtime import Runtime
from lakip.store.models import Pengguna, Unit

__all__ = [
    "PenggunaView",
    "activate_user",
    "create_user",
    "deactivate_user",
    "ensure_no_default_passwords_in_production",
    "list_users",
    "reset_password",
    "set_role",
    "unlock_user",
]


@dataclass(frozen=True)
class PenggunaView:
    """A user account as pages show it (never the password hash)."""

    id: int
    username: str
    nama: str
    nip: str | None
    jabatan: str | None
    email: str | None
    peran: Peran
    unit_id: int | None
    unit_kode: str | None
    unit_nama: str | None
    aktif: bool
    terkunci_sampai: datetime | None
    login_terakhir: datetime | None
    harus_ganti_password: bool

    def terkunci(self, now: datetime | None = None) -> bool:
        """True while the account is locked after failed logins."""
        moment = now or datetime.now(UTC)
        return self.terkunci_sampai is not None and moment < self.terkunci_sampai

    @classmethod
    def from_pengguna(cls, user: Pengguna) -> PenggunaView:
        """The view of a stored user."""
        unit = user.unit
        return cls(
            id=user.id,
            username=user.username,
            nama=user.nama,
            nip=user.nip,
            jabatan=user.jabatan,
            email=user.email,
            peran=Peran(user.peran),
            unit_id=user.unit_id,
            unit_kode=unit.kode if unit else None,
            unit_nama=unit.nama if unit else None,
            aktif=bool(user.aktif),
            terkunci_sampai=user.terkunci_sampai,
            login_terakhir=user.login_terakhir,
            harus_ganti_password=bool(user.harus_ganti_password),
        )


# --- small helpers -----------------------------------------------------------------------


def _active_admin_ids(session: Session) -> list[int]:
    """Ids of the active Admins, locked until commit so two changes cannot both remove one."""
    stmt = (
        select(Pengguna.id)
        .where(Pengguna.peran == Peran.ADMIN.value, Pengguna.aktif.is_(True))
        .order_by(Pengguna.id)
        .with_for_update()
    )
    return list(session.scalars(stmt))


def _is_last_active_admin(session: Session, user: Pengguna) -> bool:
    if user.peran != Peran.ADMIN.value or not user.aktif:
        return False
    return _active_admin_ids(session) == [user.id]


def _pesan_admin_terakhir(user: Pengguna, tindakan: str) -> str:
    return (
        f"Tidak dapat {tindakan} {user.username}: ini satu-satunya Admin yang aktif. "
        "Tunjuk atau aktifkan Admin lain lebih dulu."
    )


def _resolve_peran(peran: Peran | str) -> tuple[Peran | None, list[str]]:
    if isinstance(peran, Peran):
        return peran, []
    try:
        return parse_peran(peran), []
    except ValueError as exc:
        return None, [str(exc)]


def _resolve_unit(
    session: Session, peran: Peran | None, unit_kode: str | None
) -> tuple[Unit | None, list[str]]:
    kode = (unit_kode or "").strip()
    if not kode:
        if peran is Peran.STAF_UNIT:
            return None, [f"Peran {Peran.STAF_UNIT.value} wajib memilih unit kerja."]
        return None, []
    unit = session.scalars(select(Unit).where(Unit.kode == kode)).first()
    if unit is None:
        matches = list(session.scalars(select(Unit).where(func.lower(Unit.kode) == kode.lower())))
        unit = matches[0] if len(matches) == 1 else None
    if unit is None:
        return None, [f"Unit dengan kode '{kode}' tidak ditemukan."]
    if not unit.aktif:
        return None, [f"Unit {unit.kode} ({unit.nama}) sudah tidak aktif; pilih unit lain."]
    return unit, []


# --- administration (Admin, or the command line) ------------------------------------------


def list_users(rt: Runtime, aktor: Aktor) -> list[PenggunaView]:
    """Every account, by username. Raises Ditolak unless the actor may manage users."""
    require(rt, aktor, Izin.KELOLA_PENGGUNA, aksi="pengguna.daftar")
    with rt.uow() as session:
        users = session.scalars(
            select(Pengguna).options(selectinload(Pengguna.unit)).order_by(Pengguna.username)
        )
        return [PenggunaView.from_pengguna(u) for u in users]


def create_user(
    rt: Runtime,
    aktor: Aktor,
    *,
    username: str,
    nama: str,
    peran: Peran | str,
    password: str,
    unit_kode: str | None = None,
    nip: str | None = None,
    jabatan: str | None = None,
    email: str | None = None,
    skip_password_policy: bool = False,
) -> PenggunaView:
    """Create an account (the Admin's page, or ``SISTEM`` for the first Admin).

    The username is stored lowercased. An account an Admin creates must change its password
    at the first login (the Admin knows it); one the command line creates need not.
    ``skip_password_policy`` is for seeding demo accounts (``demo-<username>``) and only the
    command line (``SISTEM``) may use it. Raises Ditolak for other roles, and InputTidakValid
    listing every problem: username format or already taken, empty name, unknown role, a
    Staf Unit without a unit, an unknown unit, the password policy, NIP or email format.
    """
    require(rt, aktor, Izin.KELOLA_PENGGUNA, aksi="pengguna.buat")
    if skip_password_policy and not aktor.sistem:
        raise refuse(
            rt,
            aktor,
            "pengguna.buat",
            "Akses ditolak: hanya baris perintah yang boleh melewati kebijakan kata sandi "
            "(untuk akun demo).",
        )
    name = normalize_username(username)
    nama_clean = " ".join(nama.split())
    jabatan_clean, email_clean = clean_optional(jabatan), clean_optional(email)
    try:
        with rt.uow() as session:
            problems = username_problems(name)
            if not problems and _username_taken(session, name):
                problems.append(f"Nama pengguna '{name}' sudah dipakai; pilih nama lain.")
            field_problems, nip_digits = profile_problems(
                nama_clean, nip, jabatan_clean, email_clean
            )
            problems += field_problems
            role, role_problems = _resolve_peran(peran)
            problems += role_problems
            unit, unit_problems = _resolve_unit(session, role, unit_kode)
            problems += unit_problems
            if not skip_password_policy:
                problems += check_password_policy(password, name)
            elif not password:
                problems.append("Kata sandi wajib diisi.")
            if problems or role is None:
                raise InputTidakValid(problems)
            user = Pengguna(
                username=name,
                nama=nama_clean,
                nip=nip_digits,
                jabatan=jabatan_clean,
                email=email_clean,
                peran=role.value,
                unit=unit,
                password_hash=hash_password(password),
                aktif=True,
                harus_ganti_password=not aktor.sistem,
                gagal_login=0,
            )
            session.add(user)
            session.flush()
            audit(
                session,
                aktor,
                "pengguna.buat",
                objek="pengguna",
                objek_id=user.id,
                detail={
                    "username": name,
                    "peran": role.value,
                    "unit": unit.kode if unit else None,
                    **({"kebijakan_sandi_dilewati": True} if skip_password_policy else {}),
                },
            )
            view = PenggunaView.from_pengguna(user)
            session.commit()
    except IntegrityError:
        # Another request created the same name between our check and our commit.
        with rt.uow() as session:
            if _username_taken(session, name):
                raise InputTidakValid(
                    [f"Nama pengguna '{name}' sudah dipakai; pilih nama lain."]
                ) from None
        raise
    return view


def _username_taken(session: Session, name: str) -> bool:
    found = session.scalar(select(Pengguna.id).where(func.lower(Pengguna.username) == name))
    return found is not None


def deactivate_user(rt: Runtime, aktor: Aktor, user_id: int) -> PenggunaView:
    """Deactivate an account: it can no longer log in and its open sessions end.

    Raises Ditolak for non-Admins, TidakDitemukan, and InputTidakValid for one's own account
    or the last active Admin.
    """
    require(rt, aktor, Izin.KELOLA_PENGGUNA, aksi="pengguna.nonaktifkan")
    with rt.uow() as session:
        begin_write(session)
        _active_admin_ids(session)  # lock the Admins first, always in the same order
        user = get_user(session, user_id)
        if aktor.id == user.id:
            raise InputTidakValid(
                ["Anda tidak dapat menonaktifkan akun Anda sendiri; minta Admin lain melakukannya."]
            )
        if _is_last_active_admin(session, user):
            raise InputTidakValid([_pesan_admin_terakhir(user, "menonaktifkan")])
        was = bool(user.aktif)
        user.aktif = False
        audit(
            session,
            aktor,
            "pengguna.nonaktifkan",
            objek="pengguna",
            objek_id=user.id,
            detail={"username": user.username, "sebelumnya_aktif": was},
        )
        session.commit()
        return PenggunaView.from_pengguna(user)


def activate_user(rt: Runtime, aktor: Aktor, user_id: int) -> PenggunaView:
    """Activate an account again. Raises Ditolak for non-Admins and TidakDitemukan."""
    require(rt, aktor, Izin.KELOLA_PENGGUNA, aksi="pengguna.aktifkan")
    with rt.uow() as session:
        begin_write(session)
        user = get_user(session, user_id)
        was = bool(user.aktif)
        user.aktif = True
        audit(
            session,
            aktor,
            "pengguna.aktifkan",
            objek="pengguna",
            objek_id=user.id,
            detail={"username": user.username, "sebelumnya_aktif": was},
        )
        session.commit()
        return PenggunaView.from_pengguna(user)


def reset_password(rt: Runtime, aktor: Aktor, user_id: int, new_password: str) -> PenggunaView:
    """Set a new password chosen by the Admin; the user must change it at the next login.

    Clears a lock and the failure count. Raises Ditolak for non-Admins, TidakDitemukan, and
    InputTidakValid listing the password policy's problems.
    """
    require(rt, aktor, Izin.KELOLA_PENGGUNA, aksi="pengguna.reset_sandi")
    with rt.uow() as session:
        begin_write(session)
        user = get_user(session, user_id)
        problems = check_password_policy(new_password, user.username)
        if problems:
            raise InputTidakValid(problems)
        user.password_hash = hash_password(new_password)
        user.harus_ganti_password = True
        user.gagal_login = 0
        user.terkunci_sampai = None
        audit(
            session,
            aktor,
            "pengguna.reset_sandi",
            objek="pengguna",
            objek_id=user.id,
            detail={"username": user.username},
        )
        session.commit()
        return PenggunaView.from_pengguna(user)


def set_role(
    rt: Runtime, aktor: Aktor, user_id: int, peran: Peran | str, unit_kode: str | None = None
) -> PenggunaView:
    """Change an account's role and unit (``unit_kode`` None: no unit).

    Raises Ditolak for non-Admins, TidakDitemukan, and InputTidakValid listing every problem:
    unknown role, a Staf Unit without a unit, an unknown unit, changing one's own role, or
    taking the role away from the last active Admin.
    """
    require(rt, aktor, Izin.KELOLA_PENGGUNA, aksi="pengguna.ubah_peran")
    with rt.uow() as session:
        begin_write(session)
        _active_admin_ids(session)  # lock the Admins first, always in the same order
        user = get_user(session, user_id)
        role, problems = _resolve_peran(peran)
        unit, unit_problems = _resolve_unit(session, role, unit_kode)
        problems += unit_problems
        if aktor.id == user.id and role is not None and role.value != user.peran:
            problems.append(
                "Anda tidak dapat mengubah peran akun Anda sendiri; minta Admin lain melakukannya."
            )
        elif role is not Peran.ADMIN and _is_last_active_admin(session, user):
            problems.append(_pesan_admin_terakhir(user, "mengubah peran"))
        if problems or role is None:
            raise InputTidakValid(problems)
        before = {"peran": user.peran, "unit": user.unit.kode if user.unit else None}
        user.peran = role.value
        user.unit = unit
        audit(
            session,
            aktor,
            "pengguna.ubah_peran",
            objek="pengguna",
            objek_id=user.id,
            detail={
                "username": user.username,
                "sebelumnya": before,
                "peran": role.value,
                "unit": unit.kode if unit else None,
            },
        )
        session.commit()
        return PenggunaView.from_pengguna(user)


def unlock_user(rt: Runtime, aktor: Aktor, user_id: int) -> PenggunaView:
    """Lift a lock after failed logins and reset the failure count.

    Raises Ditolak for non-Admins and TidakDitemukan.
    """
    require(rt, aktor, Izin.KELOLA_PENGGUNA, aksi="pengguna.buka_kunci")
    with rt.uow() as session:
        begin_write(session)
        user = get_user(session, user_id)
        before = user.terkunci_sampai
        user.terkunci_sampai = None
        user.gagal_login = 0
        audit(
            session,
            aktor,
            "pengguna.buka_kunci",
            objek="pengguna",
            objek_id=user.id,
            detail={
                "username": user.username,
                "terkunci_sampai": before.isoformat() if before else None,
            },
        )
        session.commit()
        return PenggunaView.from_pengguna(user)


def ensure_no_default_passwords_in_production(rt: Runtime) -> list[str]:
    """In production, the active accounts whose password is still the demo one
    (``demo-<username>``), for a warning at start-up; outside production, an empty list.

    Costs one Argon2 verification per active account.
    """
    if not rt.settings.production:
        return []
    with rt.uow() as session:
        rows: Sequence[tuple[str, str | None]] = session.execute(
            select(Pengguna.username, Pengguna.password_hash)
            .where(Pengguna.aktif.is_(True))
            .order_by(Pengguna.username)
        ).all()
    return [
        username
        for username, hashed in rows
        if hashed is not None and verify_password(hashed, f"demo-{username}")
    ]
