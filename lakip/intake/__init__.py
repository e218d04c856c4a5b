"""Workbook intake: reading untrusted .xlsx uploads and writing the quarterly template.

Pure: bytes in, dataclasses out; no database and no framework. Errors and warnings
are ``Issue`` values in Bahasa Indonesia; a workbook with any error raises
``WorkbookRejected`` listing them all.
"""

from __future__ import annotations

from .issues import Issue, WorkbookRejected
from .numbers import NumberFormatError, parse_id_number
from .plan import KnownCodes, PlanDocument, parse_plan
from .quarter import (
    IndicatorContext,
    QuarterIdentity,
    QuarterReport,
    UnitQuarterContext,
    parse_quarter_workbook,
)
from .template import TemplateBudget, TemplateData, TemplateIndicator, write_quarter_template

__all__ = [
    "IndicatorContext",
    "Issue",
    "KnownCodes",
    "NumberFormatError",
    "PlanDocument",
    "QuarterIdentity",
    "QuarterReport",
    "TemplateBudget",
    "TemplateData",
    "TemplateIndicator",
    "UnitQuarterContext",
    "WorkbookRejected",
    "parse_id_number",
    "parse_plan",
    "parse_quarter_workbook",
    "write_quarter_template",
]
