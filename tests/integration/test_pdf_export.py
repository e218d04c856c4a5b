"""The achievement PDF opens, shows the figures in Indonesian notation, and prints what
users typed literally: Typst markup in an upload is text, never code."""

from __future__ import annotations

import io

import pypdf

from lakip.services.access import SISTEM
from lakip.services.achievement import export_capaian_pdf
from lakip.services.planning import import_plan
from lakip.services.runtime import Runtime
from lakip.services.submissions import submit_quarter
from lakip.services.templates import template_for
from tests.fixtures.plans import small_plan
from tests.integration.helpers import fill_template

MARKUP = '#panic("boom") *tebal* $x^2$ <label> @ref [kurung]'


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_capaian_pdf_shows_figures_and_literal_user_text(rt: Runtime) -> None:
    import_plan(rt, SISTEM, small_plan(), "rencana.xlsx")
    _n, template = template_for(rt, SISTEM, "BID-A", 2025, 1)
    filled = fill_template(
        template, {"IKU-01": 210, "IKU-02": "82,5"}, texts={"IKU-01": {"Kendala": MARKUP}}
    )
    submit_quarter(rt, SISTEM, filled, "laporan.xlsx")

    name, data = export_capaian_pdf(rt, SISTEM, 2025, "TW1")
    assert name == "Capaian_2025_TW1.pdf" and data.startswith(b"%PDF")
    text = pdf_text(data)
    assert "Capaian Kinerja Triwulan I Tahun 2025" in text
    assert "105,00 %" in text and "103,13 %" in text and "82,5" in text
    assert "belum ada data" in text  # IKU-03 was not reported
    assert MARKUP in " ".join(text.split())
