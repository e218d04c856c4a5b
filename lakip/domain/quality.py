"""Data-quality warnings for one indicator's uploaded quarterly realization."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from ._numeric import check_finite, working_context
from .formatting import format_number
from .indicators import Agregasi

LEBIH_3X_TARGET: Final = "LEBIH_3X_TARGET"
TURUN_DARI_TW_SEBELUMNYA: Final = "TURUN_DARI_TW_SEBELUMNYA"

# A realization this many times the quarter's target is more likely a typing
# error (an extra digit, a cumulative figure in a quarterly cell) than a result.
_TARGET_MULTIPLE: Final = Decimal(3)


@dataclass(frozen=True, slots=True)
class Anomaly:
    """A warning about an uploaded figure: a stable code and an Indonesian message."""

    kode: str
    pesan: str


def _num(x: Decimal) -> str:
    return format_number(x, strip=True)


def anomalies(
    agregasi: Agregasi,
    target_tw: Decimal | None,
    realisasi: Decimal | None,
    previous_realisasi: Decimal | None,
) -> list[Anomaly]:
    """Return the warnings for a quarter's realization (an empty list when none).

    - LEBIH_3X_TARGET: the realization is more than three times a positive
      quarter target.
    - TURUN_DARI_TW_SEBELUMNYA: for ``terakhir`` (a stock or coverage rate),
      the realization is lower than the previous quarter's.

    A missing realization gives no anomaly (it is reported as missing elsewhere).
    Raises ValueError on NaN or infinity.
    """
    if realisasi is None:
        return []
    check_finite(realisasi, "Realisasi")
    check_finite(target_tw, "Target triwulan")
    check_finite(previous_realisasi, "Realisasi triwulan sebelumnya")
    found: list[Anomaly] = []
    with working_context():
        if target_tw is not None and target_tw > 0 and realisasi > _TARGET_MULTIPLE * target_tw:
            found.append(
                Anomaly(
                    LEBIH_3X_TARGET,
                    f"Realisasi {_num(realisasi)} lebih dari tiga kali target triwulan "
                    f"({_num(target_tw)}); periksa kembali.",
                )
            )
        if (
            agregasi == Agregasi.TERAKHIR
            and previous_realisasi is not None
            and realisasi < previous_realisasi
        ):
            found.append(
                Anomaly(
                    TURUN_DARI_TW_SEBELUMNYA,
                    f"Realisasi {_num(realisasi)} lebih rendah dari realisasi triwulan "
                    f"sebelumnya ({_num(previous_realisasi)}); untuk indikator dengan "
                    "agregasi terakhir, periksa kembali apakah penurunan ini benar.",
                )
            )
    return found
