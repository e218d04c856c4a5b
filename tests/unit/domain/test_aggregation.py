from __future__ import annotations

from decimal import Decimal

import pytest

from lakip.domain.aggregation import (
    aggregate,
    period_realization,
    period_target,
    quarterly_targets_mismatch,
)
from lakip.domain.indicators import Agregasi
from lakip.domain.periods import parse_period

D = Decimal
K, T, R = Agregasi.KUMULATIF, Agregasi.TERAKHIR, Agregasi.RATA_RATA

TARGETS = {1: D(10), 2: D(20), 3: D(30), 4: D(40)}


def test_kumulatif_sums_the_quarters() -> None:
    assert aggregate(K, [D("1.5"), D(2), D("3.25")]) == D("6.75")


def test_kumulatif_with_one_missing_quarter_is_none_not_a_partial_sum() -> None:
    assert aggregate(K, [D(10), None, D(30)]) is None
    assert aggregate(K, [None]) is None


def test_kumulatif_counts_an_explicit_zero() -> None:
    assert aggregate(K, [D(0), D(5)]) == D(5)


def test_terakhir_picks_the_latest_quarter_with_data() -> None:
    assert aggregate(T, [D(50), D(60), D(70), D(80)]) == D(80)
    assert aggregate(T, [D(50), D(60), None, None]) == D(60)
    assert aggregate(T, [None, D(60), None]) == D(60)


def test_terakhir_keeps_a_latest_zero() -> None:
    assert aggregate(T, [D(50), D(0)]) == D(0)


def test_terakhir_without_data_is_none() -> None:
    assert aggregate(T, [None, None]) is None


def test_rata_rata_is_the_mean_of_present_quarters() -> None:
    assert aggregate(R, [D(80), None, D(90), None]) == D(85)


def test_rata_rata_is_not_rounded() -> None:
    mean = aggregate(R, [D(1), D(1), D(2)])
    assert mean is not None
    assert mean > D("1.3333333333")
    assert str(mean).startswith("1.333333333333333333333333")


def test_rata_rata_without_data_is_none() -> None:
    assert aggregate(R, [None, None, None]) is None


@pytest.mark.parametrize("agregasi", list(Agregasi))
def test_empty_sequence_is_none(agregasi: Agregasi) -> None:
    assert aggregate(agregasi, []) is None


@pytest.mark.parametrize("bad", [D("NaN"), D("Infinity"), D("-Infinity")])
def test_non_finite_values_are_rejected(bad: Decimal) -> None:
    with pytest.raises(ValueError, match="harus berupa angka"):
        aggregate(K, [D(1), bad])


def test_tahun_uses_the_annual_target_not_the_quarters() -> None:
    tahun = parse_period("TAHUN")
    assert period_target(K, TARGETS, D(120), tahun) == D(120)
    assert period_target(T, TARGETS, D(45), tahun) == D(45)
    assert period_target(K, TARGETS, None, tahun) is None


def test_single_quarter_target_is_that_quarters_target() -> None:
    assert period_target(K, TARGETS, D(100), parse_period("TW3")) == D(30)
    assert period_target(T, TARGETS, D(100), parse_period("TW3")) == D(30)


@pytest.mark.parametrize(
    ("agregasi", "kode", "expected"),
    [
        (K, "S1", D(30)),
        (K, "S2", D(70)),
        (K, "SD1", D(10)),
        (K, "SD3", D(60)),
        (K, "SD4", D(100)),
        (T, "S1", D(20)),
        (T, "S2", D(40)),
        (T, "SD3", D(30)),
        (R, "S1", D(15)),
        (R, "S2", D(35)),
        (R, "SD3", D(20)),
        (R, "SD4", D(25)),
    ],
)
def test_semester_and_year_to_date_targets_follow_the_aggregation_rule(
    agregasi: Agregasi, kode: str, expected: Decimal
) -> None:
    assert period_target(agregasi, TARGETS, D(999), parse_period(kode)) == expected


def test_period_target_with_a_missing_quarterly_target() -> None:
    targets = {1: D(10), 3: D(30), 4: D(40)}
    assert period_target(K, targets, D(100), parse_period("S1")) is None
    assert period_target(T, targets, D(100), parse_period("S1")) == D(10)
    assert period_target(R, targets, D(100), parse_period("SD3")) == D(20)


def test_period_realization_follows_the_aggregation_rule() -> None:
    realizations = {1: D(5), 2: D(7), 3: None}
    assert period_realization(K, realizations, parse_period("S1")) == D(12)
    assert period_realization(K, realizations, parse_period("SD3")) is None
    assert period_realization(T, realizations, parse_period("SD3")) == D(7)
    assert period_realization(R, realizations, parse_period("TAHUN")) == D(6)
    assert period_realization(K, realizations, parse_period("TW4")) is None


def test_targets_mismatch_reports_the_difference_for_kumulatif() -> None:
    assert quarterly_targets_mismatch(K, TARGETS, D(90)) == D(10)
    assert quarterly_targets_mismatch(K, TARGETS, D(110)) == D(-10)


def test_targets_mismatch_is_none_when_they_add_up() -> None:
    assert quarterly_targets_mismatch(K, TARGETS, D("100.00")) is None


def test_targets_mismatch_is_none_for_other_aggregations() -> None:
    assert quarterly_targets_mismatch(T, TARGETS, D(90)) is None
    assert quarterly_targets_mismatch(R, TARGETS, D(90)) is None


def test_targets_mismatch_is_none_when_a_target_is_missing() -> None:
    assert quarterly_targets_mismatch(K, {1: D(10), 2: D(20), 3: D(30)}, D(90)) is None
    assert quarterly_targets_mismatch(K, {**TARGETS, 2: None}, D(90)) is None
    assert quarterly_targets_mismatch(K, TARGETS, None) is None
