"""Building reports (SOP steps 4, 6 and 9): a report version, its Excel and PDF, from the data
that counts now.

One code path: the worker's job handler (kind ``laporan.bangun``), the command line
(``python -m lakip build-report``) and the synchronous :func:`compose_report` all call
:func:`_build`. A build reads its figures, lays out the document twice (Excel, PDF), stores
both files (atomically, content-addressed) and records the version in one transaction, with
the submission versions it used and its figures' digest. A rebuild is a new version, never an
overwrite; a build job that runs twice (a redelivered message, a killed worker) records one
version, the first to commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lakip.domain.filenames import report_version_name
from lakip.domain.periods import parse_period, quarter_title, year_error
from lakip.domain.roles import Izin
from lakip.domain.workflow import StatusLaporan, report_title
from lakip.reports.analysis import what_is_missing
from lakip.reports.annual import annual_document
from lakip.reports.pdf_writer import write_pdf
from lakip.reports.periodic import periodic_document
from lakip.reports.report_model import annual_digest, figures_digest
from lakip.reports.xlsx_writer import write_xlsx
from lakip.services import jobs
from lakip.services._report_data import (
    current_analysis,
    read_annual_data,
    read_periodic_data,
    report_row,
)
from lakip.services._sop_steps import finish_step
from lakip.services.access import SISTEM, Aktor, audit, require
from lakip.services.errors import InputTidakValid, TidakDitemukan
from lakip.services.jobs import ProgressFn
from lakip.services.runtime import Runtime
from lakip.services.storage import store_file
from lakip.store.models import Job, Laporan, LaporanVersi, Pengguna, PutaranPengumpulan

KIND: Final = "laporan.bangun"

PERIODE: Final = {
    "triwulan": ("TW1", "TW2", "TW3", "TW4"),
    "semester": ("S1", "S2"),
    "tahunan": ("TAHUN",),
}
"""The periods each kind takes (FORMATS.md, ``build-report``)."""

_STEP: Final = {"triwulan": 4, "semester": 6, "tahunan": 9}


@dataclass(frozen=True)
class HasilBangun:
    """A recorded build: the version and its files."""

    laporan_versi_id: int
    nomor: int
    judul: str
    xlsx_nama: str
    pdf_nama: str
    xlsx_sha256: str
    pdf_sha256: str
    sha256_angka: str
    sumber_versi: tuple[int, ...]
    kekurangan: tuple[str, ...] = ()  # what an annual report still lacks (empty: complete)

    def as_result(self) -> dict[str, Any]:
        return {
            "laporan_versi_id": self.laporan_versi_id,
            "nomor": self.nomor,
            "judul": self.judul,
            "xlsx": self.xlsx_nama,
            "pdf": self.pdf_nama,
            "sha256_angka": self.sha256_angka,
            "sumber_versi": list(self.sumber_versi),
            "kekurangan": list(self.kekurangan),
        }


def check_build_request(jenis: str, tahun: int, periode: str | None) -> tuple[str, int, str]:
    """The kind, year and period of a build request, checked; raises InputTidakValid naming
    every problem. A ``tahunan`` build takes no period (it is the year)."""
    problems = [p for p in [year_error(tahun)] if p]
    jenis = (jenis or "").strip().lower()
    if jenis not in PERIODE:
        problems.append(
            f"Jenis laporan harus triwulan, semester atau tahunan; ditemukan '{jenis}'."
        )
        raise InputTidakValid(problems)
    kode = (periode or "").strip().upper() or ("TAHUN" if jenis == "tahunan" else "")
    if kode not in PERIODE[jenis]:
        allowed = ", ".join(PERIODE[jenis])
        problems.append(
            f"Periode laporan {jenis} harus salah satu dari {allowed}; ditemukan '{periode or ''}'."
        )
    if problems:
        raise InputTidakValid(problems)
    return jenis, tahun, kode


def request_report_build(
    rt: Runtime, aktor: Aktor, jenis: str, tahun: int, periode: str | None
) -> str:
    """Ask the workers to build a report; returns the job's id (its row shows the progress).
    Raises InputTidakValid on a bad request, Ditolak when the role may not compose reports."""
    require(rt, aktor, Izin.SUSUN_LAPORAN, aksi="laporan.bangun")
    jenis, tahun, kode = check_build_request(jenis, tahun, periode)
    return jobs.create_job(rt, aktor, KIND, {"jenis": jenis, "tahun": tahun, "periode": kode})


def compose_report(
    rt: Runtime,
    aktor: Aktor,
    jenis: str,
    tahun: int,
    periode: str | None,
    *,
    progress: ProgressFn | None = None,
) -> HasilBangun:
    """Build a report in this process (the command line; tests; the benchmarks, which time
    its steps by ``progress``): the same build a worker runs, recorded as made by ``aktor``.
    Raises as :func:`request_report_build`."""
    require(rt, aktor, Izin.SUSUN_LAPORAN, aksi="laporan.bangun")
    jenis, tahun, kode = check_build_request(jenis, tahun, periode)
    return _build(
        rt, jenis, tahun, kode, oleh_id=aktor.id, job_id=None, progress=progress or _quiet
    )


def _quiet(_percent: int, _message: str) -> None:
    """No one watches a build run in this process."""


# Building is the Staf Penyusun's and the Kasubbag Program's (Izin.SUSUN_LAPORAN).
@jobs.register(KIND, izin=Izin.SUSUN_LAPORAN)
def run_report_build(
    rt: Runtime, parameters: dict[str, Any], progress: ProgressFn
) -> dict[str, Any]:
    """The worker's handler: build the report the job names. Idempotent by job id: a job
    that already recorded its version returns it and builds nothing."""
    job_id = str(parameters["job_id"])
    jenis, tahun, kode = check_build_request(
        str(parameters.get("jenis", "")), int(parameters.get("tahun", 0)), parameters.get("periode")
    )
    done = _recorded(rt, job_id)
    if done is not None:
        return _result_of(rt, done).as_result()
    job = jobs.get_job(rt, SISTEM, job_id)
    return _build(
        rt, jenis, tahun, kode, oleh_id=job.created_by_id, job_id=job_id, progress=progress
    ).as_result()


def _recorded(rt: Runtime, job_id: str) -> int | None:
    """The id of the version job ``job_id`` recorded, or None."""
    with rt.uow() as session:
        return session.scalar(select(LaporanVersi.id).where(LaporanVersi.job_id == job_id))


def _next_number(session: Session, laporan: Laporan) -> int:
    last = session.scalar(
        select(func.max(LaporanVersi.nomor)).where(LaporanVersi.laporan_id == laporan.id)
    )
    return (last or 0) + 1


_ATTEMPTS: Final = 3
"""Builds of one report that raced for its next version number: each loser builds again with
the next number (the number is printed in the document, so its files are laid out anew)."""


def _build(
    rt: Runtime,
    jenis: str,
    tahun: int,
    kode: str,
    *,
    oleh_id: int | None,
    job_id: str | None,
    progress: ProgressFn,
) -> HasilBangun:
    for attempt in range(1, _ATTEMPTS + 1):
        try:
            return _build_once(
                rt, jenis, tahun, kode, oleh_id=oleh_id, job_id=job_id, progress=progress
            )
        except IntegrityError:
            # This job's version was recorded by another delivery (the first to commit
            # stands), or another build took this version number meanwhile: build again.
            if job_id is not None and (done := _recorded(rt, job_id)) is not None:
                return _result_of(rt, done)
            if attempt == _ATTEMPTS:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _build_once(
    rt: Runtime,
    jenis: str,
    tahun: int,
    kode: str,
    *,
    oleh_id: int | None,
    job_id: str | None,
    progress: ProgressFn,
) -> HasilBangun:
    period = parse_period(kode)
    zona = rt.settings.timezone
    now = rt.clock()
    progress(5, "Membaca data capaian, anggaran dan versi laporan unit…")
    with rt.uow() as session:
        lap = report_row(session, jenis, tahun, kode)
        nomor = _next_number(session, lap)
        if jenis == "tahunan":
            annual, sources = read_annual_data(
                session,
                rt.files,
                zona,
                tahun,
                nomor_versi=nomor,
                now=now,
                analisis=current_analysis(session, lap),
            )
            doc = annual_document(annual)
            digest = annual_digest(annual)
            kekurangan = what_is_missing(annual)
        else:
            data, sources = read_periodic_data(
                session, rt.files, zona, jenis, tahun, period, nomor_versi=nomor, now=now
            )
            doc = periodic_document(data)
            digest = figures_digest(data)
            kekurangan = []
        session.rollback()  # a read: the report row is written with the version, below
    progress(40, "Menulis berkas Excel…")
    xlsx = write_xlsx(doc)
    progress(60, "Menulis berkas PDF (grafik dan tata letak)…")
    pdf = write_pdf(doc)
    progress(90, "Menyimpan versi laporan…")
    return _record(
        rt, jenis, tahun, kode, nomor, xlsx, pdf, digest, sources, kekurangan, oleh_id, job_id
    )


def _record(
    rt: Runtime,
    jenis: str,
    tahun: int,
    kode: str,
    nomor: int,
    xlsx: bytes,
    pdf: bytes,
    digest: str,
    sources: list[int],
    kekurangan: list[str],
    oleh_id: int | None,
    job_id: str | None,
) -> HasilBangun:
    now = rt.clock()
    with rt.uow() as session:
        lap = report_row(session, jenis, tahun, kode)
        versi = LaporanVersi(
            laporan_id=lap.id,
            nomor=nomor,
            job_id=job_id,
            status=StatusLaporan.DRAF.value,
            xlsx_sha256=store_file(session, rt.files, xlsx, "xlsx"),
            pdf_sha256=store_file(session, rt.files, pdf, "pdf"),
            sumber_versi=sources,
            sha256_angka=digest,
            kekurangan=kekurangan,
            dibuat_oleh_id=oleh_id,
            dibuat_pada=now,
        )
        session.add(versi)
        lap.versi_terakhir = max(lap.versi_terakhir or 0, nomor)
        session.flush()
        aktor = _actor(session, oleh_id)
        putaran_id = None
        if jenis == "triwulan":
            putaran_id = session.scalar(
                select(PutaranPengumpulan.id).where(
                    PutaranPengumpulan.tahun == tahun,
                    PutaranPengumpulan.triwulan == int(kode[2:]),
                )
            )
        finish_step(
            session,
            _STEP[jenis],
            now,
            aktor,
            f"Versi {nomor} disusun",
            putaran_id=putaran_id,
            objek=quarter_title(tahun, int(kode[2:])) if jenis == "triwulan" else f"{kode} {tahun}",
        )
        audit(
            session,
            aktor,
            "laporan.susun",
            objek="laporan_versi",
            objek_id=versi.id,
            detail={
                "jenis": jenis,
                "tahun": tahun,
                "periode": kode,
                "versi": nomor,
                "sumber_versi": sources,
                "sha256_angka": digest,
                "job": job_id,
                "sesudah": versi.status,
            },
        )
        session.flush()
        hasil = _result(versi, lap)
        session.commit()
        return hasil


def _actor(session: Session, oleh_id: int | None) -> Aktor:
    """Whom the version's log rows name: its requester, or the system."""
    if oleh_id is None:
        return SISTEM
    user = session.get(Pengguna, oleh_id)
    if user is None:
        return SISTEM
    return Aktor.from_pengguna(user)


def _result(versi: LaporanVersi, lap: Laporan) -> HasilBangun:
    assert versi.xlsx_sha256 is not None and versi.pdf_sha256 is not None
    return HasilBangun(
        laporan_versi_id=versi.id,
        nomor=versi.nomor,
        judul=f"{report_title(lap.jenis, lap.tahun, lap.periode)} — versi {versi.nomor}",
        xlsx_nama=report_version_name(lap.jenis, lap.tahun, lap.periode, versi.nomor, "xlsx"),
        pdf_nama=report_version_name(lap.jenis, lap.tahun, lap.periode, versi.nomor, "pdf"),
        xlsx_sha256=versi.xlsx_sha256,
        pdf_sha256=versi.pdf_sha256,
        sha256_angka=versi.sha256_angka or "",
        sumber_versi=tuple(versi.sumber_versi or []),
        kekurangan=tuple(versi.kekurangan or []),
    )


def _result_of(rt: Runtime, laporan_versi_id: int) -> HasilBangun:
    with rt.uow() as session:
        versi = session.get(LaporanVersi, laporan_versi_id)
        assert versi is not None
        return _result(versi, versi.laporan)


@dataclass(frozen=True)
class PermintaanBangun:
    """A report build job as the report page lists it."""

    job_id: str
    jenis: str
    tahun: int
    periode: str
    state: str  # queued / running / succeeded / failed
    progress: int
    message: str | None
    error: str | None
    diminta_pada: datetime
    selesai_pada: datetime | None
    oleh: str | None
    nomor: int | None  # the version it recorded

    @property
    def judul(self) -> str:
        return report_title(self.jenis, self.tahun, self.periode)


def list_report_builds(rt: Runtime, aktor: Aktor, limit: int = 20) -> list[PermintaanBangun]:
    """The newest report build jobs (anyone's), newest first. Raises Ditolak for roles that
    may not compose reports."""
    require(rt, aktor, Izin.SUSUN_LAPORAN, aksi="laporan.bangun.daftar")
    with rt.uow() as session:
        rows = session.execute(
            select(Job, Pengguna.nama, LaporanVersi.nomor)
            .outerjoin(Pengguna, Pengguna.id == Job.created_by_id)
            .outerjoin(LaporanVersi, LaporanVersi.job_id == Job.id)
            .where(Job.kind == KIND)
            .order_by(Job.created_at.desc(), Job.id)
            .limit(max(1, min(limit, 200)))
        ).all()
        return [
            PermintaanBangun(
                job_id=j.id,
                jenis=str(j.parameters.get("jenis", "")),
                tahun=int(j.parameters.get("tahun", 0)),
                periode=str(j.parameters.get("periode", "")),
                state=j.state,
                progress=j.progress,
                message=j.message,
                error=j.error,
                diminta_pada=j.created_at,
                selesai_pada=j.finished_at,
                oleh=nama,
                nomor=nomor,
            )
            for j, nama, nomor in rows
        ]


def retry_report_build(rt: Runtime, aktor: Aktor, job_id: str) -> str:
    """Ask again for a build whose job failed (the failed job stays in the history); returns
    the new job's id. Raises TidakDitemukan, InputTidakValid for a job that did not fail,
    Ditolak for roles that may not compose reports."""
    require(rt, aktor, Izin.SUSUN_LAPORAN, aksi="laporan.bangun")
    with rt.uow() as session:
        job = session.get(Job, job_id)
        if job is None or job.kind != KIND:
            raise TidakDitemukan(f"Permintaan pembangunan laporan {job_id} tidak ditemukan.")
        state, params = job.state, dict(job.parameters or {})
    if state != jobs.FAILED:
        raise InputTidakValid(["Hanya pembangunan laporan yang gagal yang dapat diulang."])
    return request_report_build(
        rt, aktor, str(params.get("jenis", "")), int(params.get("tahun", 0)), params.get("periode")
    )
