"""Optional OIDC sign-in: off without ``[auth]``; with it, a verified e-mail maps to an
existing active local account, whose role then applies. No account is ever created."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from lakip.domain.roles import Peran
from lakip.services.access import SISTEM
from lakip.services.runtime import Runtime
from lakip.services.users import create_user
from tests.ui.conftest import nav_titles
from ui.session import AKTOR

AUTH = {
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "rahasia-uji",
        "client_id": "lakip",
        "client_secret": "rahasia",
        "server_metadata_url": "https://sso.example.go.id/.well-known/openid-configuration",
    }
}


def with_identity(app: AppTest, email: str, verified: bool | None = True) -> AppTest:
    """Sign in an OIDC identity; ``verified=None`` leaves the ``email_verified`` claim out."""
    app.secrets.update(AUTH)
    claims: dict[str, object] = {"is_logged_in": True, "email": email}
    if verified is not None:
        claims["email_verified"] = verified
    app.user = claims  # type: ignore[assignment]
    return app.run()


def test_without_auth_secrets_there_is_no_sso_button(app: AppTest) -> None:
    app.run()
    assert [b.label for b in app.button] == ["Masuk"]


def test_with_auth_secrets_the_login_page_offers_sso(app: AppTest) -> None:
    app.secrets.update(AUTH)
    app.run()
    assert "Masuk dengan akun SSO instansi" in [b.label for b in app.button]


def test_verified_email_of_an_active_account_logs_that_account_in(
    app: AppTest, rt: Runtime
) -> None:
    create_user(
        rt,
        SISTEM,
        username="irban2",
        nama="Irban Dua",
        peran=Peran.IRBAN_WIL,
        password="Kuat#Sekali-2025",
        email="irban2@sso.example.go.id",
    )
    with_identity(app, "IRBAN2@sso.example.go.id")
    assert app.session_state[AKTOR].username == "irban2"
    assert "Log Audit" in nav_titles(app)


def test_unknown_or_unverified_email_stays_on_the_login_form(app: AppTest, rt: Runtime) -> None:
    with_identity(app, "orang.lain@example.com")
    assert app.session_state[AKTOR] is None
    assert nav_titles(app) == {"Masuk"}
    assert "belum terhubung" in app.warning[0].value

    create_user(
        rt,
        SISTEM,
        username="kadis2",
        nama="Kadis Dua",
        peran=Peran.KEPALA_DINAS,
        password="Kuat#Sekali-2025",
        email="kadis2@example.go.id",
    )
    unverified = AppTest.from_file(app._script_path, default_timeout=30)
    with_identity(unverified, "kadis2@example.go.id", verified=False)
    assert unverified.session_state[AKTOR] is None


def test_an_identity_without_a_verified_email_is_refused_even_for_the_admin(
    app: AppTest, rt: Runtime
) -> None:
    """A token that only carries the Admin's address (no ``email_verified``, or false) must
    not sign in as the Admin; the login page says why."""
    create_user(
        rt,
        SISTEM,
        username="admin2",
        nama="Admin Dua",
        peran=Peran.ADMIN,
        password="Kuat#Sekali-2025",
        email="admin2@example.go.id",
    )
    for verified in (None, False):
        attempt = AppTest.from_file(app._script_path, default_timeout=30)
        with_identity(attempt, "admin2@example.go.id", verified=verified)
        assert attempt.session_state[AKTOR] is None
        assert nav_titles(attempt) == {"Masuk"}
        assert "tidak menyatakan alamat email Anda sudah terverifikasi" in attempt.warning[0].value
