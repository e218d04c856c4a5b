"""The SOP as states: where a unit's quarterly report stands in its collection round.

Today this holds the recap's rule (FORMATS.md ``rekap``); the moves of rounds, reviews and
report versions join it here as one pure state machine.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum


class StatusPengiriman(StrEnum):
    """A unit's report for a quarter, as the recap shows it."""

    BELUM = "belum"  # no version yet
    MASUK = "masuk"  # in, on time or with no deadline set
    TERLAMBAT = "terlambat"  # the first version came after the round's deadline
    DIKEMBALIKAN = "dikembalikan"  # returned by the reviewer, no newer version since


def deadline_end(batas_waktu: date, zona: timezone) -> datetime:
    """The moment a round's deadline day ends on the agency's clock (midnight after it)."""
    return datetime.combine(batas_waktu + timedelta(days=1), time(0), tzinfo=zona)


def submission_status(
    versi: int,
    first_upload: datetime | None,
    deadline: datetime | None,
    *,
    returned_without_newer_version: bool = False,
) -> StatusPengiriman:
    """The recap status of a unit's quarterly report.

    ``versi`` is how many versions are stored; ``first_upload`` when the first came (aware);
    ``deadline`` the end of the round's deadline, None when no round or no deadline is set.
    A report returned by the reviewer with no newer version since is ``dikembalikan``,
    whatever its timing. Raises ValueError when versions exist without a first upload.
    """
    if versi <= 0:
        return StatusPengiriman.BELUM
    if first_upload is None:
        raise ValueError("a stored version has an upload time")
    if returned_without_newer_version:
        return StatusPengiriman.DIKEMBALIKAN
    if deadline is not None and first_upload >= deadline:
        return StatusPengiriman.TERLAMBAT
    return StatusPengiriman.MASUK
