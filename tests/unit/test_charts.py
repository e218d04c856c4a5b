"""The achievement chart: missing achievements are not drawn (never as zero), bars are
coloured by predicate, the 100 % rule is there, and numbers use Indonesian notation."""

from __future__ import annotations

from decimal import Decimal

from lakip.reports.charts import WARNA_PREDIKAT, TitikCapaian, capaian_chart


def test_missing_achievements_are_left_out_not_drawn_as_zero() -> None:
    chart = capaian_chart(
        [
            TitikCapaian("IKU-01", "Satu", Decimal("103.13"), "Sangat Tinggi"),
            TitikCapaian("IKU-02", "Dua", None, None),
            TitikCapaian("IKU-03", "Tiga", Decimal("60.50"), "Rendah"),
        ]
    )
    assert chart is not None
    spec = chart.to_dict()
    bars, rule = spec["layer"]
    rows = bars["data"]["values"]
    assert [(r["kode"], r["capaian"], r["label"]) for r in rows] == [
        ("IKU-01", 103.13, "103,13 %"),
        ("IKU-03", 60.5, "60,50 %"),
    ]
    assert bars["encoding"]["color"]["scale"]["range"] == list(WARNA_PREDIKAT.values())
    assert rule["mark"]["type"] == "rule"
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_no_chart_without_any_achievement() -> None:
    assert capaian_chart([TitikCapaian("IKU-01", "Satu", None, None)]) is None


def test_every_chart_kind_a_report_draws_is_valid_vega_lite() -> None:
    """Reports take specs unvalidated (spec_of); this is where they are validated."""
    from lakip.reports.charts import predicate_count_chart, series_chart, spec_of

    capaian = capaian_chart(
        [
            TitikCapaian("IKU-01", "Satu", Decimal("103.13"), "Sangat Tinggi"),
            TitikCapaian("IKU-02", "Dua", Decimal("40"), "Sangat Rendah"),
        ]
    )
    series = series_chart(
        ["SS-01", "SS-02"], [("2024", [Decimal(90), None]), ("2025", [Decimal(101), Decimal(77)])]
    )
    counts = predicate_count_chart({"Sangat Tinggi": 3, "belum ada data": 1})
    for chart in (capaian, series, counts):
        assert chart is not None
        assert spec_of(chart) == chart.to_dict(validate=True)  # raises on a schema error
