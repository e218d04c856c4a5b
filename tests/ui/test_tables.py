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


def test_sop_timeline_labels_a_repeated_step_and_runs_an_open_one_to_now() -> None:
    from datetime import timedelta

    from lakip.services.sop_monitoring import LangkahView
    from ui.tables import tabulate_langkah_sop, timeline_langkah_sop

    t0 = datetime(2025, 10, 1, 1, 0, tzinfo=UTC)  # 09:00 WITA
    now = t0 + timedelta(days=3)

    def step(nomor: int, start: timedelta, end: timedelta | None, standar: int) -> LangkahView:
        mulai = t0 + start
        selesai = t0 + end if end is not None else None
        menit = ((selesai or now) - mulai).total_seconds() / 60
        return LangkahView(
            nomor, f"Langkah {nomor}", "Irban Wil", None, mulai, selesai, menit, standar, None
        )

    steps = [
        step(7, timedelta(0), timedelta(hours=2), 60),
        step(7, timedelta(hours=3), None, 60 * 24 * 120),
    ]
    bars = timeline_langkah_sop(steps, now)
    assert bars["Langkah"].tolist() == ["7. Langkah 7", "7. Langkah 7 (ke-2)"]
    assert bars["Mulai"].tolist()[0] == datetime(2025, 10, 1, 9, 0)
    assert bars["Selesai"].tolist() == [datetime(2025, 10, 1, 11, 0), datetime(2025, 10, 4, 9, 0)]
    assert bars["Status"].tolist() == ["Melebihi", "Sesuai"]
    table = tabulate_langkah_sop(steps)
    assert table[["Selesai", "Waktu", "Waktu baku"]].values.tolist() == [
        ["1 Oktober 2025 11:00 WITA", "2 jam", "1 jam"],
        ["berjalan", "2 hari 21 jam", "120 hari"],
    ]
