"""Use case of SOP step 1 for a unit: upload the filled quarterly workbook as a new version.

Every upload that passes validation is a new version, stored with its original file
(content-addressed); the newest version counts and older ones stay readable. A rejected
workbook changes nothing. A workbook is checked against the same context its template was
prefilled from (:mod:`lakip.services._quarter_context`); the version history is
:mod:`lakip.services.history`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lakip.domain.periods import quarter_title
from lakip.domain.roles import Izin, Peran
from lakip.domain.workflow import (
    AksiPengiriman,
    AksiPutaran,
    LangkahDitolak,
    StatusPutaran,
    TahapPengiriman,
    move_round,
    move_submission,
)
from lakip.intake.issues import Issue, WorkbookRejected
from lakip.intake.quarter import (
    S_IDENTITAS,
    QuarterIdentity,
    QuarterReport,
    UnitQuarterContext,
    parse_quarter_workbook,
)
from lakip.services._collection import closes_at, is_late, refuse_move
from lakip.services._notices import active_users, notify
from lakip.services._quarter_context import unit_quarter_context
from lakip.services._sop_steps import start_step
from lakip.services.access import Aktor, audit, require, require_unit
from lakip.services.errors import InputTidakValid, Masalah, masalah_from_issues
from lakip.services.runtime import Runtime
from lakip.services.storage import store_file
from lakip.store.models import (
    Anggaran,
    CatatanVersi,
    Indikator,
    Koreksi,
    Pengiriman,
    PutaranPengumpulan,
    Realisasi,
    RealisasiAnggaran,
    VersiPengiriman,
)
from lakip.store.queries import (
    collection_round,
    leaf_budget_lines,
    unit_by_code,
    unit_has_plan,
)


@dataclass(frozen=True)
class HasilUnggah:
    """The outcome of an accepted upload."""

    versi_id: int
    nomor: int
    kode_unit: str
    nama_unit: str
    tahun: int
    triwulan: int
    jumlah_realisasi: int
    jumlah_kosong: int
    peringatan: list[Masalah]
    berkas_sha256: str


def submit_quarter(rt: Runtime, aktor: Aktor, data: bytes, nama_berkas: str) -> HasilUnggah:
    """Validate a filled quarterly workbook and store it as the unit's newest version.

    Raises InputTidakValid with every error (cell, value found, expectation; nothing is
    stored), or Ditolak when the actor may not upload for that unit.
    """
    require(rt, aktor, Izin.UNGGAH_REALISASI, aksi="laporan_triwulan.unggah")
    for _attempt in range(3):
        try:
            return _submit(rt, aktor, data, nama_berkas)
        except IntegrityError:
            # Two uploads for the same unit and quarter raced for the same version number;
            # the loser takes the next number. Nothing was stored by the failed attempt.
            continue
    raise InputTidakValid(["Server sibuk menyimpan unggahan lain untuk unit ini; coba lagi."])


class _RoundRefused(Exception):
    """The round does not take this upload; raised before anything is written, so that the
    refusal's audit row is written after the rollback."""

    def __init__(self, reason: LangkahDitolak, detail: dict[str, object]) -> None:
        super().__init__(str(reason))
        self.reason = reason
        self.detail = detail


def _submit(rt: Runtime, aktor: Aktor, data: bytes, nama_berkas: str) -> HasilUnggah:
    try:
        return _submit_in_one_transaction(rt, aktor, data, nama_berkas)
    except _RoundRefused as exc:
        raise refuse_move(rt, aktor, "laporan_triwulan.unggah", exc.reason, **exc.detail) from exc


def _submit_in_one_transaction(
    rt: Runtime, aktor: Aktor, data: bytes, nama_berkas: str
) -> HasilUnggah:
    with rt.uow() as session:

        def load(identity: QuarterIdentity) -> UnitQuarterContext:
            unit = unit_by_code(session, identity.kode_unit)
            if unit is None:
                raise WorkbookRejected(
                    [
                        Issue(
                            message=f"Kode Unit '{identity.kode_unit}' tidak terdaftar dalam perencanaan",
                            sheet=S_IDENTITAS,
                            cell=identity.cells.kode_unit,
                            value=identity.kode_unit,
                            expected="kode unit yang terdaftar",
                        )
                    ]
                )
            require_unit(rt, aktor, Izin.UNGGAH_REALISASI, unit, aksi="laporan_triwulan.unggah")
            if not unit_has_plan(session, unit.id, identity.tahun):
                raise WorkbookRejected(
                    [
                        Issue(
                            message=(
                                f"Tahun {identity.tahun} belum memiliki target untuk unit "
                                f"{unit.kode} dalam perencanaan"
                            ),
                            sheet=S_IDENTITAS,
                            cell=identity.cells.tahun,
                            value=str(identity.tahun),
                            expected="tahun yang memiliki target (Perjanjian Kinerja)",
                        )
                    ]
                )
            lines = leaf_budget_lines(session, identity.tahun, unit_id=unit.id)
            return unit_quarter_context(session, unit, identity.tahun, identity.triwulan, lines)

        try:
            report = parse_quarter_workbook(
                data,
                load,
                max_bytes=rt.settings.max_upload_bytes,
                max_unpacked=rt.settings.max_unpacked_bytes,
            )
        except WorkbookRejected as exc:
            raise InputTidakValid(masalah_from_issues(exc.errors)) from exc
        result = _store(session, rt, aktor, report, data, nama_berkas)
        session.commit()
        return result


def _store(
    session: Session,
    rt: Runtime,
    aktor: Aktor,
    report: QuarterReport,
    data: bytes,
    nama_berkas: str,
) -> HasilUnggah:
    ident = report.identity
    unit = unit_by_code(session, ident.kode_unit)
    assert unit is not None
    sub = session.scalar(
        select(Pengiriman).where(
            Pengiriman.unit_id == unit.id,
            Pengiriman.tahun == ident.tahun,
            Pengiriman.triwulan == ident.triwulan,
        )
    )
    now = rt.clock()
    putaran = collection_round(session, ident.tahun, ident.triwulan)
    sebelum = (
        TahapPengiriman(sub.status)
        if sub is not None and sub.versi_terakhir > 0
        else TahapPengiriman.BELUM
    )
    tahap = _gate(rt, putaran, sebelum, now, unit.kode) if putaran is not None else None
    if sub is None:
        sub = Pengiriman(
            unit_id=unit.id, tahun=ident.tahun, triwulan=ident.triwulan, versi_terakhir=0
        )
        session.add(sub)
        session.flush()
    if putaran is not None and tahap is not None:
        sub.putaran_id = putaran.id
        sub.status = tahap.value
    nomor = sub.versi_terakhir + 1
    sha = store_file(session, rt.files, data, "xlsx")
    versi = VersiPengiriman(
        pengiriman_id=sub.id,
        nomor=nomor,
        berkas_sha256=sha,
        nama_berkas=_display_name(nama_berkas),
        diunggah_oleh_id=aktor.id,
        diunggah_pada=now,
        disusun_oleh=ident.disusun_oleh,
        tanggal_laporan=ident.tanggal,
    )
    session.add(versi)
    session.flush()
    # The workbook holds only the unit's own indicators (checked against its context).
    ids = dict(
        session.execute(
            select(Indikator.kode, Indikator.id).where(Indikator.unit_id == unit.id)
        ).all()
    )
    # Rows by one executemany per table, no ORM objects built (an upload is read back from
    # the database, never from these rows in the session); render_nulls keeps the ORM's bulk
    # INSERT from splitting the rows into one statement per pattern of empty columns.
    if report.realisasi:
        session.execute(
            insert(Realisasi).execution_options(render_nulls=True),
            [
                {
                    "versi_id": versi.id,
                    "indikator_id": ids[row.kode_indikator],
                    "nilai": row.nilai,
                    "keterangan": row.keterangan,
                    "kendala": row.kendala,
                    "upaya": row.upaya,
                    "baris": row.row,
                }
                for row in report.realisasi
            ],
        )
    if report.anggaran:
        lines = dict(
            session.execute(
                select(Anggaran.kode, Anggaran.id).where(
                    Anggaran.tahun == ident.tahun, Anggaran.unit_id == unit.id
                )
            ).all()
        )
        session.execute(
            insert(RealisasiAnggaran).execution_options(render_nulls=True),
            [
                {
                    "versi_id": versi.id,
                    "anggaran_id": lines[arow.kode],
                    "nilai": arow.nilai,
                    "baris": arow.row,
                }
                for arow in report.anggaran
            ],
        )
    if report.warnings:
        session.execute(
            insert(CatatanVersi).execution_options(render_nulls=True),
            [
                {
                    "versi_id": versi.id,
                    "lembar": w.sheet,
                    "sel": w.cell,
                    "nilai": w.value,
                    "pesan": w.body,
                }
                for w in report.warnings
            ],
        )
    # Conditional bump: if another upload took this number meanwhile, the unique constraint
    # on (pengiriman_id, nomor) or this guard makes us retry with the next one.
    bumped = (
        session.query(Pengiriman)
        .filter(Pengiriman.id == sub.id, Pengiriman.versi_terakhir == nomor - 1)
        .update({Pengiriman.versi_terakhir: nomor}, synchronize_session=False)
    )
    if bumped != 1:
        raise IntegrityError("versi_terakhir", None, Exception("concurrent upload"))
    if sebelum is TahapPengiriman.DIKEMBALIKAN and putaran is not None:
        _answer_corrections(rt, session, sub, versi, putaran, unit.kode, now)
    audit(
        session,
        aktor,
        "laporan_triwulan.unggah",
        objek="versi_pengiriman",
        objek_id=versi.id,
        detail={
            "unit": unit.kode,
            "tahun": ident.tahun,
            "triwulan": ident.triwulan,
            "versi": nomor,
            "berkas": sha,
            "nama_berkas": versi.nama_berkas,
            "sebelum": sebelum.value,
            "sesudah": sub.status,
        },
    )
    session.flush()
    return HasilUnggah(
        versi_id=versi.id,
        nomor=nomor,
        kode_unit=unit.kode,
        nama_unit=unit.nama,
        tahun=ident.tahun,
        triwulan=ident.triwulan,
        jumlah_realisasi=sum(1 for r in report.realisasi if r.nilai is not None),
        jumlah_kosong=sum(1 for r in report.realisasi if r.nilai is None),
        peringatan=masalah_from_issues(report.warnings),
        berkas_sha256=sha,
    )


def _gate(
    rt: Runtime,
    putaran: PutaranPengumpulan,
    sebelum: TahapPengiriman,
    now: datetime,
    kode_unit: str,
) -> TahapPengiriman:
    """The submission's stage after this upload, or _RoundRefused when the round does not
    take it (closed, draft, accepted; under correction for another unit)."""
    status = StatusPutaran(putaran.status)
    if status is StatusPutaran.DIBUKA and now >= closes_at(putaran, rt.settings.timezone):
        status = StatusPutaran.DITUTUP  # past its deadline: closed, whether or not swept yet
    judul = quarter_title(putaran.tahun, putaran.triwulan)
    detail: dict[str, object] = {"unit": kode_unit, "putaran": putaran.id, "status": status.value}
    try:
        move_round(status, AksiPutaran.UNGGAH)
        if status is StatusPutaran.DIKEMBALIKAN and sebelum not in (
            TahapPengiriman.DIKEMBALIKAN,
            TahapPengiriman.DIPERBAIKI,
        ):
            raise LangkahDitolak(
                f"Tidak dapat mengunggah ke pengumpulan: pengumpulan {judul} sedang menunggu "
                f"perbaikan dari unit lain; laporan {kode_unit} tidak diminta diperbaiki."
            )
        return move_submission(
            sebelum, AksiPengiriman.UNGGAH, terlambat=is_late(putaran, now, rt.settings.timezone)
        )
    except LangkahDitolak as exc:
        reason = LangkahDitolak(f"{exc} ({judul}, unit {kode_unit})")
        raise _RoundRefused(reason, detail) from exc


def _answer_corrections(
    rt: Runtime,
    session: Session,
    sub: Pengiriman,
    versi: VersiPengiriman,
    putaran: PutaranPengumpulan,
    kode_unit: str,
    now: datetime,
) -> None:
    """A version answering the reviewer's corrections: mark them answered, tell the Irban
    Wil, and start the review step again."""
    for k in session.scalars(
        select(Koreksi).where(
            Koreksi.pengiriman_id == sub.id, Koreksi.diselesaikan_versi_id.is_(None)
        )
    ):
        k.diselesaikan_versi_id = versi.id
    judul = quarter_title(putaran.tahun, putaran.triwulan)
    notify(
        session,
        active_users(session, peran=[Peran.IRBAN_WIL]),
        f"versi:{versi.id}:perbaikan",
        "perbaikan_masuk",
        f"Perbaikan {kode_unit} {judul} masuk",
        f"Unit {kode_unit} mengunggah versi {versi.nomor} sebagai perbaikan atas hasil koreksi; "
        "silakan direviu kembali.",
        now,
        email=bool(rt.settings.smtp_url),
    )
    start_step(session, 7, now, putaran_id=putaran.id, objek="Reviu data triwulan")


def _display_name(name: str) -> str:
    """The uploaded name for display only: no folders, bounded length."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "laporan.xlsx"
    return base[:200]
