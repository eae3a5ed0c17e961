"""Teams whose members choose to share their ratings with the team's managers (DESIGN §12).

Written by hand rather than on django-organizations (2.7.0): its owner/admin model has one
owner, its invitations are per e-mail address with plain tokens, and its views answer 403.
Our consent model needs a sharing flag on the membership, several managers, one renewable
invite link stored only as a digest that expires, and 404 for anyone outside the team; two
small models say that more plainly than overriding its abstract bases and backends.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from accounts.names import display_name

NAME_MAX_LENGTH = 80
INVITE_LIFETIME = datetime.timedelta(days=14)
UNNAMED_MEMBER = "Unnamed member {number}"


class Team(models.Model):
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    # Set once at creation: renaming a team keeps its address.
    slug = models.SlugField(max_length=60, unique=True)
    # Only the digest of the invite token is stored; "" means no live link.
    invite_digest = models.CharField(max_length=64, blank=True, db_index=True)
    invite_expires_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("teams:detail", args=[self.slug])

    def invite_is_live(self, now: datetime.datetime | None = None) -> bool:
        expires = self.invite_expires_at
        return (
            bool(self.invite_digest) and expires is not None and expires > (now or timezone.now())
        )


class MembershipQuerySet(models.QuerySet):
    def for_person(self, person) -> MembershipQuerySet:
        return self.filter(person=person)

    def sharing(self) -> MembershipQuerySet:
        return self.filter(shares=True)

    def managers(self) -> MembershipQuerySet:
        return self.filter(is_manager=True)

    def with_person(self) -> MembershipQuerySet:
        """With each member's account and display name (accounts.Profile), in the same query."""
        return self.select_related("person", "person__account_profile")


class Membership(models.Model):
    """A person in a team. `shares` is their consent: off unless they tick it."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="team_memberships"
    )
    is_manager = models.BooleanField(default=False)
    shares = models.BooleanField(default=False)
    joined_at = models.DateTimeField(default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="membership_unique_person"),
        ]

    def __str__(self) -> str:
        return f"Person {self.person_id} in team {self.team_id}"

    @property
    def display_name(self) -> str:
        """What teammates see: the person's display name, or, for someone without one, a
        label that tells members apart and shows nothing of their account (DESIGN §16)."""
        return display_name(self.person) or unnamed_member(self.pk)


def unnamed_member(pk: int) -> str:
    """The label of a member without a display name, by their membership's id."""
    return UNNAMED_MEMBER.format(number=pk)
