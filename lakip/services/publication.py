"""Report versions through the SOP: composed (step 4), sent for review (step 7), accepted,
approved (the annual report), published to the officials concerned (steps 5 and 8), opened.

The quarterly report is composed here from the achievement export (Excel and PDF) built in
this process; the report-builds issue moves composition into the workers. A composition is
always a new version; nothing is overwritten.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from lakip.domain.filenames import report_version_name
from lakip.domain.periods import QUARTERS, year_error
from lakip.domain.roles import Izin, Peran, allowed
from lakip.domain.workflow import (
    AksiLaporan,
    JenisLaporan,
    LangkahDitolak,
    StatusLaporan,
    move_report,
    report_title,
)
from lakip.services import report_builds
from lakip.services._collection import refuse_move
from lakip.services._notices import active_users, notify
from lakip.services._sop_steps import finish_step, start_step
from lakip.services.access import Aktor, audit, require
from lakip.services.errors import InputTidakValid, TidakDitemukan
from lakip.services.runtime import Runtime
from lakip.store.models import (
    Laporan,
    LaporanVersi,
    PenerimaLaporan,
    Pengguna,
    PutaranPengumpulan,
)

_PUBLISH_STEP = {"triwulan": 5, "semester": 8, "tahunan": 9}


@dataclass(frozen=True)
class PenerimaView:
    nama: str
    peran: str
    dikirim_pada: datetime
    dibuka_pada: datetime | None


@dataclass(frozen=True)
class LaporanView:
    """A report version as the report page shows it."""

    id: int
    jenis: str
    tahun: int
    periode: str
    nomor: int
    status: StatusLaporan
    dibuat_pada: datetime
    dibuat_oleh: str | None
    sumber_versi: int
    penerima: tuple[PenerimaView, ...]
    ada_xlsx: bool
    ada_pdf: bool
    kekurangan: tuple[str, ...] = ()  # what an annual build still lacked

    @property
    def judul(self) -> str:
        return f"{report_title(self.jenis, self.tahun, self.periode)} — versi {self.nomor}"


def _view(session: Session, v: LaporanVersi) -> LaporanView:
    lap = v.laporan
    names = dict(session.execute(select(Pengguna.id, Pengguna.nama)).all())
    penerima = session.execute(
        select(PenerimaLaporan, Pengguna.nama, Pengguna.peran)
        .join(Pengguna, Pengguna.id == PenerimaLaporan.pengguna_id)
        .where(PenerimaLaporan.laporan_versi_id == v.id)
        .order_by(Pengguna.nama)
    ).all()
    return LaporanView(
        id=v.id,
        jenis=lap.jenis,
        tahun=lap.tahun,
        periode=lap.periode,
        nomor=v.nomor,
        status=StatusLaporan(v.status),
        dibuat_pada=v.dibuat_pada,
        dibuat_oleh=names.get(v.dibuat_oleh_id) if v.dibuat_oleh_id else None,
        sumber_versi=len(v.sumber_versi or []),
        penerima=tuple(
            PenerimaView(nama, peran, p.dikirim_pada, p.dibuka_pada) for p, nama, peran in penerima
        ),
        ada_xlsx=v.xlsx_sha256 is not None,
        ada_pdf=v.pdf_sha256 is not None,
        kekurangan=tuple(v.kekurangan or []),
    )


def compose_quarter_report(rt: Runtime, aktor: Aktor, tahun: int, triwulan: int) -> LaporanView:
    """Compose a new version of the quarterly report (Excel and PDF) in this process from the
    data that counts now, recording the submission versions it was built from (the build the
    workers run: :func:`lakip.services.report_builds.compose_report`). Raises InputTidakValid
    on a bad quarter, Ditolak when the role may not compose reports."""
    require(rt, aktor, Izin.SUSUN_LAPORAN, aksi="laporan.susun")
    problems = [p for p in [year_error(tahun)] if p]
    if triwulan not in QUARTERS:
        problems.append(f"Triwulan harus 1–4, ditemukan {triwulan}.")
    if problems:
        raise InputTidakValid(problems)
    hasil = report_builds.compose_report(rt, aktor, "triwulan", tahun, f"TW{triwulan}")
    with rt.uow() as session:
        versi = _get(session, hasil.laporan_versi_id)
        return _view(session, versi)


def _get(session: Session, laporan_versi_id: int) -> LaporanVersi:
    versi = session.get(LaporanVersi, laporan_versi_id)
    if versi is None:
        raise TidakDitemukan(f"Versi laporan nomor {laporan_versi_id} tidak ditemukan.")
    return versi


def _move(
    rt: Runtime,
    session: Session,
    aktor: Aktor,
    versi: LaporanVersi,
    aksi: AksiLaporan,
    audit_aksi: str,
) -> tuple[str, str]:
    sebelum = versi.status
    try:
        versi.status = move_report(
            JenisLaporan(versi.laporan.jenis), StatusLaporan(sebelum), aksi
        ).value
    except LangkahDitolak as exc:
        session.rollback()
        raise refuse_move(rt, aktor, audit_aksi, exc, laporan_versi=versi.id) from exc
    return sebelum, versi.status


def submit_report(rt: Runtime, aktor: Aktor, laporan_versi_id: int) -> LaporanView:
    """Send a draft report version to the Irban Wil for review. Raises LangkahTidakSah,
    TidakDitemukan, or Ditolak when the role may not compose reports."""
    require(rt, aktor, Izin.SUSUN_LAPORAN, aksi="laporan.ajukan")
    now = rt.clock()
    with rt.uow() as session:
        versi = _get(session, laporan_versi_id)
        sebelum, sesudah = _move(rt, session, aktor, versi, AksiLaporan.AJUKAN, "laporan.ajukan")
        start_step(session, 7, now, laporan_versi_id=versi.id, objek=f"Reviu {versi.laporan.jenis}")
        lap = versi.laporan
        notify(
            session,
            active_users(session, peran=[Peran.IRBAN_WIL]),
            f"laporan_versi:{versi.id}:diajukan",
            "laporan_diajukan",
            f"{report_title(lap.jenis, lap.tahun, lap.periode)} versi {versi.nomor} menunggu reviu",
            "Silakan reviu laporan ini di halaman Reviu: YA untuk menerima, TIDAK untuk "
            "mengembalikan dengan catatan koreksi.",
            now,
            email=bool(rt.settings.smtp_url),
        )
        audit(
            session,
            aktor,
            "laporan.ajukan",
            objek="laporan_versi",
            objek_id=versi.id,
            detail={"sebelum": sebelum, "sesudah": sesudah},
        )
        session.flush()
        view = _view(session, versi)
        session.commit()
        return view


def approve_annual_report(rt: Runtime, aktor: Aktor, laporan_versi_id: int) -> LaporanView:
    """The Sekretaris approves an accepted annual report (SOP step 9). Raises LangkahTidakSah
    for any other report or state, Ditolak for other roles."""
    require(rt, aktor, Izin.SETUJUI_TAHUNAN, aksi="laporan.setujui")
    now = rt.clock()
    with rt.uow() as session:
        versi = _get(session, laporan_versi_id)
        sebelum, sesudah = _move(rt, session, aktor, versi, AksiLaporan.SETUJUI, "laporan.setujui")
        versi.disetujui_oleh_id = aktor.id
        versi.disetujui_pada = now
        audit(
            session,
            aktor,
            "laporan.setujui",
            objek="laporan_versi",
            objek_id=versi.id,
            detail={"sebelum": sebelum, "sesudah": sesudah},
        )
        session.flush()
        view = _view(session, versi)
        session.commit()
        return view


def publish_report(
    rt: Runtime, aktor: Aktor, laporan_versi_id: int, penerima_ids: Sequence[int]
) -> LaporanView:
    """Publish an accepted (annual: approved) report version to the officials chosen, each
    noticed; records to whom and when. Raises InputTidakValid with no recipient or one that
    may not read published reports, LangkahTidakSah when the Irban Wil has not accepted it,
    Ditolak for roles other than the Kasubbag Program."""
    require(rt, aktor, Izin.SOSIALISASI, aksi="laporan.terbitkan")
    wanted = sorted(set(penerima_ids))
    if not wanted:
        raise InputTidakValid(["Pilih sedikitnya satu penerima laporan."])
    now = rt.clock()
    with rt.uow() as session:
        versi = _get(session, laporan_versi_id)
        users = {u.id: u for u in session.scalars(select(Pengguna).where(Pengguna.id.in_(wanted)))}
        bad = [
            f"Penerima nomor {pid} tidak dikenal atau tidak aktif."
            for pid in wanted
            if pid not in users or not users[pid].aktif
        ] + [
            f"{u.nama} ({u.peran}) tidak berwenang melihat laporan yang diterbitkan."
            for u in users.values()
            if u.aktif and not allowed(Peran(u.peran), Izin.LIHAT_LAPORAN_TERBIT)
        ]
        if bad:
            raise InputTidakValid(bad)
        sebelum, sesudah = _move(
            rt, session, aktor, versi, AksiLaporan.TERBITKAN, "laporan.terbitkan"
        )
        versi.diterbitkan_pada = now
        for pid in wanted:
            session.add(
                PenerimaLaporan(laporan_versi_id=versi.id, pengguna_id=pid, dikirim_pada=now)
            )
        lap = versi.laporan
        notify(
            session,
            wanted,
            f"laporan_versi:{versi.id}:terbit",
            "laporan_terbit",
            f"{report_title(lap.jenis, lap.tahun, lap.periode)} diterbitkan",
            f"{report_title(lap.jenis, lap.tahun, lap.periode)} versi {versi.nomor} diterbitkan "
            "untuk Anda; buka di halaman Laporan Kinerja.",
            now,
            email=bool(rt.settings.smtp_url),
        )
        putaran_id = None
        if lap.jenis == JenisLaporan.TRIWULAN and lap.periode.startswith("TW"):
            putaran_id = session.scalar(
                select(PutaranPengumpulan.id).where(
                    PutaranPengumpulan.tahun == lap.tahun,
                    PutaranPengumpulan.triwulan == int(lap.periode[2:]),
                )
            )
        finish_step(
            session,
            _PUBLISH_STEP[lap.jenis],
            now,
            aktor,
            f"Diterbitkan ke {len(wanted)} penerima",
            putaran_id=putaran_id,
        )
        audit(
            session,
            aktor,
            "laporan.terbitkan",
            objek="laporan_versi",
            objek_id=versi.id,
            detail={"sebelum": sebelum, "sesudah": sesudah, "penerima": wanted},
        )
        session.flush()
        view = _view(session, versi)
        session.commit()
        return view


def open_report(
    rt: Runtime, aktor: Aktor, laporan_versi_id: int, ext: str = "pdf"
) -> tuple[str, bytes]:
    """A report version's file (``pdf`` or ``xlsx``): (name, bytes). A recipient's first
    opening is recorded. Published versions are open to the readers of published reports;
    unpublished ones only to those who compose, review or publish them."""
    if ext not in ("pdf", "xlsx"):
        raise InputTidakValid([f"Format berkas '{ext}' tidak dikenal; pilih pdf atau xlsx."])
    require(rt, aktor, Izin.LIHAT_LAPORAN_TERBIT, aksi="laporan.buka")
    with rt.uow() as session:
        versi = _get(session, laporan_versi_id)
        status = StatusLaporan(versi.status)
        if status is not StatusLaporan.DITERBITKAN:
            insider = aktor.sistem or any(
                allowed(aktor.peran, i)
                for i in (Izin.SUSUN_LAPORAN, Izin.REVIU, Izin.SOSIALISASI, Izin.SETUJUI_TAHUNAN)
            )
            if not insider:
                raise refuse_move(
                    rt,
                    aktor,
                    "laporan.buka",
                    "Laporan ini belum diterbitkan; Anda dapat membukanya setelah diterbitkan.",
                    laporan_versi=versi.id,
                )
        sha = versi.pdf_sha256 if ext == "pdf" else versi.xlsx_sha256
        if sha is None:
            raise TidakDitemukan(f"Versi laporan ini tidak memiliki berkas {ext.upper()}.")
        data = rt.files.get(sha)
        lap = versi.laporan
        mine = session.scalar(
            select(PenerimaLaporan).where(
                PenerimaLaporan.laporan_versi_id == versi.id,
                PenerimaLaporan.pengguna_id == aktor.id,
            )
        )
        first = mine is not None and mine.dibuka_pada is None
        if first and mine is not None:
            mine.dibuka_pada = rt.clock()
        audit(
            session,
            aktor,
            "laporan.buka",
            objek="laporan_versi",
            objek_id=versi.id,
            detail={"format": ext, "pertama_kali": first},
        )
        name = report_version_name(lap.jenis, lap.tahun, lap.periode, versi.nomor, ext)
        session.commit()
        return name, data


def list_reports(rt: Runtime, aktor: Aktor, tahun: int | None = None) -> list[LaporanView]:
    """Report versions the actor may see, newest first: every version for those who compose,
    review, publish or approve; only the published ones (sent to them or not) for the
    others. Raises Ditolak for roles that may not read published reports."""
    require(rt, aktor, Izin.LIHAT_LAPORAN_TERBIT, aksi="laporan.daftar")
    insider = aktor.sistem or any(
        allowed(aktor.peran, i)
        for i in (Izin.SUSUN_LAPORAN, Izin.REVIU, Izin.SOSIALISASI, Izin.SETUJUI_TAHUNAN)
    )
    with rt.uow() as session:
        stmt = (
            select(LaporanVersi)
            .join(Laporan, Laporan.id == LaporanVersi.laporan_id)
            .order_by(Laporan.tahun.desc(), Laporan.periode.desc(), LaporanVersi.nomor.desc())
        )
        if tahun is not None:
            stmt = stmt.where(Laporan.tahun == tahun)
        if not insider:
            stmt = stmt.where(LaporanVersi.status == StatusLaporan.DITERBITKAN.value)
        return [_view(session, v) for v in session.scalars(stmt)]


@dataclass(frozen=True)
class CalonPenerima:
    id: int
    nama: str
    peran: str


def list_recipients(rt: Runtime, aktor: Aktor) -> list[CalonPenerima]:
    """The active officials a report may be published to (those who may read published
    reports). Raises Ditolak for roles that may not publish."""
    require(rt, aktor, Izin.SOSIALISASI, aksi="laporan.penerima")
    with rt.uow() as session:
        return [
            CalonPenerima(u.id, u.nama, u.peran)
            for u in session.scalars(
                select(Pengguna).where(Pengguna.aktif.is_(True)).order_by(Pengguna.nama)
            )
            if allowed(Peran(u.peran), Izin.LIHAT_LAPORAN_TERBIT)
        ]
