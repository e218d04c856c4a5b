"""Notices (page "Pemberitahuan"): each user's own, the deadline reminders the beat schedule
makes, and their delivery by e-mail when an SMTP server is configured (``LAKIP_SMTP_URL``).

Every notice is a row keyed by its event (``_notices.notify``), so a reminder is made at most
once however often, or after however many worker restarts, the schedule runs; an e-mail is
marked sent in the same row, so it is not sent twice either.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lakip.config import SmtpServer, parse_smtp_url
from lakip.domain.formatting import format_date
from lakip.domain.periods import quarter_title
from lakip.domain.roles import Peran
from lakip.domain.workflow import StatusPutaran, days_to_deadline, reminder_day
from lakip.services._collection import owing_units
from lakip.services._notices import EMAIL_MENUNGGU, active_users, notify
from lakip.services.access import Aktor
from lakip.services.errors import InputTidakValid
from lakip.services.rounds import close_due_rounds
from lakip.services.runtime import Runtime
from lakip.store.models import Pemberitahuan, Pengguna, Pengiriman, PutaranPengumpulan, Unit

EMAIL_TERKIRIM = "terkirim"
EMAIL_GAGAL = "gagal"
EMAIL_ATTEMPTS = 5  # a notice whose e-mail failed this many times is marked gagal
LIST_MAX = 200


@dataclass(frozen=True)
class PemberitahuanView:
    """A notice as the page shows it."""

    id: int
    jenis: str
    judul: str
    isi: str
    dibuat: datetime
    dibaca: bool
    email_status: str | None


def _own(aktor: Aktor) -> int:
    if aktor.id is None:
        raise InputTidakValid(["Akun sistem (baris perintah) tidak memiliki pemberitahuan."])
    return aktor.id


def list_notices(
    rt: Runtime, aktor: Aktor, *, belum_dibaca: bool = False, batas: int = LIST_MAX
) -> list[PemberitahuanView]:
    """The actor's own notices, newest first (only unread ones with ``belum_dibaca``)."""
    pid = _own(aktor)
    with rt.uow() as session:
        stmt = (
            select(Pemberitahuan)
            .where(Pemberitahuan.pengguna_id == pid)
            .order_by(Pemberitahuan.dibuat.desc(), Pemberitahuan.id.desc())
            .limit(max(1, min(batas, LIST_MAX)))
        )
        if belum_dibaca:
            stmt = stmt.where(Pemberitahuan.dibaca_pada.is_(None))
        return [
            PemberitahuanView(
                n.id, n.jenis, n.judul, n.isi, n.dibuat, n.dibaca_pada is not None, n.email_status
            )
            for n in session.scalars(stmt)
        ]


def count_unread(rt: Runtime, aktor: Aktor) -> int:
    """How many of the actor's own notices are unread (the sidebar's count); 0 for the
    command line."""
    if aktor.id is None:
        return 0
    with rt.uow() as session:
        return int(
            session.scalar(
                select(func.count())
                .select_from(Pemberitahuan)
                .where(Pemberitahuan.pengguna_id == aktor.id, Pemberitahuan.dibaca_pada.is_(None))
            )
            or 0
        )


def mark_read(rt: Runtime, aktor: Aktor, ids: list[int] | None = None) -> int:
    """Mark the actor's own notices ``ids`` (all, when None) read; returns how many changed.
    Another user's notice is never touched, whatever id is given."""
    pid = _own(aktor)
    with rt.uow() as session:
        stmt = update(Pemberitahuan).where(
            Pemberitahuan.pengguna_id == pid, Pemberitahuan.dibaca_pada.is_(None)
        )
        if ids is not None:
            stmt = stmt.where(Pemberitahuan.id.in_(ids))
        changed = session.execute(stmt.values(dibaca_pada=rt.clock())).rowcount  # type: ignore[attr-defined]
        session.commit()
        return int(changed or 0)


def _units_without_upload(session: Session, putaran: PutaranPengumpulan) -> dict[int, str]:
    owed = owing_units(session, putaran.tahun)
    sent = set(
        session.scalars(
            select(Pengiriman.unit_id).where(
                Pengiriman.tahun == putaran.tahun,
                Pengiriman.triwulan == putaran.triwulan,
                Pengiriman.versi_terakhir > 0,
            )
        )
    )
    missing = sorted(set(owed) - sent)
    if not missing:
        return {}
    return dict(session.execute(select(Unit.id, Unit.kode).where(Unit.id.in_(missing))).all())


def send_due_reminders(rt: Runtime) -> int:
    """The beat schedule's reminders: close the rounds whose deadline has passed, then
    remind the units that have not uploaded (and the Kasubbag Program) H-7, H-3 and H-1 before
    a deadline and once it is overdue. Returns how many notices were made."""
    close_due_rounds(rt)
    now = rt.clock()
    zona = rt.settings.timezone
    email = bool(rt.settings.smtp_url)
    made = 0
    with rt.uow() as session:
        rounds = session.scalars(
            select(PutaranPengumpulan).where(
                PutaranPengumpulan.status.in_(
                    [StatusPutaran.DIBUKA.value, StatusPutaran.DITUTUP.value]
                )
            )
        ).all()
        for putaran in rounds:
            sisa = days_to_deadline(putaran.batas_waktu, now, zona)
            judul_tw = quarter_title(putaran.tahun, putaran.triwulan)
            batas = format_date(putaran.batas_waktu)
            if putaran.status == StatusPutaran.DIBUKA.value:
                hari = reminder_day(sisa)
                if hari is None:
                    continue
                tag, judul = f"h-{hari}", f"Batas waktu {judul_tw}: {hari} hari lagi"
                isi = f"Laporan {judul_tw} wajib diunggah paling lambat {batas}."
            elif sisa < 0:
                tag, judul = "lewat", f"Batas waktu {judul_tw} telah lewat"
                isi = f"Batas waktu unggah {judul_tw} ({batas}) telah lewat."
            else:
                continue
            missing = _units_without_upload(session, putaran)
            if not missing:
                continue
            for unit_id, kode in missing.items():
                made += notify(
                    session,
                    active_users(session, unit_ids=[unit_id]),
                    f"putaran:{putaran.id}:{tag}",
                    "pengingat_batas_waktu",
                    judul,
                    f"{isi} Unit {kode} belum mengunggah.",
                    now,
                    email=email,
                )
            made += notify(
                session,
                active_users(session, peran=[Peran.KASUBBAG_PROGRAM]),
                f"putaran:{putaran.id}:{tag}",
                "pengingat_batas_waktu",
                judul,
                f"{isi} Belum mengunggah: {', '.join(sorted(missing.values()))}.",
                now,
                email=email,
            )
        session.commit()
    return made


def _message(rt: Runtime, to: str, n: Pemberitahuan) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = rt.settings.smtp_from
    msg["To"] = to
    msg["Subject"] = f"[LAKIP] {n.judul}"
    body = n.isi
    if rt.settings.app_url:
        body += f"\n\nBuka aplikasi: {rt.settings.app_url.rstrip('/')}/pemberitahuan"
    msg.set_content(body + "\n\n— Pesan otomatis dari aplikasi LAKIP; tidak perlu dibalas.")
    return msg


def deliver_emails(rt: Runtime, *, batas: int = 100) -> int:
    """Send the notices waiting for e-mail over ``LAKIP_SMTP_URL``; returns how many were
    sent. A notice is marked sent in its own row right after its message is accepted; a
    refused recipient is marked gagal at once, a server that cannot be reached is tried
    again on the next run (gagal after EMAIL_ATTEMPTS)."""
    if not rt.settings.smtp_url:
        return 0
    server = parse_smtp_url(rt.settings.smtp_url)
    with rt.uow() as session:
        waiting = session.execute(
            select(Pemberitahuan.id, Pengguna.email)
            .join(Pengguna, Pengguna.id == Pemberitahuan.pengguna_id)
            .where(Pemberitahuan.email_status == EMAIL_MENUNGGU)
            .order_by(Pemberitahuan.id)
            .limit(batas)
        ).all()
    if not waiting:
        return 0
    sent = 0
    done: set[int] = set()
    try:
        with _connect(server) as smtp:
            for nid, address in waiting:
                sent += _send_one(rt, smtp, nid, address)
                done.add(nid)
    except (smtplib.SMTPException, OSError) as exc:
        # The server is unreachable, refuses the login or hung up: the notices not yet
        # handled wait for the next run, each attempt counted.
        _note_failure(rt, [nid for nid, _ in waiting if nid not in done], f"Server SMTP: {exc}")
    return sent


def _connect(server: SmtpServer) -> smtplib.SMTP:
    smtp: smtplib.SMTP = (
        smtplib.SMTP_SSL(server.host, server.port, timeout=30, context=ssl.create_default_context())
        if server.tls
        else smtplib.SMTP(server.host, server.port, timeout=30)
    )
    try:
        if server.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if server.username:
            smtp.login(server.username, server.password or "")
    except BaseException:
        smtp.close()
        raise
    return smtp


def _send_one(rt: Runtime, smtp: smtplib.SMTP, nid: int, address: str | None) -> int:
    """Send one waiting notice and record the outcome in its row; 1 when it was sent."""
    with rt.uow() as session:
        n = session.get(Pemberitahuan, nid)
        if n is None or n.email_status != EMAIL_MENUNGGU:
            return 0
        if not address:
            n.email_status, n.email_galat = EMAIL_GAGAL, "Pengguna tidak memiliki alamat e-mail."
            session.commit()
            return 0
        try:
            smtp.send_message(_message(rt, address, n))
        except smtplib.SMTPRecipientsRefused as exc:
            n.email_status, n.email_galat = EMAIL_GAGAL, f"Alamat ditolak: {exc}"
            session.commit()
            return 0
        n.email_status, n.email_dikirim_pada, n.email_galat = EMAIL_TERKIRIM, rt.clock(), None
        session.commit()
        return 1


def _note_failure(rt: Runtime, ids: list[int], galat: str) -> None:
    """Count a failed attempt on each notice; the last one allowed marks it gagal."""
    with rt.uow() as session:
        for n in session.scalars(select(Pemberitahuan).where(Pemberitahuan.id.in_(ids))):
            n.email_percobaan += 1
            n.email_galat = galat
            if n.email_percobaan >= EMAIL_ATTEMPTS:
                n.email_status = EMAIL_GAGAL
        session.commit()
