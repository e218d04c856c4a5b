"""Profil Instansi: the Admin edits the agency profile, its logo and the SOP time standards."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lakip.services.access import SISTEM
from lakip.services.agency import list_sop_standards, read_logo, read_profile
from lakip.services.runtime import Runtime
from lakip.services.setup import ensure_defaults
from tests.fixtures.images import tiny_image
from tests.ui.conftest import aktor_of, logged_in

PNG = tiny_image("PNG")


def open_page(app: AppTest, rt: Runtime) -> AppTest:
    logged_in(app, aktor_of(rt, "admin"))
    return app.switch_page("pages/instansi.py").run()


def by_label(widgets, label):  # type: ignore[no-untyped-def]
    return next(w for w in widgets if w.label == label)


def test_admin_saves_the_profile_and_sees_errors_per_field(rt: Runtime, app: AppTest) -> None:
    open_page(app, rt)
    assert [t.value for t in app.title] == ["Profil Instansi"]
    by_label(app.text_input, "Nama kepala dinas").set_value("Drs. H. Contoh")
    by_label(app.text_input, "NIP kepala dinas").set_value("12345")
    by_label(app.button, "Simpan profil").click().run()
    assert any("NIP kepala dinas harus 18 digit" in e.value for e in app.error)
    by_label(app.text_input, "NIP kepala dinas").set_value("197001011990031001")
    by_label(app.button, "Simpan profil").click().run()
    assert any("Profil instansi tersimpan" in s.value for s in app.success)
    saved = read_profile(rt, SISTEM)
    assert saved is not None and saved.kepala_nama == "Drs. H. Contoh"
    assert saved.kepala_nip == "197001011990031001"


def test_admin_uploads_a_logo_checked_by_content(rt: Runtime, app: AppTest) -> None:
    open_page(app, rt)
    uploader = app.file_uploader[0]
    uploader.set_value(("logo.png", b"GIF89a bukan png", "image/png"))
    by_label(app.button, "Simpan logo").click().run()
    assert any("PNG atau JPEG" in e.value for e in app.error)
    assert read_logo(rt) is None
    app.file_uploader[0].set_value(("logo.png", PNG, "image/png"))
    by_label(app.button, "Simpan logo").click().run()
    assert read_logo(rt) == PNG


def test_admin_changes_an_sop_time_standard(rt: Runtime, app: AppTest) -> None:
    ensure_defaults(rt)
    open_page(app, rt)
    assert app.session_state["editor_sop"] == {
        "edited_rows": {},
        "added_rows": [],
        "deleted_rows": [],
    }
    app.session_state["editor_sop"] = {
        "edited_rows": {2: {"Waktu (menit)": 45}},
        "added_rows": [],
        "deleted_rows": [],
    }
    by_label(app.button, "Simpan standar waktu").click().run()
    assert {s.nomor: s.waktu_menit for s in list_sop_standards(rt, SISTEM)}[3] == 45
