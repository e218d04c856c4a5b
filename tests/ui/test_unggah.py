"""The upload page with real workbooks: a filled template is accepted as a new version, a bad
one is refused with every error at its cell, and the quarter's figures follow."""

from __future__ import annotations

import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lakip.services.access import SISTEM, Aktor
from lakip.services.history import list_versions
from lakip.services.runtime import Runtime
from lakip.services.templates import template_for
from tests.integration.helpers import fill_template
from tests.ui.conftest import aktor_of, logged_in
from tests.ui.seed import TAHUN, UNIT_A, UNIT_B, cell_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def staf(rt: Runtime) -> Aktor:
    return aktor_of(rt, "stafa")


@pytest.fixture
def page(app: AppTest, staf: Aktor) -> AppTest:
    logged_in(app, staf)
    return app.switch_page("pages/unggah.py").run()


def button(at: AppTest, label: str):  # type: ignore[no-untyped-def]
    return next(b for b in at.button if b.label == label)


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, data, XLSX))
    return button(at, "Unggah").click().run()


def _as_shown(value: object) -> object:
    # st.table cells are Markdown; the page escapes workbook text, a reader sees it unescaped.
    return re.sub(r"\\(.)", r"\1", value) if isinstance(value, str) else value


def frame(at: AppTest, columns: list[str]) -> pd.DataFrame:
    """The table (st.dataframe or st.table) on the page with exactly these columns, as read."""
    for df in [*at.dataframe, *at.table]:
        value = df.value
        if list(value.columns) == columns:
            return value.map(_as_shown) if df.type == "table" else value
    raise AssertionError(f"no table with columns {columns}")


VERSI = ["Versi", "Diunggah oleh", "Waktu unggah", "Nama berkas", "Realisasi terisi", "Catatan"]
CAPAIAN = [
    "Kode",
    "Indikator",
    "Satuan",
    "Target",
    "Realisasi",
    "Capaian",
    "Predikat",
]


def test_staf_unit_sees_only_its_unit_and_the_template_button(page: AppTest) -> None:
    assert not page.exception
    assert page.title[0].value == "Unggah Laporan Triwulan"
    unit = page.selectbox(key="unggah_unit")
    assert unit.options == [f"{UNIT_A} — Bidang Pelayanan"] and unit.disabled
    assert page.selectbox(key="unggah_tahun").value == TAHUN
    assert page.selectbox(key="unggah_tw").value == 1
    assert [d.label for d in page.download_button] == ["Unduh template"]
    assert page.file_uploader[0].allowed_type == [".xlsx"]
    assert "Belum ada laporan yang diunggah untuk triwulan ini." in [c.value for c in page.caption]


def test_filled_template_is_accepted_and_shows_version_history_and_figures(
    page: AppTest, rt: Runtime, staf: Aktor
) -> None:
    name, template = template_for(rt, staf, UNIT_A, TAHUN, 1)
    upload(page, name, fill_template(template, {"IK-01": 95.5}))
    assert not page.exception and not page.error
    assert len(page.success) == 1
    assert "diterima dan disimpan sebagai versi 1" in page.success[0].value
    assert "1 realisasi terisi, 1 belum ada data" in page.success[0].value

    versions = frame(page, VERSI)
    assert versions["Versi"].tolist() == ["1 (terbaru)"]
    assert versions["Diunggah oleh"].tolist() == ["Siti Staf A"]
    assert versions["Nama berkas"].tolist() == [name]
    assert versions["Realisasi terisi"].tolist() == [1]
    assert [d.label for d in page.download_button] == ["Unduh template", "Unduh versi 1"]

    figures = frame(page, CAPAIAN).set_index("Kode")
    assert figures.loc["IK-01", ["Target", "Realisasi", "Capaian", "Predikat"]].tolist() == [
        "100",
        "95,5",
        "95,50 %",
        "Sangat Tinggi",
    ]
    # A realization left empty is missing, never zero.
    assert figures.loc["IK-02", ["Realisasi", "Capaian", "Predikat"]].tolist() == [
        "belum ada data",
        "belum ada data",
        "belum ada data",
    ]
    assert "IK-03" not in figures.index  # another unit's indicator

    # A second upload is a new version; both are kept, newest first.
    upload(page, "perbaikan.xlsx", fill_template(template, {"IK-01": 80, "IK-02": 12}))
    assert "sebagai versi 2" in page.success[0].value
    assert frame(page, VERSI)["Versi"].tolist() == ["2 (terbaru)", "1"]
    figures = frame(page, CAPAIAN).set_index("Kode")
    assert figures.loc["IK-01", "Capaian"] == "80,00 %"
    assert figures.loc["IK-01", "Predikat"] == "Tinggi"
    assert figures.loc["IK-02", "Capaian"] == "80,00 %"  # negative: (2 − 12/10) × 100
    assert [v.nomor for v in list_versions(rt, staf, UNIT_A, TAHUN, 1)] == [2, 1]


def test_bad_workbook_is_refused_with_every_error_at_its_cell(
    page: AppTest, rt: Runtime, staf: Aktor
) -> None:
    name, template = template_for(rt, staf, UNIT_A, TAHUN, 1)
    upload(page, name, fill_template(template, {"IK-01": "sembilan puluh", "IK-02": "-"}))
    assert not page.exception and not page.success
    errors = frame(page, ["Lokasi", "Masalah"])
    assert page.error[0].value == (
        "Berkas ditolak; tidak ada data yang disimpan. "
        f"Perbaiki {len(errors)} kesalahan berikut lalu unggah kembali."
    )
    places = errors["Lokasi"].tolist()
    assert f"Realisasi Kinerja!{cell_of(template, 'IK-01')}" in places
    row = errors[errors["Lokasi"] == f"Realisasi Kinerja!{cell_of(template, 'IK-01')}"]
    assert "sembilan puluh" in row["Masalah"].iloc[0]
    assert list_versions(rt, staf, UNIT_A, TAHUN, 1) == []


def test_not_an_excel_file_is_refused_with_a_message(
    page: AppTest, rt: Runtime, staf: Aktor
) -> None:
    upload(page, "laporan.xlsx", b"ini bukan berkas excel")
    assert not page.exception and not page.success
    assert page.error[0].value.startswith("Berkas ditolak; tidak ada data yang disimpan.")
    assert list_versions(rt, staf, UNIT_A, TAHUN, 1) == []


def test_workbook_of_another_unit_is_refused_to_a_staf_unit(
    page: AppTest, rt: Runtime, staf: Aktor
) -> None:
    name, template = template_for(rt, SISTEM, UNIT_B, TAHUN, 1)
    upload(page, name, fill_template(template, {"IK-03": 70}))
    assert not page.success
    assert any("hanya dapat" in e.value and UNIT_B in e.value for e in page.error)
    assert list_versions(rt, SISTEM, UNIT_B, TAHUN, 1) == []


def test_program_staff_may_upload_for_any_unit_and_the_page_follows_the_workbook(
    app: AppTest, rt: Runtime
) -> None:
    logged_in(app, aktor_of(rt, "penyusun"))
    app.switch_page("pages/unggah.py").run()
    assert len(app.selectbox(key="unggah_unit").options) == 2
    name, template = template_for(rt, SISTEM, UNIT_B, TAHUN, 2)
    upload(app, name, fill_template(template, {"IK-03": 85}))
    assert "Bidang Data Triwulan II Tahun 2025" in app.success[0].value
    assert app.selectbox(key="unggah_unit").value == UNIT_B
    assert app.selectbox(key="unggah_tw").value == 2
    figures = frame(app, CAPAIAN).set_index("Kode")
    assert figures.loc["IK-03", ["Target", "Realisasi", "Capaian"]].tolist() == [
        "85",
        "85",
        "100,00 %",
    ]


def test_several_files_at_once_give_one_result_line_each(app: AppTest, rt: Runtime) -> None:
    """Program staff who received the units' workbooks by e-mail upload them in one go: each
    file is its own all-or-nothing import, one line each; a rejected one stores nothing and
    stops none of the others."""
    logged_in(app, aktor_of(rt, "penyusun"))
    app.switch_page("pages/unggah.py").run()
    name_a, template_a = template_for(rt, SISTEM, UNIT_A, TAHUN, 3)
    name_b, template_b = template_for(rt, SISTEM, UNIT_B, TAHUN, 3)
    app.file_uploader[0].set_value(
        [
            (name_a, fill_template(template_a, {"IK-01": 90, "IK-02": 7}), XLSX),
            ("rusak.xlsx", fill_template(template_b, {"IK-03": "tujuh puluh"}), XLSX),
            (name_b, fill_template(template_b, {"IK-03": 70}), XLSX),
        ]
    )
    button(app, "Unggah").click().run()

    assert not app.exception
    assert app.warning[0].value.startswith("2 dari 3 berkas diterima.")
    lines = frame(app, ["Berkas", "Hasil", "Keterangan"])
    assert lines["Berkas"].tolist() == [name_a, "rusak.xlsx", name_b]
    assert lines["Hasil"].tolist() == ["Diterima", "Ditolak", "Diterima"]
    assert lines["Keterangan"][0] == (
        f"{UNIT_A} · {TAHUN} Triwulan III · versi 1: 2 realisasi terisi, 0 belum ada data"
    )
    assert f"Realisasi Kinerja!{cell_of(template_b, 'IK-03')}" in lines["Keterangan"][1]
    assert "tujuh puluh" in lines["Keterangan"][1]
    assert lines["Keterangan"][2].startswith(f"{UNIT_B} · {TAHUN} Triwulan III · versi 1:")
    # The rejected file's every error is one click away; it stored nothing.
    assert any(e.label.startswith("Kesalahan pada rusak.xlsx") for e in app.expander)
    assert [v.nomor for v in list_versions(rt, SISTEM, UNIT_A, TAHUN, 3)] == [1]
    assert [v.nomor for v in list_versions(rt, SISTEM, UNIT_B, TAHUN, 3)] == [1]
