from __future__ import annotations

from decimal import Decimal

import pytest

from lakip.domain.periods import (
    ALL_PERIODS,
    QUARTERS,
    ROMAN,
    Period,
    parse_period,
    parse_quarter,
    quarter_label,
    quarter_short,
)


def test_quarters_and_roman_numerals() -> None:
    assert QUARTERS == (1, 2, 3, 4)
    assert dict(ROMAN) == {1: "I", 2: "II", 3: "III", 4: "IV"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("I", 1),
        ("ii", 2),
        (" III ", 3),
        ("iv", 4),
        ("1", 1),
        (" 4 ", 4),
        (2, 2),
        (3.0, 3),
        (Decimal("4.00"), 4),
        ("TW I", 1),
        ("tw 3", 3),
        ("TWIV", 4),
        ("Triwulan II", 2),
    ],
)
def test_parse_quarter_accepts_roman_arabic_excel_and_tw_forms(
    value: object, expected: int
) -> None:
    assert parse_quarter(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "V",
        "0",
        "5",
        "",
        "TW",
        "TW V",
        "3.0",
        "satu",
        0,
        5,
        -1,
        3.5,
        float("nan"),
        Decimal("NaN"),
        Decimal("sNaN"),
        True,
        None,
    ],
)
def test_parse_quarter_rejects_anything_else_in_indonesian(value: object) -> None:
    with pytest.raises(ValueError, match="Triwulan harus I–IV atau 1–4, ditemukan"):
        parse_quarter(value)


def test_parse_quarter_error_names_the_value_found() -> None:
    with pytest.raises(ValueError) as info:
        parse_quarter(" V ")
    assert str(info.value) == "Triwulan harus I–IV atau 1–4, ditemukan 'V'"


def test_quarter_labels() -> None:
    assert [quarter_label(q) for q in QUARTERS] == [
        "Triwulan I",
        "Triwulan II",
        "Triwulan III",
        "Triwulan IV",
    ]
    assert quarter_short(3) == "TW III"


@pytest.mark.parametrize("q", [0, 5, True])
def test_quarter_label_rejects_non_quarters(q: int) -> None:
    with pytest.raises(ValueError, match="Triwulan harus"):
        quarter_label(q)
    with pytest.raises(ValueError, match="Triwulan harus"):
        quarter_short(q)


def test_all_periods_in_contract_order() -> None:
    assert [p.kode for p in ALL_PERIODS] == [
        "TW1",
        "TW2",
        "TW3",
        "TW4",
        "S1",
        "S2",
        "SD1",
        "SD2",
        "SD3",
        "SD4",
        "TAHUN",
    ]


@pytest.mark.parametrize(
    ("kode", "quarters", "label", "annual", "last"),
    [
        ("TW1", (1,), "Triwulan I", False, 1),
        ("TW2", (2,), "Triwulan II", False, 2),
        ("TW3", (3,), "Triwulan III", False, 3),
        ("TW4", (4,), "Triwulan IV", False, 4),
        ("S1", (1, 2), "Semester I", False, 2),
        ("S2", (3, 4), "Semester II", False, 4),
        ("SD1", (1,), "s.d. Triwulan I", False, 1),
        ("SD2", (1, 2), "s.d. Triwulan II", False, 2),
        ("SD3", (1, 2, 3), "s.d. Triwulan III", False, 3),
        ("SD4", (1, 2, 3, 4), "s.d. Triwulan IV", False, 4),
        ("TAHUN", (1, 2, 3, 4), "Tahun", True, 4),
    ],
)
def test_period_definitions(
    kode: str, quarters: tuple[int, ...], label: str, annual: bool, last: int
) -> None:
    period = parse_period(kode)
    assert period == Period(kode, quarters, label, annual)
    assert period.last_quarter == last


def test_only_the_year_uses_the_annual_target() -> None:
    assert [p.kode for p in ALL_PERIODS if p.uses_annual_target] == ["TAHUN"]


def test_sd1_covers_the_same_quarters_as_tw1() -> None:
    assert parse_period("SD1").quarters == parse_period("TW1").quarters


@pytest.mark.parametrize(
    ("text", "kode"), [("tw3", "TW3"), (" s1 ", "S1"), ("sd 2", "SD2"), ("Tahun", "TAHUN")]
)
def test_parse_period_ignores_case_and_spaces(text: str, kode: str) -> None:
    assert parse_period(text).kode == kode


@pytest.mark.parametrize("text", ["", "TW5", "S3", "SD0", "TW", "2025", "semester 1"])
def test_parse_period_rejects_unknown_codes_listing_the_valid_ones(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_period(text)
    message = str(info.value)
    assert "tidak dikenal" in message
    assert "TW1, TW2, TW3, TW4, S1, S2, SD1, SD2, SD3, SD4, TAHUN" in message


def test_period_is_frozen() -> None:
    period = parse_period("TW1")
    with pytest.raises(AttributeError):
        period.kode = "TW2"  # type: ignore[misc]
