"""The rating form's read side: a draft's steps, the step shown, the review and the range.

Loads what a step needs in a fixed number of queries whatever the rung's size (the stored
ratings; the requirements and the level descriptions come from the shared cache, kept per
framework version), then works on plain data: steps from `steps.plan_steps`, the range
from `scoring.readiness_range`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from assessments import scoring
from assessments.forms import (
    RatingForm,
    RequiredSkill,
    evidence_key,
    level_key,
    load_rating_inputs,
    note_key,
    rung_requirements,
)
from assessments.models import Assessment
from assessments.steps import (
    RETURN_PARAM,
    RETURN_TO_REVIEW,
    REVIEW_STEP_NAME,
    FormSteps,
    Step,
    StepPosition,
    StepSkill,
    is_returning,
    plan_steps,
    skills_of,
    step_to_open,
)
from careers.cache import get_or_set_current
from careers.models import SkillLevel
from careers.proficiency import SCALE

UNRATED_LABEL = "Not rated yet"
RANGE_OPEN = "Not settled yet: it depends on the skills still unrated."
RANGE_READY = "Ready for this rung whatever the rest."
RANGE_BLOCKED = "Not ready for this rung whatever the rest: {skills} {verb} blocking."
RANGE_TOO_LOW = "Not ready for this rung whatever the rest: readiness can reach {high}% at most."
# The verdict names this many blocking skills at most, then "and 11 more": the box beside
# the form is no place for a wall of sixteen names (static/js/rating.js keeps the same).
MAX_BLOCKING_NAMES = 5


@dataclass(frozen=True)
class StepLink:
    number: int
    name: str
    rated: int
    total: int
    url: str
    is_current: bool

    @property
    def progress(self) -> str:
        """'rated 3 of 12', as text (an int rendered by the template is localized, slowly)."""
        return f"rated {self.rated} of {self.total}"

    @property
    def from_review_url(self) -> str:
        """The step opened from the review: saving it goes back there."""
        return f"{self.url}&{RETURN_PARAM}={RETURN_TO_REVIEW}"


@dataclass(frozen=True)
class ReviewRow:
    skill_name: str
    level_label: str  # "3 Proficient", or UNRATED_LABEL
    is_rated: bool
    note: str
    evidence: str


@dataclass(frozen=True)
class ReviewGroup:
    step: StepLink
    rows: tuple[ReviewRow, ...]


@dataclass(frozen=True)
class RangeView:
    """The readiness range as the page shows it, rounded and worded."""

    rated: int
    total: int
    low_pct: int
    high_pct: int
    settled: str | None
    verdict: str

    @property
    def is_exact(self) -> bool:
        return self.low_pct == self.high_pct


@dataclass(frozen=True)
class RatingPage(StepPosition):
    number: int  # the step shown, from 1; the review is the last
    name: str
    steps: tuple[StepLink, ...]  # the rating steps, then the review
    items: tuple  # the shown step's RatingItems; empty on the review
    review: tuple[ReviewGroup, ...]  # filled on the review only
    range: RangeView
    range_data: dict[str, Any]  # what static/js/rating.js recomputes the range from
    rated: int
    total: int
    returning: bool = False  # opened from the review: "Save and continue" goes back to it
    can_block: bool = False  # the step shows skills that can block (step 1, or its parts)

    is_review = StepPosition.is_last


@dataclass(frozen=True)
class RatingSteps(FormSteps):
    """A draft's rating form and its steps; `number` is the step the request is about."""

    form: RatingForm

    review_number = FormSteps.last_number
    on_review = FormSteps.on_last


def load_rating_steps(
    assessment: Assessment,
    data: Mapping[str, Any] | None = None,
    step: object = None,
    returning: object = None,
) -> RatingSteps:
    """The draft's form, bound to `data` if given, with fields for step `step`'s skills.

    `step` is the requested step number as the client sent it; anything that is not a
    step (missing, junk, out of range) opens the first step with an unrated skill, or
    step 1 when every skill is rated. `returning` is the client's `return` parameter:
    "review" when the step was opened from the review. Two queries: the requirements and
    the ratings.
    """
    requirements, initial = load_rating_inputs(assessment)
    steps = plan_steps(StepSkill(r.skill_id, r.category, r.importance) for r in requirements)
    number = step_to_open(steps, step, lambda skill: initial.get(level_key(skill)) is None)
    shown = skills_of(steps, number)
    form = RatingForm(requirements, data=data, initial=initial, shown=shown)
    return RatingSteps(form=form, steps=steps, number=number, returning=is_returning(returning))


def build_rating_page(assessment: Assessment, rating_steps: RatingSteps) -> RatingPage:
    """Everything the step (or review) template shows. No query: the level descriptions
    come from the cache (`rung_level_descriptions`)."""
    form, steps, number = rating_steps.form, rating_steps.steps, rating_steps.number
    levels = form.levels()
    base_url = reverse("assessments:rate", args=[assessment.public_id])
    links = step_links(steps, levels, number, base_url)
    shown = rating_steps.skills_of(number)
    review = number == rating_steps.review_number
    return RatingPage(
        number=number,
        name=links[number - 1].name,
        steps=links,
        items=() if review else form.items(shown, rung_level_descriptions(assessment.rung_id)),
        review=_review(form, links, steps, levels) if review else (),
        range=range_view(form.requirements, levels),
        range_data=_range_data(form.requirements, levels, shown),
        rated=sum(1 for level in levels.values() if level is not None),
        total=len(levels),
        returning=rating_steps.returning and not review,
        can_block=rating_steps.can_block,
    )


def range_view(
    requirements: Sequence[RequiredSkill], levels: Mapping[int, int | None]
) -> RangeView:
    """The range from `levels` (skill id -> level or None), worded as the page shows it."""
    bounds = scoring.readiness_range(_scoring_requirements(requirements), levels)
    names = {r.skill_id: r.name for r in requirements}
    return RangeView(
        rated=bounds.rated,
        total=bounds.total,
        low_pct=bounds.low_pct,
        high_pct=bounds.high_pct,
        settled=bounds.settled,
        verdict=_verdict(bounds, names),
    )


def range_json(assessment: Assessment) -> dict[str, Any]:
    """DESIGN.md §9's range.json: rated, total, low, high and settled for the draft."""
    if assessment.is_submitted:
        rows = list(assessment.snapshot.all())
        requirements = [scoring.Requirement(r.pk, r.required_level, r.importance) for r in rows]
        ratings = {r.pk: r.rated_level for r in rows}
    else:
        loaded, initial = load_rating_inputs(assessment)
        requirements = _scoring_requirements(loaded)
        ratings = {r.skill_id: initial.get(level_key(r.skill_id)) for r in loaded}
    bounds = scoring.readiness_range(requirements, ratings)
    return {
        "rated": bounds.rated,
        "total": bounds.total,
        "low": bounds.low,
        "high": bounds.high,
        "settled": bounds.settled,
    }


def step_links(
    steps: Sequence[Step], levels: Mapping[int, int | None], current: int, base_url: str
) -> tuple[StepLink, ...]:
    """The links of the step list: one per step, then the review; `base_url` is the page's
    own path, which each link adds `?step=<n>` to."""
    links = [
        StepLink(
            number=step.number,
            name=step.name,
            rated=sum(1 for skill in step.skills if levels[skill] is not None),
            total=len(step.skills),
            url=f"{base_url}?step={step.number}",
            is_current=step.number == current,
        )
        for step in steps
    ]
    review = len(steps) + 1
    rated = sum(1 for level in levels.values() if level is not None)
    links.append(
        StepLink(
            review,
            REVIEW_STEP_NAME,
            rated,
            len(levels),
            f"{base_url}?step={review}",
            review == current,
        )
    )
    return tuple(links)


# Built once, filtered per step. No ordering: the rows land in a dict, and the model's
# default ordering (by skill name) would cost a join.
_LEVEL_DESCRIPTIONS = SkillLevel.objects.order_by().values_list("skill_id", "level", "description")


def level_descriptions(skill_ids: Sequence[int]) -> dict[tuple[int, int], str]:
    """(skill id, level) -> the skill's own description of the level, for the rating and
    the second-opinion forms. One query, or none without skills."""
    if not skill_ids:
        return {}
    rows = _LEVEL_DESCRIPTIONS.filter(skill_id__in=skill_ids)
    return {(skill_id, level): description for skill_id, level, description in rows}


def rung_level_descriptions(rung_id: int) -> Mapping[tuple[int, int], str]:
    """(skill id, level) -> the skill's own description of the level, for every skill the
    rung requires. Kept in the shared cache per framework version, so a step rendered anew
    runs no query for them: one cache read (of plain text, the quickest to read back)."""

    def load() -> dict[tuple[int, int], str]:
        return level_descriptions([r.skill_id for r in rung_requirements(rung_id)])

    return get_or_set_current(f"rating-level-descriptions:{rung_id}", load)


def _review(
    form: RatingForm,
    links: Sequence[StepLink],
    steps: Sequence[Step],
    levels: Mapping[int, int | None],
) -> tuple[ReviewGroup, ...]:
    by_skill = {r.skill_id: r for r in form.requirements}
    return tuple(
        ReviewGroup(
            step=links[step.number - 1],
            rows=tuple(_review_row(form, by_skill[skill], levels[skill]) for skill in step.skills),
        )
        for step in steps
    )


def _review_row(form: RatingForm, requirement: RequiredSkill, level: int | None) -> ReviewRow:
    skill_id = requirement.skill_id
    return ReviewRow(
        skill_name=requirement.name,
        level_label=UNRATED_LABEL if level is None else SCALE[level].label,
        is_rated=level is not None,
        note=form.initial.get(note_key(skill_id)) or "",
        evidence=form.initial.get(evidence_key(skill_id)) or "",
    )


def _scoring_requirements(requirements: Sequence[RequiredSkill]) -> list[scoring.Requirement]:
    return [scoring.Requirement(r.skill_id, r.level, r.importance) for r in requirements]


def _verdict(bounds: scoring.ReadinessRange, names: Mapping[int, str]) -> str:
    if bounds.settled == scoring.READY:
        return RANGE_READY
    if bounds.settled is None:
        return RANGE_OPEN
    if bounds.blocking:
        skills = [names[skill] for skill in bounds.blocking]
        verb = "is" if len(skills) == 1 else "are"
        return RANGE_BLOCKED.format(skills=_some_names(skills), verb=verb)
    return RANGE_TOO_LOW.format(high=bounds.high_pct)


def _some_names(names: Sequence[str]) -> str:
    """The names as a list, up to MAX_BLOCKING_NAMES of them, then "A, B, C, D, E and 3 more"."""
    if len(names) > MAX_BLOCKING_NAMES:
        shown = ", ".join(names[:MAX_BLOCKING_NAMES])
        return f"{shown} and {len(names) - MAX_BLOCKING_NAMES} more"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _range_data(
    requirements: Sequence[RequiredSkill], levels: Mapping[int, int | None], shown: Sequence[int]
) -> dict[str, Any]:
    """The rung's requirements and the ratings of the skills not on this step, so the
    script can recompute the range as radios change. Keys are skill ids as strings."""
    on_step = set(shown)
    return {
        "requirements": [[str(r.skill_id), r.level, r.importance, r.name] for r in requirements],
        "ratings": {
            str(skill): level
            for skill, level in levels.items()
            if skill not in on_step and level is not None
        },
    }
