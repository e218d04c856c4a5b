"""Login, session checks and the administration of user accounts.

Security choices, kept here because pages and the CLI rely on them:

- **One message for every failed login.** An unknown name, a wrong password, a deactivated
  account and an account without a password all get "Nama pengguna atau kata sandi salah.",
  and all pay for one Argon2 verification (against a dummy hash when there is no real one), so
  neither the message nor the time taken says which names exist.
- **Lockout without a password oracle.** After ``settings.login_max_failures`` consecutive
  failures a name is locked for ``settings.login_lockout_minutes``. While it is locked the
  password is *not checked at all* and the lock message is given whatever was typed. Saying it
  only when the password was right would tell an attacker, during the lock, which guess was the
  right one, and the lock would stop nothing. Attempts during a lock do not extend it (so a
  stranger cannot keep an official locked out indefinitely with one request per quarter hour).
- **Unknown names lock too.** So that the lock message does not reveal which names exist, a
  name with no account is locked by the same rule, its failures counted from the audit log
  (over the last :data:`UNKNOWN_NAME_LOOKBACK`). A deactivated account behaves like an unknown
  name: every attempt on it is a failure that counts.
- **Serialised per account.** A login attempt holds a write lock on the account's row (the whole
  database on SQLite) from reading the failure count to writing it, so parallel guesses cannot
  slip past the limit; so do admin changes that must keep one active Admin.
- **The audit log** records every success and failure with the name as typed (lowercased) and a
  reason for the Admin; never a password.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Final

from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from lakip.domain.formatting import ZONA_WAKTU, format_datetime
from lakip.domain.roles import Izin, Peran, parse_peran
from lakip.services.access import Aktor, audit, refuse, require
from lakip.services.errors import InputTidakValid, LakipError, TidakDitemukan
from lakip.services.passwords import (
    check_password_policy,
    hash_password,
    needs_rehash,
    verify_password,
)
from lakip.services.runtime import Runtime
from lakip.store.models import LogAudit, Pengguna, Unit

__all__ = [
    "LoginGagal",
    "PenggunaView",
    "activate_user",
    "change_own_password",
    "create_user",
    "deactivate_user",
    "ensure_no_default_passwords_in_production",
    "list_users",
    "login",
    "login_sso",
    "own_profile",
    "refresh_aktor",
    "replay_failures",
    "reset_password",
    "session_expired",
    "set_role",
    "unlock_user",
    "verified_email",
]

PESAN_LOGIN_GAGAL: Final = "Nama pengguna atau kata sandi salah."
PESAN_LOGIN_KOSONG: Final = "Nama pengguna dan kata sandi wajib diisi."

# Kabupaten Balangan keeps Central Indonesian Time; lock times are shown to users in it.
WITA: Final = ZONA_WAKTU["WITA"]

USERNAME_PATTERN: Final = re.compile(r"[a-z0-9._-]{3,40}")
NIP_PATTERN: Final = re.compile(r"[0-9]{18}")
EMAIL_PATTERN: Final = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
UNKNOWN_NAME_LOOKBACK: Final = timedelta(hours=24)
USERNAME_COLUMN_LENGTH: Final = 80

# Argon2id (OWASP parameters) of a random secret nobody knows: verifying against it costs what a
# real verification costs, and it can never succeed because its result is ignored anyway.
_DUMMY_HASH: Final = "$argon2id$v=19$m=19456,t=2,p=1$O3m4a9UWyk9O4V9wMpWroQ$UIuP9Lax8/ugbgf7DA7ytWVJbNM1l/u/ArDC+658LRI"

# Reasons written to the audit log for a failed login (for the Admin, never shown at login).
ALASAN_TERKUNCI: Final = "terkunci"
ALASAN_TIDAK_DIKENAL: Final = "pengguna_tidak_dikenal"
ALASAN_SANDI_SALAH: Final = "kata_sandi_salah"
ALASAN_NONAKTIF: Final = "akun_nonaktif"
ALASAN_TANPA_SANDI: Final = "tanpa_kata_sandi"


class LoginGagal(LakipError):
    """A login was refused; the message says no more than a user may know."""


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


# --- small helpers -----------------------------------------------------------------------


def _view(user: Pengguna) -> PenggunaView:
    unit = user.unit
    return PenggunaView(
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


def _aware_now(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("Waktu tanpa zona waktu; gunakan datetime.now(UTC).")
    return now


def _normalize_username(username: str) -> str:
    return username.strip().lower()


def _begin_write(session: Session) -> None:
    """Take the write lock now, before reading what the write depends on.

    pysqlite starts a transaction only at the first INSERT/UPDATE, so reads before it see a
    snapshot another writer may already have changed; BEGIN IMMEDIATE makes read-then-write
    atomic on SQLite. On PostgreSQL the callers lock rows with SELECT … FOR UPDATE instead.
    Must be the first statement of the session's transaction.
    """
    if session.get_bind().dialect.name != "sqlite":
        return
    raw = session.connection().connection.dbapi_connection
    if not getattr(raw, "in_transaction", False):
        session.execute(text("BEGIN IMMEDIATE"))


def _get_user(session: Session, user_id: int) -> Pengguna:
    user = session.scalars(
        select(Pengguna)
        .where(Pengguna.id == user_id)
        .options(selectinload(Pengguna.unit))
        .with_for_update(of=Pengguna)
        .execution_options(populate_existing=True)
    ).first()
    if user is None:
        raise TidakDitemukan(f"Pengguna dengan id {user_id} tidak ditemukan.")
    return user


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


def _lock_message(until: datetime, now: datetime, zona: timezone) -> str:
    local = until.astimezone(zona)
    if local.date() == now.astimezone(zona).date():
        when = f"{local:%H:%M} {zona.tzname(None)}"
    else:
        when = f"{format_datetime(local)} {zona.tzname(None)}"
    return (
        f"Akun terkunci sementara karena terlalu banyak percobaan gagal. Coba lagi setelah {when}."
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


def _username_problems(name: str) -> list[str]:
    if USERNAME_PATTERN.fullmatch(name):
        return []
    if not name:
        return ["Nama pengguna wajib diisi."]
    problems: list[str] = []
    if not 3 <= len(name) <= 40:
        problems.append(f"Nama pengguna harus 3–40 karakter; yang diisi {len(name)} karakter.")
    bad = sorted({ch for ch in name if not re.fullmatch(r"[a-z0-9._-]", ch)})
    if bad:
        shown = " ".join(repr(ch) for ch in bad)
        problems.append(
            "Nama pengguna hanya boleh berisi huruf kecil a–z, angka 0–9, titik (.), "
            f"garis bawah (_) dan tanda hubung (-); tidak boleh: {shown}."
        )
    return problems


def _clean_optional(value: str | None) -> str | None:
    if value is None:
        return None
    cleaned = " ".join(value.split())
    return cleaned or None


def _profile_problems(
    nama: str, nip: str | None, jabatan: str | None, email: str | None
) -> tuple[list[str], str | None]:
    """Problems with the descriptive fields, and the NIP without spaces."""
    problems: list[str] = []
    if not nama:
        problems.append("Nama lengkap wajib diisi.")
    elif len(nama) > 200:
        problems.append(f"Nama lengkap maksimal 200 karakter; yang diisi {len(nama)} karakter.")
    nip_digits = None if nip is None else re.sub(r"\s", "", nip)
    if nip_digits and not NIP_PATTERN.fullmatch(nip_digits):
        problems.append(f"NIP harus 18 digit angka; yang diisi '{nip}'.")
    if jabatan and len(jabatan) > 200:
        problems.append(f"Jabatan maksimal 200 karakter; yang diisi {len(jabatan)} karakter.")
    if email and (len(email) > 200 or not EMAIL_PATTERN.fullmatch(email)):
        problems.append(f"Alamat email '{email}' tidak valid (contoh: nama@balangankab.go.id).")
    return problems, nip_digits or None


# --- login and sessions ------------------------------------------------------------------


def _audit_login(
    session: Session,
    *,
    waktu: datetime,
    username: str,
    hasil: str,
    user: Pengguna | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    # Written directly rather than through access.audit: an attempt is not yet an Aktor, and
    # the row must carry the attempt's own time, which the lockout count reads back.
    session.add(
        LogAudit(
            waktu=waktu,
            pengguna_id=user.id if user is not None and hasil == "berhasil" else None,
            username=username[:USERNAME_COLUMN_LENGTH],
            aksi="login",
            objek="pengguna" if user is not None else None,
            objek_id=str(user.id) if user is not None else None,
            hasil=hasil,
            detail=detail,
        )
    )


def replay_failures(
    attempts: Iterable[tuple[datetime, bool]], max_failures: int, lockout: timedelta
) -> tuple[int, datetime | None]:
    """Replay failed attempts (time, counted) in order: the running count and the lock end.

    The same rule the account columns keep: ``max_failures`` counted failures lock until the
    last one plus ``lockout`` and start the count again; attempts refused by a lock do not count.
    """
    count, until = 0, None
    limit = max(1, max_failures)
    for waktu, counted in attempts:
        if not counted:
            continue
        count += 1
        if count >= limit:
            count, until = 0, waktu + lockout
    return count, until


def _fail_unknown(rt: Runtime, session: Session, name: str, password: str, now: datetime) -> str:
    """Handle an attempt on a name with no account; returns the message to show."""
    settings = rt.settings
    lockout = timedelta(minutes=settings.login_lockout_minutes)
    rows = session.execute(
        select(LogAudit.waktu, LogAudit.detail)
        .where(
            LogAudit.aksi == "login",
            LogAudit.hasil == "gagal",
            LogAudit.username == name,
            LogAudit.objek_id.is_(None),
            LogAudit.waktu >= now - UNKNOWN_NAME_LOOKBACK,
            LogAudit.waktu <= now,
        )
        .order_by(LogAudit.waktu, LogAudit.id)
    ).all()
    attempts = [(w, (d or {}).get("alasan") != ALASAN_TERKUNCI) for w, d in rows]
    count, until = replay_failures(attempts, settings.login_max_failures, lockout)
    if until is not None and now < until:
        _audit_login(
            session,
            waktu=now,
            username=name,
            hasil="gagal",
            detail={"alasan": ALASAN_TERKUNCI, "terkunci_sampai": until.isoformat()},
        )
        return _lock_message(until, now, ZONA_WAKTU[rt.settings.zona_waktu])
    verify_password(_DUMMY_HASH, password)  # the time a real account's check would take
    detail: dict[str, Any] = {"alasan": ALASAN_TIDAK_DIKENAL, "gagal_berturut": count + 1}
    message = PESAN_LOGIN_GAGAL
    if count + 1 >= max(1, settings.login_max_failures):
        until = now + lockout
        detail["dikunci_sampai"] = until.isoformat()
        message = _lock_message(until, now, ZONA_WAKTU[rt.settings.zona_waktu])
    _audit_login(session, waktu=now, username=name, hasil="gagal", detail=detail)
    return message


def _attempt(
    rt: Runtime, session: Session, user: Pengguna, name: str, password: str, now: datetime
) -> Aktor | str:
    """Check one attempt on an existing account: the actor, or the message to show."""
    settings = rt.settings
    if user.terkunci_sampai is not None and now < user.terkunci_sampai:
        _audit_login(
            session,
            waktu=now,
            username=name,
            hasil="gagal",
            user=user,
            detail={"alasan": ALASAN_TERKUNCI, "terkunci_sampai": user.terkunci_sampai.isoformat()},
        )
        return _lock_message(user.terkunci_sampai, now, ZONA_WAKTU[rt.settings.zona_waktu])

    stored = user.password_hash
    matches = verify_password(stored or _DUMMY_HASH, password) and stored is not None
    if matches and user.aktif and stored is not None:
        user.gagal_login = 0
        user.terkunci_sampai = None
        user.login_terakhir = now
        detail: dict[str, Any] | None = None
        if needs_rehash(stored):
            user.password_hash = hash_password(password)
            detail = {"hash_diperbarui": True}
        _audit_login(
            session, waktu=now, username=user.username, hasil="berhasil", user=user, detail=detail
        )
        return Aktor.dari_pengguna(user)

    if not user.aktif:
        alasan = ALASAN_NONAKTIF
    elif stored is None:
        alasan = ALASAN_TANPA_SANDI
    else:
        alasan = ALASAN_SANDI_SALAH
    user.gagal_login = (user.gagal_login or 0) + 1
    detail = {"alasan": alasan, "gagal_berturut": user.gagal_login}
    message = PESAN_LOGIN_GAGAL
    if user.gagal_login >= max(1, settings.login_max_failures):
        until = now + timedelta(minutes=settings.login_lockout_minutes)
        user.terkunci_sampai = until
        user.gagal_login = 0
        detail["dikunci_sampai"] = until.isoformat()
        message = _lock_message(until, now, ZONA_WAKTU[rt.settings.zona_waktu])
    _audit_login(session, waktu=now, username=name, hasil="gagal", user=user, detail=detail)
    return message


def login(rt: Runtime, username: str, password: str, *, now: datetime | None = None) -> Aktor:
    """The actor for ``username`` when ``password`` is right (the name is case-insensitive).

    Raises :class:`LoginGagal` with one generic message for an unknown name, a wrong password
    or a deactivated account, and with the lock message while the name is locked (see the
    module's notes). Every attempt is audited; the password never is.
    """
    moment = _aware_now(now)
    name = _normalize_username(username)
    if not name or not password:
        raise LoginGagal(PESAN_LOGIN_KOSONG)
    name = name[:USERNAME_COLUMN_LENGTH]
    outcome: Aktor | str
    # The outcome is committed first and raised afterwards: a failure must be counted.
    with rt.uow() as session:
        _begin_write(session)
        user = session.scalars(
            select(Pengguna).where(func.lower(Pengguna.username) == name).with_for_update()
        ).first()
        if user is None:
            outcome = _fail_unknown(rt, session, name, password, moment)
        else:
            outcome = _attempt(rt, session, user, name, password, moment)
    if isinstance(outcome, str):
        raise LoginGagal(outcome)
    return outcome


PESAN_SSO_TIDAK_TERHUBUNG: Final = (
    "Akun SSO Anda belum terhubung dengan pengguna aktif di sistem ini. "
    "Hubungi Admin untuk mendaftarkan alamat email Anda."
)


PESAN_SSO_BELUM_TERVERIFIKASI: Final = (
    "Penyedia SSO tidak menyatakan alamat email Anda sudah terverifikasi, sehingga Anda tidak "
    "dapat masuk dengan SSO. Verifikasi email Anda di penyedia SSO, atau masuk dengan nama "
    "pengguna dan kata sandi."
)


def verified_email(claims: Mapping[str, object]) -> str | None:
    """The identity's e-mail (trimmed, lower case) when its provider says it is verified.

    Only an ``email_verified`` claim that is true (the JSON boolean, or the text "true" that
    some providers send) counts; a missing claim is not a verification. None otherwise.
    """
    flag = claims.get("email_verified")
    verified = flag is True or (isinstance(flag, str) and flag.strip().lower() == "true")
    address = str(claims.get("email") or "").strip().lower()
    return address if verified and address else None


def login_sso(rt: Runtime, claims: Mapping[str, object], *, now: datetime | None = None) -> Aktor:
    """The actor whose account carries the identity's e-mail, after the provider proved it.

    ``claims`` are the OIDC identity's (``st.user``). The provider proves who the person is;
    the local account decides what they may do. Raises :class:`LoginGagal` when the provider
    does not say the e-mail is verified (``email_verified`` true), when it belongs to no
    active account, or when the account is locked. Every attempt is audited
    (``detail.cara = "oidc"``).
    """
    email = verified_email(claims)
    if email is None:
        address = str(claims.get("email") or "").strip().lower()
        with rt.uow() as session:
            _audit_login(
                session,
                waktu=_aware_now(now),
                username=(address or "(tanpa email)")[:USERNAME_COLUMN_LENGTH],
                hasil="gagal",
                user=None,
                detail={"cara": "oidc", "email_terverifikasi": False},
            )
        raise LoginGagal(PESAN_SSO_BELUM_TERVERIFIKASI)
    moment = _aware_now(now)
    address = email
    outcome: Aktor | str
    with rt.uow() as session:
        user = session.scalars(
            select(Pengguna).where(func.lower(Pengguna.email) == address)
        ).first()
        if user is None or not user.aktif:
            outcome = PESAN_SSO_TIDAK_TERHUBUNG
            _audit_login(
                session,
                waktu=moment,
                username=address[:USERNAME_COLUMN_LENGTH],
                hasil="gagal",
                user=user,
                detail={"cara": "oidc", "email_terverifikasi": True},
            )
        elif user.terkunci_sampai is not None and moment < user.terkunci_sampai:
            outcome = _lock_message(
                user.terkunci_sampai, moment, ZONA_WAKTU[rt.settings.zona_waktu]
            )
            _audit_login(
                session,
                waktu=moment,
                username=user.username,
                hasil="gagal",
                user=user,
                detail={"cara": "oidc", "alasan": ALASAN_TERKUNCI},
            )
        else:
            user.login_terakhir = moment
            outcome = Aktor.dari_pengguna(user)
            _audit_login(
                session,
                waktu=moment,
                username=user.username,
                hasil="berhasil",
                user=user,
                detail={"cara": "oidc"},
            )
    if isinstance(outcome, str):
        raise LoginGagal(outcome)
    return outcome


def session_expired(last_activity: datetime, now: datetime, idle_minutes: int) -> bool:
    """True when a session idle since ``last_activity`` has reached ``idle_minutes``.

    Raises ValueError when ``idle_minutes`` is not positive (a session must expire).
    """
    if idle_minutes <= 0:
        raise ValueError(
            f"Batas waktu sesi harus lebih dari 0 menit; ditemukan {idle_minutes} "
            "(periksa LAKIP_SESSION_IDLE_MINUTES)."
        )
    return now - last_activity >= timedelta(minutes=idle_minutes)


def refresh_aktor(rt: Runtime, aktor: Aktor) -> Aktor | None:
    """The actor as the database knows it now (role, unit); None when the account was
    deactivated or removed, which ends that user's open sessions on their next request."""
    if aktor.sistem:
        return aktor
    if aktor.id is None:
        return None
    with rt.uow() as session:
        user = session.get(Pengguna, aktor.id)
        if user is None or not user.aktif:
            return None
        return Aktor.dari_pengguna(user)


def own_profile(rt: Runtime, aktor: Aktor) -> PenggunaView:
    """The logged-in user's own account (e.g. to force a password change after a reset).

    Raises TidakDitemukan for the command line actor or a removed account.
    """
    if aktor.id is None:
        raise TidakDitemukan("Akun sistem (baris perintah) tidak memiliki profil pengguna.")
    with rt.uow() as session:
        user = session.get(Pengguna, aktor.id)
        if user is None:
            raise TidakDitemukan(f"Pengguna dengan id {aktor.id} tidak ditemukan.")
        return _view(user)


def change_own_password(
    rt: Runtime, aktor: Aktor, old: str, new: str, *, now: datetime | None = None
) -> None:
    """Change the logged-in user's password after checking the current one.

    Raises InputTidakValid listing every problem (wrong current password, policy), and
    LoginGagal while the account is locked. A wrong current password counts as a failed
    login, so an unattended open session cannot be used to guess it.
    """
    if aktor.id is None:
        raise refuse(
            rt,
            aktor,
            "pengguna.ganti_sandi",
            "Akun sistem (baris perintah) tidak memiliki kata sandi.",
        )
    now = _aware_now(now)
    outcome: str | list[str] | None = None
    with rt.uow() as session:
        _begin_write(session)
        user = _get_user(session, aktor.id)
        if user.terkunci_sampai is not None and now < user.terkunci_sampai:
            outcome = _lock_message(user.terkunci_sampai, now, ZONA_WAKTU[rt.settings.zona_waktu])
            audit(
                session,
                aktor,
                "pengguna.ganti_sandi",
                objek="pengguna",
                objek_id=user.id,
                hasil="gagal",
                detail={"alasan": ALASAN_TERKUNCI},
            )
        else:
            problems: list[str] = []
            old_ok = user.password_hash is not None and verify_password(user.password_hash, old)
            if not old_ok:
                problems.append("Kata sandi saat ini salah.")
            problems += check_password_policy(new, user.username)
            if new and new == old:
                problems.append("Kata sandi baru harus berbeda dari kata sandi saat ini.")
            if problems:
                outcome = problems
                detail: dict[str, Any] = {
                    "alasan": "sandi_lama_salah" if not old_ok else "kebijakan"
                }
                if not old_ok:
                    user.gagal_login = (user.gagal_login or 0) + 1
                    if user.gagal_login >= max(1, rt.settings.login_max_failures):
                        until = now + timedelta(minutes=rt.settings.login_lockout_minutes)
                        user.terkunci_sampai, user.gagal_login = until, 0
                        detail["dikunci_sampai"] = until.isoformat()
                audit(
                    session,
                    aktor,
                    "pengguna.ganti_sandi",
                    objek="pengguna",
                    objek_id=user.id,
                    hasil="gagal",
                    detail=detail,
                )
            else:
                user.password_hash = hash_password(new)
                user.harus_ganti_password = False
                user.gagal_login = 0
                audit(session, aktor, "pengguna.ganti_sandi", objek="pengguna", objek_id=user.id)
    if isinstance(outcome, str):
        raise LoginGagal(outcome)
    if outcome:
        raise InputTidakValid(outcome)


# --- administration (Admin, or the command line) ------------------------------------------


def list_users(rt: Runtime, aktor: Aktor) -> list[PenggunaView]:
    """Every account, by username. Raises Ditolak unless the actor may manage users."""
    require(rt, aktor, Izin.KELOLA_PENGGUNA, aksi="pengguna.daftar")
    with rt.uow() as session:
        users = session.scalars(
            select(Pengguna).options(selectinload(Pengguna.unit)).order_by(Pengguna.username)
        )
        return [_view(u) for u in users]


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
    name = _normalize_username(username)
    nama_clean = " ".join(nama.split())
    jabatan_clean, email_clean = _clean_optional(jabatan), _clean_optional(email)
    try:
        with rt.uow() as session:
            problems = _username_problems(name)
            if not problems and _username_taken(session, name):
                problems.append(f"Nama pengguna '{name}' sudah dipakai; pilih nama lain.")
            profile_problems, nip_digits = _profile_problems(
                nama_clean, nip, jabatan_clean, email_clean
            )
            problems += profile_problems
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
            view = _view(user)
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
        _begin_write(session)
        _active_admin_ids(session)  # lock the Admins first, always in the same order
        user = _get_user(session, user_id)
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
        return _view(user)


def activate_user(rt: Runtime, aktor: Aktor, user_id: int) -> PenggunaView:
    """Activate an account again. Raises Ditolak for non-Admins and TidakDitemukan."""
    require(rt, aktor, Izin.KELOLA_PENGGUNA, aksi="pengguna.aktifkan")
    with rt.uow() as session:
        _begin_write(session)
        user = _get_user(session, user_id)
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
        return _view(user)


def reset_password(rt: Runtime, aktor: Aktor, user_id: int, new_password: str) -> PenggunaView:
    """Set a new password chosen by the Admin; the user must change it at the next login.

    Clears a lock and the failure count. Raises Ditolak for non-Admins, TidakDitemukan, and
    InputTidakValid listing the password policy's problems.
    """
    require(rt, aktor, Izin.KELOLA_PENGGUNA, aksi="pengguna.reset_sandi")
    with rt.uow() as session:
        _begin_write(session)
        user = _get_user(session, user_id)
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
        return _view(user)


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
        _begin_write(session)
        _active_admin_ids(session)  # lock the Admins first, always in the same order
        user = _get_user(session, user_id)
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
        return _view(user)


def unlock_user(rt: Runtime, aktor: Aktor, user_id: int) -> PenggunaView:
    """Lift a lock after failed logins and reset the failure count.

    Raises Ditolak for non-Admins and TidakDitemukan.
    """
    require(rt, aktor, Izin.KELOLA_PENGGUNA, aksi="pengguna.buka_kunci")
    with rt.uow() as session:
        _begin_write(session)
        user = _get_user(session, user_id)
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
        return _view(user)


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
