"""Every input a report needs, loaded in a fixed number of queries: the one module here that
queries.

`load_inputs()` returns plain data; the section modules (gaps, plan, progression, history)
compute from it without touching the database. Of the live framework it reads only what the
report shows: the assessed rung's ladder, its next rungs, and the few rungs of other roles
that can rank among the moves, picked through the rung index (`rung_index`), so a report
costs the same on a framework of 25 rungs or of 3,000.

Keys: the report itself is scored on the snapshot's skill slugs. Everything compared with
the live framework (next rungs, moves, the ladder) is keyed by the skill's *current* slug,
found through its id, so a renamed skill still matches the person's earlier ratings.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q

from assessments import planning, scoring
from assessments.models import (
    DEFAULT_HOURS_PER_WEEK,
    Assessment,
    Profile,
    SubmittedRequirement,
)
from assessments.report.rung_index import rung_index
from careers.models import LearningStep, Requirement, Rung
from reviews.models import ReviewRating

LATERAL_MOVES = 5  # moves across roles a report shows


@dataclass(frozen=True)
class Row:
    """A requirement and its rating, read from the snapshot or from the live framework."""

    skill: str  # the skill's name
    skill_slug: str
    skill_id: int | None  # None once the skill was deleted from the framework
    category: str
    required: int
    importance: int
    rated: int | None  # None: not rated yet (a draft)
    note: str
    evidence: str = ""  # an http(s) link, or ""
    live_slug: str = ""  # the skill's current slug; "" once the skill was deleted

    @property
    def has_gap(self) -> bool:
        return (self.rated or 0) < self.required

    @property
    def live_key(self) -> str:
        """The key to compare this row with the live framework: the current slug if any."""
        return self.live_slug or self.skill_slug


@dataclass(frozen=True)
class Past:
    """One of the person's submitted assessments of the assessed rung."""

    pk: int
    public_id: uuid.UUID
    submitted_at: datetime.datetime
    readiness: float
    ready: bool


@dataclass(frozen=True)
class RungInfo:
    pk: int
    title: str
    slug: str
    order: int
    role_id: int
    role_name: str
    role_slug: str
    is_next: bool  # a next rung of the assessed rung


@dataclass(frozen=True)
class Framework:
    """The part of the live framework a report shows: the assessed rung's ladder (its role's
    rungs still offered, and the assessed rung itself), its next rungs still offered, and
    the candidates for moves across roles (`moves`), with their requirements on skills still
    asked for."""

    rungs: dict[int, RungInfo]  # ladder order: role order, role name, rung order
    requirements: dict[int, list[scoring.Requirement]]  # rung pk -> keyed by current slug
    name_by_slug: dict[str, str]
    moves: tuple[int, ...] = ()  # rungs of other roles that can rank among the moves


@dataclass(frozen=True)
class Review:
    """A submitted review the owner has not hidden: what one reviewer rated, by snapshot slug."""

    reviewer: str  # the display name the reviewer chose; never an e-mail address
    submitted_at: datetime.datetime
    ratings: dict[str, tuple[int, str]]  # snapshot slug -> (level, comment); rated skills only


@dataclass(frozen=True)
class Inputs:
    """What one report is computed from. The gaps-only inputs leave the rest empty."""

    rows: tuple[Row, ...]  # the snapshot's, or for a draft the live requirements and ratings
    hours_per_week: int
    steps: dict[str, list[planning.Step]]  # learning steps of the skills with a gap, by slug
    framework: Framework | None
    submissions: tuple[Past, ...]  # the person's submitted assessments of this rung, oldest first
    previous: Past | None  # the last of those before this one (before now, for a draft)
    previous_ratings: dict[str, int]  # the previous assessment's ratings, by snapshot slug
    latest_ratings: dict[int, int]  # skill id -> the latest rating submitted elsewhere
    reviews: tuple[Review, ...] = ()  # oldest first; a draft has none
    ratings: dict[str, int] = field(default_factory=dict)  # this one's, by current slug
    fallback: dict[str, int] = field(default_factory=dict)  # latest elsewhere, by current slug


def load_inputs(
    assessment: Assessment,
    *,
    hours_per_week: int | None = None,
    gaps_only: bool = False,
    frozen: bool = False,
) -> Inputs:
    """Load every input of `assessment`'s report, which must come with its rung and role.

    `frozen` reads the person's other submissions as they stood when this one was submitted,
    for a report shown to someone else: nothing submitted later appears in it.

    Queries, however many skills, rungs, roles or past assessments there are:

    1. the snapshot rows, with their skills' current slugs (a draft: 1. the rung's live
       requirements, 2. its ratings);
    2. the owner's hours per week, unless `hours_per_week` is given;
    3. the reviewers' ratings (submitted, not hidden reviews; a draft has none: no query);
    4. the learning steps of the skills with a gap (none when nothing has a gap);
    5. the person's submitted assessments of this rung;
    6. every rating they submitted elsewhere, with the skills' current slugs;
    7. the rungs of the ladder, the next rungs and the candidate moves, marking next rungs;
    8. those rungs' requirements, with their skills' slugs and names.

    So 8 for a submitted assessment, 8 for a draft, and the rung index's 2 once per framework
    version (`rung_index.rung_index()`; read from the shared cache otherwise). With
    `gaps_only`, only 1, 2 and 3 (the rows, the hours and the reviews): for the CSV export
    and the read-only rating page.
    """
    rows = tuple(_snapshot_rows(assessment) if assessment.is_submitted else _draft_rows(assessment))
    hours = hours_per_week or _hours_per_week(assessment.owner_id)
    reviews = _load_reviews(assessment)
    if gaps_only:
        return Inputs(rows, hours, {}, None, (), None, {}, {}, reviews)
    steps = _load_steps(rows)
    until = assessment.submitted_at if frozen and assessment.is_submitted else None
    submissions = _load_submissions(assessment, until)
    previous = _previous(assessment, submissions)
    latest, fallback, previous_ratings = _load_ratings_elsewhere(assessment, previous, until)
    rated = [row for row in rows if row.rated is not None]
    by_id = {row.skill_id: row.rated for row in rated if row.skill_id is not None}
    framework = _load_framework(assessment, by_id, latest)
    ratings = {row.live_key: row.rated for row in rated}
    return Inputs(
        rows,
        hours,
        steps,
        framework,
        submissions,
        previous,
        previous_ratings,
        latest,
        reviews,
        ratings,
        fallback,
    )


def _snapshot_rows(assessment: Assessment) -> list[Row]:
    return [
        Row(
            skill=s.skill_name,
            skill_slug=s.skill_slug,
            skill_id=s.skill_id,
            category=s.category_name,
            required=s.required_level,
            importance=s.importance,
            rated=s.rated_level,
            note=s.note,
            evidence=s.evidence,
            live_slug=s.live_slug or "",
        )
        for s in assessment.snapshot.annotate(live_slug=F("skill__slug"))
    ]


def _draft_rows(assessment: Assessment) -> list[Row]:
    requirements = (
        Requirement.objects.current()
        .filter(rung_id=assessment.rung_id)
        .select_related("skill__category")
        .order_by()
    )
    ratings = {r.skill_id: r for r in assessment.ratings.all()}
    rows = []
    for requirement in requirements:
        skill, rating = requirement.skill, ratings.get(requirement.skill_id)
        rows.append(
            Row(
                skill=skill.name,
                skill_slug=skill.slug,
                skill_id=skill.pk,
                category=skill.category.name,
                required=requirement.level,
                importance=requirement.importance,
                rated=rating.level if rating else None,
                note=rating.note if rating else "",
                evidence=rating.evidence if rating else "",
                live_slug=skill.slug,
            )
        )
    return rows


def _hours_per_week(owner_id: int) -> int:
    hours = Profile.objects.filter(user_id=owner_id).values_list("hours_per_week", flat=True)
    return hours.first() or DEFAULT_HOURS_PER_WEEK


def _load_steps(rows: Sequence[Row]) -> dict[str, list[planning.Step]]:
    """The learning steps of every skill with a gap, keyed by snapshot slug."""
    slug_by_id = {row.skill_id: row.skill_slug for row in rows if row.skill_id is not None}
    gap_slugs = {row.skill_slug for row in rows if row.has_gap}
    ids = [skill_id for skill_id, slug in slug_by_id.items() if slug in gap_slugs]
    steps: dict[str, list[planning.Step]] = defaultdict(list)
    for skill_id, title, kind, url, hours, target in (
        LearningStep.objects.filter(skill_id__in=ids)
        .order_by()
        .values_list("skill_id", "title", "kind", "url", "hours", "target_level")
    ):
        steps[slug_by_id[skill_id]].append(planning.Step(title, kind, hours, target, url))
    return dict(steps)


def _load_framework(
    assessment: Assessment, ratings: dict[int, int], latest: dict[int, int]
) -> Framework:
    """The rungs the report shows and their requirements on skills still asked for: the
    assessed rung's ladder and next rungs, and the candidate moves that the rung index picks
    on the person's ratings (by skill id, as the index keys skills: this assessment's, then
    their `latest` elsewhere). Archived rungs and skills are never suggested, but the
    assessed rung stays, archived or not, so its report keeps its ladder."""
    rung_id, role_id = assessment.rung_id, assessment.rung.role_id
    moves = planning.move_candidates(
        rung_index(), ratings, latest, exclude_group=role_id, limit=LATERAL_MOVES
    )
    next_edge = Rung.next_rungs.through.objects.filter(
        from_rung_id=rung_id, to_rung_id=OuterRef("pk")
    )
    shown = (
        Q(pk=rung_id)
        | Q(role_id=role_id, archived=False)
        | Q(is_next=True, archived=False)
        | Q(pk__in=moves)
    )
    rungs = {
        row[0]: RungInfo(*row)
        for row in Rung.objects.annotate(is_next=Exists(next_edge))
        .filter(shown)
        .order_by("role__order", "role__name", "order")
        .values_list(
            "pk", "title", "slug", "order", "role_id", "role__name", "role__slug", "is_next"
        )
    }
    requirements: dict[int, list[scoring.Requirement]] = defaultdict(list)
    names: dict[str, str] = {}
    for rung, slug, name, level, importance in (
        Requirement.objects.current()
        .filter(rung_id__in=list(rungs))
        .order_by()
        .values_list("rung_id", "skill__slug", "skill__name", "level", "importance")
    ):
        requirements[rung].append(scoring.Requirement(slug, level, importance))
        names[slug] = name
    return Framework(rungs, dict(requirements), names, moves=moves)


def _load_submissions(assessment: Assessment, until: datetime.datetime | None) -> tuple[Past, ...]:
    submissions = (
        Assessment.objects.for_owner(assessment.owner_id)
        .submitted()
        .filter(rung_id=assessment.rung_id)
    )
    if until is not None:
        submissions = submissions.filter(submitted_at__lte=until)
    return tuple(
        Past(*row)
        for row in submissions.order_by("submitted_at", "pk").values_list(
            "pk", "public_id", "submitted_at", "readiness", "ready"
        )
    )


def _previous(assessment: Assessment, submissions: Sequence[Past]) -> Past | None:
    """The last submission of the rung before this one (before now, for a draft)."""
    if assessment.is_submitted:
        earlier = [past for past in submissions if past.pk != assessment.pk]
        earlier = [past for past in earlier if past.submitted_at <= assessment.submitted_at]
    else:
        earlier = list(submissions)
    return earlier[-1] if earlier else None


def _load_ratings_elsewhere(
    assessment: Assessment, previous: Past | None, until: datetime.datetime | None
) -> tuple[dict[int, int], dict[str, int], dict[str, int]]:
    """(skill id -> the latest rating submitted elsewhere (up to `until`, if given), the
    same by the skill's current slug, the previous assessment's ratings by snapshot slug)."""
    latest: dict[int, int] = {}
    fallback: dict[str, int] = {}
    previous_ratings: dict[str, int] = {}
    rows = (
        SubmittedRequirement.objects.for_owner(assessment.owner_id)
        .filter(assessment__status=Assessment.Status.SUBMITTED)
        .exclude(assessment_id=assessment.pk)
    )
    if until is not None:
        rows = rows.filter(assessment__submitted_at__lte=until)
    rows = rows.order_by("assessment__submitted_at", "assessment_id").values_list(
        "assessment_id", "skill_id", "skill_slug", "skill__slug", "rated_level"
    )
    # Oldest first, so a later submission's rating of a skill overwrites an earlier one.
    for assessment_id, skill_id, slug, live_slug, rated in rows:
        if skill_id is not None:
            latest[skill_id] = rated
            fallback[live_slug] = rated
        if previous is not None and assessment_id == previous.pk:
            previous_ratings[slug] = rated
    return latest, fallback, previous_ratings


def _load_reviews(assessment: Assessment) -> tuple[Review, ...]:
    """The submitted reviews the owner has not hidden, oldest first, with their rated skills."""
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
