"""Any :class:`~lakip.reports.document.Dokumen` as a PDF, typeset with Typst.

The layout is the template ``templates/dokumen.typ``; this module only turns the document into
the template's JSON (figures written the Indonesian way) and its images: charts rendered by
vl-convert from the same Vega-Lite specs the screens draw, and the agency's logo. Data reach
the template only as JSON placed as text, so no user-typed string becomes markup or code.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

import typst

from lakip.domain.formatting import (
    BELUM_ADA_DATA,
    format_count,
    format_datetime,
    format_number,
    format_percent,
)
from lakip.reports.charts import WARNA_PREDIKAT
from lakip.reports.document import (
    AngkaKunci,
    Blok,
    Dokumen,
    Grafik,
    Judul,
    Kolom,
    Paragraf,
    PisahHalaman,
    Sel,
    Tabel,
    TandaTangan,
)

TEMPLATES: Final = Path(__file__).with_name("templates")
TEMPLATE: Final = "dokumen.typ"
# Typst stamps this as the PDF's creation time: fixed, so the same document gives the same
# bytes (the build time is printed in the text, where readers look for it).
_STAMP: Final = datetime(2000, 1, 1, tzinfo=UTC)
_AUTO_UPTO: Final = 14  # text columns this narrow (codes, units) are sized to their content
_CHART_SCALE: Final = 2  # PNG pixels per CSS pixel: sharp when printed
_CHART_WIDTH: Final = 720  # CSS pixels, about the width of a portrait A4 text block at 96 dpi

ChartRenderer = Callable[[Mapping[str, Any]], bytes]


def render_chart_png(spec: Mapping[str, Any]) -> bytes:
    """A Vega-Lite spec as PNG bytes (vl-convert, no browser)."""
    import vl_convert

    sized = dict(spec)
    if not isinstance(sized.get("width"), int):  # "container" means nothing off screen
        sized["width"] = _CHART_WIDTH
    return bytes(vl_convert.vegalite_to_png(sized, scale=_CHART_SCALE))


def write_pdf(doc: Dokumen, *, render_chart: ChartRenderer = render_chart_png) -> bytes:
    """The PDF bytes of ``doc``."""
    with tempfile.TemporaryDirectory(prefix="lakip-pdf-") as tmp:
        root = Path(tmp)
        shutil.copyfile(TEMPLATES / TEMPLATE, root / TEMPLATE)
        payload = _payload(doc, root, render_chart)
        pdf = typst.compile(  # type: ignore[type-var]  # the stub's TypeVar trips on defaults
            root / TEMPLATE,
            root=str(root),
            sys_inputs={"data": json.dumps(payload, ensure_ascii=False)},
            ignore_system_fonts=True,
            timestamp=int(_STAMP.timestamp()),
        )
    assert isinstance(pdf, bytes)
    return pdf


def _payload(doc: Dokumen, root: Path, render_chart: ChartRenderer) -> dict[str, Any]:
    images = 0

    def image(data: bytes, ext: str) -> str:
        nonlocal images
        images += 1
        name = f"gambar-{images}.{ext}"
        (root / name).write_bytes(data)
        return name

    kop = None
    if doc.kop is not None:
        k = doc.kop
        kop = {
            "pemerintah": k.pemerintah,
            "instansi": k.instansi,
            "alamat": k.alamat,
            "logo": image(k.logo, k.logo_jenis) if k.logo else None,
        }
    return {
        "instansi": doc.instansi,
        "judul": doc.judul,
        "subjudul": doc.subjudul,
        "dibuat": doc.dibuat,
        "sampul": doc.sampul,
        "daftar_isi": doc.daftar_isi,
        "kop": kop,
        "kosong": BELUM_ADA_DATA,
        "warna": WARNA_PREDIKAT,
        "bagian": [
            {
                "judul": b.judul,
                "lanskap": b.lanskap,
                "blok": [_block(x, lambda g: image(render_chart(g.spec), "png")) for x in b.blok],
            }
            for b in doc.bagian
        ],
    }


def _block(b: Blok, chart_file: Callable[[Grafik], str]) -> dict[str, Any]:
    match b:
        case Judul():
            return {"jenis": "judul", "teks": b.teks, "tingkat": min(max(b.tingkat, 2), 3)}
        case Paragraf():
            return {"jenis": "paragraf", "teks": b.teks, "catatan": b.catatan}
        case Tabel():
            return {
                "jenis": "tabel",
                "judul": b.judul,
                "kolom": [
                    {
                        "judul": k.judul,
                        # Figures and short codes take the room they need; long texts share
                        # the rest in proportion to their widths.
                        "lebar": k.lebar if k.jenis == "teks" and k.lebar > _AUTO_UPTO else None,
                        "kanan": k.jenis in ("angka", "bilangan", "persen"),
                    }
                    for k in b.kolom
                ],
                "sel": [_cell(k, v) for row in b.baris for k, v in zip(b.kolom, row, strict=True)],
            }
        case Grafik():
            return {"jenis": "grafik", "judul": b.judul, "gambar": chart_file(b)}
        case AngkaKunci():
            return {"jenis": "angka", "butir": [list(x) for x in b.butir]}
        case TandaTangan():
            return {
                "jenis": "ttd",
                "tempat_tanggal": b.tempat_tanggal,
                "jabatan": b.jabatan,
                "nama": b.nama,
                "pangkat": b.pangkat,
                "nip": b.nip,
            }
        case PisahHalaman():
            return {"jenis": "pisah"}
    raise TypeError(f"unknown block {b!r}")  # pragma: no cover


def _cell(k: Kolom, v: Sel) -> str | dict[str, str] | None:
    """A cell as the PDF prints it: text; a predicate with its colour; None only where
    "belum ada data" is meant."""
    if v is None:
        return None if k.jenis in ("angka", "persen", "predikat") else ""
    if k.jenis == "predikat":
        return {"t": str(v), "w": WARNA_PREDIKAT.get(str(v), "#000000")}
    if k.jenis == "angka" and isinstance(v, int | Decimal):
        return format_number(v, strip=True)
    if k.jenis == "bilangan" and isinstance(v, int | Decimal):
        return format_count(int(v))
    if k.jenis == "persen" and isinstance(v, int | Decimal):
        return format_percent(v)
    if k.jenis == "waktu" and isinstance(v, datetime):
        return format_datetime(v)
    return str(v)
