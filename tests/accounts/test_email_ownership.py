"""An address counts for log-in, reset and uniqueness only once its owner has verified it.

The probe's findings F1 (taking over an address), F2 (squatting and pre-hijacking), F5 (sign-up
says which addresses are registered) and F6 (several accounts for one mailbox), each as the
attack it was, which must now fail.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.addresses import INVISIBLE_CHARACTER, QUOTED_LOCAL_PART
from assessments.models import Assessment
from tests.accounts.mailbox import confirm_link, link_in, mails_to, reset_link
from tests.conftest import FIXED_NOW
from tests.factories import PASSWORD, RequirementFactory, UserFactory

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.org"
MALLORY = "mallory@example.org"
GOOD_PASSWORD = "a-long-enough-passphrase"
MALLORYS_PASSWORD = "mallory-knows-this-one"
SENT = "/accounts/confirm-email/"  # where every sign-up lands, whatever the address
# allauth mails one confirmation per address every 3 minutes.
LATER = datetime.timedelta(minutes=4)


@pytest.fixture
def clock():
    """A stopped clock that a test can move on: `clock.shift(LATER)`."""
    with time_machine.travel(FIXED_NOW, tick=False) as traveller:
        yield traveller


def _sign_up(client: Client, email: str, password: str = GOOD_PASSWORD):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": password, "password2": password}
    )


def _log_in(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _is_logged_in_as(client: Client, user) -> bool:
    return client.session.get("_auth_user_id") == str(user.pk)


def _is_logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _reset_password(client: Client, link: str, password: str) -> None:
    form_page = client.get(link, follow=True)
    client.post(form_page.redirect_chain[-1][0], {"password1": password, "password2": password})


# Sign-up requires verification


def test_signup_mails_a_confirmation_link_and_logs_nobody_in(client):
    response = _sign_up(client, "new@example.org")

    assert response.status_code == 302
    assert response["Location"] == SENT
    assert not _is_logged_in(client)
    assert EmailAddress.objects.get(email="new@example.org").verified is False
    assert "/accounts/confirm-email/" in mails_to("new@example.org")[0].body


def test_following_the_confirmation_link_verifies_and_signs_in(client):
    _sign_up(client, "new@example.org")

    response = client.post(confirm_link("new@example.org"))

    assert response.status_code == 302
    assert response["Location"] == "/assessments/"
    assert EmailAddress.objects.get(email="new@example.org").verified is True
    assert _is_logged_in(client)


def test_an_unverified_address_cannot_log_in(client):
    _sign_up(Client(), "new@example.org")

    response = _log_in(client, "new@example.org", GOOD_PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == SENT
    assert not _is_logged_in(client)


def test_an_account_from_before_verification_confirms_its_address_at_next_log_in(client):
    UserFactory(email="early@example.org", verified=False)

    response = _log_in(client, "early@example.org", PASSWORD)
    client.post(confirm_link("early@example.org"))

    assert response["Location"] == SENT
    assert EmailAddress.objects.get(email="early@example.org").verified is True
    assert _is_logged_in(client)


# F1: taking over an address, and locking its owner out


def test_f1_an_address_cannot_be_added_to_a_second_account(client_as):
    victim = UserFactory(email=VICTIM)
    attacker = client_as(UserFactory(email=MALLORY))
    mail.outbox.clear()

    response = attacker.post(reverse("account_email"), {"email": VICTIM, "action_add": ""})

    assert response.status_code == 200
    assert not EmailAddress.objects.filter(email=VICTIM).exclude(user=victim).exists()
    assert mails_to(VICTIM) == []


def test_f1_a_confirmation_cannot_verify_an_address_verified_on_another_account(client):
    victim = UserFactory(email=VICTIM)
    attacker = UserFactory(email=MALLORY)
    planted = EmailAddress.objects.create(user=attacker, email=VICTIM, verified=False)
    key = EmailConfirmationHMAC(planted).key

    client.post(reverse("account_confirm_email", args=[key]))  # the victim clicks Confirm

    planted.refresh_from_db()
    assert planted.verified is False
    fresh = Client()
    assert _log_in(fresh, VICTIM, PASSWORD)["Location"] == "/assessments/"
    assert _is_logged_in_as(fresh, victim)


def test_f1_the_owners_reset_still_reaches_the_owners_account(client):
    victim = UserFactory(email=VICTIM)
    UserFactory(email=MALLORY)

    client.post(reverse("account_reset_password"), {"email": VICTIM})
    _reset_password(client, reset_link(VICTIM), GOOD_PASSWORD)

    victim.refresh_from_db()
    assert victim.check_password(GOOD_PASSWORD)


# F2: squatting and pre-hijacking


def test_f2_a_squatters_signup_does_not_lock_the_owner_out(clock):
    squatter, owner = Client(), Client()
    _sign_up(squatter, VICTIM, MALLORYS_PASSWORD)  # never confirmed: Mallory cannot read the mail
    mail.outbox.clear()
    clock.shift(LATER)  # past allauth's one confirmation mail per address per 3 minutes

    response = _sign_up(owner, VICTIM)  # the owner arrives later

    assert response["Location"] == SENT
    already = mails_to(VICTIM)[-1]
    assert "already exists" in already.body
    assert owner.get(link_in(already, "/accounts/password/reset/")).status_code == 200
    owner.post(reverse("account_reset_password"), {"email": VICTIM})
    _reset_password(owner, reset_link(VICTIM), GOOD_PASSWORD)
    clock.shift(LATER)
    assert _log_in(owner, VICTIM, GOOD_PASSWORD)["Location"] == SENT
    owner.post(confirm_link(VICTIM))
    assert _is_logged_in(owner)


def test_f2_the_squatter_loses_the_account_once_the_owner_has_reset_it(clock):
    squatter, owner = Client(), Client()
    _sign_up(squatter, VICTIM, MALLORYS_PASSWORD)
    owner.post(reverse("account_reset_password"), {"email": VICTIM})
    _reset_password(owner, reset_link(VICTIM), GOOD_PASSWORD)
    clock.shift(LATER)
    _log_in(owner, VICTIM, GOOD_PASSWORD)
    owner.post(confirm_link(VICTIM))
    rung = RequirementFactory().rung
    owner.post(reverse("assessments:new"), {"rung": rung.pk})
    assessment = Assessment.objects.get()
    mail.outbox.clear()

    refused = _log_in(squatter, VICTIM, MALLORYS_PASSWORD)
    squatter.post(reverse("account_reset_password"), {"email": VICTIM})

    assert refused.status_code == 200
    assert not _is_logged_in(squatter)
    assert {address for m in mail.outbox for address in m.to} == {VICTIM}
    assert EmailAddress.objects.filter(user=assessment.owner).count() == 1
    assert squatter.get(assessment.get_report_url()).status_code == 302  # to the log-in


def test_f2_a_second_address_cannot_be_attached_to_reset_through_later(client_as):
    mallory = UserFactory(email=MALLORY)
    client = client_as(mallory)

    client.post(reverse("account_email"), {"email": "spare@example.org", "action_add": ""})

    assert list(EmailAddress.objects.filter(user=mallory).values_list("email", flat=True)) == [
        MALLORY
    ]


# F5: sign-up says which addresses are registered


@pytest.mark.parametrize("typed", [VICTIM, VICTIM.upper(), "Victim@Example.org"])
def test_f5_signup_with_a_registered_address_looks_like_any_signup(client, typed):
    UserFactory(email=VICTIM)
    fresh = _sign_up(Client(), "somebody-new@example.org")

    response = _sign_up(client, typed)

    assert response.status_code == fresh.status_code == 302
    assert response["Location"] == fresh["Location"]
    assert get_user_model().objects.filter(email__iexact=VICTIM).count() == 1


def test_f5_the_owner_is_told_someone_tried_to_sign_up_with_their_address(client):
    UserFactory(email=VICTIM)

    _sign_up(client, VICTIM)

    (message,) = mails_to(VICTIM)
    assert "tried to sign up" in message.body or "tried to signup" in message.body
    assert "/accounts/confirm-email/" not in message.body


# F6: several accounts for one mailbox


@pytest.mark.parametrize(
    "typed",
    [
        "alice@\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com",  # fullwidth
        "ALICE@EXAMPLE.COM",
    ],
)
def test_f6_another_spelling_of_a_registered_mailbox_is_the_same_account(client, typed):
    UserFactory(email="alice@example.com")

    _sign_up(client, typed)

    assert get_user_model().objects.count() == 1
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("alice@exam\u200bple.com", INVISIBLE_CHARACTER),
        ("alice@exam\u00adple.com", INVISIBLE_CHARACTER),
        ('"alice"@example.com', QUOTED_LOCAL_PART),
    ],
)
def test_f6_an_address_that_hides_another_is_refused_next_to_the_field(client, typed, message):
    UserFactory(email="alice@example.com")

    response = _sign_up(client, typed)

    assert response.status_code == 200
    assert get_user_model().objects.count() == 1
    assert 'id="error_1_id_email"' in response.text
    assert message.split(" (")[0] in response.text.replace("&#x27;", "'")
    assert mail.outbox == []
