"""Split a rung's skills into the steps of the rating form (DESIGN.md §9).

Pure Python over plain data, like scoring.py: no Django.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass

from careers.proficiency import BLOCKING_IMPORTANCE

MAX_STEP_SKILLS = 12
BLOCKING_STEP_NAME = "Skills that can block"
REVIEW_STEP_NAME = "Review and submit"


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


def plan_steps(skills: Iterable[StepSkill]) -> tuple[Step, ...]:
    """The rating form's steps, numbered from 1, for skills given in the report's order.

    Step 1 holds every skill of importance >= BLOCKING_IMPORTANCE, whatever its category;
    then one step per category, in order of first appearance, for the rest. A group of
    more than MAX_STEP_SKILLS is split into consecutive steps of near-equal size named
    "(1 of n)", "(2 of n)", ... A group with no skills makes no step.
    """
    blocking: list[Hashable] = []
    categories: dict[str, list[Hashable]] = {}
    for skill in skills:
        if skill.importance >= BLOCKING_IMPORTANCE:
            blocking.append(skill.skill)
        else:
            categories.setdefault(skill.category, []).append(skill.skill)
    groups = [(BLOCKING_STEP_NAME, blocking), *categories.items()]
    named = [part for name, keys in groups if keys for part in _split(name, keys)]
    return tuple(Step(number, name, keys) for number, (name, keys) in enumerate(named, start=1))


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
