"""A database restart costs at most the requests in flight (DESIGN §18).

A real gunicorn keeps its PostgreSQL connection between requests (CONN_MAX_AGE). The test
restarts the real PostgreSQL server under it, through the scripts CI uses; the server's next
request must succeed, because Django checks a kept connection before using it
(CONN_HEALTH_CHECKS) and opens a new one when the old one died. While PostgreSQL is down,
/readyz names the database.
"""

from __future__ import annotations

import json
import os
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import override_settings

from tests.servers import ROOT, Server, production_env

DATABASE = settings.DATABASES["default"]
PGDATA = os.environ.get("PGDATA", "")


def _why_not_restartable() -> str:
    if not DATABASE["ENGINE"].endswith("postgresql"):
        return "needs PostgreSQL (DATABASE_URL), as in the second half of CI"
    if not PGDATA or not (Path(PGDATA) / "PG_VERSION").is_file():
        return "needs PGDATA naming the test server's data folder (scripts/pg_temp_start.sh)"
    if str(DATABASE["PORT"]) != os.environ.get("PGPORT", "54329"):
        return "PGPORT must be the port of the server in DATABASE_URL"
    if os.geteuid() != 0:
        return "the scripts restart PostgreSQL as root, through su postgres"
    return ""


DATABASE_CACHE = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
    }
}

pytestmark = [
    pytest.mark.skipif(bool(_why_not_restartable()), reason=_why_not_restartable() or "-"),
    pytest.mark.django_db(transaction=True),
]


def _stop_postgresql() -> None:
    subprocess.run([ROOT / "scripts" / "pg_temp_stop.sh"], check=True)


def _start_postgresql() -> None:
    env = {**os.environ, "PG_KEEP_DATA": "1"}
    subprocess.run(
        [ROOT / "scripts" / "pg_temp_start.sh"], env=env, check=True, stdout=subprocess.DEVNULL
    )


@pytest.fixture
def server() -> Iterator[Server]:
    # The server runs on the database cache; this test run may use Redis and lack its table.
    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable", verbosity=0)
    server = Server(production_env(REDIS_URL="", DJANGO_DB_CONN_MAX_AGE="600"))
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()
        connection.close()  # this process's own connection died with the server too


def _status(server: Server, path: str) -> int:
    try:
        with urllib.request.urlopen(server.base + path, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _readiness(server: Server) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(server.base + "/readyz", timeout=30) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.load(error)


def test_the_request_after_a_database_restart_succeeds(server):
    assert _status(server, "/") == 200  # the worker now holds a connection

    _stop_postgresql()
    _start_postgresql()

    assert _status(server, "/") == 200
    assert _status(server, "/healthz") == 200


def test_readyz_names_the_database_while_it_is_down_and_recovers_with_it(server):
    assert _readiness(server)[0] == 200

    _stop_postgresql()
    try:
        status, body = _readiness(server)
    finally:
        _start_postgresql()

    assert status == 503
    assert body["down"] == ["database", "cache"]  # without REDIS_URL the cache is in it too
    assert _readiness(server) == (
        200,
        {
            "status": "ready",
            "down": [],
            "checks": {"database": "ok", "cache": "ok", "broker": "not configured"},
        },
    )
