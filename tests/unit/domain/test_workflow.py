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
