"""Mail that is never lost: post_office's outbox rows, sent after the commit.

Every mail the app sends goes through EMAIL_BACKEND = `QueueBackend`, which stores it as a row
of post_office's outbox (post_office.models.Email, status "queued") in the transaction of the
action that causes it: one INSERT for any number of mails. (post_office's own backend runs each
subject and body through the template engine, so text a person typed, such as a review
request's message, would be executed as a template; this one stores the text as it is.)
Once that transaction commits, `hand_over` publishes one Celery task per mail, or, without
a broker (`make run`, the tests), sends it in the request. `deliver` sends one mail:

- it first leases the row (a conditional UPDATE that moves `scheduled_time` past now), so a
  task delivered twice, or a task and the sweep, never send the same row at once;
- a failure records the attempt (number_of_retries, a post_office Log row) and puts the
  row back with a later `scheduled_time`, doubling up to an hour: a mail server that is down
  delays mail, and nobody sees an error;
- after MAX_ATTEMPTS (about four days of trying) the row is marked failed and kept.

`sweep` re-finds every row that is due, whatever happened to its task: a broker that was
down, a worker killed mid-send (its lease runs out), a retry that was lost.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable
from email.utils import make_msgid
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.utils import DNS_NAME
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from post_office.models import PRIORITY, STATUS, Email, Log
from post_office.settings import get_backend

logger = logging.getLogger(__name__)

LEASE = datetime.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
FIRST_RETRY_SECONDS = 60
LONGEST_RETRY_SECONDS = 60 * 60
MAX_ATTEMPTS = 100
SWEEP_BATCH = 500
UNSENT = (STATUS.queued, STATUS.requeued)


def retry_delay(attempts: int) -> int:
    """Seconds before the next try after `attempts` failed ones: 60, 120, 240 ... 3600."""
    return min(FIRST_RETRY_SECONDS * 2 ** (attempts - 1), LONGEST_RETRY_SECONDS)


class QueueBackend(BaseEmailBackend):
    """Django's mail API, storing each message in the outbox instead of sending it."""

    def send_messages(self, email_messages: Iterable[EmailMessage]) -> int:
        rows = [_row(message) for message in email_messages]
        if not rows:
            return 0
        created = Email.objects.bulk_create(rows)
        on_queued(sender=Email, emails=created)
        return len(created)


def _row(message: EmailMessage) -> Email:
    if message.attachments:
        raise ValueError("The outbox keeps no attachments.")
    html = next(
        (body for body, kind in getattr(message, "alternatives", []) if kind == "text/html"), ""
    )
    headers = dict(message.extra_headers)
    if message.reply_to:
        headers.setdefault("Reply-To", ", ".join(message.reply_to))
    return Email(
        from_email=message.from_email,
        to=list(message.to),
        cc=list(message.cc),
        bcc=list(message.bcc),
        subject=message.subject,
        message=message.body,
        html_message=html,
        headers=headers or None,
        message_id=make_msgid(domain=DNS_NAME),
        priority=PRIORITY.medium,
        status=STATUS.queued,
    )


def on_queued(sender, emails: Iterable[Email], **kwargs) -> None:
    """Hand the new rows over once they are committed (also post_office's email_queued
    signal, for mail queued through post_office.mail.send)."""
    ids = [email.pk for email in emails]
    transaction.on_commit(partial(hand_over, ids), robust=True)


def hand_over(ids: list[int]) -> None:
    """Publish a send task per mail, or send them here when no broker is configured. Never
    raises: a broker that is away is logged once and the sweep sends the mail later."""
    if not settings.CELERY_BROKER_URL:
        for email_id in ids:
            deliver(email_id)
        return
    from accounts.tasks import send_email

    for email_id in ids:
        try:
            send_email.delay(email_id)
        except Exception:
            logger.warning(
                "The task broker is unreachable; %d queued mail(s) wait for the sweep", len(ids)
            )
            return


def _due(now: datetime.datetime) -> Q:
    return Q(status__in=UNSENT) & (Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now))


def deliver(email_id: int) -> int | None:
    """Send the outbox row `email_id` if it is due and not leased. Returns the seconds to
    wait before trying again after a failure, 0 once sent, None when there was nothing to do
    (already sent, leased by another sender, not yet due, or given up)."""
    now = timezone.now()
    leased = Email.objects.filter(_due(now), pk=email_id).update(
        scheduled_time=now + LEASE, last_updated=now
    )
    if not leased:
        return None
    email = Email.objects.get(pk=email_id)
    try:
        message = email.prepare_email_message()
        get_connection(get_backend(email.backend_alias or "default")).send_messages([message])
    except Exception as error:
        return _record_failure(email, error, now)
    # A sent mail's text is not kept: it may carry live links (a password reset, a review).
    Email.objects.filter(pk=email_id).update(
        status=STATUS.sent, message="", html_message="", last_updated=timezone.now()
    )
    return 0


def _record_failure(email: Email, error: Exception, now: datetime.datetime) -> int | None:
    attempts = (email.number_of_retries or 0) + 1
    delay = retry_delay(attempts)
    given_up = attempts >= MAX_ATTEMPTS
    Email.objects.filter(pk=email.pk).update(
        status=STATUS.failed if given_up else STATUS.requeued,
        number_of_retries=attempts,
        scheduled_time=now + datetime.timedelta(seconds=delay),
        last_updated=now,
    )
    Log.objects.create(
        email=email, status=STATUS.failed, message=str(error), exception_type=type(error).__name__
    )
    logger.warning(
        "Mail %d not sent (attempt %d, %s)%s",
        email.pk,
        attempts,
        type(error).__name__,
        "; given up" if given_up else f"; next try in {delay} s",
    )
    return None if given_up else delay


def sweep(limit: int = SWEEP_BATCH) -> int:
    """Send every due row (at most `limit`, oldest first). Returns how many were sent."""
    ids = list(
        Email.objects.filter(_due(timezone.now()))
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(1 for email_id in ids if deliver(email_id) == 0)


def forget(address: str) -> int:
    """Delete every outbox row addressed to `address` alone (a deleted account): an unsent
    reminder is never sent, and no copy of what was mailed stays behind."""
    deleted, _ = Email.objects.filter(to=address).delete()
    return deleted
