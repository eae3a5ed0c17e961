"""The reviewer's form, in the self-assessment's steps (DESIGN.md §9, §10).

Loads what a step needs in a fixed number of queries whatever the snapshot's size (the
snapshot's skills, the reviewer's stored ratings, the shown skills' level descriptions),
then works on plain data: steps from `assessments.steps.plan_steps`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assessments.rating_page import UNRATED_LABEL, StepLink, level_descriptions, step_links
from assessments.steps import (
    FormSteps,
    Step,
    StepPosition,
    StepSkill,
    is_returning,
    plan_steps,
    skills_of,
    step_to_open,
)
from careers.proficiency import SCALE
from reviews.forms import ReviewForm, comment_key, level_key
from reviews.models import ReviewRequest
from reviews.selectors import load_review_skills


@dataclass(frozen=True)
class SummaryRow:
    skill_name: str
    level_label: str  # "3 Proficient", or UNRATED_LABEL
    is_rated: bool
    comment: str


@dataclass(frozen=True)
class SummaryGroup:
    step: StepLink
    rows: tuple[SummaryRow, ...]


@dataclass(frozen=True)
class ReviewPage(StepPosition):
    number: int  # the step shown, from 1; the summary ("Review and submit") is the last
    name: str
    steps: tuple[StepLink, ...]
    items: tuple  # the shown step's ReviewItems; empty on the summary
    summary: tuple[SummaryGroup, ...]  # filled on the summary only
    rated: int
    total: int
    returning: bool = False  # opened from the summary: "Save and continue" goes back to it
    can_block: bool = False  # the step shows skills that can block (step 1, or its parts)

    is_summary = StepPosition.is_last


@dataclass(frozen=True)
class ReviewSteps(FormSteps):
    """A review's form and its steps; `number` is the step the request is about."""

    form: ReviewForm

    summary_number = FormSteps.last_number
    on_summary = FormSteps.on_last


def load_review_steps(
    review: ReviewRequest,
    data: Mapping[str, Any] | None = None,
    step: object = None,
    returning: object = None,
) -> ReviewSteps:
    """The review's form, bound to `data` if given, with fields for step `step`'s skills.

    Anything that is not a step number opens the first step with an unrated skill (step 1
    when all are rated). `returning` is the client's `return` parameter, "review" for a
    step opened from the summary. Two queries: the snapshot's skills and the stored ratings.
    """
    skills, initial = load_review_skills(review)
    steps = plan_steps(StepSkill(s.skill_id, s.category, s.importance) for s in skills)
    number = step_to_open(steps, step, lambda skill: initial.get(level_key(skill)) is None)
    shown = skills_of(steps, number)
    form = ReviewForm(skills, data=data, initial=initial, shown=shown)
    return ReviewSteps(form=form, steps=steps, number=number, returning=is_returning(returning))


def build_review_page(review_steps: ReviewSteps, base_url: str) -> ReviewPage:
    """Everything a step (or the summary) shows. One query for the level descriptions.

    `base_url` is the page's own path, which step links add `?step=<n>` to.
    """
    form, steps, number = review_steps.form, review_steps.steps, review_steps.number
    levels = form.levels()
    links = step_links(steps, levels, number, base_url)
    shown = review_steps.skills_of(number)
    summary = number == review_steps.summary_number
    return ReviewPage(
        number=number,
        name=links[number - 1].name,
        steps=links,
        items=() if summary else form.items(shown, level_descriptions(shown)),
        summary=_summary(form, links, steps, levels) if summary else (),
        rated=sum(1 for level in levels.values() if level is not None),
        total=len(levels),
        returning=review_steps.returning and not summary,
        can_block=review_steps.can_block,
    )


def _summary(
    form: ReviewForm,
    links: Sequence[StepLink],
    steps: Sequence[Step],
    levels: Mapping[int, int | None],
) -> tuple[SummaryGroup, ...]:
    names = {s.skill_id: s.name for s in form.skills}
    return tuple(
        SummaryGroup(
            step=links[step.number - 1],
            rows=tuple(
                SummaryRow(
                    skill_name=names[skill],
                    level_label=UNRATED_LABEL
                    if levels[skill] is None
                    else SCALE[levels[skill]].label,
                    is_rated=levels[skill] is not None,
                    comment=form.initial.get(comment_key(skill)) or "",
                )
                for skill in step.skills
            ),
        )
        for step in steps
    )


def _label(level: int | None) -> str:
    return UNRATED_LABEL if level is None else SCALE[level].label
