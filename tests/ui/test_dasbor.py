"""Dasbor Kinerja on the demo agency: the figures it shows are the ones `capaian` computes,
the filters change them and land in the query string, and the early warning lists exactly the
indicators the projection says will miss."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lakip.config import load_settings
from lakip.domain.achievement import achievement
from lakip.domain.formatting import format_percent
from lakip.domain.projection import project_year_end
from lakip.services.access import SISTEM
from lakip.services.achievement import compute_capaian
from lakip.services.demo import seed_demo
from lakip.services.runtime import Runtime, build_runtime
from lakip.services.signin import login
from tests.ui.conftest import APP, runtime_on_a_copy
from tests.ui.test_unggah import frame
from ui.session import AKTIVITAS, AKTOR
from ui.tables import DASBOR_INDIKATOR


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("demo") / "data"
    rt = build_runtime(load_settings({"LAKIP_DATA_DIR": str(data)}))
    seed_demo(rt)
    rt.engine.dispose()
    return data


@pytest.fixture
def demo(demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Runtime]:
    """The demo agency, copied for this test."""
    yield from runtime_on_a_copy(demo_dir, tmp_path, monkeypatch)


def signed_in(rt: Runtime, username: str, query: dict[str, str] | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=60)
    for k, v in (query or {}).items():
        app.query_params[k] = v
    app.session_state[AKTOR] = login(rt, username, f"demo-{username}")
    app.session_state[AKTIVITAS] = datetime.now(UTC)
    app.run()
    assert not app.exception, app.exception
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in app.metric}


def test_the_kepala_dinas_lands_on_the_dashboard_and_its_figures_are_capaian(demo: Runtime) -> None:
    app = signed_in(demo, "kadis", {"tahun": "2025", "periode": "TW2"})
    assert app.title[0].value == "Dasbor Kinerja"
    hasil = compute_capaian(demo, SISTEM, 2025, "TW2")
    table = frame(app, DASBOR_INDIKATOR)
    assert table["Kode"].tolist() == [i.kode for i in hasil.indikator]
    assert table["Capaian"].tolist() == [format_percent(i.capaian) for i in hasil.indikator]
    assert table["Predikat"].tolist() == [
        i.predikat.value if i.predikat else "belum ada data" for i in hasil.indikator
    ]
    objectives = [s.capaian for s in hasil.sasaran if s.capaian is not None]
    overall = sum(objectives) / len(objectives)
    shown = metrics(app)
    assert shown["Capaian keseluruhan"] == format_percent(overall)
    met = sum(1 for s in hasil.sasaran if s.capaian is not None and s.capaian >= 100)
    assert shown["Sasaran mencapai target"] == f"{met} dari {len(hasil.sasaran)}"
    with_data = sum(1 for i in hasil.indikator if i.realisasi is not None)
    assert shown["Kelengkapan data"] == format_percent(
        Decimal(100 * with_data) / len(hasil.indikator)
    )
    # Progress toward the annual target: the year to date (s.d. TW II) against the PK target.
    ytd = {i.kode: i for i in compute_capaian(demo, SISTEM, 2025, "SD2").indikator}
    year = {i.kode: i for i in compute_capaian(demo, SISTEM, 2025, "TAHUN").indikator}
    progress = [
        format_percent(achievement(year[i.kode].target, ytd[i.kode].realisasi, i.polaritas))
        for i in hasil.indikator
    ]
    assert table["Kemajuan thd target tahunan"].tolist() == progress
    assert any(p != "belum ada data" for p in progress)


def test_filters_change_the_figures_and_land_in_the_query_string(demo: Runtime) -> None:
    app = signed_in(demo, "sekretaris", {"tahun": "2025", "periode": "TW2"})
    assert app.title[0].value == "Dasbor Kinerja"  # the Sekretaris's first page too
    everything = metrics(app)["Capaian keseluruhan"]
    app.selectbox(key="dasbor_sasaran").set_value("SS-02").run()
    assert not app.exception, app.exception
    assert app.query_params["sasaran"] == ["SS-02"] or app.query_params["sasaran"] == "SS-02"
    hasil = compute_capaian(demo, SISTEM, 2025, "TW2")
    own = [i for i in hasil.indikator if i.kode_sasaran == "SS-02"]
    table = frame(app, DASBOR_INDIKATOR)
    assert table["Kode"].tolist() == [i.kode for i in own]
    (ss02,) = [s for s in hasil.sasaran if s.kode == "SS-02"]
    assert metrics(app)["Capaian keseluruhan"] == format_percent(ss02.capaian)
    assert metrics(app)["Capaian keseluruhan"] != everything

    app.selectbox(key="dasbor_periode").set_value("TW1").run()
    q = {k: (v[0] if isinstance(v, list) else v) for k, v in dict(app.query_params).items()}
    assert {k: q[k] for k in ("tahun", "periode", "sasaran")} == {
        "tahun": "2025", "periode": "TW1", "sasaran": "SS-02",
    }  # fmt: skip
    assert "unit" not in q  # an unused filter stays out of the link
    tw1 = [
        i for i in compute_capaian(demo, SISTEM, 2025, "TW1").indikator if i.kode_sasaran == "SS-02"
    ]
    assert frame(app, DASBOR_INDIKATOR)["Capaian"].tolist() == [
        format_percent(i.capaian) for i in tw1
    ]

    # The link reopens the same view.
    again = signed_in(demo, "sekretaris", {"tahun": "2025", "periode": "TW1", "sasaran": "SS-02"})
    assert frame(again, DASBOR_INDIKATOR)["Kode"].tolist() == [i.kode for i in tw1]


def test_the_early_warning_lists_the_indicators_projected_to_miss(demo: Runtime) -> None:
    app = signed_in(demo, "kadis", {"tahun": "2025", "periode": "SD3"})
    quarters = [
        {i.kode: i for i in compute_capaian(demo, SISTEM, 2025, f"TW{q}").indikator}
        for q in (1, 2, 3, 4)
    ]
    year = compute_capaian(demo, SISTEM, 2025, "TAHUN")
    expected = []
    for i in year.indikator:
        rows = [q.get(i.kode) for q in quarters]
        p = project_year_end(
            i.agregasi, i.polaritas,
            [r.realisasi if r else None for r in rows], [r.target if r else None for r in rows],
            i.target,
        )  # fmt: skip
        if p.akan_tercapai is False:
            expected.append((p.capaian, i.kode))
    assert expected, "the demo has indicators that will miss"
    warning = frame(
        app,
        ["Kode", "Indikator", "Unit", "Target tahunan", "Proyeksi akhir tahun",
         "Proyeksi capaian", "Diproyeksikan dari"],
    )  # fmt: skip
    assert warning["Kode"].tolist() == [k for _, k in sorted(expected)]
    assert set(warning["Diproyeksikan dari"]) == {"TW 3"}  # 2025 has TW I–III in the demo
    assert metrics(app)["Indikator berisiko"] == str(len(expected))
    assert any(f"{len(expected)} indikator diproyeksikan tidak mencapai" in w.value
               for w in app.warning)  # fmt: skip


def test_the_table_downloads_as_excel_and_each_chart_as_png(demo: Runtime) -> None:
    import io

    from openpyxl import load_workbook
    from PIL import Image

    from lakip.domain.achievement import round_half_up
    from lakip.reports.charts import TitikCapaian, capaian_chart, chart_png, spec_of
    from lakip.services import dashboard

    app = signed_in(demo, "kadis", {"tahun": "2025", "periode": "TW2"})
    labels = [b.label for b in app.get("download_button")]
    assert labels.count("Unduh Excel") == 1 and labels.count("Unduh PNG") == 4

    d = dashboard.read_dashboard(demo, SISTEM, 2025, "TW2")
    ws = load_workbook(io.BytesIO(d.workbook("Dinas Uji", "Dasbor Kinerja")))["Dasbor"]
    header = next(r for r in range(1, 20) if ws.cell(r, 1).value == "Kode")
    names = [c.value for c in ws[header]]
    got = {
        row[0]: row[names.index("Capaian")]
        for row in ws.iter_rows(min_row=header + 1, values_only=True)
        if row[0]
    }
    hasil = compute_capaian(demo, SISTEM, 2025, "TW2")
    assert got == {
        i.kode: float(round_half_up(i.capaian)) if i.capaian is not None else "belum ada data"
        for i in hasil.indikator
    }
    chart = capaian_chart([TitikCapaian(s.kode, s.nama, s.capaian, None) for s in d.sasaran])
    assert chart is not None
    png = chart_png(spec_of(chart))
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG" and image.width >= 1800  # 900 CSS pixels drawn at twice


def test_drill_down_from_an_indicator_to_its_quarters_notes_and_source_versions(
    demo: Runtime,
) -> None:
    from lakip.services import history

    app = signed_in(demo, "kadis", {"tahun": "2025", "periode": "SD3", "indikator": "IKU-01"})
    assert app.selectbox(key="dasbor_indikator").value == "IKU-01"
    quarters = frame(app, ["Triwulan", "Target", "Realisasi", "Capaian"])
    expected = []
    for q in (1, 2, 3, 4):
        (i,) = [x for x in compute_capaian(demo, SISTEM, 2025, f"TW{q}").indikator
                if x.kode == "IKU-01"]  # fmt: skip
        expected.append(format_percent(i.capaian))
    assert quarters["Capaian"].tolist() == expected
    assert quarters["Triwulan"].tolist() == ["Triwulan I", "Triwulan II", "Triwulan III",
                                             "Triwulan IV"]  # fmt: skip
    versions = frame(
        app, ["Triwulan", "Versi", "Berlaku", "Diunggah oleh", "Waktu unggah", "Nama berkas"]
    )
    (ind,) = [i for i in compute_capaian(demo, SISTEM, 2025, "TW1").indikator
              if i.kode == "IKU-01"]  # fmt: skip
    first_quarter = history.list_versions(demo, SISTEM, ind.kode_unit, 2025, 1)
    shown = versions[versions["Triwulan"] == "Triwulan I"]
    assert shown["Nama berkas"].tolist() == [v.nama_berkas for v in first_quarter]
    assert set(versions["Triwulan"]) == {"Triwulan I", "Triwulan II", "Triwulan III"}

    app.selectbox(key="dasbor_indikator").set_value("IKU-02").run()
    q = app.query_params["indikator"]
    assert (q[0] if isinstance(q, list) else q) == "IKU-02"


def test_the_units_punctuality_counts_on_time_late_and_missing_first_uploads(
    demo: Runtime,
) -> None:
    from datetime import date

    from sqlalchemy import select

    from lakip.store.models import PutaranPengumpulan

    with demo.uow() as s:
        tw1 = s.scalars(
            select(PutaranPengumpulan).where(
                PutaranPengumpulan.tahun == 2025, PutaranPengumpulan.triwulan == 1
            )
        ).one()
        tw1.batas_waktu = date(2025, 1, 1)  # every TW I report came after this: late
        s.add(PutaranPengumpulan(tahun=2025, triwulan=4, batas_waktu=date(2025, 1, 2),
                                 status="ditutup"))  # fmt: skip  # past, nobody sent one
        s.commit()
    app = signed_in(demo, "kadis", {"tahun": "2025", "periode": "SD3"})
    table = frame(app, ["Unit", "Tepat waktu", "Terlambat", "Belum mengirim", "Putaran",
                        "Ketepatan"])  # fmt: skip
    assert len(table) == 8  # the demo's units with indicators
    assert table[["Tepat waktu", "Terlambat", "Belum mengirim", "Putaran", "Ketepatan"]].drop_duplicates().values.tolist() == [
        [2, 1, 1, 4, "50,00 %"]
    ]  # fmt: skip


def test_a_new_upload_shows_on_the_next_rerun_the_cache_does_not_hide_it(demo: Runtime) -> None:
    from lakip.services.submissions import submit_quarter
    from lakip.services.templates import template_for
    from tests.integration.helpers import fill_template

    app = signed_in(demo, "kadis", {"tahun": "2025", "periode": "TW3"})
    before = frame(app, DASBOR_INDIKATOR).set_index("Kode")
    (ind,) = [i for i in compute_capaian(demo, SISTEM, 2025, "TW3").indikator
              if i.kode == "IKU-04"]  # fmt: skip
    assert before.loc["IKU-04", "Capaian"] == format_percent(ind.capaian)
    name, template = template_for(demo, SISTEM, ind.kode_unit, 2025, 3)
    submit_quarter(demo, SISTEM, fill_template(template, {"IKU-04": "15,5"}), name)  # = target

    app.run()  # as the next click would
    after = frame(app, DASBOR_INDIKATOR).set_index("Kode")
    assert after.loc["IKU-04", "Capaian"] == "100,00 %" != before.loc["IKU-04", "Capaian"]


def test_the_table_lights_each_indicator_by_its_predicate(demo: Runtime) -> None:
    app = signed_in(demo, "kadis", {"tahun": "2025", "periode": "SD3"})
    table = frame(app, DASBOR_INDIKATOR)
    light = {"Sangat Tinggi": "🟢", "Tinggi": "🟡", "Sedang": "🟡", "Rendah": "🔴",
             "Sangat Rendah": "🔴", "belum ada data": "⚪"}  # fmt: skip
    assert table["Lampu"].tolist() == [light[p] for p in table["Predikat"]]
    missing = table[table["Proyeksi"].str.contains("tidak tercapai")]
    assert len(missing) == int(metrics(app)["Indikator berisiko"]) > 0
    assert all(p.startswith("⚠") for p in missing["Proyeksi"])


def test_a_filter_that_leaves_the_chosen_values_out_falls_back_to_all(demo: Runtime) -> None:
    app = signed_in(demo, "kadis", {"tahun": "2025", "periode": "SD3", "indikator": "IKU-12"})
    app.selectbox(key="dasbor_sasaran").set_value("SS-01").run()  # IKU-12 is not an SS-01 one
    assert not app.exception, app.exception
    table = frame(app, DASBOR_INDIKATOR)
    assert set(table["Sasaran"]) == {"SS-01"}
    assert app.selectbox(key="dasbor_indikator").value in set(table["Kode"])
    app.selectbox(key="dasbor_tahun").set_value("2024").run()  # 2024 has its own objectives
    assert not app.exception, app.exception
