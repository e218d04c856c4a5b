from __future__ import annotations

import pytest

from lakip.domain.indicators import (
    Agregasi,
    JenisIndikator,
    Polaritas,
    parse_agregasi,
    parse_jenis_indikator,
    parse_polaritas,
)


def test_enum_values_are_the_stored_words() -> None:
    assert [p.value for p in Polaritas] == ["positif", "negatif"]
    assert [a.value for a in Agregasi] == ["kumulatif", "terakhir", "rata-rata"]
    assert [j.value for j in JenisIndikator] == ["IKU", "IKK"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Positif", Polaritas.POSITIF),
        (" NEGATIF ", Polaritas.NEGATIF),
        ("negatif", Polaritas.NEGATIF),
    ],
)
def test_parse_polaritas_ignores_case_and_spaces(text: str, expected: Polaritas) -> None:
    assert parse_polaritas(text) is expected


@pytest.mark.parametrize("text", ["", "positive", "+", "naik"])
def test_parse_polaritas_rejects_other_words(text: str) -> None:
    with pytest.raises(ValueError, match="Polaritas harus 'Positif' atau 'Negatif', ditemukan"):
        parse_polaritas(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kumulatif", Agregasi.KUMULATIF),
        ("TERAKHIR", Agregasi.TERAKHIR),
        ("Rata-rata", Agregasi.RATA_RATA),
        ("rata rata", Agregasi.RATA_RATA),
        ("ratarata", Agregasi.RATA_RATA),
        (" RATA - RATA ", Agregasi.RATA_RATA),
    ],
)
def test_parse_agregasi_accepts_spellings_of_rata_rata(text: str, expected: Agregasi) -> None:
    assert parse_agregasi(text) is expected


@pytest.mark.parametrize("text", ["", "sum", "rata", "rata2", "akhir"])
def test_parse_agregasi_rejects_other_words_naming_allowed_ones(text: str) -> None:
    with pytest.raises(ValueError) as info:
        parse_agregasi(text)
    assert str(info.value).startswith("Agregasi harus 'Kumulatif', 'Terakhir' atau 'Rata-rata'")


@pytest.mark.parametrize(
    ("text", "expected"), [("IKU", JenisIndikator.IKU), (" ikk ", JenisIndikator.IKK)]
)
def test_parse_jenis_indikator(text: str, expected: JenisIndikator) -> None:
    assert parse_jenis_indikator(text) is expected


@pytest.mark.parametrize("text", ["", "IKD", "utama"])
def test_parse_jenis_indikator_rejects_other_words(text: str) -> None:
    with pytest.raises(ValueError, match="Jenis indikator harus 'IKU' atau 'IKK', ditemukan"):
        parse_jenis_indikator(text)
