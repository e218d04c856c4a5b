"""The cell styles and page setup every exported workbook shares, so that an export looks
like the others and a style is changed in one place."""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet


@dataclass(frozen=True)
class Styles:
    """Formats of a workbook's title, table header, text, number, percent, count, date-time and
    missing-figure cells."""

    title: Format
    head: Format
    text: Format
    num: Format
    pct: Format
    count: Format
    when: Format
    missing: Format


def table_styles(wb: Workbook) -> Styles:
    """Add the shared formats to ``wb``."""
    return Styles(
        title=wb.add_format({"bold": True, "font_size": 14}),
        head=wb.add_format(
            {
                "bold": True,
                "bg_color": "#1F4E79",
                "font_color": "#FFFFFF",
                "border": 1,
                "text_wrap": True,
                "valign": "vcenter",
            }
        ),
        text=wb.add_format({"border": 1, "text_wrap": True, "valign": "top"}),
        num=wb.add_format({"border": 1, "num_format": "#,##0.00", "valign": "top"}),
        pct=wb.add_format({"border": 1, "num_format": '0.00" %"', "valign": "top"}),
        count=wb.add_format({"border": 1, "num_format": "#,##0", "valign": "top"}),
        when=wb.add_format({"border": 1, "num_format": "dd/mm/yyyy hh:mm", "valign": "top"}),
        missing=wb.add_format(
            {"border": 1, "italic": True, "font_color": "#7F7F7F", "valign": "top"}
        ),
    )


def write_header_row(
    ws: Worksheet, row: int, headers: list[str], widths: list[int], style: Format
) -> None:
    """A table's header row at ``row`` with its column widths."""
    for col, (h, w) in enumerate(zip(headers, widths, strict=True)):
        ws.write_string(row, col, h, style)
        ws.set_column(col, col, w)


def print_setup(ws: Worksheet, instansi: str, *, landscape: bool = True) -> None:
    """A4, fitted to the page width, the agency's name in the header and page numbers in
    the footer ("Halaman 1 dari 3")."""
    ws.set_paper(9)
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 0)
    if instansi.strip():
        ws.set_header(f"&L{instansi.replace('&', '&&')}")
    ws.set_footer("&CHalaman &P dari &N")
