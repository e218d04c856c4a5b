"""docker-compose.yml, validated and read back by `docker-compose config` (Debian's
docker-compose runs it without a Docker engine) with the settings of .env.example: the
production topology the README describes, and a missing required setting refused."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
REQUIRE = os.environ.get("LAKIP_REQUIRE_SERVICES") == "1"
APP_SERVICES = ("migrate", "web", "worker", "beat")


def _compose(*args: str, env_file: str = ".env.example") -> subprocess.CompletedProcess[str]:
    binary = shutil.which("docker-compose")
    if binary is None:
        message = "docker-compose (Debian package 'docker-compose') is missing"
        if REQUIRE:
            pytest.fail(message + " and LAKIP_REQUIRE_SERVICES=1 forbids skipping", pytrace=False)
        pytest.skip(message)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAKIP_")}
    return subprocess.run(
        [binary, "--env-file", env_file, "-f", "docker-compose.yml", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


@pytest.fixture(scope="module")
def config() -> dict[str, Any]:
    done = _compose("config")
    assert done.returncode == 0, done.stderr
    parsed = yaml.safe_load(done.stdout)
    assert isinstance(parsed, dict)
    return parsed


def test_the_topology_is_postgres_redis_a_migration_the_web_app_workers_and_beat(
    config: dict[str, Any],
) -> None:
    services = config["services"]
    assert set(services) == {"postgres", "redis", *APP_SERVICES}
    assert set(config["volumes"]) == {"data", "pgdata", "redisdata"}
    assert "pgdata" in str(services["postgres"]["volumes"])
    redis = services["redis"]
    command = " ".join(redis["command"])
    assert "--appendonly yes" in command and "--maxmemory-policy noeviction" in command
    assert "redisdata" in str(redis["volumes"])
    assert services["migrate"]["command"] == ["python", "-m", "lakip", "init"]
    assert services["migrate"]["restart"] == "no"
    for name in ("web", "worker", "beat"):
        s = services[name]
        assert s["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
        assert s["restart"] == "unless-stopped", name
    for name in APP_SERVICES:  # one shared store for uploads and outputs
        assert "/data" in str(services[name]["volumes"]), name
        env = services[name]["environment"]
        assert env["LAKIP_DATA_DIR"] == "/data" and env["LAKIP_ENV"] == "production"
        assert env["LAKIP_BROKER_URL"] == "redis://redis:6379/0"
    for name in ("postgres", "redis", "web", "worker"):
        assert services[name]["healthcheck"]["test"], name
    worker = " ".join(services["worker"]["command"])
    assert "worker" in worker and "--concurrency=2" in worker and "-Q lakip" in worker
    assert "beat" in services["beat"]["command"]


def test_settings_come_from_the_env_file(config: dict[str, Any]) -> None:
    settings = dict(
        line.split("=", 1)
        for line in (ROOT / ".env.example").read_text().splitlines()
        if line and not line.startswith("#")
    )
    web = config["services"]["web"]
    url = web["environment"]["LAKIP_DATABASE_URL"]
    assert url == f"postgresql://lakip:{settings['LAKIP_DB_PASSWORD']}@postgres:5432/lakip"
    assert (
        config["services"]["postgres"]["environment"]["POSTGRES_PASSWORD"]
        == (settings["LAKIP_DB_PASSWORD"])
    )
    assert web["environment"]["LAKIP_TIMEZONE"] == settings["LAKIP_TIMEZONE"]
    assert web["environment"]["LAKIP_APP_URL"] == settings["LAKIP_APP_URL"]
    assert [p["published"] for p in web["ports"]] == [int(settings["LAKIP_WEB_PORT"])]


def test_a_missing_database_password_is_refused_by_name(tmp_path: Path) -> None:
    empty = tmp_path / "kosong.env"
    empty.write_text("")
    done = _compose("config", "-q", env_file=str(empty))
    assert done.returncode != 0
    assert "set LAKIP_DB_PASSWORD" in done.stderr
