"""The writes of teams: creating and running a team, invites, joining, consent and leaving.

Keyword-only, atomic, verb_noun. A team always keeps at least one manager: the services
that could leave it without one refuse with LAST_MANAGER_ERROR.
"""

from __future__ import annotations

import secrets

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.tokens import new_token
from teams.models import INVITE_LIFETIME, Membership, Team

LAST_MANAGER_ERROR = (
    "A team needs at least one manager. Make another member a manager first, or delete the team."
)
SLUG_BASE_LENGTH = 40


class LastManagerError(Exception):
    """The change would leave the team without a manager."""

    def __init__(self) -> None:
        super().__init__(LAST_MANAGER_ERROR)


@transaction.atomic
def create_team(*, creator, name: str) -> tuple[Team, str]:
    """Create a team managed by `creator`, with a fresh invite link.

    Returns the team and the raw invite token, which is stored only as a digest: the caller
    shows it once.
    """
    team = Team.objects.create(name=name, slug=_new_slug(name))
    Membership.objects.create(team=team, person=creator, is_manager=True)
    return team, renew_invite(team=team)


def _new_slug(name: str) -> str:
    """'platform-team-3f9a1c': the name for people, a random tail so two names never clash."""
    base = slugify(name)[:SLUG_BASE_LENGTH].strip("-") or "team"
    return f"{base}-{secrets.token_hex(3)}"


@transaction.atomic
def rename_team(*, team: Team, name: str) -> Team:
    """Change the team's name; its address (slug) stays."""
    team.name = name
    team.save(update_fields=["name"])
    return team


@transaction.atomic
def delete_team(*, team: Team) -> None:
    """Delete the team and every membership; nobody's assessments are touched."""
    team.delete()


@transaction.atomic
def renew_invite(*, team: Team) -> str:
    """Give the team a new invite link valid for INVITE_LIFETIME; the old link dies.

    Returns the raw token (only its digest is stored).
    """
    token, digest = new_token()
    team.invite_digest = digest
    team.invite_expires_at = timezone.now() + INVITE_LIFETIME
    team.save(update_fields=["invite_digest", "invite_expires_at"])
    return token


@transaction.atomic
def join_team(*, team: Team, person, shares: bool) -> Membership:
    """Make `person` a member, sharing only if they said so. Someone already in the team
    keeps their membership and sharing choice as they are."""
    membership, _ = Membership.objects.get_or_create(
        team=team, person=person, defaults={"shares": shares}
    )
    return membership


@transaction.atomic
def set_sharing(*, membership: Membership, shares: bool) -> Membership:
    """Start or stop sharing ratings with the team's managers, from the next page on."""
    membership.shares = shares
    membership.save(update_fields=["shares"])
    return membership


@transaction.atomic
def leave_team(*, membership: Membership) -> None:
    """Leave the team. Raises LastManagerError for its only manager."""
    _refuse_last_manager(membership)
    membership.delete()


@transaction.atomic
def make_manager(*, membership: Membership) -> Membership:
    """Let a member manage the team too."""
    membership.is_manager = True
    membership.save(update_fields=["is_manager"])
    return membership


@transaction.atomic
def demote_manager(*, membership: Membership) -> Membership:
    """Make a manager a plain member again. Raises LastManagerError for the only manager."""
    _refuse_last_manager(membership)
    membership.is_manager = False
    membership.save(update_fields=["is_manager"])
    return membership


@transaction.atomic
def remove_member(*, membership: Membership) -> None:
    """Take a member out of the team. Raises LastManagerError for its only manager."""
    _refuse_last_manager(membership)
    membership.delete()


@transaction.atomic
def hand_over_teams(*, person) -> None:
    """Before `person`'s account goes: every team they alone manage passes to its
    longest-standing other member, and a team with nobody else in it is deleted."""
    alone = Membership.objects.for_person(person).managers().select_related("team")
    for membership in alone.select_for_update():
        team = membership.team
        if team.memberships.managers().exclude(pk=membership.pk).exists():
            continue
        successor = team.memberships.exclude(pk=membership.pk).order_by("joined_at", "pk").first()
        if successor is None:
            team.delete()
        else:
            make_manager(membership=successor)


def _refuse_last_manager(membership: Membership) -> None:
    if not membership.is_manager:
        return
    others = Membership.objects.filter(team_id=membership.team_id).managers()
    if not others.exclude(pk=membership.pk).select_for_update().exists():
        raise LastManagerError
