from __future__ import annotations

from decimal import Decimal, localcontext

import pytest

from lakip.domain.achievement import (
    ROUND,
    IndicatorFigures,
    Predikat,
    achievement,
    compute_indicator,
    objective_achievement,
    predicate,
    round_half_up,
)
from lakip.domain.indicators import Agregasi, Polaritas
from lakip.domain.periods import parse_period

D = Decimal
POS, NEG = Polaritas.POSITIF, Polaritas.NEGATIF


def test_round_constant_and_half_up() -> None:
    assert D("0.01") == ROUND
    assert round_half_up(D("2.675")) == D("2.68")
    assert round_half_up(D("2.665")) == D("2.67")
    assert round_half_up(D("-2.675")) == D("-2.68")
    assert round_half_up(D("2.5"), 0) == D(3)
    assert round_half_up(D("1.2345"), 3) == D("1.235")


def test_round_half_up_keeps_huge_values() -> None:
    assert round_half_up(D("1E+60")) == D("1E+60")


def test_round_half_up_rejects_non_finite() -> None:
    with pytest.raises(ValueError):
        round_half_up(D("NaN"))


def test_positive_achievement() -> None:
    assert achievement(D(50), D("48.5"), POS) == D("97.00")
    assert achievement(D(3), D(1), POS) == D("33.33")
    assert achievement(D(3), D(2), POS) == D("66.67")


def test_positive_achievement_is_not_capped() -> None:
    assert achievement(D(100), D(250), POS) == D("250.00")


def test_realization_75_995_against_100_is_76_00() -> None:
    assert achievement(D(100), D("75.995"), POS) == D("76.00")


def test_negative_achievement() -> None:
    assert achievement(D(10), D(8), NEG) == D("120.00")
    assert achievement(D(10), D(12), NEG) == D("80.00")
    assert achievement(D(10), D(10), NEG) == D("100.00")


def test_negative_achievement_is_floored_at_zero() -> None:
    # R = 3T gives (2 - 3) x 100 = -100 before the floor.
    assert achievement(D(10), D(30), NEG) == D("0.00")
    assert achievement(D(10), D(20), NEG) == D("0.00")


@pytest.mark.parametrize(
    ("realization", "polaritas", "expected"),
    [
        (D(0), POS, D("100.00")),
        (D(5), POS, D("100.00")),
        (D(-1), POS, D("0.00")),
        (D(0), NEG, D("100.00")),
        (D(-1), NEG, D("100.00")),
        (D(5), NEG, D("0.00")),
    ],
)
def test_zero_target_is_100_when_met_else_0(
    realization: Decimal, polaritas: Polaritas, expected: Decimal
) -> None:
    assert achievement(D(0), realization, polaritas) == expected
    assert achievement(D("0.00"), realization, polaritas) == expected


@pytest.mark.parametrize("polaritas", list(Polaritas))
def test_missing_realization_or_target_has_no_achievement(polaritas: Polaritas) -> None:
    assert achievement(D(100), None, polaritas) is None
    assert achievement(None, D(100), polaritas) is None
    assert achievement(None, None, polaritas) is None


def test_achievement_has_exactly_two_decimals() -> None:
    result = achievement(D(7), D(1), POS)
    assert result == D("14.29")
    assert result is not None
    assert result.as_tuple().exponent == -2


def test_achievement_does_not_depend_on_the_callers_decimal_context() -> None:
    with localcontext() as ctx:
        ctx.prec = 3
        assert achievement(D(100), D("75.995"), POS) == D("76.00")
        assert achievement(D(3), D(1), POS) == D("33.33")


def test_achievement_rejects_non_finite_inputs() -> None:
    with pytest.raises(ValueError, match="Realisasi harus berupa angka"):
        achievement(D(100), D("Infinity"), POS)
    with pytest.raises(ValueError, match="Target harus berupa angka"):
        achievement(D("NaN"), D(1), POS)


def test_predicate_values() -> None:
    assert [p.value for p in Predikat] == [
        "Sangat Tinggi",
        "Tinggi",
        "Sedang",
        "Rendah",
        "Sangat Rendah",
    ]


@pytest.mark.parametrize(
    ("capaian", "expected"),
    [
        (D("250"), Predikat.SANGAT_TINGGI),
        (D("91"), Predikat.SANGAT_TINGGI),
        (D("91.00"), Predikat.SANGAT_TINGGI),
        (D("90.995"), Predikat.SANGAT_TINGGI),
        (D("90.99"), Predikat.TINGGI),
        (D("90.994"), Predikat.TINGGI),
        (D("76"), Predikat.TINGGI),
        (D("75.995"), Predikat.TINGGI),
        (D("75.99"), Predikat.SEDANG),
        (D("66"), Predikat.SEDANG),
        (D("65.99"), Predikat.RENDAH),
        (D("51"), Predikat.RENDAH),
        (D("50.99"), Predikat.SANGAT_RENDAH),
        (D("0"), Predikat.SANGAT_RENDAH),
    ],
)
def test_predicate_boundaries_use_the_rounded_value(capaian: Decimal, expected: Predikat) -> None:
    assert predicate(capaian) is expected


def test_no_data_has_no_predicate() -> None:
    assert predicate(None) is None
    assert predicate(achievement(D(100), None, POS)) is None


def test_objective_mean_ignores_missing_achievements() -> None:
    assert objective_achievement([D("80.00"), None, D("100.00")]) == D("90.00")
    assert objective_achievement([D("100.00"), D("100.00"), D("33.33")]) == D("77.78")


def test_objective_mean_rounds_half_up() -> None:
    assert objective_achievement([D("90.99"), D("91.00")]) == D("91.00")


def test_objective_without_any_achievement_is_none() -> None:
    assert objective_achievement([None, None]) is None
    assert objective_achievement([]) is None


def test_objective_accepts_a_generator() -> None:
    assert objective_achievement(c for c in [D(50), D(70)]) == D("60.00")


def test_compute_indicator_for_a_semester_of_a_kumulatif_indicator() -> None:
    figures = compute_indicator(
        POS,
        Agregasi.KUMULATIF,
        {1: D(20), 2: D(30), 3: D(25), 4: D(25)},
        D(100),
        {1: D(18), 2: D("30.5")},
        parse_period("S1"),
    )
    assert figures == IndicatorFigures(
        target=D(50),
        realisasi=D("48.5"),
        capaian=D("97.00"),
        predikat=Predikat.SANGAT_TINGGI,
        quarters_with_data=2,
    )


def test_compute_indicator_for_the_year_uses_the_annual_target() -> None:
    figures = compute_indicator(
        POS,
        Agregasi.TERAKHIR,
        {1: D(70), 2: D(75), 3: D(80), 4: D(85)},
        D(90),
        {1: D(72), 2: D(74), 3: D("68.4")},
        parse_period("TAHUN"),
    )
    assert figures.target == D(90)
    assert figures.realisasi == D("68.4")
    assert figures.capaian == D("76.00")
    assert figures.predikat is Predikat.TINGGI
    assert figures.quarters_with_data == 3


def test_compute_indicator_with_a_missing_kumulatif_quarter_has_no_achievement() -> None:
    figures = compute_indicator(
        NEG,
        Agregasi.KUMULATIF,
        {1: D(5), 2: D(5), 3: D(5), 4: D(5)},
        D(20),
        {1: D(4), 3: D(6)},
        parse_period("SD3"),
    )
    assert figures.target == D(15)
    assert figures.realisasi is None
    assert figures.capaian is None
    assert figures.predikat is None
    assert figures.quarters_with_data == 2


def test_compute_indicator_keeps_realisasi_unrounded() -> None:
    figures = compute_indicator(
        POS,
        Agregasi.RATA_RATA,
        {1: D(3), 2: D(3)},
        D(3),
        {1: D(1), 2: D(2), 3: D(2)},
        parse_period("TAHUN"),
    )
    assert figures.realisasi is not None
    assert figures.realisasi != round_half_up(figures.realisasi)
    assert figures.capaian == D("55.56")
