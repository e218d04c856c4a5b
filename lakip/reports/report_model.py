"""What a report builder is given: the figures of the report's period, read by the services in
one transaction, and the facts a report states about itself (its version, when it was built,
which submission versions it used). Builders turn this into a document; they read nothing else.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from lakip.reports.capaian_model import TabelCapaian
from lakip.reports.document import Kop


@dataclass(frozen=True)
class Penandatangan:
    """Who signs the report: the head of the agency."""

    kota: str
    jabatan: str
    nama: str
    pangkat: str
    nip: str


@dataclass(frozen=True)
class SumberVersi:
    """A submission version the report was built from."""

    kode_unit: str
    triwulan: int
    versi: int
    berkas: str
    diunggah: str  # written for people, in the agency's clock


@dataclass(frozen=True)
class BarisAnggaranLaporan:
    """A budget line over the report's period."""

    kode: str
    uraian: str
    kode_unit: str
    pagu: Decimal
    realisasi: Decimal | None
    serapan: Decimal | None


@dataclass(frozen=True)
class DataLaporan:
    """Everything a quarterly or semester report shows.

    ``utama`` is the report's period (TW n, or the semester); ``kumulatif`` the year to date
    (s.d. TW n, or s.d. the semester's last quarter); ``rincian`` the quarters a semester
    report sets side by side (empty for a quarterly report)."""

    jenis: str  # triwulan / semester
    tahun: int
    periode: str  # TW1…TW4, S1, S2
    label_periode: str  # "Triwulan I", "Semester I"
    instansi: str
    kop: Kop | None
    penandatangan: Penandatangan | None
    utama: TabelCapaian
    kumulatif: TabelCapaian
    rincian: Sequence[TabelCapaian]
    anggaran: Sequence[BarisAnggaranLaporan]
    sumber: Sequence[SumberVersi]
    nomor_versi: int
    dibangun_pada: str  # written for people, in the agency's clock

    @property
    def judul(self) -> str:
        return f"Laporan Kinerja {self.label_periode} Tahun {self.tahun}"


def _fig(x: Decimal | None) -> str | None:
    return None if x is None else format(x.normalize(), "f")


def figures_digest(data: DataLaporan) -> str:
    """The SHA-256 of the report's figures (every target, realization, achievement and
    budget figure, with the codes they belong to): two builds from the same submission
    versions have the same digest, whenever they are built."""
    tables = [data.utama, data.kumulatif, *data.rincian]
    canon = {
        "jenis": data.jenis,
        "tahun": data.tahun,
        "periode": data.periode,
        "tabel": [
            {
                "judul": t.judul,
                "indikator": [
                    [b.kode, _fig(b.target), _fig(b.realisasi), _fig(b.capaian), b.predikat]
                    for b in t.baris
                ],
                "sasaran": [[s.kode, _fig(s.capaian), s.predikat] for s in t.sasaran],
            }
            for t in tables
        ],
        "anggaran": [[a.kode, _fig(a.pagu), _fig(a.realisasi)] for a in data.anggaran],
    }
    blob = json.dumps(canon, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


@dataclass(frozen=True)
class TahunLalu:
    """An indicator's figures in an earlier year (None: no data that year)."""

    tahun: int
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None


@dataclass(frozen=True)
class IndikatorTahunan:
    """One indicator in the annual report, with the comparisons DOMAIN.md names."""

    kode: str
    nama: str
    satuan: str
    kode_sasaran: str
    unit: str
    target: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    predikat: str | None
    riwayat: Sequence[TahunLalu]  # earlier years, oldest first
    target_renstra: Decimal | None
    capaian_renstra: Decimal | None  # progress toward the Renstra final target
    standar_nasional: Decimal | None
    capaian_standar: Decimal | None  # the realization against the national standard
    triwulan_berdata: int
    jumlah_triwulan: int
    kumulatif: bool
    kendala: Sequence[str] = ()
    upaya: Sequence[str] = ()


@dataclass(frozen=True)
class SasaranTahunan:
    """An objective: its achievement, its budget, and their efficiency."""

    kode: str
    nama: str
    tujuan: str
    capaian: Decimal | None
    predikat: str | None
    pagu: Decimal
    realisasi_anggaran: Decimal | None
    serapan: Decimal | None
    efisiensi: Decimal | None
    program: Sequence[str]  # the programs whose spending served it


@dataclass(frozen=True)
class RencanaAksiBaris:
    kode: str
    nama: str
    satuan: str
    target_tahunan: Decimal | None
    triwulan: Sequence[Decimal | None]  # TW I…IV


@dataclass(frozen=True)
class DataTahunan:
    """Everything the LKjIP shows (DOMAIN.md, "The LKjIP structure")."""

    tahun: int
    instansi: str
    nama_instansi: str
    pemerintah_daerah: str
    alamat: str
    kop: Kop | None
    penandatangan: Penandatangan | None
    unit: Sequence[tuple[str, str]]  # (kode, nama): the organisation
    indikator: Sequence[IndikatorTahunan]
    sasaran: Sequence[SasaranTahunan]
    anggaran: Sequence[BarisAnggaranLaporan]
    triwulan: Sequence[TabelCapaian]  # TW I…IV, for the appendix
    rencana_aksi: Sequence[RencanaAksiBaris]
    sumber: Sequence[SumberVersi]
    nomor_versi: int
    dibangun_pada: str
    analisis: dict[str, str]  # edited analysis by key ("sasaran:SS-01", "indikator:IKU-01")

    @property
    def judul(self) -> str:
        return f"Laporan Kinerja Instansi Pemerintah Tahun {self.tahun}"


def annual_digest(data: DataTahunan) -> str:
    """:func:`figures_digest` for the annual report: every figure, with its code."""
    canon = {
        "jenis": "tahunan",
        "tahun": data.tahun,
        "indikator": [
            [
                i.kode,
                _fig(i.target),
                _fig(i.realisasi),
                _fig(i.capaian),
                i.predikat,
                [[r.tahun, _fig(r.realisasi), _fig(r.capaian)] for r in i.riwayat],
                _fig(i.capaian_renstra),
                _fig(i.capaian_standar),
            ]
            for i in data.indikator
        ],
        "sasaran": [
            [s.kode, _fig(s.capaian), _fig(s.pagu), _fig(s.realisasi_anggaran), _fig(s.efisiensi)]
            for s in data.sasaran
        ],
        "triwulan": [[[b.kode, _fig(b.realisasi)] for b in t.baris] for t in data.triwulan],
    }
    blob = json.dumps(canon, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()
