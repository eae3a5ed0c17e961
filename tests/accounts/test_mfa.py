"""Two-factor sign-in (allauth.mfa, DESIGN.md §19): codes at log-in, recovery codes once
each, limits on guessing, removal behind the password, and staff kept out of the admin
until they enrol, with a logged reset for lost factors."""

from __future__ import annotations

import logging

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from django.contrib.admin.models import LogEntry
from django.test import Client

from accounts.middleware import STAFF_MFA_MESSAGE
from tests.factories import PASSWORD, UserFactory
from tests.mfa_support import SECRET, enrol_totp, recovery_codes, totp_code

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"
CODE = "/accounts/2fa/authenticate/"
DASHBOARD = "/assessments/"
WRONG_CODE = "000000"


def _password_step(client: Client, email: str):
    return client.post(LOGIN, {"login": email, "password": PASSWORD})


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture
def enrolled(user):
    enrol_totp(user)
    return user


def test_a_person_without_a_factor_signs_in_with_the_password_alone(user):
    client = Client()

    response = _password_step(client, user.email)

    assert response["Location"] == DASHBOARD
    assert _signed_in(client)


def test_once_enrolled_the_password_alone_does_not_sign_in(enrolled):
    client = Client()

    response = _password_step(client, enrolled.email)

    assert response["Location"] == CODE
    assert not _signed_in(client)
    assert client.get(DASHBOARD)["Location"].startswith(LOGIN)


def test_the_code_of_the_authenticator_app_completes_the_log_in(enrolled, now):
    client = Client()
    _password_step(client, enrolled.email)

    response = client.post(CODE, {"code": totp_code(SECRET)})

    assert response["Location"] == DASHBOARD
    assert _signed_in(client)


def test_a_wrong_code_is_refused_next_to_the_field(enrolled, now):
    client = Client()
    _password_step(client, enrolled.email)

    response = client.post(CODE, {"code": WRONG_CODE})

    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert not _signed_in(client)


def test_a_code_works_once_within_its_period(enrolled, now):
    first, second = Client(), Client()
    _password_step(first, enrolled.email)
    _password_step(second, enrolled.email)
    code = totp_code(SECRET)

    first.post(CODE, {"code": code})
    replay = second.post(CODE, {"code": code})

    assert _signed_in(first)
    assert replay.status_code == 200
    assert not _signed_in(second)


def test_a_recovery_code_signs_in_once_and_never_again(enrolled):
    code = recovery_codes(enrolled)[0]
    first, second = Client(), Client()
    _password_step(first, enrolled.email)
    _password_step(second, enrolled.email)

    first.post(CODE, {"code": code})
    again = second.post(CODE, {"code": code})

    assert _signed_in(first)
    assert again.status_code == 200
    assert not _signed_in(second)
    assert code not in recovery_codes(enrolled)


def test_guessing_codes_stops_after_five_wrong_ones_even_with_the_right_one(enrolled, now):
    client = Client()
    _password_step(client, enrolled.email)
    for _ in range(5):
        client.post(CODE, {"code": WRONG_CODE})

    response = client.post(CODE, {"code": totp_code(SECRET)})

    assert response.status_code == 200
    assert "Too many failed" in response.content.decode()
    assert not _signed_in(client)


def test_removing_the_authenticator_app_asks_for_the_password_first(client_as, enrolled, now):
    client = client_as(enrolled)

    asked = client.get("/accounts/2fa/totp/deactivate/")

    assert asked["Location"].startswith("/accounts/reauthenticate/")
    assert Authenticator.objects.filter(user=enrolled, type="totp").exists()


def test_the_account_menu_links_to_two_factor_sign_in(client_as, user):
    body = client_as(user).get(DASHBOARD).content.decode()

    assert 'href="/accounts/2fa/"' in body
    assert "Two-factor sign-in" in body


def test_enrolment_asks_for_the_password_then_shows_the_secret(client_as, user):
    client = client_as(user)
    asked = client.get("/accounts/2fa/totp/activate/")
    client.post(asked["Location"], {"password": PASSWORD})

    response = client.get("/accounts/2fa/totp/activate/")

    assert response.status_code == 200
    assert response.context["form"].secret in response.content.decode()


def test_staff_without_a_factor_are_told_why_at_enrolment(client_as, db):
    editor = UserFactory(email="new-editor@example.org", is_staff=True)

    response = client_as(editor).get("/admin/", follow=True)

    assert response.redirect_chain == [("/accounts/2fa/", 302)]
    assert STAFF_MFA_MESSAGE in response.content.decode()


def test_recovery_codes_alone_do_not_open_the_admin(client_as, editor):
    Authenticator.objects.filter(user=editor, type="totp").delete()

    response = client_as(editor).get("/admin/")

    assert response["Location"] == "/accounts/2fa/"


def test_the_local_admin_of_make_run_is_spared_only_while_debug_is_on(client_as, settings, db):
    local = UserFactory(email="admin@localhost", is_staff=True, is_superuser=True)
    client = client_as(local)

    settings.DEBUG = True
    spared = client.get("/admin/")
    settings.DEBUG = False
    refused = client.get("/admin/")

    assert spared.status_code == 200
    assert refused["Location"] == "/accounts/2fa/"


def test_a_superuser_resets_lost_factors_and_the_reset_is_logged(
    client_as, staff_user, user, caplog
):
    enrol_totp(user)
    client = client_as(staff_user)

    with caplog.at_level(logging.WARNING, logger="accounts.factors"):
        response = client.post(
            "/admin/auth/user/",
            {"action": "reset_two_factor", "_selected_action": [user.pk]},
            follow=True,
        )

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=user).exists()
    assert Authenticator.objects.filter(user=staff_user).exists()
    entry = LogEntry.objects.get(object_id=str(user.pk))
    assert entry.user == staff_user
    assert "Reset two-factor sign-in" in entry.get_change_message()
    assert f"user_id={user.pk} removed=2 by user_id={staff_user.pk}" in caplog.text


def test_an_editor_cannot_reset_anyones_factors(client_as, editor, user):
    enrol_totp(user)

    client_as(editor).post(
        "/admin/auth/user/", {"action": "reset_two_factor", "_selected_action": [user.pk]}
    )

    assert Authenticator.objects.filter(user=user).count() == 2


def test_the_codes_follow_the_clock(enrolled):
    with time_machine.travel(1_800_000_000, tick=False):
        now_code = totp_code(SECRET)
    with time_machine.travel(1_800_000_000 + 30, tick=False):
        next_code = totp_code(SECRET)

    assert now_code != next_code
