"""plan_steps(): the rating form's steps (DESIGN.md §9), and moving between them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from assessments.steps import (
    BACK,
    BLOCKING_STEP_NAME,
    MAX_STEP_SKILLS,
    NEXT,
    SAVE,
    FormSteps,
    Step,
    StepPosition,
    StepSkill,
    plan_steps,
    step_to_open,
)


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
        _skills("Soft skills", 4, 2)
        + _skills("Programming", 5, 3)
        + _skills("Soft skills", 1, 1, "more")
    )

    steps = plan_steps(skills)

    assert [(s.number, s.name) for s in steps] == [(1, "Soft skills"), (2, "Programming")]
    assert steps[0].skills == (*(f"Soft skills-0{n}" for n in range(4)), "more-00")


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
    assert all(s.can_block for s in steps)


def test_no_step_holds_more_than_12_skills_and_every_skill_is_in_one_step():
    skills = _skills("A", 25, 4) + _skills("B", 13, 2) + _skills("C", 12, 1)

    steps = plan_steps(skills)

    assert max(len(s.skills) for s in steps) <= MAX_STEP_SKILLS
    assert sorted(k for s in steps for k in s.skills) == sorted(s.skill for s in skills)
    assert [s.name for s in steps][-1] == "C"


def test_no_skills_make_no_steps():
    assert plan_steps([]) == ()


def test_neighbouring_small_categories_share_a_step_named_after_them():
    skills = _skills("Ethics", 2, 2) + _skills("Soft Skills", 2, 1) + _skills("Cloud", 5, 3)

    steps = plan_steps(skills)

    assert [(s.name, len(s.skills)) for s in steps] == [
        ("Ethics and Soft Skills", 4),
        ("Cloud", 5),
    ]


def test_three_shared_categories_are_named_as_a_list():
    skills = _skills("A", 1, 1) + _skills("B", 1, 1) + _skills("C", 2, 1) + _skills("D", 4, 1)

    steps = plan_steps(skills)

    assert [s.name for s in steps] == ["A, B and C", "D"]


def test_a_small_category_before_a_big_one_joins_it():
    steps = plan_steps(_skills("ML Frameworks", 2, 2) + _skills("AI", 6, 2))

    assert [(s.name, len(s.skills)) for s in steps] == [("ML Frameworks and AI", 8)]


def test_a_small_last_step_joins_the_one_before_when_both_fit():
    skills = _skills("A", 5, 2) + _skills("B", 1, 2)

    assert [s.name for s in plan_steps(skills)] == ["A and B"]


def test_a_small_last_step_stays_alone_when_joining_would_pass_12():
    skills = _skills("A", 11, 2) + _skills("B", 2, 2)

    assert [(s.name, len(s.skills)) for s in plan_steps(skills)] == [("A", 11), ("B", 2)]


def test_a_small_last_step_stays_alone_when_joining_would_name_over_5_categories():
    skills = [skill for name in "ABCDEF" for skill in _skills(name, 1, 2)]

    assert [s.name for s in plan_steps(skills)] == ["A, B, C and D", "E and F"]


def test_the_blocking_step_is_never_merged_however_small():
    skills = _skills("Core", 1, 5) + _skills("A", 2, 2) + _skills("B", 3, 2)

    steps = plan_steps(skills)

    assert [(s.name, len(s.skills), s.can_block) for s in steps] == [
        (BLOCKING_STEP_NAME, 1, True),
        ("A and B", 5, False),
    ]


def test_a_merged_group_longer_than_12_splits_into_balanced_parts():
    steps = plan_steps(_skills("A", 2, 2) + _skills("B", 12, 2))

    assert [(s.name, len(s.skills)) for s in steps] == [
        ("A and B (1 of 2)", 7),
        ("A and B (2 of 2)", 7),
    ]


def test_a_few_waiting_join_the_step_before_rather_than_split_a_big_category():
    skills = _skills("A", 5, 2) + _skills("B", 2, 2) + _skills("C", 12, 2)

    assert [(s.name, len(s.skills)) for s in plan_steps(skills)] == [
        ("A and B", 7),
        ("C", 12),
    ]


# ---------------------------------------------------------------- moving between steps

TWO_STEPS = (Step(1, "Blocking", ("a", "b")), Step(2, "Data", ("c",)))


class _Form:
    def __init__(self, error_skill=None):
        self.error_skill = error_skill

    def first_error_skill(self):
        return self.error_skill


@dataclass(frozen=True)
class _Page(StepPosition):
    number: int
    steps: tuple


@pytest.mark.parametrize("requested", ["1", "2", "3"])
def test_a_requested_step_number_opens_that_step_the_review_included(requested):
    assert step_to_open(TWO_STEPS, requested, lambda skill: True) == int(requested)


@pytest.mark.parametrize("requested", [None, "", "0", "4", "x", "²", "00001", "-1"])
def test_anything_but_a_step_number_opens_the_first_step_with_an_unrated_skill(requested):
    assert step_to_open(TWO_STEPS, requested, lambda skill: skill == "c") == 2


def test_with_every_skill_rated_anything_but_a_step_number_opens_step_1():
    assert step_to_open(TWO_STEPS, "junk", lambda skill: False) == 1


@pytest.mark.parametrize(
    ("number", "action", "after"),
    [(1, NEXT, 2), (2, NEXT, 3), (3, NEXT, 3), (2, BACK, 1), (1, BACK, 1), (2, SAVE, 2)],
)
def test_after_a_save_next_goes_on_back_goes_back_and_save_stays(number, action, after):
    assert FormSteps(_Form(), TWO_STEPS, number).after(action) == after


@pytest.mark.parametrize(
    ("action", "query"),
    [(NEXT, "step=3"), (SAVE, "step=1&return=review"), (BACK, "step=1")],
)
def test_a_step_opened_from_the_review_goes_back_to_it_on_next(action, query):
    steps = FormSteps(_Form(), TWO_STEPS, 1, returning=True)

    assert steps.query_after(action) == query


def test_a_step_opened_otherwise_goes_on():
    assert FormSteps(_Form(), TWO_STEPS, 1).query_after(NEXT) == "step=2"


def test_a_refused_field_on_another_step_opens_that_step():
    assert FormSteps(_Form(error_skill="c"), TWO_STEPS, 1).showing_first_error().number == 2


def test_a_refused_field_on_the_shown_step_keeps_it():
    assert FormSteps(_Form(error_skill="a"), TWO_STEPS, 1).showing_first_error().number == 1


def test_the_review_is_the_step_after_the_last():
    assert FormSteps(_Form(), TWO_STEPS, 1).on_last().number == 3


def test_a_page_knows_the_first_and_last_step_and_the_next_steps_name():
    names = (Step(1, "One", ()), Step(2, "Two", ()), Step(3, "Review", ()))

    first, last = _Page(1, names), _Page(3, names)

    assert (first.is_first, first.is_last, first.next_name) == (True, False, "Two")
    assert (last.is_first, last.is_last, last.next_name) == (False, True, "")
