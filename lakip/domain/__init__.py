"""Pure domain rules of lakip: periods, indicators, aggregation, achievement, budget.

Imports only the standard library; no I/O, no framework.
"""

from __future__ import annotations

from .achievement import (
    ROUND,
    IndicatorFigures,
    Predikat,
    achievement,
    compute_indicator,
    objective_achievement,
    predicate,
    round_half_up,
)
from .aggregation import (
    aggregate,
    period_realization,
    period_target,
    quarterly_targets_mismatch,
)
from .budget import absorption, efficiency, period_budget_realization
from .formatting import (
    BELUM_ADA_DATA,
    format_date,
    format_datetime,
    format_incomplete,
    format_number,
    format_percent,
    format_rupiah,
)
from .indicators import (
    Agregasi,
    JenisIndikator,
    Polaritas,
    parse_agregasi,
    parse_jenis_indikator,
    parse_polaritas,
)
from .periods import (
    ALL_PERIODS,
    QUARTERS,
    ROMAN,
    Period,
    parse_period,
    parse_quarter,
    quarter_label,
    quarter_short,
)
from .quality import Anomaly, IndicatorQuarters, anomalies, quality_flags

__all__ = [
    "ALL_PERIODS",
    "BELUM_ADA_DATA",
    "QUARTERS",
    "ROMAN",
    "ROUND",
    "Agregasi",
    "Anomaly",
    "IndicatorFigures",
    "IndicatorQuarters",
    "JenisIndikator",
    "Period",
    "Polaritas",
    "Predikat",
    "absorption",
    "achievement",
    "aggregate",
    "anomalies",
    "compute_indicator",
    "efficiency",
    "format_date",
    "format_datetime",
    "format_incomplete",
    "format_number",
    "format_percent",
    "format_rupiah",
    "objective_achievement",
    "parse_agregasi",
    "parse_jenis_indikator",
    "parse_period",
    "parse_polaritas",
    "parse_quarter",
    "period_budget_realization",
    "period_realization",
    "period_target",
    "predicate",
    "quality_flags",
    "quarter_label",
    "quarter_short",
    "quarterly_targets_mismatch",
    "round_half_up",
]
