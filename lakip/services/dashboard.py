"""The leadership dashboard (Dasbor Kinerja): how the agency is doing in a year and period, at a
glance, with the early warning.

One read, in one transaction, of everything the page draws: the period's achievement per
indicator and objective (the same figures ``capaian`` gives), each indicator's progress toward
its annual (PK) target so far and its year-end projection (lakip.domain.projection), the
objectives' budget absorption and efficiency, and the trends across the year's quarters and
across earlier years. Filters (an objective, a unit) narrow the indicators; the headline
figures follow them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lakip.domain.achievement import Predikat, achievement, objective_achievement, predicate
from lakip.domain.budget import absorption, efficiency, period_budget_realization
from lakip.domain.periods import QUARTERS, Period, parse_period, year_error
from lakip.domain.projection import Proyeksi, project_year_end
from lakip.domain.roles import Izin
from lakip.services.access import Aktor, require
from lakip.services.achievement import CapaianPeriode, IndikatorCapaian, _read_capaian
from lakip.services.errors import InputTidakValid
from lakip.services.runtime import Runtime
from lakip.store.models import Anggaran, Indikator, LogAudit, Sasaran, VersiPengiriman
from lakip.store.queries import leaf_budget_lines

TAHUN_TREN: Final = 4  # earlier years in the trend across years
_FULL: Final = Decimal(100)


@dataclass(frozen=True)
class IndikatorDasbor:
    """One indicator on the dashboard."""

    kode: str
    nama: str
    kode_sasaran: str
    kode_unit: str
    nama_unit: str
    satuan: str
    target: Decimal | None  # the period's (Rencana Aksi) target
    realisasi: Decimal | None
    capaian: Decimal | None
    predikat: Predikat | None
    target_tahunan: Decimal | None  # the PK's
    realisasi_sd: Decimal | None  # the year to date, to the period's last quarter
    kemajuan: Decimal | None  # the year to date against the annual target, in percent
    proyeksi: Proyeksi
    per_triwulan: tuple[Decimal | None, ...]  # the achievement of each quarter of the year


@dataclass(frozen=True)
class SasaranDasbor:
    """An objective on the dashboard. Its budget is the year to date (spending to the period's
    last quarter against the year's ceiling), and its efficiency compares like with like:
    the share of the annual targets reached so far (``kemajuan``, the mean of its
    indicators') less the share of the budget spent so far. For the year, these are the
    LKjIP's achievement, absorption and efficiency."""

    kode: str
    nama: str
    capaian: Decimal | None
    predikat: Predikat | None
    jumlah_indikator: int
    kemajuan: Decimal | None
    pagu: Decimal
    realisasi_anggaran: Decimal | None
    serapan: Decimal | None
    efisiensi: Decimal | None


@dataclass(frozen=True)
class Dasbor:
    tahun: int
    periode: Period
    indikator: list[IndikatorDasbor]
    sasaran: list[SasaranDasbor]
    tren_tahun: list[tuple[int, str, Decimal | None]]  # (year, objective, achievement)

    @property
    def tren_triwulan(self) -> list[tuple[int, str, Decimal | None]]:
        """(quarter, objective, achievement) for each quarter of the year: the mean of the
        objective's indicators' achievements in that quarter, against its Rencana Aksi."""
        return [
            (q, s.kode, objective_achievement(
                i.per_triwulan[q - 1] for i in self.indikator if i.kode_sasaran == s.kode
            ))
            for q in QUARTERS
            for s in self.sasaran
        ]  # fmt: skip

    @property
    def capaian_keseluruhan(self) -> Decimal | None:
        """The mean of the objectives' achievements that exist (as an objective's is)."""
        return objective_achievement(s.capaian for s in self.sasaran)

    @property
    def sasaran_tercapai(self) -> int:
        return sum(1 for s in self.sasaran if s.capaian is not None and s.capaian >= _FULL)

    @property
    def berisiko(self) -> list[IndikatorDasbor]:
        """The indicators projected to miss their annual target, the furthest behind first."""
        risky = [i for i in self.indikator if i.proyeksi.akan_tercapai is False]
        return sorted(risky, key=lambda i: (i.proyeksi.capaian or Decimal(0), i.kode))

    @property
    def kelengkapan(self) -> Decimal | None:
        """The share of indicators with a realization for the period, in percent."""
        if not self.indikator:
            return None
        berdata = sum(1 for i in self.indikator if i.realisasi is not None)
        return absorption(Decimal(berdata), Decimal(len(self.indikator)))

    @property
    def serapan(self) -> Decimal | None:
        spent = [s.realisasi_anggaran for s in self.sasaran if s.realisasi_anggaran is not None]
        pagu = sum((s.pagu for s in self.sasaran), Decimal(0))
        return absorption(sum(spent, Decimal(0)), pagu) if spent else None


def read_dashboard(
    rt: Runtime,
    aktor: Aktor,
    tahun: int,
    periode: str,
    *,
    sasaran: str | None = None,
    unit: str | None = None,
) -> Dasbor:
    """The dashboard of ``tahun`` and ``periode`` (TW1…TAHUN, SDn), of one objective's or one
    unit's indicators when given."""
    require(rt, aktor, Izin.LIHAT_DASBOR, aksi="dasbor.lihat")
    if (err := year_error(tahun)) is not None:
        raise InputTidakValid([err])
    try:
        period = parse_period(periode)
    except ValueError as exc:
        raise InputTidakValid([str(exc)]) from exc
    with rt.uow() as session:
        main = _read_capaian(session, aktor, tahun, period)
        quarters = [_read_capaian(session, aktor, tahun, parse_period(f"TW{q}")) for q in QUARTERS]
        year = _read_capaian(session, aktor, tahun, parse_period("TAHUN"))
        ytd = _read_capaian(session, aktor, tahun, parse_period(f"SD{period.last_quarter}"))
        earlier = [
            (y, _read_capaian(session, aktor, y, parse_period("TAHUN")))
            for y in range(tahun - TAHUN_TREN, tahun)
        ]
        budget = _budget_by_objective(session, tahun, ytd.periode)
    keep = _filter(main.indikator, sasaran, unit)
    by_code = [{i.kode: i for i in q.indikator} for q in quarters]
    annual = {i.kode: i for i in year.indikator}
    to_date = {i.kode: i for i in ytd.indikator}
    rows = []
    for i in keep:
        q_rows = [q.get(i.kode) for q in by_code]
        a, t = annual.get(i.kode), to_date.get(i.kode)
        target_tahunan = a.target if a else None
        realisasi_sd = t.realisasi if t else None
        rows.append(
            IndikatorDasbor(
                kode=i.kode, nama=i.nama, kode_sasaran=i.kode_sasaran, kode_unit=i.kode_unit,
                nama_unit=i.nama_unit, satuan=i.satuan, target=i.target, realisasi=i.realisasi,
                capaian=i.capaian, predikat=i.predikat, target_tahunan=target_tahunan,
                realisasi_sd=realisasi_sd,
                kemajuan=achievement(target_tahunan, realisasi_sd, i.polaritas),
                proyeksi=project_year_end(
                    i.agregasi, i.polaritas,
                    [r.realisasi if r else None for r in q_rows],
                    [r.target if r else None for r in q_rows],
                    target_tahunan,
                ),
                per_triwulan=tuple(r.capaian if r else None for r in q_rows),
            )
        )  # fmt: skip
    objectives = []
    for s in main.sasaran:
        own = [r for r in rows if r.kode_sasaran == s.kode]
        if not own:
            continue
        capaian = objective_achievement(r.capaian for r in own)
        kemajuan = objective_achievement(r.kemajuan for r in own)
        pagu, spent = budget.get(s.kode, (Decimal(0), None))
        serapan = absorption(spent, pagu)
        objectives.append(
            SasaranDasbor(
                s.kode, s.nama, capaian, predicate(capaian), len(own), kemajuan, pagu, spent,
                serapan, efficiency(kemajuan, serapan),
            )
        )  # fmt: skip
    shown = {s.kode for s in objectives}
    trend = [
        (y, s.kode, _objective_of(c, s.kode, sasaran, unit))
        for y, c in [*earlier, (tahun, year)]
        for s in c.sasaran
        if s.kode in shown
    ]
    return Dasbor(tahun, period, rows, objectives, trend)


def data_version(rt: Runtime, aktor: Aktor) -> tuple[int, int, int]:
    """A cheap key that changes whenever the dashboard's figures may: a new upload (or a
    version's state), a plan import, a budget change. Screens cache the dashboard under it."""
    require(rt, aktor, Izin.LIHAT_DASBOR, aksi="dasbor.versi")
    with rt.uow() as session:
        return (
            session.scalar(select(func.coalesce(func.max(VersiPengiriman.id), 0))) or 0,
            session.scalar(select(func.coalesce(func.max(LogAudit.id), 0))) or 0,
            (session.scalar(select(func.count()).select_from(Indikator)) or 0)
            + (session.scalar(select(func.count()).select_from(Anggaran)) or 0)
            + (session.scalar(select(func.count()).select_from(Sasaran)) or 0),
        )


def _filter(
    rows: Sequence[IndikatorCapaian], sasaran: str | None, unit: str | None
) -> list[IndikatorCapaian]:
    return [
        i
        for i in rows
        if (sasaran is None or i.kode_sasaran == sasaran) and (unit is None or i.kode_unit == unit)
    ]


def _objective_of(
    c: CapaianPeriode, kode: str, sasaran: str | None, unit: str | None
) -> Decimal | None:
    """An objective's achievement that year, over the indicators the filters keep."""
    return objective_achievement(
        i.capaian for i in _filter(c.indikator, sasaran, unit) if i.kode_sasaran == kode
    )


def _budget_by_objective(
    session: Session, tahun: int, period: Period
) -> dict[str, tuple[Decimal, Decimal | None]]:
    """Each objective's budget ceiling and its spending in ``period`` (None: none reported)."""
    codes = {s.id: s.kode for s in session.scalars(select(Sasaran))}
    out: dict[str, tuple[Decimal, Decimal | None]] = {}
    for line in leaf_budget_lines(session, tahun):
        kode = codes.get(line.sasaran_id) if line.sasaran_id is not None else None
        if kode is None:
            continue
        pagu, spent = out.get(kode, (Decimal(0), None))
        got = period_budget_realization(line.realisasi, period)
        if got is not None:
            spent = (spent or Decimal(0)) + got
        out[kode] = (pagu + line.pagu, spent)
    return out
