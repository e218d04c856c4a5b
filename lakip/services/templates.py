"""Use cases of SOP step 1 before an upload: which units an actor may report for, and the
quarterly workbook prefilled with a unit's indicators, targets and budget lines.

The template is prefilled from the same context an upload is checked against
(:mod:`lakip.services._quarter_context`).
"""

from __future__ import annotations

from sqlalchemy import select

from lakip.domain.filenames import quarter_workbook_name
from lakip.domain.periods import ROMAN, year_error
from lakip.domain.roles import Izin, Peran
from lakip.intake.template import (
    TemplateBudget,
    TemplateData,
    TemplateIndicator,
    write_quarter_template,
)
from lakip.services._quarter_context import unit_quarter_context
from lakip.services.access import Aktor, require, require_unit
from lakip.services.errors import InputTidakValid
from lakip.services.runtime import Runtime
from lakip.store.models import Pengguna, Unit
from lakip.store.queries import (
    agency_profile,
    counting_realizations,
    leaf_budget_lines,
    unit_by_code,
    unit_has_plan,
)


def _check_quarter(tahun: int, triwulan: int) -> None:
    problems = []
    if triwulan not in ROMAN:
        problems.append(f"Triwulan harus 1–4, ditemukan {triwulan}")
    if (problem := year_error(tahun)) is not None:
        problems.append(problem)
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
        unit = unit_by_code(session, kode_unit)
        if unit is None:
            raise InputTidakValid([f"Unit dengan kode '{kode_unit}' tidak ditemukan."])
        require_unit(rt, aktor, Izin.UNDUH_TEMPLATE, unit, aksi="template.unduh")
        if not unit_has_plan(session, unit.id, tahun):
            raise InputTidakValid(
                [f"Tahun {tahun} belum memiliki target untuk unit {unit.kode} dalam perencanaan."]
            )
        lines = leaf_budget_lines(session, tahun, unit_id=unit.id)
        ctx = unit_quarter_context(session, unit, tahun, triwulan, lines)
        reported = {
            r.kode_indikator: r
            for r in counting_realizations(session, tahun, triwulan=triwulan, unit_ids=[unit.id])
        }
        instansi = agency_profile(session)
        user = session.get(Pengguna, aktor.id) if aktor.id else None
        rows = []
        for kode, ic in ctx.indicators.items():
            r = reported.get(kode)
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
        budget = [
            TemplateBudget(
                kode=a.kode, uraian=a.uraian, pagu=a.pagu, realisasi=a.realisasi.get(triwulan)
            )
            for a in lines
        ]
        content = TemplateData(
            nama_instansi=instansi.nama if instansi else "",
            kode_unit=unit.kode,
            nama_unit=unit.nama,
            tahun=tahun,
            triwulan=triwulan,
            disusun_oleh=user.nama if user else None,
            indikator=rows,
            anggaran=budget,
        )
    data = write_quarter_template(content)
    name = quarter_workbook_name(unit.kode, tahun, triwulan)
    return name, data


def units_for(rt: Runtime, aktor: Aktor) -> list[tuple[str, str]]:
    """(kode, nama) of the units ``aktor`` may upload or view for, sorted by code."""
    with rt.uow() as session:
        stmt = select(Unit.kode, Unit.nama).where(Unit.aktif.is_(True)).order_by(Unit.kode)
        if not aktor.sistem and aktor.peran is Peran.STAF_UNIT:
            stmt = stmt.where(Unit.id == (aktor.unit_id or -1))
        return [(k, n) for k, n in session.execute(stmt)]
