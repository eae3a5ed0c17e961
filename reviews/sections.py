"""What reviews adds to the report, the dashboard and a person's data, through the registry
of assessments (assessments.sections), filled in ReviewsConfig.ready()."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import models

from assessments import sections
from assessments.models import Assessment
from reviews import second_opinions
from reviews.models import ShareLink
from reviews.selectors import (
    NO_REVIEWS_GIVEN,
    any_given,
    personal_review_data,
    review_panel,
    reviews_given,
)
from reviews.share_panel import build_share_panel


def _build(context: sections.SectionContext) -> second_opinions.SecondOpinions:
    return second_opinions.build_second_opinions(
        context.rows, context.scored, context.loaded, rung_title=context.assessment.rung.title
    )


def _json(opinions: second_opinions.SecondOpinions) -> dict[str, Any]:
    """DESIGN.md §10's `reviews`: one entry per submitted review the owner has not hidden."""
    return {
        "reviews": [
            {
                "reviewer": review.reviewer,
                "submitted_at": review.submitted_at.isoformat(),
                "readiness": review.readiness,
                "ready": review.ready,
                "items": [
                    {
                        "skill": item.skill,
                        "self": item.self_level,
                        "reviewer": item.reviewer_level,
                        "delta": item.delta,
                    }
                    for item in review.items
                ],
            }
            for review in opinions.reviews
        ]
    }


def _csv_columns(opinions: second_opinions.SecondOpinions) -> list[str]:
    """With reviews, a rating and a comment column per review ("reviewer 1: Sam", "reviewer
    1 comment"), and a last column for the reviewed rating (the median where reviewed, else
    the self-rating) that the second opinions section scores."""
    if not opinions.reviewers:
        return []
    headings = [
        heading
        for number, name in enumerate(opinions.reviewers, start=1)
        for heading in (f"reviewer {number}: {name}", f"reviewer {number} comment")
    ]
    return [*headings, "reviewed"]


def _csv_cells(opinions: second_opinions.SecondOpinions, skill: str, rated: int) -> list[object]:
    """Each reviewer's rating and comment ("" where not rated), then the reviewed rating."""
    if not opinions.reviewers:
        return []
    reviewed = next((s for s in opinions.skills if s.skill == skill), None)
    if reviewed is None:
        return ["", ""] * len(opinions.reviewers) + [rated]
    cells: list[object] = []
    for opinion in reviewed.opinions:
        cells += [opinion.level, opinion.comment] if opinion else ["", ""]
    return [*cells, reviewed.median]


def _review_panel(request, assessment: Assessment, forms: Mapping[str, Any]):
    return review_panel(assessment, forms.get("review"))


def _share_panel(request, assessment: Assessment, forms: Mapping[str, Any]):
    return build_share_panel(request, assessment, forms.get("share"))


def _iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def _personal_data(user) -> dict[str, Any]:
    """The reviews asked for and given, and the share links of the person's assessments
    (never a token: only its digest is stored, and that opens nothing either)."""
    links = ShareLink.objects.filter(assessment__owner=user).order_by("created_at", "pk")
    return {
        **personal_review_data(user),
        "share_links": [
            {
                "assessment": str(link.assessment_public_id),
                "created_at": _iso(link.created_at),
                "expires_at": _iso(link.expires_at),
                "revoked_at": _iso(link.revoked_at),
                "views": link.view_count,
                "include_notes": link.include_notes,
            }
            for link in links.annotate(assessment_public_id=models.F("assessment__public_id"))
        ],
    }


def register() -> None:
    sections.register(
        sections.Section(
            name="second_opinions",
            load=second_opinions.load_reviews,
            build=_build,
            gaps_only=True,
            template="reviews/_second_opinions.html",
            slot=sections.AFTER_BLOCKING,
            json=_json,
            csv_columns=_csv_columns,
            csv_cells=_csv_cells,
            personal_data=_personal_data,
            personal_models=("reviews.ReviewRequest", "reviews.ReviewRating", "reviews.ShareLink"),
        )
    )
    sections.register(
        sections.Section(
            name="review_requests", panel=_review_panel, panel_template="reviews/_requests.html"
        )
    )
    sections.register(
        sections.Section(
            name="share_links", panel=_share_panel, panel_template="reviews/_share_links.html"
        )
    )
    sections.register(
        sections.Section(
            name="reviews_given",
            dashboard=reviews_given,
            dashboard_template="reviews/_dashboard_reviews.html",
            dashboard_slot=sections.DASHBOARD_TOP,
            dashboard_any=any_given,
            dashboard_empty=NO_REVIEWS_GIVEN,
        )
    )
