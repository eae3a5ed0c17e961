"""Properties of plan_steps() (DESIGN.md §9) on every shipped rung and on random ones."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessments.steps import (
    BLOCKING_STEP_NAME,
    MAX_STEP_CATEGORIES,
    MAX_STEP_SKILLS,
    MIN_STEP_SKILLS,
    StepSkill,
    plan_steps,
)
from careers.proficiency import BLOCKING_IMPORTANCE

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "careers.json"
PART = re.compile(r"^(?P<name>.*) \((?P<index>\d+) of (?P<count>\d+)\)$")

settings.register_profile(
    "steps", deadline=None, suppress_health_check=[HealthCheck.too_slow], max_examples=300
)
properties = settings(settings.get_profile("steps"))


def _shipped_rungs() -> dict[str, list[StepSkill]]:
    """Each shipped rung's skills in the rating form's order (category order, category
    name, skill name), read from the fixture as plain data."""
    records = json.loads(FIXTURE.read_text())
    by_model = defaultdict(list)
    for record in records:
        by_model[record["model"]].append(record["fields"])
    categories = {c["slug"]: (c["order"], c["name"]) for c in by_model["careers.skillcategory"]}
    skills = {
        s["slug"]: (s["name"], categories[s["category"][0]]) for s in by_model["careers.skill"]
    }
    rungs: dict[str, list[tuple]] = defaultdict(list)
    for requirement in by_model["careers.requirement"]:
        name, (order, category) = skills[requirement["skill"][0]]
        rungs[requirement["rung"][0]].append((order, category, name, requirement["importance"]))
    return {
        rung: [StepSkill(name, category, level) for _, category, name, level in sorted(rows)]
        for rung, rows in rungs.items()
    }


SHIPPED = _shipped_rungs()


def _base_name(name: str) -> str:
    match = PART.match(name)
    return match["name"] if match else name


def check_steps(skills: list[StepSkill]) -> None:
    """Every promise of DESIGN.md §9 about the steps of `skills`."""
    steps = plan_steps(skills)
    blocking = [s.skill for s in skills if s.importance >= BLOCKING_IMPORTANCE]
    category_of = {s.skill: s.category for s in skills}

    # Every skill once; the blocking ones first, then the rest in their categories' order.
    assert [k for step in steps for k in step.skills][: len(blocking)] == blocking
    assert sorted(map(str, (k for step in steps for k in step.skills))) == sorted(
        str(s.skill) for s in skills
    )
    assert [step.number for step in steps] == list(range(1, len(steps) + 1))
    assert all(0 < len(step.skills) <= MAX_STEP_SKILLS for step in steps)

    # No step but the blocking ones and the last holds fewer than MIN_STEP_SKILLS.
    rest = [step for step in steps if _base_name(step.name) != BLOCKING_STEP_NAME]
    assert all(len(step.skills) >= MIN_STEP_SKILLS for step in rest[:-1])

    # A step (or a split group, over its parts) is named after its categories, in order.
    categories = defaultdict(list)
    for step in rest:
        categories[_base_name(step.name)] += [category_of[k] for k in step.skills]
    for name, listed in categories.items():
        names = list(dict.fromkeys(listed))
        expected = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
        assert name == expected
        assert len(names) <= MAX_STEP_CATEGORIES

    # A split group's parts are consecutive, numbered "(i of n)", and differ by one at most.
    parts = defaultdict(list)
    for step in steps:
        if match := PART.match(step.name):
            parts[match["name"]].append((int(match["index"]), int(match["count"]), step))
    for numbered in parts.values():
        count = numbered[0][1]
        assert [index for index, _, _ in numbered] == list(range(1, count + 1))
        assert all(c == count for _, c, _ in numbered)
        sizes = [len(step.skills) for _, _, step in numbered]
        assert max(sizes) - min(sizes) <= 1
        numbers = [step.number for _, _, step in numbered]
        assert numbers == list(range(numbers[0], numbers[0] + count))


def test_the_fixture_ships_25_rungs():
    assert len(SHIPPED) == 25


@pytest.mark.parametrize("rung", sorted(SHIPPED))
def test_every_shipped_rung_keeps_every_promise_about_its_steps(rung):
    check_steps(SHIPPED[rung])


def test_data_scientist_takes_5_steps_where_it_took_10():
    steps = plan_steps(SHIPPED["data-scientist"])

    assert [(s.name, len(s.skills)) for s in steps] == [
        (f"{BLOCKING_STEP_NAME} (1 of 2)", 11),
        (f"{BLOCKING_STEP_NAME} (2 of 2)", 11),
        ("ML Frameworks and AI & Machine Learning", 6),
        ("Mathematics & Statistics and Data Engineering", 4),
        (
            "MLOps & Deployment, Ethics & Governance, Analytics & Visualization and Soft Skills",
            5,
        ),
    ]


@st.composite
def rungs(draw):
    """Up to 90 skills over up to 16 categories, each category's skills together, as the
    rating form orders them."""
    sizes = draw(st.lists(st.integers(1, 15), max_size=16))
    skills = []
    for index, size in enumerate(sizes):
        importances = draw(st.lists(st.integers(1, 5), min_size=size, max_size=size))
        skills += [
            StepSkill(f"c{index}-s{n}", f"Category {index}", importance)
            for n, importance in enumerate(importances)
        ]
    return skills


@properties
@given(rungs())
def test_any_rung_keeps_every_promise_about_its_steps(skills):
    check_steps(skills)
