"""A synthetic agency of any size, by fixed rules, so the same sizes give the same data.

Two ways in: :func:`seed_synthetic` writes it straight into the store (the data the report
benchmarks and the report fault tests build from), and :func:`synthetic_plan` with
:func:`synthetic_quarter` give the same agency as a planning workbook's rows and each unit's
filled quarterly workbook, for the scale benchmark (bench/scale.py), which imports them through
the users' path. Every unit reports every indicator of its own in every quarter of every year
(one submission version each), with gaps, notes and budget spending spread over them by the
rules below.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal

from lakip.domain.indicators import Agregasi, JenisIndikator, Polaritas
from lakip.intake.plan import (
    AnggaranRow,
    IndikatorRow,
    PlanDocument,
    RencanaAksiRow,
    SasaranRow,
    TargetRow,
    UnitRow,
)
from lakip.intake.template import TemplateBudget, TemplateData, TemplateIndicator
from lakip.services.runtime import Runtime
from lakip.store import models as m

NAMA_INSTANSI = "Dinas Uji Skala Kabupaten"
_AGGS = (Agregasi.KUMULATIF, Agregasi.TERAKHIR, Agregasi.RATA_RATA)
_KENDALA = "Keterbatasan jaringan"
_UPAYA = "Jemput bola"


def unit_code(u: int) -> str:
    """The code of synthetic unit ``u``."""
    return f"UNIT-{u:02d}"


def _indicator_code(i: int) -> str:
    return f"IKU-{i:04d}"


def _quarter_target(i: int) -> Decimal:
    """Indicator ``i``'s Rencana Aksi target, the same in every quarter (annual: four times)."""
    return Decimal(100 + i % 13)


def realization(i: int, tahun: int, triwulan: int) -> tuple[Decimal | None, str | None, str | None]:
    """Indicator ``i``'s (realization, kendala, upaya) for a quarter: one in 23 is not
    reported, one in 11 has a note."""
    nilai = Decimal(90 + (i + triwulan + tahun) % 17) if (i + triwulan) % 23 else None
    noted = i % 11 == 0
    return nilai, _KENDALA if noted else None, _UPAYA if noted else None


def _pagu(b: int) -> Decimal:
    return Decimal(100_000_000 + b * 1000)


def seed_synthetic(
    rt: Runtime,
    *,
    units: int,
    indicators: int,
    years: Sequence[int],
    sasaran: int,
    budget_lines: int,
) -> None:
    """An agency of ``units`` units and ``indicators`` indicators over ``sasaran`` objectives,
    with targets, Rencana Aksi and every quarter's realizations in ``years``, and
    ``budget_lines`` budget lines with their spending in the last year."""
    sasaran_n = sasaran
    blob = b"bench"
    sha = hashlib.sha256(blob).hexdigest()
    with rt.uow() as s:
        s.add(
            m.Instansi(
                nama=NAMA_INSTANSI, pemerintah_daerah="Kabupaten Contoh",
                alamat="Jl. Pemuda No. 1", kota_ttd="Contoh", kepala_nama="Dr. Kepala Uji, M.Si.",
                kepala_nip="197001011990031001", kepala_pangkat="Pembina Utama Muda (IV/c)",
            )
        )  # fmt: skip
        s.add(m.Berkas(sha256=sha, ukuran=len(blob), jenis_isi="application/octet-stream"))
        unit_rows = [m.Unit(kode=unit_code(u), nama=f"Unit Kerja Nomor {u}", jenis="bidang")
                 for u in range(units)]  # fmt: skip
        sasaran_rows = [m.Sasaran(kode=f"SS-{k:02d}", nama=f"Sasaran strategis nomor {k}")
                   for k in range(sasaran_n)]  # fmt: skip
        s.add_all(unit_rows + sasaran_rows)
        s.flush()
        inds = [
            m.Indikator(
                kode=_indicator_code(i), nama=f"Indikator kinerja nomor {i} dengan uraian yang panjang",
                sasaran_id=sasaran_rows[i % sasaran_n].id, satuan="%", polaritas=("positif", "negatif")[i % 7 == 0],
                agregasi=str(_AGGS[i % 3]), unit_id=unit_rows[i % units].id,
                target_akhir_renstra=Decimal(100 + i % 9), standar_nasional=Decimal(90) if i % 5 == 0 else None,
            )
            for i in range(indicators)
        ]  # fmt: skip
        s.add_all(inds)
        s.flush()
        lines = []
        for b in range(budget_lines):
            lines.append(
                m.Anggaran(kode=f"9.{b:04d}", tahun=years[-1], uraian=f"Sub kegiatan nomor {b}",
                           tingkat="Sub Kegiatan", sasaran_id=sasaran_rows[b % sasaran_n].id,
                           unit_id=unit_rows[b % units].id, pagu=_pagu(b))
            )  # fmt: skip
        s.add_all(lines)
        for y in years:
            for i, ind in enumerate(inds):
                base = _quarter_target(i)
                s.add(m.TargetTahunan(indikator_id=ind.id, tahun=y, target=base * 4))
                s.add(
                    m.RencanaAksi(
                        indikator_id=ind.id, tahun=y, tw1=base, tw2=base, tw3=base, tw4=base
                    )
                )
        s.flush()
        for y in years:
            for q in (1, 2, 3, 4):
                for u, unit in enumerate(unit_rows):
                    p = m.Pengiriman(unit_id=unit.id, tahun=y, triwulan=q, versi_terakhir=1)
                    s.add(p)
                    s.flush()
                    v = m.VersiPengiriman(pengiriman_id=p.id, nomor=1, berkas_sha256=sha,
                                          nama_berkas=f"Laporan_{unit.kode}_{y}_TW{q}.xlsx")  # fmt: skip
                    s.add(v)
                    s.flush()
                    s.add_all(
                        m.Realisasi(versi_id=v.id, indikator_id=ind.id, nilai=nilai,
                                    kendala=kendala, upaya=upaya)
                        for i, ind in enumerate(inds)
                        if i % units == u
                        for nilai, kendala, upaya in [realization(i, y, q)]
                    )  # fmt: skip
                    if y == years[-1]:
                        s.add_all(
                            m.RealisasiAnggaran(versi_id=v.id, anggaran_id=line.id,
                                                nilai=line.pagu / 5)
                            for b, line in enumerate(lines) if b % units == u
                        )  # fmt: skip
        s.commit()


def synthetic_plan(
    *,
    units: int,
    indicators: int,
    years: Sequence[int],
    sasaran: int,
    budget_lines: int,
) -> PlanDocument:
    """The agency :func:`seed_synthetic` writes, as the rows of a planning workbook
    (``lakip.intake.plan_writer.write_plan_workbook`` writes it out)."""
    doc = PlanDocument()
    doc.units = [
        UnitRow(unit_code(u), f"Unit Kerja Nomor {u}", "Bidang", None) for u in range(units)
    ]
    doc.sasaran = [
        SasaranRow(f"SS-{k:02d}", f"Sasaran strategis nomor {k}", None) for k in range(sasaran)
    ]
    doc.indikator = [
        IndikatorRow(
            kode=_indicator_code(i), nama=f"Indikator kinerja nomor {i} dengan uraian yang panjang",
            kode_sasaran=f"SS-{i % sasaran:02d}", satuan="%",
            polaritas=Polaritas.NEGATIF if i % 7 == 0 else Polaritas.POSITIF,
            agregasi=_AGGS[i % 3], kode_unit=unit_code(i % units), jenis=JenisIndikator.IKU,
            baseline=None, target_akhir=Decimal(100 + i % 9),
            standar_nasional=Decimal(90) if i % 5 == 0 else None,
            definisi_operasional=None, sumber_data=None,
        )
        for i in range(indicators)
    ]  # fmt: skip
    for y in years:
        for i in range(indicators):
            base = _quarter_target(i)
            doc.targets.append(TargetRow(_indicator_code(i), y, base * 4))
            doc.rencana_aksi.append(RencanaAksiRow(_indicator_code(i), y, (base,) * 4))
    doc.anggaran = [
        AnggaranRow(
            kode=f"9.{b:04d}", uraian=f"Sub kegiatan nomor {b}", tingkat="Sub Kegiatan",
            kode_induk=None, kode_sasaran=f"SS-{b % sasaran:02d}", kode_unit=unit_code(b % units),
            tahun=years[-1], pagu=_pagu(b),
        )
        for b in range(budget_lines)
    ]  # fmt: skip
    return doc


def synthetic_quarter(plan: PlanDocument, u: int, tahun: int, triwulan: int) -> TemplateData:
    """Unit ``u``'s quarterly workbook content for a quarter of ``plan`` (from
    :func:`synthetic_plan`), its realizations and budget spending filled in by the rules of
    :func:`seed_synthetic`; ``write_quarter_template`` writes it."""
    kode = unit_code(u)
    indikator = []
    for i, ind in enumerate(plan.indikator):
        if ind.kode_unit != kode:
            continue
        nilai, kendala, upaya = realization(i, tahun, triwulan)
        indikator.append(
            TemplateIndicator(
                kode=ind.kode, nama=ind.nama, satuan=ind.satuan, target_tw=_quarter_target(i),
                realisasi=nilai, kendala=kendala, upaya=upaya,
            )
        )  # fmt: skip
    anggaran = [
        TemplateBudget(kode=a.kode, uraian=a.uraian, pagu=a.pagu, realisasi=a.pagu / 5)
        for a in plan.anggaran
        if a.kode_unit == kode and a.tahun == tahun
    ]
    return TemplateData(
        nama_instansi=NAMA_INSTANSI, kode_unit=kode, nama_unit=f"Unit Kerja Nomor {u}",
        tahun=tahun, triwulan=triwulan, disusun_oleh="Penyusun Uji", indikator=indikator,
        anggaran=anggaran,
    )  # fmt: skip
