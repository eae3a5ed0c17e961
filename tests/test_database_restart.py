"""A database restart costs at most the requests in flight (DESIGN §18).

A real gunicorn keeps its PostgreSQL connection between requests (CONN_MAX_AGE). The test
restarts the real PostgreSQL server under it, through the scripts CI uses; the server's next
request must succeed, because Django checks a kept connection before using it
(CONN_HEALTH_CHECKS) and opens a new one when the old one died. A request that arrives
while the server restarts, when PostgreSQL refuses every new connection, waits for it
(DJANGO_DB_CONNECT_PATIENCE, skillgap/postgresql/base.py) instead of failing. While
PostgreSQL stays down, /readyz names the database.
"""

from __future__ import annotations

import json
import os
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def _serving(patience: int) -> Iterator[Server]:
    # The server runs on the database cache; this test run may use Redis and lack its table.
    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable", verbosity=0)
    env = production_env(
        REDIS_URL="", DJANGO_DB_CONN_MAX_AGE="600", DJANGO_DB_CONNECT_PATIENCE=str(patience)
    )
    server = Server(env)
    try:
        server.wait_until_up()
        yield server
    finally:
        server.stop()
        connection.close()  # this process's own connection died with the server too


@pytest.fixture
def server() -> Iterator[Server]:
    # Patient enough for a restart on a busy machine; the default is 3 s.
    with _serving(patience=10) as server:
        yield server


@pytest.fixture
def impatient_server() -> Iterator[Server]:
    with _serving(patience=0) as server:
        yield server


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


def _status_during_a_restart(server: Server, path: str) -> int:
    """The status of a request sent while PostgreSQL is down, started again 0.5 s later."""
    answer: list[int] = []
    _stop_postgresql()
    try:
        request = threading.Thread(target=lambda: answer.append(_status(server, path)))
        request.start()
        time.sleep(0.5)  # the request is in: between a restart's stop and its start
    finally:
        _start_postgresql()
    request.join(timeout=60)
    return answer[0]


def test_a_request_that_arrives_while_the_database_restarts_waits_for_it(server):
    assert _status(server, "/") == 200

    assert _status_during_a_restart(server, "/") == 200


def test_without_patience_a_request_that_arrives_while_the_database_restarts_fails(
    impatient_server,
):
    # Why the patience exists: the kept connection is replaced at once, but the new
    # connection is refused until the server is back.
    assert _status(impatient_server, "/") == 200

    assert _status_during_a_restart(impatient_server, "/") == 500
    assert _status(impatient_server, "/") == 200


def test_readyz_names_the_database_while_it_is_down_and_recovers_with_it(impatient_server):
    server = impatient_server  # a patient one would say the same, a few seconds later
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
