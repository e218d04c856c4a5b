from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from lakip.domain.formatting import (
    BELUM_ADA_DATA,
    format_date,
    format_datetime,
    format_duration,
    format_number,
    format_percent,
    format_rupiah,
)

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("1234.5"), "1.234,50"),
        (D("1234567.891"), "1.234.567,89"),
        (D("0.005"), "0,01"),
        (D("2.675"), "2,68"),
        (2.675, "2,68"),
        (D("75.995"), "76,00"),
        (0, "0,00"),
        (1000, "1.000,00"),
        (D("-1234.5"), "-1.234,50"),
        (D("-0.001"), "0,00"),
        (D("999.995"), "1.000,00"),
    ],
)
def test_format_number_indonesian_notation_half_up(
    value: Decimal | int | float, expected: str
) -> None:
    assert format_number(value) == expected


def test_format_number_decimals() -> None:
    assert format_number(D("1234.5"), 0) == "1.235"
    assert format_number(D("1.23456"), 4) == "1,2346"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("1234.5"), "1.234,5"),
        (D(12), "12"),
        (D("12.50"), "12,5"),
        (D("1000"), "1.000"),
        (D("0.001"), "0"),
        (D("2.675"), "2,68"),
    ],
)
def test_format_number_strip_drops_trailing_zeros(value: Decimal, expected: str) -> None:
    assert format_number(value, strip=True) == expected


def test_none_is_belum_ada_data_everywhere() -> None:
    assert BELUM_ADA_DATA == "belum ada data"
    assert format_number(None) == "belum ada data"
    assert format_percent(None) == "belum ada data"
    assert format_rupiah(None) == "belum ada data"


def test_format_number_rejects_bad_input() -> None:
    with pytest.raises(ValueError):
        format_number(D("NaN"))
    with pytest.raises(ValueError):
        format_number(float("inf"))
    with pytest.raises(ValueError):
        format_number(D(1), -1)
    with pytest.raises(TypeError):
        format_number(True)


def test_format_percent() -> None:
    assert format_percent(D("95.25")) == "95,25 %"
    assert format_percent(D("100")) == "100,00 %"
    assert format_percent(D("1234.5"), 1) == "1.234,5 %"


def test_format_rupiah() -> None:
    assert format_rupiah(D(1_250_000_000)) == "Rp 1.250.000.000"
    assert format_rupiah(D("999.50")) == "Rp 1.000"
    assert format_rupiah(0) == "Rp 0"
    assert format_rupiah(D(-1500)) == "-Rp 1.500"


def test_format_date_uses_indonesian_month_names() -> None:
    assert format_date(date(2023, 8, 15)) == "15 Agustus 2023"
    assert format_date(date(2025, 1, 5)) == "5 Januari 2025"
    assert [format_date(date(2024, m, 1)).split()[1] for m in range(1, 13)] == [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ]


def test_format_datetime() -> None:
    assert format_datetime(datetime(2023, 8, 15, 14, 5, 59)) == "15 Agustus 2023 14:05"
    assert format_datetime(datetime(2023, 12, 1, 7, 0)) == "1 Desember 2023 07:00"


@pytest.mark.parametrize(
    ("zona", "expected"),
    [
        ("WIB", "15 Agustus 2023 13:05 WIB"),
        ("wita", "15 Agustus 2023 14:05 WITA"),
        ("WIT", "15 Agustus 2023 15:05 WIT"),
    ],
)
def test_stored_utc_time_is_shown_in_the_agencys_zone(zona: str, expected: str) -> None:
    from datetime import UTC

    from lakip.domain.formatting import format_local_datetime, parse_zona_waktu

    assert (
        format_local_datetime(datetime(2023, 8, 15, 6, 5, tzinfo=UTC), parse_zona_waktu(zona))
        == expected
    )


def test_unknown_zone_is_refused_in_indonesian() -> None:
    from lakip.domain.formatting import parse_zona_waktu

    with pytest.raises(ValueError, match="WIB, WITA atau WIT"):
        parse_zona_waktu("UTC")


def test_sizes_and_counts_are_written_the_indonesian_way() -> None:
    from lakip.domain.formatting import format_count, format_size

    assert format_size(10 * 1024 * 1024) == "10 MB"
    assert format_size(int(10.1 * 1024 * 1024)) == "10,1 MB"
    assert format_size(1_500_000) == "1,4 MB"
    assert format_size(1024 * 1024 * 1024) == "1.024 MB"
    assert format_count(50_000) == "50.000"
    assert format_count(7) == "7"


@pytest.mark.parametrize(
    ("menit", "expected"),
    [
        (0.4, "kurang dari 1 menit"),
        (30, "30 menit"),
        (59.9, "59 menit"),
        (60, "1 jam"),
        (195, "3 jam 15 menit"),
        (2 * 24 * 60, "2 hari"),  # not "2.880 menit"
        (120 * 24 * 60, "120 hari"),  # not "172.800 menit"
        (120 * 24 * 60 + 4 * 60 + 59, "120 hari 4 jam"),
        (1200 * 24 * 60, "1.200 hari"),
    ],
)
def test_format_duration_reads_as_people_say_it(menit: float, expected: str) -> None:
    assert format_duration(menit) == expected
