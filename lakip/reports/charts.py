"""Chart specs (altair): the same specs serve the screens and the reports."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final

from lakip.domain.achievement import Predikat
from lakip.domain.formatting import BELUM_ADA_DATA, format_percent

# Green to red along the Permendagri 86/2017 scale.
WARNA_PREDIKAT: Final = {
    Predikat.SANGAT_TINGGI.value: "#1a7f37",
    Predikat.TINGGI.value: "#57a639",
    Predikat.SEDANG.value: "#d4a017",
    Predikat.RENDAH.value: "#e07b00",
    Predikat.SANGAT_RENDAH.value: "#c62828",
}

# altair is imported by the functions that draw (a third of a second): the writers and the
# recap export need only the colours above, and a command that draws nothing never loads it.
if TYPE_CHECKING:
    import altair as alt


# Indonesian number notation for axes and tooltips (d3-format locale).
LOKAL_ANGKA: Final = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["Rp ", ""]}


CHART_PNG_WIDTH: Final = 900  # CSS pixels of a downloaded chart (drawn at twice that)


def chart_png(spec: Mapping[str, Any]) -> bytes:
    """A chart as a PNG file (vl-convert, no browser), as a screen's download offers it."""
    import vl_convert

    sized = dict(spec)
    if not isinstance(sized.get("width"), int):  # "container" means nothing off screen
        sized["width"] = CHART_PNG_WIDTH
    return bytes(vl_convert.vegalite_to_png(sized, scale=2))


def spec_of(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite spec of ``chart`` for a report. Not validated against the schema here:
    a kabupaten's report draws dozens of charts and jsonschema costs 50 ms each; the tests
    validate every kind of chart the builders draw (tests/unit/test_charts.py)."""
    return dict(chart.to_dict(validate=False))


@dataclass(frozen=True)
class TitikCapaian:
    """One indicator's bar: its achievement (None: no data, not drawn) and predicate."""

    kode: str
    nama: str
    capaian: Decimal | None
    predikat: str | None


def capaian_chart(indikator: Sequence[TitikCapaian]) -> alt.LayerChart | None:
    """Achievement per indicator as bars coloured by predicate, with a rule at 100 %;
    None when no indicator has an achievement yet (missing is never drawn as zero)."""
    import altair as alt

    rows = [
        {
            "kode": i.kode,
            "indikator": i.nama,
            "capaian": float(i.capaian),
            "label": format_percent(i.capaian),
            "predikat": i.predikat or "",
        }
        for i in indikator
        if i.capaian is not None
    ]
    if not rows:
        return None
    domain = list(WARNA_PREDIKAT)
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("kode:N", title="Indikator", sort=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("capaian:Q", title="Capaian (%)"),
            color=alt.Color(
                "predikat:N",
                title="Predikat",
                scale=alt.Scale(domain=domain, range=[WARNA_PREDIKAT[p] for p in domain]),
            ),
            tooltip=[
                alt.Tooltip("kode:N", title="Kode"),
                alt.Tooltip("indikator:N", title="Indikator"),
                alt.Tooltip("label:N", title="Capaian"),
                alt.Tooltip("predikat:N", title="Predikat"),
            ],
        )
    )
    rule = (
        alt.Chart(alt.Data(values=[{"y": 100}]))
        .mark_rule(color="#1F4E79", strokeDash=[6, 4])
        .encode(y="y:Q")
    )
    return alt.layer(bars, rule).properties(height=320).configure(locale={"number": LOKAL_ANGKA})


def series_chart(
    kategori: Sequence[str], seri: Sequence[tuple[str, Sequence[Decimal | None]]]
) -> alt.LayerChart | None:
    """Achievements of several series (years, quarters) per category as grouped bars, with a
    rule at 100 %; a missing value is not drawn. None when nothing has a value."""
    import altair as alt

    rows = [
        {"kategori": k, "seri": nama, "capaian": float(v), "label": format_percent(v)}
        for nama, values in seri
        for k, v in zip(kategori, values, strict=True)
        if v is not None
    ]
    if not rows:
        return None
    order = [nama for nama, _ in seri]
    bars = (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("kategori:N", title=None, sort=list(kategori), axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset("seri:N", sort=order),
            y=alt.Y("capaian:Q", title="Capaian (%)"),
            color=alt.Color("seri:N", title=None, sort=order),
            tooltip=[
                alt.Tooltip("kategori:N", title="Kode"),
                alt.Tooltip("seri:N", title="Periode"),
                alt.Tooltip("label:N", title="Capaian"),
            ],
        )
    )
    rule = (
        alt.Chart(alt.Data(values=[{"y": 100}]))
        .mark_rule(color="#1F4E79", strokeDash=[6, 4])
        .encode(y="y:Q")
    )
    return alt.layer(bars, rule).properties(height=320).configure(locale={"number": LOKAL_ANGKA})


def predicate_count_chart(jumlah: Mapping[str, int]) -> alt.Chart | None:
    """How many indicators have each predicate (and "belum ada data"), as bars in the
    predicates' colours: the achievement of a thousand indicators at a glance. None when
    there is no indicator."""
    import altair as alt

    if not any(jumlah.values()):
        return None
    domain = [*WARNA_PREDIKAT, BELUM_ADA_DATA]
    colours = [*WARNA_PREDIKAT.values(), "#9e9e9e"]
    rows = [{"predikat": p, "jumlah": int(jumlah.get(p, 0))} for p in domain]
    return (
        alt.Chart(alt.Data(values=rows))
        .mark_bar()
        .encode(
            x=alt.X("predikat:N", title="Predikat", sort=domain, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("jumlah:Q", title="Jumlah indikator"),
            color=alt.Color(
                "predikat:N", scale=alt.Scale(domain=domain, range=colours), legend=None
            ),
            tooltip=[
                alt.Tooltip("predikat:N", title="Predikat"),
                alt.Tooltip("jumlah:Q", title="Jumlah indikator"),
            ],
        )
        .properties(height=320)
    )
