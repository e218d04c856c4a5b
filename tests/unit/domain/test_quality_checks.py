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
    [
        (D(150), False),
        (D("150.01"), True),
        (D(50), False),
        (D("49.99"), True),
        # Judged as the message reads it: 50,004 % shows "50,00 %", 50,005 % shows "50,01 %".
        (D("150.004"), False),
        (D("150.005"), True),
        (D("49.996"), False),
        (D("49.995"), True),
    ],
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


def test_a_clean_indicator_has_no_flags() -> None:
    targets = {q: D(25) for q in range(1, 5)}
    data = _data(
        {1: D(25), 2: D(26), 3: D(27)},
        agregasi=Agregasi.KUMULATIF,
        targets=targets,
        last_year={3: D(24)},
    )
    assert quality_flags(data, 3) == []


def test_the_previous_year_message_names_the_quarter_and_the_figures() -> None:
    (flag,) = quality_flags(_data({3: D("1250.5")}, last_year={3: D(500)}, kendala=True), 3)
    assert flag == quality.Anomaly(
        quality.SIMPANGAN_TAHUN_LALU,
        "Realisasi 1.250,5 menyimpang 150,10 % dari Triwulan III tahun lalu (500); "
        "periksa kembali.",
    )


def test_a_previous_year_deviation_of_exactly_half_is_not_flagged() -> None:
    assert _codes(_data({3: D(150)}, last_year={3: D(100)}), 3) == []
    assert _codes(_data({3: D(50)}, last_year={3: D(100)}), 3) == []


def test_a_negative_base_is_compared_by_its_size() -> None:
    (flag,) = quality_flags(_data({1: D(-100), 2: D(-40)}, kendala=True), 2)
    assert flag.kode == quality.SIMPANGAN_TRIWULAN_SEBELUMNYA
    assert "menyimpang 60,00 % dari Triwulan I (-100)" in flag.pesan


def test_a_missing_realization_also_suppresses_worse_without_kendala() -> None:
    # Triwulan I has an achievement; Triwulan II has none to compare with it.
    assert _codes(_data({1: D(100)}), 2) == [quality.REALISASI_BELUM_ADA]


def test_the_incomplete_kumulatif_message_in_full() -> None:
    targets = {q: D(25) for q in range(1, 5)}
    data = _data({1: D(25), 2: D(25)}, agregasi=Agregasi.KUMULATIF, targets=targets)
    assert [(f.kode, f.pesan) for f in quality_flags(data, 3)] == [
        (quality.REALISASI_BELUM_ADA, "Realisasi Triwulan III belum ada."),
        (
            quality.KUMULATIF_BELUM_LENGKAP,
            "Kumulatif s.d. Triwulan III belum lengkap, 2 dari 3 triwulan; "
            "capaian s.d. triwulan ini belum dihitung.",
        ),
    ]


def test_kumulatif_in_the_first_quarter_is_only_missing() -> None:
    targets = {q: D(25) for q in range(1, 5)}
    data = _data({}, agregasi=Agregasi.KUMULATIF, targets=targets)
    assert _codes(data, 1) == [quality.REALISASI_BELUM_ADA]


@pytest.mark.parametrize("agregasi", [Agregasi.TERAKHIR, Agregasi.RATA_RATA])
def test_only_kumulatif_targets_must_add_up(agregasi: Agregasi) -> None:
    data = _data({1: D(10)}, agregasi=agregasi, targets={q: D(10) for q in range(1, 5)})
    assert _codes(data, 1) == []


@pytest.mark.parametrize(
    ("targets", "annual"),
    [
        ({1: D(10), 2: D(10), 3: D(10), 4: D(10)}, D(40)),
        ({1: D("0.1"), 2: D("0.2"), 3: D("0.3"), 4: D("0.4")}, D(1)),
        ({1: D(10), 2: D(10), 3: D(10)}, D(40)),  # a quarter missing: nothing to add up
        ({1: D(10), 2: D(10), 3: D(10), 4: D(10)}, None),
    ],
)
def test_targets_that_add_up_or_cannot_be_added_are_not_flagged(
    targets: dict[int, Decimal | None], annual: Decimal | None
) -> None:
    data = _data({1: D("0.1")}, agregasi=Agregasi.KUMULATIF, targets=targets, annual=annual)
    assert _codes(data, 1) == []


def test_the_target_sum_counts_only_quarters_one_to_four() -> None:
    targets = {0: D(999), 1: D(10), 2: D(10), 3: D(10), 4: D(5)}
    data = _data({1: D(10)}, agregasi=Agregasi.KUMULATIF, targets=targets, annual=D(40))
    (flag,) = quality_flags(data, 1)
    assert "(35)" in flag.pesan and "selisih -5." in flag.pesan


def test_the_target_check_holds_even_without_a_realization() -> None:
    targets = {1: D(20), 2: D(20), 3: D(25), 4: D(25)}
    data = _data({}, agregasi=Agregasi.KUMULATIF, targets=targets, annual=D(100))
    assert _codes(data, 1) == [quality.REALISASI_BELUM_ADA, quality.TARGET_TRIWULAN_TIDAK_SESUAI]
    assert "Jumlah target triwulan (90) tidak sama dengan target tahunan (100); selisih -10." in [
        f.pesan for f in quality_flags(data, 1)
    ]


def test_worse_is_judged_on_the_rounded_achievements() -> None:
    # 99.995 % shows as 100,00 % and 99.99 % as 99,99 %: lower.
    lower = _data({1: D("99.995"), 2: D("99.99")}, kendala=False)
    assert quality.MEMBURUK_TANPA_KENDALA in _codes(lower, 2)
    # 100.004 % and 100.001 % both show as 100,00 %: not lower.
    same = _data({1: D("100.004"), 2: D("100.001")}, kendala=False)
    assert _codes(same, 2) == []


def test_worse_needs_both_achievements_and_is_never_checked_in_the_first_quarter() -> None:
    no_target = _data({1: D(100), 2: D(50)}, targets={2: D(100)})
    assert quality.MEMBURUK_TANPA_KENDALA not in _codes(no_target, 2)
    assert _codes(_data({1: D(10)}, last_year={4: D(1000)}), 1) == []


def test_all_flags_come_in_their_fixed_order() -> None:
    targets = {1: D(100), 2: D(100), 3: D(100), 4: D(50)}
    data = _data(
        {1: D(100), 3: D(40)},
        agregasi=Agregasi.KUMULATIF,
        targets=targets,
        annual=D(400),
        last_year={3: D(100)},
    )
    # TW II is missing: no previous quarter to compare with, no achievement to fall from.
    assert _codes(data, 3) == [
        quality.KUMULATIF_BELUM_LENGKAP,
        quality.SIMPANGAN_TAHUN_LALU,
        quality.TARGET_TRIWULAN_TIDAK_SESUAI,
    ]
    data = _data({1: D(100), 2: D(40)}, last_year={2: D(100)})
    assert _codes(data, 2) == [
        quality.SIMPANGAN_TRIWULAN_SEBELUMNYA,
        quality.SIMPANGAN_TAHUN_LALU,
        quality.MEMBURUK_TANPA_KENDALA,
    ]


@pytest.mark.parametrize("bad", [D("NaN"), D("Infinity"), D("-Infinity")])
@pytest.mark.parametrize("field", ["target_tahunan", "target", "realisasi", "tahun_lalu"])
def test_a_nan_or_infinite_figure_is_refused(bad: Decimal, field: str) -> None:
    data = _data(
        {1: D(1), 2: bad if field == "realisasi" else D(1)},
        targets={q: bad if field == "target" and q == 4 else D(1) for q in range(1, 5)},
        annual=bad if field == "target_tahunan" else D(4),
        last_year={2: bad} if field == "tahun_lalu" else None,
    )
    with pytest.raises(ValueError, match="angka"):
        quality_flags(data, 2)


@pytest.mark.parametrize(("agregasi", "polaritas"), [("bulanan", "positif"), ("terakhir", "naik")])
def test_an_unknown_aggregation_or_polarity_is_refused(agregasi: str, polaritas: str) -> None:
    data = IndicatorQuarters(
        agregasi=agregasi,  # type: ignore[arg-type]
        polaritas=polaritas,  # type: ignore[arg-type]
        target_tahunan=None,
        target_triwulan={},
        realisasi={},
        realisasi_tahun_lalu={},
        ada_kendala=False,
    )
    with pytest.raises(ValueError, match="tidak dikenal"):
        quality_flags(data, 1)


def test_plain_strings_for_the_attributes_are_accepted() -> None:
    data = IndicatorQuarters(
        agregasi="kumulatif",  # type: ignore[arg-type]
        polaritas="negatif",  # type: ignore[arg-type]
        target_tahunan=D(4),
        target_triwulan={q: D(1) for q in range(1, 5)},
        realisasi={1: D(1)},
        realisasi_tahun_lalu={},
        ada_kendala=False,
    )
    assert quality_flags(data, 1) == []


@pytest.mark.parametrize(
    ("berdata", "jumlah", "text"),
    [(0, 1, "belum lengkap, 0 dari 1 triwulan"), (1, 2, "belum lengkap, 1 dari 2 triwulan")],
)
def test_format_incomplete_smallest_periods(berdata: int, jumlah: int, text: str) -> None:
    assert format_incomplete(berdata, jumlah) == text


@pytest.mark.parametrize(("berdata", "jumlah"), [(5, 4), (1, 1), (0, -1), (-1, 0)])
def test_format_incomplete_refuses_more_edges(berdata: int, jumlah: int) -> None:
    with pytest.raises(ValueError):
        format_incomplete(berdata, jumlah)


def test_the_checks_are_exported_from_the_domain_package() -> None:
    import lakip.domain

    assert lakip.domain.quality_flags is quality_flags
    assert lakip.domain.IndicatorQuarters is IndicatorQuarters
    assert lakip.domain.format_incomplete is format_incomplete
