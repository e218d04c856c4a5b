"""Use case of SOP step 1 for a unit: upload the filled quarterly workbook as a new version.

Every upload that passes validation is a new version, stored with its original file
(content-addressed); the newest version counts and older ones stay readable. A rejected
workbook changes nothing. A workbook is checked against the same context its template was
prefilled from (:mod:`lakip.services._quarter_context`); the version history is
:mod:`lakip.services.history`.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lakip.domain.roles import Izin
from lakip.intake.issues import Issue, WorkbookRejected
from lakip.intake.quarter import (
    S_IDENTITAS,
    QuarterIdentity,
    QuarterReport,
    UnitQuarterContext,
    parse_quarter_workbook,
)
from lakip.services._quarter_context import unit_quarter_context
from lakip.services.access import Aktor, audit, require, require_unit
from lakip.services.errors import InputTidakValid, Masalah, masalah_from_issues
from lakip.services.runtime import Runtime
from lakip.services.storage import store_file
from lakip.store.models import (
    Anggaran,
    CatatanVersi,
    Indikator,
    Pengiriman,
    Realisasi,
    RealisasiAnggaran,
    VersiPengiriman,
)
from lakip.store.queries import leaf_budget_lines, unit_by_code, unit_has_plan


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


def _submit(rt: Runtime, aktor: Aktor, data: bytes, nama_berkas: str) -> HasilUnggah:
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
    if sub is None:
        sub = Pengiriman(
            unit_id=unit.id, tahun=ident.tahun, triwulan=ident.triwulan, versi_terakhir=0
        )
        session.add(sub)
        session.flush()
    nomor = sub.versi_terakhir + 1
    sha = store_file(session, rt.files, data, "xlsx")
    versi = VersiPengiriman(
        pengiriman_id=sub.id,
        nomor=nomor,
        berkas_sha256=sha,
        nama_berkas=_display_name(nama_berkas),
        diunggah_oleh_id=aktor.id,
        disusun_oleh=ident.disusun_oleh,
        tanggal_laporan=ident.tanggal,
    )
    session.add(versi)
    session.flush()
    ids = dict(session.execute(select(Indikator.kode, Indikator.id)).all())
    for row in report.realisasi:
        session.add(
            Realisasi(
                versi_id=versi.id,
                indikator_id=ids[row.kode_indikator],
                nilai=row.nilai,
                keterangan=row.keterangan,
                kendala=row.kendala,
                upaya=row.upaya,
                baris=row.row,
            )
        )
    if report.anggaran:
        lines = dict(
            session.execute(
                select(Anggaran.kode, Anggaran.id).where(Anggaran.tahun == ident.tahun)
            ).all()
        )
        for arow in report.anggaran:
            session.add(
                RealisasiAnggaran(
                    versi_id=versi.id,
                    anggaran_id=lines[arow.kode],
                    nilai=arow.nilai,
                    baris=arow.row,
                )
            )
    for w in report.warnings:
        session.add(
            CatatanVersi(versi_id=versi.id, lembar=w.sheet, sel=w.cell, nilai=w.value, pesan=w.body)
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


def _display_name(name: str) -> str:
    """The uploaded name for display only: no folders, bounded length."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "laporan.xlsx"
    return base[:200]
