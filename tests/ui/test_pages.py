"""The other screens, driven as their users would drive them."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lakip.domain.roles import Peran
from lakip.services.access import SISTEM
from lakip.services.runtime import Runtime
from lakip.services.signin import login
from lakip.services.submissions import submit_quarter
from lakip.services.templates import template_for
from lakip.services.users import list_users, reset_password
from tests.integration.helpers import fill_template
from tests.ui.conftest import aktor_of, logged_in, nav_titles
from tests.ui.seed import BY_PERAN, INSTANSI, TAHUN, UNIT_A, plan_bytes
from tests.ui.test_login import submit_login
from tests.ui.test_unggah import XLSX, button, frame

CAPAIAN = [
    "Kode",
    "Indikator",
    "Satuan",
    "Target",
    "Realisasi",
    "Capaian",
    "Predikat",
    "Triwulan berdata",
    "Unit",
]


def open_page(app: AppTest, rt: Runtime, username: str, path: str) -> AppTest:
    logged_in(app, aktor_of(rt, username))
    app.switch_page(path).run()
    assert not app.exception, app.exception
    return app


def submit(rt: Runtime, unit: str, tw: int, values: dict[str, object]) -> None:
    name, template = template_for(rt, SISTEM, unit, TAHUN, tw)
    submit_quarter(rt, SISTEM, fill_template(template, values), name)


def test_beranda_shows_what_the_system_holds(app: AppTest, rt: Runtime) -> None:
    submit(rt, UNIT_A, 1, {"IK-01": 90})
    open_page(app, rt, "kepala", "pages/beranda.py")  # the Kepala Dinas lands on the Dasbor
    assert app.title[0].value == "Beranda"
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Tahun aktif"] == str(TAHUN)
    assert metrics["Tahun perencanaan"] == str(TAHUN)
    assert metrics["Unit pelapor"] == "2"
    assert metrics["Sasaran strategis"] == "2"
    assert metrics["Indikator kinerja"] == "3"
    assert metrics["Pengguna"] == "8"
    assert metrics["Laporan triwulan"] == "1"
    assert metrics["Versi diunggah"] == "1"
    assert metrics["Unggahan terakhir"].endswith("WITA")
    assert INSTANSI in app.markdown[0].value


def test_capaian_table_export_and_chart_for_a_period(app: AppTest, rt: Runtime) -> None:
    submit(rt, UNIT_A, 1, {"IK-01": 90, "IK-02": 5})
    submit(rt, UNIT_A, 2, {"IK-01": 110})
    open_page(app, rt, "kepala", "pages/capaian.py")
    app.selectbox(key="capaian_periode").set_value("S1").run()
    table = frame(app, CAPAIAN).set_index("Kode")
    # kumulatif: 90 + 110 against 100 + 100.
    assert table.loc["IK-01", ["Target", "Realisasi", "Capaian", "Predikat"]].tolist() == [
        "200",
        "200",
        "100,00 %",
        "Sangat Tinggi",
    ]
    assert table.loc["IK-01", "Triwulan berdata"] == "2 dari 2"
    assert table.loc["IK-03", ["Realisasi", "Capaian", "Predikat"]].tolist() == [
        "belum ada data",
        "belum ada data",
        "belum ada data",
    ]
    objectives = frame(app, ["Kode", "Sasaran", "Jumlah indikator", "Capaian", "Predikat"])
    assert objectives.set_index("Kode").loc["SS-2", "Capaian"] == "belum ada data"
    assert [d.label for d in app.download_button] == ["Unduh Excel", "Unduh PDF"]
    assert len(app.get("vega_lite_chart")) == 1
    assert "Semester I Tahun 2025" in app.subheader[0].value


def test_an_incomplete_kumulatif_period_says_how_many_quarters_are_in(
    app: AppTest, rt: Runtime
) -> None:
    submit(rt, UNIT_A, 1, {"IK-01": 90, "IK-02": 5})
    open_page(app, rt, "kepala", "pages/capaian.py")
    app.selectbox(key="capaian_periode").set_value("S1").run()
    table = frame(app, CAPAIAN).set_index("Kode")
    # IK-01 is kumulatif with only Triwulan I in: no realization and no achievement.
    assert table.loc["IK-01", ["Realisasi", "Capaian", "Predikat"]].tolist() == [
        "belum lengkap, 1 dari 2 triwulan",
        "belum ada data",
        "belum ada data",
    ]
    # IK-02 is terakhir: its latest quarter with data is the period's value.
    assert table.loc["IK-02", "Realisasi"] == "5"


def test_capaian_of_a_staf_unit_is_its_own_unit_only(app: AppTest, rt: Runtime) -> None:
    open_page(app, rt, "stafb", "pages/capaian.py")
    table = frame(app, CAPAIAN)
    assert table["Kode"].tolist() == ["IK-03"]
    assert len(app.get("vega_lite_chart")) == 0  # nothing to draw: no data is not 0 %


def test_plan_import_shows_counts_or_every_error(app: AppTest, rt: Runtime) -> None:
    open_page(app, rt, "penyusun", "pages/perencanaan.py")
    app.file_uploader[0].set_value(("perencanaan.xlsx", plan_bytes(), XLSX))
    button(app, "Impor").click().run()
    assert "berhasil diimpor: 0 baris dibuat" in app.success[0].value
    counts = frame(app, ["Lembar", "Dibuat", "Diperbarui"]).set_index("Lembar")
    assert counts.loc["Indikator", "Diperbarui"] == 3

    app.file_uploader[0].set_value(("rusak.xlsx", b"PK\x03\x04 bukan zip", XLSX))
    button(app, "Impor").click().run()
    assert not app.success
    assert app.error[0].value.startswith("Berkas ditolak; tidak ada data yang disimpan.")
    assert len(frame(app, ["Lokasi", "Masalah"])) >= 1


def test_admin_creates_a_user_who_can_then_log_in(app: AppTest, rt: Runtime) -> None:
    open_page(app, rt, "admin", "pages/pengguna.py")
    users = frame(
        app,
        [
            "Nama pengguna",
            "Nama",
            "NIP",
            "Jabatan",
            "Peran",
            "Unit",
            "Status",
            "Terkunci",
            "Login terakhir",
        ],
    )
    assert "stafa" in users["Nama pengguna"].tolist()
    app.text_input(key="baru_username").input("staf.baru")
    app.text_input(key="baru_nama").input("Staf Baru")
    app.text_input(key="baru_sandi").input("pendek")
    button(app, "Simpan pengguna").click().run()
    assert any("Kata sandi minimal 10 karakter" in m.value for m in app.markdown)
    assert app.text_input(key="baru_nama").value == "Staf Baru"  # what was typed stays

    app.text_input(key="baru_sandi").input("Kuat#Sekali-2025")
    next(s for s in app.selectbox if s.label == "Peran" and s.key is None).set_value(
        Peran.STAF_UNIT
    )
    next(s for s in app.selectbox if s.label == "Unit kerja").set_value(UNIT_A)
    button(app, "Simpan pengguna").click().run()
    assert [s.value for s in app.success] == ["Pengguna staf.baru berhasil dibuat."]
    assert "staf.baru" in frame(app, users.columns.tolist())["Nama pengguna"].tolist()
    assert login(rt, "staf.baru", "Kuat#Sekali-2025").peran is Peran.STAF_UNIT


def test_admin_deactivates_and_reactivates_a_user(app: AppTest, rt: Runtime) -> None:
    open_page(app, rt, "admin", "pages/pengguna.py")
    target = next(u for u in list_users(rt, SISTEM) if u.username == "stafb")
    app.selectbox(key="pengguna_pilih").set_value(target.id).run()
    button(app, "Nonaktifkan").click().run()
    assert [s.value for s in app.success] == ["stafb dinonaktifkan."]
    assert not next(u for u in list_users(rt, SISTEM) if u.username == "stafb").aktif
    button(app, "Aktifkan").click().run()
    assert next(u for u in list_users(rt, SISTEM) if u.username == "stafb").aktif


def test_admin_cannot_deactivate_self_and_sees_why(app: AppTest, rt: Runtime) -> None:
    open_page(app, rt, "admin", "pages/pengguna.py")
    me = next(u for u in list_users(rt, SISTEM) if u.username == "admin")
    app.selectbox(key="pengguna_pilih").set_value(me.id).run()
    button(app, "Nonaktifkan").click().run()
    assert "tidak dapat menonaktifkan akun Anda sendiri" in app.error[0].value


def test_audit_log_lists_and_filters(app: AppTest, rt: Runtime) -> None:
    open_page(app, rt, "irban", "pages/audit.py")
    table = frame(app, ["Waktu", "Pengguna", "Aksi", "Objek", "Hasil", "Rincian"])
    assert {"login", "pengguna.buat", "perencanaan.impor"} <= set(table["Aksi"])
    app.selectbox(key="audit_aksi").set_value("login").run()
    table = frame(app, ["Waktu", "Pengguna", "Aksi", "Objek", "Hasil", "Rincian"])
    assert set(table["Aksi"]) == {"login"}
    app.text_input(key="audit_username").input("irban").run()
    table = frame(app, ["Waktu", "Pengguna", "Aksi", "Objek", "Hasil", "Rincian"])
    assert set(table["Pengguna"]) == {"irban"}


def test_own_password_change(app: AppTest, rt: Runtime) -> None:
    open_page(app, rt, "stafa", "pages/akun.py")
    inputs = {t.label: t for t in app.text_input}
    inputs["Kata sandi saat ini"].input("salah-sekali-123")
    inputs["Kata sandi baru"].input("Sandi#Baru-2025x")
    inputs["Ulangi kata sandi baru"].input("Sandi#Baru-2025x")
    button(app, "Simpan kata sandi").click().run()
    assert "Kata sandi saat ini salah." in app.error[0].value

    inputs = {t.label: t for t in app.text_input}
    inputs["Kata sandi saat ini"].input(BY_PERAN[Peran.STAF_UNIT].password)
    inputs["Kata sandi baru"].input("Sandi#Baru-2025x")
    inputs["Ulangi kata sandi baru"].input("Sandi#Baru-2025x")
    button(app, "Simpan kata sandi").click().run()
    assert [s.value for s in app.success] == ["Kata sandi berhasil diganti."]
    assert login(rt, "stafa", "Sandi#Baru-2025x").username == "stafa"


def test_reset_password_forces_a_change_before_anything_else(app: AppTest, rt: Runtime) -> None:
    admin = aktor_of(rt, "admin")
    target = next(u for u in list_users(rt, admin) if u.username == "kepala")
    reset_password(rt, admin, target.id, "Sementara#2025x")
    submit_login(app.run(), "kepala", "Sementara#2025x")
    assert [t.value for t in app.title] == ["Akun Saya"]
    assert "direset oleh Admin" in app.warning[0].value
    inputs = {t.label: t for t in app.text_input}
    inputs["Kata sandi saat ini"].input("Sementara#2025x")
    inputs["Kata sandi baru"].input("Pilihan#Sendiri-2025")
    inputs["Ulangi kata sandi baru"].input("Pilihan#Sendiri-2025")
    button(app, "Simpan kata sandi").click().run()
    assert not app.warning
    assert [t.value for t in app.title] == ["Akun Saya"]
    app.run()
    assert "Capaian Kinerja" in nav_titles(app)
