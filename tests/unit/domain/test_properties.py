"""Property tests: the rules hold for any figures, not only the chosen examples."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from lakip.domain.achievement import achievement, objective_achievement, predicate, round_half_up
from lakip.domain.aggregation import period_realization, period_target
from lakip.domain.formatting import format_number
from lakip.domain.indicators import Agregasi, Polaritas
from lakip.domain.periods import (
    ALL_PERIODS,
    Period,
    parse_period,
    parse_quarter,
    quarter_label,
    quarter_short,
)

POS, NEG = Polaritas.POSITIF, Polaritas.NEGATIF


def amounts(
    min_value: str = "0", max_value: str = "1000000", places: int = 4
) -> st.SearchStrategy[Decimal]:
    return st.decimals(
        min_value=Decimal(min_value),
        max_value=Decimal(max_value),
        places=places,
        allow_nan=False,
        allow_infinity=False,
    )


targets = amounts("0", "1000000", 3)
realizations = amounts("0", "5000000", 4)
quarter_values = st.fixed_dictionaries({q: amounts("0", "100000", 3) for q in (1, 2, 3, 4)})
periods = st.sampled_from(ALL_PERIODS)
polarities = st.sampled_from(list(Polaritas))


def exact_percent(target: Decimal, realization: Decimal, polaritas: Polaritas) -> Fraction:
    """The achievement as an exact rational, before rounding (target not zero)."""
    ratio = Fraction(realization) / Fraction(target)
    value = ratio * 100 if polaritas is POS else (2 - ratio) * 100
    return max(value, Fraction(0)) if polaritas is NEG else value


def exact_half_up(value: Fraction) -> Decimal:
    """Round an exact rational half-up (away from zero) to two decimals."""
    cents = abs(value) * 100
    whole = int(cents + Fraction(1, 2))  # floor, since the operand is non-negative
    sign = -1 if value < 0 else 1
    return Decimal(sign * whole).scaleb(-2)


@given(target=targets, r1=realizations, r2=realizations)
def test_positive_achievement_is_non_decreasing_in_realization(
    target: Decimal, r1: Decimal, r2: Decimal
) -> None:
    low, high = sorted((r1, r2))
    a_low, a_high = achievement(target, low, POS), achievement(target, high, POS)
    assert a_low is not None and a_high is not None
    assert a_low <= a_high


@given(target=targets, r1=realizations, r2=realizations)
def test_negative_achievement_is_non_increasing_in_realization(
    target: Decimal, r1: Decimal, r2: Decimal
) -> None:
    low, high = sorted((r1, r2))
    a_low, a_high = achievement(target, low, NEG), achievement(target, high, NEG)
    assert a_low is not None and a_high is not None
    assert a_low >= a_high
    assert a_high >= 0


@given(
    target=amounts("0.001", "1000000", 3),
    realization=amounts("-1000", "5000000", 4),
    polaritas=polarities,
)
def test_achievement_equals_the_exact_value_rounded_half_up(
    target: Decimal, realization: Decimal, polaritas: Polaritas
) -> None:
    expected = exact_half_up(exact_percent(target, realization, polaritas))
    assert achievement(target, realization, polaritas) == expected


@given(target=targets, realization=realizations, polaritas=polarities)
def test_achievement_rounding_is_idempotent_and_two_decimals(
    target: Decimal, realization: Decimal, polaritas: Polaritas
) -> None:
    capaian = achievement(target, realization, polaritas)
    assert capaian is not None
    assert capaian.as_tuple().exponent == -2
    assert round_half_up(capaian) == capaian


@given(target=amounts("0.001", "1000000", 3), realization=realizations, polaritas=polarities)
def test_predicate_agrees_with_the_displayed_value(
    target: Decimal, realization: Decimal, polaritas: Polaritas
) -> None:
    capaian = achievement(target, realization, polaritas)
    assert capaian is not None
    displayed = Decimal(format_number(capaian).replace(".", "").replace(",", "."))
    assert displayed == capaian
    assert predicate(capaian) is predicate(displayed)
    # The unrounded figure, given with many decimals, gets the displayed figure's predicate.
    exact = exact_percent(target, realization, polaritas)
    unrounded = Decimal(exact.numerator) / Decimal(exact.denominator)
    assert predicate(unrounded) is predicate(displayed)


@given(value=amounts("-1000000", "1000000", 6))
def test_round_half_up_matches_exact_rounding(value: Decimal) -> None:
    assert round_half_up(value) == exact_half_up(Fraction(value))


@given(values=quarter_values, period=periods)
def test_kumulatif_period_equals_the_sum_of_its_quarters(
    values: dict[int, Decimal], period: Period
) -> None:
    expected = sum((values[q] for q in period.quarters), Decimal(0))
    assert period_realization(Agregasi.KUMULATIF, values, period) == expected
    if not period.uses_annual_target:
        assert period_target(Agregasi.KUMULATIF, values, None, period) == expected


@given(values=quarter_values, period=periods, missing=st.sampled_from((1, 2, 3, 4)))
def test_kumulatif_period_with_a_missing_quarter_is_none(
    values: dict[int, Decimal], period: Period, missing: int
) -> None:
    gappy: dict[int, Decimal | None] = {**values, missing: None}
    result = period_realization(Agregasi.KUMULATIF, gappy, period)
    if missing in period.quarters:
        assert result is None
    else:
        assert result == sum((values[q] for q in period.quarters), Decimal(0))


@given(values=quarter_values, period=periods)
def test_terakhir_period_equals_its_last_quarter_when_all_present(
    values: dict[int, Decimal], period: Period
) -> None:
    assert period_realization(Agregasi.TERAKHIR, values, period) == values[period.last_quarter]


@given(
    values=st.fixed_dictionaries({q: st.none() | amounts("0", "100000", 3) for q in (1, 2, 3, 4)}),
    period=periods,
)
def test_rata_rata_lies_between_the_present_quarters(
    values: dict[int, Decimal | None], period: Period
) -> None:
    present = [v for q in period.quarters if (v := values[q]) is not None]
    mean = period_realization(Agregasi.RATA_RATA, values, period)
    if not present:
        assert mean is None
    else:
        assert mean is not None
        assert min(present) <= mean <= max(present)


@given(capaians=st.lists(st.none() | amounts("0", "300", 2), max_size=8))
def test_objective_achievement_is_the_rounded_mean_of_present_ones(
    capaians: list[Decimal | None],
) -> None:
    present = [c for c in capaians if c is not None]
    result = objective_achievement(capaians)
    if not present:
        assert result is None
    else:
        assert result == exact_half_up(
            sum((Fraction(c) for c in present), Fraction(0)) / len(present)
        )


@given(q=st.sampled_from((1, 2, 3, 4)))
def test_quarter_names_parse_back(q: int) -> None:
    assert parse_quarter(quarter_label(q)) == q
    assert parse_quarter(quarter_short(q)) == q
    assert parse_quarter(str(q)) == q
    assert parse_quarter(float(q)) == q


@given(period=periods, upper=st.booleans())
def test_period_codes_parse_back(period: Period, upper: bool) -> None:
    kode = period.kode if upper else period.kode.lower()
    assert parse_period(f" {kode} ") is period
