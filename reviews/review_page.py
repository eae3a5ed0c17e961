"""The reviewer's form, in the self-assessment's steps (DESIGN.md §9, §10).

Loads what a step needs in a fixed number of queries whatever the snapshot's size (the
snapshot's skills, the reviewer's stored ratings, the shown skills' level descriptions),
then works on plain data: steps from `assessments.steps.plan_steps`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from assessments.forms import BACK, NEXT
from assessments.rating_page import UNRATED_LABEL, StepLink
from assessments.steps import REVIEW_STEP_NAME, Step, StepSkill, plan_steps
from careers.proficiency import SCALE
from reviews.forms import ReviewForm, comment_key
from reviews.models import ReviewRequest
from reviews.selectors import level_descriptions, load_review_skills


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
class ReviewPage:
    number: int  # the step shown, from 1; the summary ("Review and submit") is the last
    name: str
    steps: tuple[StepLink, ...]
    items: tuple  # the shown step's ReviewItems; empty on the summary
    summary: tuple[SummaryGroup, ...]  # filled on the summary only
    rated: int
    total: int

    @property
    def is_summary(self) -> bool:
        return self.number == len(self.steps)

    @property
    def is_first(self) -> bool:
        return self.number == 1

    @property
    def next_name(self) -> str:
        return "" if self.is_summary else self.steps[self.number].name


@dataclass(frozen=True)
class ReviewSteps:
    """A review's form and its steps; `number` is the step the request is about."""

    form: ReviewForm
    steps: tuple[Step, ...]
    number: int

    @property
    def summary_number(self) -> int:
        return len(self.steps) + 1

    def skills_of(self, number: int) -> tuple[int, ...]:
        return self.steps[number - 1].skills if number <= len(self.steps) else ()

    def showing_first_error(self) -> ReviewSteps:
        """These steps, opened at the step of the first refused field if it is elsewhere."""
        skill = self.form.first_error_skill()
        if skill is None or skill in self.skills_of(self.number):
            return self
        number = next(s.number for s in self.steps if skill in s.skills)
        return replace(self, number=number)

    def on_summary(self) -> ReviewSteps:
        return replace(self, number=self.summary_number)

    def after(self, action: str) -> int:
        """The step to show once a valid post with `action` (save, next, back) is saved."""
        if action == NEXT:
            return min(self.number + 1, self.summary_number)
        if action == BACK:
            return max(self.number - 1, 1)
        return self.number


def load_review_steps(
    review: ReviewRequest, data: Mapping[str, Any] | None = None, step: object = None
) -> ReviewSteps:
    """The review's form, bound to `data` if given, with fields for step `step`'s skills.

    Anything that is not a step number opens the first step with an unrated skill (step 1
    when all are rated). Two queries: the snapshot's skills and the stored ratings.
    """
    skills, initial = load_review_skills(review)
    steps = plan_steps(StepSkill(s.skill_id, s.category, s.importance) for s in skills)
    number = _requested(step, len(steps) + 1) or _resume_step(steps, initial)
    shown = steps[number - 1].skills if number <= len(steps) else ()
    form = ReviewForm(skills, data=data, initial=initial, shown=shown)
    return ReviewSteps(form=form, steps=steps, number=number)


def build_review_page(review_steps: ReviewSteps, base_url: str) -> ReviewPage:
    """Everything a step (or the summary) shows. One query for the level descriptions.

    `base_url` is the page's own path, which step links add `?step=<n>` to.
    """
    form, steps, number = review_steps.form, review_steps.steps, review_steps.number
    levels = form.levels()
    links = _step_links(steps, levels, number, base_url)
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
    )


def _requested(step: object, last: int) -> int | None:
    text = str(step or "")
    if not (text.isascii() and text.isdigit()) or len(text) > 4:
        return None
    number = int(text)
    return number if 1 <= number <= last else None


def _resume_step(steps: Sequence[Step], initial: Mapping[str, Any]) -> int:
    for step in steps:
        if any(initial.get(f"skill-{skill}") is None for skill in step.skills):
            return step.number
    return 1


def _step_links(
    steps: Sequence[Step], levels: Mapping[int, int | None], current: int, base_url: str
) -> tuple[StepLink, ...]:
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
    last = len(steps) + 1
    rated = sum(1 for level in levels.values() if level is not None)
    links.append(
        StepLink(
            last, REVIEW_STEP_NAME, rated, len(levels), f"{base_url}?step={last}", last == current
        )
    )
    return tuple(links)


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
