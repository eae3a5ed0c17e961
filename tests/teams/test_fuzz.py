"""Hypothesis throws hostile text at the team name and join forms: never a 500, every
refusal says why next to the field, and nothing the request should not set gets set."""

from __future__ import annotations

from django.core.cache import cache
from django.urls import reverse
from django.utils.html import escape
from hypothesis import given
from hypothesis import strategies as st

from teams import services
from teams.models import NAME_MAX_LENGTH, Membership, Team
from tests.factories import UserFactory
from tests.test_hostile_input import fuzz, hostile_text, maybe_missing

share_values = st.one_of(maybe_missing, st.sampled_from(["on", "ON", "true", "1", "off"]))
sneaky_fields = st.dictionaries(
    st.sampled_from(["is_manager", "person", "team", "slug", "invite_digest", "shares"]),
    st.sampled_from(["1", "true", "on", "other-team"]),
    max_size=3,
)


@fuzz
@given(name=maybe_missing, extras=sneaky_fields)
def test_creating_a_team_takes_any_name_or_says_why(client, user, name, extras):
    client.force_login(user)
    data = {**extras, **({"name": name} if name is not None else {})}
    before = Team.objects.count()

    response = client.post(reverse("teams:new"), data)

    assert response.status_code in (302, 422)
    if response.status_code == 302:
        team = Team.objects.latest("pk")
        assert team.name == name.strip()
        assert not Membership.objects.get(team=team, person=user).shares
    else:
        assert Team.objects.count() == before
        body = response.content.decode()
        assert 'name="name"' in body
        assert "invalid-feedback" in body


@fuzz
@given(name=hostile_text)
def test_renaming_never_fails_and_keeps_the_old_name_on_refusal(client, user, name):
    team, _ = services.create_team(creator=user, name="Before")
    client.force_login(user)

    response = client.post(reverse("teams:rename", args=[team.slug]), {"name": name})

    team.refresh_from_db()
    assert response.status_code in (302, 422)
    valid = response.status_code == 302
    assert team.name == (name.strip() if valid else "Before")
    if not valid and 0 < len(name) <= NAME_MAX_LENGTH + 200 and "\x00" not in name:
        assert escape(name) in response.content.decode() or not name.strip()


@fuzz
@given(share=share_values, extras=sneaky_fields)
def test_joining_never_makes_a_manager_and_shares_only_when_ticked(client, user, share, extras):
    cache.clear()  # each example spends a token guess: start every one with a fresh allowance
    team, token = services.create_team(creator=user, name="Joinable")
    person = UserFactory()
    client.force_login(person)
    data = {**extras, **({"share": share} if share is not None else {})}

    response = client.post(reverse("teams:join", args=[token]), data)

    membership = Membership.objects.get(team=team, person=person)
    assert response.status_code == 302
    assert not membership.is_manager
    assert membership.shares == (share == "on")
