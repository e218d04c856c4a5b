"""How an indicator's quarterly figures combine into a period's target and realization."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from ._numeric import check_finite, working_context
from .indicators import Agregasi
from .periods import QUARTERS, Period


def aggregate(agregasi: Agregasi, values: Sequence[Decimal | None]) -> Decimal | None:
    """Combine one period's quarterly values, in quarter order, by the indicator's rule.

    ``None`` is a missing quarter, never zero.

    - ``kumulatif``: the sum of the quarters. If ANY quarter of the period is
      missing the result is None: counting an unreported quarter as 0 would
      understate the period and make an incomplete period look like a result.
    - ``terakhir``: the latest quarter that has data (None if none has).
    - ``rata-rata``: the mean of the quarters that have data (None if none has),
      at full working precision, not rounded.

    An empty sequence gives None. Raises ValueError on a NaN or infinite value.
    """
    for value in values:
        check_finite(value, "Nilai triwulan")
    with working_context():
        return _combine(agregasi, values)


def _combine(agregasi: Agregasi, values: Sequence[Decimal | None]) -> Decimal | None:
    # Assumes finite values and an active working context.
    # == rather than `is`: a plain "kumulatif" string equals the StrEnum member.
    if agregasi == Agregasi.KUMULATIF:
        present = [v for v in values if v is not None]
        if not values or len(present) != len(values):
            return None
        return sum(present, Decimal(0))
    if agregasi == Agregasi.TERAKHIR:
        for v in reversed(values):
            if v is not None:
                return v
        return None
    if agregasi == Agregasi.RATA_RATA:
        present = [v for v in values if v is not None]
        if not present:
            return None
        return sum(present, Decimal(0)) / len(present)
    raise ValueError(f"Agregasi tidak dikenal: '{agregasi}'")


def period_target(
    agregasi: Agregasi,
    quarterly_targets: Mapping[int, Decimal | None],
    annual_target: Decimal | None,
    period: Period,
) -> Decimal | None:
    """Return the target a period is measured against.

    The whole year (``period.uses_annual_target``) uses the PK annual target;
    any other period combines its Rencana Aksi quarterly targets by the same
    rule as its realizations (see ``aggregate``), so a missing quarterly target
    of a ``kumulatif`` indicator leaves the period without a target.
    Raises ValueError on a NaN or infinite value.
    """
    if period.uses_annual_target:
        check_finite(annual_target, "Target tahunan")
        return annual_target
    return aggregate(agregasi, [quarterly_targets.get(q) for q in period.quarters])


def period_realization(
    agregasi: Agregasi,
    quarterly_realizations: Mapping[int, Decimal | None],
    period: Period,
) -> Decimal | None:
    """Return a period's realization from its quarterly realizations (see ``aggregate``).

    A quarter absent from the mapping is missing. Raises ValueError on a NaN or
    infinite value.
    """
    return aggregate(agregasi, [quarterly_realizations.get(q) for q in period.quarters])


def quarterly_targets_mismatch(
    agregasi: Agregasi,
    quarterly_targets: Mapping[int, Decimal | None],
    annual_target: Decimal | None,
) -> Decimal | None:
    """Return (sum of the four quarterly targets − annual target) when it is not zero.

    Only ``kumulatif`` indicators must add up to the annual target; for other
    rules, when any of the five targets is missing, or when they agree, the
    result is None (nothing to warn about). Raises ValueError on a NaN or
    infinite value.
    """
    if agregasi != Agregasi.KUMULATIF or annual_target is None:
        return None
    check_finite(annual_target, "Target tahunan")
    total = aggregate(Agregasi.KUMULATIF, [quarterly_targets.get(q) for q in QUARTERS])
    if total is None:
        return None
    with working_context():
        difference = total - annual_target
    return difference if difference != 0 else None
