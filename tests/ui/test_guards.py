"""Pages refuse, before rendering anything of their own, a visitor whose role lacks their
permission, however the page was reached."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from streamlit.testing.v1 import AppTest

from lakip.domain.roles import Peran, allowed
from lakip.services.auditlog import list_audit
from lakip.services.runtime import Runtime
from lakip.services.users import list_users, set_role
from tests.ui.conftest import ROOT, aktor_of, logged_in, nav_titles
from tests.ui.seed import BY_PERAN
from ui.guard import PESAN_BELUM_MASUK
from ui.navigation import HALAMAN
from ui.session import AKTIVITAS, AKTOR

GUARDED = [(h.path, h.izin) for h in HALAMAN if h.izin is not None]
# Every (page, role) where the role lacks the page's permission.
REFUSED = [(path, peran) for path, izin in GUARDED for peran in Peran if not allowed(peran, izin)]


def test_the_refusal_cases_cover_every_page_some_role_may_not_open() -> None:
    refused_pages = {path for path, _ in REFUSED}
    open_to_all = {path for path, izin in GUARDED if all(allowed(p, izin) for p in Peran)}
    assert refused_pages | open_to_all == {path for path, _ in GUARDED}
    assert {
        "pages/unggah.py",
        "pages/perencanaan.py",
        "pages/pengguna.py",
        "pages/audit.py",
    } <= refused_pages


def run_page_directly(path: str, session: dict[str, object]) -> AppTest:
    """Run one page file as the script, as a request that skipped app.py would."""
    at = AppTest.from_file(str(ROOT / path), default_timeout=30)
    for key, value in session.items():
        at.session_state[key] = value
    return at.run()


def assert_only_refusal(at: AppTest, text: str) -> None:
    assert not at.exception
    assert [e.value for e in at.error] == [text] or (
        len(at.error) == 1 and text in at.error[0].value
    )
    # The refusal is the page's only element: no title, table, input or button.
    assert len(at.main.children) == 1
    assert not at.title and not at.dataframe and not at.button and not at.file_uploader


@pytest.mark.parametrize(("path", "peran"), REFUSED, ids=lambda x: getattr(x, "name", x))
def test_page_opened_directly_by_a_role_without_permission_shows_only_the_refusal(
    rt: Runtime, path: str, peran: Peran
) -> None:
    aktor = aktor_of(rt, BY_PERAN[peran].username)
    at = run_page_directly(path, {AKTOR: aktor, AKTIVITAS: datetime.now(UTC)})
    assert_only_refusal(at, "Akses ditolak")
    assert "Akses ditolak" in at.error[0].value and peran.value in at.error[0].value
    # The refusal was recorded, like a refusal by a service.
    admin = aktor_of(rt, "admin")
    name = path.removeprefix("pages/").removesuffix(".py")
    rows = list_audit(rt, admin, aksi=f"halaman.{name}", username=aktor.username)
    assert [r.hasil for r in rows] == ["ditolak"]


@pytest.mark.parametrize("path", [h.path for h in HALAMAN])
def test_page_opened_without_login_shows_only_the_refusal(rt: Runtime, path: str) -> None:
    at = run_page_directly(path, {})
    assert_only_refusal(at, PESAN_BELUM_MASUK)


@pytest.mark.parametrize(("path", "peran"), REFUSED, ids=lambda x: getattr(x, "name", x))
def test_app_does_not_let_a_role_switch_to_a_page_outside_its_menu(
    app: AppTest, rt: Runtime, path: str, peran: Peran
) -> None:
    logged_in(app, aktor_of(rt, BY_PERAN[peran].username))
    assert next(h.judul for h in HALAMAN if h.path == path) not in nav_titles(app)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(path)


def test_page_open_when_the_role_is_taken_away_shows_none_of_its_content(
    app: AppTest, rt: Runtime
) -> None:
    admin = aktor_of(rt, "admin")
    logged_in(app, aktor_of(rt, "penyusun"))
    app.switch_page("pages/perencanaan.py").run()
    assert app.title[0].value == "Dokumen Perencanaan"
    target = next(u for u in list_users(rt, admin) if u.username == "penyusun")
    set_role(rt, admin, target.id, Peran.SEKRETARIS)
    app.run()
    assert [t.value for t in app.title] == ["Dasbor Kinerja"]  # the Sekretaris's first page
    assert not app.file_uploader
    assert "Dokumen Perencanaan" not in nav_titles(app)
