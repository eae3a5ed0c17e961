"""What the team pages read, checked directly on the loaders."""

from __future__ import annotations

from django.urls import reverse

from teams.inputs import MyTeam, load_my_teams
from tests.factories import MembershipFactory, TeamFactory


def test_my_teams_come_by_name_with_their_link_role_and_sharing_choice(user, other_user):
    zebra, alpha = TeamFactory(name="Zebra"), TeamFactory(name="Alpha")
    MembershipFactory(team=zebra, person=user, is_manager=True)
    MembershipFactory(team=alpha, person=user, shares=True)
    MembershipFactory(team=TeamFactory(name="Theirs"), person=other_user)

    teams = load_my_teams(user)

    assert teams == (
        MyTeam("Alpha", alpha.slug, reverse("teams:detail", args=[alpha.slug]), False, True),
        MyTeam("Zebra", zebra.slug, reverse("teams:detail", args=[zebra.slug]), True, False),
    )
