"""The builder of the annual report, the LKjIP (SOP step 9), in the structure of PermenPAN-RB
53/2014 that DOMAIN.md gives: cover, Kata Pengantar, Ikhtisar Eksekutif, Bab I–IV and the
appendices, with the comparisons Bab III names."""

from __future__ import annotations

from decimal import Decimal

from lakip.domain.achievement import objective_achievement
from lakip.domain.formatting import format_count, format_percent
from lakip.reports.analysis import analysis_of, key_indikator, key_sasaran, missed
from lakip.reports.blocks import budget_table, budget_totals, sources_table
from lakip.reports.capaian_doc import capaian_grafik_set
from lakip.reports.capaian_model import BarisCapaian, BarisSasaran, TabelCapaian
from lakip.reports.charts import series_chart, spec_of
from lakip.reports.document import (
    AngkaKunci,
    Bagian,
    Blok,
    Dokumen,
    Grafik,
    Judul,
    Kolom,
    Paragraf,
    Sel,
    Seri,
    Tabel,
    TandaTangan,
)
from lakip.reports.periodic import KOLOM_CAPAIAN, capaian_rows
from lakip.reports.report_model import DataTahunan, IndikatorTahunan


def _signature(data: DataTahunan) -> list[Blok]:
    p = data.penandatangan
    return [] if p is None else [TandaTangan(p.kota, p.jabatan, p.nama, p.pangkat, p.nip)]


def _foreword(data: DataTahunan) -> Bagian:
    return Bagian(
        "Kata Pengantar",
        [
            Paragraf(
                f"Laporan Kinerja Instansi Pemerintah (LKjIP) {data.nama_instansi} "
                f"{data.pemerintah_daerah} Tahun {data.tahun} disusun sebagai wujud "
                "pertanggungjawaban atas pelaksanaan tugas dan fungsi dalam mencapai sasaran "
                "strategis yang ditetapkan dalam Perjanjian Kinerja, sesuai Peraturan Menteri "
                "PANRB Nomor 53 Tahun 2014."
            ),
            Paragraf(
                "Laporan ini menyajikan capaian setiap indikator kinerja dibandingkan dengan "
                "target, dengan tahun-tahun sebelumnya dan dengan target akhir Renstra, beserta "
                "analisis penyebab keberhasilan atau kegagalan, efisiensi penggunaan anggaran dan "
                "realisasi anggaran. Semoga laporan ini menjadi bahan perbaikan kinerja pada tahun "
                "berikutnya."
            ),
            *_signature(data),
        ],
        lembar="Kata Pengantar",
    )


def _summary(data: DataTahunan) -> Bagian:
    berdata = [i for i in data.indikator if i.capaian is not None]
    tercapai = [i for i in berdata if not missed(i)]
    serapan = budget_totals(data.anggaran)[2]
    rows: list[tuple[Sel, ...]] = [
        (s.kode, s.nama, s.capaian, s.predikat, s.serapan, s.efisiensi) for s in data.sasaran
    ]
    return Bagian(
        "Ikhtisar Eksekutif",
        [
            Paragraf(
                f"Pada Tahun {data.tahun}, {data.nama_instansi} mengukur kinerjanya dengan "
                f"{format_count(len(data.indikator))} indikator pada "
                f"{format_count(len(data.sasaran))} sasaran strategis. "
                f"{format_count(len(tercapai))} indikator mencapai atau melampaui target, "
                f"{format_count(len(berdata) - len(tercapai))} belum mencapai target, dan "
                f"{format_count(len(data.indikator) - len(berdata))} belum berdata. Serapan "
                f"anggaran {format_percent(serapan)}."
            ),
            AngkaKunci(
                [
                    ("Sasaran strategis", format_count(len(data.sasaran))),
                    ("Indikator", format_count(len(data.indikator))),
                    ("Mencapai target", format_count(len(tercapai))),
                    ("Serapan anggaran", format_percent(serapan)),
                ]
            ),
            Tabel(
                [
                    Kolom("Kode", 10),
                    Kolom("Sasaran Strategis", 56),
                    Kolom("Capaian", 13, "persen"),
                    Kolom("Predikat", 15, "predikat"),
                    Kolom("Serapan", 13, "persen"),
                    Kolom("Efisiensi (poin)", 14, "angka"),
                ],
                rows,
                judul="Capaian sasaran strategis",
            ),
        ],
        lembar="Ikhtisar Eksekutif",
    )


def _introduction(data: DataTahunan) -> Bagian:
    below = [i for i in data.indikator if missed(i)]
    issues = (
        "Isu strategis yang tampak dari capaian tahun ini adalah indikator yang belum mencapai "
        "target: " + "; ".join(f"{i.nama} ({i.kode})" for i in below) + "."
        if below
        else "Seluruh indikator yang berdata mencapai target pada tahun ini."
    )
    return Bagian(
        "Bab I Pendahuluan",
        [
            Judul("A. Gambaran umum instansi"),
            Paragraf(
                f"{data.nama_instansi} {data.pemerintah_daerah}"
                + (f", beralamat di {data.alamat}." if data.alamat else ".")
            ),
            Judul("B. Struktur organisasi"),
            Tabel([Kolom("Kode", 16), Kolom("Unit kerja", 60)], list(data.unit)),
            Judul("C. Isu strategis"),
            Paragraf(issues),
        ],
        lembar="Bab I Pendahuluan",
    )


def _planning(data: DataTahunan) -> Bagian:
    nama = {s.kode: s.nama for s in data.sasaran}
    rows: list[tuple[Sel, ...]] = [
        (i.kode_sasaran, nama.get(i.kode_sasaran, ""), i.kode, i.nama, i.satuan, i.target,
         i.target_renstra)
        for i in data.indikator
    ]  # fmt: skip
    return Bagian(
        "Bab II Perencanaan Kinerja",
        [
            Paragraf(
                f"Perjanjian Kinerja Tahun {data.tahun} menjabarkan sasaran Renstra ke dalam "
                "indikator dan target tahunan berikut."
            ),
            Tabel(
                [
                    Kolom("Sasaran", 10),
                    Kolom("Sasaran Strategis", 36),
                    Kolom("Kode", 10),
                    Kolom("Indikator", 40),
                    Kolom("Satuan", 12),
                    Kolom(f"Target {data.tahun}", 14, "angka"),
                    Kolom("Target akhir Renstra", 14, "angka"),
                ],
                rows,
                judul="Perjanjian Kinerja",
            ),
        ],
        lembar="Bab II Perencanaan",
        lanskap=True,
    )


def _years(data: DataTahunan) -> list[int]:
    seen = sorted({r.tahun for i in data.indikator for r in i.riwayat if r.realisasi is not None})
    return [*seen, data.tahun]


def _accountability(data: DataTahunan) -> Bagian:
    tabel = _as_table(data)
    blok: list[Blok] = [
        Judul("A. Capaian kinerja"),
        Judul("1. Target dan realisasi Tahun " + str(data.tahun), 3),
        Tabel(KOLOM_CAPAIAN, capaian_rows(tabel)),
    ]
    blok.extend(capaian_grafik_set(tabel))

    years = _years(data)
    blok.append(Judul("2. Perbandingan dengan tahun-tahun sebelumnya", 3))
    if len(years) > 1:
        kolom = [Kolom("Kode", 10), Kolom("Indikator", 40)]
        kolom += [Kolom(f"Realisasi {y}", 13, "angka") for y in years]
        kolom += [Kolom(f"Capaian {y}", 13, "persen") for y in years]
        rows: list[tuple[Sel, ...]] = []
        for i in data.indikator:
            by_year = {r.tahun: r for r in i.riwayat}
            real = [by_year[y].realisasi if y in by_year else None for y in years[:-1]]
            cap = [by_year[y].capaian if y in by_year else None for y in years[:-1]]
            rows.append((i.kode, i.nama, *real, i.realisasi, *cap, i.capaian))
        blok.append(Tabel(kolom, rows))
        blok.extend(_trend_chart(data, years))
    else:
        blok.append(Paragraf("Belum ada data tahun sebelumnya untuk dibandingkan."))

    blok.append(Judul("3. Kemajuan terhadap target akhir Renstra", 3))
    blok.append(
        _against(
            data,
            "Target akhir Renstra",
            "Kemajuan",
            [(i, i.target_renstra, i.capaian_renstra) for i in data.indikator],
            "Tidak ada indikator dengan target akhir Renstra.",
        )
    )
    blok.append(Judul("4. Perbandingan dengan standar nasional", 3))
    blok.append(
        _against(
            data,
            "Standar nasional",
            "Terhadap standar",
            [(i, i.standar_nasional, i.capaian_standar) for i in data.indikator],
            "Tidak ada indikator yang mempunyai standar nasional.",
        )
    )

    blok.append(Judul("5. Analisis penyebab keberhasilan atau kegagalan", 3))
    analisis = analysis_of(data)
    for s in data.sasaran:
        blok.append(Paragraf(analisis[key_sasaran(s.kode)]))
        for i in data.indikator:
            if i.kode_sasaran == s.kode and key_indikator(i.kode) in analisis:
                blok.append(Paragraf(analisis[key_indikator(i.kode)]))
    notes: list[tuple[Sel, ...]] = [
        (i.kode, i.nama, "\n".join(i.kendala), "\n".join(i.upaya))
        for i in data.indikator
        if i.kendala or i.upaya
    ]
    if notes:
        blok.append(
            Tabel(
                [
                    Kolom("Kode", 10),
                    Kolom("Indikator", 36),
                    Kolom("Kendala", 45),
                    Kolom("Upaya", 45),
                ],
                notes,
                judul="Kendala dan upaya unit",
            )
        )

    blok.append(Judul("6. Efisiensi penggunaan sumber daya", 3))
    blok.append(
        Paragraf(
            "Efisiensi = capaian kinerja − serapan anggaran (poin); positif berarti hasil "
            "lebih besar dari anggaran yang digunakan.",
            catatan=True,
        )
    )
    blok.append(
        Tabel(
            [
                Kolom("Kode", 10),
                Kolom("Sasaran Strategis", 46),
                Kolom("Capaian", 13, "persen"),
                Kolom("Pagu (Rp)", 18, "angka"),
                Kolom("Realisasi (Rp)", 18, "angka"),
                Kolom("Serapan", 13, "persen"),
                Kolom("Efisiensi (poin)", 14, "angka"),
            ],
            [
                (s.kode, s.nama, s.capaian, s.pagu, s.realisasi_anggaran, s.serapan, s.efisiensi)
                for s in data.sasaran
            ],
        )
    )
    blok.append(Judul("7. Program yang mendukung", 3))
    blok.append(
        Tabel(
            [Kolom("Kode", 10), Kolom("Sasaran Strategis", 46), Kolom("Program", 70)],
            [(s.kode, s.nama, "\n".join(s.program) or "—") for s in data.sasaran],
        )
    )

    blok.append(Judul("B. Realisasi anggaran"))
    blok.append(budget_table(data.anggaran))
    return Bagian(
        "Bab III Akuntabilitas Kinerja", blok, lembar="Bab III Akuntabilitas", lanskap=True
    )


def _against(
    data: DataTahunan,
    acuan: str,
    hasil: str,
    rows: list[tuple[IndikatorTahunan, Decimal | None, Decimal | None]],
    kosong: str,
) -> Blok:
    """This year's realization against a reference figure (the Renstra final target, the
    national standard), for the indicators that have one; ``kosong`` when none has."""
    body: list[tuple[Sel, ...]] = [
        (i.kode, i.nama, i.realisasi, ref, pct) for i, ref, pct in rows if ref is not None
    ]
    if not body:
        return Paragraf(kosong)
    return Tabel(
        [
            Kolom("Kode", 10),
            Kolom("Indikator", 50),
            Kolom(f"Realisasi {data.tahun}", 14, "angka"),
            Kolom(acuan, 14, "angka"),
            Kolom(hasil, 13, "persen"),
        ],
        body,
    )


def _as_table(data: DataTahunan) -> TabelCapaian:
    return TabelCapaian(
        instansi=data.instansi,
        judul=f"Capaian Kinerja Tahun {data.tahun}",
        subjudul="",
        baris=[
            BarisCapaian(
                i.kode,
                i.nama,
                i.satuan,
                i.unit,
                i.kode_sasaran,
                i.target,
                i.realisasi,
                i.capaian,
                i.predikat,
            )
            for i in data.indikator
        ],
        sasaran=[BarisSasaran(s.kode, s.nama, s.capaian, s.predikat) for s in data.sasaran],
    )


def _trend_chart(data: DataTahunan, years: list[int]) -> list[Grafik]:
    """Each objective's achievement in each year (the mean of its indicators' achievements
    that exist that year, DOMAIN.md), one series per year."""
    per_year: dict[int, dict[str, list[Decimal | None]]] = {y: {} for y in years}
    for i in data.indikator:
        by_year = {r.tahun: r.capaian for r in i.riwayat} | {data.tahun: i.capaian}
        for y in years:
            per_year[y].setdefault(i.kode_sasaran, []).append(by_year.get(y))
    kode = [s.kode for s in data.sasaran]
    series = [
        (str(y), [objective_achievement(per_year[y].get(k, [])) for k in kode]) for y in years
    ]
    chart = series_chart(kode, series)
    if chart is None:
        return []
    return [
        Grafik(
            f"Capaian sasaran strategis {years[0]}–{years[-1]}",
            kode,
            [Seri(nama, values) for nama, values in series],
            spec_of(chart),
        )
    ]


def _closing(data: DataTahunan) -> Bagian:
    below = [i.kode for i in data.indikator if missed(i)]
    return Bagian(
        "Bab IV Penutup",
        [
            Paragraf(
                f"Demikian LKjIP {data.nama_instansi} Tahun {data.tahun}. "
                + (
                    f"Indikator yang belum mencapai target ({', '.join(below)}) menjadi perhatian "
                    "utama perbaikan kinerja pada tahun berikutnya melalui upaya yang telah "
                    "diuraikan pada Bab III."
                    if below
                    else "Capaian yang baik ini perlu dipertahankan pada tahun berikutnya."
                )
            ),
            *_signature(data),
        ],
        lembar="Bab IV Penutup",
    )


def _appendices(data: DataTahunan) -> list[Bagian]:
    ra = Tabel(
        [
            Kolom("Kode", 10),
            Kolom("Indikator", 44),
            Kolom("Satuan", 12),
            Kolom("Target tahunan", 14, "angka"),
            Kolom("TW I", 12, "angka"),
            Kolom("TW II", 12, "angka"),
            Kolom("TW III", 12, "angka"),
            Kolom("TW IV", 12, "angka"),
        ],
        [(r.kode, r.nama, r.satuan, r.target_tahunan, *r.triwulan) for r in data.rencana_aksi],
    )
    per_q = [{b.kode: b.realisasi for b in t.baris} for t in data.triwulan]
    quarters: list[Blok] = [
        Paragraf(
            "Realisasi tiap triwulan sebagaimana dilaporkan unit (versi terbaru); realisasi tahun "
            "dihitung menurut sifat indikatornya (kumulatif, kondisi akhir atau rata-rata).",
            catatan=True,
        ),
        Tabel(
            [
                Kolom("Kode", 10),
                Kolom("Indikator", 44),
                Kolom("Satuan", 12),
                *[Kolom(f"TW {r}", 12, "angka") for r in ("I", "II", "III", "IV")],
                Kolom(f"Tahun {data.tahun}", 13, "angka"),
            ],
            [
                (i.kode, i.nama, i.satuan, *[q.get(i.kode) for q in per_q], i.realisasi)
                for i in data.indikator
            ],
        ),
    ]
    sources = sources_table(data.sumber)
    return [
        Bagian("Lampiran 1 Rencana Aksi", [ra], lembar="Lampiran Rencana Aksi", lanskap=True),
        Bagian(
            "Lampiran 2 Realisasi Triwulan", quarters, lembar="Lampiran Realisasi", lanskap=True
        ),
        Bagian(
            "Lampiran 3 Sumber Data",
            [
                Paragraf(
                    f"Laporan ini adalah versi {data.nomor_versi}, dibangun pada "
                    f"{data.dibangun_pada} dari {format_count(len(data.sumber))} versi laporan "
                    "triwulan berikut. Membangun ulang dari versi-versi yang sama menghasilkan "
                    "angka yang sama."
                ),
                sources,
            ],
            lembar="Lampiran Sumber Data",
        ),
    ]


def annual_document(data: DataTahunan) -> Dokumen:
    """The LKjIP of ``data``."""
    return Dokumen(
        instansi=data.instansi,
        judul=data.judul,
        subjudul=f"{data.nama_instansi} {data.pemerintah_daerah}",
        bagian=[
            _foreword(data),
            _summary(data),
            _introduction(data),
            _planning(data),
            _accountability(data),
            _closing(data),
            *_appendices(data),
        ],
        kop=data.kop,
        sampul=True,
        daftar_isi=True,
        dibuat=f"Versi {data.nomor_versi} · dibangun pada {data.dibangun_pada}",
        info={"keywords": f"LKjIP; laporan kinerja tahunan; {data.tahun}"},
    )
