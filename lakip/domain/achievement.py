"""Achievement (capaian) of an indicator against its target, and its predicate."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Final

from ._numeric import CENT, check_finite, round_half_up_in_context, working_context
from .aggregation import period_realization, period_target
from .indicators import Agregasi, Polaritas
from .periods import Period

ROUND: Final = CENT

_ZERO: Final = Decimal(0)
_TWO: Final = Decimal(2)
_HUNDRED: Final = Decimal(100)
_FULL_PERCENT: Final = Decimal("100.00")
_ZERO_PERCENT: Final = Decimal("0.00")


def round_half_up(x: Decimal, places: int = 2) -> Decimal:
    """Round ``x`` half-up to ``places`` decimals (75.995 → 76.00).

    Raises ValueError if ``x`` is NaN or infinite, or ``places`` is negative.
    """
    with working_context():
        return round_half_up_in_context(x, places)


def achievement(
    target: Decimal | None, realization: Decimal | None, polaritas: Polaritas
) -> Decimal | None:
    """Return the achievement in percent, rounded half-up to two decimals.

    - positif: R / T × 100
    - negatif: (2 − R / T) × 100, never below 0
    - T = 0: 100 when met (positif and R ≥ 0, negatif and R ≤ 0), else 0
    - T or R missing: None (no achievement, never 0)

    No cap at 100 or 120. Computed exactly before the single final rounding.
    Raises ValueError on a NaN or infinite input or an unknown polarity.
    """
    if target is None or realization is None:
        return None
    check_finite(target, "Target")
    check_finite(realization, "Realisasi")
    positive = _is_positive(polaritas)
    with working_context():
        if target == 0:
            met = realization >= 0 if positive else realization <= 0
            return _FULL_PERCENT if met else _ZERO_PERCENT
        # One division of an exact numerator: together with the working
        # context's rounding this keeps the final half-up rounding exact.
        if positive:
            raw = realization * _HUNDRED / target
        else:
            raw = (_TWO * target - realization) * _HUNDRED / target
            raw = max(raw, _ZERO)
        rounded = round_half_up_in_context(raw, 2)
    # A negative target can yield -0.00; zero has one spelling in our output.
    return rounded if rounded != 0 else _ZERO_PERCENT


def _is_positive(polaritas: Polaritas) -> bool:
    if polaritas == Polaritas.POSITIF:
        return True
    if polaritas == Polaritas.NEGATIF:
        return False
    raise ValueError(f"Polaritas tidak dikenal: '{polaritas}'")


class Predikat(StrEnum):
    """Predicate of an achievement on the Permendagri 86/2017 scale."""

    SANGAT_TINGGI = "Sangat Tinggi"
    TINGGI = "Tinggi"
    SEDANG = "Sedang"
    RENDAH = "Rendah"
    SANGAT_RENDAH = "Sangat Rendah"


# Lower bounds, highest first; below the last bound is Sangat Rendah.
_PREDICATE_FLOORS: Final = (
    (Decimal(91), Predikat.SANGAT_TINGGI),
    (Decimal(76), Predikat.TINGGI),
    (Decimal(66), Predikat.SEDANG),
    (Decimal(51), Predikat.RENDAH),
)


def predicate(capaian: Decimal | None) -> Predikat | None:
    """Return the predicate of an achievement, taken from its two-decimal rounded value.

    Rounding first keeps a figure and its predicate in agreement (90.995 shows
    as 91,00 and is Sangat Tinggi). None (no data) has no predicate.
    Raises ValueError on NaN or infinity.
    """
    if capaian is None:
        return None
    shown = round_half_up(capaian, 2)
    for floor, predikat in _PREDICATE_FLOORS:
        if shown >= floor:
            return predikat
    return Predikat.SANGAT_RENDAH


def objective_achievement(capaians: Iterable[Decimal | None]) -> Decimal | None:
    """Return a sasaran's achievement: the mean of its indicators' achievements that exist.

    Rounded half-up to two decimals; None when none exists. Raises ValueError
    on NaN or infinity.
    """
    present = [c for c in capaians if c is not None]
    if not present:
        return None
    for c in present:
        check_finite(c, "Capaian")
    with working_context():
        return round_half_up_in_context(sum(present, _ZERO) / len(present), 2)


@dataclass(frozen=True, slots=True)
class IndicatorFigures:
    """One indicator's figures for one period.

    ``target`` and ``realisasi`` are unrounded (callers round for display);
    ``capaian`` is already rounded to two decimals; ``quarters_with_data``
    counts the period's quarters that have a realization.
    """

    target: Decimal | None
    realisasi: Decimal | None
    capaian: Decimal | None
    predikat: Predikat | None
    quarters_with_data: int


def compute_indicator(
    polaritas: Polaritas,
    agregasi: Agregasi,
    quarterly_targets: Mapping[int, Decimal | None],
    annual_target: Decimal | None,
    quarterly_realizations: Mapping[int, Decimal | None],
    period: Period,
) -> IndicatorFigures:
    """Compute an indicator's target, realization, achievement and predicate for a period.

    Combines ``period_target``, ``period_realization``, ``achievement`` and
    ``predicate``. Raises ValueError on a NaN or infinite input or an unknown
    polarity or aggregation.
    """
    target = period_target(agregasi, quarterly_targets, annual_target, period)
    realisasi = period_realization(agregasi, quarterly_realizations, period)
    capaian = achievement(target, realisasi, polaritas)
    return IndicatorFigures(
        target=target,
        realisasi=realisasi,
        capaian=capaian,
        predikat=predicate(capaian),
        quarters_with_data=sum(
            1 for q in period.quarters if quarterly_realizations.get(q) is not None
        ),
    )
