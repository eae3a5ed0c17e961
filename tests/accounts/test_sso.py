"""Single sign-on against a real OpenID Connect provider (tests/oidc_provider), started as
its own process on localhost. The app side runs in Django's test client; every call between
the two (discovery, token, userinfo, keys) is real HTTP. The provider's pages are walked with
requests, as a browser would."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.test import Client

from accounts.names import display_name
from tests.factories import PASSWORD, UserFactory
from tests.oidc_provider.people import EXPIRED_CLIENT, FOREIGN_ISSUER_CLIENT
from tests.sso_support import (
    PROVIDER_ID,
    connect_app,
    single_sign_on,
    start_sign_on,
)

pytestmark = pytest.mark.django_db

DASHBOARD = "/assessments/"
User = get_user_model()


@pytest.fixture
def app(provider):
    connect_app(provider)
    return provider


def test_the_app_asks_for_a_code_with_pkce_and_a_state(app):
    query = parse_qs(urlsplit(start_sign_on(Client())).query)

    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) >= 43
    assert query["state"][0]
    assert set(query["scope"][0].split()) >= {"openid", "email", "profile"}


def test_the_first_sign_in_creates_the_account_from_the_verified_address_and_name(app):
    client = Client()

    response = single_sign_on(client, "nadia.okafor@example.org")

    assert response["Location"] == DASHBOARD
    person = User.objects.get(email="nadia.okafor@example.org")
    assert (person.first_name, person.last_name) == ("Nadia", "Okafor")
    assert display_name(person) == "Nadia Okafor"
    assert EmailAddress.objects.get(user=person).verified
    assert not person.has_usable_password()
    assert SocialAccount.objects.filter(user=person, provider=PROVIDER_ID).exists()
    assert client.get(DASHBOARD).status_code == 200


def test_an_existing_account_with_the_verified_address_is_linked_not_duplicated(app, user):
    response = single_sign_on(Client(), "alice@example.org")

    assert response["Location"] == DASHBOARD
    assert User.objects.filter(email="alice@example.org").count() == 1
    assert display_name(user) == ""  # a linked account keeps the name its owner chose
    assert SocialAccount.objects.get(provider=PROVIDER_ID).user == user


def test_an_unverified_address_never_signs_in_nor_links(app):
    holder = UserFactory(email="unverified@example.org")
    client = Client()

    response = single_sign_on(client, "unverified@example.org")

    assert response.status_code == 403
    assert "did not confirm that it verified your email address" in response.content.decode()
    assert not SocialAccount.objects.exists()
    assert User.objects.filter(email="unverified@example.org").get() == holder
    assert "_auth_user_id" not in client.session


def test_a_wrong_state_is_refused(app):
    client = Client()

    response = single_sign_on(client, "nadia.okafor@example.org", state="forged-state")

    assert response.status_code in (400, 401)
    assert "_auth_user_id" not in client.session
    assert not User.objects.filter(email="nadia.okafor@example.org").exists()


@pytest.mark.parametrize(
    "client_id",
    [FOREIGN_ISSUER_CLIENT, EXPIRED_CLIENT],
    ids=["an ID token from a foreign issuer", "an expired ID token"],
)
def test_a_bad_id_token_is_refused(provider, client_id):
    connect_app(provider, client_id=client_id)
    client = Client()

    response = single_sign_on(client, "nadia.okafor@example.org")

    assert response.status_code in (400, 401)
    assert "_auth_user_id" not in client.session
    assert not SocialAccount.objects.exists()


def test_with_domains_set_an_address_outside_them_is_refused(app, settings):
    settings.OIDC_DOMAINS = ["example.org"]
    client = Client()

    response = single_sign_on(client, "outsider@elsewhere.test")

    assert response.status_code == 403
    assert "not one this SkillGap accepts" in response.content.decode()
    assert not User.objects.filter(email="outsider@elsewhere.test").exists()


def test_with_domains_set_their_people_still_sign_in_through_the_provider(app, settings):
    settings.OIDC_DOMAINS = ["example.org"]

    response = single_sign_on(Client(), "nadia.okafor@example.org")

    assert response["Location"] == DASHBOARD


class TestDomainsThatMustUseSingleSignOn:
    @pytest.fixture(autouse=True)
    def _domains(self, settings, app):
        settings.OIDC_DOMAINS = ["example.org"]

    def test_password_sign_up_is_refused_with_a_clear_page(self):
        response = Client().post(
            "/accounts/signup/",
            {"email": "new@example.org", "password1": PASSWORD, "password2": PASSWORD},
        )

        assert response.status_code == 403
        assert "sign in to SkillGap through your organisation" in response.content.decode()
        assert "Sign in with Example Corp" in response.content.decode()
        assert not User.objects.filter(email="new@example.org").exists()

    def test_password_log_in_is_refused_with_a_clear_page(self, user):
        client = Client()

        response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})

        assert response.status_code == 403
        assert "_auth_user_id" not in client.session

    def test_changing_an_address_into_those_domains_is_refused(self, client_as):
        outsider = UserFactory(email="reviewer@elsewhere.test")

        response = client_as(outsider).post(
            "/accounts/email/", {"action_add": "", "email": "taken-over@example.org"}
        )

        assert response.status_code == 403
        assert not EmailAddress.objects.filter(email="taken-over@example.org").exists()

    def test_everyone_else_still_signs_up_with_a_password(self):
        response = Client().post(
            "/accounts/signup/",
            {"email": "reviewer@elsewhere.test", "password1": PASSWORD, "password2": PASSWORD},
        )

        assert response.status_code == 302
        assert User.objects.filter(email="reviewer@elsewhere.test").exists()
