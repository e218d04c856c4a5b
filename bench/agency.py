"""A synthetic agency of any size, written straight into the store: the data the report
benchmarks and the report fault tests build from. Every unit reports every indicator of its
own in every quarter of every year (one submission version each), with gaps, notes and budget
spending spread over them by fixed rules, so the same sizes give the same data."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import Decimal

from lakip.services.runtime import Runtime
from lakip.store import models as m


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
                nama="Dinas Uji Skala Kabupaten", pemerintah_daerah="Kabupaten Contoh",
                alamat="Jl. Pemuda No. 1", kota_ttd="Contoh", kepala_nama="Dr. Kepala Uji, M.Si.",
                kepala_nip="197001011990031001", kepala_pangkat="Pembina Utama Muda (IV/c)",
            )
        )  # fmt: skip
        s.add(m.Berkas(sha256=sha, ukuran=len(blob), jenis_isi="application/octet-stream"))
        unit_rows = [m.Unit(kode=f"UNIT-{u:02d}", nama=f"Unit Kerja Nomor {u}", jenis="bidang")
                 for u in range(units)]  # fmt: skip
        sasaran_rows = [m.Sasaran(kode=f"SS-{k:02d}", nama=f"Sasaran strategis nomor {k}")
                   for k in range(sasaran_n)]  # fmt: skip
        s.add_all(unit_rows + sasaran_rows)
        s.flush()
        aggs = ("kumulatif", "terakhir", "rata-rata")
        inds = [
            m.Indikator(
                kode=f"IKU-{i:04d}", nama=f"Indikator kinerja nomor {i} dengan uraian yang panjang",
                sasaran_id=sasaran_rows[i % sasaran_n].id, satuan="%", polaritas=("positif", "negatif")[i % 7 == 0],
                agregasi=aggs[i % 3], unit_id=unit_rows[i % units].id,
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
                           unit_id=unit_rows[b % units].id, pagu=Decimal(100_000_000 + b * 1000))
            )  # fmt: skip
        s.add_all(lines)
        for y in years:
            for i, ind in enumerate(inds):
                base = Decimal(100 + i % 13)
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
                        m.Realisasi(
                            versi_id=v.id, indikator_id=ind.id,
                            nilai=Decimal(90 + (i + q + y) % 17) if (i + q) % 23 else None,
                            kendala="Keterbatasan jaringan" if i % 11 == 0 else None,
                            upaya="Jemput bola" if i % 11 == 0 else None,
                        )
                        for i, ind in enumerate(inds)
                        if i % units == u
                    )  # fmt: skip
                    if y == years[-1]:
                        s.add_all(
                            m.RealisasiAnggaran(versi_id=v.id, anggaran_id=line.id,
                                                nilai=line.pagu / 5)
                            for b, line in enumerate(lines) if b % units == u
                        )  # fmt: skip
        s.commit()
