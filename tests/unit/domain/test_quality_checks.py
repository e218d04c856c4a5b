"""The Olah Data checks (lakip.domain.quality.quality_flags) on their edges."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lakip.domain import quality
from lakip.domain.formatting import format_incomplete
from lakip.domain.indicators import Agregasi, Polaritas
from lakip.domain.quality import IndicatorQuarters, quality_flags

D = Decimal


def _data(
    realisasi: dict[int, Decimal | None],
    *,
    agregasi: Agregasi = Agregasi.TERAKHIR,
    polaritas: Polaritas = Polaritas.POSITIF,
    targets: dict[int, Decimal | None] | None = None,
    annual: Decimal | None = Decimal(100),
    last_year: dict[int, Decimal | None] | None = None,
    kendala: bool = False,
) -> IndicatorQuarters:
    return IndicatorQuarters(
        agregasi=agregasi,
        polaritas=polaritas,
        target_tahunan=annual,
        target_triwulan=targets if targets is not None else {q: D(100) for q in range(1, 5)},
        realisasi=realisasi,
        realisasi_tahun_lalu=last_year or {},
        ada_kendala=kendala,
    )


def _codes(data: IndicatorQuarters, q: int) -> list[str]:
    return [f.kode for f in quality_flags(data, q)]


@pytest.mark.parametrize(
    ("now", "flagged"),
    [(D(150), False), (D("150.01"), True), (D(50), False), (D("49.99"), True)],
)
def test_deviation_is_flagged_only_above_half(now: Decimal, flagged: bool) -> None:
    found = _codes(_data({1: D(100), 2: now}, kendala=True), 2)
    assert (quality.SIMPANGAN_TRIWULAN_SEBELUMNYA in found) is flagged


def test_deviation_message_and_a_zero_or_missing_base() -> None:
    (flag,) = quality_flags(_data({1: D(100), 2: D(160)}), 2)
    assert flag.pesan == "Realisasi 160 menyimpang 60,00 % dari Triwulan I (100); periksa kembali."
    assert _codes(_data({1: D(0), 2: D(160)}), 2) == []
    assert _codes(_data({2: D(160)}, last_year={2: D(0)}), 2) == []
    (year,) = quality_flags(_data({2: D(100)}, last_year={2: D(40)}, kendala=True), 2)
    assert year.kode == quality.SIMPANGAN_TAHUN_LALU and "150,00 %" in year.pesan


def test_a_missing_realization_suppresses_the_comparisons() -> None:
    found = quality_flags(_data({1: D(10)}, last_year={2: D(100)}), 2)
    assert [(f.kode, f.pesan) for f in found] == [
        (quality.REALISASI_BELUM_ADA, "Realisasi Triwulan II belum ada.")
    ]


def test_incomplete_kumulatif_year_to_date_only_for_kumulatif() -> None:
    targets = {q: D(25) for q in range(1, 5)}
    kum = _data({1: D(25), 3: D(25)}, agregasi=Agregasi.KUMULATIF, targets=targets, kendala=True)
    (flag,) = quality_flags(kum, 3)
    assert flag.kode == quality.KUMULATIF_BELUM_LENGKAP
    assert "belum lengkap, 2 dari 3 triwulan" in flag.pesan
    full = _data({1: D(25), 2: D(25)}, agregasi=Agregasi.KUMULATIF, targets=targets)
    assert _codes(full, 2) == []
    assert _codes(_data({1: D(25), 3: D(25)}, kendala=True), 3) == []  # terakhir


def test_quarterly_targets_that_do_not_add_up() -> None:
    targets = {1: D(10), 2: D(10), 3: D(10), 4: D(5)}
    data = _data({1: D(10)}, agregasi=Agregasi.KUMULATIF, targets=targets, annual=D(40))
    (flag,) = quality_flags(data, 1)
    assert flag.kode == quality.TARGET_TRIWULAN_TIDAK_SESUAI
    assert flag.pesan == (
        "Jumlah target triwulan (35) tidak sama dengan target tahunan (40); selisih -5."
    )


def test_worse_without_kendala_follows_the_polarity() -> None:
    # Negative: 120 against 100 is worse than 100 against 100 (80 % < 100 %).
    neg = _data({1: D(100), 2: D(120)}, polaritas=Polaritas.NEGATIF)
    (flag,) = quality_flags(neg, 2)
    assert flag.kode == quality.MEMBURUK_TANPA_KENDALA
    assert flag.pesan == (
        "Capaian turun dari 100,00 % (Triwulan I) menjadi 80,00 % tanpa kendala yang ditulis unit."
    )
    assert _codes(_data({1: D(100), 2: D(120)}), 2) == []  # positive: better
    assert _codes(_data({1: D(100), 2: D(90)}, kendala=True), 2) == []  # explained
    assert quality.MEMBURUK_TANPA_KENDALA in _codes(_data({1: D(100), 2: D(90)}), 2)


@pytest.mark.parametrize("q", [0, 5])
def test_a_quarter_outside_one_to_four_is_refused(q: int) -> None:
    with pytest.raises(ValueError, match="Triwulan"):
        quality_flags(_data({}), q)


def test_format_incomplete() -> None:
    assert format_incomplete(3, 4) == "belum lengkap, 3 dari 4 triwulan"
    assert format_incomplete(0, 2) == "belum lengkap, 0 dari 2 triwulan"
    for bad in [(4, 4), (-1, 4), (0, 0)]:
        with pytest.raises(ValueError):
            format_incomplete(*bad)
