"""Who may open what under /teams/: every `teams:` URL for each kind of visitor.

The URL list comes from walking the resolver (`url_names("teams")`), so a new team URL
without a rule here fails until someone decides who may open it. Outside the team, every
URL answers 404 (never 403); a manager's URL answers 404 to a member who is not a manager.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from teams import services
from teams.models import Membership
from tests.factories import MembershipFactory, TeamFactory, UserFactory
from tests.test_access_matrix import LOGIN, REDIRECT, _outcome, url_names

VISITORS = ("anonymous", "member", "quiet", "manager", "outsider", "editor", "superuser")


@dataclass(frozen=True)
class Rule:
    """Expected answer per visitor: a status code, LOGIN or REDIRECT."""

    anonymous: int | str
    member: int | str  # shares with the team
    quiet: int | str  # a member who does not share
    manager: int | str
    outsider: int | str
    editor: int | str
    superuser: int | str
    method: str = "get"


def signed_in(status: int | str) -> Rule:
    return Rule(LOGIN, status, status, status, status, status, status)


def members(status: int | str, method: str = "get") -> Rule:
    return Rule(LOGIN, status, status, status, 404, 404, 404, method)


def managers(status: int | str, method: str = "get") -> Rule:
    return Rule(LOGIN, 404, 404, status, 404, 404, 404, method)


RULES: dict[str, Rule] = {
    "teams:list": signed_in(200),
    "teams:new": signed_in(200),
    # The live link: a member is sent to the team page, anyone else asked about sharing.
    "teams:join": Rule(LOGIN, REDIRECT, REDIRECT, REDIRECT, 200, 200, 200),
    "teams:detail": members(200),
    "teams:sharing": members(REDIRECT, method="post"),
    "teams:leave": members(REDIRECT, method="post"),  # the only manager is told why not
    "teams:heatmap_csv": managers(200),
    "teams:rename": managers(422, method="post"),  # an empty name is refused
    "teams:delete": managers(REDIRECT, method="post"),
    "teams:renew_invite": managers(REDIRECT, method="post"),
    "teams:members": managers(200),
    "teams:make_manager": managers(REDIRECT, method="post"),
    "teams:demote_manager": managers(REDIRECT, method="post"),
    "teams:remove_member": managers(REDIRECT, method="post"),
}
POSTS = sorted(name for name, rule in RULES.items() if rule.method == "post")


@pytest.fixture
def world(db, editor, staff_user):
    team = TeamFactory()
    people = {
        "manager": UserFactory(),
        "member": UserFactory(),
        "quiet": UserFactory(),
        "outsider": UserFactory(),
        "editor": editor,
        "superuser": staff_user,
    }
    MembershipFactory(team=team, person=people["manager"], is_manager=True)
    MembershipFactory(team=team, person=people["member"], shares=True)
    quiet = MembershipFactory(team=team, person=people["quiet"])
    return {
        "team": team,
        "people": people,
        "quiet": quiet,
        "token": services.renew_invite(team=team),
    }


def _kwargs(name: str, world: dict) -> dict[str, object]:
    if name == "teams:join":
        return {"token": world["token"]}
    if name in {"teams:make_manager", "teams:demote_manager", "teams:remove_member"}:
        return {"slug": world["team"].slug, "pk": world["quiet"].pk}
    if name in {"teams:list", "teams:new"}:
        return {}
    return {"slug": world["team"].slug}


def test_every_team_url_has_an_access_rule():
    missing = [name for name in url_names("teams") if name not in RULES]

    assert missing == [], f"No access rule for {missing}: add one to RULES in {__file__}."


def test_every_access_rule_names_a_real_url():
    assert sorted(set(RULES) - set(url_names("teams"))) == []


@pytest.mark.parametrize("visitor", VISITORS)
@pytest.mark.parametrize("name", url_names("teams"))
def test_access(world, name, visitor):
    if name not in RULES:
        pytest.fail(f"No access rule for {name!r}: add one to RULES in {__file__}.")
    rule = RULES[name]
    client = Client()
    if visitor != "anonymous":
        client.force_login(world["people"][visitor])
    url = reverse(name, kwargs=_kwargs(name, world))

    response = getattr(client, rule.method)(url)

    assert _outcome(response) == getattr(rule, visitor), f"{visitor} {rule.method.upper()} {url}"


@pytest.mark.parametrize("name", POSTS)
def test_every_post_needs_a_csrf_token(world, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["people"]["manager"])

    response = client.post(reverse(name, kwargs=_kwargs(name, world)), {"name": "x"})

    assert response.status_code == 403
    assert Membership.objects.filter(team=world["team"]).count() == 3


def test_joining_needs_a_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["people"]["outsider"])

    response = client.post(reverse("teams:join", args=[world["token"]]), {"share": "on"})

    assert response.status_code == 403
    assert not Membership.objects.filter(person=world["people"]["outsider"]).exists()


@pytest.mark.parametrize("method", ["get", "post", "put", "delete"])
@pytest.mark.parametrize("name", ["teams:detail", "teams:heatmap_csv", "teams:delete"])
def test_any_method_answers_an_outsider_as_for_a_missing_team(world, name, method):
    """Methods are checked before the team is looked up, so a 405 says nothing either."""
    client = Client()
    client.force_login(world["people"]["outsider"])
    missing = {**_kwargs(name, world), "slug": "no-such-team"}

    someone_elses = getattr(client, method)(reverse(name, kwargs=_kwargs(name, world)))
    nothing = getattr(client, method)(reverse(name, kwargs=missing))

    assert someone_elses.status_code in (404, 405)
    assert someone_elses.status_code == nothing.status_code


def test_a_missing_team_looks_exactly_like_someone_elses(world):
    client = Client()
    client.force_login(world["people"]["outsider"])

    someone_elses = client.get(reverse("teams:detail", args=[world["team"].slug]))
    missing = client.get(reverse("teams:detail", args=["no-such-team"]))

    assert someone_elses.status_code == missing.status_code == 404


@pytest.mark.parametrize(("visitor", "status"), [("superuser", 200), ("editor", 403)])
@pytest.mark.parametrize("name", ["admin:teams_team_changelist", "admin:teams_team_change"])
def test_only_superusers_see_teams_in_the_admin(world, name, visitor, status):
    client = Client()
    client.force_login(world["people"][visitor])
    kwargs = {"object_id": world["team"].pk} if name.endswith("change") else {}

    response = client.get(reverse(name, kwargs=kwargs))

    assert response.status_code == status
    assert "invite_digest" not in response.content.decode()


@pytest.mark.parametrize("visitor", ["editor", "superuser"])
@pytest.mark.parametrize("name", ["admin:teams_team_changelist", "admin:teams_team_change"])
def test_staff_without_a_second_factor_see_no_team_in_the_admin(world, name, visitor):
    person = world["people"][visitor]
    Authenticator.objects.filter(user=person).delete()
    client = Client()
    client.force_login(person)
    kwargs = {"object_id": world["team"].pk} if name.endswith("change") else {}

    response = client.get(reverse(name, kwargs=kwargs))

    assert response["Location"] == reverse("mfa_index")


@pytest.mark.parametrize("visitor", ["editor", "superuser"])
@pytest.mark.parametrize("name", url_names("teams"))
def test_staff_without_a_second_factor_get_the_same_team_pages(world, name, visitor):
    """The staff rule guards the admin alone: outside it, staff are like anyone else."""
    rule = RULES[name]
    person = world["people"][visitor]
    Authenticator.objects.filter(user=person).delete()
    client = Client()
    client.force_login(person)

    response = getattr(client, rule.method)(reverse(name, kwargs=_kwargs(name, world)))

    assert _outcome(response) == getattr(rule, visitor)
