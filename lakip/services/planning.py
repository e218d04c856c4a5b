"""Use case: import the planning workbook (Renstra, PK, Rencana Aksi, budget).

Importing again updates what the workbook names, by code, and keeps every realization.
A workbook with any error changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import partial
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from lakip.domain.roles import Izin
from lakip.intake.issues import WorkbookRejected
from lakip.intake.plan import KnownCodes, PlanDocument, parse_plan
from lakip.services.access import Aktor, audit, require
from lakip.services.errors import InputTidakValid, Masalah, masalah_from_issues
from lakip.services.runtime import Runtime
from lakip.services.storage import store_file
from lakip.store.models import Anggaran, Indikator, RencanaAksi, Sasaran, TargetTahunan, Unit


@dataclass
class ImportSummary:
    """What an import created and updated, per sheet, and its warnings."""

    dibuat: dict[str, int] = field(default_factory=dict)
    diperbarui: dict[str, int] = field(default_factory=dict)
    peringatan: list[Masalah] = field(default_factory=list)
    berkas_sha256: str = ""

    def count(self, sheet: str, created: bool) -> None:
        """Count one row of ``sheet`` as created or updated."""
        bucket = self.dibuat if created else self.diperbarui
        bucket[sheet] = bucket.get(sheet, 0) + 1


def known_codes(session: Session) -> KnownCodes:
    """The codes already in the database, which a workbook may refer to."""
    return KnownCodes(
        units=frozenset(session.scalars(select(Unit.kode))),
        sasaran=frozenset(session.scalars(select(Sasaran.kode))),
        indikator=frozenset(session.scalars(select(Indikator.kode))),
        anggaran=frozenset(
            (k, t) for k, t in session.execute(select(Anggaran.kode, Anggaran.tahun))
        ),
    )


def import_plan(rt: Runtime, aktor: Aktor, data: bytes, nama_berkas: str) -> ImportSummary:
    """Import a planning workbook; raises InputTidakValid listing every error (nothing is
    stored then) and Ditolak when the actor may not import plans."""
    require(rt, aktor, Izin.IMPOR_PERENCANAAN, aksi="perencanaan.impor")
    with rt.uow() as session:
        try:
            doc = parse_plan(
                data,
                known_codes(session),
                max_bytes=rt.settings.max_upload_bytes,
                max_unpacked=rt.settings.max_unpacked_bytes,
            )
        except WorkbookRejected as exc:
            raise InputTidakValid(masalah_from_issues(exc.errors)) from exc
        summary = ImportSummary(peringatan=masalah_from_issues(doc.warnings))
        _apply(session, doc, summary)
        summary.berkas_sha256 = store_file(session, rt.files, data, "xlsx")
        audit(
            session,
            aktor,
            "perencanaan.impor",
            objek="berkas",
            objek_id=summary.berkas_sha256,
            detail={
                "nama_berkas": nama_berkas,
                "dibuat": summary.dibuat,
                "diperbarui": summary.diperbarui,
            },
        )
        session.commit()
    return summary


_M = TypeVar("_M")
_K = TypeVar("_K", bound=Hashable)


def _upsert(
    session: Session,
    existing: dict[_K, _M],
    key: _K,
    create: Callable[[], _M],
    summary: ImportSummary,
    sheet: str,
) -> _M:
    """The stored row for ``key``, or a new one added to the session; counted either way."""
    obj = existing.get(key)
    summary.count(sheet, obj is None)
    if obj is None:
        obj = existing[key] = create()
        session.add(obj)
    return obj


def _apply(session: Session, doc: PlanDocument, summary: ImportSummary) -> None:
    units = {u.kode: u for u in session.scalars(select(Unit))}
    for row in doc.units:
        unit = _upsert(session, units, row.kode, partial(Unit, kode=row.kode), summary, "Unit")
        unit.nama, unit.jenis = row.nama, row.jenis
    session.flush()
    for row in doc.units:
        units[row.kode].induk_id = units[row.induk].id if row.induk else None

    sasaran = {s.kode: s for s in session.scalars(select(Sasaran))}
    for srow in doc.sasaran:
        obj = _upsert(
            session, sasaran, srow.kode, partial(Sasaran, kode=srow.kode), summary, "Sasaran"
        )
        obj.nama, obj.tujuan = srow.nama, srow.tujuan
    session.flush()

    indikator = {i.kode: i for i in session.scalars(select(Indikator))}
    for irow in doc.indikator:
        ind = _upsert(
            session,
            indikator,
            irow.kode,
            partial(Indikator, kode=irow.kode),
            summary,
            "Indikator",
        )
        ind.nama = irow.nama
        ind.sasaran_id = sasaran[irow.kode_sasaran].id
        ind.satuan = irow.satuan
        ind.polaritas = str(irow.polaritas)
        ind.agregasi = str(irow.agregasi)
        ind.unit_id = units[irow.kode_unit].id
        ind.jenis = str(irow.jenis)
        ind.baseline = irow.baseline
        ind.target_akhir_renstra = irow.target_akhir
        ind.standar_nasional = irow.standar_nasional
        ind.definisi_operasional = irow.definisi_operasional
        ind.sumber_data = irow.sumber_data
    session.flush()

    targets = {(t.indikator_id, t.tahun): t for t in session.scalars(select(TargetTahunan))}
    for trow in doc.targets:
        key = (indikator[trow.kode_indikator].id, trow.tahun)
        tgt = _upsert(
            session,
            targets,
            key,
            partial(TargetTahunan, indikator_id=key[0], tahun=key[1]),
            summary,
            "Target",
        )
        tgt.target = trow.target

    plans = {(r.indikator_id, r.tahun): r for r in session.scalars(select(RencanaAksi))}
    for rrow in doc.rencana_aksi:
        key = (indikator[rrow.kode_indikator].id, rrow.tahun)
        ra = _upsert(
            session,
            plans,
            key,
            partial(RencanaAksi, indikator_id=key[0], tahun=key[1]),
            summary,
            "Rencana Aksi",
        )
        ra.tw1, ra.tw2, ra.tw3, ra.tw4 = rrow.tw

    lines = {(a.kode, a.tahun): a for a in session.scalars(select(Anggaran))}
    for arow in doc.anggaran:
        line = _upsert(
            session,
            lines,
            (arow.kode, arow.tahun),
            partial(Anggaran, kode=arow.kode, tahun=arow.tahun),
            summary,
            "Anggaran",
        )
        line.uraian = arow.uraian
        line.tingkat = arow.tingkat
        line.induk_kode = arow.kode_induk
        line.sasaran_id = sasaran[arow.kode_sasaran].id if arow.kode_sasaran else None
        line.unit_id = units[arow.kode_unit].id
        line.pagu = arow.pagu
    session.flush()
