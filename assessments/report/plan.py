"""The learning plan section: the steps that close every gap, grouped by skill, with the
hours and the weeks to ready at the person's pace. No queries: the steps come from
`inputs.load_inputs()`, the choice from `assessments.planning`. The steps are planning's own
`PlannedStep`s; their labels come from the `report_labels` template filters."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from assessments import planning, scoring
from assessments.report.inputs import Row
from careers.proficiency import level_label


@dataclass(frozen=True)
class PlanSkill:
    """The steps for one gap, in the plan's order."""

    skill: str
    rated_label: str
    required_label: str
    blocking: bool
    hours: int | float
    steps: tuple[planning.PlannedStep, ...]


# The report's first screen shows the steps of this many skills, the most important first;
# the full report (and, where JavaScript runs, the same page after it loads) shows them all.
FIRST_SCREEN_SKILLS = 5


@dataclass(frozen=True)
class Plan:
    skills: tuple[PlanSkill, ...]  # in the report's priority order
    total_hours: int | float
    blocking_hours: int | float
    hours_per_week: int
    weeks_blocking: int  # weeks to close the blocking gaps
    weeks_all: int  # weeks to close every gap

    @property
    def steps(self) -> tuple[tuple[str, planning.PlannedStep], ...]:
        """(skill name, step) for every step, flat, in plan order (for exports)."""
        return tuple((skill.skill, step) for skill in self.skills for step in skill.steps)

    @property
    def first_skills(self) -> tuple[PlanSkill, ...]:
        """The skills whose steps the report's first screen shows."""
        return self.skills[:FIRST_SCREEN_SKILLS]

    @property
    def later_step_count(self) -> int:
        """How many steps the first screen leaves to the full report."""
        return sum(len(skill.steps) for skill in self.skills[FIRST_SCREEN_SKILLS:])


def build_plan(
    rows: Sequence[Row],
    scored: scoring.GapReport,
    steps: Mapping[str, Sequence[planning.Step]],
    *,
    hours_per_week: int,
) -> Plan:
    names = {row.skill_slug: row.skill for row in rows}
    # A deleted skill has no id left: its slug, as the snapshot keeps it, names it instead.
    generic_keys = {
        row.skill_slug: planning.practise_key(row.skill_id or row.skill_slug) for row in rows
    }
    plan = planning.plan_learning(
        scored, steps, hours_per_week=hours_per_week, names=names, generic_keys=generic_keys
    )
    by_skill: dict[str, list[planning.PlannedStep]] = defaultdict(list)
    for step in plan.steps:
        by_skill[step.skill].append(step)
    items = {item.skill: item for item in scored.items}
    skills = tuple(
        PlanSkill(
            skill=names[slug],
            rated_label=level_label(items[slug].rated),
            required_label=level_label(items[slug].required),
            blocking=items[slug].blocking,
            hours=whole_hours(sum(step.hours for step in steps)),
            steps=tuple(steps),
        )
        for slug, steps in by_skill.items()
    )
    return Plan(
        skills=skills,
        total_hours=whole_hours(plan.total_hours),
        blocking_hours=whole_hours(plan.blocking_hours),
        hours_per_week=hours_per_week,
        weeks_blocking=plan.weeks_to_ready_blocking,
        weeks_all=plan.weeks_to_ready_all,
    )


def whole_hours(value: float) -> int | float:
    """20.0 -> 20: hours are whole numbers unless a step says otherwise."""
    return int(value) if float(value).is_integer() else value
