"""Recap of a quarter (SOP step 2): which units owe a report, what they sent, and when."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lakip.domain.periods import QUARTERS, year_error
from lakip.domain.roles import Izin
from lakip.domain.workflow import (
    StatusPengiriman,
    TahapPengiriman,
    deadline_end,
    submission_status,
)
from lakip.services.access import Aktor, require, visible_unit_ids
from lakip.services.errors import InputTidakValid
from lakip.services.runtime import Runtime
from lakip.store.queries import (
    collection_round,
    counting_realizations,
    indicators_with_targets,
    quarter_submissions,
)


@dataclass(frozen=True)
class RekapUnit:
    """One unit in a quarter's recap (FORMATS.md ``rekap``)."""

    kode: str
    nama: str
    wajib: int  # the unit's indicators in the year's plan
    terisi: int  # of them, those with a realization in the newest version
    versi: int  # versions stored for the quarter (0: none)
    status: StatusPengiriman


@dataclass(frozen=True)
class RekapTriwulan:
    """A quarter's recap: every unit responsible for an indicator of the year's plan."""

    tahun: int
    triwulan: int
    unit: list[RekapUnit]

    def to_json(self) -> dict[str, Any]:
        """The object ``python -m lakip rekap --json`` prints, exactly as FORMATS.md gives it."""
        return {
            "tahun": self.tahun,
            "triwulan": self.triwulan,
            "unit": [
                {
                    "kode": u.kode,
                    "wajib": u.wajib,
                    "terisi": u.terisi,
                    "versi": u.versi,
                    "status": u.status.value,
                }
                for u in self.unit
            ],
        }


def recap_quarter(rt: Runtime, aktor: Aktor, tahun: int, triwulan: int) -> RekapTriwulan:
    """The recap of a quarter, read in one transaction; units sorted by code.

    A report is ``terlambat`` when its first version came after the end of the collection
    round's deadline day (the agency's clock). Raises InputTidakValid on a quarter outside
    1–4 or a year out of range, Ditolak when the role may not recap.
    """
    require(rt, aktor, Izin.REKAP, aksi="rekap.lihat")
    problems = [p for p in [year_error(tahun)] if p]
    if triwulan not in QUARTERS:
        problems.append(f"Triwulan harus 1–4, ditemukan {triwulan}.")
    if problems:
        raise InputTidakValid(problems)
    with rt.uow() as session:
        visible = visible_unit_ids(session, aktor)
        plan = [
            i for i in indicators_with_targets(session, tahun, unit_ids=visible) if i.direncanakan
        ]
        filled = {
            r.indikator_id
            for r in counting_realizations(session, tahun, triwulan=triwulan, unit_ids=visible)
            if r.nilai is not None
        }
        sent = quarter_submissions(session, tahun, triwulan)
        putaran = collection_round(session, tahun, triwulan)
    deadline = (
        deadline_end(putaran.batas_waktu, rt.settings.timezone)
        if putaran is not None and putaran.batas_waktu is not None
        else None
    )
    units: dict[int, tuple[str, str, list[int]]] = {}
    for ind in plan:
        units.setdefault(ind.unit_id, (ind.kode_unit, ind.nama_unit, []))[2].append(ind.id)
    rows = []
    for unit_id, (kode, nama, indicator_ids) in sorted(units.items(), key=lambda u: u[1][0]):
        report = sent.get(unit_id)
        rows.append(
            RekapUnit(
                kode=kode,
                nama=nama,
                wajib=len(indicator_ids),
                terisi=sum(1 for i in indicator_ids if i in filled),
                versi=report.versi if report else 0,
                status=submission_status(
                    report.versi if report else 0,
                    report.first_upload if report else None,
                    deadline,
                    returned_without_newer_version=(
                        report is not None and report.tahap == TahapPengiriman.DIKEMBALIKAN
                    ),
                ),
            )
        )
    return RekapTriwulan(tahun, triwulan, rows)
