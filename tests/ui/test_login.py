"""Login, logout, idle expiry and the menu each role gets."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from streamlit.testing.v1 import AppTest

from lakip.domain.roles import Peran
from lakip.services.access import SISTEM
from lakip.services.runtime import Runtime
from lakip.services.users import deactivate_user, list_users
from tests.ui.conftest import aktor_of, logged_in, nav_titles
from tests.ui.seed import AKUN, BY_PERAN, INSTANSI, PEMDA
from ui.session import AKTIVITAS, AKTOR, PESAN_KEDALUWARSA

GENERIC = "Nama pengguna atau kata sandi salah."

_EVERYONE = {"Beranda", "Akun Saya", "Pemberitahuan"}
# Every reader of published reports and of the dashboard; not a Staf Unit.
_REPORTS = {"Laporan Kinerja", "Dasbor Kinerja"}
_SOP = {
    "Pengumpulan Data",
    "Rekap Triwulan",
    "Olah Data",
    "Reviu",
    "Pemantauan SOP",
}  # who opens rounds also follows their review
MENU = {
    Peran.STAF_UNIT: _EVERYONE | {"Unggah Laporan Triwulan", "Capaian Kinerja"},
    Peran.STAF_PENYUSUN: _EVERYONE
    | _SOP
    | _REPORTS
    | {"Unggah Laporan Triwulan", "Capaian Kinerja", "Dokumen Perencanaan"},
    Peran.KASUBBAG_PROGRAM: _EVERYONE
    | _SOP
    | _REPORTS
    | {"Unggah Laporan Triwulan", "Capaian Kinerja", "Dokumen Perencanaan"},
    Peran.SEKRETARIS: _EVERYONE | _SOP | _REPORTS | {"Capaian Kinerja"},
    Peran.IRBAN_WIL: _EVERYONE
    | _REPORTS
    | {"Capaian Kinerja", "Rekap Triwulan", "Olah Data", "Reviu", "Pemantauan SOP", "Log Audit"},
    Peran.KEPALA_DINAS: _EVERYONE | _REPORTS | {"Capaian Kinerja"},
    Peran.ADMIN: _EVERYONE
    | _REPORTS
    | {"Capaian Kinerja", "Dokumen Perencanaan", "Pengguna", "Profil Instansi", "Log Audit"},
}


def submit_login(app: AppTest, username: str, password: str) -> AppTest:
    inputs = {t.label: t for t in app.text_input}
    inputs["Nama pengguna"].input(username)
    inputs["Kata sandi"].input(password)
    return app.button[0].click().run()


def assert_login_form_only(app: AppTest) -> None:
    assert [t.label for t in app.text_input] == ["Nama pengguna", "Kata sandi"]
    assert [b.label for b in app.button] == ["Masuk"]
    assert nav_titles(app) == {"Masuk"}
    assert len(app.sidebar.children) == 0
    assert not app.metric and not app.dataframe


def test_logged_out_visitor_sees_only_the_login_form_with_the_agency_name(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert_login_form_only(app)
    assert f"{INSTANSI} {PEMDA}" in [s.value for s in app.subheader]


@pytest.mark.parametrize(
    ("username", "password"),
    [("stafa", "salah-sekali-123"), ("tidak-ada", "Rahasia#Kuat-2025-11")],
    ids=["wrong-password", "unknown-user"],
)
def test_failed_login_shows_one_generic_error(app: AppTest, username: str, password: str) -> None:
    submit_login(app.run(), username, password)
    assert [e.value for e in app.error] == [GENERIC]
    assert app.session_state[AKTOR] is None
    assert_login_form_only(app)


@pytest.mark.parametrize("peran", list(Peran), ids=lambda p: p.name)
def test_login_opens_the_menu_of_the_role_only(app: AppTest, peran: Peran) -> None:
    akun = BY_PERAN[peran]
    submit_login(app.run(), akun.username, akun.password)
    assert not app.exception
    assert app.session_state[AKTOR].username == akun.username
    assert nav_titles(app) == MENU[peran]
    leaders = {Peran.KEPALA_DINAS, Peran.SEKRETARIS}  # they land on the dashboard
    assert app.title[0].value == ("Dasbor Kinerja" if peran in leaders else "Beranda")
    sidebar_text = [m.value for m in app.sidebar.markdown] + [c.value for c in app.sidebar.caption]
    assert f"{INSTANSI} {PEMDA}" in " ".join(sidebar_text)
    assert any(akun.nama in t and peran.value in t for t in sidebar_text), sidebar_text
    assert [b.label for b in app.sidebar.button] == ["Keluar"]


def test_every_role_is_covered() -> None:
    assert set(MENU) == set(Peran) == {a.peran for a in AKUN}


def test_logout_returns_to_the_login_form(app: AppTest, rt: Runtime) -> None:
    logged_in(app, aktor_of(rt, "kepala"))
    app.sidebar.button[0].click().run()
    assert app.session_state[AKTOR] is None
    assert_login_form_only(app)
    assert [i.value for i in app.info] == ["Anda telah keluar."]


def test_idle_session_expires_and_shows_why(app: AppTest, rt: Runtime) -> None:
    aktor = aktor_of(rt, "stafa")
    idle = rt.settings.session_idle_minutes
    app.session_state[AKTOR] = aktor
    app.session_state[AKTIVITAS] = datetime.now(UTC) - timedelta(minutes=idle, seconds=1)
    app.run()
    assert app.session_state[AKTOR] is None
    assert_login_form_only(app)
    assert [i.value for i in app.info] == [PESAN_KEDALUWARSA]


def test_active_session_is_kept_and_its_clock_restarts(app: AppTest, rt: Runtime) -> None:
    aktor = aktor_of(rt, "stafa")
    idle = rt.settings.session_idle_minutes
    before = datetime.now(UTC) - timedelta(minutes=idle - 1)
    app.session_state[AKTOR] = aktor
    app.session_state[AKTIVITAS] = before
    app.run()
    assert app.session_state[AKTOR] == aktor
    assert app.session_state[AKTIVITAS] > before
    assert app.title[0].value == "Beranda"


def test_deactivated_user_is_logged_out_on_the_next_run(app: AppTest, rt: Runtime) -> None:
    aktor = aktor_of(rt, "stafb")
    logged_in(app, aktor)
    assert app.title[0].value == "Beranda"
    admin = aktor_of(rt, "admin")
    target = next(u for u in list_users(rt, admin) if u.username == "stafb")
    deactivate_user(rt, admin, target.id)
    app.run()
    assert app.session_state[AKTOR] is None
    assert_login_form_only(app)


def test_role_change_applies_on_the_next_run(app: AppTest, rt: Runtime) -> None:
    from lakip.services.users import set_role

    admin = aktor_of(rt, "admin")
    logged_in(app, aktor_of(rt, "penyusun"))
    assert "Dokumen Perencanaan" in nav_titles(app)
    target = next(u for u in list_users(rt, SISTEM) if u.username == "penyusun")
    set_role(rt, admin, target.id, Peran.KEPALA_DINAS)
    app.run()
    assert nav_titles(app) == MENU[Peran.KEPALA_DINAS]
