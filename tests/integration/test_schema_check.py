"""Every start checks the schema cheaply: a database already at the newest revision is read
with one query and Alembic is not started; an empty database, or one at an older revision,
is still created or upgraded on start, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import inspect

from lakip.config import load_settings
from lakip.services.runtime import build_runtime
from lakip.store.db import (
    alembic_config,
    database_revisions,
    make_engine,
    packaged_heads,
    upgrade,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'data' / 'lakip.db'}"
    else:
        yield request.getfixturevalue("postgres_url")


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def test_the_heads_read_from_the_version_files_are_alembics() -> None:
    assert packaged_heads() == frozenset(_script().get_heads())


def test_an_empty_database_is_created_on_start(database_url: str, tmp_path: Path) -> None:
    settings = load_settings(
        {"LAKIP_DATA_DIR": str(tmp_path / "data"), "LAKIP_DATABASE_URL": database_url}
    )
    rt = build_runtime(settings)
    try:
        assert database_revisions(rt.engine) == packaged_heads()
        assert "indikator" in inspect(rt.engine).get_table_names()
    finally:
        rt.engine.dispose()


def test_a_database_at_the_newest_revision_is_not_migrated_again(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert upgrade(database_url) is True  # created

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("Alembic started for a database already at the newest revision")

    monkeypatch.setattr(command, "upgrade", refuse)
    assert upgrade(database_url) is False
    engine = make_engine(database_url)
    try:
        assert upgrade(database_url, engine) is False
    finally:
        engine.dispose()


def test_a_database_at_an_older_revision_is_upgraded_on_start(
    database_url: str, tmp_path: Path
) -> None:
    script = _script()
    head = script.get_current_head()
    assert head is not None
    previous = script.get_revision(head).down_revision
    assert isinstance(previous, str)
    if database_url.startswith("sqlite"):
        (tmp_path / "data").mkdir(parents=True, exist_ok=True)
    command.upgrade(alembic_config(database_url), previous)
    settings = load_settings(
        {"LAKIP_DATA_DIR": str(tmp_path / "data"), "LAKIP_DATABASE_URL": database_url}
    )
    rt = build_runtime(settings)
    try:
        assert database_revisions(rt.engine) == frozenset({head})
    finally:
        rt.engine.dispose()
