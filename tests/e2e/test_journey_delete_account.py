"""Deleting an account in Chromium, for both kinds of account: a person with a password
confirms with it; a person who signed up through single sign-on, with no password, confirms
by signing in again at the real test provider (its own process, on 127.0.0.1). axe checks
each confirmation step and the delete page at both widths; screenshots are kept."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from assessments.privacy import ACCOUNT_DELETED
from tests.e2e.sso_support import axe_at_both_widths
from tests.factories import PASSWORD, UserFactory
from tests.oidc_provider.people import PASSWORD as PROVIDER_PASSWORD
from tests.sso_support import PROVIDER_NAME, connect_app

pytestmark = pytest.mark.e2e

User = get_user_model()
SSO_PERSON = "nadia.okafor@example.org"


def _open_delete_from_the_menu(page: Page) -> None:
    page.goto("/assessments/")
    page.get_by_role("button", name="Account").click()
    page.get_by_role("link", name="Delete account").click()


def _delete(page: Page) -> None:
    page.get_by_role("button", name="Delete my account and data").click()
    expect(page.get_by_text(ACCOUNT_DELETED)).to_be_visible()


def test_a_password_user_confirms_with_the_password_and_deletes_the_account(
    page: Page, framework, sign_in
):
    person = UserFactory(email="grace@example.org")
    sign_in(person)

    _open_delete_from_the_menu(page)
    expect(page).to_have_url(
        re.compile(r"/accounts/reauthenticate/\?next=%2Faccounts%2Fdelete%2F$")
    )
    failing = axe_at_both_widths(page, "delete-account-password-step")
    page.get_by_label(re.compile(r"Password")).fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"/accounts/delete/$"))
    failing += axe_at_both_widths(page, "delete-account-page")
    _delete(page)

    assert not User.objects.filter(pk=person.pk).exists()
    assert not failing, "\n".join(failing)


def _sign_in_at_provider(page: Page) -> None:
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/accounts/login/"))
    page.get_by_label(re.compile("Email", re.I)).fill(SSO_PERSON)
    page.get_by_label(re.compile("Password", re.I)).fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()


def test_a_single_sign_on_user_confirms_at_the_provider_and_deletes_the_account(
    page: Page, framework, provider, other_user
):
    connect_app(provider)
    page.goto("/accounts/login/")
    page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    _sign_in_at_provider(page)
    expect(page).to_have_url(re.compile(r"^http://localhost:\d+/assessments/$"))
    person = User.objects.get(email=SSO_PERSON)
    assert not person.has_usable_password()

    _open_delete_from_the_menu(page)
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/sso/\?next="))
    failing = axe_at_both_widths(page, "delete-account-sso-step")
    page.get_by_role("button", name=f"Sign in again through {PROVIDER_NAME}").click()
    # The provider still has a session, yet asks for the password again (prompt=login).
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/accounts/reauthenticate/"))
    page.get_by_label(re.compile("Password", re.I)).fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page).to_have_url(re.compile(r"^http://localhost:\d+/accounts/delete/$"))
    failing += axe_at_both_widths(page, "delete-account-page-sso")
    _delete(page)

    assert not User.objects.filter(pk=person.pk).exists()
    assert User.objects.filter(pk=other_user.pk).exists()
    assert not failing, "\n".join(failing)
