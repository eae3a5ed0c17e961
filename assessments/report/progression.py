"""The progression section: other rungs scored on the person's ratings (the next rungs and
moves across roles) and their position on the assessed rung's ladder. No queries: the part
of the live framework the report shows comes from `inputs.load_inputs()` (moves from the
candidates the rung index picked there), the scoring from `assessments.planning`.

Skills are keyed by their current slug. Skills this assessment did not cover fall back on the
person's latest rating submitted elsewhere, else count as 0 ("not yet rated").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeVar

from assessments import planning, scoring
from assessments.report.inputs import LATERAL_MOVES, Framework, Inputs, Row
from careers.models import rung_url

CHANGES_SHOWN = 8  # per list in "what changes at the next rung"; the rest fold away
READY_LABEL = "Ready"
NOT_READY_LABEL = "Not ready yet"
Named = TypeVar("Named", scoring.GapItem, planning.RungChange)


@dataclass(frozen=True)
class RungOutlook:
    """Another rung scored on the person's ratings: a next rung or a move across roles. Its
    gaps and changes are scoring's and planning's own results, keyed by the skill's name."""

    title: str
    slug: str
    role_name: str
    role_slug: str
    url: str  # the rung on its role's ladder page
    readiness: float
    readiness_pct: int
    ready: bool
    verdict: str
    top_gaps: tuple[scoring.GapItem, ...]
    unrated: frozenset[str]  # the names of the skills no rating exists of anywhere
    rated_count: int  # the overlap: how many of the rung's skills the person has rated
    requirement_count: int
    raised: tuple[planning.RungChange, ...] = ()  # next rungs only: "what changes at the next rung"
    new: tuple[planning.RungChange, ...] = ()

    @property
    def unrated_count(self) -> int:
        return self.requirement_count - self.rated_count

    @property
    def why(self) -> str:
        """Why it is listed: "Shares 24 of its 31 skills"; the page says whose ratings."""
        skills = "skill" if self.requirement_count == 1 else "skills"
        shared = self.rated_count or "none"
        return f"Shares {shared} of its {self.requirement_count} {skills}"

    @property
    def raised_shown(self) -> tuple[planning.RungChange, ...]:
        return self.raised[:CHANGES_SHOWN]

    @property
    def raised_more(self) -> tuple[planning.RungChange, ...]:
        return self.raised[CHANGES_SHOWN:]

    @property
    def new_shown(self) -> tuple[planning.RungChange, ...]:
        return self.new[:CHANGES_SHOWN]

    @property
    def new_more(self) -> tuple[planning.RungChange, ...]:
        return self.new[CHANGES_SHOWN:]


@dataclass(frozen=True)
class Progression:
    next_rungs: tuple[RungOutlook, ...]  # by readiness, best first
    lateral_moves: tuple[RungOutlook, ...]
    ladder: planning.Ladder  # the assessed role's rungs (RungInfo), lowest first


def build_progression(inputs: Inputs, *, rung_id: int) -> Progression:
    """Where the person can go from the assessed rung `rung_id`, on the ratings of `inputs`
    (this assessment's, falling back to their latest elsewhere, by current skill slug)."""
    framework, ratings, fallback = inputs.framework, inputs.ratings, inputs.fallback
    current = framework.requirements.get(rung_id, [])
    own = _own_requirements(inputs.rows)
    return Progression(
        next_rungs=next_rungs(framework, current, ratings, fallback),
        lateral_moves=lateral_moves(framework, ratings, fallback),
        ladder=ladder_position(framework, rung_id, own, ratings, fallback),
    )


def _own_requirements(rows: Sequence[Row]) -> list[scoring.Requirement]:
    requirements, seen = [], set()
    for row in rows:
        key = row.live_key
        while key in seen:  # a deleted skill's old slug now used by another skill
            key += "~"
        seen.add(key)
        requirements.append(scoring.Requirement(key, row.required, row.importance))
    return requirements


def next_rungs(
    framework: Framework,
    current: Sequence[scoring.Requirement],
    ratings: Mapping[str, int],
    fallback: Mapping[str, int],
) -> tuple[RungOutlook, ...]:
    """The assessed rung's next rungs by readiness, best first, each with what changes from
    `current` (the assessed rung's live requirements)."""
    targets = {
        pk: framework.requirements.get(pk, [])
        for pk, rung in framework.rungs.items()
        if rung.is_next
    }
    outlooks = []
    for option in planning.rank_rungs(targets, ratings, fallback):
        changes = planning.compare_rungs(current, targets[option.rung])
        outlooks.append(
            _outlook(
                framework,
                option,
                raised=tuple(_named(framework, c) for c in changes.raised),
                new=tuple(_named(framework, c) for c in changes.new),
            )
        )
    return tuple(outlooks)


def lateral_moves(
    framework: Framework,
    ratings: Mapping[str, int],
    fallback: Mapping[str, int],
) -> tuple[RungOutlook, ...]:
    """The LATERAL_MOVES rungs of other roles with the highest readiness, best first, on
    `ratings` falling back to `fallback`. Rungs that require nothing are not a move.

    Only `framework.moves` are ranked: the rung index picked them as the only rungs of the
    whole framework that can rank among the first LATERAL_MOVES, in ladder order, so the
    result is that of ranking every rung of every other role."""
    others = {pk: framework.requirements[pk] for pk in framework.moves}
    ranked = planning.rank_rungs(others, ratings, fallback, limit=LATERAL_MOVES)
    return tuple(_outlook(framework, option) for option in ranked)


def _outlook(
    framework: Framework,
    option: planning.RungOption,
    raised: tuple[planning.RungChange, ...] = (),
    new: tuple[planning.RungChange, ...] = (),
) -> RungOutlook:
    rung = framework.rungs[option.rung]
    items = {item.skill: item for item in option.report.items}
    return RungOutlook(
        title=rung.title,
        slug=rung.slug,
        role_name=rung.role_name,
        role_slug=rung.role_slug,
        url=rung_url(rung.role_slug, rung.slug),
        readiness=option.report.readiness,
        readiness_pct=option.report.readiness_pct,
        ready=option.report.ready,
        verdict=READY_LABEL if option.report.ready else NOT_READY_LABEL,
        top_gaps=tuple(_named(framework, items[skill]) for skill in option.top_gaps),
        unrated=frozenset(framework.name_by_slug.get(skill, skill) for skill in option.unrated),
        rated_count=option.rated_count,
        requirement_count=option.requirement_count,
        raised=raised,
        new=new,
    )


def _named(framework: Framework, result: Named) -> Named:
    """`result` (a GapItem or RungChange) keyed by the skill's name instead of its slug."""
    return replace(result, skill=framework.name_by_slug.get(result.skill, result.skill))


def ladder_position(
    framework: Framework,
    rung_id: int,
    own: Sequence[scoring.Requirement],
    ratings: Mapping[str, int],
    fallback: Mapping[str, int],
) -> planning.Ladder:
    """Every rung of the assessed rung's role, lowest first, keyed by its RungInfo. The
    assessed rung is scored on `own` requirements (the snapshot's, for a submitted report),
    so the ladder agrees with the report's readiness; the others on the live framework."""
    assessed = framework.rungs[rung_id]
    return planning.place_on_ladder(
        [
            (rung, own if rung.pk == assessed.pk else framework.requirements.get(rung.pk, []))
            for rung in framework.rungs.values()
            if rung.role_id == assessed.role_id
        ],
        ratings,
        fallback,
    )
