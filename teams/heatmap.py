"""The manager's view of a team for one target rung (DESIGN §12), from plain data.

No Django here: `teams.heatmap_inputs` loads the data, this module scores each sharing
member through `assessments.planning.rate_rung` (the §5 rules with the next-rung fallback:
the member's latest submitted rating of a skill, else 0), and groups the heatmap's lines.

The heatmap is a table: a line per skill, grouped under its category, and a column per
member, so that long skill and category names are written out whole, and a rung of 80
skills grows down the page, where people scroll anyway. Cells never rely on colour alone:
each state has its own lightness, a rated cell prints its level, and a skill nobody rated
is a hatched white cell marked with a dash.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessments import planning, scoring
from assessments.models import DEFAULT_HOURS_PER_WEEK
from assessments.report.gaps import NOT_READY_VERDICT

MEETS, CLOSE, GAP, UNRATED = "meets", "close", "gap", "unrated"
STATE_LABELS = {
    MEETS: "Meets the requirement",
    CLOSE: "One level short",
    GAP: "Two or more levels short",
    UNRATED: "Not rated",
}
NOT_RATED_MARK = "\u2013"  # an en dash
READY_VERDICT = "Ready"

SHORT_WORDS = {CLOSE: "one level short", GAP: "two or more levels short"}
PRIORITIES_SHOWN = 10  # the rest wait behind "more"


@dataclass(frozen=True)
class Skill:
    """A requirement of the target rung, as the heatmap's column."""

    skill_id: int
    name: str
    category: str
    required: int
    importance: int


@dataclass(frozen=True)
class Member:
    """A sharing member and their latest submitted rating per skill id."""

    member_id: int
    name: str
    latest: Mapping[int, int]


@dataclass(frozen=True)
class Column:
    """A skill, in the heatmap's order (the CSV and the member rows follow it)."""

    skill: Skill


@dataclass(frozen=True)
class Cell:
    skill: Skill
    rated: int | None  # None: the member never submitted a rating of this skill
    gap: int  # against the requirement, an unrated skill counting as 0
    state: str  # MEETS | CLOSE | GAP | UNRATED
    mark: str  # the level, or NOT_RATED_MARK

    @property
    def text(self) -> str:
        """'3 of 4', '3 of 4, close', '1 of 4, gap' or 'Not rated': the table's words."""
        if self.rated is None:
            return STATE_LABELS[UNRATED]
        short = {CLOSE: ", close", GAP: ", gap"}.get(self.state, "")
        return f"{self.rated} of {self.skill.required}{short}"

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def short_words(self) -> str:
        """'one level short' or 'two or more levels short', '' when met: what the colour
        says, for screen readers."""
        return SHORT_WORDS.get(self.state, "")


@dataclass(frozen=True)
class Row:
    """One sharing member: readiness and verdict for the rung, and a cell per skill."""

    member_id: int
    name: str
    readiness_pct: int
    ready: bool
    verdict: str
    rated_count: int
    cells: tuple[Cell, ...]  # in column order


@dataclass(frozen=True)
class Line:
    """One skill across the members: its cells in member order."""

    skill: Skill
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Group:
    """A category's skills, one line each."""

    category: str
    lines: tuple[Line, ...]


@dataclass(frozen=True)
class Coverage:
    """How many sharing members meet one skill's requirement, and who when only one does."""

    skill: Skill
    meets: int
    holder: str  # the one member who meets it, when meets == 1; else ""


@dataclass(frozen=True)
class Priority:
    """A skill the team should learn: the members' weighted gaps summed, and the steps that
    take the least-rated member up to the requirement."""

    skill: Skill
    weighted_gap: int
    members_short: int
    steps: tuple[planning.PlannedStep, ...]


@dataclass(frozen=True)
class LegendEntry:
    state: str
    label: str
    mark: str


@dataclass(frozen=True)
class Heatmap:
    columns: tuple[Column, ...]  # by category name, then skill name
    groups: tuple[Group, ...]  # the columns by category, each a line across the members
    rows: tuple[Row, ...]  # by member name
    coverage: tuple[Coverage, ...]  # in column order
    uncovered: tuple[Coverage, ...]  # nobody meets the requirement
    single_points: tuple[Coverage, ...]  # exactly one member meets it
    priorities: tuple[Priority, ...]  # weighted gap descending, then importance, then name
    not_sharing: int
    legend: tuple[LegendEntry, ...]

    @property
    def top_priorities(self) -> tuple[Priority, ...]:
        return self.priorities[:PRIORITIES_SHOWN]

    @property
    def more_priorities(self) -> tuple[Priority, ...]:
        return self.priorities[PRIORITIES_SHOWN:]


def build_heatmap(
    skills: Sequence[Skill],
    members: Sequence[Member],
    steps: Mapping[int, Sequence[planning.Step]],
    *,
    not_sharing: int,
) -> Heatmap:
    """Score every sharing member on `skills` and lay out the team's view.

    Members with no rating at all still get a row (every cell unrated, readiness from 0s).
    Raises ValueError naming the skill for a requirement or rating out of range.
    """
    ordered = sorted(skills, key=lambda s: (s.category, s.name, s.skill_id))
    columns = tuple(Column(skill) for skill in ordered)
    requirements = [scoring.Requirement(s.skill_id, s.required, s.importance) for s in ordered]
    members = sorted(members, key=lambda m: (m.name.casefold(), m.member_id))
    options = [planning.rate_rung(m.member_id, requirements, {}, m.latest) for m in members]
    rows = tuple(
        _row(member, option, columns) for member, option in zip(members, options, strict=True)
    )
    coverage = tuple(_coverage(index, column.skill, rows) for index, column in enumerate(columns))
    return Heatmap(
        columns=columns,
        groups=_groups(columns, rows),
        rows=rows,
        coverage=coverage,
        uncovered=tuple(c for c in coverage if c.meets == 0),
        single_points=tuple(c for c in coverage if c.meets == 1),
        priorities=_priorities(ordered, options, steps),
        not_sharing=not_sharing,
        legend=tuple(
            LegendEntry(state, label, NOT_RATED_MARK if state == UNRATED else "")
            for state, label in STATE_LABELS.items()
        ),
    )


def _groups(columns: Sequence[Column], rows: Sequence[Row]) -> tuple[Group, ...]:
    groups: list[Group] = []
    for index, column in enumerate(columns):
        line = Line(column.skill, tuple(row.cells[index] for row in rows))
        if groups and groups[-1].category == column.skill.category:
            groups[-1] = Group(groups[-1].category, (*groups[-1].lines, line))
        else:
            groups.append(Group(column.skill.category, (line,)))
    return tuple(groups)


def _row(member: Member, option: planning.RungOption, columns: Sequence[Column]) -> Row:
    items = {item.skill: item for item in option.report.items}
    cells = tuple(
        _cell(column, member.latest.get(column.skill.skill_id), items[column.skill.skill_id])
        for column in columns
    )
    report = option.report
    return Row(
        member_id=member.member_id,
        name=member.name,
        readiness_pct=report.readiness_pct,
        ready=report.ready,
        verdict=READY_VERDICT if report.ready else NOT_READY_VERDICT,
        rated_count=option.rated_count,
        cells=cells,
    )


def _cell(column: Column, rated: int | None, item: scoring.GapItem) -> Cell:
    if rated is None:
        state, mark = UNRATED, NOT_RATED_MARK
    else:
        state = {scoring.MEETS: MEETS, scoring.CLOSE: CLOSE}.get(item.status, GAP)
        mark = str(rated)
    return Cell(
        skill=column.skill,
        rated=rated,
        gap=item.gap,
        state=state,
        mark=mark,
    )


def _coverage(index: int, skill: Skill, rows: Sequence[Row]) -> Coverage:
    holders = [row.name for row in rows if row.cells[index].state == MEETS]
    return Coverage(skill=skill, meets=len(holders), holder=holders[0] if len(holders) == 1 else "")


def _priorities(
    skills: Sequence[Skill],
    options: Sequence[planning.RungOption],
    steps: Mapping[int, Sequence[planning.Step]],
) -> tuple[Priority, ...]:
    by_skill: dict[int, list[scoring.GapItem]] = {}
    for option in options:
        for item in option.report.gaps:
            by_skill.setdefault(item.skill, []).append(item)
    priorities = []
    for skill in skills:
        short = by_skill.get(skill.skill_id, [])
        if not short:
            continue
        # The least-rated member's gap is the widest: the steps that close it close all.
        widest = scoring.score(
            [scoring.Requirement(skill.skill_id, skill.required, skill.importance)],
            {skill.skill_id: min(item.rated for item in short)},
        )
        plan = planning.plan_learning(
            widest,
            {skill.skill_id: steps.get(skill.skill_id, ())},
            hours_per_week=DEFAULT_HOURS_PER_WEEK,
            names={skill.skill_id: skill.name},
        )
        priorities.append(
            Priority(
                skill=skill,
                weighted_gap=sum(item.weighted_gap for item in short),
                members_short=len(short),
                steps=plan.steps,
            )
        )
    priorities.sort(key=lambda p: (-p.weighted_gap, -p.skill.importance, p.skill.name))
    return tuple(priorities)
