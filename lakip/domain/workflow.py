"""The SOP as states and moves: collection rounds, a unit's submission in a round, and report
versions. Pure: services ask :func:`move` before they change a state and refuse what it
refuses; the database's CHECK constraints hold the same sets of states (``*_STATES``).

Rounds (SOP step 1, reviewed in step 7)::

    draf --buka--> dibuka --tutup--> ditutup --buka_ulang(alasan)--> dibuka
    ditutup / dikembalikan --kembalikan (TIDAK)--> dikembalikan
    ditutup / dikembalikan --terima (YA)--> diterima

A unit's submission in a round (no row yet: owed, ``belum``)::

    belum --unggah--> masuk | terlambat --unggah--> (unchanged)
    masuk | terlambat | diperbaiki --kembalikan--> dikembalikan --unggah--> diperbaiki
    masuk | terlambat | diperbaiki --terima--> diterima

A report version (steps 4-9; the annual report is also approved by the Sekretaris)::

    draf --ajukan--> diajukan --kembalikan--> dikembalikan (a rebuild is a new version)
    diajukan --terima--> diterima --terbitkan--> diterbitkan          (triwulan, semester)
    diajukan --terima--> diterima --setujui--> disetujui --terbitkan--> diterbitkan  (tahunan)
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from enum import StrEnum
from typing import Final

from .periods import parse_period


class StatusPengiriman(StrEnum):
    """A unit's report for a quarter, as the recap shows it (FORMATS.md ``rekap``)."""

    BELUM = "belum"  # no version yet
    MASUK = "masuk"  # in, on time or with no deadline set
    TERLAMBAT = "terlambat"  # the first version came after the round's deadline
    DIKEMBALIKAN = "dikembalikan"  # returned by the reviewer, no newer version since


class LangkahDitolak(ValueError):
    """A move the SOP does not allow from the current state; ``str()`` is Indonesian."""


# --- collection rounds ----------------------------------------------------------------


class StatusPutaran(StrEnum):
    """Where a collection round stands."""

    DRAF = "draf"
    DIBUKA = "dibuka"
    DITUTUP = "ditutup"
    DIKEMBALIKAN = "dikembalikan"  # the reviewer said TIDAK: corrections are owed
    DITERIMA = "diterima"  # the reviewer said YA


class AksiPutaran(StrEnum):
    """A move on a round; the values are what users read in refusals."""

    BUKA = "membuka"
    TUTUP = "menutup"
    BUKA_ULANG = "membuka ulang"
    KEMBALIKAN = "mengembalikan (TIDAK)"
    TERIMA = "menerima (YA)"
    UNGGAH = "mengunggah ke"


_ROUND_MOVES: Final[dict[tuple[StatusPutaran, AksiPutaran], StatusPutaran]] = {
    (StatusPutaran.DRAF, AksiPutaran.BUKA): StatusPutaran.DIBUKA,
    (StatusPutaran.DIBUKA, AksiPutaran.TUTUP): StatusPutaran.DITUTUP,
    (StatusPutaran.DIBUKA, AksiPutaran.UNGGAH): StatusPutaran.DIBUKA,
    (StatusPutaran.DITUTUP, AksiPutaran.BUKA_ULANG): StatusPutaran.DIBUKA,
    (StatusPutaran.DITUTUP, AksiPutaran.KEMBALIKAN): StatusPutaran.DIKEMBALIKAN,
    (StatusPutaran.DITUTUP, AksiPutaran.TERIMA): StatusPutaran.DITERIMA,
    (StatusPutaran.DIKEMBALIKAN, AksiPutaran.KEMBALIKAN): StatusPutaran.DIKEMBALIKAN,
    (StatusPutaran.DIKEMBALIKAN, AksiPutaran.TERIMA): StatusPutaran.DITERIMA,
    (StatusPutaran.DIKEMBALIKAN, AksiPutaran.BUKA_ULANG): StatusPutaran.DIBUKA,
    # While corrections are owed, the units that owe them upload (checked per submission).
    (StatusPutaran.DIKEMBALIKAN, AksiPutaran.UNGGAH): StatusPutaran.DIKEMBALIKAN,
}

_ROUND_WHY: Final[dict[StatusPutaran, str]] = {
    StatusPutaran.DRAF: "masih draf dan belum dibuka",
    StatusPutaran.DIBUKA: "masih dibuka; tutup pengumpulan terlebih dahulu",
    StatusPutaran.DITUTUP: "sudah ditutup; minta Sekretaris atau Kasubbag Program membukanya ulang",
    StatusPutaran.DIKEMBALIKAN: "sedang dikembalikan untuk perbaikan",
    StatusPutaran.DITERIMA: "sudah diterima oleh Irban Wil",
}


def move_round(
    status: StatusPutaran, aksi: AksiPutaran, *, alasan: str | None = None
) -> StatusPutaran:
    """The round's state after ``aksi``; raises LangkahDitolak when the SOP forbids it.

    Reopening needs a reason (``alasan``), since a late upload follows it.
    """
    new = _ROUND_MOVES.get((status, aksi))
    if new is None:
        raise LangkahDitolak(
            f"Tidak dapat {aksi.value} pengumpulan: pengumpulan {_ROUND_WHY[status]}."
        )
    if aksi is AksiPutaran.BUKA_ULANG and not (alasan or "").strip():
        raise LangkahDitolak("Alasan pembukaan ulang wajib diisi.")
    return new


# --- a unit's submission in a round ----------------------------------------------------


class TahapPengiriman(StrEnum):
    """Where a unit's submission stands in its round (stored on the submission)."""

    BELUM = "belum"  # owed, nothing uploaded
    MASUK = "masuk"
    TERLAMBAT = "terlambat"
    DIKEMBALIKAN = "dikembalikan"
    DIPERBAIKI = "diperbaiki"  # a version answering the corrections came in
    DITERIMA = "diterima"


class AksiPengiriman(StrEnum):
    UNGGAH = "mengunggah"
    KEMBALIKAN = "mengembalikan"
    TERIMA = "menerima"


_SUBMISSION_WHY: Final[dict[TahapPengiriman, str]] = {
    TahapPengiriman.BELUM: "belum ada laporan yang diunggah",
    TahapPengiriman.DIKEMBALIKAN: "laporan dikembalikan dan perbaikannya belum diunggah",
    TahapPengiriman.DITERIMA: "laporan sudah diterima oleh Irban Wil",
}


def move_submission(
    tahap: TahapPengiriman, aksi: AksiPengiriman, *, terlambat: bool = False
) -> TahapPengiriman:
    """The submission's stage after ``aksi``; ``terlambat`` says a first upload came after the
    deadline. Raises LangkahDitolak when the SOP forbids it."""
    in_ = (TahapPengiriman.MASUK, TahapPengiriman.TERLAMBAT, TahapPengiriman.DIPERBAIKI)
    if aksi is AksiPengiriman.UNGGAH:
        if tahap is TahapPengiriman.BELUM:
            return TahapPengiriman.TERLAMBAT if terlambat else TahapPengiriman.MASUK
        if tahap is TahapPengiriman.DIKEMBALIKAN:
            return TahapPengiriman.DIPERBAIKI
        if tahap in in_:
            return tahap
    elif tahap in in_:
        if aksi is AksiPengiriman.KEMBALIKAN:
            return TahapPengiriman.DIKEMBALIKAN
        return TahapPengiriman.DITERIMA
    why = _SUBMISSION_WHY.get(tahap, f"laporan berstatus {tahap.value}")
    raise LangkahDitolak(f"Tidak dapat {aksi.value} laporan unit: {why}.")


# --- report versions ---------------------------------------------------------------------


class JenisLaporan(StrEnum):
    TRIWULAN = "triwulan"
    SEMESTER = "semester"
    TAHUNAN = "tahunan"


def report_title(jenis: str, tahun: int, periode: str) -> str:
    """A report's name as every screen and notice writes it: "Laporan Triwulan IV Tahun
    2025", "Laporan Semester I Tahun 2025", "LKjIP Tahun 2025"."""
    if jenis == JenisLaporan.TAHUNAN:
        return f"LKjIP Tahun {tahun}"
    return f"Laporan {parse_period(periode).label} Tahun {tahun}"


class StatusLaporan(StrEnum):
    DRAF = "draf"
    DIAJUKAN = "diajukan"  # sent to the Irban Wil for review
    DIKEMBALIKAN = "dikembalikan"
    DITERIMA = "diterima"
    DISETUJUI = "disetujui"  # the annual report, approved by the Sekretaris
    DITERBITKAN = "diterbitkan"


class AksiLaporan(StrEnum):
    AJUKAN = "mengajukan untuk direviu"
    TERIMA = "menerima (YA)"
    KEMBALIKAN = "mengembalikan (TIDAK)"
    SETUJUI = "menyetujui"
    TERBITKAN = "menerbitkan"


_REPORT_MOVES: Final[dict[tuple[StatusLaporan, AksiLaporan], StatusLaporan]] = {
    (StatusLaporan.DRAF, AksiLaporan.AJUKAN): StatusLaporan.DIAJUKAN,
    (StatusLaporan.DIAJUKAN, AksiLaporan.TERIMA): StatusLaporan.DITERIMA,
    (StatusLaporan.DIAJUKAN, AksiLaporan.KEMBALIKAN): StatusLaporan.DIKEMBALIKAN,
    (StatusLaporan.DITERIMA, AksiLaporan.SETUJUI): StatusLaporan.DISETUJUI,
    (StatusLaporan.DITERIMA, AksiLaporan.TERBITKAN): StatusLaporan.DITERBITKAN,
    (StatusLaporan.DISETUJUI, AksiLaporan.TERBITKAN): StatusLaporan.DITERBITKAN,
}

_REPORT_WHY: Final[dict[StatusLaporan, str]] = {
    StatusLaporan.DRAF: "masih draf dan belum direviu Irban Wil",
    StatusLaporan.DIAJUKAN: "sedang menunggu keputusan reviu Irban Wil",
    StatusLaporan.DIKEMBALIKAN: "dikembalikan oleh Irban Wil; susun versi baru",
    StatusLaporan.DITERIMA: "sudah diterima",
    StatusLaporan.DISETUJUI: "sudah disetujui Sekretaris",
    StatusLaporan.DITERBITKAN: "sudah diterbitkan",
}


def move_report(jenis: JenisLaporan, status: StatusLaporan, aksi: AksiLaporan) -> StatusLaporan:
    """The report version's state after ``aksi``; raises LangkahDitolak when the SOP forbids
    it. Only the annual report is approved, and it is published only once approved."""
    tahunan = jenis is JenisLaporan.TAHUNAN
    if aksi is AksiLaporan.SETUJUI and not tahunan:
        raise LangkahDitolak("Hanya laporan tahunan yang disetujui Sekretaris.")
    if tahunan and status is StatusLaporan.DITERIMA and aksi is AksiLaporan.TERBITKAN:
        raise LangkahDitolak(
            "Tidak dapat menerbitkan laporan tahunan: laporan belum disetujui Sekretaris."
        )
    new = _REPORT_MOVES.get((status, aksi))
    if new is None or (status is StatusLaporan.DISETUJUI and not tahunan):
        raise LangkahDitolak(f"Tidak dapat {aksi.value} laporan: laporan {_REPORT_WHY[status]}.")
    return new


ROUND_STATES: Final = tuple(s.value for s in StatusPutaran)
SUBMISSION_STATES: Final = tuple(s.value for s in TahapPengiriman)
REPORT_STATES: Final = tuple(s.value for s in StatusLaporan)
REPORT_KINDS: Final = tuple(j.value for j in JenisLaporan)
DECISIONS: Final = ("YA", "TIDAK")


# --- the recap's status and the deadline -------------------------------------------------


def deadline_end(batas_waktu: date, zona: timezone) -> datetime:
    """The moment a round's deadline day ends on the agency's clock (midnight after it)."""
    return datetime.combine(batas_waktu + timedelta(days=1), time(0), tzinfo=zona)


def days_to_deadline(batas_waktu: date, now: datetime, zona: timezone) -> int:
    """Whole days from today (the agency's clock) to the deadline day: 0 on the day itself,
    negative once it has passed."""
    return (batas_waktu - now.astimezone(zona).date()).days


REMINDER_DAYS: Final = (7, 3, 1)
"""Days before the deadline on which units that have not uploaded are reminded."""


def reminder_day(sisa_hari: int) -> int | None:
    """Which reminder a round ``sisa_hari`` days before its deadline is due for: the nearest
    of H-7, H-3 and H-1 not yet behind (so a schedule that was down sends the current one, not
    every one it missed); None when none is due yet or the deadline day has come."""
    if sisa_hari < 1:
        return None
    due = [d for d in sorted(REMINDER_DAYS) if sisa_hari <= d]
    return due[0] if due else None


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
