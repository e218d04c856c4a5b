"""The leadership dashboard (Dasbor Kinerja): how the agency is doing in a year and period, at a
glance, with the early warning.

One read, in one transaction, of everything the page draws: the period's achievement per
indicator and objective (the same figures ``capaian`` gives), each indicator's progress toward
its annual (PK) target so far and its year-end projection (lakip.domain.projection), the
objectives' budget absorption and efficiency, and the trends across the year's quarters and
across earlier years. Filters (an objective, a unit) narrow one read without reading again
(:meth:`Dasbor.narrowed`); the headline figures, objectives and trends follow them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from decimal import Decimal
from functools import cached_property
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lakip.domain.achievement import (
    Predikat,
    achievement,
    objective_achievement,
    predicate,
    round_half_up,
)
from lakip.domain.budget import absorption, efficiency, period_budget_realization
from lakip.domain.periods import QUARTERS, Period, parse_period, year_error
from lakip.domain.projection import Proyeksi, project_year_end
from lakip.domain.roles import Izin
from lakip.reports.document import Bagian, Dokumen, Kolom, Sel, Tabel
from lakip.reports.xlsx_writer import write_xlsx
from lakip.services._collection import is_late
from lakip.services.access import Aktor, require
from lakip.services.achievement import _read_capaian
from lakip.services.errors import InputTidakValid
from lakip.services.runtime import Runtime
from lakip.store.models import (
    Anggaran,
    Indikator,
    LogAudit,
    Pengiriman,
    PutaranPengumpulan,
    Sasaran,
    Unit,
    VersiPengiriman,
)
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
    target_triwulan: tuple[Decimal | None, ...]  # each quarter's Rencana Aksi target
    realisasi_triwulan: tuple[Decimal | None, ...]  # each quarter's realization
    per_tahun: tuple[Decimal | None, ...]  # the annual achievement in each trend year
    kendala: tuple[str, ...] = ()
    upaya: tuple[str, ...] = ()


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
class KetepatanUnit:
    """A unit's punctuality in the year's collection rounds whose deadline has passed (or
    that it already answered): first uploads before the deadline's end, after it, none."""

    kode_unit: str
    nama_unit: str
    tepat_waktu: int
    terlambat: int
    belum: int

    @property
    def putaran(self) -> int:
        return self.tepat_waktu + self.terlambat + self.belum


@dataclass(frozen=True)
class Dasbor:
    """The dashboard of a year and period: every indicator the actor may see, the objectives'
    names, and the budget per objective and unit. Everything else is computed from these, so
    a filter (:meth:`narrowed`) is a pure view of one read."""

    tahun: int
    periode: Period
    indikator: list[IndikatorDasbor]
    nama_sasaran: dict[str, str]  # in plan order
    anggaran: dict[tuple[str, str], tuple[Decimal, Decimal | None]]  # (objective, unit) →
    # (ceiling, spending to date)
    tahun_tren: tuple[int, ...]  # the years of IndikatorDasbor.per_tahun
    ketepatan: list[KetepatanUnit]  # every unit with indicators, in unit order

    def narrowed(self, sasaran: str | None = None, unit: str | None = None) -> Dasbor:
        """The dashboard of one objective's, or one unit's, indicators and budget."""

        def keep(s: str, u: str) -> bool:
            return (sasaran is None or s == sasaran) and (unit is None or u == unit)

        indikator = [i for i in self.indikator if keep(i.kode_sasaran, i.kode_unit)]
        units = {i.kode_unit for i in indikator}
        return replace(
            self,
            indikator=indikator,
            anggaran={k: v for k, v in self.anggaran.items() if keep(*k)},
            ketepatan=[k for k in self.ketepatan if k.kode_unit in units],
        )

    @cached_property
    def sasaran(self) -> list[SasaranDasbor]:
        """The objectives that have indicators here, with their budget and efficiency."""
        out = []
        for kode, nama in self.nama_sasaran.items():
            own = [r for r in self.indikator if r.kode_sasaran == kode]
            if not own:
                continue
            capaian = objective_achievement(r.capaian for r in own)
            kemajuan = objective_achievement(r.kemajuan for r in own)
            lines = [v for (s, _), v in self.anggaran.items() if s == kode]
            pagu = sum((p for p, _ in lines), Decimal(0))
            spent_parts = [x for _, x in lines if x is not None]
            spent = sum(spent_parts, Decimal(0)) if spent_parts else None
            serapan = absorption(spent, pagu)
            out.append(
                SasaranDasbor(
                    kode, nama, capaian, predicate(capaian), len(own), kemajuan, pagu, spent,
                    serapan, efficiency(kemajuan, serapan),
                )
            )  # fmt: skip
        return out

    @property
    def tren_triwulan(self) -> list[tuple[int, str, Decimal | None]]:
        """(quarter, objective, achievement) for each quarter of the year: the mean of the
        objective's indicators' achievements in that quarter, against its Rencana Aksi."""
        return self._trend(QUARTERS, lambda i, k: i.per_triwulan[k - 1])

    @property
    def tren_tahun(self) -> list[tuple[int, str, Decimal | None]]:
        """(year, objective, achievement) for the earlier years and this one: the mean of the
        annual achievements of the objective's indicators (those of this year's plan)."""
        return self._trend(self.tahun_tren, lambda i, k: i.per_tahun[self.tahun_tren.index(k)])

    def _trend(
        self,
        keys: Sequence[int],
        value: Callable[[IndikatorDasbor, int], Decimal | None],
    ) -> list[tuple[int, str, Decimal | None]]:
        codes = list(dict.fromkeys(i.kode_sasaran for i in self.indikator))
        return [
            (k, s, objective_achievement(value(i, k) for i in self.indikator
                                         if i.kode_sasaran == s))
            for k in keys
            for s in codes
        ]  # fmt: skip

    @property
    def capaian_keseluruhan(self) -> Decimal | None:
        """The mean of the objectives' achievements that exist (as an objective's is)."""
        return objective_achievement(s.capaian for s in self.sasaran)

    @property
    def sasaran_tercapai(self) -> int:
        return sum(1 for s in self.sasaran if s.capaian is not None and s.capaian >= _FULL)

    @cached_property
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

    def workbook(self, instansi: str, judul: str) -> bytes:
        """The indicators' table as an Excel workbook (the reports' writer: typed cells,
        frozen header, autofilter, print setup)."""
        kolom = [
            Kolom("Kode", 12), Kolom("Indikator", 50), Kolom("Sasaran", 10), Kolom("Unit", 30),
            Kolom("Target", 14, "angka"), Kolom("Realisasi", 14, "angka"),
            Kolom("Capaian", 12, "persen"), Kolom("Predikat", 15, "predikat"),
            Kolom("Target tahunan", 14, "angka"), Kolom("Realisasi s.d. periode", 16, "angka"),
            Kolom("Kemajuan thd target tahunan", 16, "persen"),
            Kolom("Proyeksi akhir tahun", 16, "angka"), Kolom("Proyeksi capaian", 14, "persen"),
            Kolom("Diproyeksikan dari", 12),
        ]  # fmt: skip
        rows: list[tuple[Sel, ...]] = [
            (
                i.kode, i.nama, i.kode_sasaran, i.nama_unit, i.target, i.realisasi, i.capaian,
                i.predikat.value if i.predikat else None, i.target_tahunan, i.realisasi_sd,
                i.kemajuan, round_half_up(i.proyeksi.nilai) if i.proyeksi.nilai is not None
                else None, i.proyeksi.capaian,
                f"TW {i.proyeksi.dari_triwulan}" if i.proyeksi.dari_triwulan else "",
            )
            for i in self.indikator
        ]  # fmt: skip
        doc = Dokumen(
            instansi=instansi,
            judul=judul,
            subjudul=f"{len(self.indikator)} indikator",
            bagian=[Bagian("Indikator", [Tabel(kolom, rows)], lembar="Dasbor", lanskap=True)],
        )
        return write_xlsx(doc)

    @property
    def serapan(self) -> Decimal | None:
        """The budget spent to date against the year's ceiling, over the budget shown."""
        pagu = sum((p for p, _ in self.anggaran.values()), Decimal(0))
        spent = [x for _, x in self.anggaran.values() if x is not None]
        return absorption(sum(spent, Decimal(0)), pagu) if spent else None


def read_dashboard(rt: Runtime, aktor: Aktor, tahun: int, periode: str) -> Dasbor:
    """The dashboard of ``tahun`` and ``periode`` (TW1…TAHUN, SDn); narrow it to an objective
    or a unit with :meth:`Dasbor.narrowed`."""
    require(rt, aktor, Izin.LIHAT_DASBOR, aksi="dasbor.lihat")
    if (err := year_error(tahun)) is not None:
        raise InputTidakValid([err])
    try:
        period = parse_period(periode)
    except ValueError as exc:
        raise InputTidakValid([str(exc)]) from exc
    years = tuple(range(tahun - TAHUN_TREN, tahun + 1))
    with rt.uow() as session:
        main = _read_capaian(session, aktor, tahun, period)
        quarters = [_read_capaian(session, aktor, tahun, parse_period(f"TW{q}")) for q in QUARTERS]
        ytd = _read_capaian(session, aktor, tahun, parse_period(f"SD{period.last_quarter}"))
        by_year = {
            y: {
                i.kode: i for i in _read_capaian(session, aktor, y, parse_period("TAHUN")).indikator
            }
            for y in years
        }
        budget = _budget(session, tahun, ytd.periode)
        units = {i.kode_unit: i.nama_unit for i in main.indikator}
        punctuality = _punctuality(session, tahun, units, rt.clock(), rt.settings.timezone)
    by_code = [{i.kode: i for i in q.indikator} for q in quarters]
    annual = by_year[tahun]
    to_date = {i.kode: i for i in ytd.indikator}
    rows = []
    for i in main.indikator:
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
                target_triwulan=tuple(r.target if r else None for r in q_rows),
                realisasi_triwulan=tuple(r.realisasi if r else None for r in q_rows),
                per_tahun=tuple(
                    y_rows[i.kode].capaian if i.kode in y_rows else None
                    for y_rows in by_year.values()
                ),
                kendala=i.kendala, upaya=i.upaya,
            )
        )  # fmt: skip
    names = {s.kode: s.nama for s in main.sasaran}
    return Dasbor(tahun, period, rows, names, budget, years, punctuality)


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


def _budget(
    session: Session, tahun: int, period: Period
) -> dict[tuple[str, str], tuple[Decimal, Decimal | None]]:
    """The year's budget per (objective, unit): its ceiling and its spending in ``period``
    (None: none reported yet)."""
    objectives = {s.id: s.kode for s in session.scalars(select(Sasaran))}
    units = {u.id: u.kode for u in session.scalars(select(Unit))}
    out: dict[tuple[str, str], tuple[Decimal, Decimal | None]] = {}
    for line in leaf_budget_lines(session, tahun):
        if line.sasaran_id not in objectives:
            continue
        key = (objectives[line.sasaran_id], units.get(line.unit_id, ""))
        pagu, spent = out.get(key, (Decimal(0), None))
        got = period_budget_realization(line.realisasi, period)
        if got is not None:
            spent = (spent or Decimal(0)) + got
        out[key] = (pagu + line.pagu, spent)
    return out


def _punctuality(
    session: Session, tahun: int, units: dict[str, str], now: datetime, zona: timezone
) -> list[KetepatanUnit]:
    """Each unit's first uploads against the year's rounds (the rule of lateness is the
    recap's, ``_collection.is_late``); a round still open that the unit has not answered yet
    is not counted."""
    rounds = list(
        session.scalars(select(PutaranPengumpulan).where(PutaranPengumpulan.tahun == tahun))
    )
    first = {
        (kode, q): when
        for kode, q, when in session.execute(
            select(
                Unit.kode,
                Pengiriman.triwulan,
                # typed, so that SQLite's text comes back as an aware UTC time
                func.min(VersiPengiriman.diunggah_pada, type_=VersiPengiriman.diunggah_pada.type),
            )
            .join(Pengiriman, VersiPengiriman.pengiriman_id == Pengiriman.id)
            .join(Unit, Pengiriman.unit_id == Unit.id)
            .where(Pengiriman.tahun == tahun)
            .group_by(Unit.kode, Pengiriman.triwulan)
        )
    }
    out = []
    for kode, nama in sorted(units.items()):
        on_time = late = missing = 0
        for r in rounds:
            when = first.get((kode, r.triwulan))
            if when is not None:
                if is_late(r, when, zona):
                    late += 1
                else:
                    on_time += 1
            elif is_late(r, now, zona):
                missing += 1
        out.append(KetepatanUnit(kode, nama, on_time, late, missing))
    return out
