"""What to do about a gap report: learning plans, next rungs, the ladder, rating history.

Pure Python over plain data, like `assessments.scoring` (DESIGN.md §5): no Django, no ORM
objects. Skill and rung keys are any hashable; skill keys must be mutually orderable.
A rating of ``None`` means "not rated" and counts as missing.
"""

from __future__ import annotations

import math
from array import array
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from operator import eq

from assessments.scoring import (
    DUPLICATE_ERROR,
    MAX_IMPORTANCE,
    MAX_LEVEL,
    MIN_IMPORTANCE,
    MIN_LEVEL,
    GapItem,
    GapReport,
    Requirement,
    earned,
    index_requirements,
    readiness_of,
    round_percent,
    score,
    validate_rating,
    weight,
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
UNKNOWN_RUNG_ERROR = "Requirement of skill {skill!r} names a rung that is not indexed: {rung!r}."


@dataclass(frozen=True)
class Step:
    """A learning step from the framework, as plain data."""

    title: str
    kind: str  # course | project | reading | certification | practice | community
    hours: float
    target_level: int
    url: str = ""


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
) -> LearningPlan:
    """Choose learning steps that close every item of `report` with a gap, in the report's order.

    Per skill: its `steps` with rated < target_level <= required, by target level then title;
    failing that, the one nearest step above the rating (lowest target level, then fewest
    hours, then title). Where those stop below the required level, or there are none, a
    generic step (GENERIC_TITLE, name from `names`, else str(skill)) covers the remaining
    levels at GENERIC_HOURS_PER_LEVEL hours each, so every gap's steps reach its required
    level. The totals and weeks count the generic steps too.

    Raises ValueError when hours_per_week is not more than 0, or a step has a target level
    outside 1-5 or negative hours.
    """
    if not hours_per_week > 0:
        raise ValueError(HOURS_PER_WEEK_ERROR.format(value=hours_per_week))
    names = names or {}
    planned = tuple(
        step
        for item in report.gaps
        for step in _steps_for(item, steps.get(item.skill, ()), names.get(item.skill))
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


def _steps_for(item: GapItem, steps: Sequence[Step], name: str | None) -> list[PlannedStep]:
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
        )
        for step in chosen
    ]
    reached = max((step.target_level for step in chosen), default=item.rated)
    if reached < item.required:
        planned.append(_generic_step(item, name, start=reached))
    return planned


def _generic_step(item: GapItem, name: str | None, *, start: int) -> PlannedStep:
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


# ------------------------------------------------------------ moves at any framework size

# A requirement's (level, importance) as one small number, so an index holds it in a byte.
_PAIRS = tuple(
    (level, importance)
    for level in range(MIN_LEVEL, MAX_LEVEL + 1)
    for importance in range(MIN_IMPORTANCE, MAX_IMPORTANCE + 1)
)
_PAIR_CODES = {pair: code for code, pair in enumerate(_PAIRS)}
_PAIR_WEIGHTS = tuple(weight(level, importance) for level, importance in _PAIRS)
_PAIR_BITS = 5  # a posting while indexing: rung number << _PAIR_BITS | pair code


@dataclass(frozen=True)
class RungIndex:
    """Every rung's requirements, inverted: for each skill, the rungs that require it.

    It lets `move_candidates` rank every rung by someone's ratings while touching only the
    rungs that require a skill they rated above 0. Rungs are numbered by their place in
    `rungs` (ladder order). A skill's postings are `positions[starts[n]:starts[n + 1]]`
    (rung numbers) and `pairs[...]` (codes of (level, importance)), where n is
    `slots[skill]`. Plain arrays, so it pickles small and loads fast from a shared cache.
    """

    rungs: tuple[Hashable, ...]  # rung keys in ladder order
    groups: tuple[Hashable, ...]  # each rung's group (its role)
    possible: tuple[int, ...]  # each rung's summed weight, 0 for a rung that requires nothing
    slots: dict[Hashable, int]  # skill key -> its postings' number
    starts: array  # postings of skill n: starts[n] to starts[n + 1]
    positions: array  # rung numbers
    pairs: bytes  # (level, importance) codes, beside `positions`
    by_possible: tuple[int, ...]  # rungs that require something: least weight first, then ladder


def index_rungs(
    rungs: Iterable[tuple[Hashable, Hashable]],
    requirements: Iterable[tuple[Hashable, Hashable, int, int]],
) -> RungIndex:
    """Index `rungs` ((rung, group) in ladder order) and their `requirements` ((rung, skill,
    level, importance), any order).

    Raises ValueError naming the skill for a level or importance outside 1-5, a skill twice
    on one rung, or a requirement of a rung not in `rungs`.
    """
    rungs = list(rungs)
    keys, groups = tuple(rung for rung, _ in rungs), tuple(group for _, group in rungs)
    number = {rung: n for n, rung in enumerate(keys)}
    by_skill: defaultdict[Hashable, list[int]] = defaultdict(list)
    possible = [0] * len(keys)
    code_of, position_of, weights = _PAIR_CODES.get, number.get, _PAIR_WEIGHTS
    # One pass over what may be 125,000 requirements: plain ints, no objects per row.
    for rung, skill, level, importance in requirements:
        # type() and not isinstance(): True and 3.0 would pass for 1 and 3 as dict keys.
        code = code_of((level, importance)) if type(level) is type(importance) is int else None
        if code is None:
            index_requirements([Requirement(skill, level, importance)])  # raises its error
        position = position_of(rung)
        if position is None:
            raise ValueError(UNKNOWN_RUNG_ERROR.format(skill=skill, rung=rung))
        by_skill[skill].append(position << _PAIR_BITS | code)
        possible[position] += weights[code]
    starts = array("I", [0])
    positions = array("H" if len(keys) <= 0xFFFF else "I")
    pairs = bytearray()
    slots = {}
    mask = (1 << _PAIR_BITS) - 1
    for slot, (skill, postings) in enumerate(by_skill.items()):
        slots[skill] = slot
        postings.sort()
        at = [posting >> _PAIR_BITS for posting in postings]
        if any(map(eq, at, at[1:])):  # sorted: a rung twice would sit side by side
            raise ValueError(DUPLICATE_ERROR.format(skill=skill))
        positions.extend(at)
        pairs.extend([posting & mask for posting in postings])
        starts.append(len(positions))
    required = sorted((p, n) for n, p in enumerate(possible) if p)
    return RungIndex(
        rungs=keys,
        groups=groups,
        possible=tuple(possible),
        slots=slots,
        starts=starts,
        positions=positions,
        pairs=bytes(pairs),
        by_possible=tuple(n for _, n in required),
    )


def move_candidates(
    index: RungIndex,
    ratings: Mapping[Hashable, int | None],
    fallback: Mapping[Hashable, int | None],
    *,
    exclude_group: Hashable,
    limit: int,
) -> tuple[Hashable, ...]:
    """The rungs outside `exclude_group` that `rank_rungs(..., limit=limit)` could rank
    first, in ladder order: rank those (with their requirements, in this order) and the
    result is exactly that of ranking every rung of the index.

    Ratings fall back as in rate_rung. Readiness comes from scoring's own `earned`, `weight`
    and `readiness_of`, summed over the postings of the skills rated above 0, so only rungs
    that share such a skill are touched. Every rung tied with the `limit`-th best readiness
    is kept, so rank_rungs' later keys decide among them. Rungs nobody could be partly
    ready for (readiness 0) rank by their weight, which is then their total weighted gap,
    then ladder order: as many as are missing are taken from `by_possible`.

    Raises ValueError for a negative limit or a rating outside 0-5 that gets used.
    """
    if limit < 0:
        raise ValueError(LIMIT_ERROR.format(value=limit))
    achieved = _achieved(index, ratings, fallback)
    touched = [
        (readiness_of(points, index.possible[n]), n)
        for n, points in achieved.items()
        if index.groups[n] != exclude_group
    ]
    touched.sort(key=lambda pair: -pair[0])
    if len(touched) >= limit:
        cutoff = touched[limit - 1][0] if limit else math.inf
        chosen = [n for readiness, n in touched if readiness >= cutoff]
    else:
        chosen = [n for _, n in touched]
        missing = limit - len(chosen)
        for n in index.by_possible:
            if not missing:
                break
            if n not in achieved and index.groups[n] != exclude_group:
                chosen.append(n)
                missing -= 1
    return tuple(index.rungs[n] for n in sorted(chosen))


def _achieved(
    index: RungIndex,
    ratings: Mapping[Hashable, int | None],
    fallback: Mapping[Hashable, int | None],
) -> dict[int, int]:
    """Rung number -> summed `earned` over its skills rated above 0; other rungs are absent."""
    achieved: dict[int, int] = {}
    for skill in {*ratings, *fallback}:
        slot = index.slots.get(skill)
        rating = _first_rated(skill, ratings, fallback)
        if slot is None or not rating:
            continue
        rating = validate_rating(skill, rating)
        earns = [earned(level, importance, rating) for level, importance in _PAIRS]
        start, end = index.starts[slot], index.starts[slot + 1]
        postings = zip(index.positions[start:end], index.pairs[start:end], strict=True)
        for position, code in postings:
            achieved[position] = achieved.get(position, 0) + earns[code]
    return achieved
