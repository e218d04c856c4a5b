"""The achievement table of a period as a PDF, typeset with Typst.

Data reaches the template only as JSON (``sys.inputs``) and is placed as text, so no
user-typed string can inject markup or code into the document.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import typst

TEMPLATES = Path(__file__).with_name("templates")


@dataclass(frozen=True)
class BarisPdf:
    """One indicator row, already formatted for display (Indonesian notation)."""

    kode: str
    nama: str
    unit: str
    satuan: str
    target: str | None
    realisasi: str | None
    capaian: str | None
    predikat: str | None
    kendala: str
    upaya: str


@dataclass(frozen=True)
class DokumenCapaian:
    """Everything the PDF shows."""

    instansi: str
    judul: str
    subjudul: str
    indikator: list[BarisPdf]
    sasaran: list[tuple[str, str, str | None, str | None]]


def write_capaian_pdf(doc: DokumenCapaian) -> bytes:
    """Typeset the document; returns the PDF bytes."""
    payload = {
        "instansi": doc.instansi,
        "judul": doc.judul,
        "subjudul": doc.subjudul,
        "indikator": [vars(b) for b in doc.indikator],
        "sasaran": [
            {"kode": k, "nama": n, "capaian": c, "predikat": p} for k, n, c, p in doc.sasaran
        ],
    }
    pdf = typst.compile(  # type: ignore[type-var]  # the stub's TypeVar trips on the defaults
        TEMPLATES / "capaian.typ",
        root=str(TEMPLATES),
        sys_inputs={"data": json.dumps(payload, ensure_ascii=False)},
        ignore_system_fonts=True,
    )
    assert isinstance(pdf, bytes)
    return pdf
