"""The achievement table of a period as a PDF, typeset with Typst.

Data reaches the template only as JSON (``sys.inputs``) and is placed as text, so no
user-typed string can inject markup or code into the document.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import typst

from lakip.domain.formatting import BELUM_ADA_DATA, format_number, format_percent
from lakip.reports.capaian_model import TabelCapaian
from lakip.reports.charts import WARNA_PREDIKAT

TEMPLATES = Path(__file__).with_name("templates")


def _num(x: Decimal | None) -> str | None:
    return None if x is None else format_number(x, strip=True)


def _pct(x: Decimal | None) -> str | None:
    return None if x is None else format_percent(x)


def _payload(tabel: TabelCapaian) -> dict[str, Any]:
    """The template's data, figures already in Indonesian notation (None: no data)."""
    return {
        "instansi": tabel.instansi,
        "warna": WARNA_PREDIKAT,
        "kosong": BELUM_ADA_DATA,
        "judul": tabel.judul,
        "subjudul": tabel.subjudul,
        "indikator": [
            {
                "kode": b.kode,
                "nama": b.indikator,
                "unit": b.unit,
                "satuan": b.satuan,
                "target": _num(b.target),
                "realisasi": _num(b.realisasi),
                "capaian": _pct(b.capaian),
                "predikat": b.predikat,
                "kendala": "; ".join(b.kendala),
                "upaya": "; ".join(b.upaya),
            }
            for b in tabel.baris
        ],
        "sasaran": [
            {"kode": s.kode, "nama": s.nama, "capaian": _pct(s.capaian), "predikat": s.predikat}
            for s in tabel.sasaran
        ],
    }


def write_capaian_pdf(tabel: TabelCapaian) -> bytes:
    """Typeset the table; returns the PDF bytes."""
    pdf = typst.compile(  # type: ignore[type-var]  # the stub's TypeVar trips on the defaults
        TEMPLATES / "capaian.typ",
        root=str(TEMPLATES),
        sys_inputs={"data": json.dumps(_payload(tabel), ensure_ascii=False)},
        ignore_system_fonts=True,
    )
    assert isinstance(pdf, bytes)
    return pdf
