"""Drafted analysis for the annual report, and what the report still lacks.

Drafts are plain Indonesian templates over the report's own figures (the trend, the budget,
the units' kendala and upaya): they never state a number the data does not hold. People edit
them on the report page; the edited text, stored with the report, replaces the draft.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Final

from lakip.domain.formatting import BELUM_ADA_DATA, format_count, format_number, format_percent
from lakip.reports.report_model import DataTahunan, IndikatorTahunan, SasaranTahunan

TARGET_PENUH: Final = Decimal(100)


def key_sasaran(kode: str) -> str:
    return f"sasaran:{kode}"


def key_indikator(kode: str) -> str:
    return f"indikator:{kode}"


def _fig(x: Decimal | None, satuan: str = "") -> str:
    """A figure as typed, with its unit: "96,5 %", "1.850 dokumen"; "belum ada data"."""
    if x is None:
        return BELUM_ADA_DATA
    text = format_number(x, strip=True)
    return f"{text} %" if satuan == "%" else f"{text} {satuan}".strip()


def missed(i: IndikatorTahunan) -> bool:
    """The indicator has an achievement and it is below 100 %."""
    return i.capaian is not None and i.capaian < TARGET_PENUH


def draft_indicator(i: IndikatorTahunan, tahun: int) -> str:
    """The draft paragraph for an indicator that missed its target."""
    parts = [
        f"Indikator {i.nama} ({i.kode}) pada Tahun {tahun} ditargetkan {_fig(i.target, i.satuan)} "
        f"dan terealisasi {_fig(i.realisasi, i.satuan)}, sehingga capaiannya "
        f"{format_percent(i.capaian)} (predikat {i.predikat or 'belum ada'}) dan belum mencapai "
        "target."
    ]
    earlier = [(r.tahun, r.realisasi) for r in i.riwayat if r.realisasi is not None]
    if earlier and i.realisasi is not None:
        tahun_lalu, before = earlier[-1]
        arah = (
            "meningkat" if i.realisasi > before else "menurun" if i.realisasi < before else "tetap"
        )
        parts.append(
            f"Dibandingkan Tahun {tahun_lalu} (realisasi {_fig(before, i.satuan)}), "
            f"realisasinya {arah}."
        )
    if i.capaian_renstra is not None and i.target_renstra is not None:
        parts.append(
            f"Terhadap target akhir Renstra ({_fig(i.target_renstra, i.satuan)}) capaiannya "
            f"{format_percent(i.capaian_renstra)}."
        )
    if i.kendala:
        parts.append("Kendala yang dilaporkan unit: " + "; ".join(i.kendala) + ".")
    else:
        parts.append("Unit tidak menuliskan kendala untuk indikator ini.")
    if i.upaya:
        parts.append("Upaya yang telah dan akan dilakukan: " + "; ".join(i.upaya) + ".")
    return " ".join(parts)


def draft_objective(s: SasaranTahunan, indikator: Sequence[IndikatorTahunan], tahun: int) -> str:
    """The draft paragraph for an objective."""
    own = [i for i in indikator if i.kode_sasaran == s.kode]
    below = [i.kode for i in own if missed(i)]
    met = [i.kode for i in own if i.capaian is not None and not missed(i)]
    parts = [
        f"Sasaran {s.nama} ({s.kode}) pada Tahun {tahun} diukur dengan "
        f"{format_count(len(own))} indikator dan capaiannya {format_percent(s.capaian)} "
        f"(predikat {s.predikat or 'belum ada'})."
    ]
    if met:
        parts.append(f"Indikator yang mencapai target: {', '.join(met)}.")
    if below:
        parts.append(f"Indikator yang belum mencapai target: {', '.join(below)}.")
    if s.serapan is not None:
        parts.append(
            f"Anggaran yang mendukungnya terserap {format_percent(s.serapan)} "
            f"(Rp {format_number(s.realisasi_anggaran, 0)} dari pagu Rp {format_number(s.pagu, 0)})"
            + (
                f"; efisiensinya {format_number(s.efisiensi)} poin"
                + (", hasil lebih besar dari serapan." if s.efisiensi > 0 else ".")
                if s.efisiensi is not None
                else "."
            )
        )
    if s.program:
        parts.append("Program pendukung: " + "; ".join(s.program) + ".")
    return " ".join(parts)


def analysis_of(data: DataTahunan) -> dict[str, str]:
    """The analysis the report prints: each objective's and each missed indicator's edited
    text where people wrote one, else its draft."""
    out: dict[str, str] = {}
    for s in data.sasaran:
        key = key_sasaran(s.kode)
        out[key] = data.analisis.get(key) or draft_objective(s, data.indikator, data.tahun)
    for i in data.indikator:
        if missed(i):
            key = key_indikator(i.kode)
            out[key] = data.analisis.get(key) or draft_indicator(i, data.tahun)
    return out


_NAMED_UPTO: Final = 12  # codes a line names before it counts the rest


def _codes(kode: Sequence[str]) -> str:
    """Codes for a line of the check: all of them, or the first few and how many more."""
    if len(kode) <= _NAMED_UPTO:
        return ", ".join(kode)
    rest = len(kode) - _NAMED_UPTO
    return f"{', '.join(kode[:_NAMED_UPTO])} dan {format_count(rest)} lainnya"


def what_is_missing(data: DataTahunan) -> list[str]:
    """What the annual report still lacks, in Indonesian, one line each (empty: complete)."""
    lines = []
    for s in data.sasaran:
        if s.capaian is None:
            lines.append(
                f"Sasaran {s.kode} belum dapat dianalisis: belum ada capaian indikatornya."
            )
    drafts = [
        f"sasaran {s.kode}"
        for s in data.sasaran
        if s.capaian is not None and key_sasaran(s.kode) not in data.analisis
    ] + [
        f"indikator {i.kode}"
        for i in data.indikator
        if missed(i) and key_indikator(i.kode) not in data.analisis
    ]
    if drafts:
        lines.append(
            "Analisis yang masih berupa draf otomatis, belum ditinjau penyusun: "
            + _codes(drafts)
            + "."
        )
    no_data = [i.kode for i in data.indikator if i.realisasi is None]
    if no_data:
        lines.append(f"Indikator tanpa realisasi tahun {data.tahun}: {_codes(no_data)}.")
    incomplete = [
        f"{i.kode} ({i.triwulan_berdata} dari {i.jumlah_triwulan} triwulan)"
        for i in data.indikator
        if i.kumulatif and i.triwulan_berdata < i.jumlah_triwulan
    ]
    if incomplete:
        lines.append("Indikator kumulatif yang belum lengkap: " + _codes(incomplete) + ".")
    if not data.anggaran or all(a.realisasi is None for a in data.anggaran):
        lines.append(f"Belum ada data realisasi anggaran Tahun {data.tahun}.")
    if not any(r.realisasi is not None for i in data.indikator for r in i.riwayat):
        lines.append(
            f"Belum ada data tahun sebelumnya untuk perbandingan dengan Tahun {data.tahun}."
        )
    return lines
