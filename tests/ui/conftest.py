"""AppTest fixtures: the app pointed at a fresh, seeded data dir for each test.

The seeded data dir is built once per session through the services and copied per test (the
Argon2 hashing of eight accounts would otherwise dominate the run).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from lakip.config import get_settings, load_settings
from lakip.services.access import Aktor
from lakip.services.runtime import Runtime, build_runtime
from lakip.services.signin import login
from tests.ui.seed import AKUN, seed
from ui.runtime import get_runtime
from ui.session import AKTIVITAS, AKTOR

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def navigation_mode_of_a_running_server(monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep AppTest on ``st.navigation`` (MPA v2) for every run, as a running server is.

    Streamlit 1.67's AppTest resets ``PagesManager.uses_pages_directory`` to None before each
    run; with a ``pages/`` folder beside app.py the new PagesManager then sets it True, and the
    script runner takes the legacy path (``_mpa_v1``) that runs the requested page file
    *without* app.py on every run after the first. A server sets it False for good at the
    first ``st.navigation`` call, so only its very first run takes that path (which the
    pages' guards cover; see tests/e2e). This restores the server's steady state.
    """
    original = PagesManager.__init__

    def init(self: PagesManager, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)


@pytest.fixture(scope="session")
def seeded_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data dir holding the seeded agency (built once)."""
    data = tmp_path_factory.mktemp("seeded") / "data"
    rt = build_runtime(load_settings({"LAKIP_DATA_DIR": str(data)}))
    seed(rt)
    rt.engine.dispose()  # checkpoints SQLite's WAL so a copy of the folder is complete
    return data


def runtime_on_a_copy(
    source: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Runtime]:
    """A copy of the data dir ``source`` that the app under test uses (and no database or
    broker from the environment); the runtime the test itself uses to look behind the screen."""
    data = tmp_path / "data"
    shutil.copytree(source, data)
    monkeypatch.setenv("LAKIP_DATA_DIR", str(data))
    for name in ("LAKIP_DATABASE_URL", "LAKIP_BROKER_URL", "LAKIP_RESULT_BACKEND"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    get_runtime.clear()
    st.cache_data.clear()  # copies of one data dir have the same data version
    runtime = build_runtime()
    yield runtime
    runtime.engine.dispose()
    get_runtime.clear()
    get_settings.cache_clear()


@pytest.fixture
def rt(seeded_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Runtime]:
    """The seeded agency, copied for this test."""
    yield from runtime_on_a_copy(seeded_dir, tmp_path, monkeypatch)


@pytest.fixture
def app(rt: Runtime) -> AppTest:
    """The app, not yet run."""
    return AppTest.from_file(APP, default_timeout=30)


def aktor_of(rt: Runtime, username: str) -> Aktor:
    """Log ``username`` in through the service (as the form would)."""
    akun = next(a for a in AKUN if a.username == username)
    return login(rt, akun.username, akun.password)


def logged_in(app: AppTest, aktor: Aktor) -> AppTest:
    """Preset the session as after a successful login, and run."""
    from datetime import UTC, datetime

    app.session_state[AKTOR] = aktor
    app.session_state[AKTIVITAS] = datetime.now(UTC)
    return app.run()


def nav_titles(app: AppTest) -> set[str]:
    """The titles of the pages ``st.navigation`` registered in the last run.

    AppTest has no public view of the menu; this reads the registry it keeps for
    ``switch_page`` (Streamlit 1.67), which is exactly what the menu offers.
    """
    return {str(info["page_name"]) for info in app._registered_pages.values()}
