"""Other rungs scored on a person's ratings: next rungs, moves across roles, the ladder.

Loads the whole live framework in two queries (every rung, every requirement) and scores
each rung with `assessments.planning`, so the number of rungs never adds queries. Skills
are keyed by their current slug.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from django.urls import reverse

from assessments import planning, scoring
from careers.models import Requirement, Rung
from careers.proficiency import level_label

LATERAL_MOVES = 5
CHANGES_SHOWN = 8  # per list in "what changes at the next rung"; the rest fold away
NOT_YET_RATED = "not yet rated"
READY_LABEL = "Ready"
NOT_READY_LABEL = "Not ready yet"


@dataclass(frozen=True)
class GapPreview:
    skill: str
    required_label: str
    rated_label: str  # "not yet rated" when no rating of the skill exists anywhere
    gap: int
    not_yet_rated: bool


@dataclass(frozen=True)
class LevelChange:
    skill: str
    before: int | None
    after: int
    before_label: str
    after_label: str


@dataclass(frozen=True)
class RungOutlook:
    """Another rung scored on the person's ratings: a next rung or a move across roles."""

    title: str
    slug: str
    role_name: str
    role_slug: str
    url: str  # the rung on its role's ladder page
    readiness: float
    readiness_pct: int
    ready: bool
    verdict: str
    top_gaps: tuple[GapPreview, ...]
    rated_count: int  # the overlap: how many of the rung's skills the person has rated
    requirement_count: int
    raised: tuple[LevelChange, ...] = ()  # next rungs only: "what changes at the next rung"
    new: tuple[LevelChange, ...] = ()

    @property
    def unrated_count(self) -> int:
        return self.requirement_count - self.rated_count

    @property
    def raised_shown(self) -> tuple[LevelChange, ...]:
        return self.raised[:CHANGES_SHOWN]

    @property
    def raised_more(self) -> tuple[LevelChange, ...]:
        return self.raised[CHANGES_SHOWN:]

    @property
    def new_shown(self) -> tuple[LevelChange, ...]:
        return self.new[:CHANGES_SHOWN]

    @property
    def new_more(self) -> tuple[LevelChange, ...]:
        return self.new[CHANGES_SHOWN:]


@dataclass(frozen=True)
class LadderRung:
    title: str
    order: int
    readiness_pct: int
    ready: bool
    is_current: bool  # the estimated current level: the highest rung where ready
    is_assessed: bool  # the rung this report is about


@dataclass(frozen=True)
class LadderView:
    role_name: str
    rungs: tuple[LadderRung, ...]  # highest first, as a ladder is drawn
    current_title: str | None


@dataclass(frozen=True)
class RungInfo:
    pk: int
    title: str
    slug: str
    order: int
    role_id: int
    role_name: str
    role_slug: str
    is_next: bool


@dataclass(frozen=True)
class Framework:
    rungs: dict[int, RungInfo]  # ladder order: role order, role name, rung order
    requirements: dict[int, list[scoring.Requirement]]  # rung pk -> keyed by current slug
    slug_by_skill_id: dict[int, str]
    name_by_slug: dict[str, str]

    def live_slug(self, skill_id: int | None, slug: str) -> str:
        """The skill's current slug, or `slug` for a skill no rung requires any more."""
        return self.slug_by_skill_id.get(skill_id, slug) if skill_id is not None else slug


_RUNG_FIELDS = ("pk", "title", "slug", "order", "role_id", "role__name", "role__slug", "is_next")


def load_framework(rung_id: int) -> Framework:
    """Every rung (marking `rung_id`'s next rungs) and every requirement: 2 queries."""
    next_edge = Rung.next_rungs.through.objects.filter(
        from_rung_id=rung_id, to_rung_id=OuterRef("pk")
    )
    rungs = {
        row[0]: RungInfo(*row)
        for row in Rung.objects.order_by("role__order", "role__name", "order")
        .annotate(is_next=Exists(next_edge))
        .values_list(
            "pk", "title", "slug", "order", "role_id", "role__name", "role__slug", "is_next"
        )
    }
    requirements: dict[int, list[scoring.Requirement]] = defaultdict(list)
    slugs: dict[int, str] = {}
    names: dict[str, str] = {}
    for rung, skill_id, slug, name, level, importance in Requirement.objects.order_by().values_list(
        "rung_id", "skill_id", "skill__slug", "skill__name", "level", "importance"
    ):
        requirements[rung].append(scoring.Requirement(slug, level, importance))
        slugs[skill_id] = slug
        names[slug] = name
    return Framework(rungs, dict(requirements), slugs, names)


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
                raised=tuple(_level_change(framework, c) for c in changes.raised),
                new=tuple(_level_change(framework, c) for c in changes.new),
            )
        )
    return tuple(outlooks)


def lateral_moves(
    framework: Framework,
    rung_id: int,
    ratings: Mapping[str, int],
    fallback: Mapping[str, int],
) -> tuple[RungOutlook, ...]:
    """The LATERAL_MOVES rungs of other roles with the highest readiness, best first, on
    `ratings` falling back to `fallback`. Rungs that require nothing are not a move."""
    role_id = framework.rungs[rung_id].role_id
    others = {
        pk: framework.requirements[pk]
        for pk, rung in framework.rungs.items()
        if rung.role_id != role_id and framework.requirements.get(pk)
    }
    ranked = planning.rank_rungs(others, ratings, fallback, limit=LATERAL_MOVES)
    return tuple(_outlook(framework, option) for option in ranked)


def _outlook(
    framework: Framework,
    option: planning.RungOption,
    raised: tuple[LevelChange, ...] = (),
    new: tuple[LevelChange, ...] = (),
) -> RungOutlook:
    rung = framework.rungs[option.rung]
    items = {item.skill: item for item in option.report.items}
    role_url = reverse("careers:role_detail", args=[rung.role_slug])
    return RungOutlook(
        title=rung.title,
        slug=rung.slug,
        role_name=rung.role_name,
        role_slug=rung.role_slug,
        url=f"{role_url}#rung-{rung.slug}",
        readiness=option.report.readiness,
        readiness_pct=option.report.readiness_pct,
        ready=option.report.ready,
        verdict=READY_LABEL if option.report.ready else NOT_READY_LABEL,
        top_gaps=tuple(
            _gap_preview(framework, items[skill], skill in option.unrated)
            for skill in option.top_gaps
        ),
        rated_count=option.rated_count,
        requirement_count=option.requirement_count,
        raised=raised,
        new=new,
    )


def _gap_preview(framework: Framework, item: scoring.GapItem, unrated: bool) -> GapPreview:
    return GapPreview(
        skill=framework.name_by_slug.get(item.skill, item.skill),
        required_label=level_label(item.required),
        rated_label=NOT_YET_RATED if unrated else level_label(item.rated),
        gap=item.gap,
        not_yet_rated=unrated,
    )


def _level_change(framework: Framework, change: planning.RungChange) -> LevelChange:
    return LevelChange(
        skill=framework.name_by_slug.get(change.skill, change.skill),
        before=change.current,
        after=change.target,
        before_label=level_label(change.current) if change.current else "",
        after_label=level_label(change.target),
    )


def build_ladder(
    framework: Framework,
    rung_id: int,
    own: Sequence[scoring.Requirement],
    ratings: Mapping[str, int],
    fallback: Mapping[str, int],
) -> LadderView:
    """Every rung of the assessed rung's role, highest first. The assessed rung is scored on
    `own` requirements (the snapshot's, for a submitted report), so the ladder agrees with
    the report's readiness; the others on the live framework."""
    assessed = framework.rungs[rung_id]
    rungs = [rung for rung in framework.rungs.values() if rung.role_id == assessed.role_id]
    ladder = planning.place_on_ladder(
        [
            (rung.pk, own if rung.pk == assessed.pk else framework.requirements.get(rung.pk, []))
            for rung in rungs
        ],
        ratings,
        fallback,
    )
    by_pk = {rung.pk: rung for rung in rungs}
    steps = tuple(
        LadderRung(
            title=by_pk[step.rung].title,
            order=by_pk[step.rung].order,
            readiness_pct=step.readiness_pct,
            ready=step.ready,
            is_current=step.is_current,
            is_assessed=step.rung == assessed.pk,
        )
        for step in reversed(ladder.steps)
    )
    current = by_pk[ladder.current].title if ladder.current is not None else None
    return LadderView(role_name=assessed.role_name, rungs=steps, current_title=current)
