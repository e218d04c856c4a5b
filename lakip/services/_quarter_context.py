"""What a unit's quarterly workbook is prefilled with and checked against, shared by the
template download (:mod:`lakip.services.templates`) and the upload
(:mod:`lakip.services.submissions`), so a template filled in as given is always accepted.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from lakip.intake.quarter import IndicatorContext, UnitQuarterContext
from lakip.store.models import Anggaran, Indikator, Unit
from lakip.store.queries import BarisAnggaran, counting_realizations, indicators_with_targets


def unit_quarter_context(
    session: Session,
    unit: Unit,
    tahun: int,
    triwulan: int,
    lines: Sequence[BarisAnggaran],
) -> UnitQuarterContext:
    """The unit's indicators with the quarter's Rencana Aksi target and the previous
    quarter's counting realization, its leaf budget ``lines`` (from
    :func:`~lakip.store.queries.leaf_budget_lines`), and the codes of other units."""
    # Only the unit's own indicators in full; of the others (every other unit's, the bulk
    # of a plan) the codes are enough, and reading them whole cost most of an upload.
    indicators = indicators_with_targets(session, tahun, unit_ids=[unit.id])
    previous = (
        {
            r.indikator_id: r.nilai
            for r in counting_realizations(
                session, tahun, triwulan=triwulan - 1, unit_ids=[unit.id]
            )
        }
        if triwulan > 1
        else {}
    )
    contexts = {
        ind.kode: IndicatorContext(
            kode=ind.kode,
            nama=ind.nama,
            satuan=ind.satuan,
            agregasi=ind.agregasi,
            polaritas=ind.polaritas,
            target_tw=ind.target_triwulan.get(triwulan),
            previous_realisasi=previous.get(ind.id),
        )
        for ind in indicators
    }
    other_indicators = frozenset(
        session.scalars(select(Indikator.kode).where(Indikator.unit_id != unit.id))
    )
    other_lines = frozenset(
        session.scalars(
            select(Anggaran.kode).where(Anggaran.unit_id != unit.id, Anggaran.tahun == tahun)
        )
    )
    return UnitQuarterContext(
        kode_unit=unit.kode,
        nama_unit=unit.nama,
        tahun=tahun,
        triwulan=triwulan,
        indicators=contexts,
        other_indicator_codes=other_indicators,
        budget_lines={a.kode: a.pagu for a in lines},
        other_budget_codes=other_lines,
    )
