"""Use cases of SOP step 1 for a unit: download the prefilled template, upload the filled
quarterly workbook as a new version, read the version history back.

Every upload that passes validation is a new version, stored with its original file
(content-addressed); the newest version counts and older ones stay readable. A rejected
workbook changes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import InstrumentedAttribute, Session

from lakip.domain.indicators import Agregasi, Polaritas
from lakip.domain.periods import ROMAN, quarter_label
from lakip.domain.roles import Izin, Peran
from lakip.intake.issues import Issue, WorkbookRejected
from lakip.intake.quarter import (
    S_IDENTITAS,
    IndicatorContext,
    QuarterIdentity,
    QuarterReport,
    UnitQuarterContext,
    parse_quarter_workbook,
)
from lakip.intake.template import (
    TemplateBudget,
    TemplateData,
    TemplateIndicator,
    write_quarter_template,
)
from lakip.services.access import Aktor, audit, require, require_unit
from lakip.services.errors import InputTidakValid, Masalah, TidakDitemukan, dari_issues
from lakip.services.runtime import Runtime
from lakip.services.storage import store_file
from lakip.store.models import (
    Anggaran,
    Berkas,
    CatatanVersi,
    Indikator,
    Instansi,
    Pengguna,
    Pengiriman,
    Realisasi,
    RealisasiAnggaran,
    RencanaAksi,
    TargetTahunan,
    Unit,
    VersiPengiriman,
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


@dataclass(frozen=True)
class VersiView:
    """One version of a unit's quarterly report, for the history table."""

    id: int
    nomor: int
    terbaru: bool
    diunggah_pada: datetime
    diunggah_oleh: str | None
    nama_berkas: str
    berkas_sha256: str
    ukuran: int
    jumlah_realisasi: int
    jumlah_catatan: int
    catatan: list[Masalah]


def _unit(session: Session, kode: str) -> Unit | None:
    return session.scalar(select(Unit).where(Unit.kode == kode.strip()))


def _year_has_targets(session: Session, unit_id: int, tahun: int) -> bool:
    """Whether the plan gives the unit something to report for the year: an indicator
    target, or a budget line (a unit may report spending only)."""
    targets = (
        select(func.count())
        .select_from(TargetTahunan)
        .join(Indikator, Indikator.id == TargetTahunan.indikator_id)
        .where(TargetTahunan.tahun == tahun, Indikator.unit_id == unit_id)
    )
    lines = (
        select(func.count())
        .select_from(Anggaran)
        .where(Anggaran.tahun == tahun, Anggaran.unit_id == unit_id)
    )
    return bool(session.scalar(targets)) or bool(session.scalar(lines))


_S = TypeVar("_S", bound=Select)


def from_newest_versions(stmt: _S, versi_id: ColumnElement[int] | InstrumentedAttribute[int]) -> _S:
    """``stmt`` restricted to rows of each submission's newest version (the one that counts),
    with ``Pengiriman`` joined for filtering by unit, year and quarter."""
    return (
        stmt.join(VersiPengiriman, VersiPengiriman.id == versi_id)
        .join(Pengiriman, Pengiriman.id == VersiPengiriman.pengiriman_id)
        .where(VersiPengiriman.nomor == Pengiriman.versi_terakhir)
    )


def latest_realisasi(
    session: Session, tahun: int, triwulan: int, unit_ids: Sequence[int] | None = None
) -> dict[int, Realisasi]:
    """The counting realizations of a quarter (from each unit's newest version), by indicator id."""
    stmt = from_newest_versions(select(Realisasi), Realisasi.versi_id).where(
        Pengiriman.tahun == tahun, Pengiriman.triwulan == triwulan
    )
    if unit_ids is not None:
        stmt = stmt.where(Pengiriman.unit_id.in_(unit_ids))
    return {r.indikator_id: r for r in session.scalars(stmt)}


def _leaf_budget_lines(session: Session, unit_id: int, tahun: int) -> list[Anggaran]:
    """The unit's budget lines where money is spent: those no other line names as parent
    (normally the sub kegiatan); programs and kegiatan are their sums."""
    parents = set(
        session.scalars(
            select(Anggaran.induk_kode).where(
                Anggaran.tahun == tahun, Anggaran.induk_kode.is_not(None)
            )
        )
    )
    lines = session.scalars(
        select(Anggaran)
        .where(Anggaran.unit_id == unit_id, Anggaran.tahun == tahun)
        .order_by(Anggaran.kode)
    )
    return [a for a in lines if a.kode not in parents]


def _context(session: Session, unit: Unit, tahun: int, triwulan: int) -> UnitQuarterContext:
    indicators = list(
        session.scalars(
            select(Indikator).where(Indikator.unit_id == unit.id).order_by(Indikator.kode)
        )
    )
    plans = {
        ra.indikator_id: ra
        for ra in session.scalars(select(RencanaAksi).where(RencanaAksi.tahun == tahun))
    }
    previous = latest_realisasi(session, tahun, triwulan - 1, [unit.id]) if triwulan > 1 else {}
    contexts: dict[str, IndicatorContext] = {}
    for ind in indicators:
        ra = plans.get(ind.id)
        prev = previous.get(ind.id)
        contexts[ind.kode] = IndicatorContext(
            kode=ind.kode,
            nama=ind.nama,
            satuan=ind.satuan,
            agregasi=Agregasi(ind.agregasi),
            polaritas=Polaritas(ind.polaritas),
            target_tw=getattr(ra, f"tw{triwulan}") if ra else None,
            previous_realisasi=prev.nilai if prev else None,
        )
    others = frozenset(session.scalars(select(Indikator.kode).where(Indikator.unit_id != unit.id)))
    lines = _leaf_budget_lines(session, unit.id, tahun)
    other_lines = frozenset(
        session.scalars(
            select(Anggaran.kode).where(Anggaran.unit_id != unit.id, Anggaran.tahun == tahun)
        )
    )
    return UnitQuarterContext(
        kode_unit=unit.kode,
        nama_unit=unit.nama,
        tahun=tahun,
        triwulan=triwulan,
        indicators=contexts,
        other_indicator_codes=others,
        budget_lines={a.kode: a.pagu for a in lines},
        other_budget_codes=other_lines,
    )


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
            unit = _unit(session, identity.kode_unit)
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
            if not _year_has_targets(session, unit.id, identity.tahun):
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
            return _context(session, unit, identity.tahun, identity.triwulan)

        try:
            report = parse_quarter_workbook(
                data,
                load,
                max_bytes=rt.settings.max_upload_bytes,
                max_unpacked=rt.settings.max_unpacked_bytes,
            )
        except WorkbookRejected as exc:
            raise InputTidakValid(dari_issues(exc.errors)) from exc
        return _store(session, rt, aktor, report, data, nama_berkas)


def _store(
    session: Session,
    rt: Runtime,
    aktor: Aktor,
    report: QuarterReport,
    data: bytes,
    nama_berkas: str,
) -> HasilUnggah:
    ident = report.identity
    unit = _unit(session, ident.kode_unit)
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
        peringatan=dari_issues(report.warnings),
        berkas_sha256=sha,
    )


def _catatan(c: CatatanVersi) -> Masalah:
    lokasi = f"{c.lembar}!{c.sel}" if c.lembar and c.sel else (c.lembar or c.sel or "")
    return Masalah(lokasi, c.pesan)


def _display_name(name: str) -> str:
    """The uploaded name for display only: no folders, bounded length."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "laporan.xlsx"
    return base[:200]


def _check_quarter(tahun: int, triwulan: int) -> None:
    problems = []
    if triwulan not in ROMAN:
        problems.append(f"Triwulan harus 1–4, ditemukan {triwulan}")
    if not 2000 <= tahun <= 2100:
        problems.append(f"Tahun harus antara 2000 dan 2100, ditemukan {tahun}")
    if problems:
        raise InputTidakValid(problems)


def template_for(
    rt: Runtime, aktor: Aktor, kode_unit: str, tahun: int, triwulan: int
) -> tuple[str, bytes]:
    """The prefilled quarterly workbook for a unit and quarter, with the realizations
    already reported for that quarter; returns (file name, bytes).

    Raises InputTidakValid for an unknown unit or a year without targets, Ditolak when the
    actor may not download it for that unit.
    """
    require(rt, aktor, Izin.UNDUH_TEMPLATE, aksi="template.unduh")
    _check_quarter(tahun, triwulan)
    with rt.uow() as session:
        unit = _unit(session, kode_unit)
        if unit is None:
            raise InputTidakValid([f"Unit dengan kode '{kode_unit}' tidak ditemukan."])
        require_unit(rt, aktor, Izin.UNDUH_TEMPLATE, unit, aksi="template.unduh")
        if not _year_has_targets(session, unit.id, tahun):
            raise InputTidakValid(
                [f"Tahun {tahun} belum memiliki target untuk unit {unit.kode} dalam perencanaan."]
            )
        ctx = _context(session, unit, tahun, triwulan)
        reported = latest_realisasi(session, tahun, triwulan, [unit.id])
        ids = {
            i.kode: i.id
            for i in session.scalars(select(Indikator).where(Indikator.unit_id == unit.id))
        }
        spent = _latest_budget(session, unit.id, tahun, triwulan)
        instansi = session.scalar(select(Instansi))
        user = session.get(Pengguna, aktor.id) if aktor.id else None
        rows = []
        for kode, ic in ctx.indicators.items():
            r = reported.get(ids[kode])
            rows.append(
                TemplateIndicator(
                    kode=kode,
                    nama=ic.nama,
                    satuan=ic.satuan,
                    target_tw=ic.target_tw,
                    realisasi=r.nilai if r else None,
                    keterangan=r.keterangan if r else None,
                    kendala=r.kendala if r else None,
                    upaya=r.upaya if r else None,
                )
            )
        lines = _leaf_budget_lines(session, unit.id, tahun)
        budget = [
            TemplateBudget(kode=a.kode, uraian=a.uraian, pagu=a.pagu, realisasi=spent.get(a.id))
            for a in lines
        ]
        data = write_quarter_template(
            TemplateData(
                nama_instansi=instansi.nama if instansi else "",
                kode_unit=unit.kode,
                nama_unit=unit.nama,
                tahun=tahun,
                triwulan=triwulan,
                disusun_oleh=user.nama if user else None,
                indikator=rows,
                anggaran=budget,
            )
        )
    name = f"Laporan_Kinerja_{unit.kode}_{tahun}_TW{ROMAN[triwulan]}.xlsx"
    return name, data


def _latest_budget(
    session: Session, unit_id: int, tahun: int, triwulan: int
) -> dict[int, Decimal | None]:
    stmt = from_newest_versions(select(RealisasiAnggaran), RealisasiAnggaran.versi_id).where(
        Pengiriman.unit_id == unit_id, Pengiriman.tahun == tahun, Pengiriman.triwulan == triwulan
    )
    return {r.anggaran_id: r.nilai for r in session.scalars(stmt)}


def list_versions(
    rt: Runtime, aktor: Aktor, kode_unit: str, tahun: int, triwulan: int
) -> list[VersiView]:
    """Every version of a unit's report for a quarter, newest first."""
    require(rt, aktor, Izin.LIHAT_CAPAIAN, aksi="laporan_triwulan.riwayat")
    with rt.uow() as session:
        unit = _unit(session, kode_unit)
        if unit is None:
            raise TidakDitemukan(f"Unit dengan kode '{kode_unit}' tidak ditemukan.")
        require_unit(rt, aktor, Izin.LIHAT_CAPAIAN, unit, aksi="laporan_triwulan.riwayat")
        sub = session.scalar(
            select(Pengiriman).where(
                Pengiriman.unit_id == unit.id,
                Pengiriman.tahun == tahun,
                Pengiriman.triwulan == triwulan,
            )
        )
        if sub is None:
            return []
        sizes = dict(
            session.execute(
                select(Berkas.sha256, Berkas.ukuran).where(
                    Berkas.sha256.in_([v.berkas_sha256 for v in sub.versi])
                )
            ).all()
        )
        views = []
        for v in sorted(sub.versi, key=lambda v: v.nomor, reverse=True):
            views.append(
                VersiView(
                    id=v.id,
                    nomor=v.nomor,
                    terbaru=v.nomor == sub.versi_terakhir,
                    diunggah_pada=v.diunggah_pada,
                    diunggah_oleh=v.diunggah_oleh.nama if v.diunggah_oleh else "Sistem",
                    nama_berkas=v.nama_berkas,
                    berkas_sha256=v.berkas_sha256,
                    ukuran=sizes.get(v.berkas_sha256, 0),
                    jumlah_realisasi=sum(1 for r in v.realisasi if r.nilai is not None),
                    jumlah_catatan=len(v.catatan),
                    catatan=[_catatan(c) for c in v.catatan],
                )
            )
        return views


def version_file(rt: Runtime, aktor: Aktor, versi_id: int) -> tuple[str, bytes]:
    """The original uploaded file of a version, as (download name, bytes)."""
    require(rt, aktor, Izin.LIHAT_CAPAIAN, aksi="laporan_triwulan.unduh_versi")
    with rt.uow() as session:
        versi = session.get(VersiPengiriman, versi_id)
        if versi is None:
            raise TidakDitemukan(f"Versi laporan {versi_id} tidak ditemukan.")
        sub = versi.pengiriman
        require_unit(rt, aktor, Izin.LIHAT_CAPAIAN, sub.unit, aksi="laporan_triwulan.unduh_versi")
        name = f"{sub.unit.kode}_{sub.tahun}_TW{ROMAN[sub.triwulan]}_v{versi.nomor}.xlsx"
        audit(
            session,
            aktor,
            "laporan_triwulan.unduh_versi",
            objek="versi_pengiriman",
            objek_id=versi.id,
        )
        return name, rt.files.get(versi.berkas_sha256)


def quarter_title(tahun: int, triwulan: int) -> str:
    """ "Triwulan III Tahun 2025"."""
    return f"{quarter_label(triwulan)} Tahun {tahun}"


def units_for(rt: Runtime, aktor: Aktor) -> list[tuple[str, str]]:
    """(kode, nama) of the units ``aktor`` may upload or view for, sorted by code."""
    with rt.uow() as session:
        stmt = select(Unit.kode, Unit.nama).where(Unit.aktif.is_(True)).order_by(Unit.kode)
        if not aktor.sistem and aktor.peran is Peran.STAF_UNIT:
            stmt = stmt.where(Unit.id == (aktor.unit_id or -1))
        return [(k, n) for k, n in session.execute(stmt)]
