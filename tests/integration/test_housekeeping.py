"""The embedded broker's file does not grow forever: fetched messages are purged, pending
ones are kept."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from kombu import Connection

from workers.housekeeping import purge_fetched_messages


def test_fetched_messages_are_purged_and_pending_ones_kept(tmp_path: Path) -> None:
    url = f"sqla+sqlite:///{tmp_path / 'broker.db'}"
    with Connection(url) as conn:
        queue = conn.SimpleQueue("lakip")
        for i in range(3):
            queue.put({"job": i})
        for _ in range(2):
            queue.get(timeout=5).ack()
        queue.close()
    # Not yet an hour old: nothing goes.
    assert purge_fetched_messages(url) == 0
    assert purge_fetched_messages(url, now=datetime.now() + timedelta(hours=2)) == 2
    with Connection(url) as conn:
        queue = conn.SimpleQueue("lakip")
        assert queue.get(timeout=5).payload == {"job": 2}
        queue.close()


def test_other_brokers_are_left_alone() -> None:
    assert purge_fetched_messages("redis://127.0.0.1:6379/15") == 0
