from __future__ import annotations

from lakip.intake.issues import Issue, WorkbookRejected


def test_location_forms() -> None:
    assert Issue("x", "Realisasi Kinerja", "E7").location == "Realisasi Kinerja!E7"
    assert Issue("x", "Identitas").location == "Identitas"
    assert Issue("x").location == ""


def test_str_is_one_indonesian_line() -> None:
    issue = Issue(
        "bukan angka yang sah",
        sheet="Realisasi Kinerja",
        cell="E7",
        value="12.5",
        expected="angka dengan koma sebagai pemisah desimal, mis. 12,5",
    )
    assert str(issue) == (
        "Realisasi Kinerja!E7: nilai '12.5' bukan angka yang sah "
        "(diharapkan angka dengan koma sebagai pemisah desimal, mis. 12,5)"
    )
    assert str(Issue("File rusak")) == "File rusak"


def test_long_values_are_shortened() -> None:
    text = str(Issue("terlalu panjang", "S", "A1", value="x" * 500))
    assert len(text) < 150 and "…" in text


def test_rejection_lists_every_error_one_per_line() -> None:
    errors = [Issue("a", "S", "A1"), Issue("b", "S", "B2")]
    exc = WorkbookRejected(errors)
    assert exc.errors == errors
    assert str(exc) == "S!A1: a\nS!B2: b"
