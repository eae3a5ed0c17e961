"""The catalogue and the rung pickers cost the same queries and list at most 50 roles or
rungs, on a framework the shipped one's size and on one ten times as large."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from careers.models import ESCO_SOURCE, Requirement, Role, Rung
from tests.factories import MembershipFactory, SkillFactory, TeamFactory

pytestmark = pytest.mark.django_db

# The shipped framework: 5 hand-made roles of 5 rungs each.
SHIPPED_ROLES = 5
RUNGS_PER_ROLE = 5


def _build_framework(factor: int) -> None:
    """`factor` times the shipped framework's hand-made roles, each of 5 rungs requiring 3
    skills, and as many imported one-rung roles, in a handful of bulk inserts."""
    skills = [SkillFactory() for _ in range(3)]
    count = SHIPPED_ROLES * factor
    hand_made = Role.objects.bulk_create(
        Role(name=f"Data role {n}", slug=f"data-role-{n}", order=n) for n in range(count)
    )
    imported = Role.objects.bulk_create(
        Role(
            name=f"data occupation {n}",
            slug=f"data-occupation-{n}",
            source=ESCO_SOURCE,
            external_id=f"http://data.europa.eu/esco/occupation/{n}",
            alternative_labels=f"data worker {n}",
            isco_group="2511",
        )
        for n in range(count)
    )
    rungs = Rung.objects.bulk_create(
        [
            Rung(
                role=role,
                order=order,
                title=f"{role.name} rung {order}",
                slug=f"{role.slug}-{order}",
            )
            for role in hand_made
            for order in range(1, RUNGS_PER_ROLE + 1)
        ]
        + [Rung(role=role, order=1, title=role.name, slug=role.slug) for role in imported]
    )
    Requirement.objects.bulk_create(
        Requirement(rung=rung, skill=skill, level=3, importance=3)
        for rung in rungs
        for skill in skills
    )
    cache.clear()


def _radios(html: str) -> int:
    return len(re.findall(r'<input[^>]*type="radio" name="rung"', html))


@pytest.mark.parametrize("factor", [1, 10])
class TestTheCatalogue:
    def test_the_first_page_costs_three_queries(self, client, factor, django_assert_num_queries):
        _build_framework(factor)

        # Expect 3 queries (then none until the framework changes):
        # * how many roles (the pages)
        # * this page's roles
        # * their rungs
        with django_assert_num_queries(3):
            response = client.get(reverse("careers:home"))
        assert response.text.count('class="card h-100 role-card"') == min(50, 10 * factor)

    def test_a_search_costs_three_queries(self, client, factor, django_assert_num_queries):
        _build_framework(factor)

        # Expect 3 queries, as above (then none until the framework changes or an hour
        # has passed).
        with django_assert_num_queries(3):
            response = client.get(reverse("careers:home"), {"q": "data"})
        assert response.text.count('class="card h-100 role-card"') == min(50, 10 * factor)
        with django_assert_num_queries(0):
            client.get(reverse("careers:home"), {"q": "data"})

    def test_a_filtered_later_page_costs_three_queries(
        self, client, factor, django_assert_num_queries
    ):
        _build_framework(factor)

        with django_assert_num_queries(3):
            response = client.get(reverse("careers:home"), {"source": "esco", "page": "2"})
        assert response.status_code == 200


@pytest.mark.parametrize("factor", [1, 10])
class TestThePickers:
    def test_the_new_assessment_picker_costs_six_queries_and_lists_at_most_50_rungs(
        self, client_as, user, factor, django_assert_num_queries
    ):
        _build_framework(factor)
        client = client_as(user)

        # Expect 6 queries: session, user, the person's drafts, the roles' ids, their rungs
        # with skill counts, the hand-made roles for the side list; then 3, the first
        # three, while the choices are cached.
        with django_assert_num_queries(6):
            response = client.get(reverse("assessments:new"), {"q": "data"})
        assert _radios(response.text) == min(50, 10 * factor * 3)
        with django_assert_num_queries(3):
            client.get(reverse("assessments:new"), {"q": "data"})

    def test_without_a_search_it_lists_the_hand_made_rungs_only(self, client_as, user, factor):
        _build_framework(factor)

        html = client_as(user).get(reverse("assessments:new")).text

        assert _radios(html) == min(50, SHIPPED_ROLES * factor * RUNGS_PER_ROLE)
        assert "data occupation" not in html.lower()

    def test_the_team_picker_costs_the_same_and_lists_at_most_50_rungs(
        self, client_as, user, factor, django_assert_num_queries
    ):
        _build_framework(factor)
        team = TeamFactory()
        MembershipFactory(team=team, person=user, is_manager=True)
        MembershipFactory(team=team, shares=True)
        client = client_as(user)

        # Expect 6 queries: session, user, the viewer's membership, every member, the
        # picker's roles, their rungs.
        with django_assert_num_queries(6):
            response = client.get(reverse("teams:detail", args=[team.slug]), {"q": "data"})
        assert response.text.count("<option value=") - 1 == min(50, 10 * factor * 3)
