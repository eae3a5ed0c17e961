"""The few writes that touch more than one row: start, save, submit and retake an assessment.

Every function is keyword-only and atomic. Error messages are module constants so that
views and tests share one wording.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import IntegrityError, transaction
from django.db.models import Expression, QuerySet
from django.utils import timezone

from assessments import scoring
from assessments.forms import RequiredSkill, rung_requirements
from assessments.models import (
    EVIDENCE_MAX_LENGTH,
    MAX_HOURS_PER_WEEK,
    MIN_HOURS_PER_WEEK,
    NEXT_REPORT_STAMP,
    NOTE_MAX_LENGTH,
    ROW_COUNTS,
    Assessment,
    Profile,
    Rating,
    SubmittedRequirement,
    is_evidence_link,
)
from careers.models import Requirement, Rung

# skill id -> (level 0-5 or None for "not rated yet", note[, evidence link]). A pair
# without the evidence link stores none.
RatingInput = Mapping[int, tuple[int | None, str] | tuple[int | None, str, str]]

SUBMITTED_ERROR = (
    "This assessment has been submitted, so its ratings can no longer change. "
    "Retake it to start a new draft from these ratings."
)
UNRATED_ERROR = (
    "Your ratings are saved as a draft, but the assessment was not submitted: "
    "rate every skill first. Still unrated: {skills}."
)
UNKNOWN_SKILL_ERROR = "Skill {skill_id} is not required by this rung."
NOTE_ERROR = "The note for skill {skill_id} is longer than {limit} characters."
EVIDENCE_ERROR = (
    "The evidence for skill {skill_id} is not an http(s) link of at most {limit} characters."
)
HOURS_PER_WEEK_ERROR = (
    f"Hours per week must be from {MIN_HOURS_PER_WEEK} to {MAX_HOURS_PER_WEEK}, not {{hours!r}}."
)


class AssessmentSubmittedError(Exception):
    """The assessment is submitted; its ratings are frozen."""

    def __init__(self) -> None:
        super().__init__(SUBMITTED_ERROR)


class UnratedSkillsError(Exception):
    """A submission was refused because some required skills have no rating yet."""

    def __init__(self, skills: dict[int, str]) -> None:
        self.skills = skills  # skill id -> skill name, in form order
        super().__init__(UNRATED_ERROR.format(skills=", ".join(skills.values())))


def get_or_create_profile(*, user) -> Profile:
    """Return the person's profile, creating it with the defaults on first use."""
    profile, _ = Profile.objects.get_or_create(user=user)
    return profile


@transaction.atomic
def set_hours_per_week(*, user, hours: int) -> Profile:
    """Store the hours a week the person can spend learning (1-80), creating the profile.

    Raises ValueError for hours outside 1-80 (the form says so first; the database refuses
    them too).
    """
    if not MIN_HOURS_PER_WEEK <= hours <= MAX_HOURS_PER_WEEK:
        raise ValueError(HOURS_PER_WEEK_ERROR.format(hours=hours))
    profile, _ = Profile.objects.update_or_create(user=user, defaults={"hours_per_week": hours})
    return profile


def renew_reports(*, assessments: QuerySet[Assessment], **counts: Expression) -> int:
    """Renew the report stamp of each of `assessments`, so their cached reports (page, JSON,
    CSV) are built afresh: for any write that changes what a report shows other than its
    draft's ratings and the framework. One UPDATE; returns how many reports it renewed.

    Call it inside the write's transaction, so no report can be cached from the old data
    under the new stamp. The apps above `assessments` call it for what they add to the
    report (assessments.sections): `Assessment.objects.for_owner(person)` for what all of a
    person's reports show, a narrower queryset for one rung or one assessment.

    `counts` sets counts kept on the row (models.ROW_COUNTS) in the same UPDATE, each as an
    expression evaluated row by row (reviews.models.report_counts()). Raises ValueError
    for any other name.
    """
    if unknown := sorted(set(counts) - set(ROW_COUNTS)):
        raise ValueError(f"Not a count kept on the assessment: {', '.join(unknown)}.")
    return assessments.update(report_stamp=NEXT_REPORT_STAMP, **counts)


@transaction.atomic
def start_assessment(*, owner, rung: Rung) -> Assessment:
    """Return the person's open draft for `rung`, creating it if there is none.

    Two concurrent starts end with one draft: the database allows a single open draft per
    (owner, rung), and the loser of the race fetches the winner's row.
    """
    assessment, _ = _get_or_create_draft(owner=owner, rung=rung)
    return assessment


def save_ratings(
    *,
    assessment: Assessment,
    ratings: RatingInput,
    requirements: Sequence[RequiredSkill] | None = None,
) -> None:
    """Store `ratings` (skill id -> (level or None, note)) on a draft, replacing earlier ones.

    `requirements` are the rung's, as `forms.rung_requirements` gives them, when the caller
    holds them already (the rating form does); otherwise they are read from the cache.

    Raises ValueError for a skill the rung does not require, a level outside 0-5 or an
    over-long note, before writing anything; then AssessmentSubmittedError for a submitted
    assessment (checked in the database, so a concurrent submit cannot slip between the
    check and the write).
    """
    # Checked against the rung's requirements in the cache, outside the write transaction:
    # its first statement must be the UPDATE, for on SQLite a transaction that reads first
    # cannot wait for the write lock (it fails as "database is locked" under load).
    if requirements is None:
        requirements = rung_requirements(assessment.rung_id)
    required = {r.skill_id for r in requirements}
    rows = [
        _rating_row(assessment, skill_id, value, required) for skill_id, value in ratings.items()
    ]
    _store_ratings(assessment, rows)


@transaction.atomic
def _store_ratings(assessment: Assessment, rows: list[Rating]) -> None:
    _lock_draft(assessment)
    Rating.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["assessment", "skill"],
        update_fields=["level", "note", "evidence"],
    )


def submit_assessment(*, assessment: Assessment, ratings: RatingInput | None = None) -> bool:
    """Save `ratings` (if given), then submit: snapshot the rung and freeze the readiness.

    Returns True when this call submitted the assessment and False when it was already
    submitted (a second or concurrent submit is a no-op: there is only ever one snapshot).

    Raises UnratedSkillsError, naming the skills, when a required skill has no rating. The
    ratings are saved in their own transaction first, so a refused submission keeps them.
    """
    if ratings is not None:
        try:
            save_ratings(assessment=assessment, ratings=ratings)
        except AssessmentSubmittedError:
            return False
    return _freeze_submission(assessment)


@transaction.atomic
def retake_assessment(*, assessment: Assessment) -> Assessment:
    """Start a new draft of the same rung, prefilled with this assessment's ratings.

    Only skills the rung still requires are prefilled, from the submission snapshot. If the
    person already has an open draft for the rung, that draft is returned untouched.
    """
    draft, created = _get_or_create_draft(owner=assessment.owner, rung=assessment.rung)
    if created:
        required = (
            Requirement.objects.current()
            .filter(rung_id=assessment.rung_id)
            .order_by()
            .values("skill_id")
        )
        Rating.objects.bulk_create(
            Rating(
                assessment=draft,
                skill_id=row.skill_id,
                level=row.rated_level,
                note=row.note,
                evidence=row.evidence,
            )
            for row in assessment.snapshot.filter(skill_id__in=required)
        )
    return draft


def _get_or_create_draft(*, owner, rung: Rung) -> tuple[Assessment, bool]:
    drafts = Assessment.objects.for_owner(owner).drafts().for_rung(rung)
    draft = drafts.first()
    if draft is not None:
        return draft, False
    try:
        # A savepoint, so the outer transaction stays usable if we lose the race.
        with transaction.atomic():
            return Assessment.objects.create(owner=owner, rung=rung), True
    except IntegrityError:
        return drafts.get(), False


def _lock_draft(assessment: Assessment) -> None:
    """Touch the draft's row, or raise if it is submitted.

    The conditional UPDATE both reads the status from the database and, on PostgreSQL,
    holds the row lock until commit, so it serialises with a concurrent submission.
    """
    now = timezone.now()
    touched = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.DRAFT).update(
        updated_at=now
    )
    if not touched:
        raise AssessmentSubmittedError
    assessment.updated_at = now


def _rating_row(assessment: Assessment, skill_id: int, value: tuple, required: set[int]) -> Rating:
    level, note, evidence = (*value, "")[:3]
    if skill_id not in required:
        raise ValueError(UNKNOWN_SKILL_ERROR.format(skill_id=skill_id))
    if level is not None:
        scoring.validate_rating(skill_id, level)
    if len(note) > NOTE_MAX_LENGTH:
        raise ValueError(NOTE_ERROR.format(skill_id=skill_id, limit=NOTE_MAX_LENGTH))
    if evidence and not is_evidence_link(evidence):
        raise ValueError(EVIDENCE_ERROR.format(skill_id=skill_id, limit=EVIDENCE_MAX_LENGTH))
    return Rating(
        assessment=assessment, skill_id=skill_id, level=level, note=note, evidence=evidence
    )


@transaction.atomic
def _freeze_submission(assessment: Assessment) -> bool:
    if assessment.is_submitted:
        return False
    # Lock the draft row before reading its ratings: a concurrent save then either lands
    # before they are read or is refused, and never changes them under the snapshot.
    try:
        _lock_draft(assessment)
    except AssessmentSubmittedError:
        return False
    requirements = list(
        Requirement.objects.current()
        .filter(rung_id=assessment.rung_id)
        .select_related("skill__category")
        .order_by("skill__category__order", "skill__category__name", "skill__name")
    )
    ratings = {r.skill_id: r for r in assessment.ratings.filter(level__isnull=False)}
    unrated = {r.skill_id: r.skill.name for r in requirements if r.skill_id not in ratings}
    if unrated:
        raise UnratedSkillsError(unrated)
    snapshot = [_snapshot_row(assessment, r, ratings[r.skill_id]) for r in requirements]
    report = scoring.score(
        [scoring.Requirement(s.skill_slug, s.required_level, s.importance) for s in snapshot],
        {s.skill_slug: s.rated_level for s in snapshot},
    )
    now = timezone.now()
    fields = {"submitted_at": now, "readiness": report.readiness, "ready": report.ready}
    # The real guard against a double submit: only one UPDATE can move the row out of draft.
    won = Assessment.objects.filter(pk=assessment.pk, status=Assessment.Status.DRAFT).update(
        status=Assessment.Status.SUBMITTED, updated_at=now, **fields
    )
    if not won:
        return False
    # In the rating form's order: SubmittedRequirement.objects.in_rating_order() relies on it.
    SubmittedRequirement.objects.bulk_create(snapshot)
    # Every report of the person shows their submissions: the next rungs and moves fall back
    # on the latest ratings, and the history lists them.
    renew_reports(assessments=Assessment.objects.for_owner(assessment.owner_id))
    for name, value in {"status": Assessment.Status.SUBMITTED, "updated_at": now, **fields}.items():
        setattr(assessment, name, value)
    return True


def _snapshot_row(
    assessment: Assessment, requirement: Requirement, rating: Rating
) -> SubmittedRequirement:
    skill = requirement.skill
    return SubmittedRequirement(
        assessment=assessment,
        skill=skill,
        skill_name=skill.name,
        skill_slug=skill.slug,
        category_name=skill.category.name,
        required_level=requirement.level,
        importance=requirement.importance,
        rated_level=rating.level,
        note=rating.note,
        evidence=rating.evidence,
    )
