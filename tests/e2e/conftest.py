"""Browser-journey fixtures: the shipped framework, signed-in pages and the live server.

Every e2e test runs against pytest-django's `live_server` (so its database is transactional)
and with a serialized rollback, so each test starts from the database as migrations leave
it, "Framework editors" group included, exactly as a fresh deployment does.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from playwright.sync_api import Page

from assessments.models import Assessment
from assessments.services import start_assessment, submit_assessment
from careers.models import (
    LearningStep,
    Requirement,
    Role,
    Rung,
    Skill,
    SkillCategory,
    SkillLevel,
)
from tests.e2e.helpers import History, build_history, review_step, settled_draft, smallest_rung
from tests.e2e.reviews_support import open_review_page  # noqa: F401 (a fixture)
from tests.e2e.sso_support import provider  # noqa: F401 (a fixture)
from tests.factories import UserFactory

FRAMEWORK_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "careers.json"
# In dependency order: each model only points at models listed before it.
FRAMEWORK_MODELS = (
    SkillCategory,
    Skill,
    Role,
    Rung,
    Rung.next_rungs.through,
    Requirement,
    LearningStep,
    SkillLevel,
)


class _FrameworkRows:
    """The rows `loaddata fixtures/careers.json` produces, read back once per session.

    Loading the fixture resolves about 1,800 natural keys one query at a time, which takes
    several seconds here; a transactional test empties the database after it, so every test
    needs the framework again. The first test runs the real `loaddata`; later ones
    bulk-insert the very rows it produced, with the same primary keys.
    """

    rows: tuple[tuple[type, list[dict]], ...] | None = None

    @classmethod
    def install(cls) -> None:
        if cls.rows is None:
            call_command("loaddata", FRAMEWORK_FIXTURE, verbosity=0)
            cls.rows = tuple(
                (model, list(model.objects.order_by("pk").values())) for model in FRAMEWORK_MODELS
            )
            return
        for model, rows in cls.rows:
            model.objects.bulk_create(model(**row) for row in rows)
        # Explicit primary keys leave PostgreSQL sequences behind: reset them as loaddata does.
        statements = connection.ops.sequence_reset_sql(no_style(), FRAMEWORK_MODELS)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@pytest.fixture(scope="session", autouse=True)
def _plain_http_live_server():
    """Serve the live server over plain HTTP.

    SecurityMiddleware reads SECURE_SSL_REDIRECT once, when the live server thread builds
    its handler at session start, before any function-scoped `settings` patch; with debug
    off it would send the browser to https://localhost, where nothing listens.
    """
    with override_settings(SECURE_SSL_REDIRECT=False):
        yield


@pytest.fixture(scope="session")
def base_url(_plain_http_live_server, live_server):
    """pytest-playwright resolves relative URLs (`page.goto("/")`) against the live server."""
    return live_server.url


@pytest.fixture
def new_context(new_context):
    """Every browser context of a test (`page`'s, or one made with `new_context()`) answers
    the browser's own /favicon.ico fetch itself.

    Chromium fetches it after `load`, which nothing waits for; on SQLite the live server
    shares the test's database connection, so a 404 still rendering (with a session lookup)
    could overlap the next test's flush.
    """

    def _new_context(**kwargs):
        context = new_context(**kwargs)
        context.route("**/favicon.ico", lambda route: route.fulfill(status=204))
        return context

    return _new_context


@pytest.fixture
def framework(live_server, django_db_serialized_rollback, transactional_db):
    """The shipped career framework, as `loaddata fixtures/careers.json` installs it."""
    _FrameworkRows.install()


@pytest.fixture
def sign_in(page, live_server):
    """Sign a page (by default `page`) in as a user, without the login form.

    `sign_in(user)` or `sign_in(user, other_page)`. Journeys that test logging in use the
    real form; the others start signed in.
    """

    def _sign_in(user, on: Page | None = None) -> None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        (on or page).context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )

    return _sign_in


@pytest.fixture
def submitted(framework):
    """Submit an assessment through the services, as the rating form would:
    `submitted(owner=user, rung=rung, level_for=lambda requirement: 3)`."""

    def _submitted(*, owner, rung: Rung, level_for: Callable[[Requirement], int]) -> Assessment:
        assessment = start_assessment(owner=owner, rung=rung)
        ratings = {r.skill_id: (level_for(r), "") for r in Requirement.objects.filter(rung=rung)}
        assert submit_assessment(assessment=assessment, ratings=ratings)
        return assessment

    return _submitted


@pytest.fixture
def open_page(page: Page, framework, user, other_user, editor, sign_in):
    """Arrange what a page needs, then open it on `page`: `open_page("report")`.

    Signed-in pages belong to `user`, whose history (two submissions of one rung and a
    half-rated draft of another) is built on first need; "dashboard-empty" is seen by
    `other_user`, who has none, and "admin-rung-editor" by `editor`.
    """
    history: list[History] = []

    def _history() -> History:
        if not history:
            history.append(build_history(user))
        return history[0]

    def _open(name: str) -> None:
        page.emulate_media(media="print" if name.endswith("-print") else "screen")
        if name in {"home", "signup", "check-email", "confirm-email", "login", "ladder"}:
            page.context.clear_cookies()
        elif name == "admin-rung-editor":
            sign_in(editor)
        elif name == "dashboard-empty":
            sign_in(other_user)
        elif name == "rating-settled":
            sign_in(other_user)
            page.goto(f"/assessments/{settled_draft(other_user).public_id}/")
            return
        else:
            sign_in(user)
        page.goto(_path(name, _history))

    return _open


def _path(name: str, history: Callable[[], History]) -> str:
    static = {
        "home": "/",
        "signup": "/accounts/signup/",
        "check-email": "/accounts/confirm-email/",
        "login": "/accounts/login/",
        "dashboard-empty": "/assessments/",
        "new-assessment": "/assessments/new/",
        "profile": "/accounts/profile/",
        "change-email": "/accounts/email/",
    }
    if name in static:
        return static[name]
    if name == "confirm-email":
        return reverse("account_confirm_email", args=[_unconfirmed_address_key()])
    rung = smallest_rung()
    if name == "ladder":
        return f"/roles/{rung.role.slug}/"
    if name == "admin-rung-editor":
        return f"/admin/careers/rung/{rung.pk}/change/"
    mine = history()
    return {
        "dashboard": "/assessments/",
        "rating-form": f"/assessments/{mine.draft.public_id}/",
        "rating-review": f"/assessments/{mine.draft.public_id}/?step={review_step(mine.draft)}",
        "report": f"/assessments/{mine.latest.public_id}/report/",
        "report-print": f"/assessments/{mine.latest.public_id}/report/",
        "report-full": f"/assessments/{mine.latest.public_id}/report/full/",
    }[name]


def _unconfirmed_address_key() -> str:
    """The key of a confirmation link, as a newcomer's mail holds it."""
    newcomer = UserFactory(email="newcomer@example.org", verified=False)
    return EmailConfirmationHMAC(EmailAddress.objects.get(user=newcomer)).key
