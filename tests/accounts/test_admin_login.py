"""F3: /admin/login/ had no rate limit and ignored allauth's lockout. It now signs nobody in:
it sends everyone to /accounts/login/, with its limits and lockout."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories import PASSWORD
from tests.mfa_support import SECRET, totp_code

pytestmark = pytest.mark.django_db

ADMIN_LOGIN = "/admin/login/"
SITE_LOGIN_TO_ADMIN = "/accounts/login/?next=%2Fadmin%2F"
WRONG = "not-the-password"


def _admin_login(client: Client, username: str, password: str):
    return client.post(
        f"{ADMIN_LOGIN}?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
    )


def _site_login(client: Client, email: str, password: str):
    return client.post(SITE_LOGIN_TO_ADMIN, {"login": email, "password": password})


def _in_admin(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def test_the_admin_sends_visitors_to_the_sites_login():
    client = Client()

    first = client.get("/admin/")
    second = client.get(first["Location"])

    assert first["Location"] == "/admin/login/?next=/admin/"
    assert second.status_code == 302
    assert second["Location"] == SITE_LOGIN_TO_ADMIN


def test_posting_to_the_admin_login_never_signs_in(editor):
    client = Client()
    for _ in range(12):
        _admin_login(client, editor.username, WRONG)

    response = _admin_login(client, editor.username, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == SITE_LOGIN_TO_ADMIN
    assert not _in_admin(client)


def test_an_editor_reaches_the_admin_through_the_sites_login_and_a_code(editor, now):
    client = Client()

    asked = _site_login(client, editor.email, PASSWORD)
    response = client.post(asked["Location"], {"code": totp_code(SECRET)})

    assert asked["Location"] == "/accounts/2fa/authenticate/"
    assert response["Location"] == "/admin/"
    assert _in_admin(client)


def test_six_failures_lock_both_the_sites_login_and_the_admin(editor):
    attacker = Client()
    for _ in range(6):
        _site_login(attacker, editor.email, WRONG)
    at_site, at_admin = Client(REMOTE_ADDR="198.51.100.7"), Client(REMOTE_ADDR="198.51.100.8")

    refused_at_site = at_site.post(
        "/accounts/login/", {"login": editor.email, "password": PASSWORD}
    )
    at_admin.get(ADMIN_LOGIN)
    refused_at_admin = _site_login(at_admin, editor.email, PASSWORD)
    _admin_login(at_admin, editor.username, PASSWORD)

    assert refused_at_site.status_code in (200, 429)
    assert "_auth_user_id" not in at_site.session
    assert refused_at_admin.status_code in (200, 429)
    assert not _in_admin(at_admin)


def test_the_admin_login_keeps_next_on_this_site():
    response = Client().get(f"{ADMIN_LOGIN}?next=https://evil.example/admin/")

    assert response["Location"] == SITE_LOGIN_TO_ADMIN


def test_a_signed_in_person_who_is_not_staff_is_refused_at_the_admin_login(client_as, user):
    response = client_as(user).get(ADMIN_LOGIN)

    assert response.status_code == 403


def test_signed_in_staff_go_on_to_the_admin(client_as, editor):
    response = client_as(editor).get(f"{ADMIN_LOGIN}?next=/admin/careers/")

    assert response["Location"] == "/admin/careers/"
