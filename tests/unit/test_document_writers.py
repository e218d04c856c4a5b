"""One document, both writers: the workbook read back (typed cells, native chart, print setup,
text never a formula) and the PDF's text (Indonesian figures, chapters, contents, signature),
both the same bytes when written twice."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal as D
from pathlib import Path

import pypdf
import pytest
from openpyxl import load_workbook

from lakip.reports.charts import TitikCapaian, capaian_chart
from lakip.reports.document import (
    AngkaKunci,
    Bagian,
    Dokumen,
    Grafik,
    Judul,
    Kolom,
    Kop,
    Paragraf,
    PisahHalaman,
    Seri,
    Tabel,
    TandaTangan,
)
from lakip.reports.pdf_writer import write_pdf
from lakip.reports.xlsx_writer import DATA_GRAFIK, write_xlsx

FORMULA = '=HYPERLINK("http://x","klik")'
MARKUP = '#panic("boom") *tebal* $x$'
KOLOM = (
    Kolom("Kode", 10),
    Kolom("Indikator", 40),
    Kolom("Target", 12, "angka"),
    Kolom("Realisasi", 12, "angka"),
    Kolom("Capaian", 12, "persen"),
    Kolom("Predikat", 14, "predikat"),
    Kolom("Unit", 8, "bilangan"),
    Kolom("Diunggah", 18, "waktu"),
)
ROWS = (
    ("IKU-01", "Persentase penduduk ber-KTP", D("1234.5"), D("1300"), D("105.3"), "Sangat Tinggi",
     3, datetime(2025, 4, 2, 9, 30)),
    ("IKU-02", FORMULA, D(80), None, None, None, 1200, None),
)  # fmt: skip


def _spec() -> dict[str, object]:
    chart = capaian_chart(
        [
            TitikCapaian("IKU-01", "KTP", D("105.3"), "Sangat Tinggi"),
            TitikCapaian("IKU-02", "x", None, None),
        ]
    )
    assert chart is not None
    return chart.to_dict()


def document(*, daftar_isi: bool = False) -> Dokumen:
    return Dokumen(
        instansi="Dinas Uji Kabupaten Contoh",
        judul="Laporan Uji Tahun 2025",
        subjudul="Dibangun dari 2 versi laporan",
        kop=Kop("Pemerintah Kabupaten Contoh", "Dinas Uji", "Jl. Contoh No. 1"),
        daftar_isi=daftar_isi,
        bagian=[
            Bagian(
                "Bab I Pendahuluan",
                [
                    Judul("1.1 Latar belakang"),
                    Paragraf(f"Teks pengguna: {MARKUP}"),
                    AngkaKunci([("Indikator", "2"), ("Rata-rata capaian", "105,30 %")]),
                    PisahHalaman(),
                    Paragraf("Catatan kaki.", catatan=True),
                ],
                lembar="Pendahuluan",
            ),
            Bagian(
                "Bab II Capaian",
                [
                    Tabel(KOLOM, ROWS, judul="Tabel 2.1 Capaian"),
                    Grafik(
                        "Capaian per indikator",
                        ["IKU-01", "IKU-02"],
                        [Seri("Capaian (%)", [D("105.3"), None])],
                        _spec(),
                    ),
                    TandaTangan(
                        "Paringin, 15 Januari 2026",
                        "Kepala Dinas",
                        "Dr. Ahmad Contoh, M.Si.",
                        "Pembina Utama Muda (IV/c)",
                        "197001011990031001",
                    ),
                ],
                lembar="Capaian",
                lanskap=True,
            ),
        ],
    )


def test_the_workbook_has_a_sheet_per_section_with_typed_cells_and_a_native_chart() -> None:
    data = write_xlsx(document())
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Pendahuluan", "Capaian", DATA_GRAFIK]
    ws = wb["Capaian"]
    assert [ws["A1"].value, ws["A2"].value, ws["A3"].value] == [
        "Laporan Uji Tahun 2025",
        "Dibangun dari 2 versi laporan",
        "Bab II Capaian",
    ]
    assert ws["A5"].value == "Tabel 2.1 Capaian"
    assert [c.value for c in ws[6]][:8] == [k.judul for k in KOLOM]
    first, second = (list(r) for r in ws.iter_rows(min_row=7, max_row=8, values_only=True))
    assert first[:8] == [
        "IKU-01", "Persentase penduduk ber-KTP", 1234.5, 1300, 105.3, "Sangat Tinggi", 3,
        datetime(2025, 4, 2, 9, 30),
    ]  # fmt: skip
    # Missing figures say so; a user's text that looks like a formula stays text.
    assert second[1] == FORMULA and ws["B8"].data_type == "s"
    assert second[3:6] == ["belum ada data"] * 3 and second[7] is None
    assert ws["C7"].number_format == "#,##0.00" and ws["E7"].number_format == '0.00" %"'
    assert ws.freeze_panes == "A7" and ws.auto_filter.ref == "A6:H8"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.oddFooter.center.text == "Halaman &P dari &N"
    assert ws.oddHeader.left.text == "Dinas Uji Kabupaten Contoh"
    assert wb["Pendahuluan"].page_setup.orientation != "landscape"
    # The chart's figures (a gap where there is none) and a native chart reading them.
    chart_data = list(wb[DATA_GRAFIK].iter_rows(min_row=1, max_row=4, values_only=True))
    assert [r[:2] for r in chart_data] == [
        ("Capaian per indikator", None),
        ("Kategori", "Capaian (%)"),
        ("IKU-01", 105.3),
        ("IKU-02", None),
    ]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        charts = [n for n in z.namelist() if n.startswith("xl/charts/chart")]
        assert len(charts) == 1
        xml = z.read(charts[0]).decode()
    assert "'Data Grafik'!$B$3:$B$4" in xml and "<c:barChart>" in xml
    assert write_xlsx(document()) == data  # the same document, the same bytes


def _text(pdf: bytes) -> list[str]:
    """Each page's text, non-breaking spaces read as spaces."""
    return [p.extract_text().replace("\xa0", " ") for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_the_pdf_shows_chapters_figures_the_indonesian_way_and_the_signature() -> None:
    pdf = write_pdf(document(daftar_isi=True))
    pages = _text(pdf)
    whole = "\n".join(pages)
    assert pages[0].startswith("Daftar Isi")
    assert "Bab I Pendahuluan" in pages[0] and "Bab II Capaian" in pages[0]
    assert "PEMERINTAH KABUPATEN CONTOH" not in pages[0]  # the letterhead is on the title page
    assert "PEMERINTAH KABUPATEN CONTOH" in pages[1] and "Laporan Uji Tahun 2025" in pages[1]
    # PisahHalaman: the note is on the next page.
    assert "Catatan kaki." not in pages[1] and "Catatan kaki." in pages[2]
    flat = " ".join(whole.split())
    assert MARKUP in flat  # typed markup is printed, not run
    for figure in ("1.234,5", "1.300", "105,30 %", "1.200", "2 April 2025 09:30", "belum ada data"):
        assert figure in flat, figure
    assert "Dr. Ahmad Contoh, M.Si." in flat and "NIP. 197001011990031001" in flat
    assert "Grafik 1: Capaian per indikator" in flat
    assert f"Halaman 1 dari {len(pages)}" in pages[0]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    (chart_page,) = [p for p, t in zip(reader.pages, pages, strict=True) if "Grafik 1:" in t]
    # The chart is drawn as vectors, from the Vega-Lite spec: its axis title is text.
    assert "Capaian (%)" in pages[next(i for i, t in enumerate(pages) if "Grafik 1:" in t)]
    assert chart_page.mediabox.width > chart_page.mediabox.height  # a landscape section
    assert write_pdf(document(daftar_isi=True)) == pdf  # reproducible, byte for byte


def test_blocks_refuse_rows_and_series_of_the_wrong_length() -> None:
    with pytest.raises(ValueError, match="baris 1 berisi 1 sel"):
        Tabel(KOLOM, [("IKU-01",)], judul="T")
    with pytest.raises(ValueError, match="tidak sepanjang kategori"):
        Grafik("G", ["a", "b"], [Seri("s", [D(1)])], {})


def test_a_long_pdf_is_typeset_in_parts_that_read_as_one_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With parts of 100 cells, the 50-row table below is cut into pieces and the sections
    spread over several parts; the joined PDF still reads as one document: every row once,
    figures numbered across parts, the contents and the bookmarks pointing at the pages where
    the headings are, and "Halaman n dari m" on every page but the cover."""
    from lakip.reports import pdf_writer

    monkeypatch.setattr(pdf_writer, "CELLS_PER_PART", 100)
    kolom = (Kolom("Kode", 10), Kolom("Uraian", 40), Kolom("Nilai", 12, "angka"))
    rows = [(f"KODE-{n:03d}", f"Uraian baris {n}", D(n) + D("0.5")) for n in range(50)]
    chart = Grafik("Capaian", ["IKU-01"], [Seri("Capaian (%)", [D("105.3")])], _spec())
    doc = Dokumen(
        instansi="Dinas Uji",
        judul="Laporan Panjang",
        subjudul="Uji bagian-bagian",
        sampul=True,
        daftar_isi=True,
        bagian=[
            Bagian("Bab I Awal", [Judul("A. Grafik pertama"), chart, Paragraf("Satu.")]),
            Bagian(
                "Bab II Tabel Panjang",
                [
                    Judul("A. Tabel"),
                    Tabel(kolom, rows, judul="Tabel panjang"),
                    Judul("B. Sesudah"),
                    chart,
                ],
                lanskap=True,
            ),
            Bagian("Bab III Akhir", [Paragraf("Penutup.")]),
        ],
    )
    parts = pdf_writer._parts(pdf_writer._payload(doc, Path("/nonexistent"), [])["bagian"],
                              kop=False)  # fmt: skip
    assert len(parts) >= 4  # the table alone takes two parts

    pdf = write_pdf(doc)
    pages = _text(pdf)
    flat = " ".join(" ".join(pages).split())
    for n, (code, uraian, _) in enumerate(rows):  # every row once, none lost at a cut
        assert flat.count(f"{code} {uraian} {n},5") == 1, code
    assert flat.count("Tabel panjang") == 1  # the title once, not on each piece
    assert "Grafik 1: Capaian" in flat and "Grafik 2: Capaian" in flat
    total = len(pages)
    assert "Halaman" not in pages[0]  # the cover
    for n, text in enumerate(pages[1:], start=2):
        assert f"Halaman {n} dari {total}" in text, n

    contents = pages[1]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    marks = {m.title: reader.get_destination_page_number(m) for m in _flat(reader.outline)}
    for title in ("Bab I Awal", "A. Grafik pertama", "Bab II Tabel Panjang", "A. Tabel",
                  "B. Sesudah", "Bab III Akhir"):  # fmt: skip
        where = next(i for i, t in enumerate(pages) if i > 1 and title in t)
        listed = re.search(re.escape(title) + r"[ .]*(\d+)", contents)
        assert listed is not None and int(listed.group(1)) == where + 1, title
        assert marks[title] == where, title
    assert reader.pages[marks["A. Tabel"]].mediabox.width > reader.pages[0].mediabox.width
    assert write_pdf(doc) == pdf  # still the same bytes


def _flat(items: list[object]) -> list[pypdf.generic.Destination]:
    out: list[pypdf.generic.Destination] = []
    for item in items:
        if isinstance(item, list):
            out += _flat(item)
        else:
            assert isinstance(item, pypdf.generic.Destination)
            out.append(item)
    return out


def test_a_pdf_build_interrupted_mid_step_leaves_no_step_running(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The task's soft time limit (or a shutdown) raises while a step runs: the step is killed,
    not left to finish writing on its own."""
    import subprocess

    from lakip.reports import pdf_writer

    started: list[subprocess.Popen[bytes]] = []
    real = subprocess.Popen

    class Interrupted(real):  # type: ignore[misc,valid-type]
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]
            started.append(self)

        def communicate(self, *args: object, **kwargs: object) -> tuple[bytes, bytes]:
            raise RuntimeError("batas waktu lunak")

    monkeypatch.setattr(pdf_writer.subprocess, "Popen", Interrupted)
    with pytest.raises(RuntimeError, match="batas waktu lunak"):
        write_pdf(document())
    assert started and all(p.poll() is not None for p in started)


def test_a_build_removes_the_working_folders_killed_builds_left_and_only_those(
    tmp_path: Path,
) -> None:
    import os

    from lakip.reports import pdf_writer

    now = 1_800_000_000.0
    old = tmp_path / "lakip-pdf-dibunuh"
    old.mkdir()
    (old / "isi-1.json").write_text("{}")
    recent = tmp_path / "lakip-pdf-berjalan"
    recent.mkdir()
    (recent / "isi-1.json").write_text("{}")
    other = tmp_path / "bukan-milik-kita"
    other.mkdir()
    age = pdf_writer.ABANDONED_AFTER + 60
    for path in (old / "isi-1.json", old, other):
        os.utime(path, (now - age, now - age))
    os.utime(recent, (now - age, now - age))  # an old folder whose build still writes in it
    os.utime(recent / "isi-1.json", (now - 10, now - 10))

    assert pdf_writer.remove_abandoned(now, tmp_path) == [old]
    assert not old.exists() and recent.exists() and other.exists()
