"""Dasbor Kinerja: the Kepala Dinas's and the Sekretaris's first page. Headline figures for a
year and period, achievement per objective and indicator coloured by predicate, the early
warning (indicators projected to miss their annual target), trends across quarters and years,
efficiency per objective. The filters live in the URL's query string, so a view can be shared.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import altair as alt
import streamlit as st

from lakip.domain.formatting import BELUM_ADA_DATA, format_count, format_number, format_percent
from lakip.domain.periods import ALL_PERIODS, QUARTERS, quarter_label
from lakip.domain.roles import Izin
from lakip.reports.capaian_doc import PER_SASARAN_FROM
from lakip.reports.charts import (
    TitikCapaian,
    capaian_chart,
    chart_png,
    predicate_count_chart,
    series_chart,
    spec_of,
)
from lakip.services import dashboard, history
from lakip.services.access import Aktor
from lakip.services.errors import LakipError
from lakip.services.overview import summarize_overview
from ui.feedback import show_error
from ui.guard import require_page
from ui.login import agency_name
from ui.runtime import get_runtime
from ui.selectors import filter_from_query, initial_quarter, year_choices
from ui.tables import (
    format_figure,
    tabulate_dasbor,
    tabulate_efisiensi,
    tabulate_ketepatan,
    tabulate_peringatan,
    tabulate_riwayat_triwulan,
    tabulate_versi_sumber,
)

aktor = require_page(Izin.LIHAT_DASBOR, "dasbor")
rt = get_runtime()
st.title("Dasbor Kinerja")

SEMUA = ""
LABEL_PERIODE = {p.kode: p.label for p in ALL_PERIODS}


@st.cache_data(ttl=3600, max_entries=32, show_spinner="Menghitung capaian…")
def read(
    versi: tuple[int, int, int], pengguna: int | None, tahun: int, periode: str, _aktor: Aktor
) -> dashboard.Dasbor:
    """The dashboard of a year and period, cached until the data changes (``versi``: a new
    upload, a plan or budget import) for this user; filters narrow it without a new read."""
    return dashboard.read_dashboard(get_runtime(), _aktor, tahun, periode)


info = summarize_overview(rt, aktor)
years = year_choices(info)
tahun_awal, tw_awal = initial_quarter(info, years)
query = st.query_params
asked = query.to_dict()  # the link's view, read before the page rewrites the query string


def from_query(key: str, name: str, choices: list[str], default: str) -> None:
    filter_from_query(asked, key, name, choices, default)


c_tahun, c_periode, c_sasaran, c_unit = st.columns([1, 2, 3, 3])
year_codes = [str(y) for y in years]
from_query("dasbor_tahun", "tahun", year_codes, str(tahun_awal))
tahun = int(c_tahun.selectbox("Tahun", year_codes, key="dasbor_tahun"))
period_codes = [p.kode for p in ALL_PERIODS]
from_query("dasbor_periode", "periode", period_codes, f"SD{tw_awal}")
periode = str(
    c_periode.selectbox(
        "Periode", period_codes, format_func=LABEL_PERIODE.__getitem__, key="dasbor_periode"
    )
)
try:
    versi = dashboard.data_version(rt, aktor)
    semua = read(versi, aktor.id, tahun, periode, aktor)
except LakipError as exc:
    show_error(exc)
    st.stop()
sasaran_nama = {s.kode: s.nama for s in semua.sasaran}
unit_nama = {i.kode_unit: i.nama_unit for i in semua.indikator}
from_query("dasbor_sasaran", "sasaran", [SEMUA, *sasaran_nama], SEMUA)
from_query("dasbor_unit", "unit", [SEMUA, *sorted(unit_nama)], SEMUA)
sasaran = c_sasaran.selectbox(
    "Sasaran strategis",
    [SEMUA, *sasaran_nama],
    format_func=lambda k: "Semua sasaran" if k == SEMUA else f"{k} — {sasaran_nama[k]}",
    key="dasbor_sasaran",
)
unit = c_unit.selectbox(
    "Unit",
    [SEMUA, *sorted(unit_nama)],
    format_func=lambda k: "Semua unit" if k == SEMUA else unit_nama[k],
    key="dasbor_unit",
)
filters = {"tahun": str(tahun), "periode": periode, "sasaran": sasaran, "unit": unit}
query.from_dict({k: v for k, v in filters.items() if v})  # the view, shareable as a link

d = semua.narrowed(sasaran or None, unit or None)
judul = f"{d.periode.label} Tahun {tahun}"
if not d.indikator:
    st.info(f"Belum ada indikator dengan target untuk pilihan ini ({judul}).")
    st.stop()

berisiko = d.berisiko
m = st.columns(5)
m[0].metric("Capaian keseluruhan", format_percent(d.capaian_keseluruhan))
m[1].metric(
    "Sasaran mencapai target",
    f"{format_count(d.sasaran_tercapai)} dari {format_count(len(d.sasaran))}",
)
m[2].metric("Indikator berisiko", format_count(len(berisiko)), help="Diproyeksikan tidak "
            "mencapai target tahunan dari triwulan yang sudah berdata.")  # fmt: skip
m[3].metric("Kelengkapan data", format_percent(d.kelengkapan))
m[4].metric("Serapan anggaran", format_percent(d.serapan), help="Realisasi s.d. periode ini "
            "terhadap pagu tahun berjalan.")  # fmt: skip
st.caption(f"{judul} · {len(d.indikator)} indikator · {len(d.sasaran)} sasaran strategis")

st.subheader("Peringatan dini")
if berisiko:
    st.warning(
        f"{format_count(len(berisiko))} indikator diproyeksikan tidak mencapai target "
        "tahunan (proyeksi menurut sifat indikatornya dari triwulan yang sudah berdata)."
    )
    st.dataframe(tabulate_peringatan(berisiko), hide_index=True, width="stretch")
elif any(i.proyeksi.akan_tercapai is not None for i in d.indikator):
    st.success("Semua indikator diproyeksikan mencapai target tahunan.")
else:
    st.info("Belum ada triwulan berdata untuk membuat proyeksi.")


def draw(chart: alt.TopLevelMixin | None, kosong: str, nama: str) -> None:
    """A chart from lakip/reports (the specs the PDF reports draw) with its PNG download, or
    why there is none."""
    if chart is None:
        st.info(kosong)
        return
    spec = spec_of(chart)
    st.vega_lite_chart(spec, width="stretch")
    st.download_button(
        "Unduh PNG",
        data=lambda: chart_png(spec),  # drawn only when asked for
        file_name=f"{nama}_{tahun}_{periode}.png",
        mime="image/png",
        icon=":material/image:",
        on_click="ignore",
        key=f"png_{nama}",
    )


c_s, c_i = st.columns(2)
with c_s:
    st.markdown("**Capaian per sasaran strategis**")
    titik = [
        TitikCapaian(s.kode, s.nama, s.capaian, s.predikat.value if s.predikat else None)
        for s in d.sasaran
    ]
    draw(capaian_chart(titik), "Belum ada capaian sasaran.", "Capaian_Sasaran")
with c_i:
    if len(d.indikator) < PER_SASARAN_FROM:
        st.markdown("**Capaian per indikator**")
        titik = [
            TitikCapaian(i.kode, i.nama, i.capaian, i.predikat.value if i.predikat else None)
            for i in d.indikator
        ]
        draw(capaian_chart(titik), "Belum ada capaian indikator.", "Capaian_Indikator")
    else:  # a chart of a thousand bars reads as nothing: how many have each predicate
        st.markdown("**Sebaran predikat indikator** (pilih satu sasaran untuk per indikator)")
        jumlah = Counter(i.predikat.value if i.predikat else BELUM_ADA_DATA for i in d.indikator)
        draw(predicate_count_chart(jumlah), "Belum ada indikator.", "Sebaran_Predikat")

st.subheader("Indikator kinerja")
st.dataframe(tabulate_dasbor(d.indikator), hide_index=True, width="stretch")
st.download_button(
    "Unduh Excel",
    data=lambda: d.workbook(agency_name(), f"Dasbor Kinerja {judul}"),
    file_name=f"Dasbor_{tahun}_{periode}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/download:",
    on_click="ignore",
    key="dasbor_xlsx",
)


def _series(
    rows: list[tuple[int, str, Decimal | None]],
    label: str,
    name: Callable[[int], str],
    nama: str,
) -> None:
    """Grouped bars: each objective's achievement, one series per quarter or year."""
    kode = [s.kode for s in d.sasaran]
    keys = list(dict.fromkeys(k for k, _, _ in rows))
    values = {(k, s): v for k, s, v in rows}
    series = [(name(k), [values.get((k, s)) for s in kode]) for k in keys]
    draw(series_chart(kode, series), f"Belum ada capaian {label}.", nama)


c_q, c_y = st.columns(2)
with c_q:
    st.markdown(f"**Tren per triwulan {tahun}** (capaian sasaran terhadap Rencana Aksi)")
    _series(d.tren_triwulan, "per triwulan", quarter_label, "Tren_Triwulan")
with c_y:
    st.markdown("**Tren antartahun** (capaian tahunan sasaran)")
    _series(d.tren_tahun, "antartahun", str, "Tren_Tahun")

st.subheader("Efisiensi per sasaran")
st.caption(
    "Efisiensi = kemajuan terhadap target tahunan − serapan anggaran s.d. periode (poin); "
    "positif berarti hasil lebih besar daripada anggaran yang telah digunakan."
)
st.dataframe(tabulate_efisiensi(d.sasaran), hide_index=True, width="stretch")

st.subheader("Ketepatan waktu unit")
st.caption(
    f"Unggahan pertama setiap unit pada putaran pengumpulan Tahun {tahun} dibandingkan batas "
    "waktunya; putaran yang masih berjalan dan belum dijawab unit tidak dihitung."
)
if any(k.putaran for k in d.ketepatan):
    st.dataframe(tabulate_ketepatan(d.ketepatan), hide_index=True, width="stretch")
else:
    st.info(f"Belum ada putaran pengumpulan Tahun {tahun} yang lewat batas waktunya.")

st.subheader("Rincian indikator")
kode_indikator = [i.kode for i in d.indikator]
awal = berisiko[0].kode if berisiko else kode_indikator[0]
from_query("dasbor_indikator", "indikator", kode_indikator, awal)
nama_indikator = {i.kode: i.nama for i in d.indikator}
pilihan = st.selectbox(
    "Indikator",
    kode_indikator,
    format_func=lambda k: f"{k} — {nama_indikator[k]}",
    key="dasbor_indikator",
)
query["indikator"] = pilihan
ind = next(i for i in d.indikator if i.kode == pilihan)
st.caption(
    f"Sasaran {ind.kode_sasaran} · {ind.nama_unit} · satuan {ind.satuan or '—'} · "
    f"target tahunan {format_figure(ind.target_tahunan)} · proyeksi akhir tahun "
    f"{format_number(ind.proyeksi.nilai, 2, strip=True)} ({format_percent(ind.proyeksi.capaian)})"
)
c_riwayat, c_catatan = st.columns([3, 2])
with c_riwayat:
    st.markdown(f"**Riwayat per triwulan {tahun}**")
    st.dataframe(tabulate_riwayat_triwulan(ind), hide_index=True, width="stretch")
with c_catatan:
    st.markdown("**Kendala dan upaya unit**")
    if ind.kendala or ind.upaya:
        for judul_catatan, isi in (("Kendala", ind.kendala), ("Upaya", ind.upaya)):
            if isi:
                st.markdown(f"*{judul_catatan}*")
                for baris in isi:
                    st.text(baris)
    else:
        st.caption("Unit tidak menuliskan kendala atau upaya pada periode ini.")
st.markdown("**Berkas sumber dan versinya**")
versi_sumber = []
for q, real in zip(QUARTERS, ind.realisasi_triwulan, strict=True):
    if real is None:
        continue
    try:
        versi_sumber += [(q, v) for v in history.list_versions(rt, aktor, ind.kode_unit, tahun, q)]
    except LakipError as exc:
        show_error(exc)
if versi_sumber:
    st.dataframe(tabulate_versi_sumber(versi_sumber), hide_index=True, width="stretch")
else:
    st.caption("Belum ada laporan triwulan unit ini yang memuat indikator tersebut.")
