"""Second opinions (DESIGN.md §10): a request for a review of a submitted assessment, and
the reviewer's rating of each of the snapshot's skills; and read-only share links to a
submitted report (§11)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.names import display_name
from accounts.tokens import DIGEST_LENGTH
from assessments.models import NEXT_REPORT_STAMP, Assessment, SubmittedRequirement
from careers.proficiency import MAX_RATING, MIN_RATING

MESSAGE_MAX_LENGTH = 500
COMMENT_MAX_LENGTH = 500
REVIEWER_NAME_MAX_LENGTH = 80
REQUEST_VALID_FOR = datetime.timedelta(days=14)
# How a reviewer is told of an owner without a display name: never by their address.
UNNAMED_OWNER = "the person who asked you"


def owner_label(name: str) -> str:
    """What a reviewer calls the owner: their display name, else UNNAMED_OWNER."""
    return name.strip() or UNNAMED_OWNER


def owner_label_of(owner) -> str:
    return owner_label(display_name(owner))


class ReviewRequestQuerySet(models.QuerySet):
    def for_assessment(self, assessment: Assessment) -> ReviewRequestQuerySet:
        return self.filter(assessment=assessment)

    def for_reviewer(self, user) -> ReviewRequestQuerySet:
        return self.filter(reviewer=user)

    def open(self, now: datetime.datetime) -> ReviewRequestQuerySet:
        """Not revoked or submitted, and either accepted or still acceptable at `now`."""
        unfinished = self.filter(revoked_at__isnull=True, submitted_at__isnull=True)
        return unfinished.filter(models.Q(accepted_at__isnull=False) | models.Q(expires_at__gt=now))

    def visible_submitted(self) -> ReviewRequestQuerySet:
        """Submitted reviews the owner has not hidden: the ones the report counts."""
        return self.filter(submitted_at__isnull=False, hidden_at__isnull=True)


def cascade_and_recount_reports(collector, field, sub_objs, using) -> None:
    """CASCADE, as for any request of a deleted reviewer, and also renew and recount the
    reports those requests were on, however the account goes (its own deletion page or the
    admin): a second opinion by a deleted person must leave the cached report at once.

    The renewal is a field update of the same deletion, so it commits with it, and the
    counts leave out the requests being deleted, which are still there when it runs."""
    gone = list(sub_objs.values_list("pk", flat=True))
    reviewed = Assessment.objects.filter(pk__in=sub_objs.values_list("assessment_id"))
    for name, value in {"report_stamp": NEXT_REPORT_STAMP, **report_counts(gone)}.items():
        collector.add_field_update(Assessment._meta.get_field(name), value, reviewed)
    models.CASCADE(collector, field, sub_objs, using)


def report_counts(excluding: Iterable[int] = ()) -> dict[str, models.Expression]:
    """The counts an assessment's row keeps for this app (assessments.models.ROW_COUNTS),
    as expressions an UPDATE of assessments evaluates row by row: its requests, its share
    links and its second opinions shown. Requests whose ids are in `excluding` (being
    deleted) are left out. For `assessments.services.renew_reports(**report_counts())`."""
    requests = ReviewRequest.objects.filter(assessment=models.OuterRef("pk"))
    if excluding:
        requests = requests.exclude(pk__in=list(excluding))
    return {
        "review_request_count": _count(requests),
        "second_opinion_count": _count(requests.visible_submitted()),
        "share_link_count": _count(ShareLink.objects.filter(assessment=models.OuterRef("pk"))),
    }


def _count(queryset: models.QuerySet) -> Coalesce:
    counted = queryset.order_by().values("assessment").annotate(n=models.Count("pk")).values("n")
    return Coalesce(models.Subquery(counted), 0)


class ReviewRequest(models.Model):
    """One invitation to review a submitted assessment, and the review it becomes.

    The state is derived from the timestamps (`state_at`), so there is one source of truth.
    The token itself is never stored: only its SHA-256 digest (accounts/tokens.py).
    """

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        SUBMITTED = "submitted", "Submitted"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="review_requests"
    )
    email = models.EmailField()
    message = models.CharField(max_length=MESSAGE_MAX_LENGTH, blank=True)
    token_digest = models.CharField(max_length=DIGEST_LENGTH, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=cascade_and_recount_reports,
        null=True,
        blank=True,
        related_name="reviews_given",
    )
    reviewer_name = models.CharField(max_length=REVIEWER_NAME_MAX_LENGTH, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["assessment", "created_at"], name="review_request_by_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(reviewer__isnull=False),
                name="review_request_accepted_has_reviewer",
            ),
            models.CheckConstraint(
                condition=models.Q(submitted_at__isnull=True) | models.Q(accepted_at__isnull=False),
                name="review_request_submitted_was_accepted",
            ),
        ]

    def __str__(self) -> str:
        return f"Review request {self.pk} on assessment {self.assessment_id}"

    def state_at(self, now: datetime.datetime) -> str:
        """The request's State at `now`."""
        if self.revoked_at:
            return self.State.REVOKED
        if self.submitted_at:
            return self.State.SUBMITTED
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.expires_at <= now:
            return self.State.EXPIRED
        return self.State.PENDING

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ReviewRating(models.Model):
    """A reviewer's level (None while unrated) and comment for one skill of the snapshot."""

    review = models.ForeignKey(ReviewRequest, on_delete=models.CASCADE, related_name="ratings")
    requirement = models.ForeignKey(
        SubmittedRequirement, on_delete=models.CASCADE, related_name="review_ratings"
    )
    level = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(MIN_RATING), MaxValueValidator(MAX_RATING)],
    )
    comment = models.CharField(max_length=COMMENT_MAX_LENGTH, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "requirement"], name="review_rating_unique_per_skill"
            ),
            models.CheckConstraint(
                condition=models.Q(level__isnull=True)
                | models.Q(level__gte=MIN_RATING, level__lte=MAX_RATING),
                name="review_rating_level_0_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Review rating {self.level} on {self.requirement_id}"


# --- share links (DESIGN §11) -----------------------------------------------------------

SHARE_DAYS = (7, 30, 90)
DEFAULT_SHARE_DAYS = 30


class ShareLinkQuerySet(models.QuerySet):
    def for_assessment(self, assessment: Assessment) -> ShareLinkQuerySet:
        return self.filter(assessment=assessment)

    def live(self) -> ShareLinkQuerySet:
        """Links that still open: not revoked and not yet expired."""
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class ShareLink(models.Model):
    """A read-only link to a submitted report for someone without an account.

    Only the token's digest is stored (accounts/tokens.py), so the link itself can be shown
    once, when it is made, and never again.
    """

    class State(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="share_links")
    token_digest = models.CharField(max_length=DIGEST_LENGTH, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField()
    include_notes = models.BooleanField(default=False)
    view_count = models.PositiveIntegerField(default=0)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="share_link_expires_after_created",
            ),
        ]

    def __str__(self) -> str:
        return f"Share link {self.pk} of assessment {self.assessment_id}"

    @property
    def state(self) -> ShareLink.State:
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.ACTIVE

    @property
    def is_active(self) -> bool:
        return self.state == self.State.ACTIVE

    @property
    def state_label(self) -> str:
        return self.state.label
