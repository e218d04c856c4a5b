"""The pure helpers behind the tables: Indonesian formats, error locations, escaping."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pandas as pd

from lakip.services.errors import Masalah
from ui.tables import (
    angka,
    bilangan,
    daftar_tahun,
    tabel_masalah,
    teks_polos,
    untuk_tabel_statis,
    waktu,
)


def test_problem_table_marks_lines_without_a_place() -> None:
    df = tabel_masalah([Masalah("Target!C3", "kosong: isi angka"), "berkas rusak"])
    assert df.to_dict("records") == [
        {"Lokasi": "Target!C3", "Masalah": "kosong: isi angka"},
        {"Lokasi": "—", "Masalah": "berkas rusak"},
    ]


def test_markdown_in_workbook_text_is_escaped_for_static_tables() -> None:
    raw = "nilai '[klik](javascript:alert(1))' **tebal** :red[merah] $x$"
    escaped = teks_polos(raw)
    for token in ("[klik]", "**", ":red[", "$x$"):
        assert token not in escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == raw
    assert teks_polos("- butir") == "\\- butir" and teks_polos("1. butir") == "1\\. butir"
    assert teks_polos("Realisasi Kinerja!E6 BID-B 1.234,5") == "Realisasi Kinerja!E6 BID-B 1.234,5"
    df = untuk_tabel_statis(pd.DataFrame({"a": [raw], "n": [3]}))
    assert df.loc[0, "a"] == escaped and df.loc[0, "n"] == 3


def test_indonesian_formats() -> None:
    assert angka(Decimal("75.995")) == "75,995"
    assert angka(Decimal("1250000")) == "1.250.000"
    assert angka(None) == "belum ada data"
    assert bilangan(12345) == "12.345"
    assert daftar_tahun([2025, 2024, 2026]) == "2024–2026"
    assert daftar_tahun([2023, 2025]) == "2023, 2025"
    assert daftar_tahun([2025]) == "2025"
    assert daftar_tahun([]) == "—"
    # Stored times are UTC; the agency reads them in WITA (UTC+8).
    assert waktu(datetime(2023, 8, 15, 6, 5, tzinfo=UTC)) == "15 Agustus 2023 14:05 WITA"
    assert waktu(None) == "—"
