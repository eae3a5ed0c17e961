"""Mail: links from configuration, never from the request (F8); a mail server that cannot be
reached delays the mail, which waits in the outbox; the person sees no error (F10)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from post_office.models import STATUS, Email

from tests.accounts.mailbox import link_in, mails_to
from tests.factories import PASSWORD, UserFactory
from tests.reauth_support import confirm_with_password

pytestmark = pytest.mark.django_db

SITE = "https://skillgap.example.org"
CRAFTED_HOST = "localhost:31337"


@pytest.fixture
def configured_site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = ["localhost", "testserver"]


def _links(message) -> list[str]:
    return [word for word in message.body.split() if "://" in word]


def test_f8_a_reset_link_ignores_the_host_header(configured_site):
    UserFactory(email="alice@example.org")

    Client().post(
        reverse("account_reset_password"), {"email": "alice@example.org"}, HTTP_HOST=CRAFTED_HOST
    )

    link = link_in(mails_to("alice@example.org")[0], "/accounts/password/reset/key/")
    assert link.startswith(f"{SITE}/accounts/password/reset/key/")


@pytest.mark.parametrize(
    ("registered", "url_name"),
    [
        (False, "account_signup"),  # the confirmation link
        (True, "account_signup"),  # "someone tried to sign up": its reset link
        (False, "account_reset_password"),  # "no account here": its sign-up link
    ],
)
def test_f8_every_link_in_account_mail_points_at_the_configured_site(
    configured_site, registered, url_name
):
    if registered:
        UserFactory(email="alice@example.org")
    data = {"email": "alice@example.org", "password1": "a-long-passphrase", "password2": "x"}
    data["password2"] = data["password1"]

    Client().post(reverse(url_name), data, HTTP_HOST=CRAFTED_HOST)

    (message,) = mail.outbox
    assert _links(message)
    assert all(link.startswith(f"{SITE}/") for link in _links(message))
    assert "31337" not in message.body
    assert message.subject.startswith("[SkillGap] ")


@pytest.fixture
def unreachable_smtp(smtp_server, mail_outbox_db):
    """The outbox's SMTP server, stopped: nothing listens on its port."""
    smtp_server.stop()
    return mail_outbox_db


def test_f10_a_reset_with_no_mail_server_goes_on_as_usual(unreachable_smtp):
    UserFactory(email="alice@example.org")
    client = Client(raise_request_exception=False)

    with unreachable_smtp():
        response = client.post(reverse("account_reset_password"), {"email": "alice@example.org"})

    assert response.status_code == 302
    (queued,) = Email.objects.all()
    assert queued.to == ["alice@example.org"]
    assert queued.status == STATUS.requeued


def test_f10_a_signup_with_no_mail_server_goes_on_as_usual(unreachable_smtp):
    client = Client(raise_request_exception=False)
    data = {"email": "new@example.org", "password1": "a-long-passphrase"}
    data["password2"] = data["password1"]

    with unreachable_smtp():
        response = client.post(reverse("account_signup"), data)

    assert response.status_code == 302
    assert Email.objects.get().status == STATUS.requeued


def test_f10_the_mail_failure_is_logged_without_the_address(unreachable_smtp, console_log):
    UserFactory(email="alice@example.org")
    client = Client(raise_request_exception=False)

    with unreachable_smtp():
        client.post(
            reverse("account_reset_password"),
            {"email": "alice@example.org"},
            headers={"X-Request-ID": "req-mail-0001"},
        )

    logged = console_log.getvalue()
    assert "WARNING accounts.outbox " in logged
    assert "not sent (attempt 1, ConnectionRefusedError); next try in 60 s" in logged
    assert "alice@example.org" not in logged


# Sign-up and log-in mails speak as SkillGap, not as the host they were sent from


def _signup(client: Client, email: str) -> None:
    data = {"email": email, "password1": "a-long-passphrase", "password2": "a-long-passphrase"}
    client.post(reverse("account_signup"), data)


def _new_signup(client_as) -> None:
    _signup(Client(), "alice@example.org")


def _registered_signup(client_as) -> None:
    UserFactory(email="alice@example.org")
    _signup(Client(), "alice@example.org")


def _reset(client_as) -> None:
    UserFactory(email="alice@example.org")
    Client().post(reverse("account_reset_password"), {"email": "alice@example.org"})


def _unknown_reset(client_as) -> None:
    Client().post(reverse("account_reset_password"), {"email": "alice@example.org"})


def _old_account_logs_in(client_as) -> None:
    UserFactory(email="alice@example.org", verified=False)
    Client().post(
        reverse("account_login"), {"login": "alice@example.org", "password": "correct-horse"}
    )
    Client().post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})


def _change_address(client_as) -> None:
    client = client_as(UserFactory(email="old@example.org"))
    confirm_with_password(client, reverse("account_email"))
    client.post(reverse("account_email"), {"email": "alice@example.org", "action_add": ""})


def _address_changed(client_as) -> None:
    client = client_as(UserFactory(email="alice@example.org"))
    confirm_with_password(client, reverse("account_email"))
    client.post(reverse("account_email"), {"email": "new@example.org", "action_add": ""})
    client.post(link_in(mails_to("new@example.org")[-1], "/accounts/confirm-email/"))


@pytest.mark.parametrize(
    ("action", "subject", "says"),
    [
        (_new_signup, "Confirm your e-mail address to finish signing up", "signing up"),
        (_registered_signup, "You already have an account", "already exists"),
        (_reset, "Choose a new password", "reset the password of your SkillGap account"),
        (_unknown_reset, "No SkillGap account for this address", "no account has"),
        (_old_account_logs_in, "Confirm your e-mail address", "address of your SkillGap"),
        (_change_address, "Confirm your e-mail address", "replaces the account's current"),
        (_address_changed, "Your e-mail address was changed", "now uses new@example.org"),
    ],
)
def test_account_mails_carry_the_sites_name_and_speak_in_its_voice(
    configured_site, client_as, action, subject, says
):
    action(client_as)

    message = mails_to("alice@example.org")[-1]
    words = [word for word in message.body.split() if "://" not in word]
    assert message.subject == f"[SkillGap] {subject}"
    assert "SkillGap" in message.body
    assert says in message.body
    assert not any("skillgap.example.org" in word or "127.0.0.1:8000" in word for word in words)
    assert "user person" not in message.body  # never the username allauth made up
