"""F9: sign-up and log-in follow SECURITY.md's one rule: the session ends with the browser
unless the person ticks "Remember me" on the log-in form."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.accounts.mailbox import confirm_link
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _session_cookie(client: Client):
    return client.cookies[settings.SESSION_COOKIE_NAME]


def _is_browser_session(cookie) -> bool:
    return not cookie["expires"] and not cookie["max-age"]


def test_f9_signing_up_gives_a_browser_session_cookie():
    client = Client()
    data = {"email": "new@example.org", "password1": "a-long-passphrase"}
    data["password2"] = data["password1"]
    client.post(reverse("account_signup"), data)

    client.post(confirm_link("new@example.org"))

    assert "_auth_user_id" in client.session
    assert _is_browser_session(_session_cookie(client))


def test_logging_in_without_remember_me_gives_a_browser_session_cookie(user):
    client = Client()

    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})

    assert "_auth_user_id" in client.session
    assert _is_browser_session(_session_cookie(client))


def test_logging_in_with_remember_me_keeps_the_session_for_the_session_age(user):
    client = Client()

    client.post(
        reverse("account_login"), {"login": user.email, "password": PASSWORD, "remember": "on"}
    )

    assert _session_cookie(client)["max-age"] == settings.SESSION_COOKIE_AGE
