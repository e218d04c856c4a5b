"""Sign-in (password and SSO), lockout and session checks.

Security choices, kept here because pages and the CLI rely on them:

- **One message for every failed login.** An unknown name, a wrong password, a deactivated
  account and an account without a password all get "Nama pengguna atau kata sandi salah.",
  and all pay for one Argon2 verification (against a dummy hash when there is no real one), so
  neither the message nor the time taken says which names exist.
- **Lockout without a password oracle.** After ``settings.login_max_failures`` consecutive
  failures a name is locked for ``settings.login_lockout_minutes`` (the rule is
  :mod:`lakip.domain.lockout`). While it is locked the password is *not checked at all* and the
  lock message is given whatever was typed. Saying it only when the password was right would
  tell an attacker, during the lock, which guess was the right one, and the lock would stop
  nothing. Attempts during a lock do not extend it (so a stranger cannot keep an official
  locked out indefinitely with one request per quarter hour).
- **Unknown names lock too.** So that the lock message does not reveal which names exist, a
  name with no account is locked by the same rule, its failures counted from the audit log
  (over the last :data:`UNKNOWN_NAME_LOOKBACK`). A deactivated account behaves like an unknown
  name: every attempt on it is a failure that counts.
- **Serialised per account.** A login attempt holds a write lock on the account's row (the whole
  database on SQLite) from reading the failure count to writing it, so parallel guesses cannot
  slip past the limit.
- **The audit log** records every success and failure with the name as typed (lowercased) and a
  reason for the Admin; never a password.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lakip.domain.accounts import normalize_username
from lakip.domain.lockout import count_failure, replay_failures
from lakip.services._accounts import (
    ALASAN_TERKUNCI,
    aware_now,
    begin_write,
    count_failed_login,
    lock_message,
)
from lakip.services.access import Aktor
from lakip.services.errors import LakipError
from lakip.services.passwords import hash_password, needs_rehash, verify_password
from lakip.services.runtime import Runtime
from lakip.store.models import LogAudit, Pengguna

__all__ = [
    "PESAN_LOGIN_GAGAL",
    "PESAN_LOGIN_KOSONG",
    "PESAN_SSO_BELUM_TERVERIFIKASI",
    "PESAN_SSO_TIDAK_TERHUBUNG",
    "LoginGagal",
    "login",
    "login_sso",
    "refresh_aktor",
    "session_expired",
    "verified_email",
]

PESAN_LOGIN_GAGAL: Final = "Nama pengguna atau kata sandi salah."
PESAN_LOGIN_KOSONG: Final = "Nama pengguna dan kata sandi wajib diisi."

PESAN_SSO_TIDAK_TERHUBUNG: Final = (
    "Akun SSO Anda belum terhubung dengan pengguna aktif di sistem ini. "
    "Hubungi Admin untuk mendaftarkan alamat email Anda."
)

PESAN_SSO_BELUM_TERVERIFIKASI: Final = (
    "Penyedia SSO tidak menyatakan alamat email Anda sudah terverifikasi, sehingga Anda tidak "
    "dapat masuk dengan SSO. Verifikasi email Anda di penyedia SSO, atau masuk dengan nama "
    "pengguna dan kata sandi."
)

UNKNOWN_NAME_LOOKBACK: Final = timedelta(hours=24)
USERNAME_COLUMN_LENGTH: Final = 80

# Argon2id (OWASP parameters) of a random secret nobody knows: verifying against it costs what a
# real verification costs, and it can never succeed because its result is ignored anyway.
_DUMMY_HASH: Final = "$argon2id$v=19$m=19456,t=2,p=1$O3m4a9UWyk9O4V9wMpWroQ$UIuP9Lax8/ugbgf7DA7ytWVJbNM1l/u/ArDC+658LRI"

# Reasons written to the audit log for a failed login (for the Admin, never shown at login).
ALASAN_TIDAK_DIKENAL: Final = "pengguna_tidak_dikenal"
ALASAN_SANDI_SALAH: Final = "kata_sandi_salah"
ALASAN_NONAKTIF: Final = "akun_nonaktif"
ALASAN_TANPA_SANDI: Final = "tanpa_kata_sandi"


class LoginGagal(LakipError):
    """A login was refused; the message says no more than a user may know."""


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
        return lock_message(until, now, settings.timezone)
    verify_password(_DUMMY_HASH, password)  # the time a real account's check would take
    detail: dict[str, Any] = {"alasan": ALASAN_TIDAK_DIKENAL, "gagal_berturut": count + 1}
    message = PESAN_LOGIN_GAGAL
    _, until = count_failure(count, now, settings.login_max_failures, lockout)
    if until is not None:
        detail["dikunci_sampai"] = until.isoformat()
        message = lock_message(until, now, settings.timezone)
    _audit_login(session, waktu=now, username=name, hasil="gagal", detail=detail)
    return message


def _attempt(
    rt: Runtime, session: Session, user: Pengguna, name: str, password: str, now: datetime
) -> Aktor | str:
    """Check one attempt on an existing account: the actor, or the message to show."""
    if user.terkunci_sampai is not None and now < user.terkunci_sampai:
        _audit_login(
            session,
            waktu=now,
            username=name,
            hasil="gagal",
            user=user,
            detail={"alasan": ALASAN_TERKUNCI, "terkunci_sampai": user.terkunci_sampai.isoformat()},
        )
        return lock_message(user.terkunci_sampai, now, rt.settings.timezone)

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
        return Aktor.from_pengguna(user)

    if not user.aktif:
        alasan = ALASAN_NONAKTIF
    elif stored is None:
        alasan = ALASAN_TANPA_SANDI
    else:
        alasan = ALASAN_SANDI_SALAH
    detail = {"alasan": alasan, "gagal_berturut": (user.gagal_login or 0) + 1}
    message = PESAN_LOGIN_GAGAL
    until = count_failed_login(user, now, rt.settings)
    if until is not None:
        detail["dikunci_sampai"] = until.isoformat()
        message = lock_message(until, now, rt.settings.timezone)
    _audit_login(session, waktu=now, username=name, hasil="gagal", user=user, detail=detail)
    return message


def login(rt: Runtime, username: str, password: str, *, now: datetime | None = None) -> Aktor:
    """The actor for ``username`` when ``password`` is right (the name is case-insensitive).

    Raises :class:`LoginGagal` with one generic message for an unknown name, a wrong password
    or a deactivated account, and with the lock message while the name is locked (see the
    module's notes). Every attempt is audited; the password never is.
    """
    moment = aware_now(now)
    name = normalize_username(username)
    if not name or not password:
        raise LoginGagal(PESAN_LOGIN_KOSONG)
    name = name[:USERNAME_COLUMN_LENGTH]
    outcome: Aktor | str
    # The outcome is committed first and raised afterwards: a failure must be counted.
    with rt.uow() as session:
        begin_write(session)
        user = session.scalars(
            select(Pengguna).where(func.lower(Pengguna.username) == name).with_for_update()
        ).first()
        if user is None:
            outcome = _fail_unknown(rt, session, name, password, moment)
        else:
            outcome = _attempt(rt, session, user, name, password, moment)
        session.commit()
    if isinstance(outcome, str):
        raise LoginGagal(outcome)
    return outcome


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
                waktu=aware_now(now),
                username=(address or "(tanpa email)")[:USERNAME_COLUMN_LENGTH],
                hasil="gagal",
                user=None,
                detail={"cara": "oidc", "email_terverifikasi": False},
            )
            session.commit()
        raise LoginGagal(PESAN_SSO_BELUM_TERVERIFIKASI)
    moment = aware_now(now)
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
            outcome = lock_message(user.terkunci_sampai, moment, rt.settings.timezone)
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
            outcome = Aktor.from_pengguna(user)
            _audit_login(
                session,
                waktu=moment,
                username=user.username,
                hasil="berhasil",
                user=user,
                detail={"cara": "oidc"},
            )
        session.commit()
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
        return Aktor.from_pengguna(user)
