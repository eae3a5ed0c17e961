"""Deleting an account takes its review requests and the reviews it gave; the data download
holds the reviews received and given."""

from __future__ import annotations

from django.urls import reverse

from reviews import services
from reviews.models import ReviewRating, ReviewRequest
from tests.reauth_support import delete_own_account
from tests.reviews.conftest import submit_review

DATA_URL = reverse("download_my_data")


def test_deleting_the_owner_deletes_their_requests_and_the_reviews_in_them(
    client_as, user, accepted, skill_ids
):
    review, _ = accepted
    submit_review(review, {skill_ids[0]: 4})

    delete_own_account(client_as(user))

    assert ReviewRequest.objects.count() == 0
    assert ReviewRating.objects.count() == 0


def test_deleting_the_reviewer_deletes_the_reviews_they_gave(
    client_as, reviewer, accepted, skill_ids, submitted
):
    review, _ = accepted
    submit_review(review, {skill_ids[0]: 4})

    delete_own_account(client_as(reviewer))

    assert not ReviewRequest.objects.filter(pk=review.pk).exists()
    assert ReviewRating.objects.count() == 0
    assert submitted.snapshot.count() == 4  # the owner's own work stays


def test_the_owners_download_holds_the_reviews_they_received(client_as, user, accepted, skill_ids):
    review, _ = accepted
    submit_review(review, {skill_ids[0]: 4}, comment="Solid")

    data = client_as(user).get(DATA_URL).json()

    (received,) = data["reviews_received"]
    assert received["email"] == review.email
    assert received["reviewer_name"] == "Carol J."
    assert received["state"] == "submitted"
    assert [(r["level"], r["comment"]) for r in received["ratings"] if r["level"]] == [(4, "Solid")]
    assert data["reviews_given"] == []


def test_the_reviewers_download_holds_the_reviews_they_gave(
    client_as, reviewer, accepted, skill_ids, submitted
):
    review, _ = accepted
    submit_review(review, {skill_ids[0]: 4}, comment="Solid")

    data = client_as(reviewer).get(DATA_URL).json()

    (given,) = data["reviews_given"]
    assert given["rung"] == submitted.rung.title
    assert given["reviewer_name"] == "Carol J."
    assert [r["comment"] for r in given["ratings"]] == ["Solid"]
    assert data["reviews_received"] == []


def test_an_unsubmitted_reviews_ratings_stay_out_of_the_owners_download(
    client_as, user, accepted, skill_ids
):
    review, _ = accepted
    services.save_review(review=review, ratings={skill_ids[0]: (1, "Draft thought")})

    (received,) = client_as(user).get(DATA_URL).json()["reviews_received"]

    assert received["ratings"] == []
