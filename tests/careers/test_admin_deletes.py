"""F4: nothing an editor does in the admin removes a person's rating or note.

Every way the admin deletes (a model's delete page, the "delete selected" action, and the
delete box of every inline) is walked here, as a framework editor and as a superuser, over a
framework that a person's draft uses: a role, its rung, a skill rated with a note.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import models
from django.urls import reverse

from assessments.models import Rating
from careers.admin import ARCHIVE_INSTEAD, ARCHIVE_RUNGS_INSTEAD
from careers.models import LearningStep, Requirement, Role, Rung, Skill, SkillCategory
from tests.factories import (
    AssessmentFactory,
    LearningStepFactory,
    RatingFactory,
    RequirementFactory,
)

pytestmark = pytest.mark.django_db

NOTE = "Mentored two juniors through their first pipeline."
FRAMEWORK_ADMINS = ["skillcategory", "skill", "role", "rung", "requirement", "learningstep"]
# The change pages with inlines, and the inline prefix whose rows have a delete box.
INLINES = [("role", "rungs"), ("rung", "requirements"), ("skill", "learning_steps")]


@dataclass(frozen=True)
class World:
    objects: dict[str, models.Model]
    rating: Rating


@pytest.fixture
def world() -> World:
    """A person's draft of a rung, one skill rated with a note; that skill has a step."""
    requirement = RequirementFactory()
    draft = AssessmentFactory(rung=requirement.rung)
    rating = RatingFactory(assessment=draft, skill=requirement.skill, level=3, note=NOTE)
    step = LearningStepFactory(skill=requirement.skill)
    objects = {
        "skillcategory": requirement.skill.category,
        "skill": requirement.skill,
        "role": requirement.rung.role,
        "rung": requirement.rung,
        "requirement": requirement,
        "learningstep": step,
    }
    return World(objects, rating)


@pytest.fixture(params=["editor", "superuser"])
def admin_client(request, client_as, editor, staff_user):
    return client_as(editor if request.param == "editor" else staff_user)


def _assert_the_rating_and_note_are_kept(world: World) -> None:
    kept = Rating.objects.get(pk=world.rating.pk)
    assert (kept.level, kept.note) == (3, NOTE)


def _post_value(value) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else ""
    return value


def _change_form_data(response, prefix: str) -> dict[str, object]:
    """The change form as the page shows it, with every row of inline `prefix` ticked DELETE."""
    data: dict[str, object] = {}
    form = response.context["adminform"].form
    for name in form.fields:
        data[form.add_prefix(name)] = _post_value(form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        data[f"{formset.prefix}-TOTAL_FORMS"] = len(formset.initial_forms)
        for row in formset.initial_forms:
            for name in row.fields:
                data[row.add_prefix(name)] = _post_value(row[name].value())
            if formset.prefix == prefix:
                data[row.add_prefix("DELETE")] = "on"
    return {key: value for key, value in data.items() if value != ""}


@pytest.mark.parametrize("model", FRAMEWORK_ADMINS)
def test_the_delete_page_never_removes_a_rating_or_note(admin_client, world, model):
    url = reverse(f"admin:careers_{model}_delete", args=[world.objects[model].pk])

    admin_client.post(url, {"post": "yes"})

    _assert_the_rating_and_note_are_kept(world)


@pytest.mark.parametrize("model", FRAMEWORK_ADMINS)
def test_the_delete_selected_action_never_removes_a_rating_or_note(admin_client, world, model):
    url = reverse(f"admin:careers_{model}_changelist")
    data = {
        "action": "delete_selected",
        ACTION_CHECKBOX_NAME: [world.objects[model].pk],
        "post": "yes",
    }

    admin_client.post(url, data)

    _assert_the_rating_and_note_are_kept(world)


@pytest.mark.parametrize(("model", "prefix"), INLINES)
def test_deleting_inline_rows_never_removes_a_rating_or_note(admin_client, world, model, prefix):
    url = reverse(f"admin:careers_{model}_change", args=[world.objects[model].pk])
    data = _change_form_data(admin_client.get(url), prefix)

    admin_client.post(url, data)

    _assert_the_rating_and_note_are_kept(world)


@pytest.mark.parametrize(
    ("model", "advice"),
    [("skill", ARCHIVE_INSTEAD), ("rung", ARCHIVE_INSTEAD), ("role", ARCHIVE_RUNGS_INSTEAD)],
)
def test_deleting_what_a_draft_uses_is_refused_with_counts_and_advice(
    admin_client, world, model, advice
):
    url = reverse(f"admin:careers_{model}_delete", args=[world.objects[model].pk])

    response = admin_client.post(url, {"post": "yes"})

    assert response.status_code == 200
    assert "1 assessment people have taken (drafts included), holding 1 rating" in response.text
    assert advice in response.text.replace("&#x27;", "'")
    assert type(world.objects[model]).objects.filter(pk=world.objects[model].pk).exists()


def test_the_delete_selected_action_is_refused_with_counts(client_as, editor, world):
    url = reverse("admin:careers_skill_changelist")
    data = {"action": "delete_selected", ACTION_CHECKBOX_NAME: [world.objects["skill"].pk]}

    response = client_as(editor).post(url, {**data, "post": "yes"})

    assert "1 assessment people have taken" in response.text
    assert Skill.objects.filter(pk=world.objects["skill"].pk).exists()


def test_ticking_delete_on_a_used_rung_inline_is_refused_next_to_the_row(client_as, editor, world):
    client = client_as(editor)
    url = reverse("admin:careers_role_change", args=[world.objects["role"].pk])

    response = client.post(url, _change_form_data(client.get(url), "rungs"))

    assert response.status_code == 200
    assert "1 assessment people have taken" in response.text
    assert str(world.rating.assessment.public_id) not in response.text
    assert Rung.objects.filter(pk=world.objects["rung"].pk).exists()


def test_items_no_person_uses_can_still_be_deleted(client_as, editor, world):
    client = client_as(editor)
    requirement, step = world.objects["requirement"], world.objects["learningstep"]

    client.post(reverse("admin:careers_requirement_delete", args=[requirement.pk]), {"post": "yes"})
    client.post(reverse("admin:careers_learningstep_delete", args=[step.pk]), {"post": "yes"})

    assert not Requirement.objects.filter(pk=requirement.pk).exists()
    assert not LearningStep.objects.filter(pk=step.pk).exists()
    _assert_the_rating_and_note_are_kept(world)


def test_the_walk_covers_every_framework_admin():
    registered = {
        m._meta.model_name for m in admin.site._registry if m._meta.app_label == "careers"
    }

    assert registered == set(FRAMEWORK_ADMINS)
    assert {Role, Rung, Skill, SkillCategory} <= set(admin.site._registry)


@pytest.mark.parametrize(
    ("model", "prefix", "deleted"),
    [("rung", "requirements", Requirement), ("skill", "learning_steps", LearningStep)],
)
def test_inline_rows_no_person_uses_can_still_be_deleted(
    client_as, editor, world, model, prefix, deleted
):
    client = client_as(editor)
    url = reverse(f"admin:careers_{model}_change", args=[world.objects[model].pk])

    response = client.post(url, _change_form_data(client.get(url), prefix))

    assert response.status_code == 302
    assert not deleted.objects.exists()
    _assert_the_rating_and_note_are_kept(world)
