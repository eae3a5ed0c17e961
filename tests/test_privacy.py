"""A person can download everything stored about them, and delete their account."""

from __future__ import annotations

import json

import pytest
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from accounts.models import Profile as AccountProfile
from assessments.models import Assessment, Profile, Rating, SubmittedRequirement
from assessments.privacy import ACCOUNT_DELETED
from tests.factories import (
    PASSWORD,
    AccountProfileFactory,
    AssessmentFactory,
    ProfileFactory,
    RatingFactory,
    SubmittedRequirementFactory,
)
from tests.mfa_support import SECRET, enrol_totp
from tests.reauth_support import confirm_with_password, delete_own_account

User = get_user_model()
DATA_URL = "/accounts/data.json"
DELETE_URL = "/accounts/delete/"


@pytest.fixture
def alices_data(user):
    ProfileFactory(user=user, hours_per_week=7)
    AccountProfileFactory(user=user, name="Alice Example", notify_review_submitted=False)
    draft = AssessmentFactory(owner=user)
    RatingFactory(
        assessment=draft, level=4, note="Alice's own words", evidence="https://alice.example/k8s"
    )
    submitted = AssessmentFactory(owner=user, status=Assessment.Status.SUBMITTED, readiness=72.5)
    SubmittedRequirementFactory(assessment=submitted, rated_level=1, note="Snapshot note")
    return draft, submitted


@pytest.fixture
def bobs_data(other_user):
    ProfileFactory(user=other_user, hours_per_week=20)
    assessment = AssessmentFactory(owner=other_user, status=Assessment.Status.SUBMITTED)
    RatingFactory(assessment=assessment, note="Bob's secret")
    SubmittedRequirementFactory(assessment=assessment, note="Bob's snapshot")
    return assessment


def test_privacy_urls_keep_their_paths():
    assert reverse("download_my_data") == DATA_URL
    assert reverse("delete_account") == DELETE_URL


# --- download my data ------------------------------------------------------------------


def test_download_needs_sign_in(client, db):
    response = client.get(DATA_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_download_is_an_uncached_json_attachment(client_as, user, alices_data):
    response = client_as(user).get(DATA_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="skillgap-my-data.json"'
    assert "no-store" in response["Cache-Control"]


def test_download_holds_the_account_profile_and_every_assessment(client_as, user, alices_data):
    draft, submitted = alices_data

    data = json.loads(client_as(user).get(DATA_URL).content)

    assert data["account"]["email"] == user.email
    assert data["account"]["name"] == "Alice Example"
    assert data["mail_preferences"] == {"review_submitted": False}
    assert data["profile"] == {"hours_per_week": 7}
    by_id = {a["assessment"]: a for a in data["assessments"]}
    assert set(by_id) == {str(draft.public_id), str(submitted.public_id)}
    assert by_id[str(draft.public_id)]["status"] == "draft"
    assert by_id[str(draft.public_id)]["ratings"][0]["note"] == "Alice's own words"
    assert by_id[str(draft.public_id)]["ratings"][0]["evidence"] == "https://alice.example/k8s"
    assert by_id[str(draft.public_id)]["ratings"][0]["level"] == 4
    assert by_id[str(submitted.public_id)]["readiness"] == 72.5
    assert by_id[str(submitted.public_id)]["snapshot"][0]["note"] == "Snapshot note"
    assert by_id[str(submitted.public_id)]["snapshot"][0]["rated"] == 1


def test_download_holds_nothing_about_anyone_else(client_as, user, alices_data, bobs_data):
    body = client_as(user).get(DATA_URL).content.decode()

    assert str(bobs_data.public_id) not in body
    assert "Bob's" not in body
    assert "bob@example.org" not in body


def test_download_works_for_a_person_with_no_profile_or_assessments(client_as, user):
    data = json.loads(client_as(user).get(DATA_URL).content)

    assert data["profile"] is None
    assert data["account"]["name"] == ""
    assert data["mail_preferences"] == {"review_submitted": True}
    assert data["assessments"] == []


@pytest.mark.parametrize("more", [1, 20])
def test_download_costs_the_same_queries_however_many_assessments(
    client_as, user, alices_data, more, django_assert_num_queries
):
    for _ in range(more):
        RatingFactory(assessment=AssessmentFactory(owner=user))
    client = client_as(user)

    # Expect 19 queries:
    # * session
    # * user
    # * profile
    # * account profile (display name, mail preferences)
    # * email addresses
    # * second factors, and single sign-on links
    # * assessments with rung and role
    # * ratings with skills
    # * snapshot rows
    # * review requests received, and reviews given (their ratings only when there are any)
    # * share links
    # * team memberships with their teams
    # * reminder choices, and the reminders sent
    # * plan step changes, goals, and the calendar feed's creation time
    with django_assert_num_queries(19):
        client.get(DATA_URL)


def test_download_refuses_post(client_as, user):
    response = client_as(user).post(DATA_URL)

    assert response.status_code == 405


# --- delete my account -----------------------------------------------------------------


def test_delete_needs_sign_in(client, db):
    response = client.get(DELETE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_delete_page_first_asks_the_person_to_confirm_and_changes_nothing(
    client_as, user, alices_data
):
    response = client_as(user).get(DELETE_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert User.objects.filter(pk=user.pk).exists()
    assert Assessment.objects.for_owner(user).count() == 2


def test_delete_removes_the_person_and_everything_they_made(client_as, user, alices_data):
    client = client_as(user)
    confirm_with_password(client, DELETE_URL)

    response = client.post(DELETE_URL, follow=True)

    assert response.redirect_chain[0] == (reverse("careers:home"), 302)
    assert ACCOUNT_DELETED in response.content.decode()
    assert not User.objects.filter(pk=user.pk).exists()
    assert not Assessment.objects.filter(owner_id=user.pk).exists()
    assert not Rating.objects.filter(assessment__owner_id=user.pk).exists()
    assert not SubmittedRequirement.objects.filter(assessment__owner_id=user.pk).exists()
    assert not Profile.objects.filter(user_id=user.pk).exists()
    assert not AccountProfile.objects.filter(user_id=user.pk).exists()
    assert "_auth_user_id" not in client.session


def test_delete_leaves_other_people_untouched(client_as, user, alices_data, bobs_data):
    delete_own_account(client_as(user))

    assert User.objects.filter(email="bob@example.org").exists()
    assert Assessment.objects.filter(pk=bobs_data.pk).exists()
    assert Rating.objects.filter(assessment=bobs_data).count() == 1
    assert SubmittedRequirement.objects.filter(assessment=bobs_data).count() == 1
    assert Profile.objects.filter(user__email="bob@example.org").exists()


def test_the_old_session_is_dead_after_deleting_the_account(user):
    client = Client()
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    old_cookie = client.cookies["sessionid"].value

    delete_own_account(client)
    replay = Client()
    replay.cookies["sessionid"] = old_cookie
    response = replay.get(DATA_URL)

    assert not User.objects.filter(pk=user.pk).exists()
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_delete_page_offers_the_data_download_first(client_as, user):
    client = client_as(user)
    confirm_with_password(client, DELETE_URL)

    body = client.get(DELETE_URL).content.decode()

    assert f'href="{DATA_URL}"' in body


def test_the_delete_page_costs_the_same_queries_for_anyone(
    client_as, user, alices_data, django_assert_num_queries
):
    client = client_as(user)
    confirm_with_password(client, DELETE_URL)

    # Expect 6 queries:
    # * session
    # * user
    # * allauth's check that they confirmed recently, by a way they still have: their
    #   verified addresses (a mailed code), then one query per kind of second factor (3)
    with django_assert_num_queries(6):
        response = client.get(DELETE_URL)
    assert response.status_code == 200


@pytest.mark.parametrize("more", [1, 20])
def test_deleting_costs_the_same_queries_however_many_assessments(
    client_as, user, alices_data, more, django_assert_num_queries
):
    for _ in range(more):
        assessment = AssessmentFactory(owner=user, status=Assessment.Status.SUBMITTED)
        RatingFactory(assessment=assessment)
        SubmittedRequirementFactory(assessment=assessment)
    client = client_as(user)
    confirm_with_password(client, DELETE_URL)

    # Expect 40 queries:
    # * session, user
    # * allauth's check that they confirmed recently: verified addresses, 3 kinds of factor
    # * logging out: the session again, DELETE it
    # * savepoint; the email addresses' ids; the assessments' ids; the snapshot rows' ids;
    #   the ids of review requests received and of reviews given; the single sign-on links'
    #   ids (their tokens would go with them)
    # * handing over teams: savepoint, the teams they manage, release
    # * the outbox's mails to them (none here)
    # * one DELETE each of email confirmations, reviewers' ratings of the snapshot, ratings,
    #   admin log entries, group and permission links, share links, the account profile, the
    #   profile, reminder choices and claims, the email address, the second factors, the team
    #   memberships, plan step changes, goals, the calendar feed, snapshot rows, the
    #   assessments and the user; release
    with django_assert_num_queries(40):
        response = client.post(DELETE_URL)
    assert response.status_code == 302


def test_download_holds_the_reminder_choices_and_the_reminders_sent(client_as, user):
    from accounts.models import MailClaim, Reminders

    Reminders.objects.create(user=user, weekly_digest=True, retake_after_days=60)
    MailClaim.objects.create(user=user, kind="digest", period="2026-W25")

    data = json.loads(client_as(user).get(DATA_URL).content)

    assert data["reminders"]["weekly_digest"] is True
    assert data["reminders"]["retake_after_days"] == 60
    assert [(s["kind"], s["period"]) for s in data["reminders"]["sent"]] == [("digest", "2026-W25")]


def test_download_names_the_second_factors_and_single_sign_on_links_without_secrets(
    client_as, user
):
    enrol_totp(user)
    SocialAccount.objects.create(
        user=user, provider="sso", uid="subject-1", extra_data={"name": "Alice Smith"}
    )

    data = json.loads(client_as(user).get(DATA_URL).content)

    assert sorted(factor["type"] for factor in data["second_factors"]) == [
        "recovery_codes",
        "totp",
    ]
    assert data["single_sign_on"][0]["subject"] == "subject-1"
    assert data["single_sign_on"][0]["claims"] == {"name": "Alice Smith"}
    assert SECRET not in json.dumps(data)


def test_delete_removes_the_second_factors_and_single_sign_on_links(client_as, user, other_user):
    enrol_totp(user)
    enrol_totp(other_user)
    SocialAccount.objects.create(user=user, provider="sso", uid="subject-1")

    delete_own_account(client_as(user))

    assert not Authenticator.objects.filter(user_id=user.pk).exists()
    assert not SocialAccount.objects.filter(user_id=user.pk).exists()
    assert Authenticator.objects.filter(user=other_user).count() == 2
