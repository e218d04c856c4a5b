"""The pure helpers behind the tables: Indonesian formats, error locations, escaping."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

import pandas as pd

from lakip.services.errors import Masalah
from ui.tables import (
    escape_frame,
    escape_markdown,
    format_count,
    format_figure,
    format_time,
    format_years,
    tabulate_masalah,
)


def test_problem_table_marks_lines_without_a_place() -> None:
    df = tabulate_masalah([Masalah("Target!C3", "kosong: isi angka"), "berkas rusak"])
    assert df.to_dict("records") == [
        {"Lokasi": "Target!C3", "Masalah": "kosong: isi angka"},
        {"Lokasi": "—", "Masalah": "berkas rusak"},
    ]


def test_markdown_in_workbook_text_is_escaped_for_static_tables() -> None:
    raw = "nilai '[klik](javascript:alert(1))' **tebal** :red[merah] $x$"
    escaped = escape_markdown(raw)
    for token in ("[klik]", "**", ":red[", "$x$"):
        assert token not in escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == raw
    assert escape_markdown("- butir") == "\\- butir" and escape_markdown("1. butir") == "1\\. butir"
    assert (
        escape_markdown("Realisasi Kinerja!E6 BID-B 1.234,5")
        == "Realisasi Kinerja!E6 BID-B 1.234,5"
    )
    df = escape_frame(pd.DataFrame({"a": [raw], "n": [3]}))
    assert df.loc[0, "a"] == escaped and df.loc[0, "n"] == 3


def test_indonesian_formats() -> None:
    assert format_figure(Decimal("75.995")) == "75,995"
    assert format_figure(Decimal("1250000")) == "1.250.000"
    assert format_figure(None) == "belum ada data"
    assert format_count(12345) == "12.345"
    assert format_years([2025, 2024, 2026]) == "2024–2026"
    assert format_years([2023, 2025]) == "2023, 2025"
    assert format_years([2025]) == "2025"
    assert format_years([]) == "—"
    # Stored times are UTC; the agency reads them in WITA (UTC+8).
    assert format_time(datetime(2023, 8, 15, 6, 5, tzinfo=UTC)) == "15 Agustus 2023 14:05 WITA"
    assert format_time(None) == "—"
