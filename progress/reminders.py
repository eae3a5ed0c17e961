"""One round of reminder mails (DESIGN §17): the weekly plan digest and the retake reminder.

A round is for one period, an ISO week in UTC that the caller names (beat computes it; the
worker's clock is never asked). People are read in batches of BATCH by primary key; each
batch costs the same few queries however many people it holds, and queues its mails and
its claims (accounts.MailClaim, unique per person, kind and period) in one transaction. A
second round for the same period, or a round run twice at once, finds the claims (or
trips on their unique constraint and reads them again) and queues nothing more.

Only people with an active account and a confirmed primary address get mail; a deleted
account has no row left to read. What each person chose, and the unsubscribe links every
mail carries, are accounts' (accounts.reminders).

The digest lists the person's next DIGEST_STEPS open plan steps (to do or doing), the steps
My plan shows (progress.plans): the plan of the rung they submitted most recently first,
each plan in its own order. Someone with no open step gets no digest.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.links import SITE_NAME, on_site
from accounts.models import MailClaim, Reminders
from accounts.reminders import DIGEST, RETAKE, unsubscribe_headers, unsubscribe_url
from assessments.planning import weeks_for
from assessments.report.plan import whole_hours
from progress import plans

BATCH = 500
DIGEST_STEPS = 3


@dataclass(frozen=True)
class Digest:
    steps: tuple[plans.PlanStep, ...]  # the next DIGEST_STEPS open steps, in plan order
    open_count: int  # open steps in the whole plan
    hours_left: int | float
    hours_per_week: int
    weeks_left: int  # at hours_per_week


def iso_week(moment: datetime.datetime) -> str:
    """The ISO week of `moment` in UTC, such as 2026-W24: a reminder's period."""
    year, week, _ = moment.astimezone(datetime.UTC).isocalendar()
    return f"{year}-W{week:02d}"


def period_end(period: str) -> datetime.datetime:
    """The first moment after the ISO week `period` (2026-W24), in UTC. Raises ValueError
    for a week that year does not have."""
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
    latest = plans.load_latest(ids)
    claimed = set(
        MailClaim.objects.filter(user_id__in=ids)
        .filter(Q(kind=DIGEST, period=period) | Q(kind__startswith=f"{RETAKE}:"))
        .values_list("user_id", "kind", "period")
    )
    wanted = [
        c.user_id for c in batch if c.weekly_digest and (c.user_id, DIGEST, period) not in claimed
    ]
    digests = next_steps({owner: latest[owner] for owner in wanted if owner in latest})
    claims, messages = [], []
    for choice in batch:
        user = choice.user
        if user.pk in digests:
            claims.append(MailClaim(user=user, kind=DIGEST, period=period))
            messages.append(_digest_mail(user, digests[user.pk]))
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


def next_steps(latest: dict[int, list[plans.Latest]]) -> dict[int, Digest]:
    """The digest of each person in `latest` (owner id -> their latest assessment of each
    rung) who has an open step. Four queries, however many people: their snapshot rows with
    a gap, the learning steps of those skills, their hours per week and their step states."""
    if not latest:
        return {}
    rows = plans.load_gap_rows([a.pk for items in latest.values() for a in items])
    steps = plans.load_learning_steps(rows)
    pace = plans.load_hours_per_week(latest)
    states = plans.load_states(latest)
    digests = {}
    for owner, items in latest.items():
        newest_first = sorted(items, key=lambda a: (a.submitted_at, a.pk), reverse=True)
        planned = plans.plan_steps(
            newest_first, rows, steps, states.get(owner, {}), hours_per_week=pace[owner]
        )
        open_steps = [item for item in planned.values() if item.is_open]
        if open_steps:
            hours_left = math.fsum(item.step.hours for item in open_steps)
            digests[owner] = Digest(
                steps=tuple(open_steps[:DIGEST_STEPS]),
                open_count=len(open_steps),
                hours_left=whole_hours(hours_left),
                hours_per_week=pace[owner],
                weeks_left=weeks_for(hours_left, pace[owner]),
            )
    return digests


def _mail(user, kind: str, template: str, context: dict) -> EmailMessage:
    context = {
        **context,
        "site_name": SITE_NAME,
        "unsubscribe_link": unsubscribe_url(user.pk, kind),
        "reminders_link": on_site(reverse("account_reminders")),
    }
    subject = render_to_string(f"progress/email/{template}_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        render_to_string(f"progress/email/{template}_message.txt", context),
        None,
        [user.email],
        headers=unsubscribe_headers(user.pk, kind),
    )
    message.attach_alternative(
        render_to_string(f"progress/email/{template}_message.html", context), "text/html"
    )
    return message


def _digest_mail(user, digest: Digest) -> EmailMessage:
    return _mail(
        user, DIGEST, "digest", {"digest": digest, "plan_link": on_site(reverse("progress:plan"))}
    )


def _retake_mail(user, item: plans.Latest, days: int) -> EmailMessage:
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
