from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from lakip.domain.workflow import StatusPengiriman, deadline_end, submission_status

WITA = timezone(timedelta(hours=8), "WITA")
END = deadline_end(date(2025, 4, 10), WITA)


def test_the_deadline_day_ends_at_midnight_on_the_agencys_clock() -> None:
    assert datetime(2025, 4, 11, 0, 0, tzinfo=WITA) == END
    assert datetime(2025, 4, 10, 16, 0, tzinfo=UTC) == END


@pytest.mark.parametrize(
    ("versi", "first", "deadline", "returned", "status"),
    [
        (0, None, END, False, StatusPengiriman.BELUM),
        (0, None, None, True, StatusPengiriman.BELUM),
        (1, END - timedelta(seconds=1), END, False, StatusPengiriman.MASUK),
        (1, END, END, False, StatusPengiriman.TERLAMBAT),
        (3, END + timedelta(days=2), END, False, StatusPengiriman.TERLAMBAT),
        (1, END + timedelta(days=30), None, False, StatusPengiriman.MASUK),  # no deadline set
        (2, END - timedelta(days=1), END, True, StatusPengiriman.DIKEMBALIKAN),
        (2, END + timedelta(days=1), END, True, StatusPengiriman.DIKEMBALIKAN),
    ],
)
def test_submission_status(
    versi: int,
    first: datetime | None,
    deadline: datetime | None,
    returned: bool,
    status: StatusPengiriman,
) -> None:
    got = submission_status(versi, first, deadline, returned_without_newer_version=returned)
    assert got is status


def test_a_version_without_an_upload_time_is_refused() -> None:
    with pytest.raises(ValueError):
        submission_status(1, None, END)


# --- the state machine: every pair of (state, action), allowed or refused --------------------

import itertools  # noqa: E402

from lakip.domain.workflow import (  # noqa: E402
    AksiLaporan,
    AksiPengiriman,
    AksiPutaran,
    JenisLaporan,
    LangkahDitolak,
    StatusLaporan,
    StatusPutaran,
    TahapPengiriman,
    days_to_deadline,
    move_report,
    move_round,
    move_submission,
)

P, AP = StatusPutaran, AksiPutaran
ROUND_ALLOWED = {
    (P.DRAF, AP.BUKA): P.DIBUKA,
    (P.DIBUKA, AP.TUTUP): P.DITUTUP,
    (P.DIBUKA, AP.UNGGAH): P.DIBUKA,
    (P.DITUTUP, AP.BUKA_ULANG): P.DIBUKA,
    (P.DITUTUP, AP.KEMBALIKAN): P.DIKEMBALIKAN,
    (P.DITUTUP, AP.TERIMA): P.DITERIMA,
    (P.DIKEMBALIKAN, AP.KEMBALIKAN): P.DIKEMBALIKAN,
    (P.DIKEMBALIKAN, AP.TERIMA): P.DITERIMA,
    (P.DIKEMBALIKAN, AP.BUKA_ULANG): P.DIBUKA,
    (P.DIKEMBALIKAN, AP.UNGGAH): P.DIKEMBALIKAN,
}


@pytest.mark.parametrize(("status", "aksi"), list(itertools.product(P, AP)))
def test_every_round_move_is_allowed_or_refused_in_indonesian(
    status: StatusPutaran, aksi: AksiPutaran
) -> None:
    expected = ROUND_ALLOWED.get((status, aksi))
    if expected is None:
        with pytest.raises(LangkahDitolak, match=r"^Tidak dapat .* pengumpulan: pengumpulan "):
            move_round(status, aksi, alasan="alasan")
    else:
        assert move_round(status, aksi, alasan="terlambat karena banjir") is expected


def test_reviewing_a_round_still_open_is_refused_with_the_reason() -> None:
    with pytest.raises(LangkahDitolak, match="masih dibuka; tutup pengumpulan terlebih dahulu"):
        move_round(P.DIBUKA, AP.TERIMA)


def test_uploading_into_a_closed_round_asks_for_a_reopening() -> None:
    with pytest.raises(LangkahDitolak, match="sudah ditutup; minta Sekretaris"):
        move_round(P.DITUTUP, AP.UNGGAH)


@pytest.mark.parametrize("alasan", [None, "", "   "])
def test_reopening_needs_a_reason(alasan: str | None) -> None:
    with pytest.raises(LangkahDitolak, match="Alasan pembukaan ulang wajib diisi"):
        move_round(P.DITUTUP, AP.BUKA_ULANG, alasan=alasan)


T, AK = TahapPengiriman, AksiPengiriman
SUBMISSION_ALLOWED = {
    (T.BELUM, AK.UNGGAH): T.MASUK,
    (T.MASUK, AK.UNGGAH): T.MASUK,
    (T.TERLAMBAT, AK.UNGGAH): T.TERLAMBAT,
    (T.DIPERBAIKI, AK.UNGGAH): T.DIPERBAIKI,
    (T.DIKEMBALIKAN, AK.UNGGAH): T.DIPERBAIKI,
    (T.MASUK, AK.KEMBALIKAN): T.DIKEMBALIKAN,
    (T.TERLAMBAT, AK.KEMBALIKAN): T.DIKEMBALIKAN,
    (T.DIPERBAIKI, AK.KEMBALIKAN): T.DIKEMBALIKAN,
    (T.MASUK, AK.TERIMA): T.DITERIMA,
    (T.TERLAMBAT, AK.TERIMA): T.DITERIMA,
    (T.DIPERBAIKI, AK.TERIMA): T.DITERIMA,
}


@pytest.mark.parametrize(("tahap", "aksi"), list(itertools.product(T, AK)))
def test_every_submission_move_is_allowed_or_refused(
    tahap: TahapPengiriman, aksi: AksiPengiriman
) -> None:
    expected = SUBMISSION_ALLOWED.get((tahap, aksi))
    if expected is None:
        with pytest.raises(LangkahDitolak, match=r"^Tidak dapat .* laporan unit: "):
            move_submission(tahap, aksi)
    else:
        assert move_submission(tahap, aksi) is expected


def test_a_first_upload_after_the_deadline_is_late_and_stays_late() -> None:
    late = move_submission(T.BELUM, AK.UNGGAH, terlambat=True)
    assert late is T.TERLAMBAT
    assert move_submission(late, AK.UNGGAH, terlambat=False) is T.TERLAMBAT


def test_an_accepted_submission_takes_no_new_upload() -> None:
    with pytest.raises(LangkahDitolak, match="sudah diterima oleh Irban Wil"):
        move_submission(T.DITERIMA, AK.UNGGAH)


S, AL, J = StatusLaporan, AksiLaporan, JenisLaporan
REPORT_ALLOWED = {
    (S.DRAF, AL.AJUKAN): S.DIAJUKAN,
    (S.DIAJUKAN, AL.TERIMA): S.DITERIMA,
    (S.DIAJUKAN, AL.KEMBALIKAN): S.DIKEMBALIKAN,
    (S.DITERIMA, AL.TERBITKAN): S.DITERBITKAN,
}
ANNUAL_ALLOWED = {
    (S.DRAF, AL.AJUKAN): S.DIAJUKAN,
    (S.DIAJUKAN, AL.TERIMA): S.DITERIMA,
    (S.DIAJUKAN, AL.KEMBALIKAN): S.DIKEMBALIKAN,
    (S.DITERIMA, AL.SETUJUI): S.DISETUJUI,
    (S.DISETUJUI, AL.TERBITKAN): S.DITERBITKAN,
}


@pytest.mark.parametrize(("jenis", "status", "aksi"), list(itertools.product(J, S, AL)))
def test_every_report_move_is_allowed_or_refused(
    jenis: JenisLaporan, status: StatusLaporan, aksi: AksiLaporan
) -> None:
    table = ANNUAL_ALLOWED if jenis is J.TAHUNAN else REPORT_ALLOWED
    expected = table.get((status, aksi))
    if expected is None:
        with pytest.raises(LangkahDitolak, match=r"^(Tidak dapat|Hanya laporan tahunan)"):
            move_report(jenis, status, aksi)
    else:
        assert move_report(jenis, status, aksi) is expected


def test_publishing_what_the_reviewer_has_not_accepted_is_refused() -> None:
    for status in (S.DRAF, S.DIAJUKAN, S.DIKEMBALIKAN):
        with pytest.raises(LangkahDitolak, match="Tidak dapat menerbitkan laporan"):
            move_report(J.TRIWULAN, status, AL.TERBITKAN)
    with pytest.raises(LangkahDitolak, match="belum disetujui Sekretaris"):
        move_report(J.TAHUNAN, S.DITERIMA, AL.TERBITKAN)


def test_days_to_deadline_counts_on_the_agencys_clock() -> None:
    wita = timezone(timedelta(hours=8), "WITA")
    # 17:00 UTC on 9 April is 01:00 on 10 April in WITA: the deadline day itself.
    now = datetime(2026, 4, 9, 17, 0, tzinfo=UTC)
    assert days_to_deadline(date(2026, 4, 10), now, wita) == 0
    assert days_to_deadline(date(2026, 4, 17), now, wita) == 7
    assert days_to_deadline(date(2026, 4, 9), now, wita) == -1


def test_a_report_is_named_the_same_way_everywhere() -> None:
    from lakip.domain.workflow import report_title

    assert report_title("triwulan", 2025, "TW4") == "Laporan Triwulan IV Tahun 2025"
    assert report_title("semester", 2025, "S1") == "Laporan Semester I Tahun 2025"
    assert report_title("tahunan", 2025, "TAHUN") == "LKjIP Tahun 2025"
