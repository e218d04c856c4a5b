"""Decimal working context and half-up rounding shared by the domain rules."""

from __future__ import annotations

from contextlib import AbstractContextManager
from decimal import (
    ROUND_05UP,
    ROUND_HALF_UP,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
    localcontext,
)
from typing import Final

# Far more digits than any figure in a performance report needs, so intermediate
# results are effectively exact and the only visible rounding is the final one.
WORKING_PRECISION: Final = 50

# ROUND_05UP for intermediate results makes a later half-up rounding to fewer
# digits correct (no double-rounding error): an inexact intermediate can never
# end in 0 or 5, so it is never mistaken for an exact tie.
_WORKING_ROUNDING: Final = ROUND_05UP
_TRAPS: Final = (InvalidOperation, DivisionByZero, Overflow)

CENT: Final = Decimal("0.01")


def working_context() -> AbstractContextManager[Context]:
    """Return a fresh local decimal context for domain arithmetic.

    A new context each time, independent of whatever the caller did to the
    thread's context, so results never depend on global decimal settings.
    """
    return localcontext(
        Context(prec=WORKING_PRECISION, rounding=_WORKING_ROUNDING, traps=list(_TRAPS))
    )


def quantum(places: int) -> Decimal:
    """Return the quantum ``10**-places`` (``Decimal("0.01")`` for 2).

    Raises ValueError if ``places`` is negative.
    """
    if places < 0:
        raise ValueError(f"Jumlah desimal tidak boleh negatif: {places}")
    return CENT if places == 2 else Decimal((0, (1,), -places))


def round_half_up_in_context(x: Decimal, places: int) -> Decimal:
    """Round ``x`` half-up to ``places`` decimals; call inside a working context.

    Raises ValueError if ``x`` is not finite or ``places`` is negative.
    """
    if not x.is_finite():
        raise ValueError(f"Nilai harus berupa angka, ditemukan {x}")
    q = quantum(places)
    # Huge figures need more digits than the working precision to be quantized
    # at all; widen only for them.
    needed = x.adjusted() + places + 2
    if needed > WORKING_PRECISION:
        with localcontext(Context(prec=needed, rounding=_WORKING_ROUNDING, traps=list(_TRAPS))):
            return x.quantize(q, rounding=ROUND_HALF_UP)
    return x.quantize(q, rounding=ROUND_HALF_UP)


def check_finite(x: Decimal | None, name: str) -> None:
    """Raise ValueError if ``x`` is a NaN or an infinity (None is allowed)."""
    if x is not None and not x.is_finite():
        raise ValueError(f"{name} harus berupa angka, ditemukan {x}")
