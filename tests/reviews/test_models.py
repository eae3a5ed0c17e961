"""A request's state comes from its timestamps alone."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError

from reviews.models import ReviewRequest
from tests.factories import ReviewRequestFactory, UserFactory

DAY = datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({}, ReviewRequest.State.PENDING),
        ({"accepted_at": 0}, ReviewRequest.State.ACCEPTED),
        ({"accepted_at": 0, "submitted_at": 0}, ReviewRequest.State.SUBMITTED),
        ({"revoked_at": 0}, ReviewRequest.State.REVOKED),
    ],
)
def test_the_state_follows_the_timestamps(now, fields, state):
    review = ReviewRequestFactory.build(**{name: now for name in fields})

    assert review.state_at(now) == state


def test_a_pending_request_expires_after_its_expiry(now):
    review = ReviewRequestFactory.build(created_at=now)

    assert review.state_at(review.expires_at - DAY) == ReviewRequest.State.PENDING
    assert review.state_at(review.expires_at) == ReviewRequest.State.EXPIRED


def test_an_accepted_review_does_not_expire(now):
    review = ReviewRequestFactory.build(created_at=now, accepted_at=now)

    assert review.state_at(now + 30 * DAY) == ReviewRequest.State.ACCEPTED


def test_open_requests_are_pending_or_accepted(now, db):
    pending = ReviewRequestFactory()
    accepted = ReviewRequestFactory(reviewer=UserFactory(), accepted_at=now)
    ReviewRequestFactory(revoked_at=now)
    ReviewRequestFactory(created_at=now - 20 * DAY)  # expired
    ReviewRequestFactory(reviewer=UserFactory(), accepted_at=now, submitted_at=now)

    assert set(ReviewRequest.objects.open(now)) == {pending, accepted}


def test_the_database_refuses_an_acceptance_without_a_reviewer(now, db):
    with pytest.raises(IntegrityError):
        ReviewRequestFactory(accepted_at=now)
