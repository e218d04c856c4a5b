"""The builders of the quarterly (SOP step 4) and semester (step 6) reports: the achievement
tables of the period and of the year to date, charts, the objectives, the units' kendala and
upaya, budget absorption, and the submission versions the report was built from.

A semester report also sets its two quarters side by side.
"""

from __future__ import annotations

from collections import Counter

from lakip.domain.achievement import Predikat
from lakip.domain.formatting import format_count, format_percent
from lakip.reports.blocks import budget_table, budget_totals, sources_table
from lakip.reports.capaian_doc import PER_SASARAN_FROM, capaian_grafik_set
from lakip.reports.capaian_model import TabelCapaian
from lakip.reports.charts import series_chart, spec_of
from lakip.reports.document import (
    AngkaKunci,
    Bagian,
    Blok,
    Dokumen,
    Grafik,
    Kolom,
    Paragraf,
    Sel,
    Seri,
    Tabel,
    TandaTangan,
)
from lakip.reports.report_model import DataLaporan

KOLOM_CAPAIAN = (
    Kolom("Kode", 10),
    Kolom("Indikator", 48),
    Kolom("Satuan", 12),
    Kolom("Unit", 26),
    Kolom("Target", 13, "angka"),
    Kolom("Realisasi", 13, "angka"),
    Kolom("Capaian", 13, "persen"),
    Kolom("Predikat", 15, "predikat"),
)


def capaian_rows(tabel: TabelCapaian) -> list[tuple[Sel, ...]]:
    return [
        (b.kode, b.indikator, b.satuan, b.unit, b.target, b.realisasi, b.capaian, b.predikat)
        for b in tabel.baris
    ]


def _summary(data: DataLaporan) -> Bagian:
    utama = data.utama
    berdata = [b for b in utama.baris if b.capaian is not None]
    predikat = Counter(b.predikat for b in berdata)
    serapan = budget_totals(data.anggaran)[2]
    units = sorted({s.kode_unit for s in data.sumber})
    blok: list[Blok] = [
        Paragraf(
            f"Laporan ini menyajikan capaian kinerja {data.label_periode} Tahun {data.tahun} "
            f"{data.instansi}: {format_count(len(utama.baris))} indikator kinerja dari "
            f"{format_count(len(utama.sasaran))} sasaran strategis, dibandingkan dengan "
            "target Rencana Aksi, beserta capaian s.d. periode ini, kendala dan upaya unit, dan "
            "serapan anggaran."
        ),
        AngkaKunci(
            [
                ("Indikator", format_count(len(utama.baris))),
                ("Indikator berdata", format_count(len(berdata))),
                (
                    f"Predikat {Predikat.SANGAT_TINGGI.value}",
                    format_count(predikat.get(Predikat.SANGAT_TINGGI.value, 0)),
                ),
                ("Serapan anggaran", format_percent(serapan)),
            ]
        ),
        Tabel(
            [Kolom("Predikat", 20, "predikat"), Kolom("Jumlah indikator", 16, "bilangan")],
            [(p.value, predikat.get(p.value, 0)) for p in Predikat]
            + [("belum ada data", len(utama.baris) - len(berdata))],
            judul="Sebaran predikat capaian",
        ),
        Paragraf(
            f"Versi laporan {data.nomor_versi}, dibangun pada {data.dibangun_pada} dari "
            f"{format_count(len(data.sumber))} versi laporan triwulan "
            f"{format_count(len(units))} unit (rinciannya pada bagian Sumber Data).",
            catatan=True,
        ),
    ]
    return Bagian("Ringkasan", blok, lembar="Ringkasan")


def _period_section(tabel: TabelCapaian, judul: str, lembar: str) -> Bagian:
    blok: list[Blok] = [Tabel(KOLOM_CAPAIAN, capaian_rows(tabel), judul=tabel.judul)]
    blok.extend(capaian_grafik_set(tabel))
    return Bagian(judul, blok, lembar=lembar, lanskap=True)


def _side_by_side(data: DataLaporan) -> Bagian:
    """The semester's quarters beside each other and the semester itself."""
    quarters = list(data.rincian)
    per = [{b.kode: b for b in q.baris} for q in quarters]
    labels = [q.judul.removeprefix("Capaian Kinerja ").split(" Tahun")[0] for q in quarters]
    kolom = [Kolom("Kode", 10), Kolom("Indikator", 44)]
    for label in labels:
        kolom += [Kolom(f"Realisasi {label}", 14, "angka"), Kolom(f"Capaian {label}", 14, "persen")]
    kolom += [
        Kolom(f"Capaian {data.label_periode}", 14, "persen"),
        Kolom("Predikat", 15, "predikat"),
    ]
    rows: list[tuple[Sel, ...]] = []
    for b in data.utama.baris:
        row: list[Sel] = [b.kode, b.indikator]
        for q in per:
            got = q.get(b.kode)
            row += [got.realisasi if got else None, got.capaian if got else None]
        row += [b.capaian, b.predikat]
        rows.append(tuple(row))
    kode = [b.kode for b in data.utama.baris]
    seri = [
        Seri(label, [got.capaian if (got := q.get(k)) is not None else None for k in kode])
        for label, q in zip(labels, per, strict=True)
    ]
    chart = series_chart(kode, [(x.nama, x.nilai) for x in seri])
    blok: list[Blok] = [Tabel(kolom, rows, judul=f"Perbandingan triwulan {data.label_periode}")]
    if chart is not None and len(kode) < PER_SASARAN_FROM:
        blok.append(
            Grafik(
                f"Capaian per triwulan — {data.label_periode} Tahun {data.tahun}",
                kode,
                seri,
                spec_of(chart),
            )
        )
    return Bagian("Perbandingan Triwulan", blok, lembar="Perbandingan Triwulan", lanskap=True)


def _objectives(data: DataLaporan) -> Bagian:
    kum = {s.kode: s for s in data.kumulatif.sasaran}
    rows = [
        (
            s.kode,
            s.nama,
            s.capaian,
            s.predikat,
            kum[s.kode].capaian if s.kode in kum else None,
        )
        for s in data.utama.sasaran
    ]
    kolom = [
        Kolom("Kode", 10),
        Kolom("Sasaran Strategis", 60),
        Kolom(f"Capaian {data.label_periode}", 15, "persen"),
        Kolom("Predikat", 15, "predikat"),
        Kolom("Capaian s.d. periode ini", 16, "persen"),
    ]
    return Bagian(
        "Capaian Sasaran Strategis",
        [
            Paragraf(
                "Capaian sasaran adalah rata-rata capaian indikatornya yang berdata.", catatan=True
            ),
            Tabel(kolom, rows),
        ],
        lembar="Capaian Sasaran",
    )


def _obstacles(data: DataLaporan) -> Bagian:
    rows = [
        (b.kode, b.indikator, b.unit, "\n".join(b.kendala), "\n".join(b.upaya))
        for b in data.utama.baris
        if b.kendala or b.upaya
    ]
    blok: list[Blok]
    if rows:
        blok = [
            Tabel(
                [
                    Kolom("Kode", 10),
                    Kolom("Indikator", 36),
                    Kolom("Unit", 22),
                    Kolom("Kendala", 45),
                    Kolom("Upaya", 45),
                ],
                rows,
            )
        ]
    else:
        blok = [Paragraf(f"Unit tidak menuliskan kendala atau upaya untuk {data.label_periode}.")]
    return Bagian("Kendala dan Upaya", blok, lembar="Kendala dan Upaya", lanskap=True)


def _budget(data: DataLaporan) -> Bagian:
    if not data.anggaran:
        return Bagian(
            "Realisasi Anggaran",
            [Paragraf(f"Belum ada data anggaran untuk Tahun {data.tahun}.")],
            lembar="Anggaran",
        )
    return Bagian(
        "Realisasi Anggaran",
        [
            Paragraf(
                f"Realisasi {data.label_periode} adalah belanja triwulan-triwulannya; serapan = "
                "realisasi / pagu × 100.",
                catatan=True,
            ),
            budget_table(data.anggaran),
        ],
        lembar="Anggaran",
        lanskap=True,
    )


def _sources(data: DataLaporan) -> Bagian:
    blok: list[Blok] = [
        Paragraf(
            f"Laporan ini adalah versi {data.nomor_versi}, dibangun pada {data.dibangun_pada} "
            f"dari {format_count(len(data.sumber))} versi laporan triwulan berikut. Membangun "
            "ulang dari versi-versi yang sama menghasilkan angka yang sama."
        ),
        sources_table(data.sumber),
    ]
    if data.penandatangan is not None:
        p = data.penandatangan
        blok.append(TandaTangan(p.kota, p.jabatan, p.nama, p.pangkat, p.nip))
    return Bagian("Sumber Data", blok, lembar="Sumber Data")


def periodic_document(data: DataLaporan) -> Dokumen:
    """The quarterly or semester report of ``data``."""
    bagian: list[Bagian] = [_summary(data)]
    bagian.append(_period_section(data.utama, f"Capaian {data.label_periode}", "Capaian Periode"))
    if data.rincian:
        bagian.append(_side_by_side(data))
    bagian.append(
        _period_section(
            data.kumulatif,
            f"Capaian {data.kumulatif.judul.removeprefix('Capaian Kinerja ')}",
            "Capaian s.d. Periode",
        )
    )
    bagian += [_objectives(data), _obstacles(data), _budget(data), _sources(data)]
    return Dokumen(
        instansi=data.instansi,
        judul=data.judul,
        subjudul=data.instansi,
        bagian=bagian,
        kop=data.kop,
        dibuat=f"Versi {data.nomor_versi} · dibangun pada {data.dibangun_pada}",
        info={"keywords": f"laporan kinerja; {data.jenis}; {data.periode} {data.tahun}"},
    )
