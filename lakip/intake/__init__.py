"""Workbook intake: reading untrusted .xlsx uploads and writing the quarterly template.

Pure: bytes in, dataclasses out; no database and no framework. Errors and warnings
are ``Issue`` values in Bahasa Indonesia; a workbook with any error raises
``WorkbookRejected`` listing them all.

The names below are imported from their modules on first use, so that importing one
module of the package (``lakip.intake.issues`` for the error types) does not load the
plan reader and the template writer with it: a command's start pays only for what it uses.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
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

_MODULE_OF: Final = {
    "Issue": "issues",
    "WorkbookRejected": "issues",
    "NumberFormatError": "numbers",
    "parse_id_number": "numbers",
    "KnownCodes": "plan",
    "PlanDocument": "plan",
    "parse_plan": "plan",
    "IndicatorContext": "quarter",
    "QuarterIdentity": "quarter",
    "QuarterReport": "quarter",
    "UnitQuarterContext": "quarter",
    "parse_quarter_workbook": "quarter",
    "TemplateBudget": "template",
    "TemplateData": "template",
    "TemplateIndicator": "template",
    "write_quarter_template": "template",
}

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


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{module}"), name)
