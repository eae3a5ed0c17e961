"""Shared fixtures: a cast of users, fast hashing, and Debian's Chromium for browser tests."""

from __future__ import annotations

import datetime
import io
import logging
import os

import jinja2
import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.test.signals import template_rendered

from skillgap.middleware import SafeFormatter
from tests.factories import PASSWORD, UserFactory  # noqa: F401 (re-exported for tests)
from tests.mfa_support import enrol_totp

# Fixtures of one feature, kept beside its tests and offered to the whole suite.
pytest_plugins = ["tests.reviews.share_fixtures"]

# Playwright's sync API runs an asyncio loop in the test thread; Django then refuses
# ORM calls from that thread (SynchronousOnlyOperation) unless this is set.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def mail_outbox_db(settings, django_capture_on_commit_callbacks):
    """Mail as production sends it: EMAIL_BACKEND queues a row in post_office's outbox and
    accounts.outbox delivers it after the commit, here to Django's locmem outbox. (The rest
    of the suite hands mail straight to locmem.) Wrap the action in the returned
    `committed()` so its commit hooks run, as they would at the end of a request."""
    settings.EMAIL_BACKEND = "accounts.outbox.QueueBackend"
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.locmem.EmailBackend"},
    }

    def committed():
        return django_capture_on_commit_callbacks(execute=True)

    return committed


@pytest.fixture
def smtp_server(settings, mail_outbox_db):
    """A real SMTP server (aiosmtpd) on a free loopback port; the outbox delivers to it.
    `.messages` holds what it accepted; `.stop()` and `.start()` take it down and back up
    on the same port. Asks for mail_outbox_db, so the outbox delivers here, not to locmem."""
    pytest.importorskip("aiosmtpd")
    from tests.smtp_support import SmtpServer

    server = SmtpServer()
    server.start()
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    settings.EMAIL_TIMEOUT = 5
    settings.POST_OFFICE = {
        **settings.POST_OFFICE,
        "BACKENDS": {"default": "django.core.mail.backends.smtp.EmailBackend"},
    }
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _isolated_cache(settings):
    """Rate-limit counters, the framework version and cached pages must not leak from one
    test to the next. With REDIS_URL set the suite runs on that Redis (a throwaway one: each
    test ends by flushing its database); otherwise on a cache in memory."""
    if not settings.REDIS_URL:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    yield
    cache.clear()


FIXED_NOW = datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def now():
    """A stopped clock, so a test about "3 days ago" means the same on every date."""
    with time_machine.travel(FIXED_NOW, tick=False):
        yield FIXED_NOW


@pytest.fixture
def console_log():
    """What the configured console handler writes, with the project's formatter and filter."""
    handler = next(
        h for h in logging.getLogger().handlers if isinstance(h.formatter, SafeFormatter)
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield buffer
    handler.setStream(previous)


@pytest.fixture
def user(db):
    return UserFactory(email="alice@example.org")


@pytest.fixture
def other_user(db):
    return UserFactory(email="bob@example.org")


@pytest.fixture
def staff_user(db):
    """A superuser with an authenticator app (tests.mfa_support.SECRET), as staff must have."""
    staff_user = UserFactory(email="root@example.org", is_staff=True, is_superuser=True)
    enrol_totp(staff_user)
    return staff_user


@pytest.fixture
def editor(db):
    """A member of the Framework editors group, with an authenticator app."""
    editor = UserFactory(email="editor@example.org", is_staff=True)
    editor.groups.add(framework_editors_group())
    enrol_totp(editor)
    return editor


def framework_editors_group() -> Group:
    """The group the careers data migration creates.

    Transactional tests (live server, races) flush every table when they finish, the
    migration's rows included, so rebuild the group the same way when it has gone.
    """
    group, created = Group.objects.get_or_create(name="Framework editors")
    if created:
        group.permissions.set(Permission.objects.filter(content_type__app_label="careers"))
    return group


@pytest.fixture
def client_as(client):
    """Log the test client in as the given user: `client_as(user)`."""

    def _login(who):
        client.force_login(who)
        return client

    return _login


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # pytest-playwright fixture: use Debian's Chromium instead of a downloaded build.
    if not os.path.exists(CHROMIUM):
        pytest.exit(f"Chromium not found at {CHROMIUM}: apt-get install chromium", returncode=3)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def templates_rendered(monkeypatch) -> dict[str, list[str]]:
    """The names of the templates each engine renders during the test, as
    {"django": [...], "jinja2": [...]} (Jinja2's includes and imports not listed)."""
    rendered: dict[str, list[str]] = {"django": [], "jinja2": []}
    render = jinja2.Template.render

    def _jinja2_render(template, *args, **kwargs):
        rendered["jinja2"].append(template.name)
        return render(template, *args, **kwargs)

    def _django_rendered(sender, template, **kwargs):
        rendered["django"].append(template.name)

    monkeypatch.setattr(jinja2.Template, "render", _jinja2_render)
    template_rendered.connect(_django_rendered, dispatch_uid="templates_rendered")
    yield rendered
    template_rendered.disconnect(dispatch_uid="templates_rendered")
