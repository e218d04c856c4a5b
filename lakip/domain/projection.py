"""The early warning: an indicator's year-end value projected from the quarters so far, by its
own aggregation, and whether it will reach the annual (PK) target.

- ``kumulatif`` (a flow): the quarters so far against their Rencana Aksi targets give a pace;
  the year ends at that pace times the year's Rencana Aksi (the annual target where the
  Rencana Aksi is missing or zero). A missing quarter adds nothing to the pace, in either
  direction: it is left out of both sums, never counted as zero.
- ``terakhir`` (a stock, a coverage rate): the straight line through the quarters with data
  (least squares), continued to the fourth quarter; one quarter alone is its own projection.
- ``rata-rata`` (a rate measured each quarter): the mean of the quarters with data and of the
  remaining quarters continued along the same line.

A projection below zero is zero (a count or a rate does not go negative). No quarter with data:
no projection. The achievement of the projection follows the rule of achievement (polarity,
a zero target), and "will reach" means that achievement is at least 100 %.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from ._numeric import check_finite, working_context
from .achievement import achievement
from .indicators import Agregasi, Polaritas
from .periods import QUARTERS

_FULL: Final = Decimal(100)
_ZERO: Final = Decimal(0)


@dataclass(frozen=True)
class Proyeksi:
    """A year-end projection made after quarter ``dari_triwulan`` (the last one with data)."""

    nilai: Decimal | None  # the projected year-end realization; None: nothing to project from
    capaian: Decimal | None  # its achievement against the annual target, rounded as always
    dari_triwulan: int | None  # the quarter the projection stands on

    @property
    def akan_tercapai(self) -> bool | None:
        """True when the projection reaches the annual target; None when it cannot say."""
        return None if self.capaian is None else self.capaian >= _FULL


def project_year_end(
    agregasi: Agregasi,
    polaritas: Polaritas,
    realisasi: Sequence[Decimal | None],
    rencana_aksi: Sequence[Decimal | None],
    target_tahunan: Decimal | None,
) -> Proyeksi:
    """The year-end projection of an indicator from its quarterly realizations so far
    (``realisasi``, TW I–IV, None where missing or not yet due), its Rencana Aksi (TW I–IV)
    and its annual target."""
    if len(realisasi) != len(QUARTERS) or len(rencana_aksi) != len(QUARTERS):
        raise ValueError("realisasi dan rencana aksi harus berisi empat triwulan")
    for x in (*realisasi, *rencana_aksi, target_tahunan):
        check_finite(x, "Nilai")
    known = [(q, r) for q, r in zip(QUARTERS, realisasi, strict=True) if r is not None]
    if not known:
        return Proyeksi(None, None, None)
    with working_context():
        if agregasi == Agregasi.KUMULATIF:
            value = _flow(known, rencana_aksi, target_tahunan)
        elif agregasi == Agregasi.TERAKHIR:
            value = _line(known)(QUARTERS[-1])
        else:
            line = _line(known)
            last = known[-1][0]
            ahead = [line(q) for q in QUARTERS if q > last]
            value = sum((r for _, r in known), _ZERO) + sum(ahead, _ZERO)
            value = value / (len(known) + len(ahead))
        value = max(value, _ZERO)
    return Proyeksi(value, achievement(target_tahunan, value, polaritas), known[-1][0])


def _flow(
    known: list[tuple[int, Decimal]],
    rencana_aksi: Sequence[Decimal | None],
    target_tahunan: Decimal | None,
) -> Decimal:
    done = sum((r for _, r in known), _ZERO)
    planned_so_far = sum((rencana_aksi[q - 1] or _ZERO for q, _ in known), _ZERO)
    planned_year = sum((t or _ZERO for t in rencana_aksi), _ZERO)
    if planned_year == 0 and target_tahunan is not None:
        planned_year = target_tahunan
    if planned_so_far > 0 and planned_year > 0:
        return done * planned_year / planned_so_far
    # No plan to pace against: the quarters so far, continued at their own mean.
    return done * len(QUARTERS) / len(known)


def _line(known: list[tuple[int, Decimal]]) -> Callable[[int], Decimal]:
    """The least-squares line through the known quarters, as a function of the quarter."""
    if len(known) == 1:
        only = known[0][1]
        return lambda q: only
    n = Decimal(len(known))
    mean_q = sum((Decimal(q) for q, _ in known), _ZERO) / n
    mean_r = sum((r for _, r in known), _ZERO) / n
    spread = sum(((Decimal(q) - mean_q) ** 2 for q, _ in known), _ZERO)
    slope = sum(((Decimal(q) - mean_q) * (r - mean_r) for q, r in known), _ZERO) / spread
    return lambda q: mean_r + slope * (Decimal(q) - mean_q)
