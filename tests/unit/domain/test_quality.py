from __future__ import annotations

from decimal import Decimal

import pytest

from lakip.domain.indicators import Agregasi
from lakip.domain.quality import Anomaly, anomalies

D = Decimal
K, T, R = Agregasi.KUMULATIF, Agregasi.TERAKHIR, Agregasi.RATA_RATA


def test_realization_over_three_times_the_quarter_target() -> None:
    assert anomalies(K, D(100), D(400), None) == [
        Anomaly(
            "LEBIH_3X_TARGET",
            "Realisasi 400 lebih dari tiga kali target triwulan (100); periksa kembali.",
        )
    ]


def test_message_numbers_use_indonesian_notation() -> None:
    (anomaly,) = anomalies(K, D("1250.5"), D("4000000"), None)
    assert anomaly.pesan == (
        "Realisasi 4.000.000 lebih dari tiga kali target triwulan (1.250,5); periksa kembali."
    )


def test_exactly_three_times_the_target_is_not_an_anomaly() -> None:
    assert anomalies(K, D(100), D(300), None) == []


@pytest.mark.parametrize("target", [D(0), D(-5), None])
def test_no_three_times_check_without_a_positive_target(target: Decimal | None) -> None:
    assert anomalies(K, target, D(1000), None) == []


def test_terakhir_lower_than_previous_quarter() -> None:
    (anomaly,) = anomalies(T, D(80), D("72.5"), D(75))
    assert anomaly.kode == "TURUN_DARI_TW_SEBELUMNYA"
    assert "72,5" in anomaly.pesan
    assert "(75)" in anomaly.pesan


@pytest.mark.parametrize("agregasi", [K, R])
def test_a_decrease_is_normal_for_other_aggregations(agregasi: Agregasi) -> None:
    assert anomalies(agregasi, D(80), D(50), D(75)) == []


def test_terakhir_equal_or_higher_or_no_previous_is_fine() -> None:
    assert anomalies(T, D(80), D(75), D(75)) == []
    assert anomalies(T, D(80), D(76), D(75)) == []
    assert anomalies(T, D(80), D(76), None) == []


def test_both_anomalies_at_once() -> None:
    kodes = [a.kode for a in anomalies(T, D(10), D(40), D(50))]
    assert kodes == ["LEBIH_3X_TARGET", "TURUN_DARI_TW_SEBELUMNYA"]


def test_missing_realization_has_no_anomaly() -> None:
    assert anomalies(T, D(10), None, D(50)) == []
