"""In production an Admin is told which accounts still carry a demo password."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from streamlit.testing.v1 import AppTest

from lakip.config import get_settings
from lakip.services.passwords import hash_password
from lakip.services.runtime import Runtime
from lakip.store.models import Pengguna
from tests.ui.conftest import aktor_of, logged_in
from ui.runtime import get_runtime


def _give_demo_password(rt: Runtime, username: str) -> None:
    with rt.uow() as s:
        user = s.scalar(select(Pengguna).where(Pengguna.username == username))
        assert user is not None
        user.password_hash = hash_password(f"demo-{username}")
        s.commit()


@pytest.fixture
def production(rt: Runtime, monkeypatch: pytest.MonkeyPatch) -> Runtime:
    monkeypatch.setenv("LAKIP_ENV", "production")
    get_settings.cache_clear()
    get_runtime.clear()
    return rt


def test_admin_is_warned_of_demo_passwords_in_production(production: Runtime, app: AppTest) -> None:
    _give_demo_password(production, "kepala")
    logged_in(app, aktor_of(production, "admin"))
    warnings = " ".join(w.value for w in app.warning)
    assert "kata sandi demo" in warnings and "kepala" in warnings


def test_no_warning_outside_production(rt: Runtime, app: AppTest) -> None:
    _give_demo_password(rt, "kepala")
    logged_in(app, aktor_of(rt, "admin"))
    assert not any("kata sandi demo" in w.value for w in app.warning)
