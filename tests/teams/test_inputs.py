"""What the team pages read, checked directly on the loaders."""

from __future__ import annotations

from django.urls import reverse

from teams.inputs import MyTeam, load_members, load_my_teams
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


def test_members_come_managers_first_with_only_the_sharing_ones_submissions_counted(
    user, team, sharer, quiet, rung, submit
):
    first = submit(sharer, rung, level=2)
    last = submit(sharer, rung, level=3)
    submit(quiet, rung, level=5)
    first.refresh_from_db()
    last.refresh_from_db()

    members = {member.person_id: member for member in load_members(team)}

    assert load_members(team)[0].person_id == user.pk
    assert (members[sharer.pk].last_submitted, members[sharer.pk].submitted_count) == (
        max(first.submitted_at, last.submitted_at),
        2,
    )
    assert (members[quiet.pk].last_submitted, members[quiet.pk].submitted_count) == (None, 0)
