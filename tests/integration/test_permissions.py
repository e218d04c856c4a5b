"""Every role against every service action.

The expectations below are written out by hand from the issue and the SOP (not derived from
``lakip.domain.roles.MATRIX``), so a wrong matrix fails here. An allowed action does what it
says (each case checks its result and the rows it changed); a refused one raises ``Ditolak``
and leaves no trace in the record but one audit row saying so.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from lakip.domain.roles import Peran
from lakip.services import (
    achievement,
    agency,
    auditlog,
    backup,
    dashboard,
    history,
    jobs,
    planning,
    processing,
    publication,
    recap,
    report_analysis,
    report_builds,
    review,
    rounds,
    signin,
    sop_monitoring,
    submissions,
    system_check,
    templates,
    users,
)
from lakip.services.access import SISTEM, Aktor
from lakip.services.errors import Ditolak, LakipError
from lakip.services.runtime import Runtime
from lakip.services.setup import ensure_defaults
from lakip.store.models import Laporan, LaporanVersi, VersiPengiriman
from tests.fixtures.images import tiny_image
from tests.fixtures.plans import plan_for_year, small_plan
from tests.integration.helpers import fill_template, snapshot

STAF, PENYUSUN, KASUBBAG, SEKRETARIS, IRBAN, KADIS, ADMIN = (
    Peran.STAF_UNIT,
    Peran.STAF_PENYUSUN,
    Peran.KASUBBAG_PROGRAM,
    Peran.SEKRETARIS,
    Peran.IRBAN_WIL,
    Peran.KEPALA_DINAS,
    Peran.ADMIN,
)
EVERYONE = frozenset(Peran)
READERS = EVERYONE  # Staf Unit reads its own unit only (checked separately below)
PROGRAM = frozenset({PENYUSUN, KASUBBAG})


@dataclass(frozen=True)
class World:
    rt: Runtime
    filled: bytes  # a valid filled quarterly workbook of unit BID-A
    versi_id: int
    user_id: int  # an ordinary user the admin actions act on
    job_id: str  # a system check created by the system: nobody's own job
    # SOP objects prepared for each allowed role, so that no case depends on another's run.
    # Refused roles take the first one: they are turned away before it is read.
    ids: dict[str, dict[Peran, int]] = field(default_factory=dict)
    kadis_id: int = 0

    def id_for(self, what: str, a: Aktor) -> int:
        mine = self.ids[what]
        return mine.get(a.peran, next(iter(mine.values())))


Action = Callable[[World, Aktor], Any]
Changes = dict[str, list[Any]]
Effect = Callable[[World, Aktor, Any, Changes], None]
"""Checks what an allowed action did: its result and the rows it changed."""


@dataclass(frozen=True)
class Case:
    action: Action
    allowed: frozenset[Peran]
    did: Effect


def _read_only(check: Callable[[Any], bool]) -> Effect:
    """A read: ``check`` holds on the result, and nothing in the record changed but, for a
    read that is logged, the audit log."""

    def did(w: World, a: Aktor, result: Any, changes: Changes) -> None:
        assert check(result), result
        assert set(changes) <= {"log_audit"}, changes

    return did


def _writes(*tables: str, check: Callable[[Any], bool] = lambda r: True) -> Effect:
    """A write: rows of ``tables`` changed, an audit row names the actor, ``check`` holds."""

    def did(w: World, a: Aktor, result: Any, changes: Changes) -> None:
        assert check(result), result
        assert set(tables) <= set(changes), (tables, set(changes))
        assert any(a.username in row for row in changes.get("log_audit", [])), changes

    return did


def _workbook_with(text: str) -> Callable[[Any], bool]:
    def check(result: Any) -> bool:
        name, data = result
        book = openpyxl.load_workbook(io.BytesIO(data))
        cells = {str(c.value) for ws in book for row in ws.iter_rows() for c in row if c.value}
        return str(name).endswith(".xlsx") and text in cells

    return check


def _restore_into(w: World, a: Aktor) -> str:
    """The message a restore into this (non-empty) world ends with."""
    try:
        backup.restore(w.rt, a, w.rt.settings.data_dir / "cadangan.zip")
    except Ditolak:
        raise
    except LakipError as exc:
        return str(exc)
    return "dipulihkan"


ACTIONS: dict[str, Case] = {
    "impor dokumen perencanaan": Case(
        lambda w, a: planning.import_plan(w.rt, a, small_plan(), "rencana.xlsx"),
        PROGRAM | {ADMIN},
        _writes(check=lambda r: sum(r.diperbarui.values()) > 0 and not r.dibuat),
    ),
    "unduh template unit sendiri": Case(
        lambda w, a: templates.template_for(w.rt, a, "BID-A", 2025, 1),
        PROGRAM | {STAF},
        _read_only(_workbook_with("IKU-01")),
    ),
    "unggah laporan triwulan unit sendiri": Case(
        lambda w, a: submissions.submit_quarter(w.rt, a, w.filled, "laporan.xlsx"),
        PROGRAM | {STAF},
        _writes(
            "versi_pengiriman", "realisasi", check=lambda r: r.nomor > 1 and r.kode_unit == "BID-A"
        ),
    ),
    "rekap triwulan": Case(
        lambda w, a: recap.recap_quarter(w.rt, a, 2025, 1),
        PROGRAM | {SEKRETARIS, IRBAN},
        _read_only(
            lambda r: (
                (r.unit[0].kode, r.unit[0].status.value) == ("BID-A", "masuk")
                and r.unit[0].versi >= 1
            )
        ),
    ),
    "unduh rekap triwulan": Case(
        lambda w, a: recap.export_recap_xlsx(w.rt, a, 2025, 1),
        PROGRAM | {SEKRETARIS, IRBAN},
        _read_only(_workbook_with("IKU-01")),
    ),
    "rekap selesai": Case(
        lambda w, a: recap.finish_recap(w.rt, a, 2028, _RECAP_QUARTER.get(a.peran, 1)),
        PROGRAM | {SEKRETARIS, IRBAN},
        _writes("langkah_sop", check=lambda r: r.rekap_selesai),
    ),
    "olah data triwulan": Case(
        lambda w, a: processing.process_quarter(w.rt, a, 2025, 1),
        PROGRAM | {SEKRETARIS, IRBAN},
        _read_only(lambda r: [i.kode for i in r.triwulan_ini.indikator][:1] == ["IKU-01"]),
    ),
    "olah data selesai": Case(
        lambda w, a: processing.finish_processing(w.rt, a, 2029, _RECAP_QUARTER.get(a.peran, 1)),
        PROGRAM | {SEKRETARIS, IRBAN},
        _writes("langkah_sop", check=lambda r: r.olah_selesai),
    ),
    "lihat capaian": Case(
        lambda w, a: achievement.compute_capaian(w.rt, a, 2025, "TW1"),
        READERS,
        _read_only(
            lambda r: (
                [(i.kode, i.realisasi) for i in r.indikator if i.kode == "IKU-01"]
                == [("IKU-01", 200)]
            )
        ),
    ),
    "ekspor capaian ke Excel": Case(
        lambda w, a: achievement.export_capaian_xlsx(w.rt, a, 2025, "TW1"),
        READERS,
        _read_only(_workbook_with("IKU-01")),
    ),
    "ekspor capaian ke PDF": Case(
        lambda w, a: achievement.export_capaian_pdf(w.rt, a, 2025, "TW1"),
        READERS,
        _read_only(lambda r: r[0].endswith(".pdf") and r[1].startswith(b"%PDF")),
    ),
    "susun tabel capaian": Case(
        lambda w, a: achievement.build_capaian_table(w.rt, a, 2025, "TW1"),
        READERS,
        _read_only(lambda r: "IKU-01" in {b.kode for b in r[0].baris} and r[1].kode == "TW1"),
    ),
    "riwayat versi unit sendiri": Case(
        lambda w, a: history.list_versions(w.rt, a, "BID-A", 2025, 1),
        READERS,
        _read_only(lambda r: r[0].terbaru and r[-1].nomor == 1),
    ),
    "unduh berkas versi": Case(
        lambda w, a: history.version_file(w.rt, a, w.versi_id),
        READERS,
        lambda w, a, r, ch: _read_only(lambda r: r == (r[0], w.filled))(w, a, r, ch),
    ),
    "baca profil instansi": Case(
        lambda w, a: agency.read_profile(w.rt, a),
        frozenset({ADMIN}),
        _read_only(lambda r: r is not None and r.pemerintah_daerah.startswith("Kabupaten")),
    ),
    "simpan profil instansi": Case(
        lambda w, a: agency.save_profile(
            w.rt,
            a,
            agency.DataInstansi(nama=f"Dinas {a.username}", pemerintah_daerah="Kabupaten Uji"),
        ),
        frozenset({ADMIN}),
        _writes("instansi"),
    ),
    "simpan logo instansi": Case(
        lambda w, a: agency.save_logo(w.rt, a, tiny_image("PNG")),
        frozenset({ADMIN}),
        _writes(check=lambda r: len(r) == 64),
    ),
    "ubah standar waktu SOP": Case(
        lambda w, a: agency.set_sop_standard_times(w.rt, a, {1: 20 + len(a.username)}),
        frozenset({ADMIN}),
        _writes("standar_sop", check=lambda r: r == 1),
    ),
    "daftar pengguna": Case(
        lambda w, a: users.list_users(w.rt, a),
        frozenset({ADMIN}),
        _read_only(lambda r: {"admin", "staf.a", "staf.b"} <= {u.username for u in r}),
    ),
    "buat pengguna": Case(
        lambda w, a: users.create_user(
            w.rt,
            a,
            username=f"baru.{a.username}",
            nama="Pengguna Baru",
            peran=Peran.KEPALA_DINAS,
            password="Sandi-Yang-Panjang-7",
        ),
        frozenset({ADMIN}),
        _writes("pengguna", check=lambda r: r.username.startswith("baru.") and r.aktif),
    ),
    "reset kata sandi": Case(
        lambda w, a: users.reset_password(w.rt, a, w.user_id, "Sandi-Baru-Panjang-9"),
        frozenset({ADMIN}),
        _writes("pengguna"),
    ),
    "nonaktifkan pengguna": Case(
        lambda w, a: users.deactivate_user(w.rt, a, w.user_id),
        frozenset({ADMIN}),
        _writes("pengguna", check=lambda r: not r.aktif),
    ),
    "aktifkan pengguna": Case(
        lambda w, a: users.activate_user(w.rt, a, w.user_id),
        frozenset({ADMIN}),
        _writes(check=lambda r: r.aktif),
    ),
    "ubah peran pengguna": Case(
        lambda w, a: users.set_role(w.rt, a, w.user_id, Peran.SEKRETARIS),
        frozenset({ADMIN}),
        _writes(check=lambda r: r.peran is Peran.SEKRETARIS),
    ),
    "buka kunci pengguna": Case(
        lambda w, a: users.unlock_user(w.rt, a, w.user_id),
        frozenset({ADMIN}),
        _writes(check=lambda r: not r.terkunci()),
    ),
    "lihat log audit": Case(
        lambda w, a: auditlog.list_audit(w.rt, a),
        frozenset({ADMIN, IRBAN}),
        _read_only(lambda r: any(row.aksi == "login" for row in r)),
    ),
    "daftar aksi log audit": Case(
        lambda w, a: auditlog.audit_actions(w.rt, a),
        frozenset({ADMIN, IRBAN}),
        _read_only(lambda r: "login" in r),
    ),
    "jalankan pemeriksaan sistem": Case(
        lambda w, a: jobs.create_job(w.rt, a, system_check.KIND, {}),
        frozenset({ADMIN}),
        _writes("job", check=lambda r: len(r) == 36),
    ),
    "lihat pekerjaan orang lain": Case(
        lambda w, a: jobs.get_job(w.rt, a, w.job_id),
        frozenset({ADMIN}),
        _read_only(lambda r: r.kind == system_check.KIND),
    ),
    # The SOP (issue 15): rounds, review, reports and their dissemination.
    "buka putaran pengumpulan": Case(
        lambda w, a: rounds.open_round(
            w.rt, a, 2025, _OPEN_QUARTER.get(a.peran, 2), _SOON, "Mohon unggah laporan."
        ),
        PROGRAM | {SEKRETARIS},
        _writes("putaran_pengumpulan", "disposisi", check=lambda r: r.status.value == "dibuka"),
    ),
    "tutup putaran pengumpulan": Case(
        lambda w, a: rounds.close_round(w.rt, a, w.id_for("tutup", a)),
        PROGRAM | {SEKRETARIS},
        _writes("putaran_pengumpulan", check=lambda r: r.status.value == "ditutup"),
    ),
    "buka ulang putaran": Case(
        lambda w, a: rounds.reopen_round(
            w.rt, a, w.id_for("buka_ulang", a), "Unit B terlambat karena jaringan", _SOON
        ),
        PROGRAM | {SEKRETARIS},
        _writes(
            "pembukaan_ulang",
            check=lambda r: r.status.value == "dibuka" and len(r.pembukaan_ulang) == 1,
        ),
    ),
    "daftar putaran": Case(
        lambda w, a: rounds.list_rounds(w.rt, a, 2026),
        PROGRAM | {SEKRETARIS, IRBAN},
        _read_only(
            lambda r: (
                [(p.triwulan, p.status.value) for p in r][-2:] == [(2, "ditutup"), (1, "diterima")]
            )
        ),
    ),
    "tugas unit dalam putaran": Case(
        lambda w, a: rounds.unit_task(w.rt, a, "BID-A", 2026, 2),
        PROGRAM | {STAF},
        _read_only(lambda r: (r.wajib, r.terisi, r.tahap.value) == (4, 2, "masuk")),
    ),
    "reviu data putaran": Case(
        lambda w, a: review.review_round(w.rt, a, w.id_for("reviu", a), "YA", "Data lengkap."),
        frozenset({IRBAN}),
        _writes("keputusan_reviu", check=lambda r: r.keputusan == "YA"),
    ),
    "pantau waktu langkah SOP": Case(
        lambda w, a: sop_monitoring.monitor_round(w.rt, a, w.id_for("diterima", a)),
        PROGRAM | {SEKRETARIS, IRBAN},
        _read_only(lambda r: [s.nomor for s in r.langkah][:2] == [1, 2] and not r.melebihi),
    ),
    "lihat reviu putaran": Case(
        lambda w, a: review.round_review(w.rt, a, w.id_for("diterima", a)),
        PROGRAM | {SEKRETARIS, IRBAN},
        _read_only(lambda r: [k.keputusan for k in r.keputusan] == ["YA"]),
    ),
    "susun laporan triwulan": Case(
        lambda w, a: publication.compose_quarter_report(w.rt, a, 2026, 1),
        PROGRAM,
        _writes("laporan_versi", check=lambda r: r.status.value == "draf" and r.nomor > 1),
    ),
    "bangun laporan di worker": Case(
        lambda w, a: report_builds.request_report_build(w.rt, a, "semester", 2026, "S1"),
        PROGRAM,
        _writes("job", check=lambda r: len(r) == 36),
    ),
    "bangun laporan langsung": Case(
        lambda w, a: report_builds.compose_report(w.rt, a, "semester", 2026, "S1"),
        PROGRAM,
        _writes(
            "laporan_versi", check=lambda r: r.xlsx_nama.startswith("Laporan_semester_2026_S1")
        ),
    ),
    "daftar pembangunan laporan": Case(
        lambda w, a: report_builds.list_report_builds(w.rt, a),
        PROGRAM,
        _read_only(lambda r: any(b.state == "failed" for b in r)),
    ),
    "ulangi pembangunan laporan": Case(
        lambda w, a: report_builds.retry_report_build(w.rt, a, w.id_for("ulang", a)),
        PROGRAM,
        _writes("job", check=lambda r: len(r) == 36),
    ),
    "baca dasbor kinerja": Case(
        lambda w, a: dashboard.read_dashboard(w.rt, a, 2026, "TW1"),
        PROGRAM | {SEKRETARIS, IRBAN, KADIS, ADMIN},
        _read_only(lambda r: r.tahun == 2026 and bool(r.indikator) and bool(r.sasaran)),
    ),
    "versi data dasbor": Case(
        lambda w, a: dashboard.data_version(w.rt, a),
        PROGRAM | {SEKRETARIS, IRBAN, KADIS, ADMIN},
        _read_only(lambda r: len(r) == 3 and r[0] > 0),
    ),
    "baca analisis LKjIP": Case(
        lambda w, a: report_analysis.annual_analysis(w.rt, a, 2026),
        PROGRAM,
        _read_only(lambda r: bool(r) and r[0].kunci.startswith("sasaran:") and r[0].draf),
    ),
    "sunting analisis LKjIP": Case(
        lambda w, a: report_analysis.save_analysis(
            w.rt, a, 2026, "sasaran:SS-01", f"Analisis oleh {a.username}."
        ),
        PROGRAM,
        _writes("analisis_laporan", check=lambda r: r is True),
    ),
    "ajukan laporan untuk direviu": Case(
        lambda w, a: publication.submit_report(w.rt, a, w.id_for("ajukan", a)),
        PROGRAM,
        _writes("laporan_versi", check=lambda r: r.status.value == "diajukan"),
    ),
    "reviu laporan": Case(
        lambda w, a: review.review_report(w.rt, a, w.id_for("reviu_laporan", a), "YA"),
        frozenset({IRBAN}),
        _writes("keputusan_reviu", "laporan_versi", check=lambda r: r.keputusan == "YA"),
    ),
    "lihat reviu laporan": Case(
        lambda w, a: review.report_decisions(w.rt, a, w.id_for("terbit", a)),
        PROGRAM | {SEKRETARIS, IRBAN},
        _read_only(lambda r: [k.keputusan for k in r] == ["YA"]),
    ),
    "setujui laporan tahunan": Case(
        lambda w, a: publication.approve_annual_report(w.rt, a, w.id_for("setujui", a)),
        frozenset({SEKRETARIS}),
        _writes("laporan_versi", check=lambda r: r.status.value == "disetujui"),
    ),
    "terbitkan laporan": Case(
        lambda w, a: publication.publish_report(w.rt, a, w.id_for("terbitkan", a), [w.kadis_id]),
        frozenset({KASUBBAG}),
        _writes("penerima_laporan", check=lambda r: r.status.value == "diterbitkan"),
    ),
    "daftar penerima laporan": Case(
        lambda w, a: publication.list_recipients(w.rt, a),
        frozenset({KASUBBAG}),
        _read_only(
            lambda r: (
                "kadis" not in {p.nama for p in r}
                and f"Pengguna {KADIS.value}" in {p.nama for p in r}
                and f"Pengguna {STAF.value}" not in {p.nama for p in r}
            )
        ),
    ),
    "daftar laporan": Case(
        lambda w, a: publication.list_reports(w.rt, a, 2026),
        READERS - {STAF},
        _read_only(lambda r: "diterbitkan" in {v.status.value for v in r}),
    ),
    "buka laporan terbit": Case(
        lambda w, a: publication.open_report(w.rt, a, w.id_for("terbit", a)),
        READERS - {STAF},
        lambda w, a, r, ch: _read_only(lambda r: r[1].startswith(b"%PDF"))(
            w, a, r, {k: v for k, v in ch.items() if k != "penerima_laporan"}
        ),
    ),
    "cadangkan seluruh data": Case(
        lambda w, a: backup.backup(
            w.rt, a, w.rt.settings.data_dir.parent / f"cadangan-{uuid.uuid4().hex}.zip"
        ),
        frozenset({ADMIN}),
        _read_only(lambda r: r.berkas.is_file() and r.baris > 0 and r.jumlah_berkas > 0),
    ),
    "pulihkan cadangan": Case(
        lambda w, a: _restore_into(w, a),
        frozenset({ADMIN}),
        # Allowed, and then refused by the next rule: this world is not empty.
        _read_only(lambda r: r.startswith("Pemulihan ditolak: tujuan tidak kosong")),
    ),
}

_SOON = date.today() + timedelta(days=30)
_OPEN_QUARTER = {PENYUSUN: 2, KASUBBAG: 3, SEKRETARIS: 4}
_RECAP_QUARTER = {PENYUSUN: 1, KASUBBAG: 2, SEKRETARIS: 3, IRBAN: 4}  # closed rounds of 2028


USERNAMES = {
    STAF: "staf.a",
    PENYUSUN: "penyusun",
    KASUBBAG: "kasubbag",
    SEKRETARIS: "sekretaris",
    IRBAN: "irban",
    KADIS: "kadis",
    ADMIN: "admin",
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    from tests.conftest import make_runtime

    rt = make_runtime(Path(tmp_path_factory.mktemp("perms")) / "data")
    planning.import_plan(rt, SISTEM, small_plan(), "rencana.xlsx")
    ensure_defaults(rt)
    agency.save_profile(
        rt, SISTEM, agency.DataInstansi(nama="Dinas", pemerintah_daerah="Kabupaten")
    )
    for peran, username in USERNAMES.items():
        users.create_user(
            rt,
            SISTEM,
            username=username,
            nama=f"Pengguna {peran.value}",
            peran=peran,
            password="Sandi-Uji-Panjang-1",
            unit_kode="BID-A" if peran is STAF else None,
        )
    users.create_user(
        rt,
        SISTEM,
        username="staf.b",
        nama="Staf B",
        peran=STAF,
        password="Sandi-Uji-Panjang-2",
        unit_kode="BID-B",
    )
    target = users.create_user(
        rt,
        SISTEM,
        username="sasaran.admin",
        nama="Akun Uji",
        peran=KADIS,
        password="Sandi-Uji-Panjang-3",
    )
    _name, template = templates.template_for(rt, SISTEM, "BID-A", 2025, 1)
    filled = fill_template(template, {"IKU-01": 200, "IKU-02": 80})
    submissions.submit_quarter(rt, SISTEM, filled, "awal.xlsx")
    with rt.uow() as s:
        versi_id = s.scalar(select(VersiPengiriman.id))
    assert versi_id is not None
    job_id = jobs.create_job(rt, SISTEM, system_check.KIND, {})
    kadis_id = next(u.id for u in users.list_users(rt, SISTEM) if u.username == "kadis")
    return World(rt, filled, versi_id, target.id, job_id, _sop_objects(rt, kadis_id), kadis_id)


def _sop_objects(rt: Runtime, kadis_id: int) -> dict[str, dict[Peran, int]]:
    """Rounds and report versions in the state each SOP case starts from, one per allowed
    role, all made by the system but the decisions, which are the Irban Wil's (2026 to 2029
    plans beside the 2025 one)."""
    irban = signin.login(rt, USERNAMES[IRBAN], "Sandi-Uji-Panjang-1")
    for tahun in (2026, 2027, 2028, 2029):
        planning.import_plan(rt, SISTEM, plan_for_year(tahun), f"rencana-{tahun}.xlsx")

    def opened(tahun: int, tw: int, *, upload: bool = False, close: bool = False) -> int:
        p = rounds.open_round(rt, SISTEM, tahun, tw, _SOON, "Mohon unggah laporan.")
        if upload:
            _n, book = templates.template_for(rt, SISTEM, "BID-A", tahun, tw)
            submissions.submit_quarter(
                rt, SISTEM, fill_template(book, {"IKU-01": 50, "IKU-02": 70}), "a.xlsx"
            )
        if close:
            rounds.close_round(rt, SISTEM, p.id)
        return p.id

    for tw in _RECAP_QUARTER.values():
        opened(2028, tw, close=True)
        opened(2029, tw, close=True)
        recap.finish_recap(rt, SISTEM, 2029, tw)
    accepted = opened(2026, 1, upload=True, close=True)
    review.review_round(rt, irban, accepted, "YA")
    ids = {
        "diterima": {IRBAN: accepted},
        "reviu": {IRBAN: opened(2026, 2, upload=True, close=True)},
        "tutup": {
            PENYUSUN: opened(2027, 1),
            KASUBBAG: opened(2027, 2),
            SEKRETARIS: opened(2027, 3),
        },
        "buka_ulang": {
            PENYUSUN: opened(2027, 4, close=True),
            KASUBBAG: opened(2026, 3, close=True),
            SEKRETARIS: opened(2026, 4, close=True),
        },
    }

    def report(*, submit: bool = False, accept: bool = False, publish: bool = False) -> int:
        v = publication.compose_quarter_report(rt, SISTEM, 2026, 1).id
        if submit or accept or publish:
            publication.submit_report(rt, SISTEM, v)
        if accept or publish:
            review.review_report(rt, irban, v, "YA")
        if publish:
            publication.publish_report(rt, SISTEM, v, [kadis_id])
        return v

    ids["ajukan"] = {PENYUSUN: report(), KASUBBAG: report()}
    ids["reviu_laporan"] = {IRBAN: report(submit=True)}
    ids["terbitkan"] = {KASUBBAG: report(accept=True)}
    ids["terbit"] = {KADIS: report(publish=True)}
    with rt.uow() as s:  # annual reports are built by issue 16: one accepted, stored by hand
        lap = Laporan(jenis="tahunan", tahun=2026, periode="TAHUN", versi_terakhir=1)
        s.add(lap)
        s.flush()
        versi = LaporanVersi(laporan_id=lap.id, nomor=1, status="diterima", sumber_versi=[])
        s.add(versi)
        s.flush()
        ids["setujui"] = {SEKRETARIS: versi.id}
        s.commit()
    failed = jobs.create_job(
        rt, SISTEM, report_builds.KIND, {"jenis": "semester", "tahun": 2026, "periode": "S1"}
    )
    jobs.update_job(rt, failed, state=jobs.FAILED, error="Uji: gagal.")
    ids["ulang"] = {PENYUSUN: failed}
    return ids


def aktor_for(world: World, peran: Peran) -> Aktor:
    return signin.login(world.rt, USERNAMES[peran], "Sandi-Uji-Panjang-1")


def _diff(
    before: dict[str, list[tuple[object, ...]]], after: dict[str, list[tuple[object, ...]]]
) -> dict[str, list[Any]]:
    changed = {}
    for table in before:
        added = [r for r in after[table] if r not in before[table]]
        removed = [r for r in before[table] if r not in after[table]]
        if added or removed:
            changed[table] = added + removed
    return changed


CASES = [(name, peran) for name in ACTIONS for peran in Peran]


@pytest.mark.parametrize(("name", "peran"), CASES, ids=[f"{n}-{p.name}" for n, p in CASES])
def test_role_against_action(world: World, name: str, peran: Peran) -> None:
    case = ACTIONS[name]
    aktor = aktor_for(world, peran)
    before = snapshot(world.rt)
    if peran in case.allowed:
        result = case.action(world, aktor)
        case.did(world, aktor, result, _diff(before, snapshot(world.rt)))
        return
    with pytest.raises(Ditolak, match="Akses ditolak"):
        case.action(world, aktor)
    changes = _diff(before, snapshot(world.rt))
    assert set(changes) == {"log_audit"}, changes
    (row,) = changes["log_audit"]
    assert aktor.username in row and "ditolak" in row


@pytest.mark.parametrize(
    "action",
    [
        lambda w, a: templates.template_for(w.rt, a, "BID-A", 2025, 1),
        lambda w, a: history.list_versions(w.rt, a, "BID-A", 2025, 1),
        lambda w, a: history.version_file(w.rt, a, w.versi_id),
        lambda w, a: submissions.submit_quarter(w.rt, a, w.filled, "laporan.xlsx"),
    ],
    ids=["template", "riwayat", "unduh-versi", "unggah"],
)
def test_staf_unit_is_refused_another_units_data(world: World, action: Action) -> None:
    aktor = signin.login(world.rt, "staf.b", "Sandi-Uji-Panjang-2")
    before = snapshot(world.rt)
    with pytest.raises(Ditolak, match="unit Anda sendiri"):
        action(world, aktor)
    assert set(_diff(before, snapshot(world.rt))) == {"log_audit"}


def test_staf_unit_sees_only_its_own_indicators(world: World) -> None:
    aktor = aktor_for(world, STAF)
    result = achievement.compute_capaian(world.rt, aktor, 2025, "TW1")
    assert {i.kode_unit for i in result.indikator} == {"BID-A"}
    everyone = achievement.compute_capaian(world.rt, aktor_for(world, KADIS), 2025, "TW1")
    assert {i.kode_unit for i in everyone.indikator} == {"BID-A", "BID-B"}
