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
from tests.reauth_support import confirm_with_password

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


# F1: taking over an address, and locking its owner out. A change of address waits as a
# pending row (ACCOUNT_CHANGE_EMAIL) that holds nothing until its link is followed.


def _change_address(client: Client, email: str):
    """Add the new address on the e-mail page, confirming with the password first."""
    confirm_with_password(client, reverse("account_email"))
    return client.post(reverse("account_email"), {"email": email, "action_add": ""})


def test_f1_an_address_held_by_another_account_is_never_sent_a_link_for_this_one(client_as):
    victim = UserFactory(email=VICTIM)
    mallory = UserFactory(email=MALLORY)
    attacker = client_as(mallory)
    mail.outbox.clear()

    response = _change_address(attacker, VICTIM)
    attacker.post(reverse("account_email"), {"email": VICTIM, "action_send": ""})

    assert response.status_code == 302  # as for any change: nothing says who is registered
    assert not EmailAddress.objects.filter(email=VICTIM, verified=True).exclude(user=victim)
    assert all("/accounts/confirm-email/" not in m.body for m in mails_to(VICTIM))
    assert "already exists" in mails_to(VICTIM)[0].body
    mallory.refresh_from_db()
    assert mallory.email == MALLORY


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
    mallory = UserFactory(email=MALLORY)
    EmailAddress.objects.create(user=mallory, email=VICTIM, verified=False, primary=False)

    client.post(reverse("account_reset_password"), {"email": VICTIM})
    _reset_password(client, reset_link(VICTIM), GOOD_PASSWORD)

    victim.refresh_from_db()
    mallory.refresh_from_db()
    assert victim.check_password(GOOD_PASSWORD)
    assert not mallory.check_password(GOOD_PASSWORD)
    assert len(mails_to(VICTIM)) == 2  # the reset link, then "your password was reset"


def test_f1_a_pending_address_cannot_sign_in(client_as):
    mallory = UserFactory(email=MALLORY)
    _change_address(client_as(mallory), "someone-else@example.org")

    fresh = Client()
    response = _log_in(fresh, "someone-else@example.org", PASSWORD)

    assert EmailAddress.objects.get(email="someone-else@example.org").verified is False
    assert response.status_code == 200  # the form again, with its error
    assert not _is_logged_in(fresh)


def test_f1_a_pending_address_receives_no_reset(client_as):
    mallory = UserFactory(email=MALLORY)
    _change_address(client_as(mallory), "someone-else@example.org")
    mail.outbox.clear()

    Client().post(reverse("account_reset_password"), {"email": "someone-else@example.org"})

    (message,) = mails_to("someone-else@example.org")
    assert "/accounts/password/reset/key/" not in message.body
    assert "/accounts/signup/" in message.body  # "no account here": the unknown-account mail


def test_f1_a_pending_address_does_not_keep_its_owner_out(client_as, clock):
    mallory = UserFactory(email=MALLORY)
    attacker = client_as(mallory)
    _change_address(attacker, VICTIM)  # before the owner has an account
    mail.outbox.clear()
    clock.shift(LATER)

    owner = Client()
    _sign_up(owner, VICTIM)
    owner.post(confirm_link(VICTIM))
    attacker.post(reverse("account_email"), {"email": VICTIM, "action_send": ""})

    owner_account = get_user_model().objects.get(email=VICTIM)
    assert owner_account != mallory
    assert _is_logged_in_as(owner, owner_account)
    assert EmailAddress.objects.get(user=owner_account).verified is True
    assert not EmailAddress.objects.filter(user=mallory, email=VICTIM, verified=True).exists()
    assert len([m for m in mails_to(VICTIM) if "/accounts/confirm-email/" in m.body]) == 1


# Changing the address: the new one replaces the old only once confirmed


def test_a_new_address_replaces_the_old_one_once_its_link_is_followed(client_as):
    person = UserFactory(email="old@example.org")
    client = client_as(person)
    mail.outbox.clear()

    response = _change_address(client, "new@example.org")
    still_old = Client()
    _log_in(still_old, "old@example.org", PASSWORD)
    client.post(confirm_link("new@example.org"))

    assert response["Location"] == reverse("account_email")
    assert _is_logged_in_as(still_old, person)  # the old address works until confirmation
    person.refresh_from_db()
    assert person.email == "new@example.org"
    assert list(EmailAddress.objects.filter(user=person).values_list("email", "verified")) == [
        ("new@example.org", True)
    ]
    assert "new@example.org" in mails_to("old@example.org")[-1].body  # told of the change
    assert _is_logged_in_as(_fresh_log_in("new@example.org"), person)
    assert not _is_logged_in(_fresh_log_in("old@example.org"))


def test_an_unconfirmed_change_keeps_the_old_address(client_as):
    person = UserFactory(email="old@example.org")
    client = client_as(person)

    _change_address(client, "new@example.org")
    page = client.get(reverse("account_email"))

    person.refresh_from_db()
    assert person.email == "old@example.org"
    assert "Waiting for confirmation" in page.text
    assert "new@example.org" in page.text


@pytest.mark.parametrize("typed", ["", "not-an-address", "alice@exam\u200bple.com"])
def test_a_bad_new_address_is_refused_next_to_the_field(client_as, typed):
    person = UserFactory(email="old@example.org")
    client = client_as(person)
    mail.outbox.clear()

    response = _change_address(client, typed)

    assert response.status_code == 200
    assert 'id="id_email-error"' in response.text
    assert f'value="{typed}"' in response.text
    assert EmailAddress.objects.filter(user=person).count() == 1
    assert mail.outbox == []


def _fresh_log_in(email: str) -> Client:
    client = Client()
    _log_in(client, email, PASSWORD)
    return client


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
    mail.outbox.clear()
    Client().post(reverse("account_reset_password"), {"email": "spare@example.org"})

    assert list(
        EmailAddress.objects.filter(user=mallory, verified=True).values_list("email", flat=True)
    ) == [MALLORY]
    assert all("/accounts/password/reset/key/" not in m.body for m in mail.outbox)


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


def test_cancelling_a_change_keeps_the_address_and_says_so(client_as):
    person = UserFactory(email="old@example.org")
    client = client_as(person)
    _change_address(client, "new@example.org")

    response = client.post(
        reverse("account_email"), {"email": "new@example.org", "action_remove": ""}, follow=True
    )

    assert "new@example.org is no longer waiting to replace your address." in response.text
    assert list(EmailAddress.objects.filter(user=person).values_list("email", flat=True)) == [
        "old@example.org"
    ]
