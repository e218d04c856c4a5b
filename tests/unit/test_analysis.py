"""The annual report's drafted analysis states only the data's own figures, yields to the text
people wrote, and the completeness check names what is missing."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal as D

from lakip.reports.analysis import (
    analysis_of,
    draft_indicator,
    draft_objective,
    key_indikator,
    key_sasaran,
    what_is_missing,
)
from lakip.reports.report_model import (
    BarisAnggaranLaporan,
    DataTahunan,
    IndikatorTahunan,
    SasaranTahunan,
    TahunLalu,
)

MISSED = IndikatorTahunan(
    kode="IKU-02",
    nama="Persentase akta kelahiran",
    satuan="%",
    kode_sasaran="SS-01",
    unit="Bidang Capil",
    target=D("96.5"),
    realisasi=D("90.1"),
    capaian=D("93.37"),
    predikat="Sangat Tinggi",
    riwayat=[
        TahunLalu(2023, D(90), D("88.2"), D("98")),
        TahunLalu(2024, D(95), D("91.4"), D("96.21")),
    ],
    target_renstra=D(99),
    capaian_renstra=D("91.01"),
    standar_nasional=None,
    capaian_standar=None,
    triwulan_berdata=4,
    jumlah_triwulan=4,
    kumulatif=False,
    kendala=("Jaringan SIAK terputus",),
    upaya=("Jemput bola ke desa",),
)
MET = replace(
    MISSED, kode="IKU-01", nama="Persentase KTP-el", capaian=D("101.2"), kendala=(), upaya=()
)
SASARAN = SasaranTahunan(
    kode="SS-01",
    nama="Meningkatnya cakupan dokumen kependudukan",
    tujuan="",
    capaian=D("97.29"),
    predikat="Sangat Tinggi",
    pagu=D(1_000_000_000),
    realisasi_anggaran=D(850_000_000),
    serapan=D(85),
    efisiensi=D("12.29"),
    program=("2.12.01 Program Pendaftaran Penduduk",),
)


def test_the_indicator_draft_states_the_figures_trend_renstra_and_units_words() -> None:
    text = draft_indicator(MISSED, 2025)
    assert text == (
        "Indikator Persentase akta kelahiran (IKU-02) pada Tahun 2025 ditargetkan 96,5 % dan "
        "terealisasi 90,1 %, sehingga capaiannya 93,37 % (predikat Sangat Tinggi) dan belum "
        "mencapai target. Dibandingkan Tahun 2024 (realisasi 91,4 %), realisasinya menurun. "
        "Terhadap target akhir Renstra (99 %) capaiannya 91,01 %. Kendala yang dilaporkan "
        "unit: Jaringan SIAK terputus. Upaya yang telah dan akan dilakukan: Jemput bola ke desa."
    )
    silent = replace(
        MISSED, riwayat=[], target_renstra=None, capaian_renstra=None, kendala=(), upaya=()
    )
    assert draft_indicator(silent, 2025).endswith(
        "belum mencapai target. Unit tidak menuliskan kendala untuk indikator ini."
    )


def test_the_objective_draft_names_its_indicators_budget_and_programs() -> None:
    text = draft_objective(SASARAN, [MET, MISSED], 2025)
    assert text == (
        "Sasaran Meningkatnya cakupan dokumen kependudukan (SS-01) pada Tahun 2025 diukur dengan "
        "2 indikator dan capaiannya 97,29 % (predikat Sangat Tinggi). Indikator yang mencapai "
        "target: IKU-01. Indikator yang belum mencapai target: IKU-02. Anggaran yang mendukungnya "
        "terserap 85,00 % (Rp 850.000.000 dari pagu Rp 1.000.000.000); efisiensinya 12,29 poin, "
        "hasil lebih besar dari serapan. Program pendukung: 2.12.01 Program Pendaftaran Penduduk."
    )


def _data(**changes: object) -> DataTahunan:
    base = DataTahunan(
        tahun=2025, instansi="Dinas", nama_instansi="Dinas", pemerintah_daerah="Kab", alamat="",
        kop=None, penandatangan=None, unit=[], indikator=[MET, MISSED], sasaran=[SASARAN],
        anggaran=[BarisAnggaranLaporan("1", "Belanja", "U", D(10), D(5), D(50))], triwulan=[],
        rencana_aksi=[], sumber=[], nomor_versi=1, dibangun_pada="", analisis={},
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def test_edited_text_replaces_the_draft_and_only_missed_indicators_get_one() -> None:
    drafted = analysis_of(_data())
    assert set(drafted) == {key_sasaran("SS-01"), key_indikator("IKU-02")}
    edited = analysis_of(_data(analisis={key_indikator("IKU-02"): "Teks Kasubbag."}))
    assert edited[key_indikator("IKU-02")] == "Teks Kasubbag."
    assert edited[key_sasaran("SS-01")] == drafted[key_sasaran("SS-01")]


def test_the_check_names_each_thing_the_report_lacks() -> None:
    reviewed = {key_sasaran("SS-01"): "Ditinjau.", key_indikator("IKU-02"): "Ditinjau."}
    assert what_is_missing(_data(analisis=reviewed)) == []
    assert what_is_missing(_data(analisis={key_sasaran("SS-01"): "Ditinjau."})) == [
        "Analisis yang masih berupa draf otomatis, belum ditinjau penyusun: indikator IKU-02."
    ]
    gap = replace(
        MISSED, realisasi=None, capaian=None, kumulatif=True, triwulan_berdata=3, riwayat=[]
    )
    lacking = _data(
        indikator=[replace(MET, riwayat=[]), gap],
        sasaran=[replace(SASARAN, capaian=None)],
        anggaran=[],
    )
    assert what_is_missing(lacking) == [
        "Sasaran SS-01 belum dapat dianalisis: belum ada capaian indikatornya.",
        "Indikator tanpa realisasi tahun 2025: IKU-02.",
        "Indikator kumulatif yang belum lengkap: IKU-02 (3 dari 4 triwulan).",
        "Belum ada data realisasi anggaran Tahun 2025.",
        "Belum ada data tahun sebelumnya untuk perbandingan dengan Tahun 2025.",
    ]


def test_a_long_list_of_codes_names_the_first_twelve_and_counts_the_rest() -> None:
    many = [replace(MISSED, kode=f"IKU-{n:02d}", realisasi=None, capaian=None) for n in range(15)]
    lines = what_is_missing(_data(indikator=many, analisis={key_sasaran("SS-01"): "x"}))
    named = ", ".join(f"IKU-{n:02d}" for n in range(12))
    assert f"Indikator tanpa realisasi tahun 2025: {named} dan 3 lainnya." in lines
