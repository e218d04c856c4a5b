"""Reading a periodic report's data (:class:`~lakip.reports.report_model.DataLaporan`) in
the caller's transaction, as the system: a report covers every unit."""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import select
from sqlalchemy.orm import Session

from lakip.domain.budget import absorption, period_budget_realization
from lakip.domain.formatting import format_date, format_local_datetime
from lakip.domain.periods import Period, parse_period
from lakip.reports.document import Kop
from lakip.reports.images import image_format
from lakip.reports.report_model import (
    BarisAnggaranLaporan,
    DataLaporan,
    Penandatangan,
    SumberVersi,
)
from lakip.services.access import SISTEM
from lakip.services.achievement import _read_capaian, capaian_table
from lakip.store.files import FileStore
from lakip.store.models import Pengiriman, Unit, VersiPengiriman
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
    kop = penandatangan = None
    if profil is not None:
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
    rows = session.execute(
        select(VersiPengiriman, Pengiriman.triwulan, Unit.kode)
        .join(Pengiriman, Pengiriman.id == VersiPengiriman.pengiriman_id)
        .join(Unit, Unit.id == Pengiriman.unit_id)
        .where(VersiPengiriman.id.in_(used))
        .order_by(Unit.kode, Pengiriman.triwulan)
    ).all()
    sumber = [
        SumberVersi(kode, tw, v.nomor, v.nama_berkas, format_local_datetime(v.diunggah_pada, zona))
        for v, tw, kode in rows
    ]
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
        sumber=sumber,
        nomor_versi=nomor_versi,
        dibangun_pada=format_local_datetime(now, zona),
    )
    return data, used
