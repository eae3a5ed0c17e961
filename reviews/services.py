"""The writes of second opinions: ask for a review, revoke it, accept it, rate, submit, hide.

Every function is keyword-only and atomic. Error messages are module constants, so views and
tests share one wording. A `ReviewError` carries the form field its message belongs beside.
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Mapping

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.mail import EmailMessage, send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.links import on_site
from accounts.names import display_name, wants_review_mail
from accounts.reminders import REVIEW, unsubscribe_headers, unsubscribe_url
from accounts.tokens import new_token
from assessments.models import Assessment, SubmittedRequirement
from assessments.services import renew_reports
from reviews.models import REQUEST_VALID_FOR, ReviewRating, ReviewRequest, report_counts

logger = logging.getLogger(__name__)

MAX_OPEN_REQUESTS = 5
DAILY_INVITATIONS = 20
INVITATION_WINDOW = datetime.timedelta(days=1)

NOT_SUBMITTED_ERROR = "Only a submitted assessment can be reviewed. Submit it first."
TOO_MANY_OPEN_ERROR = (
    f"This assessment already has {MAX_OPEN_REQUESTS} open review requests, the most it can "
    "have. Revoke one, or wait for a review to come in. Nothing was sent."
)
DAILY_LIMIT_ERROR = (
    f"You have asked for {DAILY_INVITATIONS} reviews in the last 24 hours, the most allowed "
    "in a day. Try again tomorrow. Nothing was sent."
)
OWN_ADDRESS_ERROR = "That is your own address. Ask someone who knows your work."
NOT_OPEN_REQUEST_ERROR = "Only a request still open (pending or accepted) can be revoked."
NOT_SUBMITTED_REVIEW_ERROR = "Only a submitted review can be hidden."
SELF_REVIEW_ERROR = "This is your own assessment: you cannot review yourself."
NOT_ACCEPTABLE_ERROR = "This review link can no longer be used."
NOT_OPEN_ERROR = "This review was already submitted or withdrawn, so it can no longer change."
NOTHING_RATED_ERROR = (
    "Rate at least one skill before you submit. Your ratings so far are saved as a draft."
)

# skill id -> (level 0-5 or None for "cannot judge / not yet", comment)
ReviewInput = Mapping[int, tuple[int | None, str]]


class ReviewError(Exception):
    """A refused write; `field` names the form field the message belongs beside."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


@transaction.atomic
def request_review(
    *,
    assessment: Assessment,
    email: str,
    message: str,
    link_for: Callable[[str], str],
    now: datetime.datetime | None = None,
) -> ReviewRequest:
    """Store a request for a review of `assessment` by `email` and mail them the link.

    `link_for(token)` turns the token into the absolute link mailed. The token is only
    mailed: the row keeps its digest. Raises ReviewError (sending nothing) for a draft, for
    the owner's own address, when MAX_OPEN_REQUESTS are open on the assessment, or when the
    owner asked DAILY_INVITATIONS times in the last INVITATION_WINDOW. The mail is queued
    with the request (accounts.outbox): a mail server that is down only delays it.
    """
    now = now or timezone.now()
    # Lock the assessment, so two concurrent requests cannot both pass the counts below.
    assessment = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("owner__account_profile")
        .get(pk=assessment.pk)
    )
    _check_can_request(assessment, email, now)
    token, digest = new_token()
    review = ReviewRequest.objects.create(
        assessment=assessment,
        email=email,
        message=message,
        token_digest=digest,
        created_at=now,
        expires_at=now + REQUEST_VALID_FOR,
    )
    recount_report(assessment_id=assessment.pk)
    _send_request_mail(review, link_for(token))
    return review


def recount_report(*, assessment_id: int) -> None:
    """Renew the report of the assessment `assessment_id` and recount on its row what this
    app shows there (reviews.models.report_counts): after any write of requests, reviews or
    share links that changes them. Call it in the write's transaction."""
    renew_reports(assessments=Assessment.objects.filter(pk=assessment_id), **report_counts())


def _check_can_request(assessment: Assessment, email: str, now: datetime.datetime) -> None:
    if not assessment.is_submitted:
        raise ReviewError(NOT_SUBMITTED_ERROR)
    if email.casefold() == assessment.owner.email.casefold():
        raise ReviewError(OWN_ADDRESS_ERROR, field="email")
    if ReviewRequest.objects.for_assessment(assessment).open(now).count() >= MAX_OPEN_REQUESTS:
        raise ReviewError(TOO_MANY_OPEN_ERROR, field="email")
    sent_today = ReviewRequest.objects.filter(
        assessment__owner_id=assessment.owner_id, created_at__gt=now - INVITATION_WINDOW
    ).count()
    if sent_today >= DAILY_INVITATIONS:
        raise ReviewError(DAILY_LIMIT_ERROR, field="email")


def _send_request_mail(review: ReviewRequest, link: str) -> None:
    assessment = review.assessment
    context = {
        # Their display name, never their address (DESIGN §16).
        "owner_name": display_name(assessment.owner),
        "rung_title": assessment.rung.title,
        "message": review.message,
        "link": link,
        "expires_at": review.expires_at,
    }
    subject = render_to_string("reviews/email/request_subject.txt", context).strip()
    body = render_to_string("reviews/email/request_message.txt", context)
    # Queued in the outbox with the request itself; sent after the commit (accounts.outbox).
    send_mail(settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body, None, [review.email])


@transaction.atomic
def revoke_request(*, review: ReviewRequest, now: datetime.datetime | None = None) -> None:
    """End an open request (pending, or accepted but not submitted): its link answers
    "withdrawn" from now on, to the reviewer too, and it frees its place among the open
    requests, so a review that never comes does not hold one for ever.

    Raises ReviewError for a request that is submitted, expired or already revoked.
    """
    now = now or timezone.now()
    changed = ReviewRequest.objects.open(now).filter(pk=review.pk).update(revoked_at=now)
    if not changed:
        raise ReviewError(NOT_OPEN_REQUEST_ERROR)
    review.revoked_at = now


@transaction.atomic
def hide_review(*, review: ReviewRequest, now: datetime.datetime | None = None) -> None:
    """Drop a submitted review from the owner's report (its figures and downloads).

    Raises ReviewError unless the review is submitted. Hiding twice changes nothing.
    """
    if review.submitted_at is None:
        raise ReviewError(NOT_SUBMITTED_REVIEW_ERROR)
    if review.hidden_at is None:
        review.hidden_at = now or timezone.now()
        review.save(update_fields=["hidden_at"])
        recount_report(assessment_id=review.assessment_id)


@transaction.atomic
def accept_review(
    *, review: ReviewRequest, reviewer, name: str, now: datetime.datetime | None = None
) -> None:
    """Make the link `reviewer`'s alone, under the display name the owner will see.

    Only a pending request can be accepted, and never by the assessment's owner; a
    concurrent second acceptance loses (ReviewError).
    """
    now = now or timezone.now()
    if review.assessment.owner_id == reviewer.pk:
        raise ReviewError(SELF_REVIEW_ERROR)
    changed = ReviewRequest.objects.filter(
        pk=review.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now
    ).update(reviewer=reviewer, reviewer_name=name, accepted_at=now)
    if not changed:
        raise ReviewError(NOT_ACCEPTABLE_ERROR)
    review.reviewer, review.reviewer_name, review.accepted_at = reviewer, name, now


@transaction.atomic
def save_review(*, review: ReviewRequest, ratings: ReviewInput) -> None:
    """Store the reviewer's `ratings` (snapshot skill id -> (level or None, comment)).

    Raises ReviewError once the review is submitted (checked in the database), and
    ValueError for a skill that is not in the snapshot.
    """
    unfinished = ReviewRequest.objects.filter(
        pk=review.pk, submitted_at__isnull=True, revoked_at__isnull=True
    )
    if not unfinished.exists():
        raise ReviewError(NOT_OPEN_ERROR)
    requirement_by_skill = dict(
        SubmittedRequirement.objects.filter(assessment_id=review.assessment_id, skill__isnull=False)
        .order_by()
        .values_list("skill_id", "pk")
    )
    rows = []
    for skill_id, (level, comment) in ratings.items():
        if skill_id not in requirement_by_skill:
            raise ValueError(f"Skill {skill_id} is not in the reviewed snapshot.")
        rows.append(
            ReviewRating(
                review=review,
                requirement_id=requirement_by_skill[skill_id],
                level=level,
                comment=comment,
            )
        )
    ReviewRating.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["review", "requirement"],
        update_fields=["level", "comment"],
    )


def submit_review(
    *, review: ReviewRequest, ratings: ReviewInput, now: datetime.datetime | None = None
) -> None:
    """Save `ratings`, then submit the review: it reaches the owner's report.

    Skills left unrated are skills the reviewer could not judge; at least one must be rated.
    The ratings are saved in their own transaction first, so a refused submission
    (ReviewError) keeps them as a draft. A review is submitted once.
    """
    save_review(review=review, ratings=ratings)
    now = now or timezone.now()
    with transaction.atomic():
        if not review.ratings.filter(level__isnull=False).exists():
            raise ReviewError(NOTHING_RATED_ERROR)
        submitted = ReviewRequest.objects.filter(pk=review.pk, submitted_at__isnull=True).update(
            submitted_at=now
        )
        if submitted:
            recount_report(assessment_id=review.assessment_id)
            # Queued in the outbox with the submission, sent after the commit: a mail server
            # that is down delays the mail and never undoes the submission.
            tell_owner_of_review(review_id=review.pk)
    review.submitted_at = now


def tell_owner_of_review(*, review_id: int) -> bool:
    """E-mail the owner that the review `review_id` was submitted, naming the reviewer by
    the name they chose and linking the report (from DJANGO_SITE_URL).

    Sends nothing when the owner turned these mails off (accounts.Profile) or their address
    is not verified. The mail is queued in the outbox (accounts.outbox) and carries a
    one-click unsubscribe. Returns whether a mail was queued.
    """
    review = ReviewRequest.objects.select_related(
        "assessment__owner__account_profile", "assessment__rung"
    ).get(pk=review_id)
    owner = review.assessment.owner
    if not wants_review_mail(owner) or not _is_verified(owner):
        return False
    context = {
        "reviewer_name": review.reviewer_name,
        "rung_title": review.assessment.rung.title,
        "report_link": on_site(review.assessment.get_report_url()) + "#second-opinions",
        "preferences_link": on_site(reverse("account_reminders")),
        "unsubscribe_link": unsubscribe_url(owner.pk, REVIEW),
    }
    subject = render_to_string("reviews/email/submitted_subject.txt", context).strip()
    body = render_to_string("reviews/email/submitted_message.txt", context)
    EmailMessage(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
        body,
        None,
        [owner.email],
        headers=unsubscribe_headers(owner.pk, REVIEW),
    ).send()
    return True


def _is_verified(person) -> bool:
    return EmailAddress.objects.filter(user=person, email=person.email, verified=True).exists()
