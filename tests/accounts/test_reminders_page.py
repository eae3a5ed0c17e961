"""/accounts/reminders/ and the one-click unsubscribe links of reminder mails."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Profile, Reminders
from accounts.reminders import DIGEST, RETAKE, unsubscribe_token

pytestmark = pytest.mark.django_db

PAGE = "/accounts/reminders/"


def test_the_page_shows_the_defaults_to_a_person_who_never_chose(client_as, user):
    response = client_as(user).get(PAGE)

    assert response.status_code == 200
    form = response.context["form"]
    assert (form["weekly_digest"].value(), form["retake_after_days"].value()) == (False, 0)
    assert form["notify_review_submitted"].value() is True  # second opinions: on by default
    assert "Save reminders" in response.text


def test_choices_are_saved(client_as, user):
    response = client_as(user).post(PAGE, {"weekly_digest": "on", "retake_after_days": "60"})

    assert response.status_code == 302
    choice = Reminders.objects.get(user=user)
    assert (choice.weekly_digest, choice.retake_after_days) == (True, 60)
    assert Profile.objects.get(user=user).notify_review_submitted is False  # unticked


def test_saving_reminders_keeps_the_display_name(client_as, user):
    Profile.objects.create(user=user, name="Alice Example")

    client_as(user).post(PAGE, {"retake_after_days": "0", "notify_review_submitted": "on"})

    profile = Profile.objects.get(user=user)
    assert (profile.name, profile.notify_review_submitted) == ("Alice Example", True)


def test_a_retake_interval_not_offered_is_refused_next_to_the_field(client_as, user):
    response = client_as(user).post(PAGE, {"weekly_digest": "on", "retake_after_days": "45"})

    assert response.status_code == 422
    assert "Select a valid choice" in response.text
    assert response.context["form"]["weekly_digest"].value() is True  # kept as entered
    assert not Reminders.objects.exists()


def test_the_account_menu_links_the_page(client_as, user):
    assert f'href="{PAGE}"' in client_as(user).get(PAGE).text


def test_an_unsubscribe_link_asks_first_and_changes_nothing_on_get(client, user):
    Reminders.objects.create(user=user, weekly_digest=True)

    response = client.get(reverse("account_unsubscribe", args=[unsubscribe_token(user.pk, DIGEST)]))

    assert response.status_code == 200
    assert "Stop the weekly plan digest?" in response.text
    assert Reminders.objects.get(user=user).weekly_digest is True


def test_one_click_unsubscribe_turns_that_kind_off_without_sign_in_or_csrf(user):
    Reminders.objects.create(user=user, weekly_digest=True, retake_after_days=30)
    client = Client(enforce_csrf_checks=True)
    url = reverse("account_unsubscribe", args=[unsubscribe_token(user.pk, RETAKE)])

    response = client.post(url, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    assert "You are unsubscribed" in response.text
    choice = Reminders.objects.get(user=user)
    assert (choice.weekly_digest, choice.retake_after_days) == (True, 0)


def test_a_tampered_unsubscribe_link_answers_404_and_changes_nothing(client, user):
    Reminders.objects.create(user=user, weekly_digest=True)
    token = unsubscribe_token(user.pk, DIGEST)

    response = client.post(reverse("account_unsubscribe", args=[token[:-2] + "xx"]))

    assert response.status_code == 404
    assert Reminders.objects.get(user=user).weekly_digest is True


def test_the_unsubscribe_link_of_a_deleted_account_changes_nothing(client, user):
    token = unsubscribe_token(user.pk, DIGEST)
    user.delete()

    response = client.post(reverse("account_unsubscribe", args=[token]))

    assert response.status_code == 200
    assert not Reminders.objects.exists()
