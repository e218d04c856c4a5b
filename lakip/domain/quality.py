"""Data-quality warnings for one indicator's uploaded quarterly realization."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from ._numeric import check_finite, working_context
from .achievement import achievement, round_half_up
from .aggregation import quarterly_targets_mismatch
from .formatting import format_incomplete, format_number, format_percent
from .indicators import Agregasi, Polaritas
from .periods import QUARTERS, parse_quarter, quarter_label

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


# --- the processing checks (SOP step 3, "Olah Data") ---------------------------------------

REALISASI_BELUM_ADA: Final = "REALISASI_BELUM_ADA"
KUMULATIF_BELUM_LENGKAP: Final = "KUMULATIF_BELUM_LENGKAP"
SIMPANGAN_TRIWULAN_SEBELUMNYA: Final = "SIMPANGAN_TRIWULAN_SEBELUMNYA"
SIMPANGAN_TAHUN_LALU: Final = "SIMPANGAN_TAHUN_LALU"
TARGET_TRIWULAN_TIDAK_SESUAI: Final = "TARGET_TRIWULAN_TIDAK_SESUAI"
MEMBURUK_TANPA_KENDALA: Final = "MEMBURUK_TANPA_KENDALA"

# A quarter this far from the one it is compared with is more likely an error than a change:
# more than 50 %, judged on the percentage as the message shows it (two decimals, half-up),
# as predicates are judged on the shown achievement.
_DEVIATION_PERCENT: Final = Decimal(50)


@dataclass(frozen=True, slots=True)
class IndicatorQuarters:
    """One indicator's data for the quality checks of a quarter: a quarter absent from a
    mapping, or None in it, has no data."""

    agregasi: Agregasi
    polaritas: Polaritas
    target_tahunan: Decimal | None
    target_triwulan: Mapping[int, Decimal | None]
    realisasi: Mapping[int, Decimal | None]
    realisasi_tahun_lalu: Mapping[int, Decimal | None]
    ada_kendala: bool  # a kendala was written for the quarter checked


def _deviation(now: Decimal, before: Decimal | None) -> Decimal | None:
    """|now − before| / |before| when it reads more than 50,00 %, else None (None also when
    before is missing or zero: no ratio to speak of)."""
    if before is None or before == 0:
        return None
    with working_context():
        ratio = abs(now - before) / abs(before)
        shown = round_half_up(ratio * 100)
    return ratio if shown > _DEVIATION_PERCENT else None


def _percent_of(ratio: Decimal) -> str:
    with working_context():
        return format_percent(ratio * 100)


def quality_flags(data: IndicatorQuarters, triwulan: int) -> list[Anomaly]:
    """The findings on an indicator for quarter ``triwulan`` of its year, in this order:
    REALISASI_BELUM_ADA, KUMULATIF_BELUM_LENGKAP (year to date), SIMPANGAN_TRIWULAN_SEBELUMNYA
    and SIMPANGAN_TAHUN_LALU (more than 50 % off), TARGET_TRIWULAN_TIDAK_SESUAI (kumulatif
    quarterly targets not adding up to the annual one), MEMBURUK_TANPA_KENDALA (the quarter's
    rounded achievement below the previous quarter's and no kendala written).

    Raises ValueError on a quarter outside 1–4, a NaN or infinite figure, or an unknown
    aggregation or polarity.
    """
    q = parse_quarter(triwulan)
    # A set of the members: a plain "kumulatif" string equals (and hashes as) its member.
    if data.agregasi not in set(Agregasi):
        raise ValueError(f"Agregasi tidak dikenal: '{data.agregasi}'")
    if data.polaritas not in set(Polaritas):
        raise ValueError(f"Polaritas tidak dikenal: '{data.polaritas}'")
    for mapping in (data.target_triwulan, data.realisasi, data.realisasi_tahun_lalu):
        for value in mapping.values():
            check_finite(value, "Nilai")
    check_finite(data.target_tahunan, "Target tahunan")
    found: list[Anomaly] = []
    now = data.realisasi.get(q)
    nama = quarter_label(q)
    if now is None:
        found.append(Anomaly(REALISASI_BELUM_ADA, f"Realisasi {nama} belum ada."))
    with_data = sum(1 for k in range(1, q + 1) if data.realisasi.get(k) is not None)
    if data.agregasi == Agregasi.KUMULATIF and q > 1 and with_data < q:
        found.append(
            Anomaly(
                KUMULATIF_BELUM_LENGKAP,
                f"Kumulatif s.d. {nama} {format_incomplete(with_data, q)}; capaian s.d. "
                "triwulan ini belum dihitung.",
            )
        )
    if now is not None:
        comparisons = [
            (SIMPANGAN_TRIWULAN_SEBELUMNYA, data.realisasi.get(q - 1) if q > 1 else None, None),
            (SIMPANGAN_TAHUN_LALU, data.realisasi_tahun_lalu.get(q), f"{nama} tahun lalu"),
        ]
        for kode, before, dari in comparisons:
            off = _deviation(now, before)
            if off is None or before is None:
                continue
            found.append(
                Anomaly(
                    kode,
                    f"Realisasi {_num(now)} menyimpang {_percent_of(off)} dari "
                    f"{dari or quarter_label(q - 1)} ({_num(before)}); periksa kembali.",
                )
            )
    difference = quarterly_targets_mismatch(
        data.agregasi, data.target_triwulan, data.target_tahunan
    )
    if difference is not None:
        # Only quarters 1–4 count, as in quarterly_targets_mismatch (a stray key is ignored).
        total = sum((data.target_triwulan.get(k) or Decimal(0) for k in QUARTERS), Decimal(0))
        found.append(
            Anomaly(
                TARGET_TRIWULAN_TIDAK_SESUAI,
                f"Jumlah target triwulan ({_num(total)}) tidak sama dengan target tahunan "
                f"({_num(data.target_tahunan or Decimal(0))}); selisih {_num(difference)}.",
            )
        )
    if now is not None and q > 1 and not data.ada_kendala:
        c_now = achievement(data.target_triwulan.get(q), now, data.polaritas)
        c_before = achievement(
            data.target_triwulan.get(q - 1), data.realisasi.get(q - 1), data.polaritas
        )
        if c_now is not None and c_before is not None:
            c_now, c_before = round_half_up(c_now), round_half_up(c_before)
            if c_now < c_before:
                found.append(
                    Anomaly(
                        MEMBURUK_TANPA_KENDALA,
                        f"Capaian turun dari {format_percent(c_before)} ({quarter_label(q - 1)}) "
                        f"menjadi {format_percent(c_now)} tanpa kendala yang ditulis unit.",
                    )
                )
    return found
