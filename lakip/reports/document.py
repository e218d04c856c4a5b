"""The report document model: a document is a list of sections of typed blocks.

A builder (one per report kind) turns computed figures into a :class:`Dokumen`; a writer (one
per format: :mod:`lakip.reports.xlsx_writer`, :mod:`lakip.reports.pdf_writer`) lays out any
document. A new report kind is a new builder, never a new writer.

Blocks hold figures as :class:`~decimal.Decimal` (None: no data) and texts as users wrote
them; writers decide the notation (Indonesian, via :mod:`lakip.domain.formatting`) and never
evaluate a text as a formula or as markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

Sel = str | int | Decimal | datetime | None
"""A table cell: text, a count, a figure, a time (naive, in the agency's clock) or no data."""

JenisKolom = Literal["teks", "angka", "bilangan", "persen", "waktu", "predikat"]
"""How a column's cells are written: text; a figure ("1.234,5"); a count ("1.234"); a
percentage ("95,25 %"); a date-time; a predicate (text, coloured by its level)."""


@dataclass(frozen=True)
class Kolom:
    """A table column: its header, its width in characters (Excel; the PDF shares the width
    in proportion), and how its cells are written. An empty ``angka``/``persen``/``predikat``
    cell reads "belum ada data"; an empty ``teks``/``waktu`` one is blank."""

    judul: str
    lebar: int
    jenis: JenisKolom = "teks"


@dataclass(frozen=True)
class Judul:
    """A heading inside a section (level 2 or 3; a section's own title is level 1)."""

    teks: str
    tingkat: int = 2


@dataclass(frozen=True)
class Paragraf:
    """A paragraph of running text; ``catatan`` is set smaller and grey (notes, sources)."""

    teks: str
    catatan: bool = False


@dataclass(frozen=True)
class Tabel:
    """A table; its header row repeats on every page it spans."""

    kolom: Sequence[Kolom]
    baris: Sequence[Sequence[Sel]]
    judul: str = ""

    def __post_init__(self) -> None:
        for i, row in enumerate(self.baris, start=1):
            if len(row) != len(self.kolom):
                raise ValueError(
                    f"Tabel '{self.judul}': baris {i} berisi {len(row)} sel, "
                    f"kolomnya {len(self.kolom)}"
                )


@dataclass(frozen=True)
class Seri:
    """One series of a chart: a value per category (None: no data, not drawn)."""

    nama: str
    nilai: Sequence[Decimal | None]


@dataclass(frozen=True)
class Grafik:
    """A chart: its categories and series (Excel draws a native chart from them) and the
    Vega-Lite spec of the same chart the screens show (the PDF renders it to an image)."""

    judul: str
    kategori: Sequence[str]
    seri: Sequence[Seri]
    spec: Mapping[str, Any]
    sumbu: str = "Capaian (%)"

    def __post_init__(self) -> None:
        for s in self.seri:
            if len(s.nilai) != len(self.kategori):
                raise ValueError(f"Grafik '{self.judul}': seri '{s.nama}' tidak sepanjang kategori")


@dataclass(frozen=True)
class AngkaKunci:
    """Key figures in a row of boxes: (label, value already written for people)."""

    butir: Sequence[tuple[str, str]]


@dataclass(frozen=True)
class TandaTangan:
    """The signature block: place and date, office, name, rank and NIP."""

    tempat_tanggal: str
    jabatan: str
    nama: str
    pangkat: str = ""
    nip: str = ""


@dataclass(frozen=True)
class PisahHalaman:
    """Start a new page (PDF); ignored by Excel, where each section is its own sheet."""


Blok = Judul | Paragraf | Tabel | Grafik | AngkaKunci | TandaTangan | PisahHalaman


@dataclass(frozen=True)
class Bagian:
    """A section: a chapter of the PDF (in the table of contents when the document has one)
    and a sheet of the workbook (``lembar`` names it; Excel allows 31 characters)."""

    judul: str
    blok: Sequence[Blok]
    lembar: str = ""
    lanskap: bool = False  # wide tables: the sheet (and, in the PDF, the pages) landscape

    @property
    def nama_lembar(self) -> str:
        return (self.lembar or self.judul)[:31]


@dataclass(frozen=True)
class Kop:
    """The agency's letterhead: the region's government, the agency, its address, and the
    logo (PNG or JPEG bytes, checked by :func:`lakip.reports.images.image_format`; None: no
    logo)."""

    pemerintah: str
    instansi: str
    alamat: str = ""
    logo: bytes | None = None
    logo_jenis: Literal["png", "jpg"] = "png"


@dataclass(frozen=True)
class Dokumen:
    """A whole report. ``sampul`` makes the first page a cover; ``daftar_isi`` adds a table
    of contents after it (the LKjIP has both)."""

    instansi: str
    judul: str
    subjudul: str
    bagian: Sequence[Bagian]
    kop: Kop | None = None
    sampul: bool = False
    daftar_isi: bool = False
    dibuat: str = ""  # "dibangun pada …", printed in the footer note of the cover or title
    info: Mapping[str, str] = field(default_factory=dict)  # document properties (keywords…)
