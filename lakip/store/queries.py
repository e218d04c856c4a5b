"""The reads (read models) that more than one use case needs, named for what they return.

Each function takes the caller's open session, so that everything a page or a report shows
is read in the caller's one transaction, and issues one statement per kind of row, however
many indicators, units or versions there are. They return plain dataclasses (or model rows)
and never commit.

Which version counts: a unit's quarterly report (``Pengiriman``) keeps every upload as a
version; only the newest (``nomor == versi_terakhir``) counts, older ones stay readable.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TypeVar

from sqlalchemy import ColumnElement, Select, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from lakip.domain.indicators import Agregasi, Polaritas
from lakip.store.models import (
    Anggaran,
    Berkas,
    CatatanVersi,
    Indikator,
    Instansi,
    Pengguna,
    Pengiriman,
    PutaranPengumpulan,
    Realisasi,
    RealisasiAnggaran,
    RencanaAksi,
    Sasaran,
    TargetTahunan,
    Unit,
    VersiPengiriman,
)

# --- the agency and its units --------------------------------------------------------------


def agency_profile(session: Session) -> Instansi | None:
    """The agency's profile row (there is one), or None before it is set."""
    return session.scalar(select(Instansi).order_by(Instansi.id).limit(1))


def unit_by_code(session: Session, kode: str) -> Unit | None:
    """The unit with code ``kode`` (surrounding spaces ignored), or None."""
    return session.scalar(select(Unit).where(Unit.kode == kode.strip()))


def unit_has_plan(session: Session, unit_id: int, tahun: int) -> bool:
    """Whether the year's plan gives the unit something to report: an indicator with an
    annual target, or a budget line (a unit may report spending only)."""
    target = (
        select(TargetTahunan.id)
        .join(Indikator, Indikator.id == TargetTahunan.indikator_id)
        .where(TargetTahunan.tahun == tahun, Indikator.unit_id == unit_id)
    )
    line = select(Anggaran.id).where(Anggaran.tahun == tahun, Anggaran.unit_id == unit_id)
    return bool(session.scalar(select(or_(target.exists(), line.exists()))))


# --- the plan: indicators with their PK and Rencana Aksi targets -----------------------------


@dataclass(frozen=True)
class IndikatorRencana:
    """An indicator with its targets for one year: the PK's annual target and the Rencana
    Aksi's quarterly targets (None and empty where the year's plan gives none)."""

    id: int
    kode: str
    nama: str
    satuan: str
    polaritas: Polaritas
    agregasi: Agregasi
    unit_id: int
    kode_unit: str
    nama_unit: str
    kode_sasaran: str
    target_tahunan: Decimal | None
    target_triwulan: Mapping[int, Decimal]  # quarter 1–4 → target; empty: no Rencana Aksi

    @property
    def direncanakan(self) -> bool:
        """Whether the year's plan names the indicator (an annual or a quarterly target)."""
        return self.target_tahunan is not None or bool(self.target_triwulan)


def quarterly_targets(ra: RencanaAksi) -> dict[int, Decimal]:
    """A Rencana Aksi row's targets by quarter number (1–4)."""
    return {1: ra.tw1, 2: ra.tw2, 3: ra.tw3, 4: ra.tw4}


def indicators_with_targets(
    session: Session, tahun: int, *, unit_ids: Collection[int] | None = None
) -> list[IndikatorRencana]:
    """Every indicator (of ``unit_ids``, or of all units) with its targets for ``tahun``,
    ordered by code; indicators the year's plan does not name are included, with
    ``direncanakan`` false. Raises ValueError on a stored polarity or aggregation that is
    not one of the domain's."""
    # Columns, not entities: a plan of 1,500 indicators is read on every upload and every
    # figure, and loading ORM objects (identity map, state) cost ten times the query.
    stmt = (
        select(
            Indikator.id,
            Indikator.kode,
            Indikator.nama,
            Indikator.satuan,
            Indikator.polaritas,
            Indikator.agregasi,
            Indikator.unit_id,
            Unit.kode,
            Unit.nama,
            Sasaran.kode,
            TargetTahunan.target,
            RencanaAksi.id,
            RencanaAksi.tw1,
            RencanaAksi.tw2,
            RencanaAksi.tw3,
            RencanaAksi.tw4,
        )
        .join(Sasaran, Sasaran.id == Indikator.sasaran_id)
        .join(Unit, Unit.id == Indikator.unit_id)
        .outerjoin(
            TargetTahunan,
            (TargetTahunan.indikator_id == Indikator.id) & (TargetTahunan.tahun == tahun),
        )
        .outerjoin(
            RencanaAksi, (RencanaAksi.indikator_id == Indikator.id) & (RencanaAksi.tahun == tahun)
        )
        .order_by(Indikator.kode)
    )
    if unit_ids is not None:
        stmt = stmt.where(Indikator.unit_id.in_(list(unit_ids)))
    return [
        IndikatorRencana(
            id=id_,
            kode=kode,
            nama=nama,
            satuan=satuan,
            polaritas=Polaritas(polaritas),
            agregasi=Agregasi(agregasi),
            unit_id=unit_id,
            kode_unit=kode_unit,
            nama_unit=nama_unit,
            kode_sasaran=kode_sasaran,
            target_tahunan=target,
            target_triwulan={1: tw1, 2: tw2, 3: tw3, 4: tw4} if ra_id is not None else {},
        )
        for (
            id_,
            kode,
            nama,
            satuan,
            polaritas,
            agregasi,
            unit_id,
            kode_unit,
            nama_unit,
            kode_sasaran,
            target,
            ra_id,
            tw1,
            tw2,
            tw3,
            tw4,
        ) in session.execute(stmt)
    ]


# --- what counts: realizations from the newest versions ---------------------------------------

_S = TypeVar("_S", bound=Select)


def _from_newest_versions(
    stmt: _S, versi_id: ColumnElement[int] | InstrumentedAttribute[int]
) -> _S:
    """``stmt`` restricted to rows of each submission's newest version (the one that counts),
    with ``Pengiriman`` joined for filtering by unit, year and quarter."""
    return (
        stmt.join(VersiPengiriman, VersiPengiriman.id == versi_id)
        .join(Pengiriman, Pengiriman.id == VersiPengiriman.pengiriman_id)
        .where(VersiPengiriman.nomor == Pengiriman.versi_terakhir)
    )


@dataclass(frozen=True)
class RealisasiBerlaku:
    """A realization that counts: as the newest version of its unit's quarterly report
    gives it. ``nilai`` None means reported empty (no data), never zero."""

    indikator_id: int
    kode_indikator: str
    unit_id: int
    triwulan: int
    versi_id: int
    nilai: Decimal | None
    keterangan: str | None
    kendala: str | None
    upaya: str | None
    baris: int | None


def counting_realizations(
    session: Session,
    tahun: int,
    *,
    triwulan: int | None = None,
    unit_ids: Collection[int] | None = None,
) -> list[RealisasiBerlaku]:
    """The realizations that count for ``tahun`` (one quarter's only, with ``triwulan``),
    reported by ``unit_ids`` (or by every unit), ordered by quarter and indicator code."""
    stmt = _from_newest_versions(
        select(
            Realisasi.indikator_id,
            Indikator.kode.label("kode_indikator"),
            Pengiriman.unit_id,
            Pengiriman.triwulan,
            Realisasi.versi_id,
            Realisasi.nilai,
            Realisasi.keterangan,
            Realisasi.kendala,
            Realisasi.upaya,
            Realisasi.baris,
        ).join(Indikator, Indikator.id == Realisasi.indikator_id),
        Realisasi.versi_id,
    ).where(Pengiriman.tahun == tahun)
    if triwulan is not None:
        stmt = stmt.where(Pengiriman.triwulan == triwulan)
    if unit_ids is not None:
        stmt = stmt.where(Pengiriman.unit_id.in_(list(unit_ids)))
    stmt = stmt.order_by(Pengiriman.triwulan, Indikator.kode, Pengiriman.unit_id)
    # Built by position, not through _asdict(): a year's 40,000 rows cost a third less.
    return [
        RealisasiBerlaku(ind_id, kode, unit_id, tw, versi_id, nilai, ket, kendala, upaya, baris)
        for ind_id, kode, unit_id, tw, versi_id, nilai, ket, kendala, upaya, baris in (
            session.execute(stmt)
        )
    ]


# --- the budget: leaf lines and their spending -------------------------------------------------


@dataclass(frozen=True)
class BarisAnggaran:
    """A budget line where money is spent, with its ceiling (pagu) and the spending that
    counts per quarter (a quarter is absent when no counting version reports the line)."""

    id: int
    kode: str
    uraian: str
    tingkat: str
    unit_id: int
    sasaran_id: int | None
    pagu: Decimal
    realisasi: Mapping[int, Decimal | None]


def leaf_budget_lines(
    session: Session, tahun: int, *, unit_id: int | None = None
) -> list[BarisAnggaran]:
    """The year's budget lines (of ``unit_id``, or of every unit) that no other line of the
    year names as parent (normally the sub kegiatan; programs and kegiatan are their sums),
    ordered by code, each with its counting realization per quarter as reported by the
    line's unit."""
    child = aliased(Anggaran)
    has_child = exists().where(child.tahun == tahun, child.induk_kode == Anggaran.kode)
    lines_stmt = select(Anggaran).where(Anggaran.tahun == tahun, ~has_child).order_by(Anggaran.kode)
    spent_stmt = _from_newest_versions(
        select(
            RealisasiAnggaran.anggaran_id,
            Pengiriman.unit_id,
            Pengiriman.triwulan,
            RealisasiAnggaran.nilai,
        ).join(Anggaran, Anggaran.id == RealisasiAnggaran.anggaran_id),
        RealisasiAnggaran.versi_id,
    ).where(Pengiriman.tahun == tahun, Anggaran.tahun == tahun)
    if unit_id is not None:
        lines_stmt = lines_stmt.where(Anggaran.unit_id == unit_id)
        spent_stmt = spent_stmt.where(Pengiriman.unit_id == unit_id)
    lines = list(session.scalars(lines_stmt))
    owners = {a.id: a.unit_id for a in lines}
    spent: dict[int, dict[int, Decimal | None]] = {}
    for anggaran_id, reporter, triwulan, nilai in session.execute(spent_stmt):
        if owners.get(anggaran_id) == reporter:
            spent.setdefault(anggaran_id, {})[triwulan] = nilai
    return [
        BarisAnggaran(
            id=a.id,
            kode=a.kode,
            uraian=a.uraian,
            tingkat=a.tingkat,
            unit_id=a.unit_id,
            sasaran_id=a.sasaran_id,
            pagu=a.pagu,
            realisasi=spent.get(a.id, {}),
        )
        for a in lines
    ]


# --- a unit's version history --------------------------------------------------------------------


@dataclass(frozen=True)
class VersiRiwayat:
    """One version of a unit's quarterly report with what its history shows."""

    id: int
    nomor: int
    terbaru: bool
    diunggah_pada: datetime
    diunggah_oleh: str | None  # the uploader's name; None when the system uploaded it
    nama_berkas: str
    berkas_sha256: str
    ukuran: int
    jumlah_realisasi: int  # realizations with a value
    catatan: tuple[CatatanVersi, ...]


def version_history(
    session: Session, unit_id: int, tahun: int, triwulan: int
) -> list[VersiRiwayat]:
    """Every version of the unit's report for the quarter, newest first (empty when the
    unit has reported nothing for it)."""
    filled = (
        select(Realisasi.versi_id, func.count().label("n"))
        .where(Realisasi.nilai.is_not(None))
        .group_by(Realisasi.versi_id)
        .subquery()
    )
    rows = session.execute(
        select(
            VersiPengiriman,
            Pengiriman.versi_terakhir,
            Pengguna.nama,
            func.coalesce(Berkas.ukuran, 0),
            func.coalesce(filled.c.n, 0),
        )
        .join(Pengiriman, Pengiriman.id == VersiPengiriman.pengiriman_id)
        .outerjoin(Pengguna, Pengguna.id == VersiPengiriman.diunggah_oleh_id)
        .outerjoin(Berkas, Berkas.sha256 == VersiPengiriman.berkas_sha256)
        .outerjoin(filled, filled.c.versi_id == VersiPengiriman.id)
        .where(
            Pengiriman.unit_id == unit_id,
            Pengiriman.tahun == tahun,
            Pengiriman.triwulan == triwulan,
        )
        .order_by(VersiPengiriman.nomor.desc())
    ).all()
    notes: dict[int, list[CatatanVersi]] = {}
    if rows:
        for c in session.scalars(
            select(CatatanVersi)
            .where(CatatanVersi.versi_id.in_([v.id for v, *_ in rows]))
            .order_by(CatatanVersi.id)
        ):
            notes.setdefault(c.versi_id, []).append(c)
    return [
        VersiRiwayat(
            id=v.id,
            nomor=v.nomor,
            terbaru=v.nomor == newest,
            diunggah_pada=v.diunggah_pada,
            diunggah_oleh=uploader,
            nama_berkas=v.nama_berkas,
            berkas_sha256=v.berkas_sha256,
            ukuran=int(size),
            jumlah_realisasi=int(n),
            catatan=tuple(notes.get(v.id, ())),
        )
        for v, newest, uploader, size, n in rows
    ]


# -- collection rounds ------------------------------------------------------------------------


@dataclass(frozen=True)
class PengirimanTriwulan:
    """A unit's quarterly report: how many versions are stored and when the first came."""

    unit_id: int
    versi: int
    first_upload: datetime
    last_upload: datetime
    tahap: str  # a lakip.domain.workflow.TahapPengiriman value
    pengiriman_id: int


def quarter_submissions(
    session: Session, tahun: int, triwulan: int
) -> dict[int, PengirimanTriwulan]:
    """Every unit's report of a quarter that has at least one version, by unit id (one
    statement)."""
    rows = session.execute(
        select(
            Pengiriman.unit_id,
            func.count(VersiPengiriman.id),
            func.min(VersiPengiriman.diunggah_pada),
            func.max(VersiPengiriman.diunggah_pada),
            Pengiriman.status,
            Pengiriman.id,
        )
        .join(VersiPengiriman, VersiPengiriman.pengiriman_id == Pengiriman.id)
        .where(Pengiriman.tahun == tahun, Pengiriman.triwulan == triwulan)
        .group_by(Pengiriman.unit_id, Pengiriman.status, Pengiriman.id)
    ).all()
    return {
        unit_id: PengirimanTriwulan(unit_id, int(n), first, last, tahap, pid)
        for unit_id, n, first, last, tahap, pid in rows
    }


def collection_round(session: Session, tahun: int, triwulan: int) -> PutaranPengumpulan | None:
    """The collection round of a quarter, or None when none was opened."""
    return session.scalars(
        select(PutaranPengumpulan).where(
            PutaranPengumpulan.tahun == tahun, PutaranPengumpulan.triwulan == triwulan
        )
    ).first()
