"""One's own account: seeing it, and changing one's own password."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from lakip.services._accounts import (
    ALASAN_TERKUNCI,
    aware_now,
    begin_write,
    count_failed_login,
    get_user,
    lock_message,
)
from lakip.services.access import Aktor, audit, refuse
from lakip.services.errors import InputTidakValid, TidakDitemukan
from lakip.services.passwords import check_password_policy, hash_password, verify_password
from lakip.services.runtime import Runtime
from lakip.services.signin import LoginGagal
from lakip.services.users import PenggunaView
from lakip.store.models import Pengguna

__all__ = ["change_own_password", "own_profile"]


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
        return PenggunaView.from_pengguna(user)


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
    now = aware_now(now)
    outcome: str | list[str] | None = None
    detail: dict[str, Any] | None = None
    with rt.uow() as session:
        begin_write(session)
        user = get_user(session, aktor.id)
        if user.terkunci_sampai is not None and now < user.terkunci_sampai:
            outcome = lock_message(user.terkunci_sampai, now, rt.settings.timezone)
            detail = {"alasan": ALASAN_TERKUNCI}
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
                detail = {"alasan": "sandi_lama_salah" if not old_ok else "kebijakan"}
                until = count_failed_login(user, now, rt.settings) if not old_ok else None
                if until is not None:
                    detail["dikunci_sampai"] = until.isoformat()
            else:
                user.password_hash = hash_password(new)
                user.harus_ganti_password = False
                user.gagal_login = 0
        audit(
            session,
            aktor,
            "pengguna.ganti_sandi",
            objek="pengguna",
            objek_id=user.id,
            hasil="berhasil" if outcome is None else "gagal",
            detail=detail,
        )
        session.commit()
    if isinstance(outcome, str):
        raise LoginGagal(outcome)
    if outcome:
        raise InputTidakValid(outcome)
