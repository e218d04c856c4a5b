"""Processing of a quarter (SOP step 3, "Olah Data"): the achievements of the quarter and of
the year to date, the data-quality checks, the units' kendala and upaya per indicator, and
the step's end."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy.orm import Session

from lakip.domain.periods import parse_period, quarter_title
from lakip.domain.quality import IndicatorQuarters, quality_flags
from lakip.domain.roles import Izin
from lakip.domain.workflow import StatusPutaran
from lakip.services._collection import check_quarter, refuse_move
from lakip.services._sop_steps import CatatanLangkah, finish_step, last_step, refuse_if_finished
from lakip.services.access import Aktor, audit, require, visible_unit_ids
from lakip.services.achievement import CapaianPeriode, _read_capaian
from lakip.services.recap import LANGKAH_OLAH, LANGKAH_REKAP
from lakip.services.runtime import Runtime
from lakip.store.queries import collection_round, counting_realizations, indicators_with_targets


@dataclass(frozen=True)
class MasalahData:
    """A data-quality finding on one indicator: a stable code and an Indonesian message."""

    kode_indikator: str
    nama_indikator: str
    kode_unit: str
    kode: str
    pesan: str


@dataclass(frozen=True)
class CatatanIndikator:
    """What the units wrote for an indicator in the quarter: obstacles and remedies."""

    kode: str
    nama: str
    nama_unit: str
    kendala: tuple[str, ...]
    upaya: tuple[str, ...]


@dataclass(frozen=True)
class OlahData:
    """Everything the processing screen shows for a quarter."""

    tahun: int
    triwulan: int
    triwulan_ini: CapaianPeriode  # the quarter alone (TW n)
    sampai_triwulan: CapaianPeriode  # the year to date (s.d. TW n)
    masalah: list[MasalahData]
    catatan: list[CatatanIndikator]
    status_putaran: StatusPutaran | None
    langkah_rekap: CatatanLangkah | None
    langkah_olah: CatatanLangkah | None

    @property
    def judul(self) -> str:
        return quarter_title(self.tahun, self.triwulan)

    @property
    def olah_selesai(self) -> bool:
        return self.langkah_olah is not None and self.langkah_olah.selesai is not None

    @property
    def rekap_selesai(self) -> bool:
        return self.langkah_rekap is not None and self.langkah_rekap.selesai is not None


def process_quarter(rt: Runtime, aktor: Aktor, tahun: int, triwulan: int) -> OlahData:
    """The processing view of a quarter, read in one transaction.

    Raises InputTidakValid on a quarter outside 1–4 or a year out of range, Ditolak when the
    role may not process the quarter's data.
    """
    require(rt, aktor, Izin.REKAP, aksi="olah.lihat")
    check_quarter(tahun, triwulan)
    with rt.uow() as session:
        return _read(session, aktor, tahun, triwulan)


def _per_quarter(
    session: Session, tahun: int, visible: set[int] | None
) -> dict[int, dict[int, Decimal | None]]:
    values: dict[int, dict[int, Decimal | None]] = {}
    for r in counting_realizations(session, tahun, unit_ids=visible):
        values.setdefault(r.indikator_id, {})[r.triwulan] = r.nilai
    return values


def _read(session: Session, aktor: Aktor, tahun: int, triwulan: int) -> OlahData:
    visible = visible_unit_ids(session, aktor)
    quarter = _read_capaian(session, aktor, tahun, parse_period(f"TW{triwulan}"))
    to_date = _read_capaian(session, aktor, tahun, parse_period(f"SD{triwulan}"))
    plan = [i for i in indicators_with_targets(session, tahun, unit_ids=visible) if i.direncanakan]
    this_year = _per_quarter(session, tahun, visible)
    last_year = _per_quarter(session, tahun - 1, visible)
    shown = {i.kode: i for i in quarter.indikator}
    masalah: list[MasalahData] = []
    for ind in plan:
        figures = shown[ind.kode]
        data = IndicatorQuarters(
            agregasi=ind.agregasi,
            polaritas=ind.polaritas,
            target_tahunan=ind.target_tahunan,
            target_triwulan=ind.target_triwulan,
            realisasi=this_year.get(ind.id, {}),
            realisasi_tahun_lalu=last_year.get(ind.id, {}),
            ada_kendala=bool(figures.kendala),
        )
        masalah.extend(
            MasalahData(ind.kode, ind.nama, ind.kode_unit, flag.kode, flag.pesan)
            for flag in quality_flags(data, triwulan)
        )
    catatan = [
        CatatanIndikator(i.kode, i.nama, i.nama_unit, i.kendala, i.upaya)
        for i in quarter.indikator
        if i.kendala or i.upaya
    ]
    putaran = collection_round(session, tahun, triwulan)
    return OlahData(
        tahun,
        triwulan,
        quarter,
        to_date,
        masalah,
        catatan,
        StatusPutaran(putaran.status) if putaran is not None else None,
        last_step(session, LANGKAH_REKAP, putaran.id) if putaran is not None else None,
        last_step(session, LANGKAH_OLAH, putaran.id) if putaran is not None else None,
    )


def finish_processing(rt: Runtime, aktor: Aktor, tahun: int, triwulan: int) -> OlahData:
    """End SOP step 3 for the quarter's round ("olah data selesai"); its result names how many
    indicators were processed and how many quality findings were left.

    Refused, with an audit row and nothing else, before the recap of the round ended and
    once processing ended. Raises Ditolak when the role may not process.
    """
    require(rt, aktor, Izin.REKAP, aksi="olah.selesai")
    check_quarter(tahun, triwulan)
    judul = quarter_title(tahun, triwulan)
    with rt.uow() as session:
        putaran = collection_round(session, tahun, triwulan)
        rekap = last_step(session, LANGKAH_REKAP, putaran.id) if putaran is not None else None
        if putaran is None or rekap is None or rekap.selesai is None:
            raise refuse_move(
                rt,
                aktor,
                "olah.selesai",
                f"Olah data {judul} belum dapat diselesaikan: rekapnya belum dinyatakan "
                "selesai di halaman Rekap Triwulan.",
                tahun=tahun,
                triwulan=triwulan,
            )
        refuse_if_finished(
            rt,
            session,
            aktor,
            LANGKAH_OLAH,
            putaran.id,
            aksi="olah.selesai",
            apa=f"Olah data {judul}",
        )
        view = _read(session, aktor, tahun, triwulan)
        jumlah = len(view.triwulan_ini.indikator)
        hasil = f"Olah data selesai: {jumlah} indikator, {len(view.masalah)} catatan kualitas data"
        finish_step(session, LANGKAH_OLAH, rt.clock(), aktor, hasil, putaran_id=putaran.id)
        audit(
            session,
            aktor,
            "olah.selesai",
            objek="putaran_pengumpulan",
            objek_id=putaran.id,
            detail={"tahun": tahun, "triwulan": triwulan, "masalah": len(view.masalah)},
        )
        session.flush()
        result = _read(session, aktor, tahun, triwulan)
        session.commit()
        return result
