"""Reading a periodic report's data (:class:`~lakip.reports.report_model.DataLaporan`) in
the caller's transaction, as the system: a report covers every unit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from lakip.domain.achievement import achievement
from lakip.domain.budget import absorption, efficiency, period_budget_realization
from lakip.domain.formatting import format_date, format_local_datetime
from lakip.domain.indicators import Agregasi
from lakip.domain.periods import QUARTERS, Period, parse_period
from lakip.reports.document import Kop
from lakip.reports.images import image_format
from lakip.reports.report_model import (
    BarisAnggaranLaporan,
    DataLaporan,
    DataTahunan,
    IndikatorTahunan,
    Penandatangan,
    RencanaAksiBaris,
    SasaranTahunan,
    SumberVersi,
    TahunLalu,
)
from lakip.services.access import SISTEM
from lakip.services.achievement import _read_capaian, capaian_table
from lakip.store.files import FileStore
from lakip.store.models import (
    AnalisisLaporan,
    Anggaran,
    Indikator,
    Laporan,
    Pengiriman,
    RencanaAksi,
    Sasaran,
    Unit,
    VersiPengiriman,
)
from lakip.store.queries import agency_profile, leaf_budget_lines


def read_periodic_data(
    session: Session,
    files: FileStore,
    zona: timezone,
    jenis: str,
    tahun: int,
    period: Period,
    *,
    nomor_versi: int,
    now: datetime,
) -> tuple[DataLaporan, list[int]]:
    """The quarterly or semester report's data and the ids of the submission versions it
    uses (every counting version of the quarters up to the period's last)."""
    utama = _read_capaian(session, SISTEM, tahun, period)
    kumulatif = _read_capaian(session, SISTEM, tahun, parse_period(f"SD{period.last_quarter}"))
    rincian = (
        [_read_capaian(session, SISTEM, tahun, parse_period(f"TW{q}")) for q in period.quarters]
        if jenis == "semester"
        else []
    )
    profil = agency_profile(session)
    instansi = f"{profil.nama} {profil.pemerintah_daerah}" if profil else ""
    kop, penandatangan = _letterhead(session, files, zona, now)
    units = {u.id: u.kode for u in session.scalars(select(Unit))}
    anggaran = []
    for line in leaf_budget_lines(session, tahun):
        spent = period_budget_realization(line.realisasi, period)
        anggaran.append(
            BarisAnggaranLaporan(
                kode=line.kode,
                uraian=line.uraian,
                kode_unit=units.get(line.unit_id, ""),
                pagu=line.pagu,
                realisasi=spent,
                serapan=absorption(spent, line.pagu),
            )
        )
    used = sorted(set(kumulatif.sumber_versi) | set(utama.sumber_versi))
    data = DataLaporan(
        jenis=jenis,
        tahun=tahun,
        periode=period.kode,
        label_periode=period.label,
        instansi=instansi,
        kop=kop,
        penandatangan=penandatangan,
        utama=capaian_table(utama, instansi),
        kumulatif=capaian_table(kumulatif, instansi),
        rincian=[capaian_table(r, instansi) for r in rincian],
        anggaran=anggaran,
        sumber=_sources(session, zona, used),
        nomor_versi=nomor_versi,
        dibangun_pada=format_local_datetime(now, zona),
    )
    return data, used


def read_annual_data(
    session: Session,
    files: FileStore,
    zona: timezone,
    tahun: int,
    *,
    nomor_versi: int,
    now: datetime,
    analisis: dict[str, str],
) -> tuple[DataTahunan, list[int]]:
    """The LKjIP's data and the ids of the submission versions it uses."""
    year = parse_period("TAHUN")
    utama = _read_capaian(session, SISTEM, tahun, year)
    earlier = {
        y: {i.kode: i for i in _read_capaian(session, SISTEM, y, year).indikator}
        for y in (tahun - 2, tahun - 1)
    }
    quarters = [_read_capaian(session, SISTEM, tahun, parse_period(f"TW{q}")) for q in QUARTERS]
    profil = agency_profile(session)
    kop, penandatangan = _letterhead(session, files, zona, now)
    instansi = f"{profil.nama} {profil.pemerintah_daerah}" if profil else ""
    meta = {
        i.kode: i
        for i in session.scalars(
            select(Indikator).where(Indikator.kode.in_([x.kode for x in utama.indikator]))
        )
    }
    indikator = []
    for i in utama.indikator:
        row = meta[i.kode]
        renstra, standar = row.target_akhir_renstra, row.standar_nasional
        indikator.append(
            IndikatorTahunan(
                kode=i.kode,
                nama=i.nama,
                satuan=i.satuan,
                kode_sasaran=i.kode_sasaran,
                unit=i.nama_unit,
                target=i.target,
                realisasi=i.realisasi,
                capaian=i.capaian,
                predikat=i.predikat.value if i.predikat else None,
                riwayat=[
                    TahunLalu(y, e.target, e.realisasi, e.capaian)
                    for y, by_kode in sorted(earlier.items())
                    if (e := by_kode.get(i.kode)) is not None
                ],
                target_renstra=renstra,
                capaian_renstra=achievement(renstra, i.realisasi, i.polaritas) if renstra else None,
                standar_nasional=standar,
                capaian_standar=achievement(standar, i.realisasi, i.polaritas) if standar else None,
                triwulan_berdata=i.triwulan_berdata,
                jumlah_triwulan=i.jumlah_triwulan,
                kumulatif=i.agregasi is Agregasi.KUMULATIF,
                kendala=i.kendala,
                upaya=i.upaya,
            )
        )
    units = {u.id: u for u in session.scalars(select(Unit).order_by(Unit.kode))}
    sasaran_ids = {s.kode: s.id for s in session.scalars(select(Sasaran))}
    tujuan = {s.kode: s.tujuan or "" for s in session.scalars(select(Sasaran))}
    all_lines = {
        a.kode: a for a in session.scalars(select(Anggaran).where(Anggaran.tahun == tahun))
    }
    leaves = leaf_budget_lines(session, tahun)
    anggaran: list[BarisAnggaranLaporan] = []
    per_sasaran: dict[int | None, _Bucket] = {}
    for line in leaves:
        spent = period_budget_realization(line.realisasi, year)
        anggaran.append(
            BarisAnggaranLaporan(
                line.kode, line.uraian, units[line.unit_id].kode if line.unit_id in units else "",
                line.pagu, spent, absorption(spent, line.pagu),
            )
        )  # fmt: skip
        program = _program_of(all_lines, line.kode)
        bucket = per_sasaran.setdefault(line.sasaran_id, _Bucket())
        bucket.pagu += line.pagu
        if spent is not None:
            bucket.spent.append(spent)
        if program and program not in bucket.program:
            bucket.program.append(program)
    sasaran = []
    for s in utama.sasaran:
        b = per_sasaran.get(sasaran_ids.get(s.kode), _Bucket())
        real = sum(b.spent, Decimal(0)) if b.spent else None
        serapan = absorption(real, b.pagu)
        sasaran.append(
            SasaranTahunan(
                kode=s.kode,
                nama=s.nama,
                tujuan=tujuan.get(s.kode, ""),
                capaian=s.capaian,
                predikat=s.predikat.value if s.predikat else None,
                pagu=b.pagu,
                realisasi_anggaran=real,
                serapan=serapan,
                efisiensi=efficiency(s.capaian, serapan),
                program=list(b.program),
            )
        )
    plans = {
        p.indikator_id: p
        for p in session.scalars(select(RencanaAksi).where(RencanaAksi.tahun == tahun))
    }
    rencana = [
        RencanaAksiBaris(
            i.kode, i.nama, i.satuan, i.target,
            [getattr(plans[meta[i.kode].id], f"tw{q}") if meta[i.kode].id in plans else None for q in QUARTERS],
        )
        for i in utama.indikator
    ]  # fmt: skip
    used = sorted(set(utama.sumber_versi))
    data = DataTahunan(
        tahun=tahun,
        instansi=instansi,
        nama_instansi=profil.nama if profil else "",
        pemerintah_daerah=profil.pemerintah_daerah if profil else "",
        alamat=(profil.alamat or "") if profil else "",
        kop=kop,
        penandatangan=penandatangan,
        unit=[(u.kode, u.nama) for u in units.values()],
        indikator=indikator,
        sasaran=sasaran,
        anggaran=anggaran,
        triwulan=[capaian_table(q, instansi) for q in quarters],
        rencana_aksi=rencana,
        sumber=_sources(session, zona, used),
        nomor_versi=nomor_versi,
        dibangun_pada=format_local_datetime(now, zona),
        analisis=analisis,
    )
    return data, used


@dataclass
class _Bucket:
    """An objective's budget: its lines' ceilings, spending and programs."""

    pagu: Decimal = Decimal(0)
    spent: list[Decimal] = field(default_factory=list)
    program: list[str] = field(default_factory=list)


def _program_of(lines: dict[str, Anggaran], kode: str) -> str | None:
    """The program a budget line belongs to: its top-most ancestor, "kode uraian"."""
    seen = set()
    line = lines.get(kode)
    while line is not None and line.induk_kode and line.induk_kode in lines and kode not in seen:
        seen.add(kode)
        kode = line.induk_kode
        line = lines.get(kode)
    return f"{line.kode} {line.uraian}" if line is not None else None


def _letterhead(
    session: Session, files: FileStore, zona: timezone, now: datetime
) -> tuple[Kop | None, Penandatangan | None]:
    """The agency's letterhead (with its logo when it decodes) and its head's signature."""
    profil = agency_profile(session)
    if profil is None:
        return None, None
    penandatangan = None
    logo = None
    if profil.logo_sha256 and files.exists(profil.logo_sha256):
        logo = files.get(profil.logo_sha256)
    kind = image_format(logo) if logo is not None else None  # a damaged one is left out
    kop = Kop(
        pemerintah=f"Pemerintah {profil.pemerintah_daerah}",
        instansi=profil.nama,
        alamat=" · ".join(x for x in (profil.alamat, profil.telepon) if x),
        logo=logo if kind is not None else None,
        logo_jenis=kind or "png",
    )
    if profil.kepala_nama:
        penandatangan = Penandatangan(
            kota=f"{profil.kota_ttd or profil.pemerintah_daerah}, "
            f"{format_date(now.astimezone(zona).date())}",
            jabatan=f"Kepala {profil.nama}",
            nama=profil.kepala_nama,
            pangkat=profil.kepala_pangkat or "",
            nip=profil.kepala_nip or "",
        )
    return kop, penandatangan


def _sources(session: Session, zona: timezone, used: list[int]) -> list[SumberVersi]:
    """The submission versions ``used``, by unit and quarter."""
    rows = session.execute(
        select(VersiPengiriman, Pengiriman.triwulan, Unit.kode)
        .join(Pengiriman, Pengiriman.id == VersiPengiriman.pengiriman_id)
        .join(Unit, Unit.id == Pengiriman.unit_id)
        .where(VersiPengiriman.id.in_(used))
        .order_by(Unit.kode, Pengiriman.triwulan)
    ).all()
    return [
        SumberVersi(kode, tw, v.nomor, v.nama_berkas, format_local_datetime(v.diunggah_pada, zona))
        for v, tw, kode in rows
    ]


def report_row(session: Session, jenis: str, tahun: int, kode: str) -> Laporan:
    """The report of that kind and period, made on first use."""
    lap = session.scalar(
        select(Laporan).where(
            Laporan.jenis == jenis, Laporan.tahun == tahun, Laporan.periode == kode
        )
    )
    if lap is None:
        lap = Laporan(jenis=jenis, tahun=tahun, periode=kode, versi_terakhir=0)
        session.add(lap)
        session.flush()
    return lap


def analysis_edits(session: Session, lap: Laporan) -> dict[str, AnalisisLaporan]:
    """The latest edit of each paragraph of the report's analysis."""
    rows = session.scalars(
        select(AnalisisLaporan)
        .where(AnalisisLaporan.laporan_id == lap.id)
        .order_by(AnalisisLaporan.id)
    )
    return {r.kunci: r for r in rows}


def current_analysis(session: Session, lap: Laporan) -> dict[str, str]:
    """The texts people wrote that replace drafts now (an empty edit put the draft back)."""
    return {k: r.teks for k, r in analysis_edits(session, lap).items() if r.teks}
