"""The annual report's analysis, edited by people (SOP step 9).

Each objective and each indicator that missed its target has a paragraph drafted from the
figures (lakip.reports.analysis). Staff read the drafts on the report page and rewrite those
they want; what they write is stored with the report (``AnalisisLaporan``, one row per edit,
never overwritten) and replaces the draft in every later build, until someone puts the draft
back by saving an empty text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from sqlalchemy import select

from lakip.domain.formatting import format_percent
from lakip.domain.periods import year_error
from lakip.domain.roles import Izin
from lakip.reports.analysis import (
    draft_indicator,
    draft_objective,
    key_indikator,
    key_sasaran,
    missed,
)
from lakip.services._report_data import analysis_edits, read_annual_data, report_row
from lakip.services.access import Aktor, audit, require
from lakip.services.errors import InputTidakValid
from lakip.services.runtime import Runtime
from lakip.store.models import AnalisisLaporan, Indikator, Sasaran

PANJANG_MAKS: Final = 4000
"""Characters in one paragraph of analysis: a long page of the report."""


@dataclass(frozen=True)
class ParagrafAnalisis:
    """One paragraph of the analysis: its draft and, where someone rewrote it, their text."""

    kunci: str  # "sasaran:SS-01", "indikator:IKU-02"
    judul: str
    draf: str
    teks: str | None  # None: the draft is printed
    diubah_oleh: str | None
    diubah_pada: datetime | None

    @property
    def dicetak(self) -> str:
        """What the report prints."""
        return self.teks or self.draf


def annual_analysis(rt: Runtime, aktor: Aktor, tahun: int) -> list[ParagrafAnalisis]:
    """The paragraphs of the LKjIP's analysis for ``tahun``, each objective followed by its
    indicators that missed their target, as the next build would print them."""
    require(rt, aktor, Izin.SUSUN_LAPORAN, aksi="laporan.analisis")
    if (err := year_error(tahun)) is not None:
        raise InputTidakValid([err])
    with rt.uow() as session:
        data, _ = read_annual_data(
            session, rt.files, rt.settings.timezone, tahun, nomor_versi=0, now=rt.clock(),
            analisis={},
        )  # fmt: skip
        edits = {
            r.kunci: (r.teks, r.diubah_oleh.nama if r.diubah_oleh else None, r.diubah_pada)
            for r in analysis_edits(
                session, report_row(session, "tahunan", tahun, "TAHUN")
            ).values()
            if r.teks
        }
        session.rollback()  # a read: the report row is made when something is saved

    def paragraph(kunci: str, judul: str, draf: str) -> ParagrafAnalisis:
        if kunci not in edits:
            return ParagrafAnalisis(kunci, judul, draf, None, None, None)
        teks, oleh, pada = edits[kunci]
        return ParagrafAnalisis(kunci, judul, draf, teks, oleh, pada)

    out = []
    for s in data.sasaran:
        out.append(
            paragraph(
                key_sasaran(s.kode),
                f"Sasaran {s.kode} — {s.nama} (capaian {format_percent(s.capaian)})",
                draft_objective(s, data.indikator, tahun),
            )
        )
        for i in data.indikator:
            if i.kode_sasaran == s.kode and missed(i):
                out.append(
                    paragraph(
                        key_indikator(i.kode),
                        f"Indikator {i.kode} — {i.nama} (capaian {format_percent(i.capaian)})",
                        draft_indicator(i, tahun),
                    )
                )
    return out


def save_analysis(rt: Runtime, aktor: Aktor, tahun: int, kunci: str, teks: str) -> bool:
    """Store ``teks`` as the paragraph ``kunci`` of the LKjIP ``tahun`` (an empty text puts
    the draft back). False when it is what the report already holds (nothing stored)."""
    require(rt, aktor, Izin.SUSUN_LAPORAN, aksi="laporan.analisis.simpan")
    teks = "\n".join(line.rstrip() for line in teks.strip().splitlines())
    problems = []
    if (err := year_error(tahun)) is not None:
        problems.append(err)
    if len(teks) > PANJANG_MAKS:
        problems.append(
            f"Analisis {kunci} terlalu panjang: {len(teks)} karakter, paling banyak {PANJANG_MAKS}."
        )
    with rt.uow() as session:
        jenis, _, kode = kunci.partition(":")
        if jenis == "sasaran":
            known = session.scalar(select(Sasaran.id).where(Sasaran.kode == kode))
        elif jenis == "indikator":
            known = session.scalar(select(Indikator.id).where(Indikator.kode == kode))
        else:
            known = None
        if known is None:
            problems.append(
                f"Bagian analisis {kunci!r} tidak dikenal: pilih sasaran atau indikator yang ada."
            )
        if problems:
            raise InputTidakValid(problems)
        lap = report_row(session, "tahunan", tahun, "TAHUN")
        before = analysis_edits(session, lap).get(kunci)
        if (before.teks if before else "") == teks:
            session.rollback()
            return False
        session.add(
            AnalisisLaporan(
                laporan_id=lap.id, kunci=kunci, teks=teks, diubah_oleh_id=aktor.id,
                diubah_pada=rt.clock(),
            )
        )  # fmt: skip
        audit(
            session,
            aktor,
            "laporan.analisis.simpan",
            objek="laporan",
            objek_id=lap.id,
            detail={"kunci": kunci, "panjang": len(teks), "draf": not teks},
        )
        session.commit()
    return True
