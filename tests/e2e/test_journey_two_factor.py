"""Two-factor sign-in and single sign-on in Chromium (DESIGN.md §19): a person enrols an
authenticator app with a code computed from the secret the page shows, signs out and back
in with a code; an editor is sent to enrolment before the admin; a newcomer signs in through
a real OpenID Connect provider and lands on the dashboard with their name set. axe checks
enrolment, code entry and the single sign-on button at both widths; screenshots are kept."""

from __future__ import annotations

import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from accounts.middleware import STAFF_MFA_MESSAGE
from accounts.names import display_name
from tests.conftest import FIXED_NOW
from tests.e2e.sso_support import axe_at_both_widths
from tests.e2e.test_screenshots import _folder
from tests.factories import PASSWORD, UserFactory
from tests.mfa_support import PERIOD, totp_code
from tests.oidc_provider.people import PASSWORD as PROVIDER_PASSWORD
from tests.sso_support import PROVIDER_NAME, connect_app

pytestmark = pytest.mark.e2e


def _log_in(page: Page, email: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label(re.compile(r"^\s*Email")).fill(email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Log in", exact=True).click()


def test_a_person_enrols_an_authenticator_app_then_signs_in_with_a_code(page: Page, framework):
    person = UserFactory(email="grace@example.org")
    failing = []
    # The server and the test share one clock, stopped at the start of a code's period and
    # then ticking, so the code computed here is the one the server expects.
    with time_machine.travel(FIXED_NOW, tick=True) as clock:
        _log_in(page, person.email)
        page.get_by_role("button", name="Account").click()
        page.get_by_role("link", name="Two-factor sign-in").click()
        expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))
        page.get_by_role("link", name="Activate").first.click()
        # Adding a factor asks for the password again.
        expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/"))
        page.get_by_label(re.compile(r"Password")).fill(PASSWORD)
        page.get_by_role("button", name="Confirm").click()
        secret = page.locator("#authenticator_secret").input_value()
        failing += axe_at_both_widths(page, "two-factor-enrol")
        page.get_by_label("Authenticator code").fill(totp_code(secret))
        page.get_by_role("button", name="Activate").click()
        expect(page.get_by_text(re.compile("authenticator app", re.I)).first).to_be_visible()

        page.get_by_role("button", name="Log out").click()
        if page.get_by_role("button", name="Log out").count():  # the confirmation page
            page.get_by_role("button", name="Log out").click()
        clock.shift(PERIOD)  # a fresh code: each one works once
        _log_in(page, person.email)
        expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
        failing += axe_at_both_widths(page, "two-factor-code")
        page.locator('input[name="code"]').fill(totp_code(secret))
        page.locator('form[action$="/2fa/authenticate/"] button[type="submit"]').first.click()
        expect(page).to_have_url(re.compile(r"/assessments/$"))

    assert not failing, "\n".join(failing)


def test_an_editor_without_a_second_factor_is_sent_to_enrolment_before_the_admin(
    page: Page, framework, sign_in
):
    editor = UserFactory(email="new.editor@example.org", is_staff=True)
    sign_in(editor)

    page.goto("/admin/")

    expect(page).to_have_url(re.compile(r"/accounts/2fa/$"))
    expect(page.get_by_text(STAFF_MFA_MESSAGE)).to_be_visible()
    page.screenshot(path=_folder() / "two-factor-staff-sent-to-enrolment.png", full_page=True)


def test_a_newcomer_signs_in_through_the_provider_and_lands_on_the_dashboard_named(
    page: Page, framework, provider
):
    connect_app(provider)
    page.goto("/accounts/login/")
    failing = axe_at_both_widths(page, "two-factor-sso-button")

    page.get_by_role("button", name=f"Sign in with {PROVIDER_NAME}").click()
    expect(page).to_have_url(re.compile(r"^http://127\.0\.0\.1:\d+/accounts/login/"))
    page.get_by_label(re.compile("Email", re.I)).fill("nadia.okafor@example.org")
    page.get_by_label(re.compile("Password", re.I)).fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In", re.I)).click()

    expect(page).to_have_url(re.compile(r"^http://localhost:\d+/assessments/$"))
    page.screenshot(path=_folder() / "sso-dashboard.png", full_page=True)
    person = get_user_model().objects.get(email="nadia.okafor@example.org")
    assert display_name(person) == "Nadia Okafor"
    assert not failing, "\n".join(failing)


def test_a_person_adds_a_passkey_and_logs_in_with_it(page: Page, framework, sign_in, settings):
    # WebAuthn refuses IP addresses: the live server is on localhost, over plain http.
    settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = True
    person = UserFactory(email="lin@example.org")
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    sign_in(person)

    page.goto("/accounts/2fa/webauthn/add/")
    page.get_by_label(re.compile(r"Password")).fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label(re.compile("Name", re.I)).fill("Laptop")
    page.get_by_label("Passwordless").check()
    page.get_by_role("button", name="Add").click()
    expect(page.get_by_text(re.compile("recovery codes", re.I)).first).to_be_visible()
    page.context.clear_cookies()

    page.goto("/accounts/login/")
    page.get_by_role("button", name="Use a passkey instead").click()

    expect(page).to_have_url(re.compile(r"/assessments/$"))
