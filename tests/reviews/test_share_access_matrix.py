"""Who may open what among the share-link URLs, for each kind of visitor.

The URL list comes from walking the resolver for the `shares` namespace (as
tests/test_access_matrix.py does for the rest), so a new share URL without a rule fails
here. The owner's URLs answer 404 to everybody but the owner (staff included), never 403;
the shared page opens for anyone holding a live token, and guessing tokens is rate limited.
"""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.tokens import new_token
from reviews import services as review_services
from reviews.models import ShareLink
from reviews.sharing import create_share_link
from tests.factories import ReviewRequestFactory
from tests.reviews.conftest import submit_review
from tests.reviews.share_fixtures import make_rung, submit_with_notes
from tests.reviews.test_access_matrix import VISITORS, Rule
from tests.test_access_matrix import LOGIN, REDIRECT, _outcome, url_names

# The visitors are those of tests/reviews/test_access_matrix.py: the reviewer has reviewed
# the shared assessment, and is still nobody to its share links.
RULES: dict[str, Rule] = {
    # the owner's links under their submitted assessment
    "shares:create": Rule(LOGIN, REDIRECT, 404, 404, 404, 404, method="post"),
    "shares:revoke": Rule(LOGIN, REDIRECT, 404, 404, 404, 404, method="post"),
    # the shared page: anyone with a live token, signed in or not
    "shares:shared": Rule(200, 200, 200, 200, 200, 200),
}
# Addresses of the test client's requests: each visitor its own, so the token-guess limit
# (per IP) of one never touches another.
ADDRESSES = {visitor: f"198.51.100.{n}" for n, visitor in enumerate(VISITORS, start=10)}


@pytest.fixture
def world(people, user, reviewer):
    """The owner's submitted assessment with one live link and one submitted review, and
    everyone's accounts."""
    assessment = submit_with_notes(user, make_rung(3))
    link, token = create_share_link(assessment=assessment, days=30, include_notes=False)
    review = ReviewRequestFactory(assessment=assessment, token_digest=new_token()[1])
    review_services.accept_review(review=review, reviewer=reviewer, name="Carol")
    submit_review(review, {assessment.rung.requirements.first().skill_id: 4})
    return {"assessment": assessment, "link": link, "token": token, "people": people}


def _kwargs(name: str, world: dict) -> dict[str, object]:
    public_id = world["assessment"].public_id
    return {
        "shares:create": {"public_id": public_id},
        "shares:revoke": {"public_id": public_id, "link_id": world["link"].pk},
        "shares:shared": {"token": world["token"]},
    }[name]


def _client(world: dict, visitor: str) -> Client:
    client = Client(REMOTE_ADDR=ADDRESSES[visitor])
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])
    return client


def test_every_share_url_has_an_access_rule():
    missing = [name for name in url_names("shares") if name not in RULES]

    assert missing == [], (
        f"No access rule for {missing}: add one to RULES in {__file__} saying what an "
        "anonymous visitor, the owner, a reviewer, another person, a framework editor and a "
        "superuser get."
    )


def test_every_access_rule_names_a_real_url():
    assert sorted(set(RULES) - set(url_names("shares"))) == []


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", url_names("shares"))
def test_access(world, name, visitor):
    if name not in RULES:
        pytest.fail(f"No access rule for {name!r}: add one to RULES in {__file__}.")
    rule = RULES[name]
    url = reverse(name, kwargs=_kwargs(name, world))

    response = getattr(_client(world, visitor), rule.method)(url)

    assert _outcome(response) == getattr(rule, visitor), f"{visitor} {rule.method.upper()} {url}"


@pytest.mark.parametrize("visitor", ["reviewer", "other", "editor", "superuser"])
@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
@pytest.mark.parametrize("name", ["shares:create", "shares:revoke"])
def test_someone_elses_links_are_404_whatever_the_method(world, name, method, visitor):
    url = reverse(name, kwargs=_kwargs(name, world))

    response = getattr(_client(world, visitor), method)(url)

    assert response.status_code == 404
    assert ShareLink.objects.get() == world["link"]
    assert ShareLink.objects.get().revoked_at is None


def test_anonymous_visitors_change_nothing(world):
    for name in ("shares:create", "shares:revoke"):
        response = Client().post(reverse(name, kwargs=_kwargs(name, world)))
        assert _outcome(response) == LOGIN

    assert ShareLink.objects.get().revoked_at is None


class TestGuessing:
    def test_100_wrong_tokens_hit_the_limit_and_then_the_right_one_is_404_too(self, world):
        client = Client(REMOTE_ADDR="203.0.113.50")

        answers = [client.get(f"/shared/wrong-guess-{n}/").status_code for n in range(100)]
        right = client.get(f"/shared/{world['token']}/")

        assert set(answers) == {404}
        assert right.status_code == 404
        assert ShareLink.objects.get().view_count == 0

    def test_over_the_limit_looks_exactly_like_a_wrong_token(self, world):
        client = Client(REMOTE_ADDR="203.0.113.51")
        wrong = client.get("/shared/wrong-guess/")
        for n in range(100):
            client.get(f"/shared/wrong-guess-{n}/")

        limited = client.get(f"/shared/{world['token']}/")

        assert limited.status_code == wrong.status_code == 404
        assert limited.content == wrong.content

    def test_the_limit_is_per_address(self, world):
        guesser = Client(REMOTE_ADDR="203.0.113.52")
        for n in range(100):
            guesser.get(f"/shared/wrong-guess-{n}/")

        reader = Client(REMOTE_ADDR="203.0.113.53")

        assert reader.get(f"/shared/{world['token']}/").status_code == 200

    def test_the_right_token_opens_again_once_the_window_has_passed(self, now, world):
        client = Client(REMOTE_ADDR="203.0.113.54")
        for n in range(100):
            client.get(f"/shared/wrong-guess-{n}/")

        with time_machine.travel(now + datetime.timedelta(minutes=2), tick=False):
            assert client.get(f"/shared/{world['token']}/").status_code == 200
