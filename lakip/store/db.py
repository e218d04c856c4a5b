"""Engines, sessions and schema migrations (Alembic), the same on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

if TYPE_CHECKING:
    # Alembic is imported only when a migration is needed: it costs a command's start
    # about 0,2 s, and a database already at the newest schema needs none.
    from alembic.config import Config

MIGRATIONS = Path(__file__).with_name("migrations")


def normalize_url(url: str) -> str:
    """Use the psycopg 3 driver for a plain ``postgresql://`` URL."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url``; SQLite gets foreign keys, WAL and a busy timeout so the app
    and a worker can share the file."""
    url = normalize_url(url)
    if url.startswith("sqlite"):
        path = url.split("///", 1)[-1]
        if path and path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 30}, **kwargs)

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    """A session maker whose objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


class UncommittedWork(RuntimeError):
    """A use case left its transaction with writes it never committed (a programming error:
    the writes are rolled back, not silently kept or lost)."""


_WROTE: Final = "lakip_wrote"


@event.listens_for(Session, "after_flush")
def _mark_written(session: Session, _context: object) -> None:
    session.info[_WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _mark_statement(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[_WROTE] = True


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _mark_clean(session: Session, *_args: object) -> None:
    session.info.pop(_WROTE, None)


@contextmanager
def unit_of_work(factory: sessionmaker[Session]) -> Iterator[Session]:
    """One transaction, which the use case commits itself (``session.commit()``).

    Leaving the block without a commit rolls everything back: on an exception, silently
    (the exception goes on); on a normal exit with writes still pending, by raising
    :class:`UncommittedWork`, so a forgotten commit fails loudly in the tests instead of
    losing data. A block that only reads needs no commit.
    """
    session = factory()
    try:
        yield session
        if session.new or session.dirty or session.deleted or session.info.get(_WROTE):
            raise UncommittedWork("use case left its transaction without committing its writes")
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str) -> Config:
    """Alembic configuration pointing at the packaged migrations."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return cfg


_REVISION: Final = re.compile(r"^revision(?:\s*:[^=\n]*)?\s*=\s*['\"]([^'\"]+)['\"]\s*$", re.M)
_DOWN_REVISION: Final = re.compile(
    r"^down_revision(?:\s*:[^=\n]*)?\s*=\s*(?:None|['\"]([^'\"]+)['\"])\s*$", re.M
)


@lru_cache(maxsize=1)
def packaged_heads() -> frozenset[str] | None:
    """The newest revisions of the packaged migrations, read from the text of the version
    files (``revision = "…"`` and ``down_revision = "…"`` lines) without importing Alembic;
    None when a file does not read that plainly (a merge, another layout): Alembic decides
    then."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        source = path.read_text(encoding="utf-8")
        rev, down = _REVISION.findall(source), _DOWN_REVISION.findall(source)
        if len(rev) != 1 or len(down) != 1:
            return None
        revisions.add(rev[0])
        if down[0]:
            parents.add(down[0])
    heads = revisions - parents
    return frozenset(heads) if heads and parents <= revisions else None


def database_revisions(engine: Engine) -> frozenset[str] | None:
    """The revisions the database says it is at (Alembic's ``alembic_version`` table), or
    None when it cannot say (no such table yet, or no connection: Alembic reports that)."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).scalars()
            return frozenset(rows)
    except DBAPIError:
        return None


def upgrade(url: str, engine: Engine | None = None) -> bool:
    """Create or upgrade the database at ``url`` to the newest schema; returns whether a
    migration ran. A database already at the newest revisions (read with one query, on
    ``engine`` when given) is left alone without starting Alembic, so a command's start
    does not pay for it."""
    own = engine is None
    checked = make_engine(url) if engine is None else engine  # creates SQLite's folder
    try:
        current = database_revisions(checked)
    finally:
        if own:
            checked.dispose()
    heads = packaged_heads()
    if heads is not None and current == heads:
        return False
    from alembic import command

    command.upgrade(alembic_config(url), "head")
    return True


def head_revision() -> str:
    """The newest schema revision this code knows (what ``upgrade`` brings a database to)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    if head is None:  # pragma: no cover - the package always ships its migrations
        raise RuntimeError("no migrations found")
    return head
