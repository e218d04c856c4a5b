"""How lakip writes Excel workbooks, in one place for every writer (templates, plans, reports).

``WORKBOOK_OPTIONS`` keeps text from users as text: xlsxwriter's ``write()`` would otherwise
turn "=HYPERLINK(...)" into a formula, a URL into a link and "12" into a number (OWASP CSV
injection); every writer also writes user text with ``write_string``. The number formats
are Excel codes, which Excel shows with the reader's separators (1.234,50 in Indonesia).
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

WORKBOOK_OPTIONS: Final = MappingProxyType(
    {
        "in_memory": True,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
    }
)
"""Options for every ``xlsxwriter.Workbook`` lakip opens (pass ``dict(WORKBOOK_OPTIONS)``)."""

NUMBER_FORMAT: Final = "#,##0.00"
"""Targets and realizations: two decimals, thousands grouped."""

RUPIAH_FORMAT: Final = "#,##0"
"""Rupiah amounts: whole rupiah, thousands grouped."""
