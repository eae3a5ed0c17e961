"""A submitted assessment to review, a reviewer, and links to follow."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.urls import reverse

from accounts.tokens import new_token
from assessments import services
from assessments.models import Assessment
from reviews import services as review_services
from reviews.models import ReviewRequest
from tests.factories import (
    AccountProfileFactory,
    RequirementFactory,
    ReviewRequestFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
    SkillLevelFactory,
)

OWNER_NOTE = "Owner's private note"
SELF_LEVEL = 2


@pytest.fixture
def rung(db):
    """Two skills of importance 4 (step 1, "Skills that can block") and two of importance 2
    in one category (step 2), all required at level 3."""
    rung = RungFactory()
    category = SkillCategoryFactory(name="Programming")
    for importance in (4, 4, 2, 2):
        RequirementFactory(
            rung=rung, skill=SkillFactory(category=category), level=3, importance=importance
        )
    return rung


@pytest.fixture
def submitted(user, rung) -> Assessment:
    """Alice's submitted assessment: every skill rated 2, with a note and an evidence link."""
    assessment = Assessment.objects.create(owner=user, rung=rung)
    skill_ids = rung.requirements.values_list("skill_id", flat=True)
    services.submit_assessment(
        assessment=assessment,
        ratings={
            skill_id: (SELF_LEVEL, OWNER_NOTE, f"https://example.org/proof-{skill_id}")
            for skill_id in skill_ids
        },
    )
    return Assessment.objects.with_rung().get(pk=assessment.pk)


@pytest.fixture
def skill_ids(submitted) -> list[int]:
    """The snapshot's skill ids, blocking-step skills first, as the review's steps order them."""
    rows = submitted.snapshot.order_by("-importance", "skill_name")
    return list(rows.values_list("skill_id", flat=True))


@pytest.fixture
def described(skill_ids):
    return SkillLevelFactory(skill_id=skill_ids[0], level=4, description="Designs whole systems")


@pytest.fixture
def reviewer(db):
    return AccountProfileFactory(user__email="carol@example.org", name="Carol Jones").user


@pytest.fixture
def people(user, reviewer, other_user, editor, staff_user) -> dict:
    """The accounts of the access matrices' visitors, by visitor name."""
    return {
        "owner": user,
        "reviewer": reviewer,
        "other": other_user,
        "editor": editor,
        "superuser": staff_user,
    }


@pytest.fixture
def make_request(submitted) -> Callable[..., tuple[ReviewRequest, str]]:
    """A pending request on `submitted` (or the given assessment), and its token."""

    def make(assessment: Assessment | None = None, **fields) -> tuple[ReviewRequest, str]:
        token, digest = new_token()
        review = ReviewRequestFactory(
            assessment=assessment or submitted, token_digest=digest, **fields
        )
        return review, token

    return make


@pytest.fixture
def pending(make_request) -> tuple[ReviewRequest, str]:
    return make_request()


@pytest.fixture
def accepted(pending, reviewer) -> tuple[ReviewRequest, str]:
    review, token = pending
    review_services.accept_review(review=review, reviewer=reviewer, name="Carol J.")
    return review, token


def review_url(token: str) -> str:
    return reverse("reviews:review", args=[token])


def report_url(assessment: Assessment) -> str:
    return reverse("assessments:report", args=[assessment.public_id])


def submit_review(review: ReviewRequest, levels: dict[int, int], comment: str = "") -> None:
    """Submit `review` with `levels` (skill id -> level) through the service."""
    review_services.submit_review(
        review=review, ratings={skill: (level, comment) for skill, level in levels.items()}
    )
