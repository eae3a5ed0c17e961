"""One round of reminder mails (DESIGN §17): the weekly plan digest and the retake reminder.

A round is for one period, an ISO week in UTC that the caller names (beat computes it; the
worker's clock is never asked). People are read in batches of BATCH by primary key; each
batch costs the same few queries however many people it holds, and queues its mails and
its claims (accounts.MailClaim, unique per person, kind and period) in one transaction. A
second round for the same period, or a round run twice at once, finds the claims (or
trips on their unique constraint and reads them again) and queues nothing more.

Only people with an active account and a confirmed primary address get mail; a deleted
account has no row left to read.

The digest's steps are the person's largest gaps from their latest submitted assessment of
each rung (`next_steps`), the order the plan takes them in; where plan step states exist,
that function is where steps marked done are left out.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.links import on_site
from accounts.models import MailClaim, Reminders
from accounts.reminders import DIGEST, RETAKE, iso_week, unsubscribe_headers, unsubscribe_url
from assessments.models import Assessment, SubmittedRequirement

BATCH = 500
DIGEST_STEPS = 3


@dataclass(frozen=True)
class NextStep:
    skill: str
    rated: int
    required: int
    rung: str


@dataclass(frozen=True)
class Latest:
    """A person's latest submitted assessment of one rung."""

    pk: int
    public_id: str
    rung_id: int
    rung_title: str
    submitted_at: datetime.datetime


def period_end(period: str) -> datetime.datetime:
    """The first moment after the ISO week `period` (2026-W24), in UTC."""
    year, week = period.split("-W")
    monday = datetime.date.fromisocalendar(int(year), int(week), 1)
    return datetime.datetime.combine(monday, datetime.time(), tzinfo=datetime.UTC) + (
        datetime.timedelta(days=7)
    )


def run_round(*, period: str, batch_size: int = BATCH) -> int:
    """Queue every reminder due in `period`. Returns how many mails were queued."""
    until = period_end(period)
    queued, after = 0, 0
    while batch := _people(after, batch_size):
        after = batch[-1].user_id
        queued += _queue_batch(batch, period, until)
    return queued


def _people(after: int, size: int) -> list[Reminders]:
    confirmed = EmailAddress.objects.filter(
        user_id=OuterRef("user_id"), email__iexact=OuterRef("user__email"), verified=True
    )
    return list(
        Reminders.objects.filter(Q(weekly_digest=True) | Q(retake_after_days__gt=0))
        .filter(user_id__gt=after, user__is_active=True)
        .filter(Exists(confirmed))
        .select_related("user")
        .order_by("user_id")[:size]
    )


def _queue_batch(batch: list[Reminders], period: str, until: datetime.datetime) -> int:
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return _queue(batch, period, until)
        except IntegrityError:
            # Another round claimed some of these people at this very moment: read the
            # claims again, and queue only what is still unclaimed.
            continue
    return 0


def _queue(batch: list[Reminders], period: str, until: datetime.datetime) -> int:
    ids = [choice.user_id for choice in batch]
    latest = _latest_assessments(ids)
    claimed = set(
        MailClaim.objects.filter(user_id__in=ids)
        .filter(Q(kind=DIGEST, period=period) | Q(kind__startswith=f"{RETAKE}:"))
        .values_list("user_id", "kind", "period")
    )
    digest_people = [choice.user_id for choice in batch if choice.weekly_digest]
    steps = next_steps({uid: latest.get(uid, []) for uid in digest_people})
    claims, messages = [], []
    for choice in batch:
        user = choice.user
        wants_digest = choice.weekly_digest and steps.get(user.pk)
        if wants_digest and (user.pk, DIGEST, period) not in claimed:
            claims.append(MailClaim(user=user, kind=DIGEST, period=period))
            messages.append(_digest_mail(user, steps[user.pk]))
        if choice.retake_after_days:
            for item in latest.get(user.pk, []):
                due = item.submitted_at + datetime.timedelta(days=choice.retake_after_days)
                kind, due_week = f"{RETAKE}:{item.rung_id}", iso_week(due)
                if due < until and (user.pk, kind, due_week) not in claimed:
                    claims.append(MailClaim(user=user, kind=kind, period=due_week))
                    messages.append(_retake_mail(user, item, choice.retake_after_days))
    if not messages:
        return 0
    MailClaim.objects.bulk_create(claims)  # unique: a claim taken meanwhile rolls all back
    get_connection().send_messages(messages)  # the outbox: one INSERT, sent after commit
    return len(messages)


def _latest_assessments(ids: Iterable[int]) -> dict[int, list[Latest]]:
    rows = (
        Assessment.objects.submitted()
        .filter(owner_id__in=ids)
        .order_by("owner_id", "rung_id", "-submitted_at", "-pk")
        .values_list("owner_id", "pk", "public_id", "rung_id", "rung__title", "submitted_at")
    )
    latest: dict[int, list[Latest]] = {}
    seen: set[tuple[int, int]] = set()
    for owner_id, pk, public_id, rung_id, title, submitted_at in rows:
        if (owner_id, rung_id) not in seen:
            seen.add((owner_id, rung_id))
            latest.setdefault(owner_id, []).append(
                Latest(pk, str(public_id), rung_id, title, submitted_at)
            )
    return latest


def next_steps(latest: dict[int, list[Latest]]) -> dict[int, list[NextStep]]:
    """Up to DIGEST_STEPS steps for each person: their open gaps, most important and
    largest first, one per skill, across the rungs they assessed. One query."""
    rung_of = {
        item.pk: (owner, item.rung_title) for owner, items in latest.items() for item in items
    }
    rows = (
        SubmittedRequirement.objects.filter(
            assessment_id__in=rung_of, rated_level__lt=F("required_level")
        )
        .order_by("-importance", (F("rated_level") - F("required_level")).asc(), "skill_name", "pk")
        .values_list("assessment_id", "skill_name", "rated_level", "required_level")
    )
    steps: dict[int, list[NextStep]] = {}
    for assessment_id, skill, rated, required in rows:
        owner, rung = rung_of[assessment_id]
        mine = steps.setdefault(owner, [])
        if len(mine) < DIGEST_STEPS and all(step.skill != skill for step in mine):
            mine.append(NextStep(skill, rated, required, rung))
    return steps


def _mail(user, kind: str, template: str, context: dict) -> EmailMessage:
    context = {
        **context,
        "unsubscribe_link": unsubscribe_url(user.pk, kind),
        "reminders_link": on_site(reverse("account_reminders")),
    }
    subject = render_to_string(f"assessments/email/{template}_subject.txt", context).strip()
    body = render_to_string(f"assessments/email/{template}_message.txt", context)
    return EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        None,
        [user.email],
        headers=unsubscribe_headers(user.pk, kind),
    )


def _digest_mail(user, steps: list[NextStep]) -> EmailMessage:
    return _mail(
        user,
        DIGEST,
        "digest",
        {"steps": steps, "dashboard_link": on_site(reverse("assessments:dashboard"))},
    )


def _retake_mail(user, item: Latest, days: int) -> EmailMessage:
    report = reverse("assessments:report", args=[item.public_id])
    return _mail(
        user,
        RETAKE,
        "retake",
        {
            "rung_title": item.rung_title,
            "submitted_at": item.submitted_at,
            "report_link": on_site(report),
            "days": days,
        },
    )
