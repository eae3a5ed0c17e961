"""The display name and mail preferences (DESIGN §16): at /accounts/profile/ and at sign-up."""

from __future__ import annotations

import importlib
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse

from accounts.forms import NAME_LABEL
from accounts.models import NAME_MAX_LENGTH, Profile
from accounts.names import display_name, wants_review_mail
from accounts.views import PROFILE_SAVED
from tests.accounts.mailbox import mails_to
from tests.factories import AccountProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

PROFILE_URL = "/accounts/profile/"
GOOD_PASSWORD = "a-long-enough-passphrase"
TOO_LONG = "A" * (NAME_MAX_LENGTH + 1)


def _save(client, name: str, notify: bool = True):
    data = {"name": name}
    if notify:
        data["notify_review_submitted"] = "on"
    return client.post(PROFILE_URL, data)


def test_the_profile_page_has_its_documented_path():
    assert reverse("account_profile") == PROFILE_URL


def test_the_profile_page_needs_sign_in(client):
    response = client.get(PROFILE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_person_without_a_profile_sees_an_empty_name_and_mail_on(client_as, user):
    response = client_as(user).get(PROFILE_URL)

    assert response.status_code == 200
    assert NAME_LABEL in response.text
    assert 'name="name"' in response.text
    checkbox = re.search(r'<input type="checkbox" name="notify_review[^>]*>', response.text)
    assert checkbox
    assert "checked" in checkbox.group(0)
    assert display_name(user) == ""
    assert wants_review_mail(user) is True


def test_saving_stores_the_name_stripped_and_the_mail_preference(client_as, user):
    client = client_as(user)

    response = _save(client, "  Ada Lovelace  ", notify=False)

    assert response.status_code == 302
    assert response["Location"] == PROFILE_URL
    user.refresh_from_db()
    assert display_name(user) == "Ada Lovelace"
    assert wants_review_mail(user) is False
    assert PROFILE_SAVED in client.get(PROFILE_URL).text


def test_an_empty_name_clears_it(client_as, user):
    AccountProfileFactory(user=user, name="Ada")

    _save(client_as(user), "")

    assert Profile.objects.get(user=user).name == ""


def test_a_name_too_long_is_refused_next_to_the_field_and_kept(client_as, user):
    AccountProfileFactory(user=user, name="Ada")

    response = _save(client_as(user), TOO_LONG)

    assert response.status_code == 422
    assert 'id="error_1_id_name"' in response.text
    assert f"at most {NAME_MAX_LENGTH} characters (this one has {NAME_MAX_LENGTH + 1})" in (
        response.text
    )
    assert f'value="{TOO_LONG}"' in response.text
    assert Profile.objects.get(user=user).name == "Ada"


def test_saving_changes_only_the_signed_in_persons_profile(client_as, user, other_user):
    AccountProfileFactory(user=other_user, name="Bob")

    client_as(user).post(PROFILE_URL, {"name": "Alice", "user": other_user.pk})

    assert Profile.objects.get(user=other_user).name == "Bob"
    assert Profile.objects.get(user=user).name == "Alice"


def test_the_profile_page_links_to_changing_the_address_and_the_password(client_as, user):
    html = client_as(user).get(PROFILE_URL).text

    assert f'href="{reverse("account_email")}"' in html
    assert f'href="{reverse("account_change_password")}"' in html


def test_the_account_menu_links_every_account_page(client_as, user):
    html = client_as(user).get(reverse("assessments:dashboard")).text

    for name in (
        "account_profile",
        "account_email",
        "account_change_password",
        "download_my_data",
        "delete_account",
    ):
        assert f'href="{reverse(name)}"' in html


# Sign-up


def _sign_up(client, email: str, name: str | None = None):
    data = {"email": email, "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD}
    if name is not None:
        data["name"] = name
    return client.post(reverse("account_signup"), data)


def test_signup_offers_an_optional_name(client):
    html = client.get(reverse("account_signup")).text

    assert NAME_LABEL in html
    assert 'autocomplete="name"' in html


def test_signup_stores_the_name_given(client):
    _sign_up(client, "new@example.org", "  Grace Hopper ")

    person = get_user_model().objects.get(email="new@example.org")
    assert display_name(person) == "Grace Hopper"


def test_signup_without_a_name_stores_none(client):
    _sign_up(client, "new@example.org")

    person = get_user_model().objects.get(email="new@example.org")
    assert display_name(person) == ""


def test_signup_with_a_name_too_long_is_refused_next_to_the_field(client):
    response = _sign_up(client, "new@example.org", TOO_LONG)

    assert response.status_code == 200
    assert 'id="error_1_id_name"' in response.text
    assert 'value="new@example.org"' in response.text
    assert not get_user_model().objects.filter(email="new@example.org").exists()


def test_signup_with_a_registered_address_never_renames_its_account(client):
    owner = UserFactory(email="ada@example.org")
    AccountProfileFactory(user=owner, name="Ada")

    _sign_up(client, "ada@example.org", "Mallory")

    assert display_name(owner) == "Ada"
    assert "already exists" in mails_to("ada@example.org")[0].body


# The migration that carried names over


def test_the_migration_carries_first_and_last_names_over():
    named = UserFactory(first_name="Ada", last_name="Lovelace")
    first_only = UserFactory(first_name=" Grace ")
    unnamed = UserFactory()
    migration = importlib.import_module("accounts.migrations.0002_profile_name_from_first_name")

    migration.carry_names_over(apps, None)

    assert Profile.objects.get(user=named).name == "Ada Lovelace"
    assert Profile.objects.get(user=first_only).name == "Grace"
    assert not Profile.objects.filter(user=unnamed).exists()
