"""Several app servers on one PostgreSQL and one Redis.

Two real gunicorn servers share the test database and the suite's Redis. Both warm their
caches, an editor changes the framework through the admin of one, and the other must show
the change on its very next request: nothing a person sees may be kept per process.
"""

from __future__ import annotations

import http.cookiejar
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from django.conf import settings
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
from tests.mfa_support import enrol_totp
from tests.servers import Server, production_env

RAISED = "Level 4 (Advanced), importance 3"  # the next rung's Python on the ladder page

pytestmark = [
    pytest.mark.skipif(
        not settings.REDIS_URL or settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"),
        reason="needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL), as the second half of CI",
    ),
    pytest.mark.django_db(transaction=True),
]


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
    env = production_env()
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
    kept = RequirementFactory(rung=current, skill=python, level=3, importance=3)
    raised = RequirementFactory(rung=senior, skill=python, level=4, importance=3)
    return {"role": role, "current": current, "kept": kept, "raised": raised}


def test_an_admin_edit_through_one_server_shows_on_the_other_at_once(servers, framework):
    one, two = servers
    person = UserFactory()
    assessment = AssessmentFactory(owner=person, rung=framework["current"])
    python_id = framework["raised"].skill_id
    services.submit_assessment(assessment=assessment, ratings={python_id: (3, "")})
    admin = UserFactory(is_staff=True, is_superuser=True)
    enrol_totp(admin)  # staff open the admin only with a second factor
    editor = Browser(_session_key(admin))
    reader = Browser(_session_key(person))
    ladder = framework["role"].get_absolute_url()
    report = reverse("assessments:report", args=[assessment.public_id])

    for server in servers:  # warm every cache on both servers
        assert RAISED in reader.get(server, ladder)
        assert _next_rung_readiness(reader.get(server, report)) == "75"

    _edit_requirement(editor, one, framework["raised"], level=3, importance=3)

    assert RAISED not in reader.get(two, ladder)
    assert _next_rung_readiness(reader.get(two, report)) == "100"


def test_a_step_saved_or_edited_through_one_server_shows_on_the_other_at_once(servers, framework):
    one, two = servers
    person = UserFactory()
    draft = AssessmentFactory(owner=person, rung=framework["current"])
    python_id = framework["kept"].skill_id
    admin = UserFactory(is_staff=True, is_superuser=True)
    enrol_totp(admin)
    editor = Browser(_session_key(admin))
    reader = Browser(_session_key(person))
    form = reverse("assessments:rate", args=[draft.public_id])
    step = f"{form}?step=1"
    checked = f'value="4" class="form-check-input" id="id_skill-{python_id}_4" checked'

    for server in servers:  # both servers render and cache the step
        html = reader.get(server, step)
        assert checked not in html
        assert "Skills that can block" not in html
    reader.post(
        one,
        form,
        {
            "csrfmiddlewaretoken": _csrf(html),
            "step": "1",
            "action": "save",
            f"skill-{python_id}": "4",
        },
    )
    assert checked in reader.get(two, step)

    _edit_requirement(editor, one, framework["kept"], level=3, importance=5)

    assert "Step 1 of 2: Skills that can block" in reader.get(two, step)


def _edit_requirement(editor: Browser, server: Server, requirement, *, level, importance) -> None:
    """Change a requirement through the admin of `server`, as an editor does."""
    change = reverse("admin:careers_requirement_change", args=[requirement.pk])
    form = editor.get(server, change)
    editor.post(
        server,
        change,
        {
            "csrfmiddlewaretoken": _csrf(form),
            "rung": str(requirement.rung_id),
            "skill": str(requirement.skill_id),
            "level": str(level),
            "importance": str(importance),
        },
    )


def _csrf(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_a_submission_shows_on_every_servers_dashboard_at_once(servers, framework):
    person = UserFactory()
    assessment = AssessmentFactory(owner=person, rung=framework["current"])
    reader = Browser(_session_key(person))
    dashboard = reverse("assessments:dashboard")
    report = reverse("assessments:report", args=[assessment.public_id])
    for server in servers:  # both keep the person's lists, with the draft in them
        assert "Nothing submitted yet" in reader.get(server, dashboard)

    python_id = framework["raised"].skill_id
    services.submit_assessment(assessment=assessment, ratings={python_id: (3, "")})

    for server in servers:
        html = reader.get(server, dashboard)
        assert "No drafts in progress." in html
        assert report in html


def _next_rung_readiness(html: str) -> str:
    """The first next rung's readiness, in whole percent (rated 3 of 4 is 75)."""
    return re.search(r'id="next-title".*?<strong>(\d+)%</strong> ready', html, re.S)[1]
