"""What to do about a gap report: learning plans, next rungs, the ladder, rating history.

Pure Python over plain data, like `assessments.scoring` (DESIGN.md §5): no Django, no ORM
objects. Skill and rung keys are any hashable; skill keys must be mutually orderable.
A rating of ``None`` means "not rated" and counts as missing.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from assessments.scoring import (
    MAX_LEVEL,
    MIN_LEVEL,
    GapItem,
    GapReport,
    Requirement,
    index_requirements,
    round_percent,
    score,
    validate_rating,
)
from careers.proficiency import SCALE

GENERIC_HOURS_PER_LEVEL = 10
GENERIC_KIND = "practice"
# Skill names are nouns ("Python") or, from ESCO, lower-case verb phrases ("apply for research
# funding"): quoted, both read as a sentence.
GENERIC_TITLE = "Work on “{name}” until you reach {level}"
TOP_GAPS = 3

HOURS_PER_WEEK_ERROR = "Hours per week must be more than 0, not {value!r}."
HOURS_ERROR = "Hours must be 0 or more, not {value!r}."
STEP_ERROR = "Learning step {title!r} for skill {skill!r} needs a target level 1-5 and hours >= 0."
LIMIT_ERROR = "Limit must be None or 0 or more, not {value!r}."


@dataclass(frozen=True)
class Step:
    """A learning step from the framework, as plain data."""

    title: str
    kind: str  # course | project | reading | certification | practice | community
    hours: float
    target_level: int
    url: str = ""
    key: str = ""  # step_key(its id): stable across retakes, so a person's state can follow it


def step_key(step_id: object) -> str:
    """The stable key of a framework learning step: it names no level, so it survives a retake."""
    return f"step:{step_id}"


def practise_key(skill: object) -> str:
    """The stable key of a skill's generic practice step (by skill id where there is one)."""
    return f"practise:{skill}"


@dataclass(frozen=True)
class PlannedStep:
    """A step in someone's plan, tied to the gap it helps close."""

    skill: Hashable
    title: str
    kind: str
    hours: float
    url: str
    target_level: int
    blocking: bool  # the gap it closes is blocking
    generic: bool  # the framework's steps stop short: practice covers the remaining levels
    key: str = ""  # step_key() or practise_key(): stable, without levels


@dataclass(frozen=True)
class LearningPlan:
    """The steps that close every gap, with hours and whole weeks at the given pace."""

    steps: tuple[PlannedStep, ...]
    total_hours: float
    blocking_hours: float
    hours_per_week: float
    weeks_to_ready_blocking: int
    weeks_to_ready_all: int


@dataclass(frozen=True)
class RungOption:
    """A rung scored on someone's ratings, for next-rung and lateral-move lists."""

    rung: Hashable
    report: GapReport
    top_gaps: tuple[Hashable, ...]
    unrated: frozenset[Hashable]
    rated_count: int
    requirement_count: int


@dataclass(frozen=True)
class RungChange:
    """One skill's required level at the current rung and at the target rung."""

    skill: Hashable
    current: int | None  # None: not required at the current rung
    target: int

    @property
    def rise(self) -> int:
        return self.target - (self.current or 0)


@dataclass(frozen=True)
class RungChanges:
    """What a move between two rungs asks for: higher levels and new skills."""

    raised: tuple[RungChange, ...]
    new: tuple[RungChange, ...]


@dataclass(frozen=True)
class LadderStep:
    """One rung of a ladder with the person's readiness for it."""

    rung: Hashable
    readiness: float
    ready: bool
    is_current: bool

    @property
    def readiness_pct(self) -> int:
        return round_percent(self.readiness)


@dataclass(frozen=True)
class Ladder:
    """A role's rungs in ladder order; `current` is the highest rung where ready, or None."""

    steps: tuple[LadderStep, ...]
    current: Hashable | None


@dataclass(frozen=True)
class RatingChange:
    """How one skill's rating moved since the previous assessment."""

    skill: Hashable
    before: int | None  # None: not rated last time
    after: int
    delta: int
    direction: str  # up | down | same | new


def weeks_for(hours: float, hours_per_week: float) -> int:
    """Whole weeks, rounded up, to spend `hours` at `hours_per_week`; 0 for 0 hours.

    Raises ValueError when hours_per_week is not more than 0 or hours is negative.
    """
    if not hours_per_week > 0:
        raise ValueError(HOURS_PER_WEEK_ERROR.format(value=hours_per_week))
    if not hours >= 0:
        raise ValueError(HOURS_ERROR.format(value=hours))
    # Divide the decimal values people typed: in binary floats 1.1 / 0.1 is just over 11,
    # which would round up to 12 weeks.
    return math.ceil(Fraction(str(hours)) / Fraction(str(hours_per_week)))


def plan_learning(
    report: GapReport,
    steps: Mapping[Hashable, Sequence[Step]],
    *,
    hours_per_week: float,
    names: Mapping[Hashable, str] | None = None,
    generic_keys: Mapping[Hashable, str] | None = None,
) -> LearningPlan:
    """Choose learning steps that close every item of `report` with a gap, in the report's order.

    Per skill: its `steps` with rated < target_level <= required, by target level then title;
    failing that, the one nearest step above the rating (lowest target level, then fewest
    hours, then title). Where those stop below the required level, or there are none, a
    generic step (GENERIC_TITLE, name from `names`, else str(skill)) covers the remaining
    levels at GENERIC_HOURS_PER_LEVEL hours each, so every gap's steps reach its required
    level. The totals and weeks count the generic steps too. A step keeps its `key`; a
    generic step's key comes from `generic_keys`, else practise_key(skill).

    Raises ValueError when hours_per_week is not more than 0, or a step has a target level
    outside 1-5 or negative hours.
    """
    if not hours_per_week > 0:
        raise ValueError(HOURS_PER_WEEK_ERROR.format(value=hours_per_week))
    names = names or {}
    generic_keys = generic_keys or {}
    planned = tuple(
        step
        for item in report.gaps
        for step in _steps_for(
            item,
            steps.get(item.skill, ()),
            names.get(item.skill),
            generic_keys.get(item.skill, practise_key(item.skill)),
        )
    )
    total = math.fsum(step.hours for step in planned)
    blocking = math.fsum(step.hours for step in planned if step.blocking)
    return LearningPlan(
        steps=planned,
        total_hours=total,
        blocking_hours=blocking,
        hours_per_week=hours_per_week,
        weeks_to_ready_blocking=weeks_for(blocking, hours_per_week),
        weeks_to_ready_all=weeks_for(total, hours_per_week),
    )


def _steps_for(
    item: GapItem, steps: Sequence[Step], name: str | None, generic_key: str
) -> list[PlannedStep]:
    for step in steps:
        if not (MIN_LEVEL <= step.target_level <= MAX_LEVEL and step.hours >= 0):
            raise ValueError(STEP_ERROR.format(title=step.title, skill=item.skill))
    in_range = [s for s in steps if item.rated < s.target_level <= item.required]
    if in_range:
        chosen = sorted(in_range, key=lambda s: (s.target_level, s.title))
    else:
        above = [s for s in steps if s.target_level > item.rated]
        chosen = [min(above, key=lambda s: (s.target_level, s.hours, s.title))] if above else []
    planned = [
        PlannedStep(
            skill=item.skill,
            title=step.title,
            kind=step.kind,
            hours=float(step.hours),
            url=step.url,
            target_level=step.target_level,
            blocking=item.blocking,
            generic=False,
            key=step.key,
        )
        for step in chosen
    ]
    reached = max((step.target_level for step in chosen), default=item.rated)
    if reached < item.required:
        planned.append(_generic_step(item, name, start=reached, key=generic_key))
    return planned


def _generic_step(item: GapItem, name: str | None, *, start: int, key: str) -> PlannedStep:
    """Practice from level `start` up to the required level."""
    return PlannedStep(
        skill=item.skill,
        title=GENERIC_TITLE.format(
            name=name if name is not None else item.skill, level=SCALE[item.required].name
        ),
        kind=GENERIC_KIND,
        hours=float(GENERIC_HOURS_PER_LEVEL * (item.required - start)),
        url="",
        target_level=item.required,
        blocking=item.blocking,
        generic=True,
        key=key,
    )


def rate_rung(
    rung: Hashable,
    requirements: Sequence[Requirement],
    ratings: Mapping[Hashable, int | None],
    fallback: Mapping[Hashable, int | None],
) -> RungOption:
    """Score `rung` on `ratings`, falling back to `fallback`, else 0 (listed in `unrated`).

    `top_gaps` holds the first TOP_GAPS skills with a gap, in priority order. Raises
    ValueError naming the skill for bad requirements or a bad rating that gets used.
    """
    merged: dict[Hashable, int] = {}
    for requirement in requirements:
        rating = _first_rated(requirement.skill, ratings, fallback)
        if rating is not None:
            merged[requirement.skill] = rating
    report = score(requirements, merged)
    return RungOption(
        rung=rung,
        report=report,
        top_gaps=tuple(item.skill for item in report.gaps[:TOP_GAPS]),
        unrated=frozenset(item.skill for item in report.items if item.skill not in merged),
        rated_count=len(merged),
        requirement_count=len(report.items),
    )


def _first_rated(skill: Hashable, *sources: Mapping[Hashable, int | None]) -> int | None:
    for source in sources:
        rating = source.get(skill)
        if rating is not None:
            return rating
    return None


def rank_rungs(
    rungs: Mapping[Hashable, Sequence[Requirement]],
    ratings: Mapping[Hashable, int | None],
    fallback: Mapping[Hashable, int | None],
    *,
    limit: int | None = None,
) -> tuple[RungOption, ...]:
    """Rate every rung (see rate_rung) and rank them, best first.

    Order: readiness descending, then ready before not ready, then smaller total weighted
    gap, then the order of `rungs`. `limit` keeps only the first so many (None keeps all;
    a negative limit raises ValueError).
    """
    if limit is not None and limit < 0:
        raise ValueError(LIMIT_ERROR.format(value=limit))
    options = [rate_rung(rung, reqs, ratings, fallback) for rung, reqs in rungs.items()]
    options.sort(
        key=lambda o: (-o.report.readiness, not o.report.ready, o.report.total_weighted_gap)
    )
    return tuple(options if limit is None else options[:limit])


def compare_rungs(current: Sequence[Requirement], target: Sequence[Requirement]) -> RungChanges:
    """What changes from the `current` rung to the `target` rung.

    `raised`: skills on both whose required level rises, by rise descending then skill.
    `new`: skills only on the target, by target level descending then skill. Skills whose
    level stays or falls, and skills the target drops, are not listed. Raises ValueError
    naming the skill for out-of-range or duplicate requirements on either rung.
    """
    before = index_requirements(current)
    after = index_requirements(target)
    raised = [
        RungChange(skill, before[skill].level, req.level)
        for skill, req in after.items()
        if skill in before and req.level > before[skill].level
    ]
    new = [
        RungChange(skill, None, req.level) for skill, req in after.items() if skill not in before
    ]
    return RungChanges(
        raised=tuple(sorted(raised, key=lambda c: (-c.rise, c.skill))),
        new=tuple(sorted(new, key=lambda c: (-c.target, c.skill))),
    )


def place_on_ladder(
    rungs_in_order: Sequence[tuple[Hashable, Sequence[Requirement]]],
    ratings: Mapping[Hashable, int | None],
    fallback: Mapping[Hashable, int | None] | None = None,
) -> Ladder:
    """Readiness for every rung of a ladder, lowest first, and the estimated current rung.

    The current rung is the last rung in the given order where the person is ready (even if
    a lower one is not); None when they are ready for none. Ratings fall back as in
    rate_rung.
    """
    options = [rate_rung(rung, reqs, ratings, fallback or {}) for rung, reqs in rungs_in_order]
    ready = [option.rung for option in options if option.report.ready]
    current = ready[-1] if ready else None
    steps = tuple(
        LadderStep(
            rung=option.rung,
            readiness=option.report.readiness,
            ready=option.report.ready,
            is_current=current is not None and option.rung == current,
        )
        for option in options
    )
    return Ladder(steps=steps, current=current)


def compare_ratings(
    previous: Mapping[Hashable, int | None], current: Mapping[Hashable, int | None]
) -> tuple[RatingChange, ...]:
    """One change per skill rated in `current`, biggest move first (abs(delta), then skill).

    `before` is None (direction "new") when the skill was not rated in `previous`; delta
    then counts from 0. Skills rated None in `current` are left out. Raises ValueError
    naming the skill for a rating outside 0-5 in either mapping.
    """
    changes = []
    for skill, after in current.items():
        if after is None:
            continue
        after = validate_rating(skill, after)
        before = previous.get(skill)
        if before is not None:
            before = validate_rating(skill, before)
        changes.append(
            RatingChange(skill, before, after, after - (before or 0), _direction(before, after))
        )
    return tuple(sorted(changes, key=lambda c: (-abs(c.delta), c.skill)))


def _direction(before: int | None, after: int) -> str:
    if before is None:
        return "new"
    if after == before:
        return "same"
    return "up" if after > before else "down"
