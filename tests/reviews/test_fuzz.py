"""Hostile input on the invite and review forms: never a 500, and a refusal changes nothing."""

from __future__ import annotations

from django.core import mail
from hypothesis import given
from hypothesis import strategies as st

from reviews.models import ReviewRating, ReviewRequest
from tests.reviews.conftest import review_url
from tests.test_hostile_input import extra_fields, fuzz, hostile_text, level_values, maybe_missing

emails = st.one_of(
    hostile_text,
    st.emails().map(str),
    st.just("alice@example.org"),  # the owner's own address
    st.just("sam@exa\u200bmple.org"),
)
actions = st.one_of(st.sampled_from(["save", "next", "back", "submit", "accept"]), hostile_text)


def _post(data: dict) -> dict:
    return {key: value for key, value in data.items() if value is not None}


@fuzz
@given(email=emails, message=maybe_missing, extra=extra_fields)
def test_the_invite_form_refuses_or_sends_exactly_one(
    client_as, user, submitted, email, message, extra
):
    client = client_as(user)
    url = f"/assessments/{submitted.public_id}/reviews/"
    requests, sent = ReviewRequest.objects.count(), len(mail.outbox)

    response = client.post(url, _post({"email": email, "message": message, **extra}))

    assert response.status_code in (302, 422)
    added = 1 if response.status_code == 302 else 0
    assert ReviewRequest.objects.count() == requests + added
    assert len(mail.outbox) == sent + added
    if added:
        assert ReviewRequest.objects.latest("pk").assessment == submitted


@fuzz
@given(data=st.data())
def test_the_review_form_refuses_or_saves_and_never_fails(
    client_as, reviewer, accepted, skill_ids, settings, data
):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "token_guess": "100000/m/ip"}
    _, token = accepted
    keys = [*skill_ids, 0, 999999]
    post = {
        "action": data.draw(actions),
        "step": data.draw(maybe_missing),
        **{
            f"skill-{key}": data.draw(level_values)
            for key in data.draw(st.sets(st.sampled_from(keys)))
        },
        **{
            f"comment-{key}": data.draw(hostile_text)
            for key in data.draw(st.sets(st.sampled_from(keys)))
        },
        **data.draw(extra_fields),
    }
    before = sorted(ReviewRating.objects.values_list("pk", "level", "comment"))

    response = client_as(reviewer).post(review_url(token), _post(post))

    assert response.status_code in (200, 302, 422)
    if response.status_code == 422 and post.get("action") != "submit":
        assert sorted(ReviewRating.objects.values_list("pk", "level", "comment")) == before
