"""The second opinions section of the report (DESIGN.md §10): self vs reviewers per skill,
disagreements flagged, and readiness, verdict and blocking gaps on the reviewed ratings.
`load_reviews()` is its one query; the rest computes on plain data. It reaches the report
through the registry (reviews/sections.py).

The reviewed rating of a skill is the median of its reviewers' ratings where it has any, the
self-rating elsewhere. With an even number of reviewers the median is the lower of the two
middle ratings (`statistics.median_low`): a rating is a whole level, and a split opinion
should not raise readiness.
"""

from __future__ import annotations

import datetime
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessments import scoring
from assessments.models import Assessment
from assessments.report.gaps import NOT_READY_VERDICT, READY_VERDICT
from assessments.report.inputs import Row
from careers.proficiency import level_label
from reviews.models import ReviewRating

# Reviewer and self this many levels apart (or more) is a disagreement worth a conversation.
DISAGREEMENT = 2
SELF_HEADING = "Self-assessed"
REVIEWED_HEADING = "With the reviewers' ratings"


@dataclass(frozen=True)
class Review:
    """A submitted review the owner has not hidden: what one reviewer rated, by snapshot slug."""

    reviewer: str  # the display name the reviewer chose; never an e-mail address
    submitted_at: datetime.datetime
    ratings: dict[str, tuple[int, str]]  # snapshot slug -> (level, comment); rated skills only


def load_reviews(assessment: Assessment, *, frozen: bool = False) -> tuple[Review, ...]:
    """The submitted reviews the owner has not hidden, oldest first, with their rated skills.
    One query (none for a draft, which has no reviews)."""
    if not assessment.is_submitted:
        return ()
    rows = (
        ReviewRating.objects.filter(
            review__assessment_id=assessment.pk,
            review__submitted_at__isnull=False,
            review__hidden_at__isnull=True,
            level__isnull=False,
        )
        .order_by("review__submitted_at", "review_id")
        .values_list(
            "review_id",
            "review__reviewer_name",
            "review__submitted_at",
            "requirement__skill_slug",
            "level",
            "comment",
        )
    )
    reviews: dict[int, Review] = {}
    for review_id, reviewer, submitted_at, slug, level, comment in rows:
        review = reviews.setdefault(review_id, Review(reviewer, submitted_at, {}))
        review.ratings[slug] = (level, comment)
    return tuple(reviews.values())


@dataclass(frozen=True)
class Opinion:
    """One reviewer's rating of one skill."""

    reviewer: str
    level: int
    label: str  # "3 Proficient"
    comment: str
    delta: int  # reviewer minus self
    disagrees: bool  # at least DISAGREEMENT levels from the self-rating

    @property
    def direction(self) -> str:
        """'up' (the reviewer rates higher), 'down' or 'same'."""
        return "up" if self.delta > 0 else "down" if self.delta < 0 else "same"

    @property
    def delta_label(self) -> str:
        """'+2', '\u22121' (a true minus sign) or '' when the reviewer agrees."""
        return f"+{self.delta}" if self.delta > 0 else f"\u2212{-self.delta}" if self.delta else ""

    @property
    def delta_words(self) -> str:
        """What the label says, for screen readers: '2 levels above the self-rating'."""
        if not self.delta:
            return "the same as the self-rating"
        levels = abs(self.delta)
        side = "above" if self.delta > 0 else "below"
        return f"{levels} level{'' if levels == 1 else 's'} {side} the self-rating"


@dataclass(frozen=True)
class SkillOpinions:
    """A reviewed skill: the self-rating, each reviewer's opinion and their median."""

    skill: str
    category: str
    self_level: int
    self_label: str
    opinions: tuple[Opinion | None, ...]  # one per review, in review order; None: not rated
    median: int
    median_label: str
    flagged: bool  # some reviewer disagrees with the self-rating


@dataclass(frozen=True)
class Outcome:
    """Readiness, the verdict and the blocking gaps, on one set of ratings."""

    readiness: float
    readiness_pct: int
    ready: bool
    verdict: str
    blocking: tuple[str, ...]  # skill names, priority order


@dataclass(frozen=True)
class ReviewItem:
    skill: str
    self_level: int
    reviewer_level: int
    delta: int


@dataclass(frozen=True)
class ReviewScore:
    """One review on its own: the owner's ratings with this reviewer's where given."""

    reviewer: str
    submitted_at: datetime.datetime
    readiness: float
    ready: bool
    items: tuple[ReviewItem, ...]  # the skills the reviewer rated, in the report's order


@dataclass(frozen=True)
class SecondOpinions:
    reviewers: tuple[str, ...]  # display names, in review order
    reviews: tuple[ReviewScore, ...]
    skills: tuple[SkillOpinions, ...]  # flagged first, then the report's priority order
    flagged_count: int
    unreviewed_count: int  # skills no reviewer rated: their self-rating stands
    self_assessed: Outcome
    reviewed: Outcome

    @property
    def has_reviews(self) -> bool:
        return bool(self.reviews)

    @property
    def shows_median(self) -> bool:
        """A median column says something only beside two reviewers or more."""
        return len(self.reviews) > 1

    @property
    def outcomes(self) -> tuple[tuple[Outcome, str], ...]:
        """The two outcomes side by side, with their headings."""
        return ((self.self_assessed, SELF_HEADING), (self.reviewed, REVIEWED_HEADING))


def build_second_opinions(
    rows: Sequence[Row], scored: scoring.GapReport, reviews: Sequence[Review], *, rung_title: str
) -> SecondOpinions:
    """Compare the self-ratings of `rows` (scored as `scored`) with `reviews`.

    Rows are keyed by snapshot slug, as the reviews' ratings are. Skills appear in
    `skills` only if some reviewer rated them.
    """
    requirements = [scoring.Requirement(r.skill_slug, r.required, r.importance) for r in rows]
    self_levels = {row.skill_slug: row.rated or 0 for row in rows}
    names = {row.skill_slug: row.skill for row in rows}
    reviewed_levels = _reviewed_levels(self_levels, reviews)
    skills = _skills(rows, scored, reviews, self_levels)
    return SecondOpinions(
        reviewers=tuple(review.reviewer for review in reviews),
        reviews=tuple(
            _review_score(review, requirements, self_levels, names, scored) for review in reviews
        ),
        skills=skills,
        flagged_count=sum(1 for skill in skills if skill.flagged),
        unreviewed_count=len(rows) - len(skills),
        self_assessed=_outcome(scored, names, rung_title),
        reviewed=_outcome(scoring.score(requirements, reviewed_levels), names, rung_title),
    )


def _reviewed_levels(self_levels: Mapping[str, int], reviews: Sequence[Review]) -> dict[str, int]:
    reviewed = dict(self_levels)
    for slug in self_levels:
        levels = [review.ratings[slug][0] for review in reviews if slug in review.ratings]
        if levels:
            reviewed[slug] = statistics.median_low(levels)
    return reviewed


def _skills(
    rows: Sequence[Row],
    scored: scoring.GapReport,
    reviews: Sequence[Review],
    self_levels: Mapping[str, int],
) -> tuple[SkillOpinions, ...]:
    by_slug = {row.skill_slug: row for row in rows}
    skills = []
    for item in scored.items:  # priority order
        row, own = by_slug[item.skill], self_levels[item.skill]
        opinions = tuple(_opinion(review, item.skill, own) for review in reviews)
        levels = [opinion.level for opinion in opinions if opinion is not None]
        if not levels:
            continue
        median = statistics.median_low(levels)
        skills.append(
            SkillOpinions(
                skill=row.skill,
                category=row.category,
                self_level=own,
                self_label=level_label(own),
                opinions=opinions,
                median=median,
                median_label=level_label(median),
                flagged=any(opinion.disagrees for opinion in opinions if opinion is not None),
            )
        )
    # A stable sort keeps the priority order within the flagged and the rest.
    return tuple(sorted(skills, key=lambda skill: not skill.flagged))


def _opinion(review: Review, slug: str, own: int) -> Opinion | None:
    if slug not in review.ratings:
        return None
    level, comment = review.ratings[slug]
    return Opinion(
        reviewer=review.reviewer,
        level=level,
        label=level_label(level),
        comment=comment,
        delta=level - own,
        disagrees=abs(level - own) >= DISAGREEMENT,
    )


def _review_score(
    review: Review,
    requirements: Sequence[scoring.Requirement],
    self_levels: Mapping[str, int],
    names: Mapping[str, str],
    scored: scoring.GapReport,
) -> ReviewScore:
    levels = {**self_levels, **{slug: level for slug, (level, _) in review.ratings.items()}}
    result = scoring.score(requirements, levels)
    return ReviewScore(
        reviewer=review.reviewer,
        submitted_at=review.submitted_at,
        readiness=result.readiness,
        ready=result.ready,
        items=tuple(
            ReviewItem(
                skill=names[item.skill],
                self_level=self_levels[item.skill],
                reviewer_level=review.ratings[item.skill][0],
                delta=review.ratings[item.skill][0] - self_levels[item.skill],
            )
            for item in scored.items
            if item.skill in review.ratings
        ),
    )


def _outcome(result: scoring.GapReport, names: Mapping[str, str], rung_title: str) -> Outcome:
    return Outcome(
        readiness=result.readiness,
        readiness_pct=result.readiness_pct,
        ready=result.ready,
        verdict=READY_VERDICT.format(rung=rung_title) if result.ready else NOT_READY_VERDICT,
        blocking=tuple(names[item.skill] for item in result.blocking),
    )
