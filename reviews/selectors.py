"""Every query of second opinions outside the report: a link's request, the reviewer's form
inputs, the owner's list of requests and the reviewer's dashboard rows. Each in a fixed
number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from accounts.names import name_of
from accounts.tokens import find_by_token
from assessments.models import Assessment
from reviews.forms import RequestReviewForm, ReviewSkill, comment_key, level_key
from reviews.models import UNNAMED_OWNER, ReviewRating, ReviewRequest, owner_label

STATE_HINTS = {
    ReviewRequest.State.PENDING: "Waiting for them to accept",
    ReviewRequest.State.ACCEPTED: "Accepted: they are rating",
    ReviewRequest.State.SUBMITTED: "Submitted",
    ReviewRequest.State.EXPIRED: "Expired: the link was not used in time",
    ReviewRequest.State.REVOKED: "Revoked",
}


def find_review(token: str) -> ReviewRequest | None:
    """The request whose link holds `token` (by digest, confirmed in constant time), with
    its assessment, owner, rung and role; None for an unknown token. One query."""
    requests = ReviewRequest.objects.select_related(
        "assessment__owner__account_profile", "assessment__rung__role"
    )
    return find_by_token(requests, token)


def load_review_skills(review: ReviewRequest) -> tuple[tuple[ReviewSkill, ...], dict[str, Any]]:
    """The snapshot's skills in the owner's rating form's order, and the reviewer's stored values
    keyed as the form's fields are. Two queries.

    Only what a reviewer may see is read: never the owner's rating, note or required level.
    """
    rows = (
        review.assessment.snapshot.filter(skill__isnull=False)
        .in_rating_order()
        .values_list("skill_id", "skill_name", "category_name", "importance", "evidence")
    )
    skills = tuple(ReviewSkill(*row) for row in rows)
    initial: dict[str, Any] = {}
    for skill_id, level, comment in review.ratings.values_list(
        "requirement__skill_id", "level", "comment"
    ):
        initial[level_key(skill_id)] = level
        initial[comment_key(skill_id)] = comment
    return skills, initial


@dataclass(frozen=True)
class RequestRow:
    """One of the owner's requests, as their list shows it."""

    pk: int
    email: str
    reviewer_name: str
    state: str
    state_label: str
    created_at: datetime.datetime
    expires_at: datetime.datetime
    submitted_at: datetime.datetime | None
    is_hidden: bool

    @property
    def can_revoke(self) -> bool:
        return self.state in (ReviewRequest.State.PENDING, ReviewRequest.State.ACCEPTED)

    @property
    def can_hide(self) -> bool:
        return self.state == ReviewRequest.State.SUBMITTED and not self.is_hidden


def owner_requests(assessment: Assessment, now: datetime.datetime) -> tuple[RequestRow, ...]:
    """The assessment's review requests, newest first, with their state at `now`. One query."""
    return tuple(
        RequestRow(
            pk=review.pk,
            email=review.email,
            reviewer_name=review.reviewer_name,
            state=review.state_at(now),
            state_label=STATE_HINTS[review.state_at(now)],
            created_at=review.created_at,
            expires_at=review.expires_at,
            submitted_at=review.submitted_at,
            is_hidden=review.is_hidden,
        )
        for review in ReviewRequest.objects.for_assessment(assessment)
    )


@dataclass(frozen=True)
class ReviewerRow:
    """A review the person was asked for and accepted, as their dashboard lists it."""

    owner_name: str  # the owner's display name, or reviews.models.UNNAMED_OWNER
    rung_title: str
    role_name: str
    accepted_at: datetime.datetime
    submitted_at: datetime.datetime | None
    url: str


@dataclass(frozen=True)
class ReviewsGiven:
    open: tuple[ReviewerRow, ...]  # accepted, not yet submitted; most recent first
    finished: tuple[ReviewerRow, ...]  # submitted; most recent first

    @property
    def is_empty(self) -> bool:
        return not self.open and not self.finished


# Built once, as assessments.views.REPORT_INPUTS is: the dashboard asks for it on every
# request, and resolving its four joins each time was over a third of its cost. Each call
# filters a copy, so this queryset itself is never evaluated.
_GIVEN = (
    ReviewRequest.objects.filter(revoked_at__isnull=True)
    .annotate(owner_name=name_of("assessment__owner"))
    .order_by("-accepted_at", "-pk")
    .values_list(
        "pk",
        "owner_name",
        "assessment__rung__title",
        "assessment__rung__role__name",
        "accepted_at",
        "submitted_at",
    )
)


NO_REVIEWS_GIVEN = ReviewsGiven(open=(), finished=())


def any_given() -> str:
    """SQL for whether the person (its one parameter) has a review `reviews_given` would
    list: for the dashboard's summary statement, which skips the loader for the many who
    review nobody (assessments.sections, `dashboard_any`)."""
    table = ReviewRequest._meta.db_table
    return f"EXISTS (SELECT 1 FROM {table} WHERE reviewer_id = %s AND revoked_at IS NULL)"


def reviews_given(reviewer) -> ReviewsGiven:
    """The reviews `reviewer` accepted, open and finished. One query.

    Rows link to the review by its id (`reviews:given`), which only the reviewer can open:
    the token itself is never stored, so it cannot be linked to again.
    """
    built = [
        ReviewerRow(
            owner_label(name), rung, role, accepted, submitted, reverse("reviews:given", args=[pk])
        )
        for pk, name, rung, role, accepted, submitted in _GIVEN.for_reviewer(reviewer)
    ]
    return ReviewsGiven(
        open=tuple(row for row in built if row.submitted_at is None),
        finished=tuple(row for row in built if row.submitted_at is not None),
    )


@dataclass(frozen=True)
class ReviewPanel:
    """The owner's controls under a submitted report: the ask form and their requests."""

    form: RequestReviewForm
    requests: tuple[RequestRow, ...]
    owner_named: bool  # without a display name, reviewers see them as `unnamed_owner`
    unnamed_owner: ClassVar[str] = UNNAMED_OWNER


def review_panel(
    assessment: Assessment, form: RequestReviewForm | None = None
) -> ReviewPanel | None:
    """The panel for `assessment`'s report page, or None for a draft. One query, none when
    the row counts no request."""
    if not assessment.is_submitted:
        return None
    requests = owner_requests(assessment, timezone.now()) if assessment.review_request_count else ()
    named = bool(getattr(assessment, "owner_name", "").strip())
    return ReviewPanel(form=form or RequestReviewForm(), requests=requests, owner_named=named)


def personal_review_data(user) -> dict[str, list[dict[str, Any]]]:
    """The reviews `user` asked for and those they gave, for their data download.

    Four queries: each side's requests, and each side's ratings (prefetched).
    """
    ratings = Prefetch(
        "ratings",
        queryset=ReviewRating.objects.select_related("requirement").order_by(
            "requirement__skill_name"
        ),
    )
    received = (
        ReviewRequest.objects.filter(assessment__owner=user)
        .select_related("assessment")
        .prefetch_related(ratings)
        .order_by("created_at", "pk")
    )
    given = (
        ReviewRequest.objects.for_reviewer(user)
        .select_related("assessment__rung")
        .prefetch_related(ratings)
        .order_by("accepted_at", "pk")
    )
    now = timezone.now()
    return {
        "reviews_received": [
            {
                "assessment": str(review.assessment.public_id),
                "email": review.email,
                "message": review.message,
                "state": review.state_at(now).value,
                "created_at": _iso(review.created_at),
                "reviewer_name": review.reviewer_name,
                "submitted_at": _iso(review.submitted_at),
                "hidden_at": _iso(review.hidden_at),
                "ratings": _ratings_data(review) if review.submitted_at else [],
            }
            for review in received
        ],
        "reviews_given": [
            {
                "rung": review.assessment.rung.title,
                "reviewer_name": review.reviewer_name,
                "accepted_at": _iso(review.accepted_at),
                "submitted_at": _iso(review.submitted_at),
                "ratings": _ratings_data(review),
            }
            for review in given
        ],
    }


def _iso(moment: datetime.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _ratings_data(review: ReviewRequest) -> list[dict[str, Any]]:
    return [
        {"skill": rating.requirement.skill_name, "level": rating.level, "comment": rating.comment}
        for rating in review.ratings.all()
    ]
