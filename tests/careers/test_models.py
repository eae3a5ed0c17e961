from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from careers.models import LearningStep, Requirement, Role, Rung, Skill, SkillCategory
from tests.factories import (
    LearningStepFactory,
    RequirementFactory,
    RoleFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
)

pytestmark = pytest.mark.django_db


# Database check constraints: they hold even when validation is bypassed.


@pytest.mark.parametrize("level", [0, 6])
def test_database_refuses_a_requirement_level_outside_1_to_5(level):
    requirement = RequirementFactory.build(rung=RungFactory(), skill=SkillFactory(), level=level)

    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.bulk_create([requirement])


@pytest.mark.parametrize("importance", [0, 6])
def test_database_refuses_a_requirement_importance_outside_1_to_5(importance):
    requirement = RequirementFactory.build(
        rung=RungFactory(), skill=SkillFactory(), importance=importance
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.bulk_create([requirement])


def test_database_refuses_updating_a_requirement_level_to_9():
    requirement = RequirementFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.filter(pk=requirement.pk).update(level=9)


@pytest.mark.parametrize("target_level", [0, 6])
def test_database_refuses_a_learning_step_target_level_outside_1_to_5(target_level):
    step = LearningStepFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        LearningStep.objects.filter(pk=step.pk).update(target_level=target_level)


def test_database_refuses_a_learning_step_of_zero_hours():
    step = LearningStepFactory.build(skill=SkillFactory(), hours=0)

    with pytest.raises(IntegrityError), transaction.atomic():
        LearningStep.objects.bulk_create([step])


def test_database_refuses_a_salary_minimum_above_the_maximum():
    rung = RungFactory(salary_min=90_000, salary_max=120_000)

    with pytest.raises(IntegrityError), transaction.atomic():
        Rung.objects.filter(pk=rung.pk).update(salary_min=130_000)


def test_database_accepts_a_salary_band_with_one_end_missing():
    rung = RungFactory(salary_min=90_000, salary_max=None)

    Rung.objects.filter(pk=rung.pk).update(salary_min=500_000)

    assert Rung.objects.get(pk=rung.pk).salary_min == 500_000


def test_database_refuses_a_second_requirement_for_the_same_rung_and_skill():
    requirement = RequirementFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Requirement.objects.create(
            rung=requirement.rung, skill=requirement.skill, level=2, importance=2
        )


def test_database_refuses_two_rungs_at_the_same_order_in_one_role():
    rung = RungFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        RungFactory(role=rung.role, order=rung.order)


# Validators: full_clean names the offending field.


@pytest.mark.parametrize(("field", "value"), [("level", 0), ("level", 6), ("importance", 0)])
def test_full_clean_rejects_an_out_of_range_requirement(field, value):
    requirement = RequirementFactory.build(
        rung=RungFactory(), skill=SkillFactory(), **{field: value}
    )

    with pytest.raises(ValidationError) as caught:
        requirement.full_clean()

    assert list(caught.value.message_dict) == [field]


def test_full_clean_rejects_a_learning_step_target_level_of_6():
    step = LearningStepFactory.build(skill=SkillFactory(), target_level=6)

    with pytest.raises(ValidationError) as caught:
        step.full_clean()

    assert list(caught.value.message_dict) == ["target_level"]


def test_full_clean_rejects_a_duplicate_requirement():
    existing = RequirementFactory()
    duplicate = Requirement(rung=existing.rung, skill=existing.skill, level=1, importance=1)

    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_full_clean_rejects_a_salary_minimum_above_the_maximum():
    rung = RungFactory.build(role=RoleFactory(), salary_min=150_000, salary_max=100_000)

    with pytest.raises(ValidationError):
        rung.full_clean()


def test_full_clean_accepts_factory_defaults():
    requirement = RequirementFactory()
    step = LearningStepFactory()

    requirement.full_clean()
    step.full_clean()


# __str__ and natural keys.


def test_each_model_reads_as_its_name():
    category = SkillCategoryFactory(name="Programming")
    skill = SkillFactory(name="Python", category=category)
    role = RoleFactory(name="Data Engineer")
    rung = RungFactory(role=role, title="Junior Data Engineer")
    requirement = RequirementFactory(rung=rung, skill=skill, level=3, importance=5)
    step = LearningStepFactory(skill=skill, title="Python tutorial")

    assert str(category) == "Programming"
    assert str(skill) == "Python"
    assert str(role) == "Data Engineer"
    assert str(rung) == "Junior Data Engineer"
    assert str(requirement) == "Junior Data Engineer: Python (level 3, importance 5)"
    assert str(step) == "Python tutorial (Python)"


def test_natural_keys_are_slugs():
    requirement = RequirementFactory(rung__slug="junior-de", skill__slug="sql")
    step = LearningStepFactory(skill=requirement.skill, title="SQL basics")

    assert requirement.rung.natural_key() == ("junior-de",)
    assert requirement.skill.natural_key() == ("sql",)
    assert requirement.natural_key() == ("junior-de", "sql")
    assert step.natural_key() == ("sql", "SQL basics")


@pytest.mark.parametrize(
    "model", [SkillCategory, Skill, Role, Rung, Requirement, LearningStep], ids=lambda m: m.__name__
)
def test_get_by_natural_key_finds_the_object_its_natural_key_names(model):
    step = LearningStepFactory()
    requirement = RequirementFactory(skill=step.skill)
    objects = {
        SkillCategory: step.skill.category,
        Skill: step.skill,
        Role: requirement.rung.role,
        Rung: requirement.rung,
        Requirement: requirement,
        LearningStep: step,
    }
    obj = objects[model]

    found = model.objects.get_by_natural_key(*obj.natural_key())

    assert found == obj


def test_rung_progression_is_not_symmetrical():
    junior = RungFactory()
    mid = RungFactory(role=junior.role)

    junior.next_rungs.add(mid)

    assert list(junior.next_rungs.all()) == [mid]
    assert list(mid.next_rungs.all()) == []
    assert list(mid.previous_rungs.all()) == [junior]
