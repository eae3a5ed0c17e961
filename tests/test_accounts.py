"""Accounts (django-allauth with our templates): sign-up, log-in, log-out, password reset."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

DASHBOARD = "/assessments/"
GOOD_PASSWORD = "a-long-enough-passphrase"


def _is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_account_paths_are_the_documented_ones():
    assert reverse("account_signup") == "/accounts/signup/"
    assert reverse("account_login") == "/accounts/login/"
    assert reverse("account_logout") == "/accounts/logout/"
    assert reverse("account_reset_password") == "/accounts/password/reset/"
    assert reverse("assessments:dashboard") == DASHBOARD


@pytest.mark.parametrize(
    "url_name",
    ["account_signup", "account_login", "account_reset_password"],
)
def test_account_pages_use_the_site_layout_with_labelled_fields(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    html = response.text
    assert 'class="card shadow-sm account-card"' in html
    assert 'aria-label="Main"' in html  # the site's navigation
    field = "id_login" if url_name == "account_login" else "id_email"
    assert re.search(rf'<label\s+for="{field}"', html)


def test_signup_creates_a_user_and_lands_on_the_dashboard_once_the_address_is_confirmed(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )
    link = next(w for w in mail.outbox[0].body.split() if "/accounts/confirm-email/" in w)
    confirmed = client.post(link)

    assert response.status_code == 302
    assert get_user_model().objects.filter(email="new@example.org").exists()
    assert confirmed["Location"] == DASHBOARD
    assert _is_logged_in(client)


def test_signup_refuses_a_short_password_next_to_the_field(client):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "password1": "Tr0ub4dor&3", "password2": "Tr0ub4dor&3"},
    )

    assert response.status_code == 200
    assert not get_user_model().objects.filter(email="new@example.org").exists()
    assert "at least 12 characters" in response.text
    assert 'id="error_1_id_password1"' in response.text
    assert 'value="new@example.org"' in response.text  # what was typed is kept


def test_login_with_email_lands_on_the_dashboard(client, user):
    response = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == DASHBOARD
    assert _is_logged_in(client)


def test_login_with_a_wrong_password_says_so(client, user):
    response = client.post(
        reverse("account_login"), {"login": "alice@example.org", "password": "not-the-password"}
    )

    assert response.status_code == 200
    assert "not correct" in response.text
    assert not _is_logged_in(client)


def test_login_page_links_to_signup_and_password_reset(client):
    html = client.get(reverse("account_login")).text

    assert f'href="{reverse("account_signup")}"' in html
    assert f'href="{reverse("account_reset_password")}"' in html


def test_logout_by_get_only_asks_for_confirmation(client_as, user):
    client = client_as(user)

    response = client.get(reverse("account_logout"))

    assert response.status_code == 200
    assert "Are you sure you want to log out?" in response.text
    assert '<button type="submit" class="btn btn-primary">Log out</button>' in response.text
    assert _is_logged_in(client)


def test_logout_by_post_logs_out_and_goes_home(client_as, user):
    client = client_as(user)

    response = client.post(reverse("account_logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("careers:home")
    assert not _is_logged_in(client)


def test_password_reset_emails_a_known_address(client, user):
    response = client.post(reverse("account_reset_password"), {"email": "alice@example.org"})

    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_password_reset_done_page_says_to_check_email(client):
    response = client.get(reverse("account_reset_password_done"))

    assert response.status_code == 200
    assert "Check your email" in response.text


def test_password_reset_link_lets_the_person_choose_a_new_password(client, user):
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    link = next(line for line in mail.outbox[0].body.split() if "/password/reset/key/" in line)

    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": GOOD_PASSWORD, "password2": GOOD_PASSWORD},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)


def test_a_used_password_reset_link_says_it_no_longer_works(client):
    response = client.get("/accounts/password/reset/key/1-not-a-real-token/")

    assert response.status_code == 200
    assert "This link no longer works" in response.text
