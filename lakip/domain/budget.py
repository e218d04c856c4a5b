"""Budget rules: a period's spending, absorption (serapan) and efficiency."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Final

from ._numeric import check_finite, round_half_up_in_context, working_context
from .periods import Period

_HUNDRED: Final = Decimal(100)


def absorption(realisasi: Decimal | None, pagu: Decimal | None) -> Decimal | None:
    """Return budget absorption (serapan) = realisasi / pagu × 100, rounded half-up to 2 places.

    None when either figure is missing or the pagu is zero (no ceiling, no
    meaningful share). Raises ValueError on NaN or infinity.
    """
    if realisasi is None or pagu is None:
        return None
    check_finite(realisasi, "Realisasi anggaran")
    check_finite(pagu, "Pagu")
    if pagu == 0:
        return None
    with working_context():
        return round_half_up_in_context(realisasi * _HUNDRED / pagu, 2)


def efficiency(capaian: Decimal | None, serapan: Decimal | None) -> Decimal | None:
    """Return efisiensi = capaian kinerja − serapan anggaran, in points, rounded half-up.

    Positive means more result per rupiah than planned. None when either is
    missing. Raises ValueError on NaN or infinity.
    """
    if capaian is None or serapan is None:
        return None
    check_finite(capaian, "Capaian")
    check_finite(serapan, "Serapan")
    with working_context():
        return round_half_up_in_context(capaian - serapan, 2)


def period_budget_realization(
    quarterly: Mapping[int, Decimal | None], period: Period
) -> Decimal | None:
    """Return a period's spending: the sum of its quarters that have data.

    Unlike a ``kumulatif`` indicator, a quarter without a report adds nothing
    rather than voiding the period; but when no quarter of the period has data
    the spending is unknown and the result is None, never 0.
    Raises ValueError on NaN or infinity.
    """
    present = [v for q in period.quarters if (v := quarterly.get(q)) is not None]
    if not present:
        return None
    for value in present:
        check_finite(value, "Realisasi anggaran")
    with working_context():
        return sum(present, Decimal(0))
