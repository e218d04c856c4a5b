"""A whole quarter through the SOP, through the services, with one user per role.

Kasubbag Program opens the round; BID-A uploads on time, BID-B is refused after the deadline,
gets a reopening and uploads late; the recap says masuk and terlambat; the Irban Wil says
TIDAK with a correction on IKU-01, the unit sees it and uploads again, the Irban Wil sees
200 → 210 and says YA; the report is composed, reviewed, published and opened by the Kepala
Dinas. The audit log and the SOP step log hold every step; each reminder was made once, and
the e-mails went to a real SMTP server on loopback.
"""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes
from email.message import Message
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from lakip.domain.roles import Peran
from lakip.services import (
    auditlog,
    notifications,
    planning,
    processing,
    publication,
    recap,
    review,
    rounds,
    submissions,
    templates,
    users,
)
from lakip.services.access import SISTEM, Aktor
from lakip.services.errors import LangkahTidakSah
from lakip.services.runtime import Runtime
from lakip.services.setup import ensure_defaults
from lakip.store.models import LangkahSop, Pemberitahuan, PenerimaLaporan, Pengguna
from tests.fixtures.plans import small_plan
from tests.integration.helpers import fill_template, snapshot


class Inbox:
    """An aiosmtpd handler keeping every message it is given."""

    def __init__(self) -> None:
        self.messages: list[tuple[list[str], Message]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append((list(envelope.rcpt_tos), message_from_bytes(envelope.content)))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


class Clock:
    """The agency's wall clock, moved by the test."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def at(self, day: date, hour: int = 10) -> None:
        """Move to ``hour`` o'clock WITA (UTC+8) on ``day``."""
        self.now = datetime(day.year, day.month, day.day, hour, tzinfo=UTC) - timedelta(hours=8)


ROLES = {
    "staf.a": (Peran.STAF_UNIT, "BID-A", "staf.a@balangan.test"),
    "staf.b": (Peran.STAF_UNIT, "BID-B", None),
    "penyusun": (Peran.STAF_PENYUSUN, None, None),
    "kasubbag": (Peran.KASUBBAG_PROGRAM, None, "kasubbag@balangan.test"),
    "sekretaris": (Peran.SEKRETARIS, None, None),
    "irban": (Peran.IRBAN_WIL, None, "irban@balangan.test"),
    "kadis": (Peran.KEPALA_DINAS, None, "kadis@balangan.test"),
}


def _notices(rt: Runtime) -> dict[str, list[str]]:
    """Each user's notice keys, in the order made."""
    with rt.uow() as s:
        rows = s.execute(
            select(Pengguna.username, Pemberitahuan.kunci)
            .join(Pengguna, Pengguna.id == Pemberitahuan.pengguna_id)
            .order_by(Pemberitahuan.id)
        ).all()
    out: dict[str, list[str]] = {}
    for username, kunci in rows:
        out.setdefault(username, []).append(kunci)
    return out


def _only_an_audit_row(before: dict[str, Any], rt: Runtime, username: str) -> None:
    after = snapshot(rt)
    changed = {t for t in before if before[t] != after[t]}
    assert changed == {"log_audit"}, changed
    (row,) = [r for r in after["log_audit"] if r not in before["log_audit"]]
    assert username in row and "ditolak" in row


def test_a_quarter_walks_through_the_sop(tmp_path: Path, smtp: tuple[Inbox, int]) -> None:
    from tests.conftest import make_runtime

    inbox, port = smtp
    base = make_runtime(tmp_path / "data")
    clock = Clock(datetime(2025, 3, 20, 2, tzinfo=UTC))
    settings = dataclasses.replace(
        base.settings, smtp_url=f"smtp://127.0.0.1:{port}", app_url="https://lakip.balangan.test"
    )
    rt = dataclasses.replace(base, clock=clock, settings=settings)
    planning.import_plan(rt, SISTEM, small_plan(), "rencana.xlsx")
    ensure_defaults(rt)
    who: dict[str, Aktor] = {}
    for username, (peran, unit, email) in ROLES.items():
        made = users.create_user(
            rt,
            SISTEM,
            username=username,
            nama=username.title(),
            peran=peran,
            password="Sandi-Uji-Panjang-1",
            unit_kode=unit,
            email=email,
            skip_password_policy=True,
        )
        who[username] = Aktor(made.id, username, username.title(), peran, None)
    with rt.uow() as s:
        for username in ("staf.a", "staf.b"):
            user = s.scalar(select(Pengguna).where(Pengguna.username == username))
            assert user is not None
            who[username] = Aktor.from_pengguna(user)

    def workbook(unit: str, values: dict[str, object]) -> bytes:
        _n, book = templates.template_for(rt, who["penyusun"], unit, 2025, 1)
        return fill_template(book, values)

    book_a = workbook("BID-A", {"IKU-01": 200, "IKU-02": 80, "IKU-03": 3, "IKU-04": 9})
    book_b = workbook("BID-B", {"IKU-05": 2})

    # Step 1: the Kasubbag Program opens the round with a deadline and a disposisi.
    putaran = rounds.open_round(
        rt, who["kasubbag"], 2025, 1, date(2025, 4, 10), "Mohon unggah laporan TW I."
    )
    assert putaran.status.value == "dibuka"
    task = rounds.unit_task(rt, who["staf.a"], "BID-A", 2025, 1)
    assert task is not None
    assert (task.wajib, task.terisi, task.tahap.value, task.sisa_hari) == (4, 0, "belum", 21)
    assert task.boleh_unggah and task.putaran.disposisi == "Mohon unggah laporan TW I."

    # H-7: both units and the Kasubbag are reminded; a second run of the beat makes nothing.
    clock.at(date(2025, 4, 3))
    assert notifications.send_due_reminders(rt) == 3
    assert notifications.send_due_reminders(rt) == 0

    # BID-A uploads on time; the Irban Wil may not review a round still open.
    clock.at(date(2025, 4, 5))
    first_a = submissions.submit_quarter(rt, who["staf.a"], book_a, "bid-a.xlsx")
    before = snapshot(rt)
    with pytest.raises(LangkahTidakSah, match="masih dibuka"):
        review.review_round(rt, who["irban"], putaran.id, "YA")
    _only_an_audit_row(before, rt, "irban")

    # H-1: only BID-B (which has not uploaded) and the Kasubbag.
    clock.at(date(2025, 4, 9))
    assert notifications.send_due_reminders(rt) == 2

    # The day after the deadline: BID-B is refused, leaving nothing but an audit row.
    clock.at(date(2025, 4, 11))
    before = snapshot(rt)
    with pytest.raises(LangkahTidakSah, match="ditutup"):
        submissions.submit_quarter(rt, who["staf.b"], book_b, "bid-b.xlsx")
    _only_an_audit_row(before, rt, "staf.b")
    # The beat closes the round at its deadline and tells who is overdue.
    assert notifications.send_due_reminders(rt) == 2
    assert [p.status.value for p in rounds.list_rounds(rt, who["kasubbag"], 2025)] == ["ditutup"]

    # The Sekretaris reopens it for BID-B, with a reason; BID-B uploads, late.
    reopened = rounds.reopen_round(
        rt, who["sekretaris"], putaran.id, "Jaringan BID-B terputus", date(2025, 4, 14)
    )
    assert reopened.status.value == "dibuka"
    assert [(p.alasan, p.oleh) for p in reopened.pembukaan_ulang] == [
        ("Jaringan BID-B terputus", "Sekretaris")
    ]
    clock.at(date(2025, 4, 12))
    submissions.submit_quarter(rt, who["staf.b"], book_b, "bid-b.xlsx")
    clock.at(date(2025, 4, 14), hour=16)
    rounds.close_round(rt, who["kasubbag"], putaran.id)

    # Step 2: the recap.
    rekap = recap.recap_quarter(rt, who["penyusun"], 2025, 1)
    assert [(u.kode, u.status.value, u.versi) for u in rekap.unit] == [
        ("BID-A", "masuk", 1),
        ("BID-B", "terlambat", 1),
    ]
    clock.at(date(2025, 4, 15))
    done = recap.finish_recap(rt, who["penyusun"], 2025, 1)
    assert done.langkah_rekap is not None
    assert (
        done.langkah_rekap.hasil == "Rekap selesai: 0 belum, 1 masuk, 1 terlambat, 0 dikembalikan"
    )

    # Step 3: processing, with its data-quality findings, then its end.
    olah = processing.process_quarter(rt, who["penyusun"], 2025, 1)
    assert len(olah.triwulan_ini.indikator) == 5
    processing.finish_processing(rt, who["penyusun"], 2025, 1)

    # Publishing what the Irban Wil has not accepted is refused.
    draft = publication.compose_quarter_report(rt, who["penyusun"], 2025, 1)
    before = snapshot(rt)
    with pytest.raises(LangkahTidakSah, match="belum"):
        publication.publish_report(rt, who["kasubbag"], draft.id, [who["kadis"].id or 0])
    _only_an_audit_row(before, rt, "kasubbag")

    # Step 7: TIDAK, with a correction on IKU-01.
    clock.at(date(2025, 4, 16))
    tidak = review.review_round(
        rt,
        who["irban"],
        putaran.id,
        "TIDAK",
        "Realisasi akta belum sesuai register.",
        [review.KoreksiInput("IKU-01", "Cocokkan dengan register akta Maret: 210 dokumen.")],
    )
    assert tidak.keputusan == "TIDAK"
    task = rounds.unit_task(rt, who["staf.a"], "BID-A", 2025, 1)
    assert task is not None and task.tahap.value == "dikembalikan" and task.boleh_unggah
    assert [(k.kode_indikator, k.catatan, k.selesai) for k in task.koreksi] == [
        ("IKU-01", "Cocokkan dengan register akta Maret: 210 dokumen.", False)
    ]
    task_b = rounds.unit_task(rt, who["staf.b"], "BID-B", 2025, 1)
    assert task_b is not None and not task_b.boleh_unggah and task_b.koreksi == ()
    assert recap.recap_quarter(rt, who["penyusun"], 2025, 1).unit[0].status.value == "dikembalikan"

    # The unit uploads again; the Irban Wil sees what changed.
    clock.at(date(2025, 4, 17))
    corrected = fill_template(book_a, {"IKU-01": 210})
    second_a = submissions.submit_quarter(rt, who["staf.a"], corrected, "bid-a-perbaikan.xlsx")
    assert second_a.nomor == first_a.nomor + 1
    task = rounds.unit_task(rt, who["staf.a"], "BID-A", 2025, 1)
    assert task is not None and task.tahap.value == "diperbaiki"
    assert [k.selesai for k in task.koreksi] == [True]
    seen = review.round_review(rt, who["irban"], putaran.id)
    assert [
        (c.kode_indikator, c.nilai_lama, c.nilai_baru, c.versi_lama, c.versi_baru, c.dikoreksi)
        for c in seen.perubahan
    ] == [("IKU-01", 200, 210, 1, 2, True)]
    assert [k.keputusan for k in seen.keputusan] == ["TIDAK"]

    clock.at(date(2025, 4, 18))
    ya = review.review_round(rt, who["irban"], putaran.id, "YA", "Data sudah sesuai.")
    assert ya.keputusan == "YA"
    assert [p.status.value for p in rounds.list_rounds(rt, who["kasubbag"], 2025)] == ["diterima"]
    decisions = review.round_review(rt, who["irban"], putaran.id).keputusan
    assert [(k.keputusan, k.catatan) for k in decisions] == [
        ("YA", "Data sudah sesuai."),
        ("TIDAK", "Realisasi akta belum sesuai register."),
    ]

    # Steps 4, 7 and 5: the report is composed, reviewed, published; the Kepala Dinas opens it.
    clock.at(date(2025, 4, 21))
    laporan = publication.compose_quarter_report(rt, who["penyusun"], 2025, 1)
    assert laporan.nomor == 2
    publication.submit_report(rt, who["penyusun"], laporan.id)
    review.review_report(rt, who["irban"], laporan.id, "YA")
    clock.at(date(2025, 4, 22))
    published = publication.publish_report(
        rt, who["kasubbag"], laporan.id, [who["kadis"].id or 0, who["sekretaris"].id or 0]
    )
    assert published.status.value == "diterbitkan"
    clock.at(date(2025, 4, 23), hour=8)
    name, pdf = publication.open_report(rt, who["kadis"], laporan.id)
    assert pdf.startswith(b"%PDF") and name.endswith(".pdf")
    with rt.uow() as s:
        opened = {
            p.pengguna_id: p.dibuka_pada
            for p in s.scalars(
                select(PenerimaLaporan).where(PenerimaLaporan.laporan_versi_id == laporan.id)
            )
        }
    assert opened == {who["kadis"].id: clock.now, who["sekretaris"].id: None}

    # The audit log holds every step, and the three refusals.
    admin = dataclasses.replace(SISTEM)
    rows = list(reversed(auditlog.list_audit(rt, admin, limit=500)))
    steps = [(r.aksi, r.hasil) for r in rows if not r.aksi.startswith(("pengguna", "perencanaan"))]
    ok = [a for a, h in steps if h != "ditolak"]
    for expected in [
        "putaran.buka",
        "laporan_triwulan.unggah",
        "putaran.tutup",
        "putaran.buka_ulang",
        "rekap.selesai",
        "olah.selesai",
        "reviu.putaran",
        "laporan.susun",
        "laporan.ajukan",
        "reviu.laporan",
        "laporan.terbitkan",
        "laporan.buka",
    ]:
        assert expected in ok, (expected, ok)
    assert sorted(a for a, h in steps if h == "ditolak") == [
        "laporan.terbitkan",
        "laporan_triwulan.unggah",
        "reviu.putaran",
    ]
    upload_rows = [r for r in rows if r.aksi == "laporan_triwulan.unggah" and r.hasil != "ditolak"]
    assert [(r.detail or {}).get("sesudah") for r in upload_rows] == [
        "masuk",
        "terlambat",
        "diperbaiki",
    ]

    # The SOP step log: each step with its start and end, in the order it ran.
    with rt.uow() as s:
        logged = [
            (step.nomor, step.mulai_pada, step.selesai_pada)
            for step in s.scalars(select(LangkahSop).order_by(LangkahSop.id))
        ]
    assert {n for n, _start, end in logged if end is not None} == {1, 2, 3, 4, 5, 7}
    assert all(end is None or end >= start for _n, start, end in logged), logged
    # The recap (step 2) starts when the round first closes and ends with "rekap selesai";
    # processing (step 3) starts then and ends with "olah data selesai", the same day.
    recap_ended = datetime(2025, 4, 15, 2, tzinfo=UTC)
    assert [(n, start, end) for n, start, end in logged if n in (2, 3)] == [
        (2, datetime(2025, 4, 11, 2, tzinfo=UTC), recap_ended),
        (3, recap_ended, recap_ended),
    ]
    reviews = [(start, end) for n, start, end in logged if n == 7]
    # Three reviews: of the closed round (till TIDAK), of the corrected version (till YA),
    # of the report (till its YA).
    assert len(reviews) == 3

    # Every notice was made once, to whom it concerns.
    notices = _notices(rt)
    p, k, ua = putaran.id, tidak.id, who["staf.a"].unit_id
    lap = laporan.id
    reminders = [
        f"putaran:{p}:dibuka",
        f"putaran:{p}:h-7",
        f"putaran:{p}:h-1",
        f"putaran:{p}:lewat",
    ]
    assert notices == {
        # BID-A uploaded before H-1: it was told of the round, H-7 and its correction.
        "staf.a": [f"putaran:{p}:dibuka", f"putaran:{p}:h-7", f"keputusan:{k}:unit:{ua}"],
        "staf.b": reminders,
        "kasubbag": [*reminders, f"keputusan:{k}:unit:{ua}", f"keputusan:{k + 2}:laporan"],
        "irban": [f"versi:{second_a.versi_id}:perbaikan", f"laporan_versi:{lap}:diajukan"],
        "penyusun": [f"keputusan:{k + 2}:laporan"],
        "sekretaris": [f"laporan_versi:{lap}:terbit"],
        "kadis": [f"laporan_versi:{lap}:terbit"],
    }
    for keys in notices.values():
        assert len(keys) == len(set(keys))
    assert notifications.count_unread(rt, who["kadis"]) == 1
    assert notifications.mark_read(rt, who["kadis"]) == 1
    assert notifications.count_unread(rt, who["kadis"]) == 0

    # E-mail: what waits is delivered once to the real SMTP server, to users with an address.
    sent = notifications.deliver_emails(rt)
    assert (
        sent
        == len(inbox.messages)
        == sum(len(notices[u]) for u in ("staf.a", "kasubbag", "irban", "kadis"))
    )
    assert notifications.deliver_emails(rt) == 0
    to_kadis = [m for rcpt, m in inbox.messages if rcpt == ["kadis@balangan.test"]]
    assert len(to_kadis) == 1
    assert to_kadis[0]["Subject"].startswith("[LAKIP] Laporan")
    body = to_kadis[0].get_payload(decode=True).decode()
    assert "https://lakip.balangan.test/pemberitahuan" in body
    assert not any("staf.b" in str(rcpt) for rcpt, _m in inbox.messages)
