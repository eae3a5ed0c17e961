"""Who may open what, for every `reviews:` URL and six kinds of visitor.

The URL list comes from walking the resolver (tests/test_access_matrix.py's `url_names`),
so a new URL without a rule here fails until someone decides who may open it. The owner's
URLs answer 404 to everybody else; the reviewer's link, once accepted, answers 404 to
everybody but the reviewer.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from reviews import services
from tests.reviews.conftest import submit_review
from tests.test_access_matrix import LOGIN, REDIRECT, _outcome, url_names

VISITORS = ("anonymous", "owner", "reviewer", "other", "editor", "superuser")


@dataclass(frozen=True)
class Rule:
    """Expected answer per visitor: a status code, LOGIN or REDIRECT."""

    anonymous: int | str
    owner: int | str
    reviewer: int | str
    other: int | str
    editor: int | str
    superuser: int | str
    method: str = "get"


def owner_only(status: int | str, method: str = "post") -> Rule:
    return Rule(LOGIN, status, 404, 404, 404, 404, method)


RULES: dict[str, Rule] = {
    "reviews:ask": owner_only(422),  # an empty post is refused beside the field
    "reviews:revoke": owner_only(REDIRECT),  # of a pending request
    "reviews:hide": owner_only(REDIRECT),  # of a submitted review
    "reviews:given": Rule(LOGIN, 404, 200, 404, 404, 404),
    # The link of an accepted review: the reviewer's alone.
    "reviews:review": Rule(404, 404, 200, 404, 404, 404),
}

# Before acceptance the link is open to anyone signed in but the owner.
# Signed out, a pending link shows the invitation: who asks, then sign-up or log-in.
PENDING_LINK = Rule(200, 404, 200, 200, 200, 200)


@pytest.fixture
def world(people, reviewer, submitted, make_request, skill_ids):
    pending, pending_token = make_request(email="pending@example.org")
    given, given_token = make_request(email="carol@example.org")
    services.accept_review(review=given, reviewer=reviewer, name="Carol")
    submit_review(given, {skill_ids[0]: 4})
    return {
        "people": people,
        "assessment": submitted,
        "pending": pending,
        "pending_token": pending_token,
        "given": given,
        "given_token": given_token,
    }


def _url(name: str, world: dict) -> str:
    public_id = world["assessment"].public_id
    args = {
        "reviews:ask": [public_id],
        "reviews:revoke": [public_id, world["pending"].pk],
        "reviews:hide": [public_id, world["given"].pk],
        "reviews:given": [world["given"].pk],
        "reviews:review": [world["given_token"]],
    }
    return reverse(name, args=args[name])


def _client(world: dict, visitor: str) -> Client:
    client = Client()
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])
    return client


def test_every_reviews_url_has_an_access_rule():
    missing = [name for name in url_names("reviews") if name not in RULES]

    assert missing == [], f"No access rule for {missing}: add one to RULES in {__file__}."


def test_every_access_rule_names_a_real_url():
    assert sorted(set(RULES) - set(url_names("reviews"))) == []


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", url_names("reviews"))
def test_access(world, name, visitor):
    if name not in RULES:
        pytest.fail(f"No access rule for {name!r}: add one to RULES in {__file__}.")
    rule = RULES[name]

    response = getattr(_client(world, visitor), rule.method)(_url(name, world))

    assert _outcome(response) == getattr(rule, visitor), f"{visitor} {name}"


@pytest.mark.parametrize("visitor", VISITORS)
def test_access_to_a_pending_link(world, visitor):
    url = reverse("reviews:review", args=[world["pending_token"]])

    response = _client(world, visitor).get(url)

    assert _outcome(response) == getattr(PENDING_LINK, visitor), visitor


@pytest.mark.parametrize("visitor", ["reviewer", "other", "editor", "superuser"])
@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
@pytest.mark.parametrize("name", ["reviews:ask", "reviews:revoke", "reviews:hide"])
def test_the_owners_urls_are_404_to_anyone_else_whatever_the_method(world, name, method, visitor):
    response = getattr(_client(world, visitor), method)(_url(name, world))

    assert response.status_code == 404


@pytest.mark.parametrize(("visitor", "status"), [("editor", 403), ("superuser", 200)])
@pytest.mark.parametrize(
    "name", ["admin:reviews_reviewrequest_changelist", "admin:reviews_reviewrequest_change"]
)
def test_only_superusers_see_review_requests_in_the_admin(world, name, visitor, status):
    args = [world["given"].pk] if name.endswith("change") else []

    response = _client(world, visitor).get(reverse(name, args=args))

    assert response.status_code == status


def test_the_admin_never_shows_a_token_digest(world):
    url = reverse("admin:reviews_reviewrequest_change", args=[world["given"].pk])

    html = _client(world, "superuser").get(url).content.decode()

    assert world["given"].token_digest not in html
