"""A person's progress on their plans (DESIGN.md §17): the state of each plan step, a goal
date per rung, and the secret address of their calendar feed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.tokens import DIGEST_LENGTH
from careers.models import Rung

KEY_MAX_LENGTH = 64


class StepState(models.TextChoices):
    TODO = "todo", "To do"
    DOING = "doing", "Doing"
    DONE = "done", "Done"


class StepChangeQuerySet(models.QuerySet):
    def for_owner(self, owner) -> StepChangeQuerySet:
        return self.filter(owner=owner)


class StepChange(models.Model):
    """A person set a plan step to a state. The latest change per (owner, key) is the step's
    state; all of them together draw the hours left over time. The key names no level
    (assessments.planning.step_key / practise_key), so a state follows the step into every
    later assessment of the same skills."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_step_changes"
    )
    key = models.CharField(max_length=KEY_MAX_LENGTH)
    state = models.CharField(max_length=5, choices=StepState.choices)
    changed_at = models.DateTimeField(default=timezone.now)

    objects = StepChangeQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["owner", "key"], name="progress_change_owner_key")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__in=StepState.values), name="progress_change_state"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.state}"


class Goal(models.Model):
    """The date by which a person means to be ready for a rung."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_goals"
    )
    rung = models.ForeignKey(Rung, on_delete=models.CASCADE, related_name="+")
    target_date = models.DateField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "rung"], name="progress_goal_one_per_rung")
        ]

    def __str__(self) -> str:
        return f"{self.rung_id} by {self.target_date}"


class CalendarFeed(models.Model):
    """The secret address of a person's calendar feed: only its token's digest is stored
    (accounts.tokens), and deleting the row revokes it."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_digest = models.CharField(max_length=DIGEST_LENGTH, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Calendar feed of {self.owner_id}"
