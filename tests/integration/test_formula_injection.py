"""Text a user typed that looks like a formula comes out of every Excel export as text.

The upload carries ``=HYPERLINK("http://x","klik")`` (and ``+``, ``-``, ``@`` leads) as text cells
in Keterangan / Kendala / Upaya; every workbook the system writes from it must hold them as
string cells, never as formulas.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import openpyxl
import pytest

from lakip.services.access import SISTEM
from lakip.services.achievement import export_capaian_xlsx
from lakip.services.planning import import_plan
from lakip.services.runtime import Runtime
from lakip.services.submissions import submit_quarter
from lakip.services.templates import template_for
from tests.fixtures.plans import small_plan

HYPERLINK = '=HYPERLINK("http://x","klik")'
DANGEROUS = {
    "IKU-01": {"Keterangan": HYPERLINK, "Kendala": "+1+2", "Upaya": "@SUM(A1:A2)"},
    "IKU-02": {"Keterangan": "-2+3", "Kendala": HYPERLINK, "Upaya": "=1+1"},
}


def upload_with_text_cells(rt: Runtime) -> None:
    import_plan(rt, SISTEM, small_plan(), "rencana.xlsx")
    _name, template = template_for(rt, SISTEM, "BID-A", 2025, 1)
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = wb["Realisasi Kinerja"]
    header = next(r for r in range(1, 11) if ws.cell(r, 1).value == "Kode Indikator")
    cols = {c.value: c.column for c in ws[header]}
    for r in range(header + 1, ws.max_row + 1):
        kode = ws.cell(r, 1).value
        if kode in DANGEROUS:
            ws.cell(r, cols["Realisasi"]).value = 100
            for name, text in DANGEROUS[kode].items():
                cell = ws.cell(r, cols[name])
                cell.value = text
                cell.data_type = "s"  # typed as text, as Excel stores '=… entered with a quote
    out = io.BytesIO()
    wb.save(out)
    submit_quarter(rt, SISTEM, out.getvalue(), "laporan.xlsx")


def assert_texts_are_strings(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                assert not re.search(rb"<f[ >]", z.read(name)), f"a formula was written in {name}"
    wb = openpyxl.load_workbook(io.BytesIO(data))
    found = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                for texts in DANGEROUS.values():
                    for text in texts.values():
                        if isinstance(cell.value, str) and text in cell.value:
                            assert cell.data_type == "s", (
                                f"{ws.title}!{cell.coordinate} is {cell.data_type}"
                            )
                            found.add(text)
    assert HYPERLINK in found and "@SUM(A1:A2)" in found and "+1+2" in found and "-2+3" in found


EXPORTS: dict[str, Callable[[Runtime], bytes]] = {
    "template terisi": lambda rt: template_for(rt, SISTEM, "BID-A", 2025, 1)[1],
    "ekspor capaian": lambda rt: export_capaian_xlsx(rt, SISTEM, 2025, "TW1")[1],
}


@pytest.mark.parametrize("export", list(EXPORTS), ids=list(EXPORTS))
def test_formula_like_text_stays_text_in_every_excel_export(rt: Runtime, export: str) -> None:
    upload_with_text_cells(rt)
    assert_texts_are_strings(EXPORTS[export](rt))


def test_formula_like_text_is_stored_exactly_as_typed(rt: Runtime) -> None:
    from lakip.services.achievement import compute_capaian

    upload_with_text_cells(rt)
    ind = {i.kode: i for i in compute_capaian(rt, SISTEM, 2025, "TW1").indikator}
    assert ind["IKU-01"].keterangan == (HYPERLINK,)
    assert ind["IKU-02"].kendala == (HYPERLINK,)
