from __future__ import annotations

from decimal import Decimal

import pytest

from lakip.domain.budget import absorption, efficiency, period_budget_realization
from lakip.domain.periods import parse_period

D = Decimal


def test_absorption_is_realization_over_pagu_rounded_half_up() -> None:
    assert absorption(D(937_500_000), D(1_250_000_000)) == D("75.00")
    assert absorption(D("759950"), D(1_000_000)) == D("76.00")
    assert absorption(D(1), D(3)) == D("33.33")


def test_absorption_with_pagu_zero_is_none() -> None:
    assert absorption(D(0), D(0)) is None
    assert absorption(D(1000), D("0.00")) is None


def test_absorption_with_missing_figures_is_none() -> None:
    assert absorption(None, D(1000)) is None
    assert absorption(D(1000), None) is None


def test_absorption_rejects_non_finite() -> None:
    with pytest.raises(ValueError, match="Pagu harus berupa angka"):
        absorption(D(1), D("Infinity"))


def test_efficiency_is_achievement_minus_absorption_in_points() -> None:
    assert efficiency(D("97.00"), D("75.00")) == D("22.00")
    assert efficiency(D("60.5"), D("80.25")) == D("-19.75")
    assert efficiency(D("90.005"), D(0)) == D("90.01")


def test_efficiency_with_missing_figures_is_none() -> None:
    assert efficiency(None, D(50)) is None
    assert efficiency(D(50), None) is None


def test_period_budget_realization_sums_quarters_with_data() -> None:
    quarterly = {1: D(100), 2: None, 3: D(250)}
    assert period_budget_realization(quarterly, parse_period("TAHUN")) == D(350)
    assert period_budget_realization(quarterly, parse_period("S1")) == D(100)
    assert period_budget_realization(quarterly, parse_period("TW3")) == D(250)


def test_period_budget_realization_without_data_is_none_not_zero() -> None:
    assert period_budget_realization({1: D(100)}, parse_period("S2")) is None
    assert period_budget_realization({}, parse_period("TAHUN")) is None


def test_period_budget_realization_keeps_a_reported_zero() -> None:
    assert period_budget_realization({1: D(0)}, parse_period("S1")) == D(0)
