"""Tokens are long, stored only as a digest, and looked up at a limited rate."""

from __future__ import annotations

import pytest
from django.http import Http404
from django.test import RequestFactory

from accounts.tokens import (
    find_by_token,
    new_token,
    spend_token_guess,
    token_digest,
    token_matches,
)
from reviews.models import ShareLink
from teams.models import Team
from tests.factories import ShareLinkFactory, TeamFactory


def test_a_new_token_carries_at_least_128_bits():
    token, _ = new_token()
    assert len(token) * 6 >= 128


def test_two_new_tokens_differ():
    assert new_token()[0] != new_token()[0]


def test_the_stored_digest_is_not_the_token():
    token, digest = new_token()
    assert token not in digest
    assert digest == token_digest(token)


def test_only_the_right_token_matches_its_digest():
    token, digest = new_token()
    assert token_matches(token, digest)
    assert not token_matches(token + "x", digest)


@pytest.mark.django_db
def test_lookups_over_the_limit_answer_404():
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    for _ in range(60):
        spend_token_guess(request)
    with pytest.raises(Http404):
        spend_token_guess(request)


@pytest.mark.django_db
def test_a_token_finds_the_row_holding_its_digest():
    link = ShareLinkFactory(token="the-right-token")

    assert find_by_token(ShareLink.objects.all(), "the-right-token") == link


@pytest.mark.django_db
def test_a_wrong_token_finds_nothing():
    ShareLinkFactory(token="the-right-token")

    assert find_by_token(ShareLink.objects.all(), "the-wrong-token") is None


@pytest.mark.django_db
def test_a_token_is_looked_up_in_the_named_digest_field():
    token, digest = new_token()
    team = TeamFactory(invite_digest=digest)

    assert find_by_token(Team.objects.all(), token, field="invite_digest") == team
