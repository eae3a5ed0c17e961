"""The manager's view of a team for one target rung (DESIGN §12), from plain data.

No Django here: `teams.heatmap_inputs` loads the data, this module scores each sharing
member through `assessments.planning.rate_rung` (the §5 rules with the next-rung fallback:
the member's latest submitted rating of a skill, else 0), and lays out the heatmap's SVG.

Cells never rely on colour alone: each state has its own lightness, a rated cell prints its
level, and a skill nobody rated is a hatched white cell marked with a dash.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessments import planning, scoring
from assessments.models import DEFAULT_HOURS_PER_WEEK
from assessments.report.charts import shorten
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

# Geometry: member names on the left, skill names turned up above, one square per cell.
CELL = 30
CELL_GAP = 2
LABEL_WIDTH = 170
HEADER_HEIGHT = 150  # room for the turned skill names
BAND_HEIGHT = 22  # the category band above the skill names
NAME_CHARS = 22
SKILL_CHARS = 24
CHAR_WIDTH = 7  # an average character at the chart's font size, to fit category names
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
    skill: Skill
    x: float  # left edge of the column's cells
    label: str
    label_x: float
    label_y: float


@dataclass(frozen=True)
class Band:
    """A category over its consecutive columns."""

    name: str
    label: str
    x: float
    width: float
    skill_count: int


@dataclass(frozen=True)
class Cell:
    skill: Skill
    rated: int | None  # None: the member never submitted a rating of this skill
    gap: int  # against the requirement, an unrated skill counting as 0
    state: str  # MEETS | CLOSE | GAP | UNRATED
    mark: str  # the level, or NOT_RATED_MARK
    x: float

    @property
    def text(self) -> str:
        """'3 of 4', '3 of 4, close', '1 of 4, gap' or 'Not rated': the table's words."""
        if self.rated is None:
            return STATE_LABELS[UNRATED]
        short = {CLOSE: ", close", GAP: ", gap"}.get(self.state, "")
        return f"{self.rated} of {self.skill.required}{short}"

    @property
    def symbol(self) -> str:
        """The id of the drawn square this cell reuses: one per state and mark."""
        return symbol_id(self.state, self.mark)

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


@dataclass(frozen=True)
class Row:
    """One sharing member: readiness and verdict for the rung, and a cell per skill."""

    member_id: int
    name: str
    label: str
    readiness_pct: int
    ready: bool
    verdict: str
    rated_count: int
    cells: tuple[Cell, ...]
    y: float
    text_y: float


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
class Symbol:
    """A drawn square (state and mark) that cells reuse, so 4,000 cells stay small."""

    id: str
    state: str
    mark: str


@dataclass(frozen=True)
class Heatmap:
    columns: tuple[Column, ...]  # by category name, then skill name
    bands: tuple[Band, ...]
    rows: tuple[Row, ...]  # by member name
    coverage: tuple[Coverage, ...]  # in column order
    uncovered: tuple[Coverage, ...]  # nobody meets the requirement
    single_points: tuple[Coverage, ...]  # exactly one member meets it
    priorities: tuple[Priority, ...]  # weighted gap descending, then importance, then name
    not_sharing: int
    legend: tuple[LegendEntry, ...]
    width: float
    height: float
    grid_top: float
    cell_size: int
    mark_x: float  # the centre of a cell, where its mark is written
    mark_y: float
    label_x: float  # right edge of the member names
    symbols: tuple[Symbol, ...]  # every state and mark the cells use

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
    columns = tuple(_column(index, skill) for index, skill in enumerate(ordered))
    requirements = [scoring.Requirement(s.skill_id, s.required, s.importance) for s in ordered]
    members = sorted(members, key=lambda m: (m.name.casefold(), m.member_id))
    options = [planning.rate_rung(m.member_id, requirements, {}, m.latest) for m in members]
    rows = tuple(
        _row(index, member, option, columns)
        for index, (member, option) in enumerate(zip(members, options, strict=True))
    )
    coverage = tuple(_coverage(index, column.skill, rows) for index, column in enumerate(columns))
    grid_top = BAND_HEIGHT + HEADER_HEIGHT
    return Heatmap(
        columns=columns,
        bands=_bands(columns),
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
        width=LABEL_WIDTH + len(columns) * CELL + CELL_GAP,
        height=grid_top + len(rows) * CELL + CELL_GAP,
        grid_top=grid_top,
        cell_size=CELL - CELL_GAP,
        mark_x=(CELL - CELL_GAP) / 2,
        mark_y=CELL / 2 + 4,
        symbols=tuple(
            Symbol(symbol_id(state, mark), state, mark)
            for state, mark in sorted({(c.state, c.mark) for row in rows for c in row.cells})
        ),
        label_x=LABEL_WIDTH - 8,
    )


def _column(index: int, skill: Skill) -> Column:
    x = LABEL_WIDTH + index * CELL
    return Column(
        skill=skill,
        x=x,
        label=shorten(skill.name, SKILL_CHARS),
        label_x=x + CELL / 2 + 4,
        label_y=BAND_HEIGHT + HEADER_HEIGHT - 6,
    )


def _bands(columns: Sequence[Column]) -> tuple[Band, ...]:
    bands: list[Band] = []
    for column in columns:
        category = column.skill.category
        if bands and bands[-1].name == category:
            last = bands[-1]
            bands[-1] = Band(category, "", last.x, last.width + CELL, last.skill_count + 1)
        else:
            bands.append(Band(category, "", column.x, CELL, 1))
    # A category name is cut to what fits over its columns.
    return tuple(
        Band(
            b.name,
            shorten(b.name, max(1, math.floor(b.width / CHAR_WIDTH))),
            b.x,
            b.width,
            b.skill_count,
        )
        for b in bands
    )


def _row(index: int, member: Member, option: planning.RungOption, columns) -> Row:
    items = {item.skill: item for item in option.report.items}
    y = BAND_HEIGHT + HEADER_HEIGHT + index * CELL
    cells = tuple(
        _cell(column, member.latest.get(column.skill.skill_id), items[column.skill.skill_id])
        for column in columns
    )
    report = option.report
    return Row(
        member_id=member.member_id,
        name=member.name,
        label=shorten(member.name, NAME_CHARS),
        readiness_pct=report.readiness_pct,
        ready=report.ready,
        verdict=READY_VERDICT if report.ready else NOT_READY_VERDICT,
        rated_count=option.rated_count,
        cells=cells,
        y=y,
        text_y=y + CELL / 2 + 4,
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
        x=column.x,
    )


def symbol_id(state: str, mark: str) -> str:
    return f"hm-{state}" if state == UNRATED else f"hm-{state}-{mark}"


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
