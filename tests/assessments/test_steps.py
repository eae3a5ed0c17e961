"""plan_steps(): the rating form's steps (DESIGN.md §9)."""

from __future__ import annotations

from assessments.steps import BLOCKING_STEP_NAME, MAX_STEP_SKILLS, StepSkill, plan_steps


def _skills(category: str, count: int, importance: int, prefix: str = "") -> list[StepSkill]:
    return [StepSkill(f"{prefix or category}-{n:02}", category, importance) for n in range(count)]


def test_first_step_holds_every_skill_of_importance_4_or_more_whatever_its_category():
    skills = [StepSkill("python", "Programming", 5), StepSkill("sql", "Data", 4)]
    skills += [StepSkill("r", "Programming", 3)]

    steps = plan_steps(skills)

    assert (steps[0].number, steps[0].name, steps[0].skills) == (
        1,
        BLOCKING_STEP_NAME,
        ("python", "sql"),
    )


def test_then_one_step_per_category_in_the_given_order():
    skills = (
        _skills("Soft skills", 2, 2)
        + _skills("Programming", 2, 3)
        + _skills("Soft skills", 1, 1, "more")
    )

    steps = plan_steps(skills)

    assert [(s.number, s.name) for s in steps] == [(1, "Soft skills"), (2, "Programming")]
    assert steps[0].skills == ("Soft skills-00", "Soft skills-01", "more-00")


def test_a_rung_without_important_skills_starts_at_its_first_category():
    steps = plan_steps(_skills("Programming", 3, 2))

    assert [s.name for s in steps] == ["Programming"]


def test_a_group_longer_than_12_is_split_into_near_equal_named_steps():
    steps = plan_steps(_skills("Cloud", 33, 5))

    assert [s.name for s in steps] == [
        f"{BLOCKING_STEP_NAME} (1 of 3)",
        f"{BLOCKING_STEP_NAME} (2 of 3)",
        f"{BLOCKING_STEP_NAME} (3 of 3)",
    ]
    assert [len(s.skills) for s in steps] == [11, 11, 11]


def test_no_step_holds_more_than_12_skills_and_every_skill_is_in_one_step():
    skills = _skills("A", 25, 4) + _skills("B", 13, 2) + _skills("C", 12, 1)

    steps = plan_steps(skills)

    assert max(len(s.skills) for s in steps) <= MAX_STEP_SKILLS
    assert sorted(k for s in steps for k in s.skills) == sorted(s.skill for s in skills)
    assert [s.name for s in steps][-1] == "C"


def test_no_skills_make_no_steps():
    assert plan_steps([]) == ()
