"""What sign-in, one's own account and account administration share.

The account row read under a write lock, the attempt's clock, and the lockout rule
(:mod:`lakip.domain.lockout`) applied to the row with the message a locked name is shown.
Private to ``lakip.services``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Final

from sqlalchemy import select, text
from sqlalchemy.orm import Session, selectinload

from lakip.config import Settings
from lakip.domain.formatting import format_datetime
from lakip.domain.lockout import count_failure
from lakip.services.errors import TidakDitemukan
from lakip.store.models import Pengguna

# The audit log's reason for an attempt refused by a lock (the lockout replay skips them).
ALASAN_TERKUNCI: Final = "terkunci"


def aware_now(now: datetime | None) -> datetime:
    """``now``, or the current UTC time when None; raises ValueError for a naive time."""
    if now is None:
        return datetime.now(UTC)
    if now.tzinfo is None:
        raise ValueError("Waktu tanpa zona waktu; gunakan datetime.now(UTC).")
    return now


def begin_write(session: Session) -> None:
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


def get_user(session: Session, user_id: int) -> Pengguna:
    """The account ``user_id``, locked for update and read afresh; raises TidakDitemukan."""
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


def count_failed_login(user: Pengguna, now: datetime, settings: Settings) -> datetime | None:
    """Count one failure against ``user``'s row; the lock end when it locks the account."""
    user.gagal_login, until = count_failure(
        user.gagal_login or 0,
        now,
        settings.login_max_failures,
        timedelta(minutes=settings.login_lockout_minutes),
    )
    if until is not None:
        user.terkunci_sampai = until
    return until


def lock_message(until: datetime, now: datetime, zona: timezone) -> str:
    """The message for a locked name: when to try again, in the agency's time zone."""
    local = until.astimezone(zona)
    if local.date() == now.astimezone(zona).date():
        when = f"{local:%H:%M} {zona.tzname(None)}"
    else:
        when = f"{format_datetime(local)} {zona.tzname(None)}"
    return (
        f"Akun terkunci sementara karena terlalu banyak percobaan gagal. Coba lagi setelah {when}."
    )
