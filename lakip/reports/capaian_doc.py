"""The achievement table of a period as a document (the Capaian Kinerja export): one section
for the indicators, with their chart, and one for the objectives."""

from __future__ import annotations

from dataclasses import replace

from lakip.reports.capaian_model import TabelCapaian
from lakip.reports.charts import TitikCapaian, capaian_chart, spec_of
from lakip.reports.document import Bagian, Blok, Dokumen, Grafik, Kolom, Seri, Tabel

KOLOM_INDIKATOR = (
    Kolom("Kode", 12),
    Kolom("Indikator", 50),
    Kolom("Satuan", 12),
    Kolom("Unit", 28),
    Kolom("Sasaran", 12),
    Kolom("Target", 14, "angka"),
    Kolom("Realisasi", 14, "angka"),
    Kolom("Capaian (%)", 14, "persen"),
    Kolom("Predikat", 16, "predikat"),
    Kolom("Keterangan", 35),
    Kolom("Kendala", 45),
    Kolom("Upaya", 45),
)
KOLOM_SASARAN = (
    Kolom("Kode", 12),
    Kolom("Sasaran Strategis", 70),
    Kolom("Capaian (%)", 14, "persen"),
    Kolom("Predikat", 16, "predikat"),
)


def capaian_grafik(tabel: TabelCapaian) -> Grafik | None:
    """The achievement chart of the table's indicators (None: no achievement yet)."""
    titik = [TitikCapaian(b.kode, b.indikator, b.capaian, b.predikat) for b in tabel.baris]
    chart = capaian_chart(titik)
    if chart is None:
        return None
    return Grafik(
        judul=f"Capaian per indikator — {tabel.judul}",
        kategori=[b.kode for b in tabel.baris],
        seri=[Seri("Capaian (%)", [b.capaian for b in tabel.baris])],
        spec=spec_of(chart),
    )


PER_SASARAN_FROM = 40
"""From this many indicators on, the achievement chart is drawn per objective: a chart of a
thousand bars reads as nothing (and costs a huge image)."""


def capaian_grafik_set(tabel: TabelCapaian) -> list[Grafik]:
    """The table's achievement chart, or one per objective when the table is long."""
    if len(tabel.baris) < PER_SASARAN_FROM:
        one = capaian_grafik(tabel)
        return [one] if one is not None else []
    names = {s.kode: s.nama for s in tabel.sasaran}
    charts = []
    for kode in dict.fromkeys(b.sasaran for b in tabel.baris):
        part = replace(
            tabel,
            judul=f"{names.get(kode, kode)} ({kode}) — {tabel.judul}",
            baris=[b for b in tabel.baris if b.sasaran == kode],
        )
        chart = capaian_grafik(part)
        if chart is not None:
            charts.append(replace(chart, judul=f"Capaian per indikator, sasaran {kode}"))
    return charts


def capaian_document(tabel: TabelCapaian) -> Dokumen:
    indikator: list[Blok] = [
        Tabel(
            KOLOM_INDIKATOR,
            [
                (
                    b.kode,
                    b.indikator,
                    b.satuan,
                    b.unit,
                    b.sasaran,
                    b.target,
                    b.realisasi,
                    b.capaian,
                    b.predikat,
                    "\n".join(b.keterangan),
                    "\n".join(b.kendala),
                    "\n".join(b.upaya),
                )
                for b in tabel.baris
            ],
        )
    ]
    indikator.extend(capaian_grafik_set(tabel))
    sasaran = Tabel(KOLOM_SASARAN, [(s.kode, s.nama, s.capaian, s.predikat) for s in tabel.sasaran])
    return Dokumen(
        instansi=tabel.instansi,
        judul=tabel.judul,
        subjudul=tabel.subjudul,
        bagian=[
            Bagian("Capaian per indikator", indikator, lembar="Capaian Indikator", lanskap=True),
            Bagian("Capaian per sasaran strategis", [sasaran], lembar="Capaian Sasaran"),
        ],
    )
