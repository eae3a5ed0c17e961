"""The manager's view costs the same number of queries however big the team and the rung."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import MembershipFactory, UserFactory
from tests.test_access_matrix import _without_csrf_tokens


@pytest.mark.parametrize(("members", "skills"), [(5, 10), (50, 10), (5, 80), (50, 80)])
def test_the_managers_view_costs_the_same_for_any_team_and_rung(
    client_as, user, team, make_rung, submit, members, skills, django_assert_num_queries
):
    rung = make_rung(skills)
    for _ in range(members):
        person = UserFactory()
        MembershipFactory(team=team, person=person, shares=True)
    for person_membership in team.memberships.sharing()[:2]:
        submit(person_membership.person, rung, level=2)
    client = client_as(user)
    url = reverse("teams:detail", args=[team.slug]) + f"?rung={rung.pk}"

    # Expect 10 queries the first time:
    # * session
    # * user
    # * the viewer's membership with the team
    # * every member with their display name (and, for the cache key, the sharing members'
    #   latest submission and count)
    # * the chosen rung with its role
    # * the picker's roles (the hand-made ones, at most 50)
    # * their rungs with roles
    # * the rung's requirements with skill and category
    # * the sharing members' latest rating per skill
    # * the learning steps of the rung's skills
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    # Then the cached view, picker and all: the first four (and a read of the cache, a
    # query on the database cache that production runs on).
    with django_assert_num_queries(4):
        again = client.get(url)
    assert _without_csrf_tokens(again) == _without_csrf_tokens(response)


@pytest.mark.parametrize("members", [5, 50])
def test_the_csv_costs_the_same_for_any_team(
    client_as, user, team, make_rung, members, django_assert_num_queries
):
    rung = make_rung(10)
    for _ in range(members):
        MembershipFactory(team=team, shares=True)
    client = client_as(user)
    url = reverse("teams:heatmap_csv", args=[team.slug]) + f"?rung={rung.pk}"

    # Expect 7 queries: session, user, the viewer's membership, the chosen rung, every
    # member, the rung's requirements, the sharing members' latest ratings.
    with django_assert_num_queries(7):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("teams", [1, 10])
def test_the_dashboards_teams_cost_one_query(client_as, user, teams, django_assert_num_queries):
    for _ in range(teams):
        MembershipFactory(person=user)
    client = client_as(user)

    # Expect 5 queries: session, user, the dashboard's summary (which finds them in a team
    # and reviewing nobody, so the reviews are not loaded), the person's assessments, the
    # person's teams.
    with django_assert_num_queries(5):
        client.get(reverse("assessments:dashboard"))
