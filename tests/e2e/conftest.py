"""Browser tests run only where Debian's Chromium is installed; with LAKIP_REQUIRE_SERVICES=1
(CI) its absence is a failure, never a skip."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.support import chromium_available, copy_tree, seed_demo_data

REQUIRE = os.environ.get("LAKIP_REQUIRE_SERVICES") == "1"


@pytest.fixture(scope="session")
def chromium() -> None:
    if chromium_available():
        return
    message = "Chromium (/usr/bin/chromium, Debian package 'chromium') or playwright is missing"
    if REQUIRE:
        pytest.fail(message + " and LAKIP_REQUIRE_SERVICES=1 forbids skipping", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, chromium: None) -> Path:
    """The demo agency, seeded once."""
    data = tmp_path_factory.mktemp("demo") / "data"
    seed_demo_data(data)
    return data


@pytest.fixture
def data_dir(demo_dir: Path, tmp_path: Path) -> Iterator[Path]:
    yield copy_tree(demo_dir, tmp_path / "data")
