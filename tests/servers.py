"""Real gunicorn servers for tests that need a separate process: several app servers, a
database restart, gunicorn's own access log."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(**overrides: str) -> dict[str, str]:
    """Production settings (debug off) on this test's database and cache, served over HTTP."""
    env = {
        **os.environ,
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SSL_REDIRECT": "0",
        "DJANGO_MANIFEST_STATIC": "0",
    }
    db = connection.settings_dict
    if db["ENGINE"].endswith("postgresql"):
        env["DATABASE_URL"] = (
            f"postgres://{urllib.parse.quote(db['USER'])}:{urllib.parse.quote(db['PASSWORD'])}"
            f"@{db['HOST']}:{db['PORT']}/{db['NAME']}"
        )
    return {**env, **overrides}


class Server:
    """One gunicorn (one sync worker) on a free loopback port, started from the project
    folder, so it reads gunicorn.conf.py as a deployment does."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        # A file, not a pipe: a pipe nobody reads would stall a chatty server. stop() closes it.
        self.log = tempfile.TemporaryFile()  # noqa: SIM115
        command = [sys.executable, "-m", "gunicorn", "skillgap.wsgi", "-w", "1"]
        self.process = subprocess.Popen(
            [*command, "-b", self.base[7:], *args],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
        )

    def wait_until_up(self) -> None:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=1):
                    return
            except OSError:  # not listening yet, or too busy starting to answer
                if self.process.poll() is not None:
                    raise RuntimeError(self.output()) from None
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn on {self.base} did not start")

    def output(self) -> str:
        """What the server wrote to its error log so far."""
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)
        self.log.close()
