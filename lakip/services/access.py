"""Who is acting, whether they may, and the audit log that records both.

Every service calls :func:`require` before it touches data. A refusal raises
:class:`~lakip.services.errors.Ditolak` and leaves exactly one audit row, written in its own
transaction so that the caller's rollback cannot erase it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from lakip.domain.roles import Izin, Peran, allowed
from lakip.services.errors import Ditolak
from lakip.services.runtime import Runtime
from lakip.store.models import LogAudit, Pengguna, Unit


@dataclass(frozen=True)
class Aktor:
    """The person (or the command line) on whose behalf a service acts."""

    id: int | None
    username: str
    nama: str
    peran: Peran
    unit_id: int | None = None
    sistem: bool = False  # the command line / seeding: trusted operator on the server

    @classmethod
    def from_pengguna(cls, user: Pengguna) -> Aktor:
        """The actor for a stored user."""
        return cls(user.id, user.username, user.nama, Peran(user.peran), user.unit_id)


SISTEM = Aktor(None, "sistem", "Sistem (baris perintah)", Peran.ADMIN, None, sistem=True)


def audit(
    session: Session,
    aktor: Aktor | None,
    aksi: str,
    *,
    objek: str | None = None,
    objek_id: object = None,
    hasil: str = "berhasil",
    detail: dict[str, Any] | None = None,
) -> None:
    """Add an audit row to ``session`` (committed with the caller's transaction)."""
    session.add(
        LogAudit(
            pengguna_id=aktor.id if aktor else None,
            username=aktor.username if aktor else None,
            aksi=aksi,
            objek=objek,
            objek_id=None if objek_id is None else str(objek_id),
            hasil=hasil,
            detail=detail,
        )
    )


def audit_now(rt: Runtime, aktor: Aktor | None, aksi: str, **kwargs: Any) -> None:
    """Write an audit row in a transaction of its own (survives the caller's rollback)."""
    with rt.uow() as session:
        audit(session, aktor, aksi, **kwargs)
        session.commit()


def refuse(rt: Runtime, aktor: Aktor, aksi: str, pesan: str, **detail: Any) -> Ditolak:
    """Record a refusal and return the error to raise."""
    audit_now(
        rt,
        aktor,
        aksi,
        hasil="ditolak",
        detail={"pesan": pesan, **detail} if detail else {"pesan": pesan},
    )
    return Ditolak(pesan)


def require(rt: Runtime, aktor: Aktor, izin: Izin, *, aksi: str | None = None) -> None:
    """Raise Ditolak (and audit it) unless ``aktor``'s role allows ``izin``."""
    if aktor.sistem or allowed(aktor.peran, izin):
        return
    pesan = f"Akses ditolak: peran {aktor.peran.value} tidak berwenang {izin.value}."
    raise refuse(rt, aktor, aksi or izin.name.lower(), pesan, izin=izin.name)


def require_unit(rt: Runtime, aktor: Aktor, izin: Izin, unit: Unit, *, aksi: str) -> None:
    """Like :func:`require`, and a Staf Unit may act only on its own unit."""
    require(rt, aktor, izin, aksi=aksi)
    if aktor.sistem or aktor.peran is not Peran.STAF_UNIT or aktor.unit_id == unit.id:
        return
    pesan = (
        f"Akses ditolak: Anda hanya dapat {izin.value} untuk unit Anda sendiri, "
        f"bukan {unit.kode} ({unit.nama})."
    )
    raise refuse(rt, aktor, aksi, pesan, unit=unit.kode)


def visible_unit_ids(session: Session, aktor: Aktor) -> set[int] | None:
    """Units whose data ``aktor`` may read: None means all of them."""
    if aktor.sistem or allowed(aktor.peran, Izin.LIHAT_SEMUA_UNIT):
        return None
    if aktor.unit_id is None:
        return set()
    return set(session.scalars(select(Unit.id).where(Unit.id == aktor.unit_id)))


PUBLIC_ON_PURPOSE: Final[Mapping[str, str]] = MappingProxyType(
    {
        # The machinery every use case stands on.
        "access.audit": "writes an audit row inside the caller's transaction; the caller checked",
        "access.audit_now": "writes an audit row in its own transaction for a caller that checked",
        "access.refuse": "records a refusal decided by the caller and returns the error to raise",
        "access.visible_unit_ids": "tells a guarded use case which units an actor may read",
        "errors.masalah_from_issues": "turns workbook issues into messages for the use case that read them",
        "runtime.build_runtime": "builds the collaborators of a process before anyone acts",
        "storage.store_file": "stores bytes for a use case that checked its actor, in its transaction",
        "passwords.hash_password": "hashes a password for the sign-in and account use cases",
        "passwords.verify_password": "compares a password with its hash for the sign-in use case",
        "passwords.needs_rehash": "tells the sign-in use case that a stored hash is outdated",
        "passwords.check_password_policy": "judges a new password's strength, no data is read",
        "planning.known_codes": "reads the stored codes for import_plan, inside its transaction",
        "achievement.parse_periode_arg": "reads a period code (TW1…TAHUN) typed by a user, no data",
        # Sign-in: there is no actor yet, or the actor acts on their own session.
        "signin.login": "is how an actor comes to exist: checks the password, counts failures",
        "signin.login_sso": "is how an actor comes to exist from a verified identity provider",
        "signin.verified_email": "reads an identity's claims, no data is read",
        "signin.session_expired": "compares two times for the idle rule, no data is read",
        "signin.refresh_aktor": "rereads the signed-in actor's own account on every page",
        "account.own_profile": "every signed-in user may read their own account and nothing else",
        "account.change_own_password": "every user may change their own password, given the old one",
        "users.ensure_no_default_passwords_in_production": (
            "names demo accounts still on demo passwords for the Admin's warning, reads no figures"
        ),
        # Read by every signed-in user, or on screens every role has.
        "agency.read_logo": "the agency's logo is public: it stands on every page and every report",
        "agency.list_sop_standards": "the SOP and its time standards are public to every user",
        "templates.units_for": "lists the units an actor may choose (a Staf Unit: only its own)",
        "overview.summarize_overview": "is every signed-in user's home page, limited to their units",
        "overview.read_agency_identity": "names the agency on the login page, before anyone signs in",
        "achievement.draw_capaian_chart": "draws the chart of figures a guarded use case returned",
        "achievement.capaian_table": "lays figures a guarded use case read into the report model",
        "report_builds.check_build_request": "checks a report kind, year and period, no data is read",
        # The system: command line and workers, which act for no user.
        "setup.ensure_defaults": "adds the SOP's steps at start-up, before any user acts",
        "demo.seed_demo": "loads the demo agency from the command line, acting as the system",
        "jobs.register": "declares a job kind and the permission its creators need, at import",
        "jobs.update_job": "is the conditional UPDATE the runner and the sweep act through",
        "jobs.try_update": "retries the runner's conditional UPDATE when the database is busy",
        "jobs.dispatch": "sends a job's id to the broker for create_job and the sweep",
        "job_runner.claim": "a worker claims a job whose creator create_job already checked",
        "job_runner.heartbeat": "a worker reports progress on a job it has claimed",
        "job_runner.finish": "a worker records the result of a job it has claimed",
        "job_runner.fail": "a worker records the failure of a job it has claimed",
        "job_runner.run_job": "a worker runs a job whose creator create_job already checked",
        "job_sweep.sweep": "the beat schedule sends again jobs left behind by a lost worker",
        "system_check.check_system": "a job handler run by a worker for a job create_job checked",
        "report_builds.run_report_build": "a job handler run by a worker for a job create_job checked",
        "rounds.close_due_rounds": "the beat schedule closes rounds whose deadline has passed",
        "notifications.send_due_reminders": "the beat schedule makes deadline reminders as the system",
        "notifications.deliver_emails": "the beat schedule e-mails notices already made for their users",
        # Each user's own notices: a user reads and marks only their own, whatever the role.
        "notifications.list_notices": "every user reads their own notices and nobody else's",
        "notifications.count_unread": "every user counts their own unread notices for the sidebar",
        "notifications.mark_read": "every user marks their own notices read, never another's",
    }
)
"""The public functions of ``lakip.services`` that take no permission check, each with its
reason; every other public function checks the acting user's permission first (a test reads
the source of each to make sure)."""
