"""Score self-ratings against a rung's requirements: the gap report (DESIGN.md §5).

Pure Python over plain data: no Django, no ORM objects, no settings. Skill keys are any
hashable (a skill id or slug); within one call they must be mutually orderable (all ints or
all strings), because they break ties in the priority order.

A rating of ``None`` means "not rated yet" and counts exactly like a missing rating (0).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

from careers.proficiency import (
    BLOCKING_GAP,
    BLOCKING_IMPORTANCE,
    MAX_IMPORTANCE,
    MAX_LEVEL,
    MAX_RATING,
    MIN_IMPORTANCE,
    MIN_LEVEL,
    MIN_RATING,
    READY_THRESHOLD,
)

MEETS, CLOSE, GAP = "meets", "close", "gap"
STATUS_LABELS = {MEETS: "Meets", CLOSE: "Close", GAP: "Gap"}

LEVEL_ERROR = "Required level for skill {skill!r} must be a whole number 1-5, not {value!r}."
IMPORTANCE_ERROR = "Importance for skill {skill!r} must be a whole number 1-5, not {value!r}."
RATING_ERROR = "Rating for skill {skill!r} must be a whole number 0-5, not {value!r}."
DUPLICATE_ERROR = "Skill {skill!r} is required more than once."


@dataclass(frozen=True)
class Requirement:
    """A rung's demand on one skill: the level needed (1-5) and how much it matters (1-5)."""

    skill: Hashable
    level: int
    importance: int


@dataclass(frozen=True)
class GapItem:
    """One requirement scored against its rating (absent or None = 0)."""

    skill: Hashable
    required: int
    rated: int
    gap: int
    surplus: int
    weighted_gap: int
    importance: int
    status: str  # MEETS | CLOSE | GAP
    blocking: bool

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class GapReport:
    """The scored rung: readiness 0.0-100.0, the verdict, and the items in priority order."""

    readiness: float
    ready: bool
    items: tuple[GapItem, ...]
    blocking: tuple[GapItem, ...]

    @property
    def readiness_pct(self) -> int:
        """Readiness as a whole percent for display, rounding halves up (62.5 -> 63)."""
        return round_percent(self.readiness)

    @property
    def total_weighted_gap(self) -> int:
        return sum(item.weighted_gap for item in self.items)

    @property
    def gaps(self) -> tuple[GapItem, ...]:
        """Items short of their required level (gap >= 1), in priority order."""
        return tuple(item for item in self.items if item.gap >= 1)

    @property
    def strengths(self) -> tuple[GapItem, ...]:
        """Items rated above their required level, by surplus descending, then skill key."""
        return tuple(
            sorted(
                (item for item in self.items if item.surplus >= 1),
                key=lambda item: (-item.surplus, item.skill),
            )
        )

    def share_of_weighted_gap(self, item: GapItem) -> float:
        """The item's weighted gap as a percent (0-100) of the total; 0.0 when nothing is short."""
        total = self.total_weighted_gap
        return 100.0 * item.weighted_gap / total if total else 0.0


def round_percent(value: float) -> int:
    """Round a percent to a whole number, halves up; Python's round() would send 62.5 to 62."""
    return math.floor(value + 0.5)


def validate_rating(skill: Hashable, value: object) -> int:
    """Return `value` if it is an int from 0 to 5; raise ValueError naming `skill` otherwise."""
    if not _is_int_between(value, MIN_RATING, MAX_RATING):
        raise ValueError(RATING_ERROR.format(skill=skill, value=value))
    return value  # type: ignore[return-value]


def index_requirements(requirements: Iterable[Requirement]) -> dict[Hashable, Requirement]:
    """Validate requirements and return them keyed by skill, in input order.

    Raises ValueError naming the skill when a level or importance is not an int from 1 to 5
    (bools, floats and strings are refused too), or when a skill appears twice.
    """
    indexed: dict[Hashable, Requirement] = {}
    for requirement in requirements:
        skill = requirement.skill
        if not _is_int_between(requirement.level, MIN_LEVEL, MAX_LEVEL):
            raise ValueError(LEVEL_ERROR.format(skill=skill, value=requirement.level))
        if not _is_int_between(requirement.importance, MIN_IMPORTANCE, MAX_IMPORTANCE):
            raise ValueError(IMPORTANCE_ERROR.format(skill=skill, value=requirement.importance))
        if skill in indexed:
            raise ValueError(DUPLICATE_ERROR.format(skill=skill))
        indexed[skill] = requirement
    return indexed


def score(requirements: Iterable[Requirement], ratings: Mapping[Hashable, int]) -> GapReport:
    """Score `ratings` (skill key -> 0-5) against `requirements`.

    A skill missing from `ratings` (or rated None) counts as 0; ratings for skills that are
    not required are ignored. Readiness is 100 x sum(importance x min(rating, level)) /
    sum(importance x level), or 100.0 when nothing is required. The report is ready when
    readiness >= READY_THRESHOLD and no item is blocking.

    Items come in priority order: weighted gap descending, then importance descending,
    then skill key ascending; `blocking` keeps that order.

    Raises ValueError naming the skill for a level or importance outside 1-5, a rating of
    a required skill outside 0-5, any of those not being an int, or a duplicate skill.
    """
    indexed = index_requirements(requirements)
    items = [_score_item(req, ratings.get(req.skill)) for req in indexed.values()]
    items.sort(key=lambda item: (-item.weighted_gap, -item.importance, item.skill))
    readiness = _readiness(items)
    blocking = tuple(item for item in items if item.blocking)
    return GapReport(
        readiness=readiness,
        ready=readiness >= READY_THRESHOLD and not blocking,
        items=tuple(items),
        blocking=blocking,
    )


def _score_item(requirement: Requirement, rating: int | None) -> GapItem:
    rated = 0 if rating is None else validate_rating(requirement.skill, rating)
    gap = max(0, requirement.level - rated)
    return GapItem(
        skill=requirement.skill,
        required=requirement.level,
        rated=rated,
        gap=gap,
        surplus=max(0, rated - requirement.level),
        weighted_gap=requirement.importance * gap,
        importance=requirement.importance,
        status=MEETS if gap == 0 else CLOSE if gap == 1 else GAP,
        blocking=requirement.importance >= BLOCKING_IMPORTANCE and gap >= BLOCKING_GAP,
    )


def weight(level: int, importance: int) -> int:
    """What a requirement adds to readiness's whole: importance x level."""
    return importance * level


def earned(level: int, importance: int, rating: int) -> int:
    """What a rating earns of a requirement's weight: importance x min(rating, level)."""
    return importance * min(rating, level)


def readiness_of(achieved: int, possible: int) -> float:
    """Readiness from the summed `earned` and `weight` of a rung's requirements: 100 x
    achieved / possible, or 100.0 when nothing is required. Exact for the same sums, so
    anything that ranks rungs by it agrees with `score()` to the last bit."""
    if not possible:
        return 100.0
    # Multiply before dividing: both are exact integers, so 400/500 gives exactly 80.0.
    return 100.0 * achieved / possible


def _readiness(items: list[GapItem]) -> float:
    possible = sum(weight(item.required, item.importance) for item in items)
    achieved = sum(earned(item.required, item.importance, item.rated) for item in items)
    return readiness_of(achieved, possible)


def _is_int_between(value: object, low: int, high: int) -> bool:
    # bool is an int subclass, but True is not a level.
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


# ---------------------------------------------------------------- the range while rating

READY, NOT_READY = "ready", "not ready"


@dataclass(frozen=True)
class ReadinessRange:
    """Where readiness can still end up with only some skills rated (DESIGN.md §9).

    `low` counts every unrated skill as 0 and `high` as meeting its level, so for every way
    of rating the rest, low <= final readiness <= high. `settled` is READY or NOT_READY
    once the final verdict no longer depends on the unrated skills, else None. `blocking`
    holds the rated skills that already block, in input order.
    """

    rated: int
    total: int
    low: float
    high: float
    settled: str | None
    blocking: tuple[Hashable, ...]

    @property
    def low_pct(self) -> int:
        return round_percent(self.low)

    @property
    def high_pct(self) -> int:
        return round_percent(self.high)


def readiness_range(
    requirements: Iterable[Requirement], partial_ratings: Mapping[Hashable, int | None]
) -> ReadinessRange:
    """Bound readiness from the ratings given so far.

    A skill absent from `partial_ratings` or rated None is unrated; ratings of skills that
    are not required are ignored. With w the importance, l the level and s the rating:
    low = 100 x sum over rated of w x min(s, l) / sum over all of w x l, and high adds
    w x l for every unrated skill to the numerator (both 100.0 when nothing is required).

    The verdict is settled as NOT_READY once a rated skill is blocking or high < 80, and as
    READY once low >= 80 and no unrated skill could still block (importance >= 4 and level
    >= 2); otherwise it is None.

    Raises ValueError naming the skill for the same bad input as `score()`.
    """
    indexed = index_requirements(requirements)
    possible = achieved = unrated_possible = 0
    rated = 0
    blocking: list[Hashable] = []
    could_block = False
    for requirement in indexed.values():
        whole = weight(requirement.level, requirement.importance)
        possible += whole
        rating = partial_ratings.get(requirement.skill)
        if rating is None:
            unrated_possible += whole
            could_block = could_block or _can_block(requirement.importance, requirement.level)
            continue
        item = _score_item(requirement, rating)
        rated += 1
        achieved += earned(requirement.level, requirement.importance, item.rated)
        if item.blocking:
            blocking.append(requirement.skill)
    low = readiness_of(achieved, possible)
    high = readiness_of(achieved + unrated_possible, possible)
    return ReadinessRange(
        rated=rated,
        total=len(indexed),
        low=low,
        high=high,
        settled=_settled(low, high, bool(blocking), could_block),
        blocking=tuple(blocking),
    )


def _can_block(importance: int, level: int) -> bool:
    # Rated 0, the gap is the level itself: it blocks when the level is at least BLOCKING_GAP.
    return importance >= BLOCKING_IMPORTANCE and level >= BLOCKING_GAP


def _settled(low: float, high: float, blocked: bool, could_block: bool) -> str | None:
    if blocked or high < READY_THRESHOLD:
        return NOT_READY
    if low >= READY_THRESHOLD and not could_block:
        return READY
    return None
