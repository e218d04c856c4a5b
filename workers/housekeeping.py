"""Housekeeping of the embedded broker's SQLite file.

kombu's SQLAlchemy transport never deletes a message: a fetched one is only marked
``visible = False`` (and its timestamp touched), so ``broker.db`` grows by every task ever
sent (three sweeps a minute alone). Messages fetched more than an hour ago are dead weight:
an unfinished job is sent again by the job sweep from the database, never from these rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import MetaData, Table, create_engine, delete, inspect

KEEP_FETCHED = timedelta(hours=1)


def purge_fetched_messages(
    broker_url: str, *, older_than: timedelta = KEEP_FETCHED, now: datetime | None = None
) -> int:
    """Delete messages fetched before ``now - older_than`` from an ``sqla+`` broker; returns
    how many. kombu stamps local naive times, so ``now`` is local and naive too."""
    if not broker_url.startswith("sqla+"):
        return 0
    engine = create_engine(broker_url.removeprefix("sqla+"), connect_args={"timeout": 30})
    try:
        with engine.begin() as conn:
            if "kombu_message" not in inspect(conn).get_table_names():
                return 0
            messages = Table("kombu_message", MetaData(), autoload_with=conn)
            cutoff = (now or datetime.now()) - older_than
            result = conn.execute(
                delete(messages).where(messages.c.visible.is_(False), messages.c.timestamp < cutoff)
            )
            return int(result.rowcount or 0)
    finally:
        engine.dispose()
