"""Several app servers on one PostgreSQL and one Redis.

Two real gunicorn servers share the test database and the suite's Redis. Both warm their
caches, an editor changes the framework through the admin of one, and the other must show
the change on its very next request: nothing a person sees may be kept per process.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from assessments import services
from tests.factories import (
    AssessmentFactory,
    RequirementFactory,
    RoleFactory,
    RungFactory,
    SkillFactory,
    UserFactory,
)

ROOT = Path(__file__).resolve().parent.parent
RAISED = "Level 4 (Advanced), importance 3"  # the next rung's Python on the ladder page

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as the second half of CI",
    ),
    pytest.mark.django_db(transaction=True),
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env() -> dict[str, str]:
    """The servers' settings: this test database, this Redis, production mode."""
    db = connection.settings_dict
    url = (
        f"postgres://{urllib.parse.quote(db['USER'])}:{urllib.parse.quote(db['PASSWORD'])}"
        f"@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    )
    return {
        **os.environ,
        "DATABASE_URL": url,
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_CACHE_KEY_PREFIX": settings.CACHES["default"].get("KEY_PREFIX", ""),
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SSL_REDIRECT": "0",
        "DJANGO_MANIFEST_STATIC": "0",
    }


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "skillgap.wsgi", "-w", "1", "-b", self.base[7:]],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def wait_until_up(self) -> None:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=1):
                    return
            except OSError:  # not listening yet, or too busy starting to answer
                if self.process.poll() is not None:
                    raise RuntimeError(self.process.stderr.read().decode()) from None
                time.sleep(0.1)
        raise RuntimeError(f"gunicorn on {self.base} did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class Browser:
    """One person's cookies against any server: sessions live in the shared database."""

    def __init__(self, session_key: str) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.session_key = session_key

    def get(self, server: Server, path: str) -> str:
        return self._open(urllib.request.Request(server.base + path))

    def post(self, server: Server, path: str, data: dict[str, str]) -> str:
        body = urllib.parse.urlencode(data).encode()
        return self._open(urllib.request.Request(server.base + path, data=body))

    def _open(self, request: urllib.request.Request) -> str:
        cookies = [f"{settings.SESSION_COOKIE_NAME}={self.session_key}"]
        cookies += [f"{c.name}={c.value}" for c in self.jar if c.name == "csrftoken"]
        request.add_header("Cookie", "; ".join(cookies))
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode()


def _session_key(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.fixture
def servers() -> Iterator[tuple[Server, Server]]:
    env = _server_env()
    pair = (Server(env), Server(env))
    try:
        for server in pair:
            server.wait_until_up()
        yield pair
    finally:
        for server in pair:
            server.stop()


@pytest.fixture
def framework():
    """A rung (Python at 3) with one next rung whose requirement an editor will lower."""
    role = RoleFactory(name="Scale Engineer", slug="scale-engineer")
    python = SkillFactory(name="Python")
    current = RungFactory(role=role, order=1, title="Junior Scale Engineer")
    senior = RungFactory(role=role, order=2, title="Senior Scale Engineer")
    current.next_rungs.add(senior)
    RequirementFactory(rung=current, skill=python, level=3, importance=3)
    raised = RequirementFactory(rung=senior, skill=python, level=4, importance=3)
    return {"role": role, "current": current, "raised": raised}


def test_an_admin_edit_through_one_server_shows_on_the_other_at_once(servers, framework):
    one, two = servers
    person = UserFactory()
    assessment = AssessmentFactory(owner=person, rung=framework["current"])
    python_id = framework["raised"].skill_id
    services.submit_assessment(assessment=assessment, ratings={python_id: (3, "")})
    editor = Browser(_session_key(UserFactory(is_staff=True, is_superuser=True)))
    reader = Browser(_session_key(person))
    ladder = framework["role"].get_absolute_url()
    report = reverse("assessments:report", args=[assessment.public_id])

    for server in servers:  # warm every cache on both servers
        assert RAISED in reader.get(server, ladder)
        assert _next_rung_readiness(reader.get(server, report)) == "75"

    change = reverse("admin:careers_requirement_change", args=[framework["raised"].pk])
    form = editor.get(one, change)
    editor.post(
        one,
        change,
        {
            "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[
                1
            ],
            "rung": str(framework["raised"].rung_id),
            "skill": str(python_id),
            "level": "3",
            "importance": "3",
        },
    )

    assert RAISED not in reader.get(two, ladder)
    assert _next_rung_readiness(reader.get(two, report)) == "100"


def _next_rung_readiness(html: str) -> str:
    """The first next rung's readiness, in whole percent (rated 3 of 4 is 75)."""
    return re.search(r'id="next-title".*?<strong>(\d+)%</strong> ready', html, re.S)[1]
