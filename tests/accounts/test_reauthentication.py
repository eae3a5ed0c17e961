"""Every kind of account confirms it is them before deleting itself, changing its address or
setting a first password (accounts.reauthentication): a password, a second factor, or, for
someone who signed up through single sign-on, signing in again at the real test provider
(tests/oidc_provider, its own process on localhost)."""

from __future__ import annotations

import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.reauthentication import AUTH_PARAMS, PROCESS
from assessments.models import Assessment
from tests.factories import PASSWORD, AssessmentFactory, UserFactory
from tests.mfa_support import SECRET, enrol_totp, totp_code
from tests.oidc_provider.people import STALE_LOGIN_CLIENT
from tests.sso_support import (
    START,
    come_back,
    connect_app,
    sign_in_at_provider,
    single_sign_on,
)

pytestmark = pytest.mark.django_db

User = get_user_model()
DELETE = "/accounts/delete/"
HOME = "/"
PASSWORD_STEP = "/accounts/reauthenticate/"
FACTOR_STEP = "/accounts/2fa/reauthenticate/"
PROVIDER_STEP = "/accounts/reauthenticate/sso/"
ASKED = f"?{urlencode({'next': DELETE})}"
SSO_PERSON = "nadia.okafor@example.org"
# allauth's ACCOUNT_REAUTHENTICATION_TIMEOUT: five minutes.
TIMEOUT = datetime.timedelta(seconds=300)


@pytest.fixture
def bobs_assessment(other_user):
    return AssessmentFactory(owner=other_user, status=Assessment.Status.SUBMITTED)


def _confirm_with_password(client: Client, password: str = PASSWORD):
    return client.post(PASSWORD_STEP + ASKED, {"password": password})


# --- a password ---------------------------------------------------------------------------


def test_a_stale_session_is_asked_for_the_password_before_the_delete_page(client_as, user):
    response = client_as(user).get(DELETE)

    assert response.status_code == 302
    assert response["Location"] == PASSWORD_STEP + ASKED


def test_a_password_user_confirms_then_deletes_their_account(client_as, user, bobs_assessment, now):
    client = client_as(user)
    mine = AssessmentFactory(owner=user)

    confirmed = _confirm_with_password(client)
    page = client.get(DELETE)
    deleted = client.post(DELETE)

    assert confirmed["Location"] == DELETE
    assert page.status_code == 200
    assert deleted["Location"] == HOME
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Assessment.objects.filter(pk=mine.pk).exists()
    assert Assessment.objects.filter(pk=bobs_assessment.pk).exists()
    assert User.objects.filter(pk=bobs_assessment.owner_id).exists()


def test_a_stale_delete_is_carried_out_once_the_password_is_given(client_as, user, now):
    client = client_as(user)

    asked = client.post(DELETE)
    kept = User.objects.filter(pk=user.pk).exists()
    done = _confirm_with_password(client)

    assert asked["Location"] == PASSWORD_STEP + ASKED
    assert kept
    assert done["Location"] == HOME
    assert not User.objects.filter(pk=user.pk).exists()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_deletes_nothing(client_as, user, now):
    client = client_as(user)
    client.post(DELETE)

    response = _confirm_with_password(client, "not-my-password")

    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    assert User.objects.filter(pk=user.pk).exists()
    assert client.get(DELETE)["Location"] == PASSWORD_STEP + ASKED


def test_a_confirmation_holds_for_five_minutes_then_is_asked_again(client_as, user):
    client = client_as(user)
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, 0, tzinfo=datetime.UTC)) as clock:
        _confirm_with_password(client)

        clock.shift(TIMEOUT - datetime.timedelta(seconds=5))
        still_fresh = client.get(DELETE)
        clock.shift(datetime.timedelta(seconds=10))
        stale = client.post(DELETE)

    assert still_fresh.status_code == 200
    assert stale["Location"] == PASSWORD_STEP + ASKED
    assert User.objects.filter(pk=user.pk).exists()


def test_password_guesses_at_the_confirmation_are_limited(client_as, user, now):
    client = client_as(user)
    for _ in range(10):
        _confirm_with_password(client, "a-wrong-guess")

    response = _confirm_with_password(client)

    assert response.status_code == 429
    assert User.objects.filter(pk=user.pk).exists()


def test_changing_the_address_asks_to_confirm_first(client_as, user, now):
    client = client_as(user)

    response = client.post("/accounts/email/", {"email": "new@example.org", "action_add": ""})

    assert response["Location"] == PASSWORD_STEP + "?" + urlencode({"next": "/accounts/email/"})
    assert not EmailAddress.objects.filter(email="new@example.org").exists()


# --- a password and an authenticator app ----------------------------------------------------


def test_a_password_and_authenticator_user_may_confirm_with_a_code(client_as, user, now):
    enrol_totp(user)
    client = client_as(user)

    asked = client.get(DELETE)
    confirmed = client.post(FACTOR_STEP + ASKED, {"code": totp_code(SECRET)})
    deleted = client.post(DELETE)

    assert asked["Location"] == PASSWORD_STEP + ASKED
    assert confirmed["Location"] == DELETE
    assert deleted["Location"] == HOME
    assert not User.objects.filter(pk=user.pk).exists()


def test_the_password_step_offers_the_authenticator_app_instead(client_as, user, now):
    enrol_totp(user)

    body = client_as(user).get(PASSWORD_STEP + ASKED).content.decode()

    assert f'href="{FACTOR_STEP}{ASKED}"' in body


# --- single sign-on only ----------------------------------------------------------------------


@pytest.fixture
def signed_on(provider):
    """Nadia, who signed up through the provider: a client signed in as her, no password."""
    connect_app(provider)
    client = Client()
    single_sign_on(client, SSO_PERSON)
    person = User.objects.get(email=SSO_PERSON)
    assert not person.has_usable_password()
    return client, person


def _confirm_at_provider(client: Client, email: str = SSO_PERSON):
    """Press the confirmation page's button, sign in at the provider, and come back."""
    page = client.get(PROVIDER_STEP + ASKED)
    action = page.context["providers"][0][1]
    authorize = client.post(action)["Location"]
    return authorize, come_back(client, sign_in_at_provider(authorize, email))


def test_an_sso_only_person_is_sent_to_confirm_at_their_provider(signed_on):
    client, _ = signed_on

    response = client.get(DELETE)

    assert response["Location"] == PROVIDER_STEP + ASKED


def test_the_confirmation_page_posts_to_the_provider_without_signing_anyone_in(signed_on):
    client, _ = signed_on

    page = client.get(PROVIDER_STEP + ASKED)

    body = page.content.decode()
    action = urlsplit(page.context["providers"][0][1])
    assert action.path == START
    assert parse_qs(action.query) == {
        "process": [PROCESS],
        "next": [DELETE],
        "auth_params": [AUTH_PARAMS],
    }
    assert "Sign in again through Example Corp" in body
    assert 'method="post"' in body


def test_an_sso_only_person_deletes_their_account_after_signing_in_again(
    signed_on, bobs_assessment
):
    client, person = signed_on
    mine = AssessmentFactory(owner=person)

    authorize, back = _confirm_at_provider(client)
    page = client.get(DELETE)
    deleted = client.post(DELETE)

    assert parse_qs(urlsplit(authorize).query)["prompt"] == ["login"]
    assert back["Location"] == DELETE
    assert page.status_code == 200
    assert deleted["Location"] == HOME
    assert not User.objects.filter(pk=person.pk).exists()
    assert not SocialAccount.objects.filter(user_id=person.pk).exists()
    assert not Assessment.objects.filter(pk=mine.pk).exists()
    assert Assessment.objects.filter(pk=bobs_assessment.pk).exists()


def test_signing_in_at_the_provider_as_someone_else_confirms_nothing(signed_on, user):
    client, person = signed_on

    _, back = _confirm_at_provider(client, "alice@example.org")

    assert back.status_code == 403
    assert "signed in a different account" in back.content.decode()
    assert client.session["_auth_user_id"] == str(person.pk)
    assert client.get(DELETE)["Location"] == PROVIDER_STEP + ASKED
    assert not SocialAccount.objects.filter(user=user).exists()


def test_a_provider_that_did_not_ask_again_confirms_nothing(signed_on, provider):
    client, person = signed_on
    connect_app(provider, client_id=STALE_LOGIN_CLIENT)

    _, back = _confirm_at_provider(client)

    assert back.status_code == 403
    assert "did not ask for your credentials again" in back.content.decode()
    assert client.get(DELETE)["Location"] == PROVIDER_STEP + ASKED
    assert User.objects.filter(pk=person.pk).exists()


def test_an_sso_person_with_an_authenticator_app_is_asked_for_it_first(signed_on):
    client, person = signed_on
    enrol_totp(person)

    response = client.get(DELETE)

    assert response["Location"] == FACTOR_STEP + ASKED
    assert f'href="{PROVIDER_STEP}{ASKED}"' in client.get(response["Location"]).content.decode()


def test_an_sso_only_person_setting_a_first_password_confirms_at_the_provider_first(signed_on):
    client, person = signed_on

    response = client.get("/accounts/password/set/")

    assert response["Location"] == PROVIDER_STEP + "?" + urlencode(
        {"next": "/accounts/password/set/"}
    )
    person.refresh_from_db()
    assert not person.has_usable_password()


def test_the_provider_step_sends_a_person_without_a_linked_provider_to_the_password(
    client_as, provider
):
    connect_app(provider)
    client = client_as(UserFactory())

    response = client.get(PROVIDER_STEP + ASKED)

    assert response["Location"] == PASSWORD_STEP + ASKED
