"""Quarterly and semester reports built from the demo agency: the workbook read back holds the
figures `capaian` computes for the same periods, the PDF names its chapters, figures the
Indonesian way and the versions it used; a rebuild is a new version with the same figures."""

from __future__ import annotations

import io
from decimal import Decimal

import pypdf
import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from lakip.domain.achievement import round_half_up
from lakip.domain.formatting import format_percent
from lakip.services import report_builds
from lakip.services.access import SISTEM
from lakip.services.achievement import compute_capaian
from lakip.services.demo import seed_demo
from lakip.services.errors import InputTidakValid
from lakip.services.runtime import Runtime
from lakip.store.models import Laporan, LaporanVersi, LogAudit

CAPAIAN_COLUMN = 7  # Kode, Indikator, Satuan, Unit, Target, Realisasi, Capaian, Predikat


@pytest.fixture
def demo(rt: Runtime) -> Runtime:
    seed_demo(rt)
    return rt


def _sheet_figures(data: bytes, sheet: str) -> dict[str, tuple[object, object, object]]:
    """Kode → (target, realisasi, capaian) of the first table on ``sheet``."""
    ws = load_workbook(io.BytesIO(data))[sheet]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Kode")
    out = {}
    for row in ws.iter_rows(min_row=header + 1, values_only=True):
        if not row[0]:
            break
        out[str(row[0])] = (row[4], row[5], row[CAPAIAN_COLUMN - 1])
    return out


def _expected(rt: Runtime, periode: str) -> dict[str, tuple[object, object, object]]:
    def cell(x: Decimal | None, *, pct: bool = False) -> object:
        if x is None:
            return "belum ada data"
        if pct:
            return float(round_half_up(x))
        # Excel keeps 15 significant digits: a mean such as 2,1333… is read back that far.
        return pytest.approx(float(x), rel=1e-14)

    hasil = compute_capaian(rt, SISTEM, 2025, periode)
    return {
        i.kode: (cell(i.target), cell(i.realisasi), cell(i.capaian, pct=True))
        for i in hasil.indikator
    }


def _pdf_text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return " ".join(" ".join(p.extract_text().replace("\xa0", " ").split()) for p in pages)


def test_the_quarterly_report_holds_the_figures_capaian_computes(demo: Runtime) -> None:
    rt = demo
    built = report_builds.compose_report(rt, SISTEM, "triwulan", 2025, "TW2")
    assert (built.nomor, built.xlsx_nama) == (1, "Laporan_triwulan_2025_TW2_v1.xlsx")
    xlsx, pdf = rt.files.get(built.xlsx_sha256), rt.files.get(built.pdf_sha256)

    book = load_workbook(io.BytesIO(xlsx))
    assert book.sheetnames == [
        "Ringkasan", "Capaian Periode", "Capaian s.d. Periode", "Capaian Sasaran",
        "Kendala dan Upaya", "Anggaran", "Sumber Data", "Data Grafik",
    ]  # fmt: skip
    tw2, sd2 = _expected(rt, "TW2"), _expected(rt, "SD2")
    assert _sheet_figures(xlsx, "Capaian Periode") == tw2
    assert _sheet_figures(xlsx, "Capaian s.d. Periode") == sd2
    assert any(v[2] != "belum ada data" for v in tw2.values())

    text = _pdf_text(pdf)
    for chapter in (
        "Laporan Kinerja Triwulan II Tahun 2025",
        "Ringkasan",
        "Capaian Triwulan II",
        "Capaian s.d. Triwulan II Tahun 2025",
        "Capaian Sasaran Strategis",
        "Kendala dan Upaya",
        "Realisasi Anggaran",
        "Sumber Data",
    ):
        assert chapter in text, chapter
    hasil = compute_capaian(rt, SISTEM, 2025, "TW2")
    shown = [format_percent(i.capaian) for i in hasil.indikator if i.capaian is not None]
    assert shown and all(s in text for s in shown), [s for s in shown if s not in text]
    # The report names itself and the submission versions it used.
    assert "Laporan ini adalah versi 1, dibangun pada" in text
    with rt.uow() as s:
        versi = s.get(LaporanVersi, built.laporan_versi_id)
        assert versi is not None and versi.sha256_angka == built.sha256_angka
        assert versi.sumber_versi == list(built.sumber_versi) and versi.sumber_versi
    assert f"dari {len(built.sumber_versi)} versi laporan triwulan berikut" in text


def test_a_rebuild_is_a_new_version_with_the_same_figures(demo: Runtime) -> None:
    rt = demo
    first = report_builds.compose_report(rt, SISTEM, "triwulan", 2025, "TW1")
    second = report_builds.compose_report(rt, SISTEM, "triwulan", 2025, "TW1")
    assert (first.nomor, second.nomor) == (1, 2)
    assert second.sha256_angka == first.sha256_angka
    assert second.sumber_versi == first.sumber_versi
    assert _sheet_figures(rt.files.get(second.xlsx_sha256), "Capaian Periode") == _sheet_figures(
        rt.files.get(first.xlsx_sha256), "Capaian Periode"
    )
    # The first version is still there, with its own files.
    with rt.uow() as s:
        rows = s.scalars(select(LaporanVersi).order_by(LaporanVersi.nomor)).all()
        assert [(v.nomor, v.pdf_sha256) for v in rows] == [
            (1, first.pdf_sha256),
            (2, second.pdf_sha256),
        ]
    assert rt.files.exists(first.pdf_sha256) and rt.files.exists(first.xlsx_sha256)


def test_the_semester_report_sets_its_quarters_side_by_side(demo: Runtime) -> None:
    rt = demo
    built = report_builds.compose_report(rt, SISTEM, "semester", 2025, "S1")
    xlsx = rt.files.get(built.xlsx_sha256)
    assert _sheet_figures(xlsx, "Capaian Periode") == _expected(rt, "S1")
    ws = load_workbook(io.BytesIO(xlsx))["Perbandingan Triwulan"]
    header = [c.value for c in ws[6]]
    assert header == [
        "Kode", "Indikator", "Realisasi Triwulan I", "Capaian Triwulan I",
        "Realisasi Triwulan II", "Capaian Triwulan II", "Capaian Semester I", "Predikat",
    ]  # fmt: skip
    tw1, tw2, s1 = _expected(rt, "TW1"), _expected(rt, "TW2"), _expected(rt, "S1")
    for row in ws.iter_rows(min_row=7, values_only=True):
        if not row[0]:
            break
        kode = str(row[0])
        assert (row[2], row[3]) == (tw1[kode][1], tw1[kode][2]), kode
        assert (row[4], row[5]) == (tw2[kode][1], tw2[kode][2]), kode
        assert row[6] == s1[kode][2], kode
    assert "Perbandingan Triwulan" in _pdf_text(rt.files.get(built.pdf_sha256))


@pytest.mark.parametrize(
    ("jenis", "periode", "pesan"),
    [
        ("semester", "TW1", "Periode laporan semester harus salah satu dari S1, S2"),
        ("triwulan", "S1", "Periode laporan triwulan harus salah satu dari TW1, TW2, TW3, TW4"),
        ("bulanan", "TW1", "Jenis laporan harus triwulan, semester atau tahunan"),
        ("tahunan", "TW4", "Periode laporan tahunan harus salah satu dari TAHUN"),
    ],
)
def test_a_bad_build_request_is_refused_and_changes_nothing(
    demo: Runtime, jenis: str, periode: str | None, pesan: str
) -> None:
    rt = demo
    with rt.uow() as s:
        audit_before = s.scalar(select(func.count()).select_from(LogAudit))
    with pytest.raises(InputTidakValid) as exc:
        report_builds.compose_report(rt, SISTEM, jenis, 2025, periode)
    assert any(pesan in e for e in exc.value.errors), exc.value.errors
    with rt.uow() as s:
        assert s.scalar(select(func.count()).select_from(Laporan)) == 0
        assert s.scalar(select(func.count()).select_from(LogAudit)) == audit_before


def test_the_annual_lkjip_has_its_chapters_comparisons_and_analysis(demo: Runtime) -> None:
    rt = demo
    built = report_builds.compose_report(rt, SISTEM, "tahunan", 2025, None)
    assert built.pdf_nama == "Laporan_tahunan_2025_TAHUN_v1.pdf"
    xlsx, pdf = rt.files.get(built.xlsx_sha256), rt.files.get(built.pdf_sha256)
    year = _expected(rt, "TAHUN")
    assert _sheet_figures(xlsx, "Bab III Akuntabilitas") == year

    pages = [
        " ".join(p.extract_text().replace("\xa0", " ").split())
        for p in pypdf.PdfReader(io.BytesIO(pdf)).pages
    ]
    assert pages[0].startswith("Laporan Kinerja Instansi Pemerintah Tahun 2025")
    assert pages[1].startswith("Daftar Isi")
    text = " ".join(pages)
    for chapter in (
        "Kata Pengantar", "Ikhtisar Eksekutif", "Bab I Pendahuluan", "Bab II Perencanaan Kinerja",
        "Bab III Akuntabilitas Kinerja", "Bab IV Penutup", "Lampiran 1 Rencana Aksi",
        "Lampiran 2 Realisasi Triwulan", "Lampiran 3 Sumber Data",
    ):  # fmt: skip
        assert chapter in pages[1], chapter  # in the table of contents
        assert text.count(chapter) >= 2, chapter  # and as a chapter
    for comparison in (
        "1. Target dan realisasi Tahun 2025",
        "2. Perbandingan dengan tahun-tahun sebelumnya",
        "3. Kemajuan terhadap target akhir Renstra",
        "4. Perbandingan dengan standar nasional",
        "5. Analisis penyebab keberhasilan atau kegagalan",
        "6. Efisiensi penggunaan sumber daya",
        "7. Program yang mendukung",
        "B. Realisasi anggaran",
    ):
        assert comparison in text, comparison
    hasil = compute_capaian(rt, SISTEM, 2025, "TAHUN")
    missed = [i for i in hasil.indikator if i.capaian is not None and i.capaian < 100]
    assert missed, "the demo has indicators below target"
    for i in missed:  # each has its drafted paragraph, with its own figures
        assert f"Indikator {i.nama} ({i.kode}) pada Tahun 2025" in text, i.kode
        assert f"capaiannya {format_percent(i.capaian)}" in text, i.kode
    for s in hasil.sasaran:
        assert f"({s.kode}) pada Tahun 2025 diukur dengan" in text, s.kode
    # Comparison 3: the realization against the Renstra final target, by the one rule.
    from lakip.domain.achievement import achievement
    from lakip.store.models import Indikator

    with rt.uow() as s:
        renstra = dict(s.execute(select(Indikator.kode, Indikator.target_akhir_renstra)).all())
    progress = [
        format_percent(achievement(renstra[i.kode], i.realisasi, i.polaritas))
        for i in hasil.indikator
        if renstra.get(i.kode) and i.realisasi is not None
    ]
    assert progress and all(p in text for p in progress), [p for p in progress if p not in text]
    # Signed by the head of agency, and saying which versions it used.
    assert "NIP." in text and "Laporan ini adalah versi 1, dibangun pada" in text
    # What it still lacks: the drafts nobody reviewed yet (every objective with figures, every
    # indicator below target), the indicators with no realization for the year, by code.
    drafts, no_realization = built.kekurangan[:2]
    reviewable = [f"sasaran {s.kode}" for s in hasil.sasaran if s.capaian is not None] + [
        f"indikator {i.kode}" for i in hasil.indikator if i.capaian is not None and i.capaian < 100
    ]
    assert drafts == (
        "Analisis yang masih berupa draf otomatis, belum ditinjau penyusun: "
        + ", ".join(reviewable)
        + "."
    )
    no_data = sorted(i.kode for i in hasil.indikator if i.realisasi is None)
    assert no_realization == f"Indikator tanpa realisasi tahun 2025: {', '.join(no_data)}."


def test_a_build_that_lost_the_race_for_its_version_number_builds_the_next(
    demo: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    rt = demo
    first = report_builds.compose_report(rt, SISTEM, "triwulan", 2025, "TW1")
    real = report_builds._next_number
    calls: list[int] = []

    def stale(session, laporan):  # type: ignore[no-untyped-def]
        # The first read sees the report as it was before `first` committed: it takes v1 too.
        n = 1 if not calls else real(session, laporan)
        calls.append(n)
        return n

    monkeypatch.setattr(report_builds, "_next_number", stale)
    second = report_builds.compose_report(rt, SISTEM, "triwulan", 2025, "TW1")
    assert calls == [1, 2] and second.nomor == 2
    text = _pdf_text(rt.files.get(second.pdf_sha256))
    assert "Laporan ini adalah versi 2, dibangun pada" in text  # laid out with its own number
    with rt.uow() as s:
        rows = s.execute(
            select(LaporanVersi.nomor, LaporanVersi.pdf_sha256).order_by(LaporanVersi.nomor)
        ).all()
    assert [tuple(r) for r in rows] == [(1, first.pdf_sha256), (2, second.pdf_sha256)]
