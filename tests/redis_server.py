"""A real, throwaway Redis server for tests, through the scripts CI uses."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import redis

from tests.servers import free_port

ROOT = Path(__file__).resolve().parent.parent


class RedisServer:
    """A throwaway Redis, through the scripts CI uses."""

    def __init__(self, directory: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.env = {**os.environ, "REDIS_PORT": str(self.port), "REDIS_DIR": str(directory)}

    def start(self, *, keep_data: bool = False) -> None:
        self._run("redis_temp_start.sh", keep_data)

    def stop(self, *, keep_data: bool = False) -> None:
        self._run("redis_temp_stop.sh", keep_data)

    def client(self) -> redis.Redis:
        return redis.Redis.from_url(self.url)

    def _run(self, script: str, keep_data: bool) -> None:
        env = {**self.env, "REDIS_KEEP_DATA": "1" if keep_data else "0"}
        subprocess.run([ROOT / "scripts" / script], env=env, check=True, capture_output=True)


@contextmanager
def running_redis(directory: Path) -> Iterator[RedisServer]:
    """A Redis on a free port, keeping its files in `directory`; skips without redis-server."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server (apt-get install redis-server); CI has it")
    server = RedisServer(directory / "redis")
    server.start()
    try:
        yield server
    finally:
        server.stop()
