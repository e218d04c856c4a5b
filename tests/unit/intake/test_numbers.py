from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lakip.intake.numbers import NumberFormatError, format_id_number, parse_id_number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,5", "1234.5"),
        ("95,5 %", "95.5"),
        ("95,5%", "95.5"),
        ("  12  ", "12"),
        ("12", "12"),
        ("-3", "-3"),
        ("0", "0"),
        ("0,75", "0.75"),
        ("1.234.567", "1234567"),
        ("1.234.567,891", "1234567.891"),
        ("999", "999"),
        ("1234,5", "1234.5"),
        ("12.500", "12500"),
        ("100 %", "100"),
        ("-1.000", "-1000"),
        ("\u00a012,5\u00a0", "12.5"),
        ("007", "7"),
    ],
)
def test_indonesian_text_is_read(text: str, expected: str) -> None:
    assert parse_id_number(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        "12.5",
        "n/a",
        "1,2,3",
        "1.23",
        "",
        "   ",
        "1.2345,6",
        "1.234.56",
        "1234.567",
        ",5",
        "5,",
        "1.",
        ".5",
        "- 3",
        "+3",
        "--3",
        "1e5",
        "12,5 % %",
        "%",
        "Rp 1.000",
        "١٢",  # Arabic-Indic digits are not Indonesian notation
        "NaN",
        "Infinity",
        "1 234",
    ],
)
def test_anything_else_is_refused_in_indonesian(text: str) -> None:
    with pytest.raises(NumberFormatError) as info:
        parse_id_number(text)
    assert isinstance(info.value, ValueError)
    assert "bukan angka" in str(info.value) or "kosong" in str(info.value)


def test_point_decimal_gets_a_hint_with_the_comma_form() -> None:
    with pytest.raises(NumberFormatError) as info:
        parse_id_number("12.5")
    assert info.value.value == "12.5"
    assert "12,5" in info.value.expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (12, Decimal(12)),
        (-4, Decimal(-4)),
        (Decimal("12.50"), Decimal("12.5")),
        (0.1, Decimal("0.1")),
        (78.5, Decimal("78.5")),
        (1e20, Decimal("1E+20")),
    ],
)
def test_numeric_cells_are_taken_as_they_are(value: object, expected: Decimal) -> None:
    result = parse_id_number(value)
    assert isinstance(result, Decimal)
    assert result == expected


def test_float_goes_through_repr_not_binary_expansion() -> None:
    assert str(parse_id_number(0.1)) == "0.1"


@pytest.mark.parametrize(
    "value", [True, False, None, float("nan"), float("inf"), Decimal("NaN"), object()]
)
def test_non_numbers_are_refused(value: object) -> None:
    with pytest.raises(NumberFormatError):
        parse_id_number(value)


def _indonesian(number: Decimal) -> str:
    """An independent writer of Indonesian notation, for the round trip."""
    sign = "-" if number < 0 else ""
    digits = format(abs(number), "f")
    whole, _, frac = digits.partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    text = sign + ".".join(groups)
    return f"{text},{frac}" if frac else text


@given(
    st.decimals(
        min_value=Decimal("-1e15"),
        max_value=Decimal("1e15"),
        allow_nan=False,
        allow_infinity=False,
        places=4,
    ),
    st.sampled_from(["", "%", " %", "  "]),
)
def test_round_trip_through_indonesian_notation(number: Decimal, suffix: str) -> None:
    text = _indonesian(number) + suffix
    assert parse_id_number(text) == number


@given(
    st.decimals(
        allow_nan=False, allow_infinity=False, places=3, max_value=10**12, min_value=-(10**12)
    )
)
def test_format_id_number_reads_back(number: Decimal) -> None:
    assert parse_id_number(format_id_number(number)) == number
