"""Split a rung's skills into the steps of the rating form (DESIGN.md §9), and move
between them; the second-opinion form (reviews/) walks the same steps.

Pure Python over plain data, like scoring.py: no Django.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from careers.proficiency import BLOCKING_IMPORTANCE

MAX_STEP_SKILLS = 12
MIN_STEP_SKILLS = 4  # for every step but the blocking one and the last
MAX_STEP_CATEGORIES = 5  # a step named after more categories than this is hard to read
BLOCKING_STEP_NAME = "Skills that can block"
REVIEW_STEP_NAME = "Review and submit"
SAVE, NEXT, BACK, SUBMIT = "save", "next", "back", "submit"
# A step opened from the review carries `return=review` in its links and its form, so that
# "Save and continue" goes back to the review rather than on to the next step.
RETURN_PARAM, RETURN_TO_REVIEW = "return", "review"


@dataclass(frozen=True)
class StepSkill:
    """One required skill as the steps see it: its key, category and importance."""

    skill: Hashable
    category: str
    importance: int


@dataclass(frozen=True)
class Step:
    number: int  # from 1
    name: str  # "Programming", or "Programming (2 of 3)" when a group is split
    skills: tuple[Hashable, ...]
    can_block: bool = False  # holds skills of importance >= BLOCKING_IMPORTANCE


def plan_steps(skills: Iterable[StepSkill]) -> tuple[Step, ...]:
    """The rating form's steps, numbered from 1, for skills given in the report's order.

    Step 1 holds every skill of importance >= BLOCKING_IMPORTANCE, whatever its category;
    then the categories follow in order of first appearance. Neighbouring categories share
    a step until it holds MIN_STEP_SKILLS or more, so no step but the last (and the
    blocking one) is smaller; a last step that small joins the one before when both fit in
    one step (MAX_STEP_SKILLS, MAX_STEP_CATEGORIES). A shared step is named after its
    categories ("Ethics & Governance and Soft Skills"). A group of more than
    MAX_STEP_SKILLS is split into consecutive steps whose sizes differ by at most one,
    named "(1 of n)", "(2 of n)", ... No skills, no step.
    """
    blocking: list[Hashable] = []
    categories: dict[str, list[Hashable]] = {}
    for skill in skills:
        if skill.importance >= BLOCKING_IMPORTANCE:
            blocking.append(skill.skill)
        else:
            categories.setdefault(skill.category, []).append(skill.skill)
    first = _split(BLOCKING_STEP_NAME, blocking) if blocking else []
    rest = [(_and_list(names), keys) for names, keys in _merge_small(categories)]
    named = first + [part for name, keys in rest for part in _split(name, keys)]
    return tuple(
        Step(number, name, keys, can_block=number <= len(first))
        for number, (name, keys) in enumerate(named, start=1)
    )


def _merge_small(
    categories: Mapping[str, Sequence[Hashable]],
) -> list[tuple[list[str], list[Hashable]]]:
    """The categories in order, neighbours joined until each group holds MIN_STEP_SKILLS
    (the last may hold fewer). Fewer than that join the group before when both fit in one
    step, of MAX_STEP_CATEGORIES at most: at the end, and before a category they would push
    over MAX_STEP_SKILLS. So no group names more than MAX_STEP_CATEGORIES categories."""
    groups: list[tuple[list[str], list[Hashable]]] = []
    names: list[str] = []
    keys: list[Hashable] = []
    for name, members in categories.items():
        if keys and len(keys) + len(members) > MAX_STEP_SKILLS and _fits_after(groups, names, keys):
            # The few waiting join the step before, rather than split this category.
            names, keys = groups[-1][0] + names, groups.pop()[1] + keys
            groups.append((names, keys))
            names, keys = [], []
        names, keys = [*names, name], [*keys, *members]
        if len(keys) >= MIN_STEP_SKILLS:
            groups.append((names, keys))
            names, keys = [], []
    if keys and _fits_after(groups, names, keys):
        names, keys = groups[-1][0] + names, groups.pop()[1] + keys
    if keys:
        groups.append((names, keys))
    return groups


def _fits_after(
    groups: Sequence[tuple[list[str], list[Hashable]]], names: Sequence[str], keys: Sequence
) -> bool:
    """Whether `names` and their `keys` can join the last of `groups`: within one step's
    skills, and with a name that stays readable."""
    if not groups:
        return False
    last_names, last_keys = groups[-1]
    return (
        len(last_keys) + len(keys) <= MAX_STEP_SKILLS
        and len(last_names) + len(names) <= MAX_STEP_CATEGORIES
    )


def _and_list(words: Sequence[str]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def _split(name: str, keys: Sequence[Hashable]) -> list[tuple[str, tuple[Hashable, ...]]]:
    count = math.ceil(len(keys) / MAX_STEP_SKILLS)
    if count == 1:
        return [(name, tuple(keys))]
    size, extra = divmod(len(keys), count)
    parts, start = [], 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        parts.append((f"{name} ({index + 1} of {count})", tuple(keys[start:end])))
        start = end
    return parts


def skills_of(steps: Sequence[Step], number: int) -> tuple[Hashable, ...]:
    """The skills of step `number`; none for the last step (the review), which has no fields."""
    return steps[number - 1].skills if number <= len(steps) else ()


def is_returning(value: object) -> bool:
    """Whether a request's `return` parameter asks to go back to the review."""
    return value == RETURN_TO_REVIEW


def step_to_open(
    steps: Sequence[Step], requested: object, is_unrated: Callable[[Hashable], bool]
) -> int:
    """The step number the client asked for if it is one (the review, after the steps,
    counts); otherwise the first step with an unrated skill, or 1 when all are rated."""
    text = str(requested or "")
    if text.isascii() and text.isdigit() and len(text) <= 4 and 1 <= int(text) <= len(steps) + 1:
        return int(text)
    for step in steps:
        if any(is_unrated(skill) for skill in step.skills):
            return step.number
    return 1


class StepPosition:
    """Where a page stands among its steps: `number` (from 1) in `steps`, whose last
    entry is the review step. Mixed into the rating and second-opinion pages."""

    number: int
    steps: Sequence[Any]  # anything with a `name`, the review step last
    returning: bool = False  # opened from the review, to which "Save and continue" goes back

    @property
    def is_last(self) -> bool:
        return self.number == len(self.steps)

    @property
    def is_first(self) -> bool:
        return self.number == 1

    @property
    def next_name(self) -> str:
        if self.is_last:
            return ""
        return self.steps[-1 if self.returning else self.number].name


@dataclass(frozen=True)
class FormSteps:
    """A stepped form and its steps; `number` is the step the request is about, and
    the step after the last of `steps` is the review."""

    form: Any  # has first_error_skill() -> the skill of the first refused field, or None
    steps: tuple[Step, ...]
    number: int
    returning: bool = False  # opened from the review: "next" goes back to it

    @property
    def last_number(self) -> int:
        return len(self.steps) + 1

    def skills_of(self, number: int) -> tuple[Hashable, ...]:
        return skills_of(self.steps, number)

    @property
    def can_block(self) -> bool:
        """Whether the step is about skills that can block (the review is not)."""
        return self.number <= len(self.steps) and self.steps[self.number - 1].can_block

    def step_of(self, skill: Hashable) -> int:
        return next(s.number for s in self.steps if skill in s.skills)

    def showing_first_error(self) -> Any:
        """These steps, opened at the step of the first refused field if it is elsewhere
        (a script may post skills of every step at once)."""
        skill = self.form.first_error_skill()
        if skill is None or skill in self.skills_of(self.number):
            return self
        return replace(self, number=self.step_of(skill))

    def on_last(self) -> Any:
        return replace(self, number=self.last_number)

    def after(self, action: str) -> int:
        """The step to show once a valid post with `action` (save, next, back) is saved:
        "next" from a step opened from the review goes back to the review."""
        if action == NEXT:
            return self.last_number if self.returning else min(self.number + 1, self.last_number)
        if action == BACK:
            return max(self.number - 1, 1)
        return self.number

    def query_after(self, action: str) -> str:
        """The query string of the page to show after `action`: "step=<n>", and a step
        saved on its way back to the review still knows the way."""
        query = f"step={self.after(action)}"
        if self.returning and action == SAVE:
            query += f"&{RETURN_PARAM}={RETURN_TO_REVIEW}"
        return query
