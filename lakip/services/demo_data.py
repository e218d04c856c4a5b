"""Demo agency data: the Disdukcapil of Kabupaten Balangan, as a realistic example.

Pure data and small builders, no I/O and no database: the plan (units, objectives,
indicators, PK targets, Rencana Aksi, budget), quarterly realizations for 2024 TW I–IV
and 2025 TW I–III, one user per role, and the quarterly workbook a unit would upload.

The agency, its address and its budget nomenclature are real; every person (names,
NIPs) and every figure is invented for demonstration. The passwords are demo
passwords only (``demo-<username>``) and must never be used in production.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from lakip.domain.indicators import Agregasi, JenisIndikator, Polaritas
from lakip.domain.roles import Peran
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

TAHUN_RENCANA: Final = (2024, 2025, 2026)
# The quarters that have realizations: all of 2024, and 2025 up to TW III.
TRIWULAN_DEMO: Final = ((2024, 1), (2024, 2), (2024, 3), (2024, 4), (2025, 1), (2025, 2), (2025, 3))


# -- value types ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoInstansi:
    """The agency profile (the Instansi record) of the demo."""

    nama: str
    singkatan: str
    pemerintah_daerah: str
    provinsi: str
    alamat: str
    telepon: str
    kota_ttd: str
    kepala_nama: str
    kepala_nip: str
    kepala_pangkat: str
    tahun_aktif: int

    @property
    def nama_lengkap(self) -> str:
        """The agency's name with its regional government: "Dinas … Kabupaten Balangan"."""
        return f"{self.nama} {self.pemerintah_daerah}"


@dataclass(frozen=True)
class DemoRealisasi:
    """One indicator's realization in a quarter; ``nilai`` None means not reported."""

    kode: str
    nilai: Decimal | None
    keterangan: str | None = None
    kendala: str | None = None
    upaya: str | None = None


@dataclass(frozen=True)
class DemoAnggaran:
    """One sub kegiatan's spending in a quarter, in rupiah (the quarter's own amount)."""

    kode: str
    nilai: Decimal


@dataclass(frozen=True)
class DemoQuarter:
    """A unit's quarterly report: its realizations and its budget spending."""

    kode_unit: str
    tahun: int
    triwulan: int
    disusun_oleh: str
    tanggal: str
    realisasi: list[DemoRealisasi]
    anggaran: list[DemoAnggaran]


@dataclass(frozen=True)
class DemoUser:
    """A demo account; ``password`` is a demo password only (``demo-<username>``)."""

    username: str
    nama: str
    nip: str | None
    jabatan: str
    peran: Peran
    kode_unit: str | None
    password: str


# -- the agency -------------------------------------------------------------------------------

_KEPALA_NAMA: Final = "H. Ahmad Rizani Noor, S.Sos., M.Si."


def demo_instansi() -> DemoInstansi:
    """The demo agency: Disdukcapil Kabupaten Balangan (the head is a fictitious person)."""
    return DemoInstansi(
        nama="Dinas Kependudukan dan Pencatatan Sipil",
        singkatan="Disdukcapil",
        pemerintah_daerah="Kabupaten Balangan",
        provinsi="Kalimantan Selatan",
        alamat=(
            "Jl. Jenderal A. Yani Km. 4, Paringin Selatan, Kabupaten Balangan, "
            "Kalimantan Selatan 71662"
        ),
        telepon="Telp/Fax (0526) 2029534",
        kota_ttd="Paringin",
        kepala_nama=_KEPALA_NAMA,
        kepala_nip="197204151998031007",
        kepala_pangkat="Pembina Utama Muda (IV/c)",
        tahun_aktif=2025,
    )


# -- units and objectives ----------------------------------------------------------------

SEKRETARIAT: Final = "SEKRETARIAT"
SUBBAG_UMPEG: Final = "SUBBAG-UMPEG"
SUBBAG_PK: Final = "SUBBAG-PK"
BID_DAFDUK: Final = "BID-DAFDUK"
BID_CAPIL: Final = "BID-CAPIL"
BID_PIAK: Final = "BID-PIAK"
BID_PDIP: Final = "BID-PDIP"
SEKSI_IDENTITAS: Final = "SEKSI-IDENTITAS"
SEKSI_KELAHIRAN: Final = "SEKSI-KELAHIRAN"
RSUD: Final = "RSUD-DKH"

_UNITS: Final = (
    (SEKRETARIAT, "Sekretariat", "Sekretariat", None),
    (SUBBAG_UMPEG, "Subbagian Umum dan Kepegawaian", "Subbagian", SEKRETARIAT),
    (SUBBAG_PK, "Subbagian Perencanaan dan Keuangan", "Subbagian", SEKRETARIAT),
    (BID_DAFDUK, "Bidang Pelayanan Pendaftaran Penduduk", "Bidang", None),
    (SEKSI_IDENTITAS, "Seksi Identitas Penduduk", "Seksi", BID_DAFDUK),
    (BID_CAPIL, "Bidang Pelayanan Pencatatan Sipil", "Bidang", None),
    (SEKSI_KELAHIRAN, "Seksi Kelahiran", "Seksi", BID_CAPIL),
    (
        BID_PIAK,
        "Bidang Pengelolaan Informasi Administrasi Kependudukan (PIAK)",
        "Bidang",
        None,
    ),
    (BID_PDIP, "Bidang Pemanfaatan Data dan Inovasi Pelayanan", "Bidang", None),
    (RSUD, "RSUD Datu Kandang Haji Kabupaten Balangan", "Instansi", None),
)

_TUJUAN_1: Final = (
    "Mewujudkan tertib administrasi kependudukan melalui kepemilikan dokumen "
    "kependudukan dan pencatatan sipil yang lengkap"
)
_TUJUAN_2: Final = (
    "Meningkatkan kualitas pelayanan administrasi kependudukan serta kualitas dan "
    "pemanfaatan data kependudukan"
)

_SASARAN: Final = (
    ("SS-01", "Meningkatnya cakupan kepemilikan dokumen kependudukan", _TUJUAN_1),
    ("SS-02", "Meningkatnya cakupan kepemilikan dokumen pencatatan sipil", _TUJUAN_1),
    (
        "SS-03",
        "Meningkatnya kualitas pelayanan publik dan akuntabilitas kinerja "
        "Dinas Kependudukan dan Pencatatan Sipil",
        _TUJUAN_2,
    ),
    ("SS-04", "Meningkatnya kualitas dan pemanfaatan data kependudukan", _TUJUAN_2),
)


# -- indicators -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Spec:
    """One indicator of the demo with its plan and its realizations (text numbers)."""

    kode: str
    nama: str
    sasaran: str
    satuan: str
    polaritas: Polaritas
    agregasi: Agregasi
    unit: str
    jenis: JenisIndikator
    baseline: str
    standar_nasional: str | None
    definisi: str
    sumber: str
    # Per year: (PK annual target, Rencana Aksi TW I–IV). The 2026 target is the Renstra's.
    rencana: tuple[tuple[int, str, tuple[str, str, str, str]], ...]
    # Per year: realizations TW I…; None is a quarter not reported.
    realisasi: tuple[tuple[int, tuple[str | None, ...]], ...]


_POS, _NEG = Polaritas.POSITIF, Polaritas.NEGATIF
_KUM, _TER, _RATA = Agregasi.KUMULATIF, Agregasi.TERAKHIR, Agregasi.RATA_RATA
_IKU, _IKK = JenisIndikator.IKU, JenisIndikator.IKK

_SPECS: Final = (
    _Spec(
        "IKU-01",
        "Persentase penduduk wajib KTP yang memiliki KTP-el",
        "SS-01",
        "%",
        _POS,
        _TER,
        BID_DAFDUK,
        _IKU,
        "97.12",
        "99.00",
        "Jumlah penduduk wajib KTP yang telah memiliki KTP-el dibagi jumlah penduduk wajib "
        "KTP (berusia 17 tahun ke atas atau sudah/pernah kawin) pada akhir triwulan, "
        "dikali 100 %.",
        "Database SIAK Terpusat dan Data Konsolidasi Bersih (DKB) Ditjen Dukcapil",
        (
            (2024, "97.60", ("97.25", "97.35", "97.50", "97.60")),
            (2025, "98.20", ("97.75", "97.90", "98.05", "98.20")),
            (2026, "99.00", ("98.40", "98.60", "98.80", "99.00")),
        ),
        (
            (2024, ("97.21", "97.30", "97.46", "97.58")),
            (2025, ("97.70", "97.86", "98.02")),
        ),
    ),
    _Spec(
        "IKU-02",
        "Persentase anak usia 0–17 tahun yang memiliki Kartu Identitas Anak (KIA)",
        "SS-01",
        "%",
        _POS,
        _TER,
        BID_DAFDUK,
        _IKU,
        "38.50",
        "50.00",
        "Jumlah anak usia 0 sampai kurang dari 17 tahun yang telah memiliki KIA dibagi "
        "jumlah seluruh anak usia 0 sampai kurang dari 17 tahun pada akhir triwulan, "
        "dikali 100 %.",
        "Database SIAK; laporan pencetakan KIA Bidang Pelayanan Pendaftaran Penduduk",
        (
            (2024, "45.00", ("39.50", "41.00", "43.00", "45.00")),
            (2025, "52.00", ("47.00", "49.00", "50.50", "52.00")),
            (2026, "60.00", ("54.00", "56.00", "58.00", "60.00")),
        ),
        (
            (2024, ("39.12", "40.05", "41.80", "43.95")),
            (2025, ("45.20", "46.10", "47.35")),
        ),
    ),
    _Spec(
        "IKU-03",
        "Jumlah KTP-el yang dicetak",
        "SS-01",
        "keping",
        _POS,
        _KUM,
        BID_DAFDUK,
        _IKU,
        "5412",
        None,
        "Jumlah keping KTP-el yang dicetak dalam triwulan berjalan (perekaman baru, "
        "penggantian karena rusak/hilang, perubahan data dan pindah datang).",
        "Aplikasi cetak KTP-el SIAK dan buku register pencetakan",
        (
            (2024, "5600", ("1300", "1500", "1400", "1400")),
            (2025, "5800", ("1400", "1500", "1450", "1450")),
            (2026, "6000", ("1450", "1550", "1500", "1500")),
        ),
        (
            (2024, ("1342", "812", "1655", "1512")),
            # TW II 2025: 15240 is 1524 typed with an extra digit, the anomaly to spot.
            (2025, ("1418", "15240", "1466")),
        ),
    ),
    _Spec(
        "IKU-04",
        "Persentase penduduk wajib KTP yang telah mengaktifkan Identitas Kependudukan "
        "Digital (IKD)",
        "SS-01",
        "%",
        _POS,
        _TER,
        BID_DAFDUK,
        _IKU,
        "4.80",
        "25.00",
        "Jumlah penduduk wajib KTP yang telah mengaktivasi IKD dibagi jumlah penduduk "
        "wajib KTP pada akhir triwulan, dikali 100 %.",
        "Dashboard aktivasi IKD Ditjen Dukcapil Kemendagri",
        (
            (2024, "10.00", ("6.00", "7.50", "8.75", "10.00")),
            (2025, "18.00", ("12.00", "13.50", "15.50", "18.00")),
            (2026, "25.00", ("20.00", "21.50", "23.00", "25.00")),
        ),
        (
            (2024, ("5.85", "7.10", "8.40", "9.65")),
            (2025, ("10.20", "11.40", "13.95")),
        ),
    ),
    _Spec(
        "IKU-05",
        "Persentase anak usia 0–18 tahun yang memiliki akta kelahiran",
        "SS-02",
        "%",
        _POS,
        _TER,
        BID_CAPIL,
        _IKU,
        "95.10",
        "96.00",
        "Jumlah anak usia 0 sampai 18 tahun yang telah memiliki akta kelahiran dibagi "
        "jumlah seluruh anak usia 0 sampai 18 tahun pada akhir triwulan, dikali 100 %.",
        "Database SIAK dan register akta kelahiran",
        (
            (2024, "95.80", ("95.25", "95.40", "95.60", "95.80")),
            (2025, "96.50", ("96.00", "96.15", "96.30", "96.50")),
            (2026, "97.50", ("96.75", "97.00", "97.25", "97.50")),
        ),
        (
            (2024, ("95.22", "95.41", "95.58", "95.83")),
            (2025, ("95.96", "96.18", "96.33")),
        ),
    ),
    _Spec(
        "IKU-06",
        "Persentase penduduk meninggal yang telah diterbitkan akta kematian",
        "SS-02",
        "%",
        _POS,
        _TER,
        BID_CAPIL,
        _IKU,
        "42.30",
        None,
        "Jumlah penduduk meninggal yang telah dicatat dan diterbitkan akta kematiannya "
        "dibagi jumlah penduduk meninggal yang dilaporkan desa/kelurahan dan fasilitas "
        "kesehatan, posisi akhir triwulan, dikali 100 %.",
        "Register akta kematian; laporan kematian desa/kelurahan dan fasilitas kesehatan",
        (
            (2024, "50.00", ("44.00", "46.00", "48.00", "50.00")),
            (2025, "58.00", ("52.00", "54.00", "56.00", "58.00")),
            (2026, "65.00", ("60.00", "61.50", "63.00", "65.00")),
        ),
        (
            (2024, ("43.10", "45.35", "47.90", "49.20")),
            # TW III 2025 not reported yet: "belum ada data".
            (2025, ("51.05", "53.40", None)),
        ),
    ),
    _Spec(
        "IKU-07",
        "Jumlah dokumen pencatatan sipil yang diterbitkan",
        "SS-02",
        "dokumen",
        _POS,
        _KUM,
        BID_CAPIL,
        _IKU,
        "6850",
        None,
        "Jumlah akta kelahiran, akta kematian, akta perkawinan, akta perceraian serta akta "
        "pengakuan dan pengesahan anak yang diterbitkan dalam triwulan berjalan.",
        "Register akta pencatatan sipil (SIAK)",
        (
            (2024, "7000", ("1600", "1800", "1800", "1800")),
            (2025, "7200", ("1650", "1850", "1850", "1850")),
            (2026, "7400", ("1700", "1900", "1900", "1900")),
        ),
        (
            (2024, ("1652", "1780", "1915", "1843")),
            (2025, ("1702", "1811", "1640")),
        ),
    ),
    _Spec(
        "IKK-01",
        "Jumlah akta kelahiran bayi baru lahir yang diterbitkan melalui layanan terpadu di RSUD",
        "SS-02",
        "akta",
        _POS,
        _KUM,
        RSUD,
        _IKK,
        "720",
        None,
        "Jumlah akta kelahiran bayi yang lahir di RSUD dan diterbitkan melalui layanan "
        "terpadu (akta, KK dan KIA diserahkan sebelum ibu dan bayi pulang) dalam triwulan "
        "berjalan.",
        "Register kelahiran RSUD dan register akta kelahiran Disdukcapil",
        (
            (2024, "760", ("190", "190", "190", "190")),
            (2025, "800", ("200", "200", "200", "200")),
            (2026, "840", ("210", "210", "210", "210")),
        ),
        (
            (2024, ("184", "201", "176", "195")),
            (2025, ("196", "207", "188")),
        ),
    ),
    _Spec(
        "IKU-08",
        "Indeks Kepuasan Masyarakat (IKM) terhadap pelayanan administrasi kependudukan",
        "SS-03",
        "indeks",
        _POS,
        _RATA,
        SEKRETARIAT,
        _IKU,
        "82.45",
        "76.61",
        "Nilai IKM hasil survei kepuasan masyarakat terhadap pelayanan administrasi "
        "kependudukan setiap triwulan menurut PermenPAN-RB Nomor 14 Tahun 2017, skala 25–100.",
        "Laporan survei kepuasan masyarakat triwulanan",
        (
            (2024, "83.00", ("83.00", "83.00", "83.00", "83.00")),
            (2025, "84.00", ("84.00", "84.00", "84.00", "84.00")),
            (2026, "85.00", ("85.00", "85.00", "85.00", "85.00")),
        ),
        (
            (2024, ("82.60", "83.15", "83.40", "83.72")),
            (2025, ("83.85", "84.10", "84.32")),
        ),
    ),
    _Spec(
        "IKU-09",
        "Rata-rata waktu penyelesaian dokumen kependudukan",
        "SS-03",
        "hari",
        _NEG,
        _RATA,
        BID_DAFDUK,
        _IKU,
        "3.20",
        None,
        "Rata-rata jumlah hari kerja sejak berkas permohonan dokumen kependudukan "
        "dinyatakan lengkap sampai dokumen selesai, diukur dari sampel register "
        "pelayanan setiap triwulan.",
        "Register pelayanan dan aplikasi antrean pelayanan",
        (
            (2024, "2.50", ("2.50", "2.50", "2.50", "2.50")),
            (2025, "2.00", ("2.00", "2.00", "2.00", "2.00")),
            (2026, "1.50", ("1.50", "1.50", "1.50", "1.50")),
        ),
        (
            (2024, ("2.70", "2.55", "2.40", "2.35")),
            (2025, ("2.10", "1.95", "2.35")),
        ),
    ),
    _Spec(
        "IKU-10",
        "Jumlah pengaduan masyarakat atas pelayanan administrasi kependudukan",
        "SS-03",
        "pengaduan",
        _NEG,
        _KUM,
        SUBBAG_UMPEG,
        _IKU,
        "64",
        None,
        "Jumlah pengaduan masyarakat atas pelayanan administrasi kependudukan yang "
        "diterima melalui SP4N-LAPOR!, kotak saran, WhatsApp pengaduan dan langsung, "
        "dalam triwulan berjalan.",
        "Register pengaduan Subbagian Umum dan Kepegawaian; SP4N-LAPOR!",
        (
            (2024, "48", ("12", "12", "12", "12")),
            (2025, "40", ("10", "10", "10", "10")),
            (2026, "32", ("8", "8", "8", "8")),
        ),
        (
            (2024, ("10", "9", "21", "11")),
            (2025, ("8", "7", "9")),
        ),
    ),
    _Spec(
        "IKU-11",
        "Nilai hasil evaluasi SAKIP Dinas Kependudukan dan Pencatatan Sipil",
        "SS-03",
        "nilai",
        _POS,
        _TER,
        SUBBAG_PK,
        _IKU,
        "66.12",
        None,
        "Nilai hasil evaluasi atas implementasi SAKIP perangkat daerah oleh Inspektorat "
        "Kabupaten Balangan (skala 0–100); sebelum hasil tahun berjalan terbit, yang "
        "dilaporkan adalah nilai terakhir yang sudah ditetapkan.",
        "Laporan Hasil Evaluasi SAKIP Inspektorat Kabupaten Balangan",
        (
            (2024, "68.00", ("66.12", "66.12", "68.00", "68.00")),
            (2025, "70.00", ("67.45", "67.45", "70.00", "70.00")),
            (2026, "72.00", ("70.00", "70.00", "72.00", "72.00")),
        ),
        (
            (2024, ("66.12", "66.12", "67.45", "67.45")),
            (2025, ("67.45", "67.45", "69.10")),
        ),
    ),
    _Spec(
        "IKU-12",
        "Persentase data kependudukan yang telah dimutakhirkan dan terkonsolidasi",
        "SS-04",
        "%",
        _POS,
        _TER,
        BID_PIAK,
        _IKU,
        "96.40",
        None,
        "Jumlah data penduduk yang telah dimutakhirkan dan lolos konsolidasi (tanpa NIK "
        "ganda dan elemen data wajib lengkap) dibagi jumlah penduduk dalam database SIAK "
        "pada akhir triwulan, dikali 100 %.",
        "Hasil konsolidasi data kependudukan semester dan laporan bulanan SIAK",
        (
            (2024, "97.00", ("96.55", "96.70", "96.85", "97.00")),
            (2025, "97.75", ("97.20", "97.40", "97.60", "97.75")),
            (2026, "98.50", ("98.00", "98.15", "98.30", "98.50")),
        ),
        (
            (2024, ("96.58", "96.72", "96.88", "97.04")),
            (2025, ("97.15", "97.18", "97.52")),
        ),
    ),
    _Spec(
        "IKU-13",
        "Jumlah perangkat daerah yang memanfaatkan data kependudukan berdasarkan perjanjian "
        "kerja sama (PKS)",
        "SS-04",
        "perangkat daerah",
        _POS,
        _TER,
        BID_PDIP,
        _IKU,
        "8",
        None,
        "Jumlah perangkat daerah dan lembaga pengguna di Kabupaten Balangan yang telah "
        "menandatangani PKS pemanfaatan data kependudukan dan hak akses yang masih "
        "berlaku pada akhir triwulan.",
        "Dokumen PKS pemanfaatan data kependudukan dan daftar hak akses",
        (
            (2024, "12", ("9", "10", "11", "12")),
            (2025, "16", ("13", "14", "15", "16")),
            (2026, "20", ("17", "18", "19", "20")),
        ),
        (
            (2024, ("9", "10", "10", "12")),
            (2025, ("13", "14", "16")),
        ),
    ),
)

# Notes units wrote with particular quarters: (kode, tahun, triwulan) → (keterangan,
# kendala, upaya). Shortfalls carry a kendala and an upaya, as the SOP asks.
_CATATAN: Final = {
    ("IKU-03", 2024, 2): (
        "Pencetakan tertunda menunggu distribusi blangko",
        "Blangko KTP-el terbatas dari pusat; alokasi triwulan II hanya 900 keping",
        "Mengajukan tambahan alokasi blangko ke Ditjen Dukcapil dan memprioritaskan "
        "pemilih pemula serta penduduk pindah datang",
    ),
    ("IKU-03", 2024, 3): (
        "Termasuk pencetakan tunda dari triwulan II setelah blangko tambahan diterima",
        None,
        None,
    ),
    ("IKU-02", 2025, 1): (
        None,
        "Kesadaran orang tua untuk mengurus KIA masih rendah",
        "Jemput bola ke desa dan sekolah bersama Dinas Pendidikan",
    ),
    ("IKU-02", 2025, 2): (
        None,
        "Kesadaran orang tua untuk mengurus KIA masih rendah",
        "Jemput bola ke desa dan sekolah; KIA diserahkan bersama rapor semester",
    ),
    ("IKU-04", 2025, 1): (
        None,
        "Sebagian penduduk belum memiliki telepon pintar yang mendukung aplikasi IKD "
        "dan sinyal internet di beberapa desa lemah",
        "Aktivasi IKD jemput bola di kantor kecamatan, sekolah dan kantor perangkat daerah",
    ),
    ("IKU-04", 2025, 2): (
        None,
        "Aktivasi IKD memerlukan surel dan nomor telepon aktif yang belum dimiliki "
        "sebagian penduduk lanjut usia",
        "Pendampingan aktivasi oleh petugas di setiap kecamatan dan target aktivasi "
        "bagi ASN lingkup Pemerintah Kabupaten Balangan",
    ),
    ("IKU-06", 2025, 3): (
        "Data kematian dari desa/kelurahan belum selesai direkonsiliasi",
        None,
        None,
    ),
    ("IKU-07", 2025, 3): (
        None,
        "Jaringan SIAK terputus selama 9 hari kerja pada bulan Agustus",
        "Koordinasi dengan Ditjen Dukcapil dan Diskominfo; berkas diterima secara luring "
        "dan diproses setelah jaringan pulih",
    ),
    ("IKU-09", 2025, 3): (
        None,
        "Jaringan SIAK terputus pada bulan Agustus sehingga penyelesaian dokumen tertunda",
        "Pelayanan dengan antrean terjadwal dan penambahan jam layanan setelah jaringan pulih",
    ),
    ("IKU-10", 2024, 3): (
        "Sebagian besar pengaduan terkait keterlambatan pencetakan KTP-el",
        "Antrean panjang dan keterlambatan pencetakan KTP-el akibat blangko terbatas",
        "Membuka layanan pengaduan melalui WhatsApp dan menindaklanjuti setiap pengaduan "
        "paling lama 3 hari kerja",
    ),
    ("IKU-11", 2024, 3): (
        "Hasil evaluasi SAKIP tahun 2024 dari Inspektorat diterima bulan Agustus",
        "Bukti dukung manajemen kinerja belum lengkap",
        "Menyusun cascading kinerja sampai tingkat individu dan memperbaiki dokumen "
        "evaluasi internal",
    ),
    ("IKU-11", 2025, 3): (
        "Hasil evaluasi SAKIP tahun 2025 dari Inspektorat diterima bulan September",
        None,
        None,
    ),
    ("IKU-12", 2025, 2): (
        None,
        "Jaringan SIAK terputus dan konsolidasi data dengan pusat tertunda",
        "Perbaikan elemen data dikerjakan secara luring dan dikirim setelah jaringan pulih",
    ),
    ("IKU-13", 2024, 3): (
        None,
        "Penandatanganan PKS dengan RSUD dan BPJS Kesehatan Cabang tertunda menunggu "
        "persetujuan hak akses dari Ditjen Dukcapil",
        "Menyiapkan ulang berkas permohonan hak akses dan mengawal persetujuannya",
    ),
    ("IKK-01", 2024, 3): (
        None,
        "Sebagian orang tua belum membawa KK dan buku nikah saat persalinan",
        "Petugas menghubungi keluarga dan menyerahkan akta ke rumah melalui desa",
    ),
}


def _d(text: str) -> Decimal:
    return Decimal(text)


def _units() -> list[UnitRow]:
    return [UnitRow(kode, nama, jenis, induk) for kode, nama, jenis, induk in _UNITS]


def _sasaran() -> list[SasaranRow]:
    return [SasaranRow(kode, nama, tujuan) for kode, nama, tujuan in _SASARAN]


def _indikator() -> list[IndikatorRow]:
    rows = []
    for s in _SPECS:
        final = next(target for tahun, target, _tw in s.rencana if tahun == TAHUN_RENCANA[-1])
        rows.append(
            IndikatorRow(
                kode=s.kode,
                nama=s.nama,
                kode_sasaran=s.sasaran,
                satuan=s.satuan,
                polaritas=s.polaritas,
                agregasi=s.agregasi,
                kode_unit=s.unit,
                jenis=s.jenis,
                baseline=_d(s.baseline),
                target_akhir=_d(final),
                standar_nasional=_d(s.standar_nasional) if s.standar_nasional else None,
                definisi_operasional=s.definisi,
                sumber_data=s.sumber,
            )
        )
    return rows


def _targets() -> list[TargetRow]:
    return [
        TargetRow(s.kode, tahun, _d(target)) for s in _SPECS for tahun, target, _tw in s.rencana
    ]


def _rencana_aksi() -> list[RencanaAksiRow]:
    rows = []
    for s in _SPECS:
        for tahun, _target, (a, b, c, d) in s.rencana:
            rows.append(RencanaAksiRow(s.kode, tahun, (_d(a), _d(b), _d(c), _d(d))))
    return rows


# -- budget -------------------------------------------------------------------------------

# Permendagri 90/2019 nomenclature (as updated) for urusan 2.12 Administrasi
# Kependudukan dan Pencatatan Sipil, kabupaten level. A program names its kegiatan, a
# kegiatan its sub kegiatan with the responsible unit, the objective and the 2024 pagu.
_SubKegiatan = tuple[str, str, str, str, int]  # kode, uraian, unit, sasaran, pagu 2024
_Kegiatan = tuple[str, str, tuple[_SubKegiatan, ...]]
_Program = tuple[str, str, str, str, tuple[_Kegiatan, ...]]  # kode, uraian, unit, sasaran

_PROGRAMS: Final[tuple[_Program, ...]] = (
    (
        "2.12.01",
        "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
        SEKRETARIAT,
        "SS-03",
        (
            (
                "2.12.01.2.01",
                "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
                (
                    (
                        "2.12.01.2.01.0001",
                        "Penyusunan Dokumen Perencanaan Perangkat Daerah",
                        SUBBAG_PK,
                        "SS-03",
                        85_000_000,
                    ),
                    (
                        "2.12.01.2.01.0006",
                        "Koordinasi dan Penyusunan Laporan Capaian Kinerja dan Ikhtisar "
                        "Realisasi Kinerja SKPD",
                        SUBBAG_PK,
                        "SS-03",
                        65_000_000,
                    ),
                    (
                        "2.12.01.2.01.0007",
                        "Evaluasi Kinerja Perangkat Daerah",
                        SUBBAG_PK,
                        "SS-03",
                        55_000_000,
                    ),
                ),
            ),
            (
                "2.12.01.2.02",
                "Administrasi Keuangan Perangkat Daerah",
                (
                    (
                        "2.12.01.2.02.0003",
                        "Pelaksanaan Penatausahaan dan Pengujian/Verifikasi Keuangan SKPD",
                        SUBBAG_PK,
                        "SS-03",
                        120_000_000,
                    ),
                ),
            ),
            (
                "2.12.01.2.05",
                "Administrasi Kepegawaian Perangkat Daerah",
                (
                    (
                        "2.12.01.2.05.0009",
                        "Pendidikan dan Pelatihan Pegawai Berdasarkan Tugas dan Fungsi",
                        SUBBAG_UMPEG,
                        "SS-03",
                        95_000_000,
                    ),
                ),
            ),
            (
                "2.12.01.2.06",
                "Administrasi Umum Perangkat Daerah",
                (
                    (
                        "2.12.01.2.06.0002",
                        "Penyediaan Peralatan dan Perlengkapan Kantor",
                        SUBBAG_UMPEG,
                        "SS-03",
                        150_000_000,
                    ),
                    (
                        "2.12.01.2.06.0004",
                        "Penyediaan Bahan Logistik Kantor",
                        SUBBAG_UMPEG,
                        "SS-03",
                        110_000_000,
                    ),
                    (
                        "2.12.01.2.06.0009",
                        "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
                        SUBBAG_UMPEG,
                        "SS-03",
                        280_000_000,
                    ),
                ),
            ),
            (
                "2.12.01.2.08",
                "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
                (
                    (
                        "2.12.01.2.08.0002",
                        "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
                        SUBBAG_UMPEG,
                        "SS-03",
                        240_000_000,
                    ),
                    (
                        "2.12.01.2.08.0004",
                        "Penyediaan Jasa Pelayanan Umum Kantor",
                        SUBBAG_UMPEG,
                        "SS-03",
                        1_250_000_000,
                    ),
                ),
            ),
            (
                "2.12.01.2.09",
                "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
                (
                    (
                        "2.12.01.2.09.0002",
                        "Penyediaan Jasa Pemeliharaan, Biaya Pemeliharaan, Pajak dan "
                        "Perizinan Kendaraan Dinas Operasional atau Lapangan",
                        SUBBAG_UMPEG,
                        "SS-03",
                        175_000_000,
                    ),
                    (
                        "2.12.01.2.09.0009",
                        "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya",
                        SUBBAG_UMPEG,
                        "SS-03",
                        320_000_000,
                    ),
                ),
            ),
        ),
    ),
    (
        "2.12.02",
        "Program Pendaftaran Penduduk",
        BID_DAFDUK,
        "SS-01",
        (
            (
                "2.12.02.2.01",
                "Pelayanan Pendaftaran Penduduk",
                (
                    (
                        "2.12.02.2.01.0001",
                        "Penyediaan Dokumen Kependudukan selain Blangko KTP-el, Formulir "
                        "dan Buku terkait Pendaftaran Penduduk sesuai dengan Kebutuhan",
                        BID_DAFDUK,
                        "SS-01",
                        385_000_000,
                    ),
                    (
                        "2.12.02.2.01.0002",
                        "Pelayanan secara Aktif Pendaftaran Peristiwa Kependudukan dan "
                        "Pencatatan Peristiwa Penting terkait Pendaftaran Penduduk",
                        BID_DAFDUK,
                        "SS-01",
                        460_000_000,
                    ),
                ),
            ),
            (
                "2.12.02.2.03",
                "Penyelenggaraan Pendaftaran Penduduk",
                (
                    (
                        "2.12.02.2.03.0005",
                        "Sosialisasi Pendaftaran Penduduk",
                        BID_DAFDUK,
                        "SS-01",
                        90_000_000,
                    ),
                ),
            ),
        ),
    ),
    (
        "2.12.03",
        "Program Pencatatan Sipil",
        BID_CAPIL,
        "SS-02",
        (
            (
                "2.12.03.2.01",
                "Pelayanan Pencatatan Sipil",
                (
                    (
                        "2.12.03.2.01.0001",
                        "Penyediaan Formulir dan Buku Register terkait Pencatatan Sipil "
                        "sesuai dengan Kebutuhan",
                        BID_CAPIL,
                        "SS-02",
                        145_000_000,
                    ),
                    (
                        "2.12.03.2.01.0002",
                        "Pelayanan secara Aktif Pencatatan Peristiwa Penting",
                        BID_CAPIL,
                        "SS-02",
                        310_000_000,
                    ),
                ),
            ),
            (
                "2.12.03.2.02",
                "Penyelenggaraan Pencatatan Sipil",
                (
                    (
                        "2.12.03.2.02.0002",
                        "Sosialisasi terkait Pencatatan Sipil",
                        BID_CAPIL,
                        "SS-02",
                        75_000_000,
                    ),
                ),
            ),
        ),
    ),
    (
        "2.12.04",
        "Program Pengelolaan Informasi Administrasi Kependudukan",
        BID_PIAK,
        "SS-04",
        (
            (
                "2.12.04.2.01",
                "Pengumpulan Data Kependudukan dan Pemanfaatan dan Penyajian Database Kependudukan",
                (
                    (
                        "2.12.04.2.01.0001",
                        "Penyajian Data Kependudukan yang Akurat dan dapat Dipertanggungjawabkan",
                        BID_PIAK,
                        "SS-04",
                        120_000_000,
                    ),
                    (
                        "2.12.04.2.01.0002",
                        "Penyelenggaraan Pemanfaatan Data Kependudukan",
                        BID_PDIP,
                        "SS-04",
                        95_000_000,
                    ),
                ),
            ),
            (
                "2.12.04.2.03",
                "Penyelenggaraan Pengelolaan Informasi Administrasi Kependudukan",
                (
                    (
                        "2.12.04.2.03.0001",
                        "Pengelolaan dan Pemeliharaan Perangkat Sistem Informasi "
                        "Administrasi Kependudukan",
                        BID_PIAK,
                        "SS-04",
                        520_000_000,
                    ),
                    (
                        "2.12.04.2.03.0002",
                        "Koordinasi Antar Lembaga Pemerintah dan Lembaga Non-Pemerintah "
                        "dalam Penertiban Pengelolaan Informasi Administrasi Kependudukan",
                        BID_PIAK,
                        "SS-04",
                        60_000_000,
                    ),
                ),
            ),
        ),
    ),
    (
        "2.12.05",
        "Program Pengelolaan Profil Kependudukan",
        BID_PDIP,
        "SS-04",
        (
            (
                "2.12.05.2.01",
                "Penyusunan Profil Kependudukan",
                (
                    (
                        "2.12.05.2.01.0001",
                        "Penyediaan Data Profil Kependudukan dan Data Agregat Kependudukan "
                        "Kabupaten",
                        BID_PDIP,
                        "SS-04",
                        70_000_000,
                    ),
                ),
            ),
        ),
    ),
)

# Pagu of later years relative to 2024 (a modest rise, rounded to Rp 1.000).
_PAGU_FACTOR: Final = {2024: Decimal("1"), 2025: Decimal("1.05"), 2026: Decimal("1.08")}
_THOUSAND: Final = Decimal(1000)

TINGKAT_PROGRAM: Final = "Program"
TINGKAT_KEGIATAN: Final = "Kegiatan"
TINGKAT_SUB_KEGIATAN: Final = "Sub Kegiatan"


def _pagu(base: int, tahun: int) -> Decimal:
    scaled = Decimal(base) * _PAGU_FACTOR[tahun] / _THOUSAND
    return scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP) * _THOUSAND


def _anggaran() -> list[AnggaranRow]:
    rows: list[AnggaranRow] = []
    for tahun in TAHUN_RENCANA:
        for p_kode, p_uraian, p_unit, p_sasaran, kegiatan in _PROGRAMS:
            below: list[AnggaranRow] = []
            program_total = Decimal(0)
            for k_kode, k_uraian, subs in kegiatan:
                sub_rows = [
                    AnggaranRow(
                        s_kode,
                        s_uraian,
                        TINGKAT_SUB_KEGIATAN,
                        k_kode,
                        s_sasaran,
                        s_unit,
                        tahun,
                        _pagu(base, tahun),
                    )
                    for s_kode, s_uraian, s_unit, s_sasaran, base in subs
                ]
                total = sum((r.pagu for r in sub_rows), Decimal(0))
                program_total += total
                # A kegiatan belongs to the unit of its first sub kegiatan.
                kegiatan_unit = sub_rows[0].kode_unit
                below.append(
                    AnggaranRow(
                        k_kode,
                        k_uraian,
                        TINGKAT_KEGIATAN,
                        p_kode,
                        p_sasaran,
                        kegiatan_unit,
                        tahun,
                        total,
                    )
                )
                below.extend(sub_rows)
            rows.append(
                AnggaranRow(
                    p_kode, p_uraian, TINGKAT_PROGRAM, None, p_sasaran, p_unit, tahun, program_total
                )
            )
            rows.extend(below)
    return rows


def demo_plan() -> PlanDocument:
    """The demo planning document: units, objectives, 14 indicators, PK targets and
    Rencana Aksi for 2024–2026, and the budget for 2024–2026 (all numbers Decimal)."""
    return PlanDocument(
        units=_units(),
        sasaran=_sasaran(),
        indikator=_indikator(),
        targets=_targets(),
        rencana_aksi=_rencana_aksi(),
        anggaran=_anggaran(),
    )


# -- users --------------------------------------------------------------------------------

_USERS: Final = (
    ("admin", "Rahmat Hidayat, S.Kom.", "199003142015031002",
     "Pranata Komputer Ahli Pertama", Peran.ADMIN, None),
    ("kadis", _KEPALA_NAMA, "197204151998031007",
     "Kepala Dinas Kependudukan dan Pencatatan Sipil", Peran.KEPALA_DINAS, None),
    ("sekretaris", "Hj. Norhayati, S.E., M.M.", "197608222000032005",
     "Sekretaris", Peran.SEKRETARIS, SEKRETARIAT),
    ("kasubbag", "Muhammad Arsyad, S.STP., M.Si.", "198305172006041003",
     "Kepala Subbagian Perencanaan dan Keuangan", Peran.KASUBBAG_PROGRAM, SUBBAG_PK),
    ("penyusun", "Dewi Rahmawati, S.E.", "199107092019032012",
     "Analis Perencanaan, Evaluasi dan Pelaporan", Peran.STAF_PENYUSUN, SUBBAG_PK),
    ("irban", "Ir. Abdul Gani Rahman, M.M.", "197011031997031004",
     "Inspektur Pembantu Wilayah II, Inspektorat Kabupaten Balangan", Peran.IRBAN_WIL, None),
    ("staf.dafduk", "Rina Marlina, S.Sos.", "198909262014032007",
     "Pengadministrasi Kependudukan, Bidang Pelayanan Pendaftaran Penduduk",
     Peran.STAF_UNIT, BID_DAFDUK),
    ("staf.capil", "Ahmad Fauzi, S.H.", "198712012011011005",
     "Pengadministrasi Kependudukan, Bidang Pelayanan Pencatatan Sipil",
     Peran.STAF_UNIT, BID_CAPIL),
    ("staf.piak", "Yusuf Maulana, S.Kom.", "199205182020121006",
     "Pranata Komputer Ahli Pertama, Bidang PIAK", Peran.STAF_UNIT, BID_PIAK),
    ("staf.pdip", "Siti Rahmah, S.ST.", "199402112019022008",
     "Statistisi Ahli Pertama, Bidang Pemanfaatan Data dan Inovasi Pelayanan",
     Peran.STAF_UNIT, BID_PDIP),
)  # fmt: skip


def demo_users() -> list[DemoUser]:
    """One demo account per role, plus one Staf Unit per bidang (fictitious people).

    Passwords are ``demo-<username>``: for demonstration only, never for production.
    """
    return [
        DemoUser(username, nama, nip, jabatan, peran, kode_unit, f"demo-{username}")
        for username, nama, nip, jabatan, peran, kode_unit in _USERS
    ]


# -- quarterly realizations ----------------------------------------------------------------

# Who writes each unit's report (for units without a demo account: fictitious staff).
_PENYUSUN_UNIT: Final = {
    SEKRETARIAT: "Nurul Hidayah, S.AP.",
    SUBBAG_UMPEG: "Muhammad Ridho, S.E.",
    SUBBAG_PK: "Dewi Rahmawati, S.E.",
    BID_DAFDUK: "Rina Marlina, S.Sos.",
    BID_CAPIL: "Ahmad Fauzi, S.H.",
    BID_PIAK: "Yusuf Maulana, S.Kom.",
    BID_PDIP: "Siti Rahmah, S.ST.",
    RSUD: "Fitriani, A.Md.RMIK.",
}

_BULAN_LAPOR: Final = {1: "April", 2: "Juli", 3: "Oktober", 4: "Januari"}

# Share of a year's spending per quarter: routine office costs run evenly, programme
# activities pick up after the first quarter.
_POLA_RUTIN: Final = (Decimal("0.22"), Decimal("0.25"), Decimal("0.25"))
_POLA_KEGIATAN: Final = (Decimal("0.10"), Decimal("0.24"), Decimal("0.31"))
_RUTIN: Final = frozenset({"2.12.01.2.06", "2.12.01.2.08", "2.12.01.2.09"})
# Yearly absorption per sub kegiatan cycles through these rates (85–98 %).
_SERAPAN: Final = tuple(
    Decimal(x) for x in ("0.9346", "0.8812", "0.9623", "0.9135", "0.8671", "0.9518", "0.9734")
)
_RUPIAH_BULAT: Final = Decimal(100)


def _tanggal(unit_index: int, tahun: int, triwulan: int) -> str:
    day = 7 + unit_index % 5
    year = tahun + 1 if triwulan == 4 else tahun
    return f"{day} {_BULAN_LAPOR[triwulan]} {year}"


def _round_rupiah(x: Decimal) -> Decimal:
    return (x / _RUPIAH_BULAT).quantize(Decimal(1), rounding=ROUND_HALF_UP) * _RUPIAH_BULAT


def _spending(plan: PlanDocument) -> dict[tuple[str, int], tuple[Decimal, ...]]:
    """Quarterly spending of every sub kegiatan per year: the four quarters add up to
    the line's absorption rate times its pagu."""
    result: dict[tuple[str, int], tuple[Decimal, ...]] = {}
    subs = [a for a in plan.anggaran if a.tingkat == TINGKAT_SUB_KEGIATAN]
    for index, line in enumerate(sorted(subs, key=lambda a: (a.tahun, a.kode))):
        total = _round_rupiah(line.pagu * _SERAPAN[index % len(_SERAPAN)])
        pola = _POLA_RUTIN if line.kode_induk in _RUTIN else _POLA_KEGIATAN
        q1, q2, q3 = (_round_rupiah(total * share) for share in pola)
        result[(line.kode, line.tahun)] = (q1, q2, q3, total - q1 - q2 - q3)
    return result


def _reporting_units(plan: PlanDocument) -> Iterator[tuple[int, str]]:
    """The units that report (those with indicators or sub kegiatan), in plan order."""
    with_data = {i.kode_unit for i in plan.indikator} | {
        a.kode_unit for a in plan.anggaran if a.tingkat == TINGKAT_SUB_KEGIATAN
    }
    for index, unit in enumerate(plan.units):
        if unit.kode in with_data:
            yield index, unit.kode


def demo_quarters() -> list[DemoQuarter]:
    """The demo realizations: one report per reporting unit for 2024 TW I–IV and 2025
    TW I–III, ordered by year, quarter and unit.

    Mostly near target; a few short with kendala and upaya; one realization missing
    (IKU-06, 2025 TW III); one anomaly (IKU-03, 2025 TW II: 15.240 keping, a figure
    typed with an extra digit). Budget spending gives a yearly absorption of 85–98 %.
    """
    plan = demo_plan()
    spending = _spending(plan)
    realisasi = {(s.kode, tahun): values for s in _SPECS for tahun, values in s.realisasi}
    quarters: list[DemoQuarter] = []
    for tahun, triwulan in TRIWULAN_DEMO:
        for unit_index, kode_unit in _reporting_units(plan):
            rows = []
            for ind in plan.indikator:
                if ind.kode_unit != kode_unit:
                    continue
                raw = realisasi[(ind.kode, tahun)][triwulan - 1]
                keterangan, kendala, upaya = _CATATAN.get((ind.kode, tahun, triwulan), (None,) * 3)
                rows.append(
                    DemoRealisasi(
                        ind.kode, _d(raw) if raw is not None else None, keterangan, kendala, upaya
                    )
                )
            budget = [
                DemoAnggaran(a.kode, spending[(a.kode, tahun)][triwulan - 1])
                for a in plan.anggaran
                if a.kode_unit == kode_unit
                and a.tahun == tahun
                and a.tingkat == TINGKAT_SUB_KEGIATAN
            ]
            quarters.append(
                DemoQuarter(
                    kode_unit=kode_unit,
                    tahun=tahun,
                    triwulan=triwulan,
                    disusun_oleh=_PENYUSUN_UNIT[kode_unit],
                    tanggal=_tanggal(unit_index, tahun, triwulan),
                    realisasi=rows,
                    anggaran=budget,
                )
            )
    return quarters


def demo_quarter_template_data(
    q: DemoQuarter, plan: PlanDocument, instansi: DemoInstansi
) -> TemplateData:
    """The quarterly workbook's content for ``q`` with its realizations filled in, as the
    unit would upload it: the unit's indicators (by code) with the Rencana Aksi target of
    the quarter, and its sub kegiatan (by code) with pagu and spending.

    Raises KeyError if ``q`` names a unit that is not in ``plan``.
    """
    unit = {u.kode: u for u in plan.units}[q.kode_unit]
    ra = {r.kode_indikator: r.tw for r in plan.rencana_aksi if r.tahun == q.tahun}
    reported = {r.kode: r for r in q.realisasi}
    spent = {a.kode: a.nilai for a in q.anggaran}
    indikator = []
    for ind in sorted(plan.indikator, key=lambda i: i.kode):
        if ind.kode_unit != q.kode_unit:
            continue
        tw = ra.get(ind.kode)
        r = reported.get(ind.kode)
        indikator.append(
            TemplateIndicator(
                kode=ind.kode,
                nama=ind.nama,
                satuan=ind.satuan,
                target_tw=tw[q.triwulan - 1] if tw is not None else None,
                realisasi=r.nilai if r else None,
                keterangan=r.keterangan if r else None,
                kendala=r.kendala if r else None,
                upaya=r.upaya if r else None,
            )
        )
    anggaran = [
        TemplateBudget(kode=a.kode, uraian=a.uraian, pagu=a.pagu, realisasi=spent.get(a.kode))
        for a in sorted(plan.anggaran, key=lambda a: a.kode)
        if a.kode_unit == q.kode_unit and a.tahun == q.tahun and a.tingkat == TINGKAT_SUB_KEGIATAN
    ]
    return TemplateData(
        nama_instansi=instansi.nama_lengkap,
        kode_unit=unit.kode,
        nama_unit=unit.nama,
        tahun=q.tahun,
        triwulan=q.triwulan,
        disusun_oleh=q.disusun_oleh,
        indikator=indikator,
        anggaran=anggaran,
    )
