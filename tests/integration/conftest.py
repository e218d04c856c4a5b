"""Fixtures shared by the tests that start real Celery workers."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from tests.integration.test_worker import Setup, Worker


@pytest.fixture
def start_worker(setup: Setup) -> Iterator[Callable[[str], Worker]]:
    """Start workers on the test's own ``setup`` (each worker test module has one); every
    one is stopped at teardown, whatever happened."""
    started: list[Worker] = []

    def start(name: str) -> Worker:
        worker = Worker(setup, name)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
