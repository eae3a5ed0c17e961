"""The team services: who ends up in a team, managing it, and sharing."""

from __future__ import annotations

import datetime

import pytest

from accounts.tokens import token_digest
from teams import services
from teams.models import INVITE_LIFETIME, Membership, Team
from tests.factories import MembershipFactory, UserFactory


def test_creating_a_team_makes_the_creator_its_manager(user):
    team, _ = services.create_team(creator=user, name="Data platform")

    membership = Membership.objects.get(team=team, person=user)
    assert membership.is_manager
    assert not membership.shares


def test_creating_a_team_gives_it_a_live_link_stored_only_as_a_digest(user, now):
    team, token = services.create_team(creator=user, name="Data platform")

    team.refresh_from_db()
    assert team.invite_digest == token_digest(token)
    assert token not in team.invite_digest
    assert team.invite_expires_at == now + INVITE_LIFETIME


def test_a_team_slug_comes_from_its_name_and_never_clashes(user):
    first, _ = services.create_team(creator=user, name="Data platform")
    second, _ = services.create_team(creator=user, name="Data platform")

    assert first.slug.startswith("data-platform-")
    assert first.slug != second.slug


def test_a_name_without_letters_still_gets_a_slug(user):
    team, _ = services.create_team(creator=user, name="!!!")

    assert team.slug.startswith("team-")


def test_renaming_keeps_the_address(team):
    slug = team.slug

    services.rename_team(team=team, name="Renamed")

    team.refresh_from_db()
    assert team.name == "Renamed"
    assert team.slug == slug


def test_deleting_a_team_deletes_its_memberships(team, sharer):
    services.delete_team(team=team)

    assert not Team.objects.exists()
    assert not Membership.objects.exists()


def test_renewing_the_link_ends_the_old_one(team):
    old = services.renew_invite(team=team)

    new = services.renew_invite(team=team)

    team.refresh_from_db()
    assert team.invite_digest == token_digest(new)
    assert team.invite_digest != token_digest(old)


def test_a_link_is_live_for_14_days(team, now):
    services.renew_invite(team=team)

    assert team.invite_is_live(now + datetime.timedelta(days=13, hours=23))
    assert not team.invite_is_live(now + datetime.timedelta(days=14))


def test_joining_without_ticking_share_does_not_share(team):
    person = UserFactory()

    membership = services.join_team(team=team, person=person, shares=False)

    assert not membership.shares
    assert not membership.is_manager


def test_joining_again_keeps_the_first_choice(team, sharer):
    membership = services.join_team(team=team, person=sharer, shares=False)

    assert membership.shares
    assert Membership.objects.filter(team=team, person=sharer).count() == 1


def test_sharing_can_be_turned_off(team, sharer):
    membership = Membership.objects.get(team=team, person=sharer)

    services.set_sharing(membership=membership, shares=False)

    membership.refresh_from_db()
    assert not membership.shares


def test_a_member_can_leave(team, sharer):
    services.leave_team(membership=Membership.objects.get(team=team, person=sharer))

    assert not Membership.objects.filter(person=sharer).exists()


def test_the_only_manager_cannot_leave(team, user, sharer):
    with pytest.raises(services.LastManagerError, match="at least one manager"):
        services.leave_team(membership=Membership.objects.get(team=team, person=user))

    assert Membership.objects.filter(team=team, person=user, is_manager=True).exists()


def test_a_manager_can_leave_once_another_member_manages(team, user, sharer):
    services.make_manager(membership=Membership.objects.get(team=team, person=sharer))

    services.leave_team(membership=Membership.objects.get(team=team, person=user))

    assert list(team.memberships.managers().values_list("person", flat=True)) == [sharer.pk]


def test_the_only_manager_cannot_be_removed(team, user):
    with pytest.raises(services.LastManagerError):
        services.remove_member(membership=Membership.objects.get(team=team, person=user))


def test_removing_a_member_takes_them_out(team, sharer):
    services.remove_member(membership=Membership.objects.get(team=team, person=sharer))

    assert not Membership.objects.filter(person=sharer).exists()


def test_handing_over_promotes_the_longest_standing_member(team, user, now):
    later = MembershipFactory(team=team, joined_at=now + datetime.timedelta(days=2))
    earlier = MembershipFactory(team=team, joined_at=now + datetime.timedelta(days=1))

    services.hand_over_teams(person=user)

    earlier.refresh_from_db()
    later.refresh_from_db()
    assert earlier.is_manager
    assert not later.is_manager


def test_handing_over_deletes_a_team_with_nobody_else(team, user):
    services.hand_over_teams(person=user)

    assert not Team.objects.filter(pk=team.pk).exists()


def test_handing_over_leaves_a_team_with_another_manager_alone(team, user, sharer):
    services.make_manager(membership=Membership.objects.get(team=team, person=sharer))
    quiet = MembershipFactory(team=team)

    services.hand_over_teams(person=user)

    quiet.refresh_from_db()
    assert not quiet.is_manager


def test_a_manager_can_be_made_a_plain_member_while_another_manages(team, user, sharer):
    other = services.make_manager(membership=Membership.objects.get(team=team, person=sharer))

    services.demote_manager(membership=other)

    other.refresh_from_db()
    assert not other.is_manager


def test_the_only_manager_cannot_be_made_a_plain_member(team, user):
    with pytest.raises(services.LastManagerError):
        services.demote_manager(membership=Membership.objects.get(team=team, person=user))

    assert Membership.objects.get(team=team, person=user).is_manager
