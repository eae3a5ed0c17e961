"""The writes of progress: a step's state, a goal date, the calendar feed's secret address."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.tokens import new_token
from assessments.models import Assessment
from assessments.services import renew_reports
from careers.models import Rung
from progress.models import CalendarFeed, Goal, StepChange, StepState


@transaction.atomic
def set_step_state(*, owner, key: str, state: str) -> StepChange:
    """Record that `owner` set the plan step `key` to `state` (a StepState value; the caller
    checks that the step is on their plan). A change to the state it already has is not
    recorded again, so the hours-left history holds only real changes."""
    if state not in StepState.values:
        raise ValueError(f"Unknown state {state!r}.")
    latest = StepChange.objects.for_owner(owner).filter(key=key).order_by("-pk").first()
    if latest is not None and latest.state == state:
        return latest
    if latest is None and state == StepState.TODO:
        return StepChange(owner=owner, key=key, state=state)  # every step starts as to do
    change = StepChange.objects.create(owner=owner, key=key, state=state)
    # A step's state shows on every report of the person whose plan has that step.
    renew_reports(assessments=Assessment.objects.for_owner(owner))
    return change


@transaction.atomic
def set_goal(*, owner, rung: Rung, target_date: datetime.date) -> Goal:
    """Set or move `owner`'s goal date for `rung` (the form checks it is in the future)."""
    goal, _ = Goal.objects.update_or_create(
        owner=owner,
        rung=rung,
        defaults={"target_date": target_date, "updated_at": timezone.now()},
    )
    _renew_rung_reports(owner=owner, rung=rung)
    return goal


@transaction.atomic
def clear_goal(*, owner, rung: Rung) -> None:
    if Goal.objects.filter(owner=owner, rung=rung).delete()[0]:
        _renew_rung_reports(owner=owner, rung=rung)


def _renew_rung_reports(*, owner, rung: Rung) -> None:
    """A goal shows on the person's reports of its rung."""
    renew_reports(assessments=Assessment.objects.for_owner(owner).for_rung(rung))


@transaction.atomic
def renew_calendar_feed(*, owner) -> str:
    """A new secret address for `owner`'s calendar feed, replacing any earlier one (which
    stops working at once). Returns the token, shown once; only its digest is stored."""
    token, digest = new_token()
    CalendarFeed.objects.update_or_create(
        owner=owner, defaults={"token_digest": digest, "created_at": timezone.now()}
    )
    return token


def revoke_calendar_feed(*, owner) -> None:
    CalendarFeed.objects.filter(owner=owner).delete()
