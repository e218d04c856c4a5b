"""Use case: the achievement (capaian) of every indicator and objective for a named period.

One code path for every screen, the command line and the reports: figures come from
:func:`lakip.domain.achievement.compute_indicator` on the newest version of each unit's
quarterly reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from altair import LayerChart

    from lakip.reports.capaian_model import TabelCapaian

from lakip.domain.achievement import (
    Predikat,
    compute_indicator,
    objective_achievement,
    predicate,
    round_half_up,
)
from lakip.domain.filenames import capaian_export_name
from lakip.domain.indicators import Agregasi, Polaritas
from lakip.domain.periods import QUARTERS, Period, parse_period
from lakip.domain.roles import Izin
from lakip.services.access import Aktor, require, visible_unit_ids
from lakip.services.errors import InputTidakValid
from lakip.services.runtime import Runtime
from lakip.store.models import Sasaran
from lakip.store.queries import agency_profile, counting_realizations, indicators_with_targets


@dataclass(frozen=True)
class IndikatorCapaian:
    """One indicator's figures for the period, with what a reader needs beside them."""

    kode: str
    nama: str
    satuan: str
    kode_sasaran: str
    kode_unit: str
    nama_unit: str
    polaritas: Polaritas
    agregasi: Agregasi
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    predikat: Predikat | None
    triwulan_berdata: int
    jumlah_triwulan: int
    kendala: tuple[str, ...] = ()
    upaya: tuple[str, ...] = ()
    keterangan: tuple[str, ...] = ()


@dataclass(frozen=True)
class SasaranCapaian:
    """An objective's achievement: the mean of its indicators' achievements that exist."""

    kode: str
    nama: str
    capaian: Decimal | None
    predikat: Predikat | None
    jumlah_indikator: int


@dataclass(frozen=True)
class CapaianPeriode:
    """Every indicator and objective of the year's plan, for one period."""

    tahun: int
    periode: Period
    indikator: list[IndikatorCapaian]
    sasaran: list[SasaranCapaian]
    sumber_versi: list[int]

    def to_json(self) -> dict[str, Any]:
        """The FORMATS.md ``capaian --json`` object."""
        return {
            "tahun": self.tahun,
            "periode": self.periode.kode,
            "indikator": [
                {
                    "kode": i.kode,
                    "target": _num(i.target),
                    "realisasi": _num(i.realisasi),
                    "capaian": _num(i.capaian),
                    "predikat": i.predikat.value if i.predikat else None,
                }
                for i in self.indikator
            ],
            "sasaran": [
                {
                    "kode": s.kode,
                    "capaian": _num(s.capaian),
                    "predikat": s.predikat.value if s.predikat else None,
                }
                for s in self.sasaran
            ],
        }


def _num(x: Decimal | None) -> float | None:
    return None if x is None else float(round_half_up(x))


def parse_periode_arg(text: str) -> Period:
    """The period named by ``text``; raises InputTidakValid with the valid codes."""
    try:
        return parse_period(text)
    except ValueError as exc:
        raise InputTidakValid([str(exc)]) from exc


def _period(periode: str | Period) -> Period:
    return periode if isinstance(periode, Period) else parse_periode_arg(periode)


def compute_capaian(rt: Runtime, aktor: Aktor, tahun: int, periode: str | Period) -> CapaianPeriode:
    """Achievements of the year's plan for a period; a Staf Unit sees its own unit only.

    Raises InputTidakValid on an unknown period, Ditolak when the role may not read them.
    """
    require(rt, aktor, Izin.LIHAT_CAPAIAN, aksi="capaian.lihat")
    period = _period(periode)
    with rt.uow() as session:
        return _read_capaian(session, aktor, tahun, period)


def _read_capaian(session: Session, aktor: Aktor, tahun: int, period: Period) -> CapaianPeriode:
    """The figures of :func:`compute_capaian`, read in the caller's transaction (so that a
    use case reading more beside them sees one snapshot); the caller checks the permission."""
    visible = visible_unit_ids(session, aktor)
    plan = [i for i in indicators_with_targets(session, tahun, unit_ids=visible) if i.direncanakan]
    realized, texts, versions = _realizations(session, tahun, period)
    indikator: list[IndikatorCapaian] = []
    for ind in plan:
        figures = compute_indicator(
            ind.polaritas,
            ind.agregasi,
            ind.target_triwulan,
            ind.target_tahunan,
            realized.get(ind.id, {}),
            period,
        )
        notes = texts.get(ind.id, {})
        indikator.append(
            IndikatorCapaian(
                kode=ind.kode,
                nama=ind.nama,
                satuan=ind.satuan,
                kode_sasaran=ind.kode_sasaran,
                kode_unit=ind.kode_unit,
                nama_unit=ind.nama_unit,
                polaritas=ind.polaritas,
                agregasi=ind.agregasi,
                target=figures.target,
                realisasi=figures.realisasi,
                capaian=figures.capaian,
                predikat=figures.predikat,
                triwulan_berdata=figures.quarters_with_data,
                jumlah_triwulan=len(period.quarters),
                kendala=tuple(notes.get("kendala", ())),
                upaya=tuple(notes.get("upaya", ())),
                keterangan=tuple(notes.get("keterangan", ())),
            )
        )
    by_sasaran: dict[str, list[IndikatorCapaian]] = {}
    for i in indikator:
        by_sasaran.setdefault(i.kode_sasaran, []).append(i)
    sasaran = []
    for s in session.scalars(select(Sasaran).order_by(Sasaran.kode)):
        members = by_sasaran.get(s.kode)
        if not members:
            continue
        c = objective_achievement(i.capaian for i in members)
        sasaran.append(SasaranCapaian(s.kode, s.nama, c, predicate(c), len(members)))
    return CapaianPeriode(tahun, period, indikator, sasaran, sorted(versions))


def _realizations(
    session: Session, tahun: int, period: Period
) -> tuple[dict[int, dict[int, Decimal | None]], dict[int, dict[str, list[str]]], set[int]]:
    """Per indicator: the counting realization of each quarter of the year (the newest
    version of each unit's report), the period's kendala/upaya/keterangan texts, and the
    ids of the versions used."""
    values: dict[int, dict[int, Decimal | None]] = {}
    texts: dict[int, dict[str, list[str]]] = {}
    versions: set[int] = set()
    quarters = set(period.quarters)
    for real in counting_realizations(session, tahun):
        if real.triwulan not in QUARTERS:
            continue
        values.setdefault(real.indikator_id, {})[real.triwulan] = real.nilai
        if real.triwulan in quarters:
            versions.add(real.versi_id)
            bucket = texts.setdefault(real.indikator_id, {})
            for name in ("kendala", "upaya", "keterangan"):
                text = getattr(real, name)
                if text and text.strip():
                    bucket.setdefault(name, []).append(text.strip())
    return values, texts, versions


def draw_capaian_chart(hasil: CapaianPeriode) -> LayerChart | None:
    """The achievement-per-indicator chart (altair) of a computed period; None when no
    indicator has an achievement yet."""
    from lakip.reports.charts import TitikCapaian, capaian_chart

    return capaian_chart(
        [
            TitikCapaian(i.kode, i.nama, i.capaian, i.predikat.value if i.predikat else None)
            for i in hasil.indikator
        ]
    )


def capaian_table(result: CapaianPeriode, instansi: str) -> TabelCapaian:
    """A computed period as the report model every export and report shares."""
    from lakip.reports.capaian_model import BarisCapaian, BarisSasaran, TabelCapaian

    tahun = result.tahun
    return TabelCapaian(
        instansi=instansi,
        judul=f"Capaian Kinerja {result.periode.label} Tahun {tahun}",
        subjudul=f"Dibangun dari {len(result.sumber_versi)} versi laporan triwulan terbaru",
        baris=[
            BarisCapaian(
                kode=i.kode,
                indikator=i.nama,
                satuan=i.satuan,
                unit=i.nama_unit,
                sasaran=i.kode_sasaran,
                target=i.target,
                realisasi=i.realisasi,
                capaian=i.capaian,
                predikat=i.predikat.value if i.predikat else None,
                keterangan=i.keterangan,
                kendala=i.kendala,
                upaya=i.upaya,
            )
            for i in result.indikator
        ],
        sasaran=[
            BarisSasaran(s.kode, s.nama, s.capaian, s.predikat.value if s.predikat else None)
            for s in result.sasaran
        ],
    )


def build_capaian_table(
    rt: Runtime, aktor: Aktor, tahun: int, periode: str | Period
) -> tuple[TabelCapaian, Period]:
    """The report model of a period's achievement table, shared by every export: the
    figures and the agency's name are read in one transaction.

    Raises InputTidakValid on an unknown period, Ditolak when the role may not read them.
    """
    require(rt, aktor, Izin.LIHAT_CAPAIAN, aksi="capaian.lihat")
    period = _period(periode)
    with rt.uow() as session:
        result = _read_capaian(session, aktor, tahun, period)
        profil = agency_profile(session)
        instansi = f"{profil.nama} {profil.pemerintah_daerah}" if profil else ""
    tabel = capaian_table(result, instansi)
    return tabel, result.periode


def export_capaian_xlsx(
    rt: Runtime, aktor: Aktor, tahun: int, periode: str | Period
) -> tuple[str, bytes]:
    """The period's achievement table as an Excel workbook: (file name, bytes)."""
    from lakip.reports.capaian_doc import capaian_document
    from lakip.reports.xlsx_writer import write_xlsx

    tabel, period = build_capaian_table(rt, aktor, tahun, periode)
    return capaian_export_name(tahun, period.kode, "xlsx"), write_xlsx(capaian_document(tabel))


def export_capaian_pdf(
    rt: Runtime, aktor: Aktor, tahun: int, periode: str | Period
) -> tuple[str, bytes]:
    """The period's achievement table as a PDF: (file name, bytes)."""
    from lakip.reports.capaian_doc import capaian_document
    from lakip.reports.pdf_writer import write_pdf

    tabel, period = build_capaian_table(rt, aktor, tahun, periode)
    return capaian_export_name(tahun, period.kode, "pdf"), write_pdf(capaian_document(tabel))
